//! Entity-tagged sentences: the text the relation rules run over.
//!
//! Each resolved mention and title in a sentence is replaced by a short tag
//! `\x01` + type + form + index + `\x02` (control characters that never occur in news; any
//! that do are replaced), so rules can say "a country, then 'mediate between', then a list of
//! actors" with an ordinary regex. Curly apostrophes and quotes are straightened so rules need
//! only one spelling. A checkpoint table maps offsets back to the source.
//!
//! The tags are ASCII on purpose: the regex engine's fast lazy DFA handles a Unicode word
//! boundary (`\b`, in nearly every rule) only on ASCII text and otherwise falls back to a
//! slower engine, so an English sentence must stay ASCII once tagged.

use std::ops::Range;

use crate::gazetteer::{EntityType, TitleKind};
use crate::matcher::AliasForm;
use crate::resolve::EntityRef;

/// Opens a tag.
pub const TAG_OPEN: char = '\u{1}';
/// Closes a tag.
pub const TAG_CLOSE: char = '\u{2}';

/// What a tag stands for.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Item {
    /// An entity mention.
    Entity(EntityRef, EntityType, AliasForm),
    /// A title mention (index into the gazetteer's titles).
    Title(usize, TitleKind),
}

/// A tagged sentence.
#[derive(Debug, Default)]
pub struct Tagged {
    /// The tagged text.
    pub text: String,
    /// Tag index → item and its source span.
    pub items: Vec<(Item, Range<usize>)>,
    /// (tagged offset, source offset) at every point where the two stop moving together.
    checkpoints: Vec<(usize, usize)>,
    /// Where tag `i` lies in `text`, written as the tags are (the text holds no other tag
    /// characters: the source's are replaced).
    tags: Vec<Range<usize>>,
}

/// The letter a tag uses for an entity type (`P`, `C`, `O`, `L`) or a title (`T`).
pub fn type_letter(item: &Item) -> char {
    match item {
        Item::Entity(_, EntityType::Person, _) => 'P',
        Item::Entity(_, EntityType::Country, _) => 'C',
        Item::Entity(_, EntityType::Org, _) => 'O',
        Item::Entity(_, EntityType::Location, _) => 'L',
        Item::Title(..) => 'T',
    }
}

fn form_letter(item: &Item) -> char {
    match item {
        Item::Entity(_, _, AliasForm::Name) => 'n',
        Item::Entity(_, _, AliasForm::Demonym) => 'a',
        Item::Entity(_, _, AliasForm::Surname) => 's',
        Item::Title(_, TitleKind::Office) => 'o',
        Item::Title(_, TitleKind::Honorific) => 'h',
    }
}

impl Tagged {
    /// Tags `sentence` (a byte range of `text`) with `items`, which must be sorted, inside the
    /// sentence and non-overlapping.
    pub fn new(text: &str, sentence: Range<usize>, items: Vec<(Item, Range<usize>)>) -> Tagged {
        let mut t = Tagged::default();
        t.retag(text, sentence, &items);
        t
    }

    /// [`Tagged::new`] into this value's buffers, which the relation extractor keeps from
    /// sentence to sentence.
    pub fn retag(&mut self, text: &str, sentence: Range<usize>, items: &[(Item, Range<usize>)]) {
        use std::fmt::Write as _;
        self.text.clear();
        self.text.reserve(sentence.len() + 8 * items.len());
        self.items.clear();
        self.items.extend_from_slice(items);
        self.checkpoints.clear();
        self.checkpoints.push((0, sentence.start));
        self.tags.clear();
        let mut pos = sentence.start;
        for (i, (item, span)) in items.iter().enumerate() {
            self.copy(text, pos..span.start);
            self.checkpoints.push((self.text.len(), span.start));
            let open = self.text.len();
            self.text.push(TAG_OPEN);
            self.text.push(type_letter(item));
            self.text.push(form_letter(item));
            write!(self.text, "{i}").expect("writing to a String cannot fail");
            self.text.push(TAG_CLOSE);
            self.tags.push(open..self.text.len());
            self.checkpoints.push((self.text.len(), span.end));
            pos = span.end;
        }
        self.copy(text, pos..sentence.end);
    }

    fn copy(&mut self, text: &str, r: Range<usize>) {
        let mut rest = &text[r.clone()];
        let mut at = r.start;
        // Most of a sentence is ASCII that stays as it is: copied a run at a time, up to the
        // next character that may change (any non-ASCII one is a candidate).
        let special = |b: &u8| !b.is_ascii() || matches!(b, b'\n' | b'\r' | b'\t' | 0x01 | 0x02);
        while let Some(k) = rest.as_bytes().iter().position(special) {
            self.text.push_str(&rest[..k]);
            let c = rest[k..]
                .chars()
                .next()
                .expect("a run ends on a character boundary");
            let plain = match c {
                '’' | '‘' | 'ʼ' => '\'',
                '“' | '”' => '"',
                '\n' | '\r' | '\t' | '\u{a0}' => ' ',
                // Text that contains our tag characters must not forge tags.
                TAG_OPEN | TAG_CLOSE => '\u{FFFD}',
                other => other,
            };
            self.text.push(plain);
            let next = k + c.len_utf8();
            if plain.len_utf8() != c.len_utf8() {
                self.checkpoints.push((self.text.len(), at + next));
            }
            rest = &rest[next..];
            at += next;
        }
        self.text.push_str(rest);
    }

    /// Source byte offset of a tagged offset at a tag boundary or inside plain text.
    pub fn source_offset(&self, tagged: usize) -> usize {
        let i = self.checkpoints.partition_point(|&(t, _)| t <= tagged) - 1;
        let (t0, s0) = self.checkpoints[i];
        s0 + (tagged - t0)
    }

    /// How many tags open at or after a tagged offset.
    pub fn tags_from(&self, tagged: usize) -> usize {
        self.tags.len() - self.first_tag_from(tagged)
    }

    /// Indices of the tags inside a tagged byte range, in order.
    pub fn tags_in(&self, r: Range<usize>) -> impl Iterator<Item = usize> + '_ {
        self.tag_spans(r).map(|(i, _)| i)
    }

    /// Indices of the entity tags inside a tagged range that head a noun phrase: a tag
    /// directly followed by another ("Russian Foreign Minister Lavrov", "U.S. Secretary of
    /// State Blinken", "Russia's Lavrov") only modifies it.
    pub fn heads_in(&self, r: Range<usize>) -> impl Iterator<Item = usize> + '_ {
        let mut spans = self.tag_spans(r).peekable();
        std::iter::from_fn(move || loop {
            let (i, end) = spans.next()?;
            let modifier = spans.peek().is_some() && {
                let rest = &self.text[end..];
                let rest = rest
                    .strip_prefix("'s")
                    .or_else(|| rest.strip_prefix('\''))
                    .unwrap_or(rest);
                rest.trim_start().starts_with(TAG_OPEN) && rest.starts_with(char::is_whitespace)
            };
            if !modifier {
                return Some(i);
            }
        })
    }

    /// Index of the first tag that opens at or after a tagged offset.
    fn first_tag_from(&self, tagged: usize) -> usize {
        self.tags.partition_point(|t| t.start < tagged)
    }

    /// (tag index, end offset) of every whole tag inside a tagged range (a range may end
    /// inside a tag: a user's rule can capture half of one).
    fn tag_spans(&self, r: Range<usize>) -> impl Iterator<Item = (usize, usize)> + '_ {
        let first = self.first_tag_from(r.start);
        self.tags[first..]
            .iter()
            .take_while(move |t| t.end <= r.end)
            .enumerate()
            .map(move |(k, t)| (first + k, t.end))
    }

    /// The plain text (tags removed, each tag an `X`) of a tagged range, for negation checks,
    /// into `out` (cleared first; the relation extractor reuses it from match to match).
    pub fn plain_into(&self, r: Range<usize>, out: &mut String) {
        out.clear();
        let mut inside = false;
        for c in self.text[r].chars() {
            match c {
                TAG_OPEN => inside = true,
                TAG_CLOSE => {
                    inside = false;
                    out.push('X');
                }
                c if !inside => out.push(c),
                _ => {}
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_and_maps_back() {
        let text = "Say: Aliyev’s call with Erdoğan.";
        let a = text.find("Aliyev").unwrap();
        let e = text.find("Erdoğan").unwrap();
        let p = EntityRef::Known(0);
        let items = vec![
            (
                Item::Entity(p, EntityType::Person, AliasForm::Surname),
                a..a + 6,
            ),
            (
                Item::Entity(p, EntityType::Person, AliasForm::Name),
                e..e + "Erdoğan".len(),
            ),
        ];
        let t = Tagged::new(text, 5..text.len(), items);
        assert_eq!(t.text, "\x01Ps0\x02's call with \x01Pn1\x02.");
        let call = t.text.find("call").unwrap();
        assert_eq!(
            &text[t.source_offset(call)..t.source_offset(call + 4)],
            "call"
        );
        assert_eq!(t.source_offset(t.text.len()), text.len());
        assert_eq!(t.tags_in(0..t.text.len()).collect::<Vec<_>>(), [0, 1]);
        let second = t.text.rfind(TAG_OPEN).unwrap();
        let counts = [0, 1, second, second + 1, t.text.len()].map(|at| t.tags_from(at));
        assert_eq!(counts, [2, 1, 1, 0, 0]);
        let mut plain = String::from("left over");
        t.plain_into(0..t.text.len(), &mut plain);
        assert_eq!(plain, "X's call with X.");
        // Tag characters in the text cannot forge a tag.
        let forged = Tagged::new("\x01Pn0\x02 met", 0..9, Vec::new());
        assert_eq!(forged.tags_in(0..forged.text.len()).count(), 0);
        assert_eq!(forged.tags_from(0), 0);
        // A range that ends inside a tag has only the whole tags before it.
        for end in second..second + 5 {
            assert_eq!(t.tags_in(0..end).collect::<Vec<_>>(), [0], "{end}");
            assert_eq!(t.heads_in(0..end).collect::<Vec<_>>(), [0], "{end}");
        }
        assert_eq!(t.tags_in(1..t.text.len()).collect::<Vec<_>>(), [1]);
    }
}
