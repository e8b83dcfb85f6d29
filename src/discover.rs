//! Names no list holds: people (and a few kinds of organisations) found by how the text
//! introduces them, not by a gazetteer.
//!
//! The document is read once as a stream of tokens: the resolved mentions and titles as single
//! tokens, and every other word. A *name run* is a stretch of capitalised words joined by
//! single spaces, with initials ("John F. Kennedy"), name particles inside ("bin", "ibn",
//! "al-Sabah", "Abu", "de", "van") and a closing suffix ("Jr.", "II"); it never contains a
//! known mention, a title, a word that starts clauses ("The", "Among"), a calendar word or an
//! organisation or place word ("Ministry", "Party", "Coast", "Guard", "Shoal"). A run of one
//! word is never a name, except a hyphenated one after a title ("Gen. Waker-Uz-Zaman").
//!
//! A run becomes a person when the text says so:
//! - **strong cues** (any run): a title or role word right before it ("Deputy Foreign
//!   Minister X", "spokesperson X", "army chief X", "billionaire X"); an apposition that names
//!   a role ("X, a spokesman for the ministry", "X, 42, a former journalist", "China's
//!   ambassador, X,"); "X as prime minister"; a byline ("By X", "Reporting by X; Editing by
//!   Y") or a photo credit ("Photo: X/AFP"); "X, who";
//! - **weak cues** (the run must also look like a person's name: a listed given name first,
//!   or an Arabic name particle inside): a speech verb ("X said", "told X", "according to
//!   X") or an agent's "by" ("signed by X").
//!
//! Each discovered person then also names its later (and earlier) bare mentions: the full
//! name, the surname (the last word, with its particle: "Abu Shahma"; "al-Kabir" also as
//! "Kabir"), and for East Asian names written surname first the first word ("Kim" for "Kim
//! Jong Un"). A short form two discovered people share names neither.
//!
//! Organisations: capitalised words (with "of", "for", "in", "and", "the" and listed names
//! inside: "Central Bank of Libya", "United Nations Support Mission in Libya") that end in an
//! organisation word after "the", a possessive or a modifier ("the Tripoli-based Presidential
//! Council", "Hezbollah's Executive Council", "the ruling Republican Party"), or that are
//! followed by their acronym in parentheses ("the Stability Support Apparatus (SSA)"), become
//! an ORG `org:discovered:<slug>` (a LOCATION `loc:discovered:<slug>` when a facility word
//! ends them: "the Grand Ethiopian Renaissance Dam (GERD)"); the acronym names it later. An
//! "X-led coalition" has no name of its own and is left alone. A listed organisation followed
//! by an acronym no list holds ("the Alliance of Sahel States (AES)") is named by it too.
//!
//! **Cost**: the text is tokenized a piece of at most [`PIECE`] bytes at a time (cut after a
//! line break), once for runs (each at most [`MAX_NAME_WORDS`] words, each cue a look at most
//! [`WINDOW`] tokens away) and once for later mentions (at most [`MAX_NAME_WORDS`] hash
//! lookups per word), so time is linear in the document and memory in the piece; at most
//! [`MAX_DISCOVERED`] names are found per document.

use std::ops::Range;
use std::sync::LazyLock;

use rustc_hash::{FxHashMap, FxHashSet};

use crate::coref::words::{is, SPEECH_VERBS};
use crate::gazetteer::{EntityType, Gazetteer};
use crate::matcher::AliasForm;
use crate::resolve::{Cue, Discovered, EntityRef, Mention, Resolution, Resolved};
use crate::text::{fold, is_calendar_word};

/// Longest name, in words (particles and initials included).
pub const MAX_NAME_WORDS: usize = 8;
/// How far a cue is looked for around a run, in tokens.
pub const WINDOW: usize = 8;
/// Text is tokenized a piece of at most this many bytes at a time (cut after a line break).
pub const PIECE: usize = 1 << 20;
/// Most entities discovered in one document; later candidates are left alone.
pub const MAX_DISCOVERED: usize = 500;

/// One token: a resolved mention, a title, or a word no list knows.
#[derive(Debug, Clone)]
struct Tok {
    /// The token's text (for a possessive, without its "'s").
    span: Range<usize>,
    /// Where the text after it starts (after a possessive "'s", after an initial's period).
    after: usize,
    kind: Kind,
    /// Followed by "'s".
    poss: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Word,
    /// Index into [`Resolved::titles`].
    Title(usize),
    /// Index into [`Resolved::mentions`].
    Entity(usize),
}

/// Capitalised words that start clauses, or are not names for other reasons: never part of
/// a name.
const STOPS: &[&str] = &[
    "The",
    "A",
    "An",
    "And",
    "But",
    "Or",
    "Nor",
    "So",
    "Yet",
    "If",
    "As",
    "At",
    "By",
    "For",
    "From",
    "In",
    "Into",
    "Of",
    "On",
    "Onto",
    "Over",
    "To",
    "With",
    "Without",
    "Under",
    "After",
    "Before",
    "During",
    "Since",
    "Until",
    "While",
    "When",
    "Where",
    "Who",
    "Whom",
    "Whose",
    "Which",
    "What",
    "Why",
    "How",
    "That",
    "This",
    "These",
    "Those",
    "It",
    "Its",
    "He",
    "She",
    "His",
    "Her",
    "Him",
    "They",
    "Their",
    "Them",
    "We",
    "Our",
    "Us",
    "I",
    "You",
    "Your",
    "My",
    "Me",
    "Said",
    "Says",
    "Told",
    "Photo",
    "Photograph",
    "Picture",
    "Image",
    "Credit",
    "Read",
    "More",
    "Also",
    "Both",
    "Among",
    "Despite",
    "Although",
    "Though",
    "Because",
    "However",
    "Meanwhile",
    "Earlier",
    "Later",
    "Last",
    "Next",
    "Then",
    "Now",
    "Today",
    "Tonight",
    "Yesterday",
    "Tomorrow",
    "According",
    "Asked",
    "Some",
    "Many",
    "Most",
    "All",
    "Every",
    "Each",
    "No",
    "Not",
    "Such",
    "Only",
    "Even",
    "Just",
    "Several",
    "Other",
    "Another",
    "One",
    "Two",
    "Three",
    "Four",
    "Five",
    "First",
    "Second",
    "Third",
    "New",
    "Former",
    "Late",
    "Acting",
    "Interim",
    "Editing",
    "Reporting",
    "Writing",
    "Additional",
    "Compiled",
    "Edited",
    "Via",
    "Here",
    "There",
    "Please",
    "Breaking",
    "Update",
    "Updated",
    "Exclusive",
    "Analysis",
    "Factbox",
    "Explainer",
    "Opinion",
    "Video",
    "Watch",
    "Live",
    "Latest",
    "Top",
    "Full",
    "Mr",
    "Mrs",
    "Ms",
    "Dr",
    "Chief",
    "Head",
    "Leader",
    "Spokesman",
    "Spokeswoman",
    "Minister",
];

/// The last part of a hyphenated word that makes it a modifier, not a name ("Tripoli-based",
/// "Kremlin-run", "U.N.-backed").
fn is_modifier_part(p: &str) -> bool {
    p.chars().next().is_some_and(char::is_lowercase)
        && (p.ends_with("ed")
            || matches!(
                p,
                "run" | "born" | "held" | "made" | "wide" | "style" | "era" | "bound" | "led"
            ))
}

/// Words that make a run a place, an organisation or a thing, not a person.
const THING_WORDS: &[&str] = &[
    "Ministry",
    "Party",
    "Council",
    "Coast",
    "Guard",
    "Guards",
    "Shoal",
    "Sea",
    "Ocean",
    "Gulf",
    "Bay",
    "River",
    "Lake",
    "Island",
    "Islands",
    "Mountain",
    "Mountains",
    "Valley",
    "Desert",
    "Street",
    "Road",
    "Avenue",
    "Square",
    "Bridge",
    "Airport",
    "Port",
    "Station",
    "Dam",
    "Camp",
    "Base",
    "Palace",
    "House",
    "Hall",
    "University",
    "College",
    "School",
    "Institute",
    "Academy",
    "Hospital",
    "Church",
    "Mosque",
    "Cathedral",
    "Monastery",
    "Temple",
    "Museum",
    "Center",
    "Centre",
    "Agency",
    "Bureau",
    "Office",
    "Department",
    "Directorate",
    "Commission",
    "Committee",
    "Court",
    "Tribunal",
    "Parliament",
    "Assembly",
    "Congress",
    "Senate",
    "Government",
    "Administration",
    "Authority",
    "Army",
    "Navy",
    "Forces",
    "Force",
    "Corps",
    "Brigade",
    "Brigades",
    "Battalion",
    "Division",
    "Regiment",
    "Militia",
    "Front",
    "Movement",
    "Movements",
    "Alliance",
    "Coalition",
    "Union",
    "League",
    "Federation",
    "Organization",
    "Organisation",
    "Association",
    "Foundation",
    "Fund",
    "Bank",
    "Group",
    "Company",
    "Corporation",
    "Airlines",
    "Airways",
    "News",
    "Times",
    "Post",
    "Press",
    "Radio",
    "Television",
    "Network",
    "Channel",
    "Mission",
    "Forum",
    "Apparatus",
    "Initiative",
    "Process",
    "Accord",
    "Agreement",
    "Treaty",
    "Declaration",
    "Plan",
    "Summit",
    "Conference",
    "Games",
    "Cup",
    "Prize",
    "Award",
    "Province",
    "Region",
    "State",
    "States",
    "County",
    "District",
    "City",
    "Republic",
    "Kingdom",
    "Emirate",
    "Emirates",
    "Strip",
    "Peninsula",
    "Heights",
    "Canal",
    "Corridor",
    "Border",
    "Zone",
    "Field",
    "Fields",
    "Plant",
    "Reactor",
    "Facility",
    "Prison",
    "Police",
    "Service",
    "Services",
    "Intelligence",
    "Security",
    "Unit",
    "Command",
    "Headquarters",
    "Nations",
    "Peace",
    "War",
    "Revolution",
    "Act",
    "Law",
    "Charter",
    "Protocol",
    "Convention",
    "Doctrine",
    "Democrats",
    "Republicans",
    "Brotherhood",
    "Jihad",
    "Dream",
    "Development",
    "Progress",
    "Reform",
    "Platform",
    "Bloc",
    "Cabinet",
    "Secretariat",
    "Presidency",
    "Chamber",
    "Board",
    "Panel",
    "Delegation",
    "Team",
    "Club",
    "Stadium",
    "Hotel",
    "Tower",
    "Market",
    "Exchange",
    "Energy",
    "Oil",
    "Gas",
    "Petroleum",
    "Media",
    "Magazine",
    "Journal",
    "Gazette",
    "Herald",
    "Tribune",
    "Daily",
    "Monitor",
    "International",
    "Global",
    "National",
    "Federal",
    "Central",
    "United",
    "Democratic",
    "Socialist",
    "Islamic",
    "Revolutionary",
    "Liberation",
    "Popular",
    "Patriotic",
    "Supreme",
    "High",
    "Joint",
    "Special",
    "Support",
    "Transitional",
    "Executive",
    "Political",
    "Military",
    "Armed",
    "Affairs",
    "Task",
    "Framework",
    "Coordination",
    "Stability",
    "Deterrence",
    "Apostolic",
    "Dialogue",
    "Sahel",
    "Africa",
    "Asia",
    "Europe",
    "America",
    "Middle",
    "East",
    "West",
    "North",
    "South",
    "Northern",
    "Southern",
    "Eastern",
    "Western",
    "Upper",
    "Lower",
    "Greater",
    "Holy",
    "Saint",
    "Mount",
    "Fort",
    "San",
    "Santa",
    "Al-Aqsa",
    "Cross",
    "Crescent",
];

/// Organisation words that end a discovered organisation's name.
const ORG_HEADS: &[&str] = &[
    "Party",
    "Front",
    "Movement",
    "Movements",
    "Council",
    "Coalition",
    "Alliance",
    "Army",
    "Brigade",
    "Brigades",
    "Forces",
    "Force",
    "Commission",
    "Forum",
    "Apparatus",
    "Mission",
    "Assembly",
    "Committee",
    "Militia",
    "Corps",
    "Bank",
    "Agency",
    "Authority",
    "Union",
    "League",
    "Organization",
    "Organisation",
    "Airlines",
    "Airways",
    "Church",
];

/// Words that end the name of a place, not an organisation ("the Grand Ethiopian Renaissance
/// Dam (GERD)").
const PLACE_HEADS: &[&str] = &[
    "Dam", "Airport", "Port", "Bridge", "Canal", "Station", "Plant", "Reactor", "Field",
    "Pipeline", "Corridor", "Square", "Base", "Crossing", "Shoal", "Reef", "Island", "Strait",
];

/// Name particles written in lower case inside a name.
const PARTICLES: &[&str] = &[
    "bin", "bint", "ibn", "al", "el", "ad", "ash", "as", "ud", "uz", "de", "da", "do", "dos",
    "das", "di", "du", "del", "della", "der", "den", "van", "von", "ter", "la", "le", "y",
];

/// Capitalised name particles of Arabic names: evidence that a run is a person's name.
const ARABIC_PARTICLES: &[&str] = &["bin", "bint", "ibn", "Abu", "Bin", "Ibn", "Abdul", "Abdel"];

/// Words for roles and occupations that introduce a name ("billionaire X", "X, a researcher").
const ROLE_WORDS: &[&str] = &[
    "chief",
    "leader",
    "head",
    "negotiator",
    "commander",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "minister",
    "secretary",
    "adviser",
    "advisor",
    "envoy",
    "ambassador",
    "president",
    "premier",
    "chairman",
    "chairwoman",
    "chair",
    "director",
    "official",
    "officer",
    "strongman",
    "billionaire",
    "tycoon",
    "businessman",
    "businesswoman",
    "researcher",
    "analyst",
    "activist",
    "journalist",
    "reporter",
    "correspondent",
    "photographer",
    "editor",
    "lawyer",
    "attorney",
    "judge",
    "prosecutor",
    "cleric",
    "mediator",
    "diplomat",
    "governor",
    "mayor",
    "lawmaker",
    "legislator",
    "senator",
    "deputy",
    "member",
    "founder",
    "candidate",
    "rival",
    "challenger",
    "opponent",
    "critic",
    "successor",
    "predecessor",
    "counterpart",
    "general",
    "colonel",
    "captain",
    "lieutenant",
    "admiral",
    "marshal",
    "warlord",
    "dissident",
    "economist",
    "expert",
    "professor",
    "scholar",
    "author",
    "writer",
    "coordinator",
    "representative",
    "delegate",
    "emissary",
    "aide",
    "administrator",
    "commissioner",
    "speaker",
    "ruler",
    "monarch",
    "king",
    "queen",
    "prince",
    "princess",
    "emir",
    "sultan",
    "sheikh",
    "chancellor",
    "consul",
    "inspector",
    "boss",
    "owner",
    "ceo",
    "executive",
    "manager",
    "veteran",
    "campaigner",
    "militant",
    "mullah",
    "archbishop",
    "bishop",
    "pastor",
    "priest",
    "rabbi",
    "imam",
    "ayatollah",
    "cardinal",
    "patriarch",
    "son",
    "daughter",
    "wife",
    "husband",
    "brother",
    "sister",
    "father",
    "mother",
    "nephew",
    "niece",
    "uncle",
    "widow",
];

/// Verbs of speech after a name ("X told", "X urged") that take an object rather than a
/// clause; with [`SPEECH_VERBS`], the verbs that make the name a speaker.
const SPEECH_OBJECT: &[&str] = &[
    "told",
    "wrote",
    "tweeted",
    "posted",
    "urged",
    "asked",
    "replied",
    "responded",
    "vowed",
    "pledged",
    "recalled",
];

/// Words before a name that make it the object of speech or an agent ("told X", "signed by
/// X"); "according to" is checked on its own.
const SPEECH_BEFORE: &[&str] = &["said", "told", "quoted", "thanked", "by"];

/// Words that open a byline when they come before "by" ("Reporting by X").
const BYLINE_WORDS: &[&str] = &[
    "reporting",
    "editing",
    "writing",
    "compiled",
    "edited",
    "produced",
    "additional",
    "translated",
    "written",
    "reported",
];

/// Words that start a photo credit ("Photo: X/AFP").
const CREDIT_WORDS: &[&str] = &[
    "Photo",
    "Photograph",
    "Picture",
    "Image",
    "Credit",
    "Photos",
];

/// Name suffixes ("Romeo Brawner Jr.").
const SUFFIXES: &[&str] = &["Jr", "Sr", "II", "III", "IV"];

/// Reads `text` for names no list holds and adds them to `out`: new discovered entities,
/// their mentions (in text order), and the titles a name absorbed ("Jr.") removed.
pub(crate) fn discover(gaz: &Gazetteer, text: &str, out: &mut Resolved) {
    let mut found: Vec<(Range<usize>, Range<usize>, EntityType, Cue)> = Vec::new();
    // (found index, the acronym in parentheses that names it, and that mention's found index)
    let mut acronyms: Vec<(usize, String, usize)> = Vec::new();
    let mut listed: Vec<(String, EntityRef, Range<usize>)> = Vec::new();
    let mut absorbed: Vec<usize> = Vec::new();
    let mut replaced: Vec<usize> = Vec::new();
    let pieces: Vec<Range<usize>> = pieces(text).collect();
    let mut kept = None;
    for piece in &pieces {
        let toks = tokens(text, piece.clone(), out);
        find(
            gaz,
            text,
            out,
            &toks,
            &mut found,
            &mut acronyms,
            &mut listed,
            &mut absorbed,
            &mut replaced,
        );
        // A document of one piece (most are) is tokenized once.
        if pieces.len() == 1 {
            kept = Some(toks);
        }
    }
    let found = Found {
        found,
        acronyms,
        listed,
        absorbed,
        replaced,
    };
    record(gaz, text, out, &pieces, kept, found);
}

/// What [`find`] found in a document's pieces.
struct Found {
    /// (tokens, span, type, cue) of each name, in text order.
    found: Vec<(Range<usize>, Range<usize>, EntityType, Cue)>,
    /// (found index, the acronym in parentheses that names it, and that mention's found index).
    acronyms: Vec<(usize, String, usize)>,
    /// Acronyms no list holds that a listed organisation's name introduces in parentheses
    /// ("the Alliance of Sahel States (AES)"): the acronym, the organisation and the span of
    /// the acronym there.
    listed: Vec<(String, EntityRef, Range<usize>)>,
    /// Titles a name absorbed as its suffix ("Jr.").
    absorbed: Vec<usize>,
    /// Mentions a name replaced ("Abdul Hamid" in "Abdul Hamid Dbeibah").
    replaced: Vec<usize>,
}

/// The text in pieces of at most [`PIECE`] bytes, each cut after a line break where there is
/// one (else after a sentence's end, else after a space), so that the tokens of one piece at
/// a time are held.
fn pieces(text: &str) -> impl Iterator<Item = Range<usize>> + '_ {
    let mut start = 0;
    std::iter::from_fn(move || {
        if start >= text.len() {
            return None;
        }
        let mut end = (start + PIECE).min(text.len());
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        if end < text.len() {
            let window = &text[start..end];
            if let Some(cut) = window
                .rfind('\n')
                .or_else(|| window.rfind(". ").map(|c| c + 1))
                .or_else(|| window.rfind(' '))
            {
                end = start + cut + 1;
            }
        }
        let piece = start..end;
        start = end;
        Some(piece)
    })
}

/// The names of one piece's tokens, added to `found`.
#[allow(clippy::too_many_arguments)]
fn find(
    gaz: &Gazetteer,
    text: &str,
    out: &Resolved,
    toks: &[Tok],
    found: &mut Vec<(Range<usize>, Range<usize>, EntityType, Cue)>,
    acronyms: &mut Vec<(usize, String, usize)>,
    listed: &mut Vec<(String, EntityRef, Range<usize>)>,
    absorbed: &mut Vec<usize>,
    replaced: &mut Vec<usize>,
) {
    let mut i = 0;
    while i < toks.len() {
        if found.len() >= MAX_DISCOVERED {
            break;
        }
        // Nothing starts at a lower-case word (most words): "al-Sabah" aside.
        if lowercase_word(text, &toks[i]) {
            i += 1;
            continue;
        }
        // A known person's name followed by more of its name ("Abdul Hamid" + "Dbeibah").
        if let Some(r) = extended_person(gaz, text, out, toks, i) {
            if let Kind::Entity(m) = toks[i].kind {
                replaced.push(m);
            }
            let span = toks[i].span.start..toks[r.end - 1].span.end;
            found.push((r.clone(), span, EntityType::Person, Cue::Extends));
            i = r.end;
            continue;
        }
        if let Some((acronym, entity, inside)) = listed_acronym(gaz, text, out, toks, i) {
            let at = acronym.as_ptr() as usize - text.as_ptr() as usize;
            listed.push((acronym.to_string(), entity, at..at + acronym.len()));
            i = inside.end;
            continue;
        }
        if let Some(org) = org_phrase(gaz, text, out, toks, i) {
            replaced.extend(&org.swallowed);
            let mut span = toks[org.words.start].span.start..toks[org.words.end - 1].span.end;
            // A listed name that starts with "The" ("The Sudan") leaves it out of the new one.
            for the in ["The ", "the "] {
                if text[span.clone()].starts_with(the) {
                    span.start += the.len();
                }
            }
            let kind = if PLACE_HEADS.contains(&word(text, &toks[org.words.end - 1])) {
                EntityType::Location
            } else {
                EntityType::Org
            };
            let mut next = org.words.end;
            found.push((org.words.clone(), span, kind, Cue::Org));
            if let Some((a, inside)) = org.acronym {
                // The acronym in parentheses names it too.
                let at = a.as_ptr() as usize - text.as_ptr() as usize;
                acronyms.push((found.len() - 1, a.to_string(), found.len()));
                found.push((inside.clone(), at..at + a.len(), kind, Cue::Org));
                next = inside.end;
            }
            i = next;
            continue;
        }
        if let Some((end, swallowed)) = led_coalition(gaz, text, out, toks, i) {
            replaced.extend(swallowed);
            let span = toks[i].span.start..toks[end].span.end;
            found.push((i..end + 1, span, EntityType::Org, Cue::Org));
            i = end + 1;
            continue;
        }
        // "EUFOR, the European Union's peacekeeping force": an acronym no list holds, given
        // an organisation's noun by an apposition.
        let t = &toks[i];
        let w = word(text, t);
        if t.kind == Kind::Word
            && w.len() >= 3
            && w.chars().all(|c| c.is_ascii_uppercase())
            && toks
                .get(i + 1)
                .is_some_and(|n| apposition_names(text, toks, i, gap(text, t, n), is_org_noun))
        {
            found.push((i..i + 1, t.span.clone(), EntityType::Org, Cue::Org));
            i += 1;
            continue;
        }
        let Some(run) = name_run(text, out, toks, i) else {
            i += 1;
            continue;
        };
        let next = run.words.end;
        if run.thing {
            // a place or an organisation, not a person
        } else if let Some(cue) = person_cue(gaz, text, out, toks, &run) {
            absorbed.extend(run.suffix_title);
            replaced.extend(&run.swallowed);
            found.push((run.words.clone(), run.span.clone(), EntityType::Person, cue));
        }
        i = next.max(i + 1);
    }
    // A listed acronym glued to an unknown one is part of that one ("DPA" in "CSP-DPA").
    let caps = |t: &Tok| {
        let w = word(text, t);
        w.len() >= 2 && w.chars().all(|c| c.is_uppercase() || c.is_ascii_digit())
    };
    for (k, t) in toks.iter().enumerate() {
        if let Kind::Entity(m) = t.kind {
            let glued = |o: &Tok, a: &Tok, b: &Tok| {
                o.kind == Kind::Word && caps(o) && gap(text, a, b) == "-"
            };
            let before = k > 0 && glued(&toks[k - 1], &toks[k - 1], t);
            let after = toks.get(k + 1).is_some_and(|n| glued(n, t, n));
            if caps(t) && (before || after) {
                replaced.push(m);
            }
        }
    }
}

/// Turns what [`find`] found into discovered entities and mentions, with the later short
/// forms of their names.
fn record(
    gaz: &Gazetteer,
    text: &str,
    out: &mut Resolved,
    pieces: &[Range<usize>],
    kept: Option<Vec<Tok>>,
    found: Found,
) {
    let Found {
        found,
        acronyms,
        listed,
        mut absorbed,
        mut replaced,
    } = found;
    if found.is_empty() && replaced.is_empty() && listed.is_empty() {
        return;
    }
    let mut new: Vec<Mention> = Vec::new();
    let mut found_as: Vec<EntityRef> = Vec::with_capacity(found.len());
    // A later run "Abdul Mahdi" (with its own cue, "Abdul Mahdi said") after "Adel Abdul Mahdi"
    // is that person, found before or listed and mentioned in the document ("Luigi Di Maio …
    // Di Maio, leader of the 5-Star Movement"), never one named only after it ("Idriss Deby"
    // before his son "Mahamat Idriss Deby"): the tails of their names, indexed as the runs
    // advance (a scan per run made a large document quadratic).
    let mut index: FxHashMap<String, Option<EntityRef>> = FxHashMap::default();
    let mut listed_upto = 0;
    for (i, d) in out.discovered.iter().enumerate() {
        if d.kind == EntityType::Person {
            index_tails(&mut index, &d.name, EntityRef::Discovered(i));
        }
    }
    // Runs that name a person by the tail of its name: short forms of it.
    let mut tails: Vec<(String, EntityRef)> = Vec::new();
    let mut a = acronyms.iter().peekable();
    let mut spans: Vec<Range<usize>> = found.iter().map(|f| f.1.clone()).collect();
    for (f, (_, span, kind, cue)) in found.iter().enumerate() {
        let name = &text[span.clone()];
        let alias_of = a.next_if(|x| x.2 == f).map(|x| found_as[x.0]);
        while let Some(m) = out
            .mentions
            .get(listed_upto)
            .filter(|m| m.span.end <= span.start)
        {
            if let Some(e @ EntityRef::Known(i)) = m.entity {
                if gaz.entities()[i].entity_type() == EntityType::Person {
                    index_tails(&mut index, &text[m.span.clone()], e);
                }
            }
            listed_upto += 1;
        }
        let tail = match (alias_of, kind) {
            (None, EntityType::Person) => index.get(name).copied().flatten(),
            _ => None,
        };
        if let Some(t) = tail {
            tails.push((name.to_string(), t));
        }
        let d = alias_of.or(tail).unwrap_or_else(|| {
            let d = EntityRef::Discovered(out.discover(name, *kind, cue.clone(), None));
            if *kind == EntityType::Person {
                index_tails(&mut index, name, d);
            }
            d
        });
        found_as.push(d);
        new.push(Mention {
            span: span.clone(),
            form: AliasForm::Name,
            written: crate::resolve::Form::Name,
            antecedent: None,
            entity: Some(d),
            candidates: Default::default(),
            resolution: Resolution::Pattern,
        });
    }
    // Later (and earlier) bare mentions of what was found.
    // A short form two entities share names neither.
    let mut short: FxHashMap<String, Option<EntityRef>> = FxHashMap::default();
    let name = |short: &mut FxHashMap<String, Option<EntityRef>>, alias: String, e| {
        short
            .entry(alias)
            .and_modify(|x| {
                if *x != Some(e) {
                    *x = None
                }
            })
            .or_insert(Some(e));
    };
    let mut longest = 1;
    for (d, found) in out.discovered.iter().enumerate() {
        for (alias, _) in short_forms(&found.name, found.kind) {
            longest = longest.max(alias.split(' ').count());
            name(&mut short, alias, EntityRef::Discovered(d));
        }
    }
    for (f, acronym, _) in acronyms {
        name(&mut short, acronym, found_as[f]);
    }
    for (tail, d) in tails {
        longest = longest.max(tail.split(' ').count());
        name(&mut short, tail, d);
    }
    for (acronym, entity, span) in listed {
        name(&mut short, acronym, entity);
        spans.push(span.clone());
        new.push(Mention {
            span,
            form: AliasForm::Name,
            written: crate::resolve::Form::Name,
            antecedent: None,
            entity: Some(entity),
            candidates: Default::default(),
            resolution: Resolution::Pattern,
        });
    }
    spans.sort_by_key(|s| s.start);
    let mut kept = kept;
    for piece in pieces {
        let toks = kept
            .take()
            .unwrap_or_else(|| tokens(text, piece.clone(), out));
        let names = &out.discovered;
        short_mentions(
            text,
            &toks,
            &spans,
            &short,
            names,
            longest,
            &mut new,
            &mut replaced,
        );
    }
    let mut mentions = std::mem::take(&mut out.mentions);
    if !replaced.is_empty() {
        replaced.sort_unstable();
        replaced.dedup();
        let mut k = 0;
        let mut at = 0;
        mentions.retain(|_| {
            let keep = replaced.get(k) != Some(&at);
            if !keep {
                k += 1;
            }
            at += 1;
            keep
        });
    }
    new.sort_by_key(|m| m.span.start);
    out.mentions = crate::resolve::merge(mentions, new);
    if !absorbed.is_empty() {
        absorbed.sort_unstable();
        absorbed.dedup();
        let mut k = 0;
        let mut at = 0;
        out.titles.retain(|_| {
            let keep = absorbed.get(k) != Some(&at);
            if !keep {
                k += 1;
            }
            at += 1;
            keep
        });
    }
}

/// The proper word-bounded tails of a person's name ("Abdul Mahdi" and "Mahdi" of "Adel Abdul
/// Mahdi"), each naming `e`, or no one where two people share it.
fn index_tails(tails: &mut FxHashMap<String, Option<EntityRef>>, full: &str, e: EntityRef) {
    for (k, c) in full.char_indices() {
        if c == ' ' && k + 1 < full.len() {
            tails
                .entry(full[k + 1..].to_string())
                .and_modify(|x| {
                    if *x != Some(e) {
                        *x = None
                    }
                })
                .or_insert(Some(e));
        }
    }
}

#[allow(clippy::too_many_arguments)]
/// Bare mentions of discovered names in one piece's tokens (not inside a found name): the
/// longest short form at each word, at most `longest` words.
fn short_mentions(
    text: &str,
    toks: &[Tok],
    found: &[Range<usize>],
    short: &FxHashMap<String, Option<EntityRef>>,
    names: &[Discovered],
    longest: usize,
    new: &mut Vec<Mention>,
    replaced: &mut Vec<usize>,
) {
    // Tokens inside a found name, by a walk along the sorted found spans.
    let mut f = 0;
    let covered: Vec<bool> = toks
        .iter()
        .map(|t| {
            while f < found.len() && found[f].end <= t.span.start {
                f += 1;
            }
            f < found.len() && found[f].start < t.span.end
        })
        .collect();
    let mut key = String::new();
    let mut i = 0;
    while i < toks.len() {
        if covered[i] || toks[i].kind != Kind::Word || lowercase_word(text, &toks[i]) {
            i += 1;
            continue;
        }
        let mut hit = None;
        let mut j = i;
        key.clear();
        let mut inside = Vec::new();
        while j < toks.len() && j < i + longest && !covered[j] {
            if let Kind::Entity(m) = toks[j].kind {
                // A listed acronym inside a discovered one ("DPA" in "CSP-DPA").
                let w = word(text, &toks[j]);
                if j == i || !w.chars().all(|c| c.is_uppercase()) {
                    break;
                }
                inside.push(m);
            } else if toks[j].kind != Kind::Word {
                break;
            }
            if j > i {
                let g = gap(text, &toks[j - 1], &toks[j]);
                if !matches!(g, " " | "-") || toks[j - 1].poss {
                    break;
                }
                key.push_str(g);
            }
            key.push_str(&text[toks[j].span.clone()]);
            if let Some(&Some(d)) = short.get(&key) {
                hit = Some((j, d, inside.len()));
            }
            if toks[j].poss {
                break;
            }
            j += 1;
        }
        let Some((j, d, n)) = hit else {
            i += 1;
            continue;
        };
        replaced.extend(&inside[..n]);
        let span = toks[i].span.start..toks[j].span.end;
        // A listed organisation's acronym is a name of its own.
        let full = match d {
            EntityRef::Discovered(d) => text[span.clone()] == names[d].name,
            EntityRef::Known(_) => true,
        };
        new.push(Mention {
            span,
            form: if full {
                AliasForm::Name
            } else {
                AliasForm::Surname
            },
            written: if full {
                crate::resolve::Form::Name
            } else {
                crate::resolve::Form::Surname
            },
            antecedent: None,
            entity: Some(d),
            candidates: Default::default(),
            resolution: match d {
                EntityRef::Discovered(_) => Resolution::Surname,
                EntityRef::Known(_) => Resolution::Pattern,
            },
        });
        i = j + 1;
    }
}

/// The document as tokens: mentions and titles (in text order, an overlapping one dropped)
/// and the words between them.
fn tokens(text: &str, piece: Range<usize>, out: &Resolved) -> Vec<Tok> {
    let ms = out.mentions.partition_point(|m| m.span.start < piece.start);
    let me = out.mentions.partition_point(|m| m.span.start < piece.end);
    let ts = out.titles.partition_point(|t| t.span.start < piece.start);
    let te = out.titles.partition_point(|t| t.span.start < piece.end);
    let mut special: Vec<(Range<usize>, Kind)> = out.mentions[ms..me]
        .iter()
        .enumerate()
        .map(|(i, m)| (m.span.clone(), Kind::Entity(ms + i)))
        .chain(
            out.titles[ts..te]
                .iter()
                .enumerate()
                .map(|(i, t)| (t.span.clone(), Kind::Title(ts + i))),
        )
        .collect();
    special.sort_by_key(|(s, _)| (s.start, std::cmp::Reverse(s.end)));
    let mut toks: Vec<Tok> = Vec::with_capacity(piece.len() / 8);
    let bytes = text.as_bytes();
    let mut k = 0;
    let mut pos = piece.start;
    let text_all = text;
    let text = &text_all[..piece.end];
    while pos < text.len() {
        while k < special.len() && special[k].0.start < pos {
            k += 1; // overlaps the previous token
        }
        if k < special.len() && special[k].0.start == pos {
            let (span, kind) = special[k].clone();
            pos = span.end;
            toks.push(Tok {
                after: span.end,
                span,
                kind,
                poss: false,
            });
            k += 1;
            possessive(text, &mut toks, &mut pos);
            continue;
        }
        let limit = special.get(k).map_or(text.len(), |s| s.0.start);
        let c = text[pos..].chars().next().expect("inside the text");
        if !c.is_alphanumeric() {
            pos += c.len_utf8();
            continue;
        }
        let start = pos;
        let mut end = pos;
        let mut chars = text[pos..limit].char_indices().peekable();
        while let Some((o, c)) = chars.next() {
            if c.is_alphanumeric() || is_mark(c) {
                end = pos + o + c.len_utf8();
            } else if matches!(c, '-' | '\'' | '’' | '‐')
                && chars.peek().is_some_and(|&(_, n)| n.is_alphanumeric())
                && !is_possessive_at(text, pos + o)
            {
                continue;
            } else {
                break;
            }
        }
        let mut after = end;
        // An initial keeps its period: "F." in "John F. Kennedy".
        let word = &text[start..end];
        if bytes.get(end) == Some(&b'.')
            && (word.chars().count() == 1 && word.chars().all(char::is_uppercase)
                || SUFFIXES.contains(&word))
        {
            after = end + 1;
        }
        toks.push(Tok {
            span: start..end,
            after,
            kind: Kind::Word,
            poss: false,
        });
        pos = after;
        possessive(text, &mut toks, &mut pos);
    }
    toks
}

/// A combining mark (decomposed text: "Erdog\u{306}an"): part of the word it follows.
fn is_mark(c: char) -> bool {
    matches!(c as u32, 0x300..=0x36f | 0x1ab0..=0x1aff | 0x1dc0..=0x1dff | 0x20d0..=0x20ff)
}

/// Is there a possessive "'s" (or a plural's "s'") at `at`?
fn is_possessive_at(text: &str, at: usize) -> bool {
    let rest = &text[at..];
    let rest = rest
        .strip_prefix('\'')
        .or_else(|| rest.strip_prefix('’'))
        .unwrap_or("");
    rest.strip_prefix('s')
        .is_some_and(|r| !r.starts_with(|c: char| c.is_alphanumeric()))
}

/// Marks the last token possessive and steps over its "'s".
fn possessive(text: &str, toks: &mut [Tok], pos: &mut usize) {
    if *pos < text.len() && is_possessive_at(text, *pos) {
        let len = text[*pos..].chars().next().map_or(1, char::len_utf8) + 1;
        *pos += len;
        if let Some(t) = toks.last_mut() {
            t.poss = true;
            t.after = *pos;
        }
    }
}

/// Are two tokens next to each other in a name: one space (or a no-break space) between,
/// after an initial's period too?
fn joined(text: &str, a: &Tok, b: &Tok) -> bool {
    // Initials may be written together: "A.K." (the period is in `a.after`).
    let initials = a.after == b.span.start && a.after > a.span.end;
    !a.poss && (initials || matches!(&text[a.after..b.span.start], " " | "\u{a0}"))
}

/// A candidate name.
#[derive(Debug, Clone)]
struct Run {
    /// Token indices.
    words: Range<usize>,
    /// Text span.
    span: Range<usize>,
    /// Capitalised words in it (not particles, initials or the suffix).
    caps: usize,
    /// A "Jr." title token absorbed as the suffix.
    suffix_title: Option<usize>,
    /// Some word is an organisation or place word.
    thing: bool,
    /// Mentions of listed people's bare surnames inside the name ("Ghani" in "Abdul Ghani
    /// Baradar", "Kim" in "Kim Yo Jong"): replaced if the run is a name.
    swallowed: Vec<usize>,
}

fn word<'t>(text: &'t str, t: &Tok) -> &'t str {
    &text[t.span.clone()]
}

/// A capitalised word: an upper-case letter, then a lower-case one somewhere (so not an
/// acronym); each part of a hyphenated word may be a particle ("Abdel-Fattah", "al-Burhan").
fn is_cap(w: &str) -> bool {
    let mut chars = w.chars();
    let first = chars.next();
    if first.is_some_and(char::is_uppercase) {
        return w.chars().skip(1).any(char::is_lowercase)
            && !w.rsplit(['-', '‐']).next().is_some_and(is_modifier_part);
    }
    // "al-Sabah", "el-Sisi", "bin-Zayed": a lower-case particle joined to a capitalised word.
    w.split_once(['-', '‐'])
        .is_some_and(|(p, rest)| PARTICLES.contains(&p) && is_cap(rest))
}

/// A name particle written in lower case inside a name ("dos", "bin", "van").
pub(crate) fn is_particle(w: &str) -> bool {
    PARTICLES.contains(&w)
}

/// A word token that starts with a lower-case letter and has no hyphen ("said", not
/// "al-Kabir"): no name starts there.
fn lowercase_word(text: &str, t: &Tok) -> bool {
    t.kind == Kind::Word && {
        let w = word(text, t);
        w.starts_with(|c: char| c.is_lowercase()) && !w.contains(['-', '‐'])
    }
}

/// A word list as a set: a word is looked up for every capitalised word of a document.
fn set(words: &'static [&'static str]) -> FxHashSet<&'static str> {
    words.iter().copied().collect()
}

static STOP_SET: LazyLock<FxHashSet<&str>> = LazyLock::new(|| set(STOPS));
static THING_SET: LazyLock<FxHashSet<&str>> = LazyLock::new(|| set(THING_WORDS));
static ROLE_SET: LazyLock<FxHashSet<&str>> = LazyLock::new(|| set(ROLE_WORDS));

fn is_stop(w: &str) -> bool {
    STOP_SET.contains(w) || is_calendar_word(w)
}

fn is_thing(w: &str) -> bool {
    THING_SET.contains(w)
}

/// Is token `t` a listed person's bare surname, resolved as such (it may be part of another
/// name)?
fn is_surname_mention(out: &Resolved, t: &Tok) -> bool {
    matches!(t.kind, Kind::Entity(m)
        if out.mentions[m].form == AliasForm::Surname
            && out.mentions[m].resolution == Resolution::Surname)
}

/// The name run starting at token `i`, if one does.
fn name_run(text: &str, out: &Resolved, toks: &[Tok], i: usize) -> Option<Run> {
    let first = &toks[i];
    let w = word(text, first);
    let surname = |t: &Tok| is_surname_mention(out, t);
    // A name may open with initials: "A.K. Abdul Momen", "K.P. Sharma Oli".
    let opens_initial = is_initial(text, first);
    if !(first.kind == Kind::Word || surname(first)) || !(opens_initial || is_cap(w) && !is_stop(w))
    {
        return None;
    }
    let mut j = i;
    let mut last_cap = i;
    let mut caps = 0;
    let mut words = 0;
    let mut thing = false;
    let mut suffix_title = None;
    let mut swallowed = Vec::new();
    let mut end = first.span.end;
    loop {
        let t = &toks[j];
        let w = word(text, t);
        let initial = t.after > t.span.end && w.chars().count() == 1;
        let after_particle = j > i && is_particle(word(text, &toks[j - 1]));
        let name_word = is_cap(w) && (!is_stop(w) || after_particle && w == "Said");
        if (t.kind == Kind::Word || surname(t)) && name_word {
            caps += 1;
            last_cap = j;
            end = t.span.end;
            if let Kind::Entity(m) = t.kind {
                swallowed.push(m);
            } else {
                words += 1;
            }
            thing |= is_thing(w) || w.split(['-', '‐']).any(is_thing);
        } else if t.kind == Kind::Word && (initial || is_particle(w)) && (j > i || opens_initial) {
            // kept only if a capitalised word follows
        } else if j > i && caps >= 2 && SUFFIXES.contains(&w.trim_end_matches('.')) {
            // "Jr." closes the name; it may have been matched as an honorific title.
            match t.kind {
                Kind::Word => {
                    end = t.after;
                    last_cap = j;
                }
                Kind::Title(ti) if w == "Jr." || w == "Sr." => {
                    end = t.span.end;
                    last_cap = j;
                    suffix_title = Some(ti);
                }
                _ => {}
            }
            break;
        } else {
            break;
        }
        if t.poss || j + 1 - i >= MAX_NAME_WORDS || j + 1 >= toks.len() {
            break;
        }
        if !joined(text, t, &toks[j + 1]) {
            break;
        }
        j += 1;
    }
    // A surname mention alone, or with nothing new after it, is not a new name.
    if words == 0 {
        return None;
    }
    swallowed.retain(|&m| toks[i..=last_cap].iter().any(|t| t.kind == Kind::Entity(m)));
    Some(Run {
        span: first.span.start..end,
        words: i..last_cap + 1,
        caps,
        suffix_title,
        thing,
        swallowed,
    })
}

fn lower(w: &str) -> String {
    w.to_lowercase()
}

/// A role word, or its plural before a list of holders ("special envoys X of Turkey and Y of
/// Armenia", "Defence secretaries X and Y").
fn is_role_word(w: &str) -> bool {
    let w = match w.chars().any(char::is_uppercase) {
        true => std::borrow::Cow::Owned(lower(w)),
        false => std::borrow::Cow::Borrowed(w),
    };
    let singular = || match w.strip_suffix("ies") {
        Some(stem) => Some(format!("{stem}y")),
        None => w.strip_suffix('s').map(str::to_string),
    };
    // "the singer-turned-lawmaker X": the role is the compound's last part.
    let last = w.rsplit('-').next().unwrap_or(&w);
    // ("members X" lists a body's members, who hold no post by it.)
    ROLE_SET.contains(w.as_ref())
        || (last.len() < w.len() && ROLE_SET.contains(last))
        || singular().is_some_and(|s| s != "member" && ROLE_SET.contains(s.as_str()))
}

/// Is token `t` a role: a title, or a role word?
fn is_role(text: &str, t: &Tok) -> bool {
    match t.kind {
        Kind::Title(_) => true,
        Kind::Word => is_role_word(word(text, t)),
        Kind::Entity(_) => false,
    }
}

/// Does the run look like a person's name on its own: a listed given name first, an Arabic
/// name particle inside, or a family name written first?
fn person_shaped(gaz: &Gazetteer, text: &str, toks: &[Tok], run: &Run) -> bool {
    // Initials before capitalised words are a person's: "A.K. Abdul Momen".
    if is_initial(text, &toks[run.words.start]) && run.caps >= 1 {
        return true;
    }
    let first = word(text, &toks[run.words.start]);
    let given = first.split(['-', '‐']).next().unwrap_or(first);
    gaz.is_given_name(first)
        || gaz.is_given_name(given)
        || crate::matcher::FAMILY_NAMES_FIRST.contains(&first)
        || toks[run.words.clone()].iter().any(|t| {
            let w = word(text, t);
            ARABIC_PARTICLES.contains(&w)
                || ["al-", "el-", "Al-", "El-"]
                    .iter()
                    .any(|p| w.starts_with(p) && w.len() > p.len())
        })
}

/// An initial: one capital letter written with its period ("A." in "A.K. Abdul Momen").
fn is_initial(text: &str, t: &Tok) -> bool {
    t.kind == Kind::Word && t.after > t.span.end && {
        let mut cs = text[t.span.clone()].chars();
        cs.next().is_some_and(char::is_uppercase) && cs.next().is_none()
    }
}

/// The text between the end of token `a` and the start of token `b`.
fn gap<'t>(text: &'t str, a: &Tok, b: &Tok) -> &'t str {
    &text[a.after.min(b.span.start)..b.span.start]
}

/// Why the run is a person, if the text says so.
fn person_cue(gaz: &Gazetteer, text: &str, out: &Resolved, toks: &[Tok], run: &Run) -> Option<Cue> {
    if run.thing || run.caps == 0 {
        return None;
    }
    let (i, j) = (run.words.start, run.words.end - 1);
    let single = run.caps == 1 && run.words.len() == 1;
    // One word is a name only after a title, and only when hyphenated ("Waker-Uz-Zaman").
    let hyphenated = single
        && word(text, &toks[i])
            .split(['-', '‐'])
            .filter(|p| is_cap(p))
            .count()
            >= 2;
    if single && !hyphenated {
        return None;
    }
    let prev = i.checked_sub(1).map(|p| &toks[p]);
    let next = toks.get(j + 1);
    let before = prev.map(|p| gap(text, p, &toks[i]));
    let after_gap = next.map_or(&text[toks[j].after.min(text.len())..], |n| {
        gap(text, &toks[j], n)
    });

    // A title right before the name.
    if let (Some(p), Some(" " | "\u{a0}")) = (prev, before) {
        if let Kind::Title(t) = p.kind {
            let title = out.titles[t].span.clone();
            if &text[title.clone()] != "Jr." {
                return Some(Cue::Title(title));
            }
        }
    }
    if hyphenated {
        return None;
    }
    // "the Second Thomas Shoal": a person's name takes no article.
    if let Some(p) = prev {
        if p.kind == Kind::Word && matches!(word(text, p), "the" | "The") {
            return None;
        }
    }
    if let (Some(p), Some(" " | "\u{a0}")) = (prev, before) {
        if p.kind == Kind::Word && is_role_word(word(text, p)) && !p.poss {
            return Some(Cue::Role(p.span.clone()));
        }
    }
    if let Some(cue) = byline(text, toks, i) {
        return Some(cue);
    }
    if let Some(cue) = credit(text, toks, i, prev, before) {
        return Some(cue);
    }
    if appositive_after(text, toks, j, after_gap) || role_as(text, toks, j) {
        return Some(Cue::Apposition);
    }
    if appositive_before(text, toks, i, before) && closes(after_gap, next.map(|n| word(text, n))) {
        return Some(Cue::Apposition);
    }
    if after_gap.starts_with(", ")
        && next.is_some_and(|n| n.kind == Kind::Word && word(text, n) == "who")
    {
        return Some(Cue::Who);
    }
    // Weak cues: the run must look like a name too.
    if !person_shaped(gaz, text, toks, run) {
        return None;
    }
    let speech_after = matches!(after_gap, " " | "\u{a0}")
        && next.is_some_and(|n| {
            let w = word(text, n);
            n.kind == Kind::Word && (is(SPEECH_VERBS, w) || is(SPEECH_OBJECT, w))
        });
    let speech_before = matches!(before, Some(" " | "\u{a0}"))
        && prev.is_some_and(|p| {
            p.kind == Kind::Word && SPEECH_BEFORE.contains(&word(text, p))
                || p.kind == Kind::Word
                    && word(text, p) == "to"
                    && i >= 2
                    && toks[i - 2].kind == Kind::Word
                    && word(text, &toks[i - 2]).eq_ignore_ascii_case("according")
        });
    if speech_after || speech_before {
        return Some(Cue::Speech);
    }
    // "Mongolia's Zorigt Munkhbayar": a country's possessive right before.
    let owner = matches!(before, Some(" " | "\u{a0}")) && prev.is_some_and(|p| {
        p.poss
            && matches!(p.kind, Kind::Entity(m) if matches!(
                out.mentions[m].entity,
                Some(EntityRef::Known(e)) if gaz.entities()[e].entity_type() == EntityType::Country
            ))
    });
    if owner {
        return Some(Cue::Owner);
    }
    // "Khalifa bin Zayed": a name, a lower-case "bin", "bint" or "ibn" and a father's name.
    let nasab = run.words.len() >= 3
        && (i + 1..j).any(|k| {
            toks[k].kind == Kind::Word && matches!(word(text, &toks[k]), "bin" | "bint" | "ibn")
        });
    if nasab {
        return Some(Cue::Nasab);
    }
    None
}

/// "By X" at the start of a line; "Reporting by X", "Editing by Y", "… and Z".
fn byline(text: &str, toks: &[Tok], i: usize) -> Option<Cue> {
    let p = i.checked_sub(1)?;
    let by = &toks[p];
    if by.kind != Kind::Word || !matches!(gap(text, by, &toks[i]), " " | "\u{a0}") {
        return None;
    }
    match word(text, by) {
        "By" | "by" => {
            // Only blanks or "(" before it on its line (a walk over those blanks alone).
            let mut lead = text[..by.span.start]
                .chars()
                .rev()
                .take_while(|&c| c != '\n');
            if lead.all(|c| c.is_whitespace() || c == '(') {
                return Some(Cue::Byline);
            }
            let q = p.checked_sub(1)?;
            let w = lower(word(text, &toks[q]));
            BYLINE_WORDS.contains(&w.as_str()).then_some(Cue::Byline)
        }
        // "Reporting by X and Y": Y after X's byline.
        "and" => {
            let q = p.checked_sub(1)?;
            let mut k = q;
            // Back over the previous name to its "by".
            while k > 0
                && toks[k].kind == Kind::Word
                && is_cap(word(text, &toks[k]))
                && q - k < MAX_NAME_WORDS
            {
                k -= 1;
            }
            byline(text, toks, k + 1)
        }
        _ => None,
    }
}

/// "Photo: X/AFP", "Photo: Reuters/X".
fn credit(
    text: &str,
    toks: &[Tok],
    i: usize,
    prev: Option<&Tok>,
    before: Option<&str>,
) -> Option<Cue> {
    let p = prev?;
    let before = before?;
    if matches!(before, ": " | ":\u{a0}")
        && p.kind == Kind::Word
        && CREDIT_WORDS.contains(&word(text, p))
    {
        return Some(Cue::Credit);
    }
    if before.trim() == "/" {
        let start = toks[i].span.start;
        let mut from = start.saturating_sub(120);
        while !text.is_char_boundary(from) {
            from -= 1;
        }
        let window = &text[from..start];
        let line = window.rfind('\n').map_or(window, |n| &window[n + 1..]);
        if CREDIT_WORDS.iter().any(|c| line.contains(&format!("{c}:"))) {
            return Some(Cue::Credit);
        }
    }
    None
}

/// Tokens that may stand between an apposition's comma and its role: articles, possessives,
/// modifiers ("a former finance minister", "Qatar's foreign ministry spokesman").
fn modifier(text: &str, t: &Tok) -> bool {
    match t.kind {
        Kind::Entity(_) => true,
        Kind::Title(_) => true,
        Kind::Word => {
            let w = word(text, t);
            if t.poss {
                return true;
            }
            if w.chars().all(|c| c.is_ascii_digit()) {
                return false;
            }
            !matches!(
                w,
                "who"
                    | "which"
                    | "whose"
                    | "where"
                    | "when"
                    | "said"
                    | "says"
                    | "told"
                    | "and"
                    | "but"
                    | "or"
                    | "while"
                    | "as"
                    | "after"
                    | "before"
                    | "is"
                    | "was"
                    | "are"
                    | "were"
                    | "has"
                    | "had"
                    | "have"
                    | "will"
                    | "would"
                    | "could"
                    | "should"
                    | "may"
                    | "might"
                    | "to"
                    | "in"
                    | "on"
                    | "at"
                    | "by"
                    | "with"
                    | "from"
                    | "that"
                    | "this"
                    | "it"
                    | "he"
                    | "she"
                    | "they"
                    | "we"
                    | "not"
                    | "also"
                    | "of"
                    | "for"
            ) && !is_cap(w)
        }
    }
}

/// "X, a spokesman for …", "X, 42, a former journalist", "X, Qatar's foreign ministry
/// spokesman", "X, head of …".
fn appositive_after(text: &str, toks: &[Tok], j: usize, after_gap: &str) -> bool {
    apposition_names(text, toks, j, after_gap, is_role)
}

/// Nouns an apposition gives an organisation: "EUFOR, the European Union's peacekeeping
/// force in Bosnia".
const ORG_NOUNS: &[&str] = &[
    "force",
    "mission",
    "group",
    "alliance",
    "coalition",
    "militia",
    "party",
    "agency",
    "body",
    "bloc",
    "grouping",
    "forum",
    "partnership",
    "organisation",
    "organization",
    "movement",
    "committee",
    "council",
    "authority",
    "army",
    "network",
    "consortium",
    "company",
    "broadcaster",
    "airline",
];

/// Is `t` a noun an apposition gives an organisation?
fn is_org_noun(text: &str, t: &Tok) -> bool {
    t.kind == Kind::Word && ORG_NOUNS.contains(&word(text, t))
}

/// An apposition after token `j` whose head (within a few modifiers) passes `head`.
fn apposition_names(
    text: &str,
    toks: &[Tok],
    j: usize,
    after_gap: &str,
    head: fn(&str, &Tok) -> bool,
) -> bool {
    if !matches!(after_gap, ", " | ",\u{a0}") {
        return false;
    }
    let mut k = j + 1;
    // An age: "X, 42, a …".
    if let Some(t) = toks.get(k) {
        let w = word(text, t);
        if t.kind == Kind::Word && w.chars().all(|c| c.is_ascii_digit()) && w.len() <= 3 {
            if toks.get(k + 1).is_some_and(|n| gap(text, t, n) == ", ") {
                k += 1;
            } else {
                return false;
            }
        }
    }
    for step in 0..WINDOW.min(6) {
        let Some(t) = toks.get(k + step) else {
            return false;
        };
        if step > 0 {
            let g = gap(text, &toks[k + step - 1], t);
            if g.contains([',', '.', ';', ':', '(', ')', '"', '“', '”', '\n']) {
                return false;
            }
        }
        if head(text, t) && !t.poss {
            return true;
        }
        if !modifier(text, t) {
            return false;
        }
    }
    false
}

/// "X as prime minister", "X as head of …".
fn role_as(text: &str, toks: &[Tok], j: usize) -> bool {
    let Some(a) = toks.get(j + 1) else {
        return false;
    };
    if a.kind != Kind::Word || word(text, a) != "as" || gap(text, &toks[j], a) != " " {
        return false;
    }
    for step in 2..5 {
        let Some(t) = toks.get(j + step) else {
            return false;
        };
        if gap(text, &toks[j + step - 1], t) != " " {
            return false;
        }
        if is_role(text, t) {
            return true;
        }
        let w = word(text, t);
        if !matches!(
            w,
            "the"
                | "a"
                | "an"
                | "its"
                | "his"
                | "her"
                | "their"
                | "new"
                | "acting"
                | "interim"
                | "chief"
                | "deputy"
                | "senior"
                | "top"
                | "foreign"
                | "defence"
                | "defense"
                | "prime"
                | "interior"
                | "finance"
                | "central"
                | "bank"
                | "army"
                | "military"
        ) {
            return false;
        }
    }
    false
}

/// "China's ambassador, X", "The U.N. envoy for Libya, X", "the top commander of the
/// Revolutionary Armed Forces of Colombia, X".
fn appositive_before(text: &str, toks: &[Tok], i: usize, before: Option<&str>) -> bool {
    if !matches!(before, Some(", " | ",\u{a0}")) || i == 0 {
        return false;
    }
    let mut k = i - 1;
    for _ in 0..WINDOW + 2 {
        let t = &toks[k];
        if is_role(text, t) && !t.poss {
            // The role heads the phrase: it follows an article, a possessive or a modifier.
            return k == 0 || {
                let p = &toks[k - 1];
                let g = gap(text, p, t);
                !g.contains(['.', ';', ':', '\n'])
                    && (p.poss
                        || matches!(p.kind, Kind::Entity(_) | Kind::Title(_))
                        || p.kind == Kind::Word
                            && (!is_cap(word(text, p)) || is_stop(word(text, p)))
                        || g.contains(','))
            };
        }
        let w = word(text, t);
        let ok = match t.kind {
            Kind::Entity(_) => true,
            Kind::Title(_) => true,
            Kind::Word => {
                is_cap(w) || matches!(w, "of" | "for" | "to" | "at" | "in" | "the" | "and" | "on")
            }
        };
        if !ok || k == 0 {
            return false;
        }
        let g = gap(text, &toks[k - 1], t);
        if g.contains([',', '.', ';', ':', '(', ')', '"', '\n']) && !toks[k - 1].poss {
            return false;
        }
        k -= 1;
    }
    false
}

/// Does an apposition close after the name: a comma, a period, a line end, "who"?
fn closes(after_gap: &str, next: Option<&str>) -> bool {
    after_gap.starts_with([',', '.', ';', ')', '\n'])
        || after_gap.trim().is_empty() && next.is_none()
        || matches!(next, Some("who" | "said" | "says" | "told"))
}

/// A known person's name continued by capitalised words no list holds: the whole is the name
/// ("Abdul Hamid Dbeibah" after the listed "Abdul Hamid"). Returns the tokens.
fn extended_person(
    gaz: &Gazetteer,
    text: &str,
    out: &Resolved,
    toks: &[Tok],
    i: usize,
) -> Option<Range<usize>> {
    let Kind::Entity(m) = toks[i].kind else {
        return None;
    };
    let mention = &out.mentions[m];
    let Some(EntityRef::Known(e)) = mention.entity else {
        return None;
    };
    if gaz.entities()[e].entity_type() != EntityType::Person
        || mention.form != AliasForm::Name
        || !text[mention.span.clone()].contains(' ')
    {
        return None;
    }
    // "the Trump Route": a person's name takes no article.
    if i > 0 && toks[i - 1].kind == Kind::Word && matches!(word(text, &toks[i - 1]), "the" | "The")
    {
        return None;
    }
    let next = toks.get(i + 1)?;
    if !joined(text, &toks[i], next) || next.kind != Kind::Word {
        return None;
    }
    let w = word(text, next);
    if !is_cap(w) || is_stop(w) || is_thing(w) || SUFFIXES.contains(&w) {
        return None;
    }
    // One more word only, and not the start of another name ("… Abdul Hamid Dbeibah Ahmed").
    if toks
        .get(i + 2)
        .is_some_and(|n| joined(text, next, n) && n.kind == Kind::Word && is_cap(word(text, n)))
    {
        return None;
    }
    Some(i..i + 2)
}

/// "the Tuareg-led coalition", "a Saudi-led coalition": a coalition named by who leads it.
/// Returns the last token and the listed mention the name swallows, if any.
fn led_coalition(
    gaz: &Gazetteer,
    text: &str,
    out: &Resolved,
    toks: &[Tok],
    i: usize,
) -> Option<(usize, Option<usize>)> {
    let t = &toks[i];
    let coalition = |k: usize| {
        toks.get(k).is_some_and(|c| {
            c.kind == Kind::Word && word(text, c) == "coalition" && joined(text, &toks[k - 1], c)
        })
    };
    match t.kind {
        Kind::Word => {
            let (x, led) = word(text, t).rsplit_once('-')?;
            (led == "led" && is_cap(x) && coalition(i + 1)).then_some((i + 1, None))
        }
        Kind::Entity(m) => {
            let e = out.mentions[m].entity?;
            let led = toks.get(i + 1)?;
            let ok = out.entity_type(gaz, e) != EntityType::Person
                && led.kind == Kind::Word
                && word(text, led) == "led"
                && gap(text, t, led) == "-"
                && coalition(i + 2);
            ok.then_some((i + 2, Some(m)))
        }
        Kind::Title(_) => None,
    }
}

/// An organisation's name found by [`org_phrase`].
struct OrgPhrase<'t> {
    /// Token indices.
    words: Range<usize>,
    /// Listed mentions inside it ("United Nations" in "United Nations Support Mission in
    /// Libya"), replaced by it.
    swallowed: Vec<usize>,
    /// Its acronym, given in parentheses after it, and the tokens inside the parentheses.
    acronym: Option<(&'t str, Range<usize>)>,
}

/// Connecting words inside an organisation's name ("Central Bank of Libya").
const ORG_CONNECTORS: &[&str] = &["of", "for", "in", "and", "the", "on"];

/// An organisation's name starting at token `i`: capitalised words and listed names of
/// places and organisations, joined by "of", "for", "in", "and", "the", with at least one
/// capitalised word no list holds, and either its acronym in parentheses after it ("the
/// Stability Support Apparatus (SSA)") or an organisation word closing a part of it after
/// "the", a possessive or a modifier ("the Tripoli-based Presidential Council", "the Central
/// Bank of Libya", "Hezbollah's Executive Council").
fn org_phrase<'t>(
    gaz: &Gazetteer,
    text: &'t str,
    out: &Resolved,
    toks: &[Tok],
    i: usize,
) -> Option<OrgPhrase<'t>> {
    let not_person = |t: &Tok| match t.kind {
        Kind::Entity(m) => {
            out.mentions[m]
                .entity
                .is_some_and(|e| out.entity_type(gaz, e) != EntityType::Person)
                && out.mentions[m]
                    .entity
                    .is_some_and(|e| matches!(e, EntityRef::Known(_)))
        }
        _ => false,
    };
    let part = |t: &Tok| {
        t.kind == Kind::Word && {
            let w = word(text, t);
            is_cap(w) && !is_stop(w) && !SUFFIXES.contains(&w)
        } || not_person(t)
    };
    // "the 444 Brigade": a number may open a unit's name after "the".
    let number = toks[i].kind == Kind::Word
        && word(text, &toks[i]).chars().all(|c| c.is_ascii_digit())
        && i > 0
        && toks[i - 1].kind == Kind::Word
        && matches!(word(text, &toks[i - 1]), "the" | "The")
        && toks
            .get(i + 1)
            .is_some_and(|n| joined(text, &toks[i], n) && part(n));
    if !part(&toks[i]) && !number {
        return None;
    }
    // A listed name starts an organisation's name only when a new word follows it ("United
    // Nations Support Mission").
    if toks[i].kind != Kind::Word
        && !toks
            .get(i + 1)
            .is_some_and(|n| joined(text, &toks[i], n) && n.kind == Kind::Word && part(n))
    {
        return None;
    }
    let mut j = i;
    let mut last = i;
    let mut headed = false;
    let mut words = 0;
    loop {
        let t = &toks[j];
        if part(t) || j == i && number {
            last = j;
            if t.kind == Kind::Word {
                words += 1;
                let w = word(text, t);
                let closes_part = toks.get(j + 1).is_none_or(|n| {
                    !joined(text, t, n) || n.kind == Kind::Word && !is_cap(word(text, n))
                });
                headed |= closes_part && ORG_HEADS.contains(&w)
                    || w == "Government"
                        && toks
                            .get(j + 1)
                            .is_some_and(|n| joined(text, t, n) && word(text, n) == "of");
            }
        } else if !(t.kind == Kind::Word && ORG_CONNECTORS.contains(&word(text, t))) {
            break;
        } else {
            // "Support and Stabilisation", "for the Defence", "of Libya": never "Turkey and
            // the Government …".
            let p = &toks[j - 1];
            let ok = match word(text, t) {
                "and" => {
                    p.kind == Kind::Word
                        && toks
                            .get(j + 1)
                            .is_some_and(|n| n.kind == Kind::Word && part(n))
                }
                "the" => p.kind == Kind::Word && ORG_CONNECTORS.contains(&word(text, p)),
                _ => part(p),
            };
            if !ok {
                break;
            }
        }
        // "People's" inside a name: "Sudan People's Liberation Movement".
        let peoples = t.poss && t.kind == Kind::Word && word(text, t) == "People";
        if t.poss && !peoples || j + 1 >= toks.len() || j + 1 - i >= 2 * MAX_NAME_WORDS {
            break;
        }
        let n = &toks[j + 1];
        if !(joined(text, t, n) || peoples && matches!(&text[t.after..n.span.start], " ")) {
            break;
        }
        j += 1;
    }
    if words == 0 || last == i {
        return None;
    }
    let acronym = acronym_after(text, toks, last);
    // After "the", a possessive, or a modifier ("the Tripoli-based", "the three-member", "the
    // ruling"), up to three modifiers back.
    let introduced = (1..=4).any(|back| {
        let Some(p) = i.checked_sub(back).map(|p| &toks[p]) else {
            return false;
        };
        let w = word(text, p);
        let the = p.poss || p.kind == Kind::Word && matches!(w, "the" | "The" | "a" | "an");
        let modifiers = toks[i + 1 - back..i].iter().all(|m| {
            m.kind == Kind::Word
                && !m.poss
                && word(text, m).starts_with(|c: char| c.is_lowercase())
                && !ORG_CONNECTORS.contains(&word(text, m))
        });
        let chained = (i + 1 - back..=i).all(|k| {
            k == 0 || {
                let g = gap(text, &toks[k - 1], &toks[k]);
                matches!(g, " " | "-") || toks[k - 1].poss
            }
        });
        the && modifiers && chained
            || back == 1
                && p.kind == Kind::Word
                && w.contains(['-', '‐'])
                && w.starts_with(|c: char| c.is_lowercase())
                && gap(text, p, &toks[i]) == " "
            || back == 1
                && is_modifier_part(w.rsplit(['-', '‐']).next().unwrap_or(w))
                && matches!(gap(text, p, &toks[i]), " ")
    });
    // "ECOWAS Commission President X": an organisation's name before an office.
    let office = toks.get(last + 1).is_some_and(|n| {
        joined(text, &toks[last], n)
            && matches!(n.kind, Kind::Title(t) if gaz.titles()[out.titles[t].title].kind
                == crate::gazetteer::TitleKind::Office)
    });
    if acronym.is_none() && !(headed && (introduced || office)) {
        return None;
    }
    let inside = acronym.as_ref().map_or(0..0, |(_, r)| r.clone());
    let swallowed = toks[i..=last]
        .iter()
        .chain(&toks[inside])
        .filter_map(|t| match t.kind {
            Kind::Entity(m) => Some(m),
            _ => None,
        })
        .collect();
    Some(OrgPhrase {
        words: i..last + 1,
        swallowed,
        acronym,
    })
}

/// A listed organisation's name followed by an acronym in parentheses that no list holds
/// ("the Alliance of Sahel States (AES)"): the acronym, the organisation and the acronym's
/// tokens.
fn listed_acronym<'t>(
    gaz: &Gazetteer,
    text: &'t str,
    out: &Resolved,
    toks: &[Tok],
    i: usize,
) -> Option<(&'t str, EntityRef, Range<usize>)> {
    let Kind::Entity(m) = toks[i].kind else {
        return None;
    };
    let entity = out.mentions[m].entity?;
    let EntityRef::Known(k) = entity else {
        return None;
    };
    if gaz.entities()[k].entity_type() != EntityType::Org || toks[i].poss {
        return None;
    }
    let (acronym, inside) = acronym_after(text, toks, i)?;
    let unknown = !inside.is_empty() && toks[inside.clone()].iter().all(|t| t.kind == Kind::Word);
    (unknown && acronym.len() >= 2).then_some((acronym, entity, inside))
}

/// The acronym in parentheses right after token `j` ("(SSA)").
fn acronym_after<'t>(text: &'t str, toks: &[Tok], j: usize) -> Option<(&'t str, Range<usize>)> {
    let rest = text[toks[j].after..].strip_prefix(" (")?;
    let close = rest.find(')')?;
    let acronym = &rest[..close];
    let ok = (2..=16).contains(&acronym.len())
        && acronym.starts_with(|c: char| c.is_uppercase())
        && acronym
            .chars()
            .all(|c| c.is_uppercase() || c.is_ascii_digit() || c == '-');
    if !ok {
        return None;
    }
    let start = toks[j].after + 2;
    let end = start + close;
    let inside = j + 1
        ..toks[j + 1..]
            .iter()
            .position(|t| t.span.start >= end)
            .map_or(toks.len(), |k| j + 1 + k);
    Some((&text[start..end], inside))
}

/// The short forms later mentions use: the full name, the surname (with its particle), a
/// surname without its article ("Kabir" for "al-Kabir"), the family name of a name written
/// surname first. None for organisations.
fn short_forms(name: &str, kind: EntityType) -> Vec<(String, AliasForm)> {
    let mut out = vec![(name.to_string(), AliasForm::Name)];
    if kind != EntityType::Person {
        return out;
    }
    let words: Vec<&str> = name
        .split(' ')
        .filter(|w| !SUFFIXES.contains(&w.trim_end_matches('.')))
        .collect();
    if words.len() < 2 {
        return out;
    }
    let last = words[words.len() - 1];
    let mut push = |s: String| {
        let ok = (s.chars().next().is_some_and(char::is_uppercase) || is_cap(&s))
            && !is_stop(&s)
            && !out.iter().any(|(o, _)| *o == s);
        if ok {
            out.push((s, AliasForm::Surname));
        }
    };
    if is_cap(last) {
        push(last.to_string());
    }
    if let Some(rest) = crate::matcher::without_article(last) {
        push(rest.to_string());
    }
    let before = words[words.len() - 2];
    if ["Abu", "Bin", "Ibn", "Ould", "Van", "De", "Al", "El"].contains(&before) && words.len() > 2 {
        push(format!("{before} {last}"));
    }
    if crate::matcher::FAMILY_NAMES_FIRST.contains(&words[0]) && words.len() <= 3 {
        push(words[0].to_string());
    }
    out
}

/// `person:discovered:<slug>`'s slug: the folded name, ASCII letters and digits and hyphens.
pub(crate) fn slug(name: &str) -> String {
    let mut s = String::new();
    for c in fold::key(name).chars() {
        if c.is_ascii_alphanumeric() {
            s.push(c);
        } else if !s.ends_with('-') && !s.is_empty() {
            s.push('-');
        }
    }
    s.trim_end_matches('-').to_string()
}

#[cfg(test)]
mod tests {
    use std::sync::OnceLock;

    use super::*;
    use crate::{Document, Pipeline};

    fn pipeline() -> &'static Pipeline {
        static P: OnceLock<Pipeline> = OnceLock::new();
        P.get_or_init(|| Pipeline::builder().build().unwrap())
    }

    /// `(mention text, type, entity name)` of every discovered mention in `text`.
    fn found(text: &str) -> Vec<(String, EntityType, String)> {
        let r = pipeline().process(&Document::new("t", text));
        r.mentions
            .iter()
            .filter_map(|m| {
                let e = m.entity()?;
                e.discovered
                    .then(|| (m.text().to_string(), e.kind, e.name.to_string()))
            })
            .collect()
    }

    /// The names of the discovered people in `text`, in order, each once.
    fn people(text: &str) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for (_, kind, name) in found(text) {
            if kind == EntityType::Person && !out.contains(&name) {
                out.push(name);
            }
        }
        out
    }

    macro_rules! t {
        ($text:expr, [$($name:expr),* $(,)?]) => {{
            let want: Vec<&str> = vec![$($name),*];
            assert_eq!(people($text), want, "{}", $text)
        }};
    }

    #[test]
    fn a_name_joined_to_a_fathers_name() {
        t!(
            "It ended with Khalifa bin Zayed's death.",
            ["Khalifa bin Zayed"]
        );
        t!("Hamdan bin Mohammed met them.", ["Hamdan bin Mohammed"]);
        t!("Aisha bint Abdullah wrote it.", ["Aisha bint Abdullah"]);
        // The particle must join two names: capitalised words around it.
        t!("Bin Laden Group said.", []);
        t!("The bin collection resumed.", []);
    }

    #[test]
    fn a_person_shaped_name_after_a_countrys_possessive() {
        t!(
            "Azerbaijan's Ramil Hasanov and Kenya's Mary Wanjiru met on Monday.",
            ["Ramil Hasanov", "Mary Wanjiru"]
        );
        // Not any capitalised words: the first must be a given name.
        t!("Kenya's Rift Valley was calm.", []);
    }

    #[test]
    fn after_titles_and_roles() {
        t!(
            "Foreign ministry spokesperson Lindiwe Mbatha said on Monday.",
            ["Lindiwe Mbatha"]
        );
        t!(
            "Deputy Foreign Minister Tarek Haddadin met army chief Asim Rahmani and opposition \
             leader Oksana Dzyuba.",
            ["Tarek Haddadin", "Asim Rahmani", "Oksana Dzyuba"]
        );
        t!(
            "Archbishop Bagrat Galstanyan led the march.",
            ["Bagrat Galstanyan"]
        );
        t!(
            "Fatah's chief negotiator Azzam al-Ahmad signed.",
            ["Azzam al-Ahmad"]
        );
        t!(
            "Egyptian intelligence chief Khaled Fawzy mediated.",
            ["Khaled Fawzy"]
        );
        t!(
            "It was founded by the late strongman Slobodan Milosevic.",
            ["Slobodan Milosevic"]
        );
        t!(
            "Its honorary chairman is billionaire Bidzina Ivanishvili.",
            ["Bidzina Ivanishvili"]
        );
        t!(
            "Hamas deputy leader Saleh al-Arouri arrived.",
            ["Saleh al-Arouri"]
        );
        t!(
            "Gen. Waker-Uz-Zaman announced her departure.",
            ["Waker-Uz-Zaman"]
        );
        t!(
            "Sultan Qaboos bin Said died on Friday.",
            ["Qaboos bin Said"]
        );
    }

    #[test]
    fn honorifics_suffixes_and_particles_are_kept_whole() {
        t!(
            "Kuwaiti Foreign Minister Sheikh Ahmad Nasser al-Mohammad al-Sabah announced it.",
            ["Ahmad Nasser al-Mohammad al-Sabah"]
        );
        t!(
            "General Romeo Brawner Jr., chief of the armed forces, said the boats were seized.",
            ["Romeo Brawner Jr."]
        );
        t!(
            "Lt. Gen. Abdel-Aziz al-Qahtani replied.",
            ["Abdel-Aziz al-Qahtani"]
        );
        t!("Sen. John Q. Marlowe objected.", ["John Q. Marlowe"]);
        // Initials may open a name, written together or apart.
        t!(
            "Bangladesh Foreign Minister A.K. Abdul Momen said it.",
            ["A.K. Abdul Momen"]
        );
        t!("Minister J. R. Okello spoke.", ["J. R. Okello"]);
        t!(
            "It was signed by Ahmed Ali Abu Shahma, who led the team.",
            ["Ahmed Ali Abu Shahma"]
        );
        // A suffix title is absorbed; an honorific before the name ("Sheikh") stays a title
        // of its own, as "Gen." does: the person is named without it.
        let text = "Foreign Minister Sheikh Nawaf al-Ahmad al-Sabah arrived. General Romeo Brawner Jr. spoke.";
        let resolved = pipeline().analyze(text, None).resolved;
        let titles: Vec<&str> = resolved
            .titles
            .iter()
            .map(|t| &text[t.span.clone()])
            .collect();
        assert!(titles.contains(&"Sheikh"), "{titles:?}");
        assert!(!titles.contains(&"Jr."), "{titles:?}");
    }

    #[test]
    fn appositions() {
        t!(
            "Jay Tarriela, a spokesman for the Philippine Coast Guard, said boats were blocked.",
            ["Jay Tarriela"]
        );
        t!(
            "The Philippines summoned China's ambassador, Huang Xilian, on Monday.",
            ["Huang Xilian"]
        );
        t!(
            "Ruslan Temirov, 42, a former journalist, said the vote was rigged.",
            ["Ruslan Temirov"]
        );
        t!(
            "Majed al-Ansari, Qatar's foreign ministry spokesman, said talks continue.",
            ["Majed al-Ansari"]
        );
        t!(
            "His foreign secretary, Marvin Quidato, welcomed the decision.",
            ["Marvin Quidato"]
        );
        t!(
            "The U.N. envoy for Libya, Jan Kubis, who took up the post, spoke.",
            ["Jan Kubis"]
        );
        t!(
            "It was signed with Colombia's ambassador to the United States, Daniel Garcia-Pena.",
            ["Daniel Garcia-Pena"]
        );
        t!(
            "Stephanie Koury, UNSMIL's acting head, said the deal mattered.",
            ["Stephanie Koury"]
        );
        t!(
            "Kobakhidze replaced Irakli Garibashvili as prime minister in February.",
            ["Irakli Garibashvili"]
        );
        t!(
            "Among them was Bassem Awadallah, a former finance minister.",
            ["Bassem Awadallah"]
        );
    }

    #[test]
    fn speech_verbs_need_a_name_shaped_name() {
        t!(
            "Tomasz Wieczorek said the talks failed.",
            ["Tomasz Wieczorek"]
        );
        t!(
            "The figures were confirmed, according to Aylin Demirtas.",
            ["Aylin Demirtas"]
        );
        t!(
            "The minister told Farid Rahimi the plan was off.",
            ["Farid Rahimi"]
        );
        // No given name, no particle, no cue but the verb: not a person.
        t!("Quantum Dynamics said profits rose.", []);
        t!("Human Rights Watch said the strike was unlawful.", []);
    }

    #[test]
    fn bylines_and_credits() {
        let text = "Sudan cuts ties with UAE\n\nBy Amira Osman-Haddad\n\nPORT SUDAN, May 7 \
                    (Reuters) - Sudan cut ties.\n\n(Reporting by Tom Hale and Piotr Zaleski; \
                    Editing by Lena Fischer)\nPhoto: Marta Kowalczyk/AFP\nPhoto: Reuters/Paolo Ramos\n\
                    Photo: Hamed Rezaei/WANA via Reuters\nPhoto: dpa";
        t!(
            text,
            [
                "Amira Osman-Haddad",
                "Tom Hale",
                "Piotr Zaleski",
                "Lena Fischer",
                "Marta Kowalczyk",
                "Paolo Ramos",
                "Hamed Rezaei"
            ]
        );
        t!(
            "By Tesfaye Girma-Bekele Photo: Selam Haile/AFP\n\nGUBA, Ethiopia - It opened.",
            ["Tesfaye Girma-Bekele", "Selam Haile"]
        );
    }

    #[test]
    fn later_short_forms_name_the_same_person() {
        let f = found(
            "Vice Foreign Minister Park Min-jun arrived in Tokyo. Park said the visit was useful.",
        );
        assert_eq!(f.len(), 2, "{f:?}");
        assert!(f.iter().all(|(_, _, n)| n == "Park Min-jun"));
        let f = found(
            "Naji Mohamed Issa, a veteran official, will replace Sadiq al-Kabir as governor. \
             Issa said he would oust Kabir's allies.",
        );
        let texts: Vec<(&str, &str)> = f.iter().map(|(t, _, n)| (t.as_str(), n.as_str())).collect();
        assert_eq!(
            texts,
            [
                ("Naji Mohamed Issa", "Naji Mohamed Issa"),
                ("Sadiq al-Kabir", "Sadiq al-Kabir"),
                ("Issa", "Naji Mohamed Issa"),
                // Coreference: the pronoun refers to the subject just named.
                ("he", "Naji Mohamed Issa"),
                ("Kabir", "Sadiq al-Kabir")
            ]
        );
        // A short form two discovered people share names neither.
        let f = found("Spokesman Omar Haddad spoke. Adviser Lina Haddad replied. Haddad left.");
        assert!(f.iter().all(|(t, _, _)| t != "Haddad"), "{f:?}");
    }

    #[test]
    fn a_listed_name_continued_is_a_new_name() {
        let f = found(
            "Fayez al-Sarraj handed power on Tuesday to Abdul Hamid Dbeibah, whose plan won.",
        );
        assert!(
            f.iter()
                .any(|(t, k, _)| t == "Abdul Hamid Dbeibah" && *k == EntityType::Person),
            "{f:?}"
        );
        // A listed person's bare surname inside an unknown name is part of that name.
        t!(
            "The Taliban's political chief, Mullah Abdul Ghani Baradar, signed. Ashraf Ghani objected.",
            ["Mullah Abdul Ghani Baradar"]
        );
        assert!(found("It will be called the Trump Route for International Peace.").is_empty());
    }

    #[test]
    fn a_listed_organisations_acronym_names_it() {
        let r = pipeline().process(&Document::new(
            "t",
            "The Alliance of Sahel States (AES) met in Niamey. Algeria criticised the AES.",
        ));
        let aes: Vec<(&str, String)> = r
            .mentions
            .iter()
            .filter_map(|m| Some((m.text(), m.entity()?.name.to_string())))
            .filter(|(t, _)| *t == "AES")
            .collect();
        assert_eq!(
            aes,
            vec![("AES", "Alliance of Sahel States".to_string()); 2],
            "{:?}",
            r.mentions
        );
        // A listed acronym stays the entity its list gives.
        let r = pipeline().process(&Document::new(
            "t",
            "The Gulf Cooperation Council (GCC) met. The GCC said it would act.",
        ));
        assert!(r
            .mentions
            .iter()
            .all(|m| m.entity().is_some_and(|e| !e.discovered)));
    }

    #[test]
    fn organisations_and_places() {
        let f = found(
            "The rival Government of National Stability (GNS), based in the east, rejected it. \
             The GNS said it would not comply.",
        );
        assert_eq!(f.len(), 3, "{f:?}");
        assert!(f
            .iter()
            .all(|(_, k, n)| *k == EntityType::Org && n == "Government of National Stability"));
        let f = found("The crisis erupted when the Tripoli-based Presidential Council moved.");
        assert_eq!(
            f,
            [(
                "Presidential Council".into(),
                EntityType::Org,
                "Presidential Council".into()
            )]
        );
        let f =
            found("Ethiopia inaugurated the Grand Ethiopian Renaissance Dam (GERD) on Tuesday.");
        assert!(
            f.iter().all(|(_, k, _)| *k == EntityType::Location),
            "{f:?}"
        );
        // A listed acronym glued to an unknown one is not the listed entity.
        let r = pipeline().process(&Document::new(
            "t",
            "Fighters of the CSP-DPA rebel alliance attacked.",
        ));
        assert!(
            r.mentions.iter().all(|m| m.text() != "DPA"),
            "{:?}",
            r.mentions
        );
        for (text, name) in [
            (
                "EUFOR, the European Union's peacekeeping force in Bosnia, said it was ready.",
                "EUFOR",
            ),
            (
                "Leaders met at a summit of BIMSTEC, a regional grouping around the Bay of Bengal.",
                "BIMSTEC",
            ),
            (
                "The 777 Brigade, which is aligned with the GNU, overran rival positions.",
                "777 Brigade",
            ),
            (
                "Russia shot down an Azerbaijan Airlines passenger jet.",
                "Azerbaijan Airlines",
            ),
            (
                "He leads the Armenian Apostolic Church's diocese.",
                "Armenian Apostolic Church",
            ),
            (
                "Algeria brokered a deal with the Coordination of Azawad Movements (CMA).",
                "Coordination of Azawad Movements",
            ),
        ] {
            let f = found(text);
            assert_eq!(
                f.first().map(|(_, k, n)| (*k, n.as_str())),
                Some((EntityType::Org, name)),
                "{text}: {f:?}"
            );
        }
        // No organisation's noun, or no acronym: not an organisation.
        assert!(found(
            "NATO, which Sweden joined, met. The UN said so. KYIV, July 17 (AP) - It rained."
        )
        .is_empty());
        let f = found("The Sudan People's Liberation Movement-in-Opposition (SPLM-IO) denied it.");
        assert_eq!(f[0].2, "Sudan People's Liberation Movement-in-Opposition");
        let f = found("Fighters of the Tuareg-led coalition and a Kurdish-led coalition attacked.");
        let names: Vec<&str> = f.iter().map(|(_, _, n)| n.as_str()).collect();
        assert_eq!(names, ["Tuareg-led coalition", "Kurdish-led coalition"]);
        assert!(found("American-led forces and student-led protests").is_empty());
        // Never across "and": "Turkey and the Government …".
        let f = found("Turkey and the Government of National Salvation (GNS) signed a deal.");
        assert_eq!(f[0].0, "Government of National Salvation");
    }

    #[test]
    fn capitalised_words_alone_are_not_names() {
        for text in [
            "MANILA, Aug 7 (Reuters) - On Monday the Second Thomas Shoal, where troops live, was quiet.",
            "Human Rights Watch said the Coast Guard Station was hit. Amnesty International said more.",
            "President Smith said the Ministry of Defence would act.",
            "Among them was the Kremlin-run Africa Corps. Georgian Dream said it won.",
            "Camp David hosted talks. Sharm el-Sheikh hosted talks too.",
            "Reuters said on Monday that Tuesday's vote was close.",
            "The Philippine Coast Guard said the China Coast Guard fired water cannon.",
            "Read More: Big Tech Faces New Rules",
            "Photo: dpa",
        ] {
            assert!(people(text).is_empty(), "{text}: {:?}", people(text));
        }
    }

    #[test]
    fn short_forms_of_names() {
        let forms = |n: &str| -> Vec<String> {
            short_forms(n, EntityType::Person)
                .into_iter()
                .map(|(s, _)| s)
                .collect()
        };
        assert_eq!(forms("Romeo Brawner Jr."), ["Romeo Brawner Jr.", "Brawner"]);
        assert_eq!(
            forms("Sadiq al-Kabir"),
            ["Sadiq al-Kabir", "al-Kabir", "Kabir"]
        );
        assert_eq!(
            forms("Ahmed Ali Abu Shahma"),
            ["Ahmed Ali Abu Shahma", "Shahma", "Abu Shahma"]
        );
        assert_eq!(forms("Kim Yo Jong"), ["Kim Yo Jong", "Jong", "Kim"]);
        assert_eq!(
            short_forms("Presidential Council", EntityType::Org).len(),
            1
        );
    }

    #[test]
    fn slugs_are_ascii() {
        assert_eq!(slug("Jeffrey Rosen"), "jeffrey-rosen");
        assert_eq!(slug("Mevlüt Çavuşoğlu"), "mevlut-cavusoglu");
    }

    #[test]
    fn long_runs_and_many_names_stay_bounded() {
        // A run longer than a name is cut; thousands of names are capped.
        let long = "Spokesman Aaa Bbb Ccc Ddd Eee Fff Ggg Hhh Iii Jjj said.";
        let f = found(long);
        assert!(f
            .iter()
            .all(|(t, _, _)| t.split(' ').count() <= MAX_NAME_WORDS));
        let many: String = (0..2000)
            .map(|i| format!("Spokesman Omar Haddad{} spoke. ", slug_word(i)))
            .collect();
        let resolved = pipeline().analyze(&many, None).resolved;
        assert!(resolved.discovered.len() <= MAX_DISCOVERED);
    }

    #[test]
    fn a_long_document_is_read_in_pieces() {
        let filler = "The talks went on for hours in the capital.\n".repeat(PIECE / 40);
        let text = format!(
            "Spokesman Omar Haddadin spoke.\n{filler}Haddadin said the Public Order Support \
             Apparatus (POSA) agreed.\n{filler}The POSA and Haddadin left."
        );
        let cut: Vec<Range<usize>> = pieces(&text).collect();
        assert!(cut.len() >= 2, "{} pieces", cut.len());
        assert_eq!(cut.first().unwrap().start, 0);
        assert_eq!(cut.last().unwrap().end, text.len());
        assert!(cut
            .windows(2)
            .all(|w| w[0].end == w[1].start && text[..w[0].end].ends_with('\n')));
        let f = found(&text);
        let got: Vec<(&str, &str)> = f.iter().map(|(t, _, n)| (t.as_str(), n.as_str())).collect();
        let ssa = "Public Order Support Apparatus";
        assert_eq!(
            got,
            [
                ("Omar Haddadin", "Omar Haddadin"),
                ("Haddadin", "Omar Haddadin"),
                (ssa, ssa),
                ("POSA", ssa),
                ("POSA", ssa),
                ("Haddadin", "Omar Haddadin"),
            ]
        );
    }

    fn slug_word(i: usize) -> String {
        let mut s = String::from("X");
        let mut n = i;
        loop {
            s.push((b'a' + (n % 26) as u8) as char);
            n /= 26;
            if n == 0 {
                break s;
            }
        }
    }
}
