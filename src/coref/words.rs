//! Words of a sentence and the small closed word lists the reference rules consult.
//!
//! No part-of-speech tagger: the rules only ask what the word before or after a mention is,
//! and whether it belongs to a short list (prepositions, auxiliaries, place words) or looks
//! like a finite verb. The lists are English news wording, kept short on purpose: a word
//! that is in none of them leaves the decision to the conservative default.

use std::ops::Range;

/// A word or a punctuation character of a sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Tok {
    /// Byte range in the document.
    pub span: Range<usize>,
    /// A word (starts with a letter or digit); otherwise one punctuation character.
    pub word: bool,
}

/// The tokens of `text[range]` into `out` (cleared first): words are runs of letters and
/// digits with inner hyphens and apostrophes ("long-time", "Shi'ite", "it's"); every other
/// non-space character is a token of its own.
pub(crate) fn tokenize(text: &str, range: Range<usize>, out: &mut Vec<Tok>) {
    out.clear();
    let bytes = text.as_bytes();
    let end = range.end;
    let mut i = range.start;
    // Byte by byte over ASCII (most of any text), a character at a time elsewhere.
    let char_at = |i: usize| -> (char, usize) {
        let c = text[i..].chars().next().expect("a character boundary");
        (c, c.len_utf8())
    };
    let alnum_at = |i: usize| -> bool {
        match bytes.get(i) {
            Some(b) if b.is_ascii() => b.is_ascii_alphanumeric(),
            Some(_) if i < end => char_at(i).0.is_alphanumeric(),
            _ => false,
        }
    };
    while i < end {
        let b = bytes[i];
        if b.is_ascii() {
            if b.is_ascii_whitespace() {
                i += 1;
                continue;
            }
            if !b.is_ascii_alphanumeric() {
                out.push(Tok {
                    span: i..i + 1,
                    word: false,
                });
                i += 1;
                continue;
            }
        } else {
            let (c, n) = char_at(i);
            if c.is_whitespace() {
                i += n;
                continue;
            }
            if !c.is_alphanumeric() {
                out.push(Tok {
                    span: i..i + n,
                    word: false,
                });
                i += n;
                continue;
            }
        }
        // A word: letters and digits, with inner hyphens and apostrophes.
        let start = i;
        loop {
            if i >= end {
                break;
            }
            let b = bytes[i];
            if b.is_ascii_alphanumeric() {
                i += 1;
            } else if b.is_ascii() {
                if matches!(b, b'-' | b'\'') && i + 1 < end && alnum_at(i + 1) {
                    i += 1;
                } else {
                    break;
                }
            } else {
                let (c, n) = char_at(i);
                if c.is_alphanumeric() || (c == '’' && i + n < end && alnum_at(i + n)) {
                    i += n;
                } else {
                    break;
                }
            }
        }
        out.push(Tok {
            span: start..i,
            word: true,
        });
    }
}

/// A word in lower case: the word itself when it already is (most words of a text), else a
/// lowercased copy on the stack. Every listed word is short ASCII, so a word that is not
/// has no lowercase form, and none costs a heap allocation.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Lower<'a> {
    Same(&'a str),
    Lowered([u8; LOWER_CAP], u8),
}

const LOWER_CAP: usize = 23;

impl Default for Lower<'_> {
    fn default() -> Self {
        Lower::Same("")
    }
}

impl<'a> Lower<'a> {
    pub(crate) fn as_str(&self) -> &str {
        match self {
            Lower::Same(s) => s,
            Lower::Lowered(buf, len) => {
                std::str::from_utf8(&buf[..*len as usize]).expect("lowercased ASCII")
            }
        }
    }
}

impl std::ops::Deref for Lower<'_> {
    type Target = str;
    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl PartialEq<&str> for Lower<'_> {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl std::fmt::Debug for Lower<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.as_str().fmt(f)
    }
}

/// `word` in lower case when it is ASCII and short (every listed word is), else `None`.
pub(crate) fn lower(word: &str) -> Option<Lower<'_>> {
    if word.len() > LOWER_CAP || !word.is_ascii() {
        return None;
    }
    if !word.bytes().any(|b| b.is_ascii_uppercase()) {
        return Some(Lower::Same(word));
    }
    let mut buf = [0u8; LOWER_CAP];
    buf[..word.len()].copy_from_slice(word.as_bytes());
    buf[..word.len()].make_ascii_lowercase();
    Some(Lower::Lowered(buf, word.len() as u8))
}

/// Whether `w` (lowercase) is one of `list`.
pub(crate) fn is(list: &[&str], w: &str) -> bool {
    list.contains(&w)
}

/// A word list as a hash set, for the lists consulted at every word.
pub(crate) type WordSet = std::sync::LazyLock<rustc_hash::FxHashSet<&'static str>>;

macro_rules! word_set {
    ($(#[$doc:meta])* $name:ident = $list:expr) => {
        $(#[$doc])*
        pub(crate) static $name: $crate::coref::words::WordSet =
            std::sync::LazyLock::new(|| $list.iter().copied().collect());
    };
}
pub(crate) use word_set;

word_set!(
    /// [`PREPOSITIONS`] as a set.
    PREPOSITION_SET = PREPOSITIONS
);
word_set!(
    /// [`ADVERBS`] as a set.
    ADVERB_SET = ADVERBS
);

/// Prepositions after which a name is not the subject of its clause.
pub(crate) const PREPOSITIONS: &[&str] = &[
    "in",
    "at",
    "on",
    "of",
    "with",
    "between",
    "among",
    "against",
    "by",
    "for",
    "from",
    "to",
    "into",
    "near",
    "after",
    "before",
    "during",
    "under",
    "over",
    "about",
    "via",
    "toward",
    "towards",
    "through",
    "across",
    "around",
    "within",
    "without",
    "despite",
    "including",
    "like",
    "than",
    "since",
    "until",
    "per",
    "amid",
    "behind",
    "beyond",
    "outside",
    "inside",
];

/// Auxiliaries and modals: a verb phrase starts here.
pub(crate) const AUXILIARIES: &[&str] = &[
    "is", "are", "was", "were", "be", "been", "has", "have", "had", "will", "would", "could",
    "can", "may", "might", "must", "should", "shall", "did", "does", "do", "cannot",
];

/// Verbs of speech and thought that take a clause: after a name they make it a speaker ("X
/// said"), and a noun phrase after them opens that clause ("Peru said the country would"),
/// where after a verb that takes an object it is the object ("Peru urged the country to").
pub(crate) const SPEECH_VERBS: &[&str] = &[
    "said",
    "says",
    "added",
    "warned",
    "announced",
    "stated",
    "declared",
    "noted",
    "insisted",
    "argued",
    "explained",
    "confirmed",
    "denied",
    "stressed",
    "acknowledged",
    "admitted",
    "claimed",
    "cautioned",
    "estimated",
    "say",
    "warns",
    "adds",
    "believes",
    "believed",
    "hopes",
    "hoped",
    "fears",
    "feared",
    "thinks",
    "thought",
    "claims",
    "knows",
    "knew",
    "insists",
    "argues",
    "announces",
    "stresses",
    "notes",
    "confirms",
    "denies",
];

/// Frequent irregular or short verbs of news reports (past and present), which the `-ed`
/// test misses.
pub(crate) const VERBS: &[&str] = &[
    "said",
    "says",
    "say",
    "told",
    "tells",
    "met",
    "meets",
    "held",
    "holds",
    "sent",
    "sends",
    "made",
    "makes",
    "took",
    "takes",
    "gave",
    "gives",
    "won",
    "wins",
    "led",
    "leads",
    "left",
    "spoke",
    "speaks",
    "wrote",
    "writes",
    "began",
    "begins",
    "saw",
    "sees",
    "broke",
    "breaks",
    "struck",
    "strikes",
    "sought",
    "seeks",
    "fought",
    "fights",
    "chose",
    "stood",
    "stands",
    "brought",
    "brings",
    "kept",
    "keeps",
    "paid",
    "pays",
    "put",
    "puts",
    "set",
    "sets",
    "cut",
    "cuts",
    "hit",
    "hits",
    "shut",
    "shuts",
    "let",
    "wants",
    "needs",
    "plans",
    "hopes",
    "insists",
    "denies",
    "accuses",
    "rejects",
    "backs",
    "supports",
    "urges",
    "warns",
    "calls",
    "claims",
    "agrees",
    "refuses",
    "signs",
    "remains",
    "remain",
    "became",
    "becomes",
    "got",
    "gets",
    "drew",
    "draws",
    "ran",
    "runs",
    "rose",
    "fell",
    "grew",
    "knew",
    "thought",
    "felt",
    "lost",
    "loses",
    "vowed",
    "vows",
    "sees",
    "blames",
    "responds",
    "opposes",
    "threatens",
    "condemns",
    "welcomes",
    "recognises",
    "recognizes",
    "considers",
    "expects",
    "seems",
    "given",
    "taken",
    "shown",
    "chosen",
    "driven",
    // Bare forms after "to" or a modal, whose object is a government: "to help Kinshasa
    // fight the M23", "will support Kyiv".
    "help",
    "helps",
    "support",
    "back",
    "defend",
    "defends",
    "accuse",
    "urge",
    "warn",
    "pressure",
    "pressures",
];

/// Words that end a name's clause as a subject: an auxiliary, a listed verb, or a lowercase
/// word ending in `-ed` (past tense or participle: "accused", "rejected").
pub(crate) fn is_verbish(w: &str) -> bool {
    static SET: WordSet =
        std::sync::LazyLock::new(|| AUXILIARIES.iter().chain(VERBS).copied().collect());
    (w.len() > 3 && w.ends_with("ed")) || SET.contains(w)
}

/// Adverbs that may stand between a subject and its verb ("Ankara also said").
pub(crate) const ADVERBS: &[&str] = &[
    "also",
    "still",
    "already",
    "later",
    "then",
    "now",
    "again",
    "once",
    "never",
    "often",
    "repeatedly",
    "reportedly",
    "previously",
    "recently",
    "officially",
    "formally",
    "long",
    "swiftly",
    "quickly",
    "immediately",
    "initially",
    "firmly",
    "strongly",
    "publicly",
    "separately",
    "jointly",
    "too",
    "first",
];

/// Words before a place name that make it the place ("talks in Ankara").
pub(crate) const LOCATIVES: &[&str] = &[
    "in",
    "at",
    "into",
    "near",
    "outside",
    "inside",
    "from",
    "around",
    "across",
    "through",
    "via",
    "within",
    "throughout",
    "toward",
    "towards",
    "onto",
    "beyond",
    "central",
    "downtown",
    "northern",
    "southern",
    "eastern",
    "western",
    "greater",
    "suburban",
];

/// Verbs and nouns after which "to X" is a destination ("travel to Washington").
pub(crate) const MOTION: &[&str] = &[
    "travel",
    "travels",
    "traveled",
    "travelled",
    "traveling",
    "travelling",
    "trip",
    "trips",
    "visit",
    "visits",
    "fly",
    "flies",
    "flew",
    "flying",
    "flight",
    "flights",
    "go",
    "goes",
    "went",
    "going",
    "come",
    "comes",
    "came",
    "coming",
    "arrive",
    "arrives",
    "arrived",
    "return",
    "returns",
    "returned",
    "returning",
    "back",
    "head",
    "heads",
    "headed",
    "heading",
    "move",
    "moved",
    "moving",
    "way",
    "road",
    "route",
    "journey",
    "drive",
    "drove",
    "march",
    "marched",
    "deployed",
    "relocate",
    "relocated",
];

/// Verbs whose object is a place, not a government ("visited Moscow", "captured Tripoli").
pub(crate) const PLACE_VERBS: &[&str] = &[
    "visit",
    "visits",
    "visited",
    "visiting",
    "capture",
    "captures",
    "captured",
    "capturing",
    "seize",
    "seized",
    "reach",
    "reached",
    "reaching",
    "enter",
    "entered",
    "entering",
    "leave",
    "leaves",
    "left",
    "leaving",
    "bomb",
    "bombed",
    "bombing",
    "shell",
    "shelled",
    "shelling",
    "besiege",
    "besieged",
    "encircle",
    "encircled",
    "surround",
    "surrounded",
    "attack",
    "attacked",
    "attacking",
    "strike",
    "struck",
    "hit",
    "tour",
    "toured",
    "touring",
    "evacuate",
    "evacuated",
    "flee",
    "fled",
    "fleeing",
    "liberate",
    "liberated",
    "occupy",
    "occupied",
    "storm",
    "stormed",
    "rock",
    "rocked",
    "shook",
    "defend",
    "defended",
    "rebuild",
    "host",
    "hosts",
    "hosted",
    "hosting",
    "based",
    "landed",
];

/// Nouns of a place, before "of X" or after "X's" ("the outskirts of Kyiv", "Beirut's
/// southern suburbs").
pub(crate) const PLACE_NOUNS: &[&str] = &[
    "outskirts",
    "suburbs",
    "suburb",
    "centre",
    "center",
    "streets",
    "street",
    "mayor",
    "governor",
    "residents",
    "resident",
    "people",
    "citizens",
    "city",
    "heart",
    "skies",
    "airport",
    "airports",
    "district",
    "districts",
    "skyline",
    "metro",
    "port",
    "old",
    "southern",
    "northern",
    "eastern",
    "western",
    "central",
    "outer",
    "inner",
    "downtown",
    "outlying",
    "north",
    "south",
    "east",
    "west",
    "parts",
    "part",
    "area",
    "areas",
    "siege",
    "battle",
    "fall",
    "capital",
    "hotel",
    "hotels",
    "stock",
    "exchange",
    "university",
    "time",
    "offensive",
    "attack",
    "attacks",
    "assault",
    "strike",
    "strikes",
    "raid",
    "raids",
    "advance",
    "march",
    "shelling",
    "bombing",
    "road",
];

/// Prepositions after which a capital is a party, not a place ("ties with Beijing", "support
/// for Manila", "a partner of Mogadishu").
pub(crate) const ACTOR_PREPOSITIONS: &[&str] = &[
    "with", "between", "against", "by", "for", "of", "on", "both",
];

/// Words that, after a country's name, demonym or possessive, name its government acting for
/// it: "the Israeli government", "Sudan's authorities", "the U.S. administration".
pub(crate) const GOVERNMENT: &[&str] = &[
    "government",
    "administration",
    "authorities",
    "cabinet",
    "regime",
    "leadership",
    "junta",
    "rulers",
    "army",
    "military",
];

/// Words of kind between a country and its government word: "Somalia's federal government",
/// "the Malian transitional authorities".
pub(crate) const GOVERNMENT_KINDS: &[&str] = &[
    "federal",
    "central",
    "national",
    "interim",
    "transitional",
    "military",
    "new",
    "coalition",
    "far-right",
    "right-wing",
    "left-wing",
    "leftist",
    "socialist",
    "conservative",
    "nationalist",
    "islamist",
    "civilian",
    "elected",
    "incoming",
    "outgoing",
    "caretaker",
];

/// Whether `word` (lower case) is a word of kind before a government word: one of
/// [`GOVERNMENT_KINDS`] or a compound saying who leads or backs it ("Sudan's army-led
/// government", "Yemen's Saudi-backed government": still the country's government).
pub(crate) fn government_kind(word: &str) -> bool {
    GOVERNMENT_KINDS.contains(&word) || word.ends_with("-led") || word.ends_with("-backed")
}

/// Words after "her" that show it an object, not a possessive: "met her later", "told her
/// that", "called her on Monday".
const AFTER_OBJECT: &[&str] = &[
    "on",
    "in",
    "at",
    "to",
    "for",
    "with",
    "and",
    "but",
    "that",
    "as",
    "after",
    "before",
    "during",
    "again",
    "later",
    "last",
    "yesterday",
    "today",
    "earlier",
    "twice",
    "once",
    "by",
    "from",
    "since",
    "while",
    "when",
    "because",
    "if",
    "about",
    "over",
    "off",
    "back",
];

/// Stems of verbs whose object is a party ("accus" for accuse, accused, accuses, accusing):
/// "provided it with", "accusing it of", "urged it to".
const PARTY_OBJECT_STEMS: &[&str] = &[
    "provid", "suppl", "arm", "accus", "urg", "warn", "help", "back", "support", "recognis",
    "recogniz", "sanction", "blam", "threaten", "condemn", "criticis", "criticiz", "pressur",
    "attack", "fund", "financ", "equip", "defend", "protect", "punish", "expel", "invad",
];

/// The endings a stem of [`PARTY_OBJECT_STEMS`] takes ("supplied", "equipped", "expelled").
const VERB_ENDINGS: &[&str] = &[
    "", "e", "s", "es", "ed", "ing", "ied", "ies", "y", "ying", "ped", "ping", "led", "ling",
];

/// `word` without a final possessive "'s" or "’s".
pub(crate) fn without_possessive(word: &str) -> &str {
    word.strip_suffix("'s")
        .or_else(|| word.strip_suffix("’s"))
        .unwrap_or(word)
}

/// Whether `word` (lower case) names a person's country after "whose", "his" or "her":
/// "whose country", "his government", "her nation".
pub(crate) fn country_noun(word: &str) -> bool {
    matches!(word, "country" | "government" | "nation")
}

/// Whether `word` (lower case) is a form of a verb whose object is a party, so that "it"
/// after it is that party: "accusing it of meddling".
pub(crate) fn takes_party_object(word: &str) -> bool {
    PARTY_OBJECT_STEMS.iter().any(|stem| {
        word.strip_prefix(stem)
            .is_some_and(|rest| VERB_ENDINGS.contains(&rest))
    })
}

/// Whether "her" followed by the word `next` (lower case) is an object pronoun.
pub(crate) fn her_is_object(next: &str) -> bool {
    AFTER_OBJECT.contains(&next)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<&str> {
        let mut out = Vec::new();
        tokenize(text, 0..text.len(), &mut out);
        out.iter().map(|t| &text[t.span.clone()]).collect()
    }

    #[test]
    fn tokens_keep_inner_hyphens_and_apostrophes() {
        assert_eq!(
            words("Ankara's long-time ally, it's “Shi'ite” -- done."),
            [
                "Ankara's",
                "long-time",
                "ally",
                ",",
                "it's",
                "“",
                "Shi'ite",
                "”",
                "-",
                "-",
                "done",
                "."
            ]
        );
        assert_eq!(words("Kyiv- and Moscow"), ["Kyiv", "-", "and", "Moscow"]);
        let text = "x Erdoğan said";
        let mut t = Vec::new();
        tokenize(text, 2..text.len(), &mut t);
        assert_eq!(&text[t[0].span.clone()], "Erdoğan");
    }

    #[test]
    fn verbs_are_recognised_without_a_tagger() {
        for w in ["accused", "said", "would", "met", "rejected"] {
            assert!(is_verbish(w), "{w}");
        }
        for w in ["red", "talks", "summit", "ally"] {
            assert!(!is_verbish(w), "{w}");
        }
    }
}
