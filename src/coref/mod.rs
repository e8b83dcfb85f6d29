//! References a reader resolves without effort, within one document: pronouns, definite
//! descriptions, counted groups, and capitals standing for their governments.
//!
//! Runs after [`crate::resolve`], sentence by sentence, and turns each such reference into a
//! mention of the entity it refers to, so the relation rules see it as an argument:
//!
//! - **metonymy** ([`metonymy`]): a capital (the gazetteer's `capital` column) or a seat of
//!   government (`seats.tsv`) that acts — the subject of a verb, a party after "with",
//!   "between", "against"…, an owner ("Moscow's ally"), a member of a list of actors —
//!   becomes a mention of its country, written `capital`; in a place context ("talks in
//!   Ankara", "visited Moscow", a dateline) it stays what it was;
//! - **pronouns**: "he/him/his/she/her" → a person, "it/its" → a country or organization,
//!   "they" → the actors of a list: the nearest clause subject before the pronoun in its
//!   sentence, else the subject of the nearest earlier sentence that names a candidate, else
//!   the one candidate such a sentence names; "it" only as the subject of an agentive verb
//!   ("it is", "it was", "made it" are left alone) or as the object of a verb of support,
//!   pressure or blame ("accusing it of"), which, like "him", is never its own clause's
//!   subject;
//! - **descriptions**: "the emir", "the Jordanian monarch", "the president" → the one person
//!   seen with that title (next to their name in the text, or by a gazetteer office on the
//!   document's date); "the kingdom", "the sultanate", "the emirate" → the one monarchy of
//!   that kind named so far (offices data); "the country", "the bloc", "the group", "the
//!   army"… → the one entity of that kind in the nearest sentences that name one;
//! - **counted groups**: "the two countries", "both sides", "the three leaders", "the two" →
//!   the entities just listed ("Turkey and Armenia"), one mention per member
//!   ([`crate::resolve::Resolved::extra`]).
//!
//! Everything is conservative: when two candidates fit, nothing is resolved, and a pronoun
//! or description that finds no candidate stays plain text.
//!
//! Cost and bounds: one pass over the sentences, each tokenized once; a reference looks at
//! the current sentence and a window of the [`WINDOW`] previous sentences (at most
//! [`MAX_ITEMS`] candidates each), and at document-level lists of at most [`MAX_SEEN`]
//! distinct entities and [`MAX_HOLDERS`] title holders. Linear in the document's length.

mod clause;
mod expand;
pub(crate) use expand::is_group_member;
mod metonymy;
mod sites;
pub(crate) mod words;

pub(crate) use sites::dateline_end;
pub(crate) use words::{tokenize, Tok};

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::collections::VecDeque;
use std::ops::Range;

pub use expand::Expanded;

use crate::gazetteer::{EntityType, Gazetteer, TitleKind};
use crate::matcher::AliasForm;
use crate::resolve::{EntityRef, Form, Mention, Resolution, Resolved};
use crate::text::Date;
use clause::{
    clause_subject, forward_subject, free, governed, government_head, group_in_pp, link_lists,
    link_lists_in, members_of, modifies, next_verbish, subject,
};
use sites::{is_byline, owns_relation};
use words::{is, lower};

/// Previous sentences a reference may reach back to.
pub const WINDOW: usize = 5;
/// Candidates remembered per sentence (a sentence naming more keeps its first ones).
pub const MAX_ITEMS: usize = 48;
/// Distinct entities remembered for the document ("the kingdom" looks them up).
pub const MAX_SEEN: usize = 64;
/// Title holders remembered for the document ("the emir" looks them up).
pub const MAX_HOLDERS: usize = 64;
/// Lists remembered for the document ("the two sides" looks them up).
pub const MAX_LISTS: usize = 16;
/// Members of a counted group ("the eight nations" at most).
pub const MAX_GROUP: usize = 8;

/// Roles a monarch description ("the monarch", "the king") may stand for.
const MONARCH_ROLES: &[&str] = &["King", "Queen", "Emir", "Sultan", "Monarch"];

/// Roles too vague to single out a person from a title alone.
const VAGUE_ROLES: &[&str] = &["Leader", "Official", "Diplomat", "Minister", "Member"];

/// Words of an organization's name that make it a bloc or an alliance of states.
const BLOC_WORDS: &[&str] = &[
    "Union",
    "Alliance",
    "Community",
    "Council",
    "Cooperation",
    "Organization",
    "Organisation",
    "Association",
    "League",
    "Treaty",
    "Pact",
    "Commonwealth",
    "Partnership",
];

/// Words before "Council" that make the council an organ of a body, not a bloc of states:
/// "the bloc" after "the U.N. Security Council" and ECOWAS is ECOWAS.
const ORGAN_COUNCILS: &[&str] = &["Security", "Rights", "Refugee"];

/// Words of an organization's name that make it an army.
const ARMY_WORDS: &[&str] = &[
    "Army",
    "Armed Forces",
    "Defence Forces",
    "Defense Forces",
    "Military",
];

/// What a description's head noun can stand for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Head {
    /// A monarchy with this kind of monarch ("the kingdom" → King or Queen).
    Monarchy(&'static [&'static str]),
    /// A country ("the country", "the nation", "the Gulf state").
    Country,
    /// A bloc or alliance of states.
    Bloc,
    /// An armed group, party or movement.
    Group,
    /// An army.
    Army,
    /// A body named by the last word of its name ("the council" → the Arctic Council, "the
    /// court" → the International Court of Justice): an organization whose listed name holds
    /// the word.
    Named(&'static str),
    /// An island state ("the island" → Taiwan, Cuba, Sri Lanka): a country of
    /// [`ISLAND_STATES`].
    Island,
    /// One of a divided country's halves by its compass word ("the North" → North Korea):
    /// a country whose name opens with the word.
    Half(&'static str),
}

/// Description heads: the noun after "the" (and up to three modifiers).
const HEADS: &[(&str, Head)] = &[
    ("kingdom", Head::Monarchy(&["King", "Queen"])),
    ("sultanate", Head::Monarchy(&["Sultan"])),
    ("emirate", Head::Monarchy(&["Emir"])),
    ("country", Head::Country),
    ("nation", Head::Country),
    ("state", Head::Country),
    ("government", Head::Country),
    ("bloc", Head::Bloc),
    ("alliance", Head::Bloc),
    ("group", Head::Group),
    ("movement", Head::Group),
    ("militia", Head::Group),
    ("army", Head::Army),
    ("military", Head::Army),
    ("council", Head::Named("council")),
    ("court", Head::Named("court")),
    ("tribunal", Head::Named("tribunal")),
    ("commission", Head::Named("commission")),
    ("assembly", Head::Named("assembly")),
    ("forum", Head::Named("forum")),
    ("agency", Head::Named("agency")),
    ("front", Head::Named("front")),
    ("committee", Head::Named("committee")),
    ("coalition", Head::Named("coalition")),
    ("island", Head::Island),
    ("north", Head::Half("North ")),
    ("south", Head::Half("South ")),
];

/// Countries that are islands or lie on islands of their own, which news calls "the island"
/// (general knowledge).
const ISLAND_STATES: &[&str] = &[
    "country:ag",
    "country:bb",
    "country:bh",
    "country:bs",
    "country:cu",
    "country:cv",
    "country:cy",
    "country:dm",
    "country:do",
    "country:fj",
    "country:fm",
    "country:gd",
    "country:gl",
    "country:ht",
    "country:id",
    "country:ie",
    "country:is",
    "country:jm",
    "country:jp",
    "country:ki",
    "country:km",
    "country:kn",
    "country:lc",
    "country:lk",
    "country:mg",
    "country:mh",
    "country:mt",
    "country:mu",
    "country:mv",
    "country:nr",
    "country:nz",
    "country:pg",
    "country:ph",
    "country:pw",
    "country:sb",
    "country:sc",
    "country:sg",
    "country:st",
    "country:to",
    "country:tt",
    "country:tv",
    "country:tw",
    "country:vc",
    "country:vu",
    "country:ws",
];

/// Words that may stand between "the" and a description's head or a title.
const DESCRIPTION_MODIFIERS: &[&str] = &[
    "new",
    "current",
    "incumbent",
    "visiting",
    "sitting",
    "island",
    "gulf",
    "oil-rich",
    "landlocked",
    "neighbouring",
    "neighboring",
    "regional",
    "western",
    "eastern",
    "northern",
    "southern",
    "african",
    "asian",
    "european",
    "arab",
    "nordic",
    "baltic",
    "balkan",
    "caucasus",
    "sahel",
    "sahelian",
    "pacific",
    "caribbean",
    "horn",
    "communist",
    "communist-ruled",
    "military-ruled",
    "junta-led",
    "jihadist",
    "islamist",
    "armed",
    "militant",
    "rebel",
    "insurgent",
    "paramilitary",
    "powerful",
    "tiny",
    "small",
    "wealthy",
    "six-nation",
    "27-nation",
    "27-member",
    "32-member",
    "30-member",
    "10-member",
    "15-member",
    "military",
    "transatlantic",
    "western-backed",
    "iran-backed",
    "iranian-backed",
];

words::word_set!(
    /// [`DESCRIPTION_MODIFIERS`] as a set.
    MODIFIER_SET = DESCRIPTION_MODIFIERS
);

/// Words that make a title a former office ("the former president"): never a description.
const FORMER: &[&str] = &[
    "former",
    "late",
    "then",
    "ex",
    "outgoing",
    "previous",
    "erstwhile",
    "deposed",
    "ousted",
];

/// Words before "the" that make a title a predicate, not a reference ("was named the
/// president", "as the new emir").
const PREDICATIVE: &[&str] = &[
    "as",
    "is",
    "was",
    "be",
    "been",
    "became",
    "become",
    "becomes",
    "named",
    "elected",
    "appointed",
    "nominated",
    "chosen",
    "sworn",
    "remains",
    "remained",
    "made",
    "makes",
    "proclaimed",
    "crowned",
    "succeed",
    "succeeds",
    "succeeded",
    "replace",
    "replaces",
    "replaced",
];

// Counted groups: the number words.
use crate::text::NUMBER_WORDS as NUMBERS;

/// Which entity types a group's noun admits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kinds {
    Persons,
    Countries,
    Polities,
    Orgs,
    Actors,
}

impl Kinds {
    fn admits(self, t: EntityType) -> bool {
        match self {
            Kinds::Persons => t == EntityType::Person,
            Kinds::Countries => t == EntityType::Country,
            Kinds::Polities => matches!(t, EntityType::Country | EntityType::Org),
            Kinds::Orgs => t == EntityType::Org,
            Kinds::Actors => t != EntityType::Location,
        }
    }

    /// The same kinds, any sides or parties read as polities: "the neighbours" a sentence
    /// later are no two people met there.
    fn without_persons(self) -> Kinds {
        match self {
            Kinds::Actors => Kinds::Polities,
            k => k,
        }
    }
}

/// Counted groups: the plural nouns ("the two countries", "both sides").
const GROUP_NOUNS: &[(&str, Kinds)] = &[
    ("countries", Kinds::Countries),
    ("nations", Kinds::Countries),
    ("states", Kinds::Countries),
    ("capitals", Kinds::Countries),
    ("neighbours", Kinds::Countries),
    ("neighbors", Kinds::Countries),
    ("republics", Kinds::Countries),
    ("monarchies", Kinds::Countries),
    ("powers", Kinds::Countries),
    ("superpowers", Kinds::Countries),
    ("giants", Kinds::Countries),
    ("economies", Kinds::Countries),
    ("juntas", Kinds::Polities),
    ("governments", Kinds::Polities),
    ("sides", Kinds::Actors),
    ("parties", Kinds::Actors),
    ("rivals", Kinds::Actors),
    ("adversaries", Kinds::Actors),
    ("foes", Kinds::Actors),
    ("enemies", Kinds::Actors),
    ("allies", Kinds::Actors),
    ("partners", Kinds::Actors),
    ("leaders", Kinds::Persons),
    ("men", Kinds::Persons),
    ("women", Kinds::Persons),
    ("presidents", Kinds::Persons),
    ("premiers", Kinds::Persons),
    ("ministers", Kinds::Persons),
    ("envoys", Kinds::Persons),
    ("negotiators", Kinds::Persons),
    ("generals", Kinds::Persons),
    ("commanders", Kinds::Persons),
    ("counterparts", Kinds::Persons),
    ("officials", Kinds::Persons),
    ("diplomats", Kinds::Persons),
    ("movements", Kinds::Orgs),
    ("groups", Kinds::Orgs),
    ("factions", Kinds::Orgs),
    ("militias", Kinds::Orgs),
    ("blocs", Kinds::Orgs),
    ("members", Kinds::Polities),
];

/// Words after a bare "the two" that show it is a noun phrase of its own ("the two met").
const AFTER_BARE_TWO: &[&str] = &[
    "and",
    "or",
    "since",
    "in",
    "on",
    "at",
    "for",
    "over",
    "to",
    "have",
    "had",
    "were",
    "are",
    "will",
    "would",
    "also",
    "later",
    "then",
    "met",
    "spoke",
    "agreed",
    "signed",
    "held",
    "discussed",
    "issued",
    "said",
    "shook",
    "exchanged",
    "remain",
    "remained",
    "fought",
    "clashed",
    "traded",
    "accused",
    "restored",
    "established",
    "reached",
    "pledged",
    "vowed",
    "sides",
];

/// A government that a capital or seat of government stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Government {
    /// Entity index of the country (or organization).
    of: usize,
    /// A seat of government ("the Kremlin"): it stands for the government unless the
    /// context makes it a place; a capital only when the context makes it act.
    seat: bool,
}

/// The reference resolver, built once from a gazetteer and shared.
#[derive(Debug, Clone)]
pub struct Coref {
    /// Capitals and seats of government by entity index.
    governments: HashMap<usize, Government>,
    /// Offices by person entity index (indices into [`Gazetteer::offices`]).
    offices: HashMap<usize, Vec<usize>>,
    /// Countries with a current office of each monarch role, by role.
    monarchies: HashMap<&'static str, HashSet<usize>>,
    /// Organizations whose name makes them a bloc of states (and that have no country).
    blocs: HashSet<usize>,
    /// Blocs whose names do not say so (BRICS, the G7): groups of states, which news also
    /// calls "the group".
    informal_blocs: HashSet<usize>,
    /// Organizations whose name makes them an army.
    armies: HashSet<usize>,
    /// The words that may open a reference, for [`Coref::may_refer`].
    keywords: aho_corasick::AhoCorasick,
}

impl Default for Coref {
    fn default() -> Coref {
        Coref::new(&Gazetteer::default())
    }
}

impl Coref {
    /// Indexes capitals, seats, offices and the kinds of countries and organizations.
    pub fn new(gaz: &Gazetteer) -> Coref {
        let entities = gaz.entities();
        let mut governments = HashMap::default();
        // Capitals: a LOCATION entity of the country named like its `capital` column.
        let mut by_key: HashMap<String, Vec<usize>> = HashMap::default();
        for (i, e) in entities.iter().enumerate() {
            if e.entity_type() == EntityType::Location {
                for n in std::iter::once(&e.name).chain(&e.aliases) {
                    by_key.entry(crate::text::fold::key(n)).or_default().push(i);
                }
            }
        }
        for (c, e) in entities.iter().enumerate() {
            if e.entity_type() != EntityType::Country {
                continue;
            }
            let Some(capital) = e.attr("capital") else {
                continue;
            };
            for &l in by_key
                .get(&crate::text::fold::key(capital))
                .into_iter()
                .flatten()
            {
                let place = &entities[l];
                if place.country.as_deref().is_none_or(|pc| pc == e.id) {
                    governments.insert(l, Government { of: c, seat: false });
                }
            }
        }
        // Seats of government, which also override a capital ("Brussels" → the EU).
        for s in gaz.seats() {
            if let (Some(seat), Some(of)) = (gaz.index_of(&s.seat), gaz.index_of(&s.of)) {
                let place = entities[seat].entity_type() == EntityType::Location;
                governments.insert(seat, Government { of, seat: !place });
            }
        }
        let mut offices: HashMap<usize, Vec<usize>> = HashMap::default();
        let mut monarchies: HashMap<&'static str, HashSet<usize>> = HashMap::default();
        for (i, o) in gaz.offices().iter().enumerate() {
            if let Some(p) = gaz.index_of(&o.person) {
                offices.entry(p).or_default().push(i);
            }
            if let Some(&role) = MONARCH_ROLES.iter().find(|r| **r == o.role) {
                if let Some(c) = gaz.index_of(&o.of) {
                    if o.is_open() && entities[c].entity_type() == EntityType::Country {
                        monarchies.entry(role).or_default().insert(c);
                    }
                }
            }
        }
        // One automaton over the bloc and army words, run once over each name.
        let kinds = aho_corasick::AhoCorasick::new(BLOC_WORDS.iter().chain(ARMY_WORDS))
            .expect("a few words");
        let (mut blocs, mut armies) = (HashSet::default(), HashSet::default());
        let mut informal_blocs = HashSet::default();
        for (i, e) in entities.iter().enumerate() {
            if e.entity_type() != EntityType::Org {
                continue;
            }
            // Blocs whose names say nothing of it (BRICS, the G7, Mercosur) say so in their
            // gazetteer note.
            if e.country.is_none() && e.attr("note").is_some_and(|n| n.contains("bloc of states")) {
                blocs.insert(i);
                informal_blocs.insert(i);
            }
            for n in std::iter::once(&e.name).chain(&e.aliases) {
                for m in kinds.find_overlapping_iter(n.as_str()) {
                    let whole = !n[..m.start()]
                        .chars()
                        .next_back()
                        .is_some_and(char::is_alphanumeric)
                        && !n[m.end()..]
                            .chars()
                            .next()
                            .is_some_and(char::is_alphanumeric);
                    if !whole {
                        continue;
                    }
                    if m.pattern().as_usize() < BLOC_WORDS.len() {
                        let organ = &n[m.start()..m.end()] == "Council"
                            && n[..m.start()]
                                .split_whitespace()
                                .next_back()
                                .is_some_and(|w| ORGAN_COUNCILS.contains(&w));
                        if e.country.is_none() && !organ {
                            blocs.insert(i);
                        }
                    } else {
                        armies.insert(i);
                    }
                }
            }
        }
        let keywords: Vec<&str> = [
            "he", "she", "him", "his", "her", "it", "its", "they", "both", "each",
        ]
        .into_iter()
        .chain(NUMBERS.iter().map(|(w, _)| *w))
        .chain(HEADS.iter().map(|(w, _)| *w))
        .chain(GROUP_NOUNS.iter().map(|(w, _)| *w))
        .collect();
        let keywords = aho_corasick::AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .match_kind(aho_corasick::MatchKind::LeftmostLongest)
            .build(keywords)
            .expect("a few short words");
        Coref {
            governments,
            offices,
            monarchies,
            blocs,
            informal_blocs,
            armies,
            keywords,
        }
    }

    /// Whether a sentence holds a word that may open a reference: a pronoun, "both", a
    /// number word or a description's or group's noun (whole words, any case). A sentence
    /// without an entity of its own and without such a word is not tokenized.
    fn may_refer(&self, sentence: &str) -> bool {
        let bytes = sentence.as_bytes();
        self.keywords.find_iter(sentence).any(|m| {
            let before = m.start().checked_sub(1).map(|i| bytes[i]);
            let after = bytes.get(m.end()).copied();
            let word = |b: Option<u8>| b.is_some_and(|b| b.is_ascii_alphanumeric() || b >= 0x80);
            !word(before) && !word(after)
        })
    }

    /// The capital or seat of government `entity` stands for, if it is one, and whether it is
    /// a seat.
    pub fn government_of(&self, entity: usize) -> Option<(usize, bool)> {
        self.governments.get(&entity).map(|g| (g.of, g.seat))
    }

    /// Resolves the references of one document in place: capitals that act become mentions
    /// of their country; pronouns and descriptions become mentions
    /// ([`Resolved::mentions`], title mentions they replace are dropped); counted groups
    /// become member mentions ([`Resolved::extra`]).
    pub fn apply(
        &self,
        gaz: &Gazetteer,
        text: &str,
        sentences: &[Range<usize>],
        resolved: &mut Resolved,
        date: Option<Date>,
    ) {
        if resolved.mentions.is_empty() {
            return;
        }
        metonymy::apply(self, gaz, text, sentences, resolved);
        metonymy::leaders_governments(self, gaz, text, resolved);
        metonymy::countries_armies(self, gaz, text, resolved);
        let mut doc = DocState {
            coref: self,
            gaz,
            text,
            date,
            window: VecDeque::with_capacity(WINDOW + 1),
            seen: Vec::new(),
            holders: Vec::new(),
            lists: VecDeque::new(),
            added: Vec::new(),
            members: Vec::new(),
            dropped_titles: Vec::new(),
            toks: Vec::new(),
            discovered: resolved.discovered.iter().map(|d| d.kind).collect(),
        };
        let (mut m, mut t) = (0, 0);
        for sentence in sentences {
            let m0 = m;
            while m < resolved.mentions.len() && resolved.mentions[m].span.start < sentence.end {
                m += 1;
            }
            let t0 = t;
            while t < resolved.titles.len() && resolved.titles[t].span.start < sentence.end {
                t += 1;
            }
            // A mention that runs past its sentence's end (the segmenter cut inside it) is in
            // no sentence, as for the rules; only the last one can.
            let (mut m1, mut t1) = (m, t);
            while m1 > m0 && resolved.mentions[m1 - 1].span.end > sentence.end {
                m1 -= 1;
            }
            while t1 > t0 && resolved.titles[t1 - 1].span.end > sentence.end {
                t1 -= 1;
            }
            doc.sentence(
                sentence.clone(),
                &resolved.mentions[m0..m1],
                (t0, &resolved.titles[t0..t1]),
            );
        }
        let DocState {
            added,
            members,
            mut dropped_titles,
            ..
        } = doc;
        if !added.is_empty() {
            resolved.add_mentions(added);
        }
        if !dropped_titles.is_empty() {
            dropped_titles.sort_unstable();
            let mut k = 0;
            let mut i = 0;
            resolved.titles.retain(|_| {
                let drop = dropped_titles.get(k) == Some(&i);
                if drop {
                    k += 1;
                }
                i += 1;
                !drop
            });
        }
        resolved.extra = members;
    }
}

/// A mention that a later reference may resolve to.
#[derive(Debug, Clone, PartialEq)]
struct Cand {
    entity: EntityRef,
    kind: EntityType,
    span: Range<usize>,
    /// The mention a reference resolves to when it picks this one (its own span, or for a
    /// reference its antecedent's).
    antecedent: Range<usize>,
    /// Heads a noun phrase (not a demonym or a name directly followed by another).
    head: bool,
    /// A possessive ("Turkey's envoy"): heads no clause.
    possessive: bool,
    /// No preposition governs it (set when its sentence is done; see [`governed`]).
    free: bool,
    /// Its coordination ("Turkey and Armenia"): the stretch of the sentence's candidates from
    /// the first member to the last (modifiers of members included; the members are the
    /// heads with this same value).
    list: Option<(usize, usize)>,
}

/// What the document has told so far about one sentence.
#[derive(Debug, Default)]
struct Memory {
    cands: Vec<Cand>,
    /// Index of the subject in `cands`.
    subject: Option<usize>,
}

/// A person seen with a title next to their name.
#[derive(Debug, Clone)]
struct Holder {
    /// Canonical role (borrowed from the gazetteer's titles).
    role: usize,
    person: EntityRef,
    owner: Option<EntityRef>,
    span: Range<usize>,
}

struct DocState<'c, 'g, 't> {
    coref: &'c Coref,
    gaz: &'g Gazetteer,
    text: &'t str,
    date: Option<Date>,
    window: VecDeque<Memory>,
    /// Distinct entities named so far, with their latest mention (in no order: updated in
    /// place, the least recent replaced when full).
    seen: Vec<(EntityRef, EntityType, Range<usize>)>,
    holders: Vec<Holder>,
    /// The lists ("Turkey and Armenia") named so far, most recent last, at most
    /// [`MAX_LISTS`]: a counted group refers back to one.
    lists: VecDeque<Vec<Cand>>,
    added: Vec<Mention>,
    members: Vec<Mention>,
    dropped_titles: Vec<usize>,
    toks: Vec<Tok>,
    /// The type of each discovered entity (a person's or an organisation's name).
    discovered: Vec<EntityType>,
}

/// The pronouns resolved, by class.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Pronoun {
    /// he, she: subject.
    Person,
    /// him: object (never its own clause's subject).
    PersonObject,
    /// his, her: possessive (her also object).
    PersonPossessive,
    /// it: subject of an agentive verb.
    It,
    /// it: object of a verb of support, pressure or blame ("provided it with", "accusing it
    /// of"), never its own clause's subject.
    ItObject,
    /// its.
    Its,
    /// they: subject.
    They,
}

fn pronoun(w: &str) -> Option<Pronoun> {
    Some(match w {
        "he" | "she" => Pronoun::Person,
        "him" => Pronoun::PersonObject,
        "his" | "her" => Pronoun::PersonPossessive,
        "it" => Pronoun::It,
        "its" => Pronoun::Its,
        "they" => Pronoun::They,
        _ => return None,
    })
}

/// What a site in a sentence is.
#[derive(Debug, Clone, Copy)]
enum Site {
    Pronoun(Pronoun),
    /// A title used alone ("the emir"): the title mention's index in the document, its
    /// role's title index, and the owner named before it ("the Jordanian monarch").
    Title {
        title: usize,
        role: usize,
        owner: Option<EntityRef>,
    },
    Description(Head),
    /// "whose country" after a person: the country they hold a post of.
    Whose(EntityRef),
    /// "his country", "her government": the country of the person the pronoun (the site's
    /// first bytes, to this end) refers to.
    OwnCountry(usize),
    Group(usize, Kinds),
    /// An uncounted plural after "between" ("between the neighbours"): the two members of a
    /// list in its own sentence, else of the previous one when its own names none.
    Pair(Kinds),
}

/// One sentence's view: its tokens, candidates and the spans mentions and titles cover.
struct Sentence<'s> {
    range: Range<usize>,
    toks: &'s [Tok],
    /// Candidates so far (the sentence's mentions, then references as they resolve), in
    /// text order.
    cands: Vec<Cand>,
    /// Spans covered by mentions and titles, in text order.
    covered: Vec<Range<usize>>,
    /// Where the dateline ends ("ANKARA, May 3 (Reuters) -"); mentions before it are no
    /// candidates.
    body: usize,
    /// Where titles with no name after them end ("expelled the US ambassador"): a person
    /// the sentence speaks of whom no gazetteer names.
    bare_titles: Vec<usize>,
}

impl Sentence<'_> {
    fn covered_at(&self, span: &Range<usize>) -> bool {
        let i = self.covered.partition_point(|c| c.end <= span.start);
        self.covered
            .get(i)
            .is_some_and(|c| c.start < span.end && span.start < c.end)
    }

    /// Whether a mention of a place, a country or an organisation covers `span`: "Sahel" in
    /// "the three Sahel states", "ASEAN" in "the two ASEAN members".
    fn place_or_owner_at(&self, span: &Range<usize>) -> bool {
        self.cands.iter().any(|c| {
            c.kind != EntityType::Person && c.span.start <= span.start && span.end <= c.span.end
        })
    }

    /// The token index at or after byte `at`.
    fn tok_at(&self, at: usize) -> usize {
        self.toks.partition_point(|t| t.span.start < at)
    }

    /// The lowercase word of token `i`, if it is an ASCII word not covered by a mention.
    fn word<'t>(&self, text: &'t str, i: usize) -> Option<words::Lower<'t>> {
        let t = self.toks.get(i)?;
        if !t.word || self.covered_at(&t.span) {
            return None;
        }
        lower(&text[t.span.clone()])
    }
}

impl DocState<'_, '_, '_> {
    fn kind(&self, e: EntityRef) -> EntityType {
        match e {
            EntityRef::Known(i) => self.gaz.entities()[i].entity_type(),
            EntityRef::Discovered(d) => self
                .discovered
                .get(d)
                .copied()
                .unwrap_or(EntityType::Person),
        }
    }

    fn sentence(
        &mut self,
        range: Range<usize>,
        mentions: &[Mention],
        (t0, titles): (usize, &[crate::resolve::TitleMention]),
    ) {
        let text = self.text;
        let mut toks = std::mem::take(&mut self.toks);
        // A sentence with no entity of its own and nothing to refer back to has nothing to
        // resolve.
        let anything = !mentions.is_empty()
            || (self.window.iter().any(|m| !m.cands.is_empty())
                && (!titles.is_empty() || self.coref.may_refer(&text[range.clone()])));
        if !anything {
            self.toks = toks;
            self.remember(Vec::new(), None);
            return;
        }
        tokenize(text, range.clone(), &mut toks);
        let mut covered: Vec<Range<usize>> = mentions
            .iter()
            .map(|m| m.span.clone())
            .chain(titles.iter().map(|t| t.span.clone()))
            .collect();
        covered.sort_by_key(|r| r.start);
        let byline = is_byline(&text[range.clone()]);
        let body = dateline_end(text, &toks).unwrap_or(range.start);
        // A title with a determiner before it (or before its owner: "the US ambassador") and
        // no name after it; not an apposition ("Fabre, leader of the ANC,").
        let bare_titles = titles
            .iter()
            .filter(|t| {
                let mention_at = |at: usize| {
                    mentions
                        .iter()
                        .find(|m| m.span.start <= at && at < m.span.end && m.entity.is_some())
                };
                let next = toks.partition_point(|k| k.span.start < t.span.end);
                let named = toks
                    .get(next)
                    .is_some_and(|k| mention_at(k.span.start).is_some());
                let mut prev = toks.partition_point(|k| k.span.start < t.span.start);
                if let Some(owner) = prev
                    .checked_sub(1)
                    .and_then(|p| mention_at(toks[p].span.start))
                {
                    prev = toks.partition_point(|k| k.span.start < owner.span.start);
                }
                let determined = prev.checked_sub(1).is_some_and(|p| {
                    lower(&text[toks[p].span.clone()])
                        .is_some_and(|w| matches!(&*w, "the" | "a" | "an" | "its" | "their"))
                });
                !named && determined
            })
            .map(|t| t.span.end)
            .collect();
        let mut s = Sentence {
            range: range.clone(),
            toks: &toks,
            cands: Vec::new(),
            covered,
            body,
            bare_titles,
        };
        if !byline {
            for m in mentions {
                let Some(e) = m.entity else { continue };
                if m.span.start < s.body || s.cands.len() >= MAX_ITEMS {
                    continue;
                }
                let kind = self.kind(e);
                let possessive = m.written == Form::Possessive;
                s.cands.push(Cand {
                    entity: e,
                    kind,
                    span: m.span.clone(),
                    antecedent: m.antecedent.as_deref().unwrap_or(&m.span).clone(),
                    // "The Malian junta has deepened its partnership": a demonym
                    // before its government's noun heads the clause as the country.
                    head: if m.form == AliasForm::Demonym {
                        government_head(text, &s, &m.span)
                    } else {
                        !modifies(text, &m.span, &s.covered)
                    },
                    possessive,
                    list: None,
                    free: true,
                });
            }
        }
        // The references, in text order; each resolved one is a candidate for the next.
        if !byline {
            let sites = self.sites(&s, titles, t0);
            for (span, site) in sites {
                self.resolve_site(&mut s, span, site);
            }
        }
        link_lists(text, &mut s);
        let free: Vec<bool> = s.cands.iter().map(|c| free(text, &s, c)).collect();
        for (c, f) in s.cands.iter_mut().zip(free) {
            c.free = f;
        }
        let subject = subject(text, &s, s.range.end);
        self.learn_holders(&s, mentions, titles);
        let cands = std::mem::take(&mut s.cands);
        self.toks = toks;
        self.remember(cands, subject);
    }

    /// Keeps a sentence's candidates in the window and the document's lists.
    fn remember(&mut self, cands: Vec<Cand>, subject: Option<usize>) {
        let mut i = 0;
        while i < cands.len() {
            match cands[i].list {
                Some(list) if list.0 == i => {
                    if self.lists.len() >= MAX_LISTS {
                        self.lists.pop_front();
                    }
                    self.lists.push_back(members_of(&cands, list));
                    i += list.1;
                }
                _ => i += 1,
            }
        }
        for c in &cands {
            match self.seen.iter().position(|(e, ..)| *e == c.entity) {
                Some(i) => self.seen[i].2 = c.antecedent.clone(),
                None if self.seen.len() < MAX_SEEN => {
                    self.seen.push((c.entity, c.kind, c.antecedent.clone()))
                }
                None => {
                    // Full: the least recently mentioned goes.
                    let oldest = self
                        .seen
                        .iter_mut()
                        .min_by_key(|(.., at)| at.start)
                        .expect("full");
                    *oldest = (c.entity, c.kind, c.antecedent.clone());
                }
            }
        }
        if self.window.len() >= WINDOW {
            self.window.pop_front();
        }
        self.window.push_back(Memory { cands, subject });
    }

    /// The candidate whose span starts at `at`.
    fn cand_at<'s>(&self, s: &'s Sentence, at: usize) -> Option<&'s Cand> {
        s.cands.iter().find(|c| c.span.start == at)
    }

    fn resolve_site(&mut self, s: &mut Sentence, span: Range<usize>, site: Site) {
        match site {
            Site::Pronoun(p) => {
                let mut picked = self.resolve_pronoun(s, &span, p);
                // A member of a list is no antecedent of a singular pronoun: "Aliyev and
                // Erdoğan met. He said…" names two candidates.
                if let Some(Picked::One(c)) = &picked {
                    if self.in_list(s, c) {
                        picked = None;
                    }
                }
                match picked {
                    Some(Picked::One(c)) => {
                        let possessive = matches!(p, Pronoun::Its | Pronoun::PersonPossessive)
                            && !owns_relation(self.text, s, s.tok_at(span.start));
                        self.add_as(s, span, c, Form::Pronoun, possessive)
                    }
                    Some(Picked::Many(cs)) => self.add_group(s, span, cs, Form::Pronoun),
                    None => {}
                }
            }
            Site::Title { title, role, owner } => {
                if let Some(c) = self.title_holder(s, &span, role, owner) {
                    self.dropped_titles.push(title);
                    self.add(s, span, c, Form::Description);
                }
            }
            Site::Description(head) => {
                if let Some(c) = self.describe(s, &span, head) {
                    self.add(s, span, c, Form::Description);
                }
            }
            Site::OwnCountry(end) => {
                let pronoun = span.start..end;
                let person = match self.resolve_pronoun(s, &pronoun, Pronoun::PersonPossessive) {
                    Some(Picked::One(c)) if !self.in_list(s, &c) => c.entity,
                    _ => return,
                };
                self.resolve_site(s, span, Site::Whose(person));
            }
            Site::Whose(person) => {
                if let Some(entity) = self.led_country(person) {
                    let c = Cand {
                        entity,
                        kind: EntityType::Country,
                        span: span.clone(),
                        antecedent: span.clone(),
                        head: true,
                        possessive: false,
                        list: None,
                        free: true,
                    };
                    self.add(s, span, c, Form::Description);
                }
            }
            Site::Group(n, kinds) => {
                if let Some(cs) = self.group(s, &span, n, kinds) {
                    self.add_group(s, span, cs, Form::Description);
                }
            }
            Site::Pair(kinds) => {
                if let Some(cs) = self.pair(s, &span, kinds) {
                    self.add_group(s, span, cs, Form::Description);
                }
            }
        }
    }

    /// Whether a candidate is a member of a list (in this sentence, whose lists are linked
    /// only when it is done, or an earlier one).
    fn in_list(&self, s: &Sentence, c: &Cand) -> bool {
        if c.span.start < s.range.start {
            return c.list.is_some();
        }
        let end = s.cands.partition_point(|x| x.span.start <= c.span.start);
        let mut here = s.cands[..end].to_vec();
        link_lists_in(self.text, s, &mut here);
        here.iter()
            .rev()
            .find(|x| x.span == c.span)
            .is_some_and(|x| x.list.is_some())
    }

    /// Records a reference to `c` at `span`.
    fn add(&mut self, s: &mut Sentence, span: Range<usize>, c: Cand, written: Form) {
        self.add_as(s, span, c, written, false);
    }

    /// Records a reference; a possessive pronoun goes to [`Resolved::extra`] (the rules keep
    /// reading it as a word) and heads no clause.
    fn add_as(
        &mut self,
        s: &mut Sentence,
        span: Range<usize>,
        c: Cand,
        written: Form,
        possessive: bool,
    ) {
        let mention = Mention {
            span: span.clone(),
            form: AliasForm::Name,
            written,
            antecedent: Some(Box::new(c.antecedent.clone())),
            entity: Some(c.entity),
            candidates: Default::default(),
            resolution: Resolution::Antecedent,
        };
        if possessive {
            self.members.push(mention);
        } else {
            self.added.push(mention);
        }
        let at = s.cands.partition_point(|x| x.span.start < span.start);
        if s.cands.len() < MAX_ITEMS {
            s.cands.insert(
                at,
                Cand {
                    span: span.clone(),
                    head: true,
                    possessive,
                    list: None,
                    ..c
                },
            );
        }
        let at = s.covered.partition_point(|x| x.start < span.start);
        s.covered.insert(at, span);
    }

    /// Records a counted group: one member mention each, all with the group's span.
    fn add_group(&mut self, s: &mut Sentence, span: Range<usize>, cs: Vec<Cand>, written: Form) {
        let at = s.cands.partition_point(|x| x.span.start < span.start);
        let first = at;
        let n = cs.len();
        for (k, c) in cs.into_iter().enumerate() {
            self.members.push(Mention {
                span: span.clone(),
                form: AliasForm::Name,
                written,
                antecedent: Some(Box::new(c.antecedent.clone())),
                entity: Some(c.entity),
                candidates: Default::default(),
                resolution: Resolution::Antecedent,
            });
            if s.cands.len() < MAX_ITEMS {
                s.cands.insert(
                    at + k,
                    Cand {
                        span: span.clone(),
                        head: true,
                        possessive: false,
                        list: Some((first, n)),
                        ..c
                    },
                );
            }
        }
        let at = s.covered.partition_point(|x| x.start < span.start);
        s.covered.insert(at, span);
    }

    fn resolve_pronoun(&self, s: &Sentence, span: &Range<usize>, p: Pronoun) -> Option<Picked> {
        let text = self.text;
        let persons = |k: EntityType| k == EntityType::Person;
        let polities = |k: EntityType| matches!(k, EntityType::Country | EntityType::Org);
        let admits: &dyn Fn(EntityType) -> bool = match p {
            Pronoun::Person | Pronoun::PersonObject | Pronoun::PersonPossessive => &persons,
            Pronoun::It | Pronoun::ItObject | Pronoun::Its => &polities,
            Pronoun::They => &|k| k != EntityType::Location,
        };
        let before = span.start;
        let current = subject(text, s, before);
        if p == Pronoun::They {
            // The actors of a list that is a clause subject: here ("Mali, Burkina Faso and
            // Niger said they…", "Maduro's allies Cuba and Bolivia said they…"), else the
            // subject of the previous sentence.
            let list = |cands: &[Cand], at: usize| -> Option<Picked> {
                let members = members_of(cands, cands[at].list?);
                let all = members.len();
                let fit: Vec<Cand> = members.into_iter().filter(|c| admits(c.kind)).collect();
                (fit.len() >= 2 && fit.len() == all).then(|| Picked::Many(dedup(fit)))
            };
            let end = s.cands.partition_point(|c| c.span.end <= before);
            let mut here = s.cands[..end].to_vec();
            link_lists_in(text, s, &mut here);
            let last_of_clause = (0..here.len()).rev().find(|&i| {
                let c = &here[i];
                c.list.is_some_and(|(first, n)| first + n == i + 1)
                    && next_verbish(text, s, s.tok_at(c.span.end))
            });
            if let Some(i) = last_of_clause {
                let first = here[i].list.map_or(i, |(f, _)| f);
                if !governed(text, s, &here[first]) {
                    return list(&here, i);
                }
            }
            if here.iter().any(|c| c.head) {
                return None;
            }
            let prev = self.window.back()?;
            return list(&prev.cands, prev.subject?);
        }
        // Possessives count as candidates ("Maduro's allies… stood by him"), not as subjects.
        let here: Vec<&Cand> = s
            .cands
            .iter()
            .filter(|c| c.span.end <= before && admits(c.kind) && c.head)
            .collect();
        // A reason after an object is the object's: "sanctions on Russia over its war",
        // "condemned the Philippines for its provocation".
        if p == Pronoun::Its {
            if let Some(c) = reason_owner(text, s, before, admits) {
                return Some(Picked::One(c.clone()));
            }
        }
        // A possessive right after a name and "and" is that name's: "by Sheinbaum and her
        // predecessor, Lopez Obrador", "Israel and its allies".
        if matches!(p, Pronoun::PersonPossessive | Pronoun::Its) {
            if let Some(c) = owner_before(text, s, before, &["and"], admits) {
                return Some(Picked::One(c.clone()));
            }
        }
        // A pronoun in a clause fronted before the subject refers forward to it ("In Brussels,
        // where he met EU ministers, Kerry said").
        if matches!(p, Pronoun::Person | Pronoun::PersonPossessive) {
            if let Some(c) = forward_subject(text, s, span, admits) {
                return Some(Picked::One(c.clone()));
            }
        }
        // The nearest clause subject before the pronoun ("Turkey said its troops…", "since
        // Russia invaded its neighbour").
        let object = matches!(p, Pronoun::PersonObject | Pronoun::ItObject);
        if let Some(c) = clause_subject(text, s, before, admits) {
            if !object {
                return Some(Picked::One(c.clone()));
            }
        }
        if let Some(c) = current.map(|i| &s.cands[i]).filter(|c| admits(c.kind)) {
            if !object {
                return Some(Picked::One(c.clone()));
            }
        }
        // "him" is never its own clause's subject: "Ruto won, but Odinga accused him"; nor is
        // "it": "Somalia cut relations with Kenya, accusing it of meddling".
        let exclude = if object {
            // An apposition closes before the verb: "his rival, the singer X, accused him".
            let appositive = || {
                here.last().filter(|c| {
                    let k = s.tok_at(c.span.end);
                    s.toks.get(k).is_some_and(|t| &text[t.span.clone()] == ",")
                        && next_verbish(text, s, k + 1)
                })
            };
            // The clause's subject of any kind: "Maduro is under sanctions imposed by the
            // United States, which accuses him" excludes the United States, not Maduro.
            appositive()
                .copied()
                .or_else(|| clause_subject(text, s, before, &|_| true))
                .map(|c| c.entity)
                .or(current.map(|i| s.cands[i].entity))
        } else {
            current.map(|i| s.cands[i].entity)
        };
        if !here.is_empty() {
            // Names before the pronoun but no subject among them: only one of them may fit.
            let distinct: Vec<&Cand> = unique(
                here.into_iter()
                    .filter(|c| !(object && Some(c.entity) == exclude)),
            );
            match distinct[..] {
                [one] => return Some(Picked::One(one.clone())),
                [] => {} // "Putin met him": the subject excluded, look back
                _ => return None,
            }
        }
        // "Bolivia expelled the US ambassador, accusing him": an object pronoun after a
        // person no name gives is that person, not one of an earlier sentence.
        if object && s.bare_titles.iter().any(|&e| s.body <= e && e <= before) {
            return None;
        }
        // Sentence-initial: the nearest earlier sentence with a candidate.
        for m in self.window.iter().rev().take(3) {
            let fits: Vec<&Cand> = m
                .cands
                .iter()
                .filter(|c| admits(c.kind) && c.head)
                .filter(|c| Some(c.entity) != exclude || !object)
                .collect();
            if fits.is_empty() {
                continue;
            }
            if let Some(c) = m.subject.map(|i| &m.cands[i]).filter(|c| admits(c.kind)) {
                return Some(Picked::One(c.clone()));
            }
            return match unique(fits.into_iter())[..] {
                [one] => Some(Picked::One(one.clone())),
                _ => None,
            };
        }
        None
    }

    /// The one person who holds `role` in the document so far: seen with the title next to
    /// their name, or holding it by a gazetteer office on the document's date.
    fn title_holder(
        &self,
        s: &Sentence,
        span: &Range<usize>,
        role: usize,
        owner: Option<EntityRef>,
    ) -> Option<Cand> {
        let titles = self.gaz.titles();
        let role_name = titles[role].role.as_str();
        // "The Hungarian leader" is who leads Hungary, when the document names one such.
        let leader = role_name == "Leader" && owner.is_some();
        if is(VAGUE_ROLES, role_name) && !leader {
            return None;
        }
        let fits_role = |r: &str| {
            r == role_name
                || (leader
                    && (is(metonymy::LEADER_ROLES, r)
                        || is(MONARCH_ROLES, r)
                        || r == "Crown Prince"))
                || (role_name == "Monarch" && is(MONARCH_ROLES, r))
                || (is(MONARCH_ROLES, role_name) && r == "Monarch")
        };
        let mut found: Vec<(EntityRef, Range<usize>)> = Vec::new();
        let mut push = |e: EntityRef, at: Range<usize>| {
            if !found.iter().any(|(f, _)| *f == e) {
                found.push((e, at));
            }
        };
        for h in &self.holders {
            if fits_role(&titles[h.role].role) && owner.is_none_or(|o| h.owner == Some(o)) {
                push(h.person, h.span.clone());
            }
        }
        // Persons named so far (earlier sentences and this one) whose office fits.
        crate::work::add(s.cands.len() + self.seen.len());
        let here = s.cands.iter().filter(|c| c.span.end <= span.start);
        let earlier = self.seen.iter().map(|(e, k, sp)| (*e, *k, sp.clone()));
        let persons = earlier
            .chain(here.map(|c| (c.entity, c.kind, c.antecedent.clone())))
            .filter(|(_, k, _)| *k == EntityType::Person);
        for (e, _, at) in persons {
            let EntityRef::Known(p) = e else { continue };
            let holds = self.coref.offices.get(&p).is_some_and(|os| {
                os.iter().any(|&o| {
                    let o = &self.gaz.offices()[o];
                    fits_role(&o.role)
                        && owner.is_none_or(|ow| self.gaz.index_of(&o.of) == ref_index(ow))
                        && self.current(o)
                })
            });
            if holds {
                push(e, at);
            }
        }
        match found[..] {
            [(e, ref at)] => Some(Cand {
                entity: e,
                kind: EntityType::Person,
                span: at.clone(),
                antecedent: at.clone(),
                head: true,
                possessive: false,
                list: None,
                free: true,
            }),
            _ => None,
        }
    }

    /// The one entity a description ("the kingdom", "the bloc") stands for.
    fn describe(&self, s: &Sentence, span: &Range<usize>, head: Head) -> Option<Cand> {
        let c = self.coref;
        let fits = |e: EntityRef, k: EntityType| -> bool {
            let i = ref_index(e);
            match head {
                Head::Monarchy(roles) => {
                    k == EntityType::Country
                        && roles.iter().any(|r| {
                            c.monarchies
                                .get(r)
                                .is_some_and(|set| i.is_some_and(|i| set.contains(&i)))
                        })
                }
                Head::Country => k == EntityType::Country,
                Head::Island => {
                    k == EntityType::Country
                        && i.is_some_and(|i| {
                            ISLAND_STATES.contains(&self.gaz.entities()[i].id.as_str())
                        })
                }
                Head::Bloc => i.is_some_and(|i| c.blocs.contains(&i)),
                Head::Group => {
                    k == EntityType::Org
                        && i.is_some_and(|i| {
                            (!c.blocs.contains(&i) || c.informal_blocs.contains(&i))
                                && !c.armies.contains(&i)
                        })
                }
                Head::Army => i.is_some_and(|i| c.armies.contains(&i)),
                Head::Half(prefix) => {
                    k == EntityType::Country
                        && i.is_some_and(|i| self.gaz.entities()[i].name.starts_with(prefix))
                }
                Head::Named(word) => {
                    k == EntityType::Org
                        && i.is_some_and(|i| {
                            self.gaz.entities()[i]
                                .name
                                .split(|ch: char| !ch.is_alphanumeric())
                                .any(|w| w.eq_ignore_ascii_case(word))
                        })
                }
            }
        };
        crate::work::add(s.cands.len());
        let here: Vec<&Cand> = s
            .cands
            .iter()
            .filter(|x| x.span.end <= span.start && fits(x.entity, x.kind))
            .filter(|x| !(head == Head::Country && acts_on(self.text, &x.span, span)))
            .collect();
        // The one such entity named so far in the document.
        let document_wide = || -> Option<Cand> {
            crate::work::add(self.seen.len());
            let all: Vec<Cand> = self
                .seen
                .iter()
                .filter(|(e, k, _)| fits(*e, *k))
                .map(|(e, k, sp)| Cand {
                    entity: *e,
                    kind: *k,
                    span: sp.clone(),
                    antecedent: sp.clone(),
                    head: true,
                    possessive: false,
                    list: None,
                    free: true,
                })
                .chain(here.iter().map(|c| (*c).clone()))
                .collect();
            match unique(all.iter())[..] {
                [one] => Some(one.clone()),
                _ => None,
            }
        };
        if matches!(head, Head::Monarchy(_) | Head::Army | Head::Half(_)) {
            // The kind is specific: the document names few of them.
            return document_wide();
        }
        // Otherwise the nearest sentences that name one (this one before the description,
        // else the nearest earlier within the window).
        let near: Vec<&Cand> = if here.is_empty() {
            let near = self.window.iter().rev().take(2).map(|m| {
                m.cands
                    .iter()
                    .filter(|x| fits(x.entity, x.kind))
                    .collect::<Vec<_>>()
            });
            match near.into_iter().find(|v| !v.is_empty()) {
                Some(v) => v,
                // A bloc is rarely one of several in a story: "the alliance" paragraphs after
                // NATO was last named is still NATO, unless it is an alliance between others.
                None if head == Head::Bloc && !followed_by_parties(self.text, s, span) => {
                    return document_wide();
                }
                // A body named by a word of its name is the one the story names so far.
                None if matches!(head, Head::Named(_)) => return document_wide(),
                None => return None,
            }
        } else {
            here
        };
        match unique(near.into_iter())[..] {
            [one] => Some(one.clone()),
            _ => None,
        }
    }

    /// The members of a counted group: the nearest list of exactly `n` fitting entities, else
    /// the `n` fitting entities of this sentence (before the group) and the previous one when
    /// there are exactly `n`. When the group is the object of a preposition ("talks between
    /// the two rivals", "between Ethiopia and the two downstream states"), the names of its
    /// own clause are not its members.
    fn group(
        &self,
        s: &Sentence,
        span: &Range<usize>,
        n: usize,
        kinds: Kinds,
    ) -> Option<Vec<Cand>> {
        let text = self.text;
        // When the group is the object of a preposition, the names of its own clause are not
        // its members: only those before the clause's start (a comma, "which", "who").
        let limit = if group_in_pp(text, s, span) {
            let mut i = s.tok_at(span.start);
            loop {
                if i == 0 || s.toks[i - 1].span.start < s.body {
                    break s.body;
                }
                i -= 1;
                let t = &s.toks[i];
                let w = &text[t.span.clone()];
                // (A subordinate clause opens its own: "balance relations with the United
                // States and China as tensions between the two powers rise".)
                if !s.covered_at(&t.span)
                    && matches!(
                        w,
                        "," | ";" | "which" | "who" | "—" | "as" | "while" | "because"
                    )
                {
                    break t.span.start;
                }
            }
        } else {
            span.start
        };
        let here: &[Cand] = {
            let end = s.cands.partition_point(|c| c.span.end <= limit);
            &s.cands[..end]
        };
        let mut here_linked = here.to_vec();
        link_lists_in(text, s, &mut here_linked);
        if let Some(m) = lists_of(text, &here_linked, n, kinds) {
            return Some(m);
        }
        // "Esper met Ghani and the two issued…": the clause's own n actors of one type. A
        // country's possessive counts in a list ("back Finland and Sweden's bids … after the
        // three countries signed"), not alone ("off Japan's coast") or for a person ("Putin's
        // spokesman").
        let actors = dedup(
            here_linked
                .iter()
                .filter(|c| c.head && kinds.admits(c.kind))
                .filter(|c| !c.possessive || (c.kind == EntityType::Country && c.list.is_some()))
                .filter(|c| !governed(text, s, c))
                .cloned()
                .collect(),
        );
        if actors.len() == n && actors.windows(2).all(|w| w[0].kind == w[1].kind) {
            return Some(actors);
        }
        // Sides, parties and rivals are countries and organisations before they are people:
        // "India and Pakistan … Sharif and Jaishankar … both sides accused each other" are the
        // two countries. An earlier list of polities wins over a later list of persons.
        let fitting = |polities: bool| {
            let fits = self.lists.iter().rev().filter_map(|list| {
                let fit = dedup(
                    list.iter()
                        .filter(|c| kinds.admits(c.kind))
                        .filter(|c| !polities || c.kind != EntityType::Person)
                        .cloned()
                        .collect(),
                );
                (fit.len() == n && list.len() == n).then_some(fit)
            });
            prefer_parties(text, fits)
        };
        if kinds == Kinds::Actors {
            // "both sides", "the two rivals": the parties of a list, else the only two
            // polities acting in the sentence before ("Somalia recalled its ambassador from
            // Addis Ababa. Turkey brought the two sides together").
            return fitting(true).or_else(|| fitting(false)).or_else(|| {
                let prev = self.window.back()?;
                let polities = dedup(
                    prev.cands
                        .iter()
                        .filter(|c| c.head && c.kind != EntityType::Person)
                        .filter(|c| !here.iter().any(|h| h.entity == c.entity))
                        .cloned()
                        .collect(),
                );
                // (A place counts against the two but is none of them: "were both in
                // Berlin" names no side.)
                (polities.len() == n && polities.iter().all(|c| kinds.admits(c.kind)))
                    .then_some(polities)
            });
        }
        // Exactly n fitting entities of one type here and in the previous sentence (heads
        // for persons; for countries, demonyms count: "Japanese Prime Minister Kishida and
        // South Korean President Yoon… the three countries"), before an older list: "Putin
        // received Xi… The two men signed" are not the pair listed paragraphs earlier.
        // A name coordinated with the group is not one of its members: "between Ethiopia and
        // the two downstream states".
        let partner = s.cands[..s.cands.partition_point(|c| c.span.end <= span.start)]
            .last()
            .filter(|c| {
                text[c.span.end..span.start]
                    .split(|ch: char| ch.is_whitespace() || ch == ',')
                    .all(|w| matches!(w, "" | "and" | "or" | "the" | "its" | "their"))
            })
            .map(|c| c.entity);
        let prev = self.window.back().map(|m| &m.cands[..]).unwrap_or(&[]);
        // Nor is the group's own clause a source when it is a preposition's object: "Berlin
        // tried to broker talks between the two neighbours" names no neighbour in Berlin.
        let own: Vec<EntityRef> = s.cands
            [here.len()..s.cands.partition_point(|c| c.span.end <= span.start)]
            .iter()
            .map(|c| c.entity)
            .collect();
        let all: Vec<Cand> = prev
            .iter()
            .filter(|c| c.free)
            .chain(here.iter().filter(|c| free(text, s, c)))
            .filter(|c| kinds.admits(c.kind) && (c.head || c.kind == EntityType::Country))
            .filter(|c| Some(c.entity) != partner && !own.contains(&c.entity))
            .cloned()
            .collect();
        let all = dedup(all);
        let one_type = all.windows(2).all(|w| w[0].kind == w[1].kind);
        if all.len() == n && one_type {
            return Some(all);
        }
        if kinds == Kinds::Persons {
            // People are named where they act, often after a preposition: "the war between
            // the army, led by General A, and the RSF of B … a truce between the two
            // generals". The n people of the last two sentences, when no others are named.
            let recent = dedup(
                self.window
                    .iter()
                    .rev()
                    .take(2)
                    .flat_map(|m| m.cands.iter())
                    .chain(here.iter())
                    .filter(|c| c.head && !c.possessive && c.kind == EntityType::Person)
                    .filter(|c| Some(c.entity) != partner && !own.contains(&c.entity))
                    .cloned()
                    .collect(),
            );
            if recent.len() == n {
                return Some(recent);
            }
        }
        if kinds == Kinds::Countries {
            // "Wang met Samoan Prime Minister Mata'afa and the two countries signed": the
            // countries this sentence's actors stand for, people for the country they serve,
            // before an older list of countries.
            let lifted: Option<Vec<Cand>> = here
                .iter()
                .filter(|c| c.head || c.kind == EntityType::Country)
                .filter(|c| Some(c.entity) != partner)
                .map(|c| self.as_country(c))
                .collect();
            let lifted = lifted.map(dedup).filter(|l| l.len() == n);
            // (Only for a group that acts: "accusing all three countries" is no party of the
            // subject's side.)
            let acts = next_verbish(text, s, s.tok_at(span.end));
            if acts && lifted.is_some() && here.iter().any(|c| c.kind == EntityType::Person) {
                return lifted;
            }
        }
        fitting(false).or_else(|| {
            (kinds == Kinds::Countries)
                .then(|| self.led_list(n))
                .flatten()
        })
    }

    /// The countries of the most recent list of `n` members that are countries or people
    /// who hold a post of one ("Abe and Moon did not hold talks … Both countries are U.S.
    /// allies"), when no list of countries fits.
    fn led_list(&self, n: usize) -> Option<Vec<Cand>> {
        self.lists.iter().rev().find_map(|list| {
            let countries: Option<Vec<Cand>> = list.iter().map(|c| self.as_country(c)).collect();
            let countries = dedup(countries?);
            (list.len() == n && countries.len() == n).then_some(countries)
        })
    }

    /// The country a candidate stands for: itself, or the one a person holds a post of.
    fn as_country(&self, c: &Cand) -> Option<Cand> {
        match c.kind {
            EntityType::Country => Some(c.clone()),
            EntityType::Person => self.led_country(c.entity).map(|entity| Cand {
                entity,
                kind: EntityType::Country,
                ..c.clone()
            }),
            _ => None,
        }
    }

    /// The one country a person holds a post of: as a title next to their name in this
    /// document said ("Japanese Prime Minister Abe"), else by the gazetteer's offices on the
    /// document's date.
    fn led_country(&self, person: EntityRef) -> Option<EntityRef> {
        let gaz = self.gaz;
        let country = |e: &EntityRef| {
            ref_index(*e).is_some_and(|i| gaz.entities()[i].entity_type() == EntityType::Country)
        };
        if let Some(owner) = self
            .holders
            .iter()
            .filter(|h| h.person == person)
            .find_map(|h| h.owner.filter(country))
        {
            return Some(owner);
        }
        let EntityRef::Known(p) = person else {
            return None;
        };
        let mut held = self.coref.offices.get(&p)?.iter().filter_map(|&o| {
            let o = &gaz.offices()[o];
            self.current(o)
                .then(|| gaz.index_of(&o.of).map(EntityRef::Known))
                .flatten()
                .filter(country)
        });
        // One country only: a person with posts in two is no country's.
        let first = held.next()?;
        held.all(|c| c == first).then_some(first)
    }

    /// Whether an office is held on the document's date (open, when it has none).
    fn current(&self, o: &crate::gazetteer::Office) -> bool {
        match self.date {
            Some(d) => o.active_on(d),
            None => o.is_open(),
        }
    }

    /// The two members of the nearest list of this sentence before `span` ("fighting between
    /// India and Pakistan … between the neighbours").
    fn pair(&self, s: &Sentence, span: &Range<usize>, kinds: Kinds) -> Option<Vec<Cand>> {
        let end = s.cands.partition_point(|c| c.span.end <= span.start);
        let mut here = s.cands[..end].to_vec();
        link_lists_in(self.text, s, &mut here);
        if let Some(m) = lists_of(self.text, &here, 2, kinds) {
            return Some(m);
        }
        // A sentence that names no pair of its own reads the previous one's: "Yoon and
        // Kishida met in Tokyo. Relations between the neighbours had sunk to a low". Its
        // polities only: people are no neighbours.
        if here.iter().any(|c| c.head && kinds.admits(c.kind)) {
            return None;
        }
        let prev = self.window.back()?;
        if let Some(m) = lists_of(self.text, &prev.cands, 2, kinds.without_persons()) {
            return Some(m);
        }
        // Else exactly two countries named there, demonyms included ("South Korean
        // President Yoon and Japanese Prime Minister Kishida met").
        let countries = dedup(
            prev.cands
                .iter()
                .filter(|c| c.kind == EntityType::Country && kinds.admits(c.kind))
                .cloned()
                .collect(),
        );
        (countries.len() == 2).then_some(countries)
    }

    /// Learns who holds which title from a sentence: "President Joe Biden", "Emir Sheikh
    /// Tamim", "Qatar's emir, Tamim" (a title right before a name, honorifics between), and
    /// "Ghassan Salame, the U.N. envoy for Libya," (an apposition right after a name).
    fn learn_holders(
        &mut self,
        s: &Sentence,
        mentions: &[Mention],
        titles: &[crate::resolve::TitleMention],
    ) {
        let text = self.text;
        let gaz = self.gaz;
        let kind = |e: EntityRef| self.kind(e);
        let person_at = |at: usize| {
            mentions
                .iter()
                .find(|m| m.span.start == at)
                .filter(|m| m.entity.is_some_and(|e| kind(e) == EntityType::Person))
        };
        let mention_at = |at: usize| -> Option<EntityRef> {
            mentions
                .iter()
                .find(|m| m.span.start == at)
                .and_then(|m| m.entity)
                .filter(|e| matches!(kind(*e), EntityType::Country | EntityType::Org))
        };
        let owner_before = |at: usize| -> Option<EntityRef> {
            let before = text[..at].trim_end();
            let before = words::without_possessive(before).trim_end();
            mentions
                .iter()
                .find(|m| m.span.end == before.len())
                .and_then(|m| m.entity)
                .filter(|e| matches!(kind(*e), EntityType::Country | EntityType::Org))
        };
        let owner_after = |from: usize, limit: usize| -> Option<EntityRef> {
            let tail = text[from..limit].trim_start();
            let tail = tail.strip_prefix("of ")?.trim_start();
            let tail = tail.strip_prefix("the ").unwrap_or(tail);
            mention_at(limit - tail.len())
        };
        let mut learned = Vec::new();
        for (k, t) in titles.iter().enumerate() {
            if gaz.titles()[t.title].kind != TitleKind::Office {
                continue;
            }
            // Skip honorifics between the title and the name.
            let mut at = t.span.end;
            for h in &titles[k + 1..] {
                if gaz.titles()[h.title].kind == TitleKind::Honorific
                    && text[at..h.span.start].trim().is_empty()
                {
                    at = h.span.end;
                } else {
                    break;
                }
            }
            let gap = &text[at..];
            let next = at + (gap.len() - gap.trim_start().len());
            if next - at > 2 {
                continue;
            }
            if let (Some(p), Some(e)) = (person_at(next), person_at(next).and_then(|p| p.entity)) {
                learned.push((t.title, e, owner_before(t.span.start), p.span.clone()));
            }
        }
        // Appositions: "Name, [the] [Owner's|Demonym] title[ of Owner],".
        for m in mentions {
            let Some(e) = m.entity else { continue };
            if kind(e) != EntityType::Person || m.span.start < s.body {
                continue;
            }
            let Some(after) = text[m.span.end..s.range.end].strip_prefix(", ") else {
                continue;
            };
            let from = m.span.end + 2;
            let limit = after
                .find([',', ';', '.'])
                .map_or(s.range.end, |i| from + i);
            let Some(t) = titles
                .iter()
                .find(|t| t.span.start >= from && t.span.end <= limit)
            else {
                continue;
            };
            if gaz.titles()[t.title].kind != TitleKind::Office {
                continue;
            }
            // Only articles, an owner and modifiers between.
            let persons_between = mentions.iter().any(|o| {
                o.span.start >= from
                    && o.span.end <= t.span.start
                    && o.entity.is_some_and(|e| kind(e) == EntityType::Person)
            });
            if persons_between || text[from..t.span.start].split_whitespace().count() > 4 {
                continue;
            }
            let owner = owner_before(t.span.start).or_else(|| owner_after(t.span.end, limit));
            learned.push((t.title, e, owner, m.span.clone()));
        }
        for (role, person, owner, span) in learned {
            self.hold(role, person, owner, span);
        }
    }

    fn hold(
        &mut self,
        role: usize,
        person: EntityRef,
        owner: Option<EntityRef>,
        span: Range<usize>,
    ) {
        let titles = self.gaz.titles();
        let role_name = &titles[role].role;
        let known = self
            .holders
            .iter()
            .position(|h| h.person == person && &titles[h.role].role == role_name);
        match known {
            Some(i) => {
                let h = &mut self.holders[i];
                h.owner = h.owner.or(owner);
                h.span = span;
            }
            None if self.holders.len() < MAX_HOLDERS => self.holders.push(Holder {
                role,
                person,
                owner,
                span,
            }),
            None => {}
        }
    }
}

/// What a reference resolved to.
enum Picked {
    One(Cand),
    Many(Vec<Cand>),
}

/// The nearest list of exactly `n` members, all of a fitting kind.
/// Stems of verbs and nouns that judge someone for a deed: "sanctions on Russia over its
/// war", "condemned Israel for its strikes", "thanked Qatar for its mediation".
const JUDGING: &[&str] = &[
    "sanction",
    "condemn",
    "critici",
    "punish",
    "rebuk",
    "blam",
    "accus",
    "prais",
    "thank",
    "commend",
    "penali",
    "censur",
    "denounc",
    "slam",
    "chastis",
    "reprimand",
    "summon",
    "expel",
    "fine",
    "scold",
    "lambast",
    "berat",
    "castigat",
];

/// The mention right before the word before byte `before`, if that word is one of `words`,
/// nothing stands between them ("Russia over its", "Sheinbaum and her") and it may own the
/// pronoun: of a kind `admits`, a head, not itself a possessive.
fn owner_before<'s>(
    text: &str,
    s: &'s Sentence,
    before: usize,
    words: &[&str],
    admits: &dyn Fn(EntityType) -> bool,
) -> Option<&'s Cand> {
    let at = s.tok_at(before);
    let word = s.word(text, at.checked_sub(1)?)?;
    if !words.contains(&word.as_str()) {
        return None;
    }
    let word_start = s.toks[at - 1].span.start;
    let i = s.cands.partition_point(|c| c.span.end <= word_start);
    let c = s.cands.get(i.checked_sub(1)?)?;
    let adjacent = s.tok_at(c.span.end) == at - 1;
    (adjacent && admits(c.kind) && c.head && !c.possessive).then_some(c)
}

/// The mention right before "over its" / "for its" at byte `before`, when it is not the
/// clause's subject: a verb's object whose own deed is the reason ("imposed sanctions on
/// Russia over its war in Ukraine").
fn reason_owner<'s>(
    text: &str,
    s: &'s Sentence,
    before: usize,
    admits: &dyn Fn(EntityType) -> bool,
) -> Option<&'s Cand> {
    // Adjacent, so a verb stands between it and any subject: it is no subject itself.
    let c = owner_before(text, s, before, &["over", "for"], admits)?;
    // Only after a verb or noun of blame or praise, which names the object's deed as its
    // reason: "re-engage with Israel over its dispute with Greece" is Turkey's dispute.
    let first = s.tok_at(c.span.start);
    let judged = (first.saturating_sub(4)..first)
        .filter_map(|k| s.word(text, k))
        .any(|w| JUDGING.iter().any(|j| w.starts_with(j)));
    judged.then_some(c)
}

fn lists_of(text: &str, cands: &[Cand], n: usize, kinds: Kinds) -> Option<Vec<Cand>> {
    // Lists, nearest first.
    let mut fits = Vec::new();
    let mut i = cands.len();
    while i > 0 {
        i -= 1;
        let Some(list) = cands[i].list else {
            continue;
        };
        let members = members_of(cands, list);
        let all = members.len();
        let fit = dedup(
            members
                .into_iter()
                .filter(|c| kinds.admits(c.kind))
                .collect(),
        );
        if fit.len() == n && all == n {
            fits.push(fit);
        }
        // A list starts at or before its member: never step forward.
        i = list.0.min(i);
    }
    prefer_parties(text, fits.into_iter())
}

/// The first of the fitting lists (nearest first) that is no passive's agent, else the
/// first: in "A and B agreed after talks mediated by C and D, following clashes between the
/// two neighbours" and "C said the two sides agreed", the two are A and B, not their
/// mediators.
fn prefer_parties(text: &str, mut fits: impl Iterator<Item = Vec<Cand>>) -> Option<Vec<Cand>> {
    let first = fits.next()?;
    let third = |l: &[Cand]| after_by(text, l) || as_third_party(text, l);
    if !third(&first) {
        return Some(first);
    }
    Some(fits.find(|l| !third(l)).unwrap_or(first))
}

/// Whether a list is named as a third party's: "with Angola and Congo acting as
/// facilitators", "Qatar and Egypt, as mediators,".
fn as_third_party(text: &str, list: &[Cand]) -> bool {
    let Some(end) = list.iter().map(|c| c.span.end).max() else {
        return false;
    };
    let after = text[end..].trim_start_matches([',', ' ']);
    // "acting as", "attended as", "took part as".
    let after = after.strip_prefix("took part ").unwrap_or(after);
    let after = match after.split_once(' ') {
        Some((verb, rest)) if verb.ends_with("ing") || verb.ends_with("ed") => rest,
        _ => after,
    };
    let Some(role) = after.strip_prefix("as ") else {
        return false;
    };
    [
        "facilitator",
        "mediator",
        "guarantor",
        "observer",
        "broker",
        "host",
    ]
    .iter()
    .any(|r| role.starts_with(r))
}

/// Whether a list is a passive's agent: "by" before its first member ("brokered by Qatar
/// and Egypt", "mediated by the African Union and the UN").
fn after_by(text: &str, list: &[Cand]) -> bool {
    let Some(start) = list.iter().map(|c| c.span.start).min() else {
        return false;
    };
    text[..start]
        .split_whitespace()
        .rev()
        .find(|w| !matches!(*w, "the" | "both"))
        .is_some_and(|w| w == "by")
}

fn ref_index(e: EntityRef) -> Option<usize> {
    match e {
        EntityRef::Known(i) => Some(i),
        EntityRef::Discovered(_) => None,
    }
}

/// Whether a description is followed by the parties it joins ("the alliance between Russia
/// and Iran", "the alliance with Moscow"): then it names a relation, not an earlier bloc.
fn followed_by_parties(text: &str, s: &Sentence, span: &Range<usize>) -> bool {
    let next = s.word(text, s.tok_at(span.end));
    matches!(next.as_deref(), Some("between" | "with" | "among"))
}

/// Whether a name is the subject of the verb whose object the description is ("Russia invaded
/// the country", "Kenya has accused the country"): a country acting on "the country" is
/// another. Not across a verb that takes a clause ("Russia said the country would").
fn acts_on(text: &str, name: &Range<usize>, description: &Range<usize>) -> bool {
    let Some(between) = text.get(name.end..description.start) else {
        return false;
    };
    // Read backwards: "the", the verb, then only auxiliaries back to the name.
    let mut back = between.split_whitespace().rev();
    let (Some("the"), Some(verb)) = (back.next(), back.next()) else {
        return false;
    };
    back.all(|w| is(words::AUXILIARIES, w))
        && verb.chars().all(|c| c.is_ascii_lowercase())
        && (verb.ends_with("ed") || is(words::VERBS, verb))
        && !is(words::SPEECH_VERBS, verb)
}

/// Candidates with distinct entities, the latest mention of each kept (in order of first
/// appearance).
fn unique<'a, 'c>(cands: impl Iterator<Item = &'a Cand>) -> Vec<&'a Cand>
where
    'c: 'a,
{
    let mut out: Vec<&Cand> = Vec::new();
    for c in cands {
        match out.iter().position(|o| o.entity == c.entity) {
            Some(i) => out[i] = c,
            None => out.push(c),
        }
    }
    out
}

fn dedup(cands: Vec<Cand>) -> Vec<Cand> {
    let mut out: Vec<Cand> = Vec::with_capacity(cands.len());
    for c in cands {
        if !out.iter().any(|o| o.entity == c.entity) {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests;
