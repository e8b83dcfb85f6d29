//! Sentence splitting tuned for scraped news.
//!
//! News pages mix paragraphs with headlines, photo captions, bylines and bullets that have no
//! final period, so blank lines and bullets are hard boundaries first; inside a paragraph a
//! sentence ends at `.`, `!`, `?` or `…` (plus closing quotes) followed by a capitalised start,
//! unless the period belongs to an abbreviation ("Gen.", "Oct.", "U.S.") or an initial ("J.").

use std::collections::HashSet;
use std::ops::Range;

/// Splits text into sentences. Built once from an abbreviation list, then shared.
#[derive(Debug, Clone)]
pub struct Segmenter {
    abbreviations: HashSet<String>,
}

/// Words that, capitalised after an acronym such as "U.S.", almost always open a new sentence.
const SENTENCE_STARTERS: &[&str] = &[
    "The",
    "A",
    "An",
    "But",
    "And",
    "He",
    "She",
    "It",
    "They",
    "We",
    "I",
    "In",
    "On",
    "At",
    "This",
    "That",
    "These",
    "Those",
    "There",
    "His",
    "Her",
    "Their",
    "Its",
    "Our",
    "Officials",
    "Some",
    "Meanwhile",
    "However",
    "After",
    "Before",
    "When",
    "While",
    "As",
    "If",
    "Now",
    "Then",
    "Why",
    "What",
];

const BULLETS: &[char] = &['•', '·', '▪', '‣', '◦', '*', '-', '–', '—', '●', '■'];

impl Segmenter {
    /// A segmenter that treats the given tokens (each ending in `.`) as abbreviations.
    pub fn new<I, S>(abbreviations: I) -> Segmenter
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        Segmenter {
            abbreviations: abbreviations.into_iter().map(Into::into).collect(),
        }
    }

    /// Parses an abbreviation list: one token per line, `#` comments and blank lines ignored.
    pub fn from_list(list: &str) -> Segmenter {
        Segmenter::new(
            list.lines()
                .map(str::trim)
                .filter(|l| !l.is_empty() && !l.starts_with('#')),
        )
    }

    /// Byte ranges of the sentences of `text`, in order, trimmed of surrounding whitespace and
    /// bullets; never empty.
    pub fn split(&self, text: &str) -> Vec<Range<usize>> {
        let mut out = Vec::new();
        for block in blocks(text) {
            self.split_block(text, block, &mut out);
        }
        out
    }

    fn split_block(&self, text: &str, block: Range<usize>, out: &mut Vec<Range<usize>>) {
        let s = &text[block.clone()];
        let mut start = 0;
        let mut from = 0;
        // Terminators by their first byte ('…' starts with 0xE2): a byte scan, not a decode of
        // every character.
        while let Some(k) = s.as_bytes()[from..]
            .iter()
            .position(|b| matches!(b, b'.' | b'!' | b'?' | 0xE2))
        {
            let i = from + k;
            let c = s[i..]
                .chars()
                .next()
                .expect("a terminator starts a character");
            from = i + c.len_utf8();
            if !matches!(c, '.' | '!' | '?' | '…') {
                continue;
            }
            // Absorb runs of terminators and closing quotes/brackets.
            let mut end = from;
            for d in s[end..].chars() {
                if !matches!(
                    d,
                    '.' | '!' | '?' | '…' | '"' | '”' | '’' | '\'' | ')' | ']'
                ) {
                    break;
                }
                end += d.len_utf8();
            }
            from = end;
            let rest = &s[end..];
            let after_ws = rest.trim_start();
            if after_ws.len() == rest.len() || after_ws.is_empty() {
                continue; // "3.5", "U.S.-led": no space after; or end of block.
            }
            if !starts_sentence(after_ws) {
                continue;
            }
            if c == '.' && end == i + 1 && self.keeps_period(&s[..end], after_ws) {
                continue;
            }
            push_trimmed(text, block.start + start..block.start + end, out);
            start = end;
        }
        push_trimmed(text, block.start + start..block.end, out);
    }

    /// Whether the period ending `before` belongs to an abbreviation or an initial.
    fn keeps_period(&self, before: &str, next: &str) -> bool {
        // Whitespace may be wider than a byte (U+2000 EN QUAD is three).
        let token_start = before
            .char_indices()
            .rev()
            .find(|(_, c)| c.is_whitespace())
            .map_or(0, |(p, c)| p + c.len_utf8());
        let token = before[token_start..].trim_start_matches(['(', '"', '“', '‘', '\'', '[']);
        let bare = token.trim_end_matches('.');
        if bare.chars().count() == 1 && bare.chars().all(char::is_uppercase) {
            return true; // an initial: "J. Smith"
        }
        let next_word: String = next.chars().take_while(|c| c.is_alphabetic()).collect();
        let starter = SENTENCE_STARTERS.contains(&next_word.as_str());
        if self.abbreviations.contains(token) {
            // Dotted acronyms ("U.S.") often end sentences; titles ("Gen.") never do.
            return !(bare.contains('.') && starter);
        }
        // Dotted initials no list holds ("K.P. Sharma Oli", "A.Q. Khan") are read the same
        // way as listed acronyms.
        let initials = bare.contains('.')
            && bare
                .split('.')
                .all(|p| p.chars().count() == 1 && p.chars().all(char::is_uppercase));
        initials && !starter
    }
}

fn starts_sentence(s: &str) -> bool {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) if c.is_uppercase() || c.is_ascii_digit() => true,
        Some('"' | '“' | '‘' | '\'' | '(' | '[') => {
            chars.next().is_some_and(|c| !c.is_lowercase())
        }
        Some(c) => BULLETS.contains(&c) && c != '-',
        None => false,
    }
}

fn push_trimmed(text: &str, r: Range<usize>, out: &mut Vec<Range<usize>>) {
    let s = &text[r.clone()];
    let lead = s.len() - s.trim_start().len();
    let trimmed = s.trim();
    if !trimmed.is_empty() {
        out.push(r.start + lead..r.start + lead + trimmed.len());
    }
}

/// Hard blocks: paragraphs split at blank lines, bullet lines, and line breaks between lines
/// that do not run on (headlines, captions, bylines).
fn blocks(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut cur: Option<Range<usize>> = None;
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let line_start = offset;
        offset += line.len();
        let content = line.trim_end_matches(['\n', '\r']);
        let trimmed = content.trim_start();
        if trimmed.trim_end().is_empty() {
            out.extend(cur.take());
            continue;
        }
        let indent = content.len() - trimmed.len();
        let (body_start, is_bullet) = match trimmed.chars().next() {
            Some(b) if BULLETS.contains(&b) && trimmed[b.len_utf8()..].starts_with(' ') => {
                (line_start + indent + b.len_utf8(), true)
            }
            _ => (line_start + indent, false),
        };
        let body_end = line_start + content.trim_end().len();
        match cur.as_mut() {
            Some(r) if !is_bullet && continues(&text[r.clone()], trimmed) => r.end = body_end,
            _ => {
                out.extend(cur.take());
                cur = Some(body_start..body_end);
            }
        }
    }
    out.extend(cur);
    out
}

/// Does a line run on into the next one (hard-wrapped text)? Only when it visibly stops
/// mid-sentence: a trailing comma or hyphen, a trailing function word, or a next line that
/// starts in lowercase. A caption ending in a name ("AFP via Getty") does not.
fn continues(line: &str, next: &str) -> bool {
    const FUNCTION_WORDS: &[&str] = &[
        "the", "a", "an", "of", "and", "or", "to", "in", "on", "at", "by", "for", "with", "from",
        "that", "said", "says", "told", "as", "his", "her", "their", "its",
    ];
    let line = line.trim_end();
    if line.ends_with([',', ';', '-']) || next.starts_with(char::is_lowercase) {
        return true;
    }
    let last = line.rsplit(char::is_whitespace).next().unwrap_or("");
    FUNCTION_WORDS.contains(&last)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seg() -> Segmenter {
        Segmenter::from_list(include_str!("../../gazetteers/abbreviations.txt"))
    }

    fn split(text: &str) -> Vec<&str> {
        seg().split(text).into_iter().map(|r| &text[r]).collect()
    }

    #[test]
    fn abbreviations_and_initials_do_not_split() {
        assert_eq!(
            split("Gen. Mark Milley met Mr. Smith on Oct. 23. He left on Dec. 2 for St. Louis."),
            [
                "Gen. Mark Milley met Mr. Smith on Oct. 23.",
                "He left on Dec. 2 for St. Louis."
            ]
        );
        assert_eq!(
            split("George W. Bush spoke. J. K. Rowling wrote."),
            ["George W. Bush spoke.", "J. K. Rowling wrote."]
        );
    }

    #[test]
    fn dotted_acronyms_split_only_before_a_sentence_starter() {
        assert_eq!(
            split("It gets $1 billion in U.S. financial aid. The U.S. Senate agreed."),
            [
                "It gets $1 billion in U.S. financial aid.",
                "The U.S. Senate agreed."
            ]
        );
        assert_eq!(
            split("Aid came from the U.S. The talks resumed."),
            ["Aid came from the U.S.", "The talks resumed."]
        );
        assert_eq!(
            split("Nepal elected Dahal, replacing K.P. Sharma Oli. He had resigned."),
            [
                "Nepal elected Dahal, replacing K.P. Sharma Oli.",
                "He had resigned."
            ]
        );
        assert_eq!(
            split("The deal was signed in the A.U. The talks resumed."),
            ["The deal was signed in the A.U.", "The talks resumed."]
        );
    }

    #[test]
    fn quotes_questions_and_decimals() {
        assert_eq!(
            split("“Was it São Paulo?” she asked. Growth was 3.5 percent! “Yes,” he said."),
            [
                "“Was it São Paulo?” she asked.",
                "Growth was 3.5 percent!",
                "“Yes,” he said."
            ]
        );
    }

    #[test]
    fn headlines_captions_bullets_and_wrapped_lines() {
        let text = "Scoop: Azerbaijan seeks to mediate\n\nPhoto: AFP via Getty\nAliyev spoke.\n  • First point here.\n  • Second point\nstill second.\nThe wrapped line goes on and the\nPresident said so.";
        assert_eq!(
            split(text),
            [
                "Scoop: Azerbaijan seeks to mediate",
                "Photo: AFP via Getty",
                "Aliyev spoke.",
                "First point here.",
                "Second point\nstill second.",
                "The wrapped line goes on and the\nPresident said so."
            ]
        );
    }

    /// Regression (found by `properties::output_is_deterministic`): a multi-byte space before
    /// a final period sliced inside the space.
    #[test]
    fn unicode_spaces_before_a_period() {
        assert_eq!(
            split("Ilham Aliyev \u{2000} q:^$. Next one."),
            ["Ilham Aliyev \u{2000} q:^$.", "Next one."]
        );
        assert_eq!(split("a\u{2004}K. B."), ["a\u{2004}K. B."]);
    }

    #[test]
    fn empty_and_whitespace_only_inputs() {
        assert!(split("").is_empty());
        assert!(split(" \n\t\n ").is_empty());
        assert_eq!(split("..."), ["..."]);
    }
}

/// The module is private, so its examples are unit tests rather than doc tests.
#[cfg(test)]
mod examples {
    #[test]
    fn split_keeps_abbreviations_inside_sentences() {
        use crate::text::segment::Segmenter;
        let seg = Segmenter::new(["Gen.", "U.S."]);
        let text = "Gen. Mark Milley visited. The U.S. Army agreed.\n\nPhoto: AFP";
        let s: Vec<&str> = seg.split(text).into_iter().map(|r| &text[r]).collect();
        assert_eq!(
            s,
            [
                "Gen. Mark Milley visited.",
                "The U.S. Army agreed.",
                "Photo: AFP"
            ]
        );
    }
}
