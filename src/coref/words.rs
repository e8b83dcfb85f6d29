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
    let s = &text[range.clone()];
    let mut chars = s.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if c.is_whitespace() {
            continue;
        }
        let start = range.start + i;
        if !c.is_alphanumeric() {
            out.push(Tok {
                span: start..start + c.len_utf8(),
                word: false,
            });
            continue;
        }
        let mut end = i + c.len_utf8();
        while let Some(&(j, d)) = chars.peek() {
            if d.is_alphanumeric() {
                end = j + d.len_utf8();
                chars.next();
            } else if matches!(d, '-' | '\'' | '’') {
                // Inner only: the character after must be a letter or digit.
                let next = s[j + d.len_utf8()..].chars().next();
                if next.is_some_and(char::is_alphanumeric) {
                    chars.next();
                } else {
                    break;
                }
            } else {
                break;
            }
        }
        out.push(Tok {
            span: start..range.start + end,
            word: true,
        });
    }
}

/// `word` lowercased when it is ASCII (every listed word is), else `None`.
pub(crate) fn lower(word: &str) -> Option<String> {
    word.is_ascii().then(|| word.to_ascii_lowercase())
}

/// Whether `w` (lowercase) is one of `list`.
pub(crate) fn is(list: &[&str], w: &str) -> bool {
    list.contains(&w)
}

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
];

/// Words that end a name's clause as a subject: an auxiliary, a listed verb, or a lowercase
/// word ending in `-ed` (past tense or participle: "accused", "rejected").
pub(crate) fn is_verbish(w: &str) -> bool {
    is(AUXILIARIES, w) || is(VERBS, w) || (w.len() > 3 && w.ends_with("ed"))
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
