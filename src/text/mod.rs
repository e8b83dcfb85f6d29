//! Text value types: documents, dates and offsets. Normalization and sentence splitting live in
//! the submodules.

pub mod fold;
pub mod segment;

use std::collections::BTreeMap;
use std::fmt;
use std::ops::Range;

use crate::error::{Error, Result};

/// One input text with its identity and metadata.
#[derive(Debug, Clone, PartialEq)]
pub struct Document {
    /// Stable identifier (a file path, a JSON Lines `id`).
    pub id: String,
    /// The text, exactly as read; every offset relgraph reports points into it.
    pub text: String,
    /// Publication date, used to choose between people who share a name.
    pub date: Option<Date>,
    /// Other fields of the input record (`title`, `url`, …), kept for the outputs.
    pub meta: BTreeMap<String, serde_json::Value>,
}

/// `text` without a leading byte-order mark (U+FEFF), which editors on Windows write at the
/// start of UTF-8 files: list, rule and lexicon files are read the same with or without it.
pub fn strip_bom(text: &str) -> &str {
    text.strip_prefix('\u{feff}').unwrap_or(text)
}

impl Document {
    /// A document with no date and no metadata.
    ///
    /// ```
    /// let doc = relgraph::Document::new("a.txt", "Turkey and Israel signed a deal.");
    /// assert_eq!(doc.id, "a.txt");
    /// ```
    pub fn new(id: impl Into<String>, text: impl Into<String>) -> Document {
        Document {
            id: id.into(),
            text: text.into(),
            date: None,
            meta: BTreeMap::new(),
        }
    }

    /// Sets the document date.
    pub fn with_date(mut self, date: Option<Date>) -> Document {
        self.date = date;
        self
    }
}

/// A calendar date that may be partial (`2020`, `2020-12`, `2020-12-22`).
///
/// Partial dates compare as ranges: [`Date::first_day`] and [`Date::last_day`] give the bounds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Date {
    year: i32,
    month: Option<u8>,
    day: Option<u8>,
}

impl Date {
    /// Parses `YYYY`, `YYYY-MM` or `YYYY-MM-DD`; a time part after `T` or a space is ignored,
    /// so RFC 3339 timestamps from feeds are accepted too.
    ///
    /// ```
    /// use relgraph::Date;
    /// let d = Date::parse("2020-12-22T10:00:00Z").unwrap();
    /// assert_eq!(d.to_string(), "2020-12-22");
    /// assert!(Date::parse("2020-13").is_err());
    /// ```
    pub fn parse(s: &str) -> Result<Date> {
        let bad = |reason: &str| Error::InvalidValue {
            what: "date",
            value: s.to_string(),
            reason: reason.to_string(),
        };
        let date_part = s.trim().split(['T', ' ']).next().unwrap_or("");
        let mut parts = date_part.split('-');
        let year: i32 = match parts.next() {
            Some(y) if y.len() == 4 && y.bytes().all(|b| b.is_ascii_digit()) => {
                y.parse().map_err(|_| bad("bad year"))?
            }
            _ => return Err(bad("expected YYYY, YYYY-MM or YYYY-MM-DD")),
        };
        let num = |p: Option<&str>, max: u8, what: &str| -> Result<Option<u8>> {
            match p {
                None => Ok(None),
                Some(v) if v.len() == 2 && v.bytes().all(|b| b.is_ascii_digit()) => {
                    let n: u8 = v.parse().map_err(|_| bad(what))?;
                    if n == 0 || n > max {
                        Err(bad(what))
                    } else {
                        Ok(Some(n))
                    }
                }
                Some(_) => Err(bad(what)),
            }
        };
        let month = num(parts.next(), 12, "month must be 01-12")?;
        let day = num(parts.next(), 31, "day must be 01-31")?;
        if parts.next().is_some() {
            return Err(bad("too many parts"));
        }
        Ok(Date { year, month, day })
    }

    /// The earliest full date this (possibly partial) date covers.
    pub fn first_day(&self) -> (i32, u8, u8) {
        (self.year, self.month.unwrap_or(1), self.day.unwrap_or(1))
    }

    /// The latest full date this (possibly partial) date covers.
    pub fn last_day(&self) -> (i32, u8, u8) {
        (self.year, self.month.unwrap_or(12), self.day.unwrap_or(31))
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}", self.year)?;
        if let Some(m) = self.month {
            write!(f, "-{m:02}")?;
        }
        if let Some(d) = self.day {
            write!(f, "-{d:02}")?;
        }
        Ok(())
    }
}

/// Converts byte offsets of one text into character (Unicode scalar value) offsets.
///
/// Offsets are kept as bytes in the pipeline and converted only when results leave it; lookups
/// must come in any order, so this keeps a sparse table of checkpoints instead of rescanning.
#[derive(Debug)]
pub(crate) struct CharIndex<'a> {
    text: &'a str,
    /// (byte offset, char offset) every `STEP` bytes, at char boundaries; only the first for
    /// an ASCII text, whose offsets are the same in bytes and characters.
    checkpoints: Vec<(usize, usize)>,
    /// Whether the text is ASCII, found once: every mention and relation asks for offsets.
    ascii: bool,
}

impl<'a> CharIndex<'a> {
    const STEP: usize = 256;

    pub(crate) fn new(text: &'a str) -> CharIndex<'a> {
        let mut checkpoints = vec![(0, 0)];
        let ascii = text.is_ascii();
        if !ascii {
            let mut next = Self::STEP;
            for (chars, (b, _)) in text.char_indices().enumerate() {
                if b >= next {
                    checkpoints.push((b, chars));
                    next = b + Self::STEP;
                }
            }
        }
        CharIndex {
            text,
            checkpoints,
            ascii,
        }
    }

    /// Character offset of byte offset `byte` (which must be a char boundary).
    pub(crate) fn char_offset(&self, byte: usize) -> usize {
        if self.ascii {
            return byte;
        }
        let i = self.checkpoints.partition_point(|&(b, _)| b <= byte) - 1;
        let (b0, c0) = self.checkpoints[i];
        c0 + self.text[b0..byte].chars().count()
    }

    pub(crate) fn range(&self, r: &Range<usize>) -> Range<usize> {
        self.char_offset(r.start)..self.char_offset(r.end)
    }
}

/// Month names, capitalised like names.
pub const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// Weekday names, capitalised like names.
pub const WEEKDAYS: [&str; 7] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];

/// A month or weekday name: capitalised like a name, but never a person's name on its own.
pub(crate) fn is_calendar_word(w: &str) -> bool {
    MONTHS.contains(&w) || WEEKDAYS.contains(&w)
}

/// Is `c` part of a word? Used for every word-boundary decision in the crate.
pub(crate) fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn char_index_matches_naive_count() {
        // Non-ASCII long and short (no checkpoint but the first), and ASCII.
        for text in [
            "Erdoğan’s “talks” — İlham Əliyev ".repeat(40),
            "Əliyev met Erdoğan.".to_string(),
            "Aliyev met Erdogan. ".repeat(40),
        ] {
            let idx = CharIndex::new(&text);
            for (b, _) in text.char_indices().step_by(7) {
                assert_eq!(idx.char_offset(b), text[..b].chars().count());
            }
            assert_eq!(idx.char_offset(text.len()), text.chars().count());
        }
    }

    #[test]
    fn dates_parse_and_bound() {
        let d = Date::parse("2020").unwrap();
        assert_eq!(d.first_day(), (2020, 1, 1));
        assert_eq!(d.last_day(), (2020, 12, 31));
        assert!(Date::parse("20-01-01").is_err());
        assert!(Date::parse("2020-1-01").is_err());
        assert!(Date::parse("2020-01-32").is_err());
        assert!(Date::parse("").is_err());
    }
}
