//! Text value types: documents, dates and offsets. Normalization and sentence splitting live in
//! the submodules.

pub mod dates;
pub mod fold;
pub mod segment;

use std::collections::BTreeMap;
use std::fmt;
use std::num::NonZeroU32;
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
    /// What was wrong with the record but did not stop it being read (an unparseable `date`),
    /// for the caller to report.
    pub warnings: Vec<String>,
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
            warnings: Vec::new(),
        }
    }

    /// Sets the document date.
    pub fn with_date(mut self, date: Option<Date>) -> Document {
        self.date = date;
        self
    }

    /// The publication date: [`Document::date`] when it is a full date, else the one a
    /// publication line or wire dateline in the first lines of the text gives (see
    /// `dates::document_date`).
    ///
    /// ```
    /// let doc = relgraph::Document::new("a", "Published Dec 22, 2020\n\nTurkey and Israel met.");
    /// assert_eq!(doc.publication_date().unwrap().to_string(), "2020-12-22");
    /// ```
    pub fn publication_date(&self) -> Option<Date> {
        dates::document_date(self.date, &self.text)
    }
}

/// A calendar date that may be partial (`2020`, `2020-12`, `2020-12-22`).
///
/// Four bytes (an `Option<Date>` too): the year, month and day packed into one number that
/// orders like (year, month, day) with a missing part first, so evidence can carry its
/// document's date at no cost in size. Years are 0 to 9999, and a day is always a real day of
/// its month (29 February only in leap years).
///
/// Partial dates compare as ranges: [`Date::first_day`] and [`Date::last_day`] give the bounds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Date(NonZeroU32);

/// Days in `month` (1-12) of `year`, Gregorian.
pub fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        4 | 6 | 9 | 11 => 30,
        2 if year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) => 29,
        2 => 28,
        _ => 31,
    }
}

impl Date {
    /// A date from its parts, if they make one: year 0-9999, month 1-12, a day of that month
    /// (and a day only with a month).
    ///
    /// ```
    /// use relgraph::Date;
    /// assert_eq!(Date::new(2020, Some(2), Some(29)).unwrap().to_string(), "2020-02-29");
    /// assert!(Date::new(2021, Some(2), Some(29)).is_none());
    /// assert!(Date::new(2021, None, Some(3)).is_none());
    /// ```
    pub fn new(year: i32, month: Option<u8>, day: Option<u8>) -> Option<Date> {
        if !(0..=9999).contains(&year) {
            return None;
        }
        let m = match month {
            None => 0,
            Some(m @ 1..=12) => m,
            Some(_) => return None,
        };
        let d = match (month, day) {
            (_, None) => 0,
            (Some(m), Some(d)) if d >= 1 && d <= days_in_month(year, m) => d,
            _ => return None,
        };
        let packed = ((year as u32 + 1) << 9) | (u32::from(m) << 5) | u32::from(d);
        NonZeroU32::new(packed).map(Date)
    }

    /// The year.
    pub fn year(self) -> i32 {
        (self.0.get() >> 9) as i32 - 1
    }

    /// The month (1-12), if known.
    pub fn month(self) -> Option<u8> {
        Some(((self.0.get() >> 5) & 0xf) as u8).filter(|&m| m != 0)
    }

    /// The day of the month, if known.
    pub fn day(self) -> Option<u8> {
        Some((self.0.get() & 0x1f) as u8).filter(|&d| d != 0)
    }

    /// The month this date falls in (`2020-12` for `2020-12-22`), if it has one.
    pub fn month_of(self) -> Option<Date> {
        Date::new(self.year(), Some(self.month()?), None)
    }

    /// Whether every day of `other` is a day of this (possibly partial) date.
    pub fn contains(self, other: Date) -> bool {
        self.year() == other.year()
            && self.month().is_none_or(|m| other.month() == Some(m))
            && self.day().is_none_or(|d| other.day() == Some(d))
    }

    /// Parses `YYYY`, `YYYY-MM` or `YYYY-MM-DD`; a time part after `T` or a space is ignored,
    /// so RFC 3339 timestamps from feeds are accepted too.
    ///
    /// ```
    /// use relgraph::Date;
    /// let d = Date::parse("2020-12-22T10:00:00Z").unwrap();
    /// assert_eq!(d.to_string(), "2020-12-22");
    /// assert!(Date::parse("2020-13").is_err());
    /// assert!(Date::parse("2021-02-29").is_err());
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
            Some(y) if dates::is_year(y) => y.parse().map_err(|_| bad("bad year"))?,
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
        Date::new(year, month, day).ok_or_else(|| bad("no such day in that month"))
    }

    /// The earliest full date this (possibly partial) date covers.
    pub fn first_day(&self) -> (i32, u8, u8) {
        (
            self.year(),
            self.month().unwrap_or(1),
            self.day().unwrap_or(1),
        )
    }

    /// The latest full date this (possibly partial) date covers.
    pub fn last_day(&self) -> (i32, u8, u8) {
        let month = self.month().unwrap_or(12);
        let day = self
            .day()
            .unwrap_or_else(|| days_in_month(self.year(), month));
        (self.year(), month, day)
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}", self.year())?;
        if let Some(m) = self.month() {
            write!(f, "-{m:02}")?;
        }
        if let Some(d) = self.day() {
            write!(f, "-{d:02}")?;
        }
        Ok(())
    }
}

impl serde::Serialize for Date {
    fn serialize<S: serde::Serializer>(
        &self,
        serializer: S,
    ) -> std::result::Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> serde::Deserialize<'de> for Date {
    fn deserialize<D: serde::Deserializer<'de>>(
        deserializer: D,
    ) -> std::result::Result<Date, D::Error> {
        let s = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        Date::parse(&s).map_err(serde::de::Error::custom)
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

/// A weekday name in any case ("on Monday", "on monday").
pub(crate) fn is_weekday(w: &str) -> bool {
    WEEKDAYS.iter().any(|d| d.eq_ignore_ascii_case(w))
}

/// A month or weekday name: capitalised like a name, but never a person's name on its own.
pub(crate) fn is_calendar_word(w: &str) -> bool {
    MONTHS.contains(&w) || WEEKDAYS.contains(&w)
}

/// Is `c` part of a word? Used for every word-boundary decision in the crate.
pub(crate) fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
}

/// Counts written as words, from two ("the two countries", "whose eight members are"), with
/// their values; "one" is left out, as it is more often a pronoun ("one of them").
pub(crate) const NUMBER_WORDS: &[(&str, usize)] = &[
    ("two", 2),
    ("three", 3),
    ("four", 4),
    ("five", 5),
    ("six", 6),
    ("seven", 7),
    ("eight", 8),
    ("nine", 9),
    ("ten", 10),
    ("eleven", 11),
    ("twelve", 12),
    ("fifteen", 15),
    ("twenty", 20),
    ("thirty", 30),
    ("forty", 40),
    ("fifty", 50),
];

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
