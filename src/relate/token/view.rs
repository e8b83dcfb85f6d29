//! The token view of a sentence: words with their lower case, lemma, function-word classes
//! and lexicon entries; entity mentions and titles as single tokens.

use std::cell::RefCell;
use std::ops::Range;

use super::lexicon::Lexicon;
use crate::coref::words::{government_kind, GOVERNMENT};
use crate::gazetteer::{EntityType, TitleKind};
use crate::matcher::AliasForm;
use crate::relate::Item;
use crate::resolve::EntityRef;

/// Function-word classes, a bit each.
pub mod class {
    /// be, have, do and their forms.
    pub const AUX: u32 = 1 << 0;
    /// will, would, could, can, may, might, should, must, shall.
    pub const MODAL: u32 = 1 << 1;
    /// not, never, no, n't, nor, neither, without.
    pub const NEG: u32 = 1 << 2;
    /// Prepositions.
    pub const PREP: u32 = 1 << 3;
    /// Determiners and possessive pronouns.
    pub const DET: u32 = 1 << 4;
    /// which, who, whom, whose, that.
    pub const REL: u32 = 1 << 5;
    /// and, or, but, nor, "&".
    pub const CONJ: u32 = 1 << 6;
    /// Any punctuation.
    pub const PUNCT: u32 = 1 << 7;
    /// ",".
    pub const COMMA: u32 = 1 << 8;
    /// Adverbs: words in -ly and a few others ("also", "still").
    pub const ADV: u32 = 1 << 9;
    /// Personal pronouns.
    pub const PRON: u32 = 1 << 10;
    /// A word that starts with a capital letter.
    pub const CAP: u32 = 1 << 11;
    /// Where a clause ends: ";", ":", brackets, quotes, dashes, "?" and "!".
    pub const CLAUSE: u32 = 1 << 12;
    /// A number.
    pub const NUM: u32 = 1 << 13;
    /// Subordinators that make a clause hypothetical: if, unless, whether.
    pub const COND: u32 = 1 << 14;
    /// A verb's participle in "-ing" ("returning", "citing"), in lower case.
    pub const ING: u32 = 1 << 15;
    /// The classes of a word's shape (capitalised, a participle), not of its function: a word
    /// with no class beyond these is a content word.
    pub const SHAPE: u32 = CAP | ING;
    /// Every class with its name in patterns.
    pub const NAMES: &[(&str, u32)] = &[
        ("AUX", AUX),
        ("MODAL", MODAL),
        ("NEG", NEG),
        ("PREP", PREP),
        ("DET", DET),
        ("REL", REL),
        ("CONJ", CONJ),
        ("PUNCT", PUNCT),
        ("COMMA", COMMA),
        ("ADV", ADV),
        ("PRON", PRON),
        ("CAP", CAP),
        ("CLAUSE", CLAUSE),
        ("NUM", NUM),
        ("COND", COND),
        ("ING", ING),
    ];
}

/// What a token is.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Kind {
    /// A word or punctuation.
    Word,
    /// An entity mention.
    Slot(EntityRef, EntityType, AliasForm),
    /// A title (index into the gazetteer's titles).
    Title(usize, TitleKind),
}

/// One token.
#[derive(Debug, Clone, PartialEq)]
pub struct Token {
    /// Byte range in the document.
    pub span: Range<usize>,
    /// Word, mention or title.
    pub kind: Kind,
    /// Lower case (curly apostrophes straightened); several words for a lexicon phrase.
    pub lower: String,
    /// Lemma.
    pub lemma: String,
    /// Function-word classes ([`class`]).
    pub class: u32,
    /// Followed by a possessive "'s" (part of the token).
    pub possessive: bool,
    /// A mention that is the first half of a compound adjective ("Iran-backed",
    /// "Saudi-led"): a modifier, not an actor.
    pub compound: bool,
    /// A mention of a political party (a `PARTY` item).
    pub party: bool,
    /// Lexicon entries for the lemma.
    pub triggers: Vec<u32>,
    /// A possessive pronoun's entity, for `.pron` items.
    pub refers: Option<(EntityRef, EntityType)>,
}

impl Token {
    /// An entity mention.
    pub fn is_slot(&self) -> bool {
        matches!(self.kind, Kind::Slot(..))
    }

    /// A mention written as a possessive pronoun ("its" resolved to Russia).
    pub fn is_pronoun_mention(&self) -> bool {
        self.is_slot() && is_possessive_pronoun(&self.lower)
    }
}

/// Whether `rest` (the text after "her") opens with what follows an object pronoun:
/// punctuation, nothing, or a word of `coref::words::her_is_object`.
fn object_follows(rest: &str) -> bool {
    let rest = rest.trim_start();
    let word: String = rest
        .chars()
        .take_while(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect();
    word.is_empty() || crate::coref::words::her_is_object(&word)
}

fn is_possessive_pronoun(lower: &str) -> bool {
    matches!(lower, "its" | "his" | "her" | "their")
}

fn classes_of(lower: &str) -> u32 {
    use class::*;
    let base = lower.strip_suffix("n't").unwrap_or(lower);
    let mut c = match base {
        "is" | "are" | "was" | "were" | "be" | "been" | "being" | "am" | "has" | "have" | "had"
        | "having" | "do" | "does" | "did" | "wo" | "ca" => AUX,
        "will" | "would" | "could" | "can" | "may" | "might" | "should" | "must" | "shall" => MODAL,
        "not" | "never" | "no" | "nor" | "neither" | "without" | "cannot" => NEG,
        "of" | "in" | "on" | "at" | "to" | "for" | "with" | "by" | "from" | "between" | "among"
        | "amid" | "against" | "over" | "into" | "onto" | "about" | "after" | "before"
        | "during" | "under" | "toward" | "towards" | "through" | "across" | "via" | "within"
        | "alongside" | "despite" | "including" | "like" | "as" | "upon" => PREP,
        "the" | "a" | "an" | "this" | "these" | "those" | "its" | "his" | "her" | "their"
        | "our" | "both" | "either" | "each" | "all" | "some" | "any" | "another" => DET,
        "which" | "who" | "whom" | "whose" | "that" => REL,
        "and" | "or" | "&" => CONJ,
        "but" => CONJ | CLAUSE,
        "he" | "she" | "it" | "they" | "him" | "them" | "we" | "i" | "you" => PRON,
        "also" | "still" | "already" | "now" | "then" | "again" | "jointly" | "reportedly"
        | "even" | "just" | "once" | "twice" | "thrice" | "ever" | "instead" | "long" | "later"
        | "soon" | "recently" => ADV,
        // An emphatic reflexive stands aside like an adverb: "Egypt, itself locked in a dispute
        // with Ethiopia", "Putin himself met".
        w if super::REFLEXIVES.contains(&w) => ADV,
        "if" | "unless" | "whether" => COND,
        // Subordinators and contrasts start a new clause: gaps do not run across them.
        "while" | "whereas" | "although" | "though" | "because" => CLAUSE,
        _ => 0,
    };
    if lower.ends_with("n't") || lower == "cannot" {
        c |= NEG;
    }
    // Most long "-ly" words are adverbs; these verbs, nouns and adjectives are not ("agreed to
    // supply Egypt with drones", "a rally", "a deadly attack").
    if lower.len() > 4
        && lower.ends_with("ly")
        && c == 0
        && !matches!(
            lower,
            "supply"
                | "apply"
                | "reply"
                | "comply"
                | "rally"
                | "multiply"
                | "family"
                | "assembly"
                | "monopoly"
                | "anomaly"
                | "bully"
                | "tally"
                | "july"
                | "italy"
                | "deadly"
                | "friendly"
                | "costly"
                | "elderly"
        )
    {
        c |= ADV;
    }
    // A count in words is a number too ("whose eight members are"), and an ordinal in
    // digits ("New Zealand's 41st prime minister").
    let ordinal = ["st", "nd", "rd", "th"].iter().any(|s| {
        lower
            .strip_suffix(s)
            .is_some_and(|d| !d.is_empty() && d.bytes().all(|b| b.is_ascii_digit()))
    });
    if ordinal
        || lower
            .bytes()
            .all(|b| b.is_ascii_digit() || b == b',' || b == b'.')
        || crate::text::NUMBER_WORDS.iter().any(|(w, _)| *w == lower)
    {
        c |= NUM;
    }
    c
}

fn punct_class(c: char) -> u32 {
    use class::*;
    match c {
        ',' => PUNCT | COMMA,
        ';' | ':' | '(' | ')' | '[' | ']' | '"' | '\u{201c}' | '\u{201d}' | '\u{2014}' | '?'
        | '!' => PUNCT | CLAUSE,
        _ => PUNCT,
    }
}

thread_local! {
    /// The lower-case and lemma strings of the sentence tokenised before, kept for the next
    /// one's words: two allocations and two frees per word were a large part of the token
    /// view's cost.
    static SPARE: RefCell<Vec<String>> = const { RefCell::new(Vec::new()) };
}

/// How many spare strings are kept, and up to what capacity: a long sentence or a long
/// phrase's string is not held on to.
const SPARE_KEPT: usize = 1024;
const SPARE_CAPACITY: usize = 64;

/// Reused strings for a sentence's tokens.
struct Spare(Vec<String>);

impl Spare {
    /// An empty string, reused if one is spare.
    fn get(&mut self) -> String {
        self.0.pop().unwrap_or_default()
    }

    /// A copy of `s`.
    fn copy(&mut self, s: &str) -> String {
        let mut out = self.get();
        out.push_str(s);
        out
    }

    /// Keeps `s` for a later token.
    fn keep(&mut self, mut s: String) {
        if self.0.len() < SPARE_KEPT && s.capacity() <= SPARE_CAPACITY {
            s.clear();
            self.0.push(s);
        }
    }
}

/// Builds the tokens of `sentence` (a byte range of `text`) around its `items` (sorted,
/// inside the sentence, non-overlapping) into `out`.
pub fn tokens(
    lex: &Lexicon,
    text: &str,
    sentence: Range<usize>,
    items: &[(Item, Range<usize>)],
    out: &mut Vec<Token>,
) {
    let mut spare = Spare(SPARE.with(|s| std::mem::take(&mut *s.borrow_mut())));
    for t in out.drain(..) {
        spare.keep(t.lower);
        spare.keep(t.lemma);
    }
    build(lex, text, sentence, items, out, &mut spare);
    SPARE.with(|s| *s.borrow_mut() = spare.0);
}

fn build(
    lex: &Lexicon,
    text: &str,
    sentence: Range<usize>,
    items: &[(Item, Range<usize>)],
    out: &mut Vec<Token>,
    spare: &mut Spare,
) {
    let mut at = sentence.start;
    for (item, span) in items {
        // Items are sorted and should not overlap; one that does (a reference resolved inside
        // a longer mention) is dropped rather than allowed to cut the text backwards.
        if span.start < at {
            continue;
        }
        words(lex, text, at..span.start, out, spare);
        let kind = match *item {
            Item::Entity(e, t, f, _) => Kind::Slot(e, t, f),
            Item::Title(i, k) => Kind::Title(i, k),
            Item::Refers(e, t) => {
                // The pronoun stays the word it is; it only learns what it refers to.
                let first = out.len();
                words(lex, text, span.clone(), out, spare);
                if out.len() == first + 1 {
                    out[first].refers = Some((e, t));
                }
                at = span.end;
                continue;
            }
        };
        let mut end = span.end;
        let rest = &text[end..sentence.end];
        let possessive = ["'s", "\u{2019}s", "'", "\u{2019}"]
            .iter()
            .find(|p| {
                rest.starts_with(**p) && !rest[p.len()..].starts_with(|c: char| c.is_alphanumeric())
            })
            .map(|p| p.len());
        if let Some(n) = possessive {
            end += n;
        }
        let raw = &text[span.clone()];
        let mut lower = spare.get();
        if raw.is_ascii() {
            lower.push_str(raw);
            lower.make_ascii_lowercase();
        } else {
            lower.push_str(&raw.to_lowercase());
        }
        // A possessive pronoun that became a mention ("sanctions on Russia over its war")
        // owns what follows, as "Russia's" would.
        // ("met her later" is an object: "her" owns nothing there.)
        let owner = is_possessive_pronoun(&lower)
            && !(lower == "her" && object_follows(&text[end..sentence.end]));
        out.push(Token {
            span: span.start..end,
            kind,
            lemma: spare.copy(&lower),
            lower,
            class: 0,
            possessive: possessive.is_some() || owner,
            compound: false,
            party: matches!(item, Item::Entity(.., true)),
            triggers: Vec::new(),
            refers: None,
        });
        at = end;
    }
    words(lex, text, at..sentence.end, out, spare);
    mark_compounds(out);
    merge_led_forces(out);
    merge_governments(out);
    merge_acronyms(out);
    merge_group_nouns(out);
    merge_unnamed_allies(out);
    unbracket_named_titles(out);
    countries_before_persons(out);
    close_owner_appositions(out);
    join_phrases(lex, out);
    nouns_after_demonyms(lex, out);
    super::subject::share(lex, out);
}

/// "Niger's military leader, Gen. Abdourahamane Tchiani, has since expelled French troops":
/// the person named after an owner's post is the clause's subject. The comma that closes the
/// apposition is dropped, so every rule reads the person before its verb as it reads "Tchiani
/// has since expelled"; the post before stays for the office rules.
fn close_owner_appositions(out: &mut Vec<Token>) {
    let mut i = 0;
    while i + 2 < out.len() {
        let closes = matches!(out[i].kind, Kind::Slot(_, EntityType::Person, _))
            && out[i + 1].class & class::COMMA != 0
            && verb_like(&out[i + 2])
            && owner_post_before(out, i);
        if closes {
            out.remove(i + 1);
        }
        i += 1;
    }
}

/// A word that can open a predicate: an auxiliary, a modal, an adverb or an inflected verb.
fn verb_like(t: &Token) -> bool {
    t.kind == Kind::Word
        && (t.class & (class::AUX | class::MODAL | class::ADV) != 0
            || (t.class & !class::SHAPE == 0 && t.lemma != t.lower && !t.lower.ends_with('s')))
}

/// Whether person `i` follows "POLITY's words, TITLE*": one to four plain words after an
/// owner's possessive, a comma, then titles only.
fn owner_post_before(out: &[Token], i: usize) -> bool {
    let mut k = i;
    while k > 0 && matches!(out[k - 1].kind, Kind::Title(..)) {
        k -= 1;
    }
    if k == 0 || out[k - 1].class & class::COMMA == 0 {
        return false;
    }
    let comma = k - 1;
    let words = (1..=4).take_while(|n| comma > *n).find(|n| {
        let owner = &out[comma - n - 1];
        let plain = out[comma - n..comma].iter().all(|t| {
            t.kind != Kind::Word || t.class & (class::COMMA | class::CLAUSE | class::PUNCT) == 0
        });
        plain
            && owner.possessive
            && matches!(
                owner.kind,
                Kind::Slot(_, EntityType::Country | EntityType::Org, _)
            )
    });
    words.is_some()
}

/// "The United States and its allies imposed sanctions on Russia": unnamed allies act with the
/// name before them, which stays the clause's subject (named ones, "Russia and its allies
/// Belarus and Iran", stay tokens of their own for the list and the alliance rules).
fn merge_unnamed_allies(out: &mut Vec<Token>) {
    let mut i = 0;
    while i + 3 < out.len() {
        let word = |k: usize, list: &[&str]| {
            out[k].kind == Kind::Word && list.contains(&out[k].lower.as_str())
        };
        let unnamed = matches!(out[i].kind, Kind::Slot(_, ty, _) if ty != EntityType::Location)
            && !out[i].possessive
            && !out[i].compound
            && word(i + 1, &["and"])
            // (A resolved "its" is a mention token of its own.)
            && matches!(out[i + 2].lower.as_str(), "its" | "their" | "his" | "her")
            && word(i + 3, &["allies", "partners", "backers", "supporters"])
            && out.get(i + 4).is_none_or(|t| !t.is_slot());
        if unnamed {
            absorb(out, i, i + 3);
        }
        i += 1;
    }
}

/// "Qatar's emir, Sheikh Tamim, met the crown prince": the commas around a name that only
/// names the title before it bracket no clause of their own, so the rules read "Qatar's emir
/// Sheikh Tamim met" (a subject followed by its verb). Only where a lower-case word that
/// starts no phrase of its own follows the second comma ("…, and his counterpart" keeps it).
fn unbracket_named_titles(out: &mut Vec<Token>) {
    let comma = |t: &Token| t.kind == Kind::Word && t.class & class::COMMA != 0;
    let mut i = 0;
    while i + 4 < out.len() {
        let owner = i == 0
            || match out[i - 1].kind {
                Kind::Slot(_, ty, form) => {
                    ty != EntityType::Person
                        && (out[i - 1].possessive || form == AliasForm::Demonym)
                }
                Kind::Word => out[i - 1].class & class::DET != 0,
                Kind::Title(..) => false,
            };
        let next = &out[i + 4];
        let verb_next = next.kind == Kind::Word
            && next.class
                & (class::CONJ
                    | class::DET
                    | class::PREP
                    | class::REL
                    | class::PUNCT
                    | class::CAP
                    | class::NUM
                    | class::PRON)
                == 0;
        if owner
            && matches!(out[i].kind, Kind::Title(..))
            && comma(&out[i + 1])
            && matches!(out[i + 2].kind, Kind::Slot(_, EntityType::Person, _))
            && comma(&out[i + 3])
            && verb_next
        {
            out.remove(i + 3);
            out.remove(i + 1);
        }
        i += 1;
    }
}

/// "met the U.S. president": a country's name right before a person's mention modifies it
/// as a demonym would, so the person, not the country, is the argument.
fn countries_before_persons(out: &mut [Token]) {
    for i in 1..out.len() {
        if !matches!(out[i].kind, Kind::Slot(_, EntityType::Person, _)) {
            continue;
        }
        // "the Foreign Minister of Russia Sergey Lavrov": after "of", the post's owner.
        if i >= 2 && out[i - 2].kind == Kind::Word && out[i - 2].class & class::PREP != 0 {
            continue;
        }
        let before = &mut out[i - 1];
        if let Kind::Slot(e, EntityType::Country, form) = before.kind {
            if form != AliasForm::Demonym && !before.possessive && !before.compound {
                before.kind = Kind::Slot(e, EntityType::Country, AliasForm::Demonym);
            }
        }
    }
}

/// A word right after a demonym is the noun it modifies, never a verb: "U.S. and British
/// strikes on Yemen" are strikes, not two countries striking each other. A plural demonym
/// ("the Saudis fought") is a noun itself and keeps its verb.
fn nouns_after_demonyms(lex: &Lexicon, out: &mut [Token]) {
    for i in 1..out.len() {
        let adjective = matches!(out[i - 1].kind, Kind::Slot(_, _, AliasForm::Demonym))
            && !out[i - 1].possessive
            && !out[i - 1].compound
            && !out[i - 1].lower.ends_with('s');
        if adjective && out[i].kind == Kind::Word {
            out[i]
                .triggers
                .retain(|&e| lex.entries()[e as usize].pos != super::lexicon::Pos::Verb);
        }
    }
}

/// "the Israeli government accused Turkey" is Israel acting: the country's mention and the
/// government word become one name token, so the rules read it as the actor it is (a demonym
/// alone is a modifier, not an actor).
fn merge_governments(out: &mut Vec<Token>) {
    let mut i = 0;
    while i + 1 < out.len() {
        // "Ethiopia's federal government": one word of kind may stand before the noun.
        let is_government =
            |k: usize| out[k].kind == Kind::Word && GOVERNMENT.contains(&out[k].lower.as_str());
        // "the Israeli military said": a kind word may be the noun itself.
        let kind = usize::from(
            i + 2 < out.len()
                && out[i + 1].kind == Kind::Word
                && government_kind(&out[i + 1].lower)
                && is_government(i + 2),
        );
        let government = matches!(out[i].kind, Kind::Slot(_, EntityType::Country, _))
            && !out[i].compound
            && out[i + 1].span.start > out[i].span.end
            && is_government(i + 1 + kind)
            && !modifies_noun(out, i + 1 + kind);
        if government {
            absorb(out, i, i + 1 + kind);
        }
        i += 1;
    }
}

/// Lemmas of a force or a campaign another leads: "the Saudi-led coalition", "US-led
/// forces".
const LED_FORCES: &[&str] = &[
    "coalition",
    "campaign",
    "force",
    "troop",
    "alliance",
    "operation",
    "intervention",
    "offensive",
];

/// "a Saudi-led coalition has been fighting the Houthis", "the Russia-led military alliance":
/// who leads a force acts through it, so the compound, "-led", a word of kind and the force's
/// noun become one mention of the leader (unless a name follows the noun: "the US-led
/// coalition partner Britain").
fn merge_led_forces(out: &mut Vec<Token>) {
    let mut i = 0;
    while i + 3 < out.len() {
        let word = |k: usize, w: &[&str]| {
            out.get(k)
                .is_some_and(|t| t.kind == Kind::Word && w.contains(&t.lower.as_str()))
        };
        if out[i].compound && out[i].is_slot() && word(i + 2, &["led"]) {
            let kind = usize::from(word(i + 3, &["military", "international", "multinational"]));
            let noun = i + 3 + kind;
            let force = out
                .get(noun)
                .is_some_and(|t| t.kind == Kind::Word && LED_FORCES.contains(&t.lemma.as_str()));
            if force && !out.get(noun + 1).is_some_and(Token::is_slot) {
                out[i].compound = false;
                absorb(out, i, noun);
            }
        }
        i += 1;
    }
}

/// Kinds of armed or political group, between an organisation's name and its noun: "the
/// ELN rebel group", "the M23 rebels".
const GROUP_KINDS: &[&str] = &[
    "rebel",
    "militant",
    "armed",
    "jihadist",
    "islamist",
    "paramilitary",
    "insurgent",
    "separatist",
    "opposition",
];

/// Nouns that, after an organisation's name, name the organisation itself or its people
/// acting for it: "the ELN rebel group", "Hamas fighters", "the Houthi movement".
const GROUP_NOUNS: &[&str] = &[
    "group",
    "movement",
    "militia",
    "rebels",
    "guerrillas",
    "militants",
    "fighters",
    "insurgents",
    "faction",
    "forces",
];

/// "the ELN rebel group resumed talks": the name and its noun become one name token, so a
/// list ("Colombia's government and the ELN rebel group") or a subject reads past the noun.
fn merge_group_nouns(out: &mut Vec<Token>) {
    let mut i = 0;
    while i + 1 < out.len() {
        let word = |k: usize, list: &[&str]| {
            out.get(k)
                .is_some_and(|t| t.kind == Kind::Word && list.contains(&t.lower.as_str()))
        };
        let kind = usize::from(word(i + 1, GROUP_KINDS));
        let group = matches!(out[i].kind, Kind::Slot(_, EntityType::Org, _))
            && !out[i].compound
            && !out[i].possessive
            && word(i + 1 + kind, GROUP_NOUNS)
            // "the BRICS group of Brazil, Russia, …": the noun leads to its members.
            && !word(i + 2 + kind, &["of"]);
        if group {
            absorb(out, i, i + 1 + kind);
        }
        i += 1;
    }
}

/// Makes the words after mention `i` up to `last` part of it, a name ("the Israeli
/// government", "the Houthi movement": a demonym with its noun names the actor).
fn absorb(out: &mut Vec<Token>, i: usize, last: usize) {
    let (end, possessive) = (out[last].span.end, out[last].possessive);
    out.drain(i + 1..=last);
    let t = &mut out[i];
    if let Kind::Slot(e, ty, _) = t.kind {
        t.kind = Kind::Slot(e, ty, AliasForm::Name);
    }
    t.span.end = end;
    t.possessive = possessive;
}

/// "army" and "military" also modify nouns ("U.S. military aid", "the Israeli military
/// chief"): as a government word they must end their phrase, before punctuation, a function
/// word or an inflected verb ("the Israeli military said", "Sudan's army and the RSF").
fn modifies_noun(out: &[Token], k: usize) -> bool {
    if !matches!(out[k].lower.as_str(), "army" | "military") {
        return false;
    }
    out.get(k + 1).is_some_and(|n| {
        n.kind == Kind::Word
            && n.class
                & (class::PUNCT
                    | class::CONJ
                    | class::AUX
                    | class::MODAL
                    | class::PREP
                    | class::REL
                    | class::ADV)
                == 0
            && n.lower == n.lemma
    }) || out
        .get(k + 1)
        .is_some_and(|n| !matches!(n.kind, Kind::Word))
}

/// "the Rapid Support Forces (RSF) signed": a name followed by its own acronym or short form in
/// brackets is one name token, so a list or a subject reads past the brackets as it would
/// without them. Brackets holding another entity ("Khartoum (Reuters)") stay as they are.
fn merge_acronyms(out: &mut Vec<Token>) {
    let mut i = 0;
    while i + 3 < out.len() {
        let same = match (out[i].kind, out[i + 2].kind) {
            (Kind::Slot(a, ..), Kind::Slot(b, ..)) => a == b,
            _ => false,
        };
        if same && !out[i].possessive && out[i + 1].lower == "(" && out[i + 3].lower == ")" {
            let close = out.drain(i + 1..i + 4).next_back().map(|t| t.span.end);
            if let Some(end) = close {
                out[i].span.end = end;
            }
        }
        i += 1;
    }
}

/// A mention directly followed by "-" and a word ("Iran-backed", "Saudi-led") is the first
/// half of a compound adjective.
fn mark_compounds(out: &mut [Token]) {
    for i in 0..out.len().saturating_sub(2) {
        let (a, dash, b) = (&out[i], &out[i + 1], &out[i + 2]);
        if a.is_slot()
            && dash.lower == "-"
            && dash.span.start == a.span.end
            && b.span.start == dash.span.end
            && b.kind == Kind::Word
            && b.class & class::PUNCT == 0
        {
            out[i].compound = true;
        }
    }
}

/// Tokenises plain text between mentions.
fn words(lex: &Lexicon, text: &str, range: Range<usize>, out: &mut Vec<Token>, spare: &mut Spare) {
    let s = &text[range.clone()];
    let mut chars = s.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if c.is_whitespace() {
            continue;
        }
        let start = range.start + i;
        if !c.is_alphanumeric() {
            if c == '\'' || c == '\u{2019}' {
                continue; // stray apostrophes and quotes
            }
            out.push(Token {
                span: start..start + c.len_utf8(),
                kind: Kind::Word,
                lower: spare.copy(c.encode_utf8(&mut [0; 4])),
                lemma: spare.copy(c.encode_utf8(&mut [0; 4])),
                class: punct_class(c),
                possessive: false,
                compound: false,
                party: false,
                triggers: Vec::new(),
                refers: None,
            });
            continue;
        }
        let mut end = i + c.len_utf8();
        while let Some(&(j, d)) = chars.peek() {
            let joins = d.is_alphanumeric()
                || (matches!(d, '-' | '\'' | '\u{2019}' | '.')
                    && s[j + d.len_utf8()..].starts_with(|n: char| n.is_alphanumeric()))
                // A thousands separator stays inside its number ("1,000 soldiers" is one
                // word, not a clause break for the rules' gaps).
                || (d == ','
                    && s[i..j].bytes().all(|b| b.is_ascii_digit() || b == b',')
                    && s[j + 1..].starts_with(|n: char| n.is_ascii_digit()));
            if !joins {
                break;
            }
            end = j + d.len_utf8();
            chars.next();
        }
        let raw = &s[i..end];
        let mut lower = spare.get();
        lowercase(raw, &mut lower);
        let mut possessive = false;
        if let Some(stem) = lower.strip_suffix("'s") {
            if !stem.is_empty() && !matches!(stem, "it" | "that" | "what" | "there" | "he" | "she")
            {
                lower.truncate(stem.len());
                possessive = true;
            }
        }
        let mut class = classes_of(&lower);
        if c.is_uppercase() {
            class |= class::CAP;
            // "took office in May": a capital "May" inside a sentence is the month.
            if lower == "may" && !out.is_empty() {
                class &= !class::MODAL;
            }
        }
        let lemma = spare.copy(lex.lemma(&lower));
        if class & class::CAP == 0 && lower.ends_with("ing") && lemma != lower {
            class |= class::ING;
        }
        let mut triggers = lex.lookup(&lemma).to_vec();
        // A past form is a verb, never its lemma's noun: "a deal struck between A and B" is
        // no strike.
        if past_form(&lower, &lemma) {
            triggers.retain(|&e| lex.entries()[e as usize].pos != super::lexicon::Pos::Noun);
        }
        // After a count, a plural is a noun, never a verb: "the two NATO allies, Turkey and
        // the United States" is no "NATO allies Turkey".
        if lemma != lower && lower.ends_with('s') && after_count(out) {
            triggers.retain(|&e| lex.entries()[e as usize].pos != super::lexicon::Pos::Verb);
        }
        out.push(Token {
            span: range.start + i..range.start + end,
            kind: Kind::Word,
            lower,
            lemma,
            class,
            possessive,
            compound: false,
            party: false,
            triggers,
            refers: None,
        });
    }
}

/// Whether the last token is a count, or a name right after one ("two NATO"); a year is no
/// count ("in 2014 Russia annexes").
fn after_count(out: &[Token]) -> bool {
    let mut back = out.iter().rev();
    let mut t = back.next();
    if t.is_some_and(Token::is_slot) {
        t = back.next();
    }
    t.is_some_and(|t| {
        t.kind == Kind::Word && t.class & class::NUM != 0 && !crate::text::dates::is_year(&t.lower)
    })
}

/// Whether a word is a verb's past form: inflected ("struck" → strike, "expelled"), and not a
/// plural, a third person or a participle in "-ing".
pub(crate) fn past_form(lower: &str, lemma: &str) -> bool {
    lower != lemma && !lower.ends_with('s') && !lower.ends_with("ing")
}

/// A word in lower case with its curly apostrophes straightened, into `out` (empty): in
/// place, with no allocation of its own, for the common (ASCII) word.
fn lowercase(raw: &str, out: &mut String) {
    if raw.is_ascii() {
        out.push_str(raw);
        out.make_ascii_lowercase();
        return;
    }
    let lower = raw.to_lowercase();
    if lower.contains('\u{2019}') {
        out.push_str(&lower.replace('\u{2019}', "'"));
    } else {
        out.push_str(&lower);
    }
}

/// Joins runs of words that make a multi-word lexicon lemma ("cut ties", "take over from")
/// into one token. The longest phrase wins.
fn join_phrases(lex: &Lexicon, out: &mut Vec<Token>) {
    let mut i = 0;
    while i < out.len() {
        if out[i].kind != Kind::Word {
            i += 1;
            continue;
        }
        // By lemma ("declared war"), or as written where the word has a lemma of its own
        // ("armed conflict", "armed" → "arm").
        let mut phrases = lex.phrases(&out[i].lemma);
        // (Most words are their own lemma: no second lookup for the same key.)
        if phrases.is_empty() && out[i].lower != out[i].lemma {
            phrases = lex.phrases(&out[i].lower);
        }
        let hit = phrases.iter().find(|words| {
            // Most candidates fail at their next word: that test first, before the phrase is
            // spelled and looked up for the tests below.
            let spelled = i + words.len() <= out.len()
                && words.iter().enumerate().skip(1).all(|(k, w)| {
                    let t = &out[i + k];
                    t.kind == Kind::Word && (t.lower == *w || t.lemma == *w)
                });
            if !spelled {
                return false;
            }
            let last = words.last().map_or("", String::as_str);
            // The phrase's entries, spelled and looked up once for both tests below.
            let entries = lex.lookup(&words.join(" "));
            // A verb and its preposition ("meet with") stay two tokens when the verb alone
            // already says as much: rules spell the preposition.
            let head = &out[i].triggers;
            let redundant = classes_of(last) & class::PREP != 0
                && !head.is_empty()
                && entries.iter().all(|&e| {
                    let r = lex.entries()[e as usize].relation;
                    r.is_none()
                        || head
                            .iter()
                            .any(|&h| lex.entries()[h as usize].relation == r)
                });
            // A noun phrase ends in a noun: "drone strikes" is one, "drones struck" a
            // subject and its verb (a written form other than the lemma must be a plural).
            let noun_only = entries
                .iter()
                .all(|&e| lex.entries()[e as usize].pos != super::lexicon::Pos::Verb);
            // The last word, where it matched by its lemma only, must then be a plural.
            let t = &out[i + words.len() - 1];
            let by_lemma = words.len() > 1 && t.lower != *last;
            let plural_or_verb = !noun_only || t.lower.ends_with('s');
            !redundant && (!by_lemma || plural_or_verb)
        });
        if let Some(words) = hit {
            let n = words.len();
            let lemma = words.join(" ");
            let lower: Vec<&str> = out[i..i + n].iter().map(|t| t.lower.as_str()).collect();
            let lower = lower.join(" ");
            let end = out[i + n - 1].span.end;
            let possessive = out[i + n - 1].possessive;
            let mut triggers = lex.lookup(&lemma).to_vec();
            // A verb phrase keeps the entries of the noun it ends in: "hosted talks" is a
            // mediation and talks, "struck a deal" an agreement verb and a deal.
            let verb = |e: &u32| lex.entries()[*e as usize].pos == super::lexicon::Pos::Verb;
            if triggers.iter().any(verb) {
                let last = words.last().map_or("", String::as_str);
                triggers.extend(
                    lex.lookup(last)
                        .iter()
                        .filter(|&&e| lex.entries()[e as usize].pos == super::lexicon::Pos::Noun),
                );
            }
            let t = &mut out[i];
            t.span.end = end;
            t.triggers = triggers;
            t.lemma = lemma;
            t.lower = lower;
            t.possessive = possessive;
            // (A phrase is a participle when its first word is: "taking over from".)
            t.class &= class::SHAPE;
            out.drain(i + 1..i + n);
        }
        i += 1;
    }
}
