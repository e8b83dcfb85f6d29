//! A document's publication date, read from its first lines when no record gives one.
//!
//! Scraped and wire news state their date near the top, in a few shapes:
//!
//! - a publication line: `Published Dec 22, 2020`, `Updated: 2020-12-22T10:00Z`,
//!   `Tuesday, December 22, 2020 10:00 AM ET`, `22 December 2020`: a line that opens with
//!   `Published`, `Updated`, `Posted`, `Date`… or holds a full date and little else;
//! - a wire dateline: `WASHINGTON, Dec. 22 (Reuters) -`, which names no year: it gives a date
//!   only with a year from elsewhere (a partial `date` or `--document-date` such as `2020`).
//!
//! Dates are `Month D, YYYY`, `D Month YYYY` (full or abbreviated month names, with or
//! without a period, `Sept.` too), `Month YYYY`, and ISO `YYYY-MM-DD` (a time may follow).
//! Two-digit years (`Dec 22, 20`) are refused, and so is any day its month does not have.
//! The search stops at the first paragraph of prose, so a date in the story ("talks on
//! December 22, 2020") is never taken for the publication date. Where the dateline ends is
//! [`crate::coref::dateline_end`]'s rule, the one coreference uses.

use super::Date;
use crate::coref::{dateline_end, tokenize, Tok};

/// Lines of the head looked at (non-empty ones).
const HEAD_LINES: usize = 12;
/// A line with more words than this is prose: the search stops after it.
const PROSE_WORDS: usize = 30;
/// Bytes of a line tokenized: a dateline is within its first 25 tokens.
const LINE_BYTES: usize = 400;
/// A line holding a date and at most this many other words is a publication line.
const SHORT_LINE_WORDS: usize = 10;

/// Words that open a publication line.
const KEYWORDS: &[&str] = &[
    "published",
    "updated",
    "posted",
    "date",
    "dated",
    "modified",
    "last",
    "first",
    "released",
];

/// A date found in the text: full (or year and month), or a day with no year.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Found {
    /// A date with its year.
    Dated(Date),
    /// Month and day, no year (a wire dateline).
    NoYear {
        /// Month, 1-12.
        month: u8,
        /// Day of the month.
        day: u8,
    },
}

/// The document's date from `explicit` (a record's `date` or `--document-date`) and its text:
/// `explicit` when it is a full date; else the date of the first publication line if it
/// agrees with `explicit` (or there is none); else a wire dateline's month and day in
/// `explicit`'s year; else `explicit`.
pub fn document_date(explicit: Option<Date>, text: &str) -> Option<Date> {
    if explicit.is_some_and(|d| d.day().is_some()) {
        return explicit;
    }
    match (explicit, find(text)) {
        (e, None) => e,
        (None, Some(Found::Dated(d))) => Some(d),
        (None, Some(Found::NoYear { .. })) => None,
        (Some(e), Some(Found::Dated(d))) => Some(if e.contains(d) { d } else { e }),
        (Some(e), Some(Found::NoYear { month, day })) => {
            if e.month().is_none_or(|m| m == month) {
                Date::new(e.year(), Some(month), Some(day)).or(Some(e))
            } else {
                Some(e)
            }
        }
    }
}

/// The date the first lines of `text` state: the first publication line's, else the first
/// wire dateline's.
pub fn find(text: &str) -> Option<Found> {
    let mut toks = Vec::new();
    let mut dateline = None;
    let mut start = 0;
    let mut lines = 0;
    while start < text.len() && lines < HEAD_LINES {
        let end = text[start..].find('\n').map_or(text.len(), |i| start + i);
        let mut cut = end.min(start + LINE_BYTES);
        while !text.is_char_boundary(cut) {
            cut -= 1;
        }
        tokenize(text, start..cut, &mut toks);
        let words = toks.iter().filter(|t| t.word).count();
        if words > 0 {
            lines += 1;
            let first = lower(&text[toks[0].span.clone()]);
            let keyword = KEYWORDS.contains(&first.as_str());
            let wire = dateline_end(text, &toks);
            let head = match wire {
                Some(e) => toks.partition_point(|t| t.span.end <= e),
                None => toks.len(),
            };
            if let Some((found, used)) = scan(text, &toks[..head]) {
                match found {
                    Found::Dated(_)
                        if keyword || wire.is_some() || words - used <= SHORT_LINE_WORDS =>
                    {
                        return Some(found);
                    }
                    Found::NoYear { .. } if wire.is_some() && dateline.is_none() => {
                        dateline = Some(found);
                    }
                    _ => {}
                }
            }
            if wire.is_some()
                || words > PROSE_WORDS
                || text[start..end]
                    .split_whitespace()
                    .nth(PROSE_WORDS)
                    .is_some()
            {
                break;
            }
        }
        start = end + 1;
    }
    dateline
}

fn lower(w: &str) -> String {
    w.to_lowercase()
}

/// Abbreviations of month names, lower case, with their number; the full names are
/// [`MONTHS`](super::MONTHS).
const MONTH_ABBREVIATIONS: &[(&str, u8)] = &[
    ("jan", 1),
    ("feb", 2),
    ("mar", 3),
    ("apr", 4),
    ("jun", 6),
    ("jul", 7),
    ("aug", 8),
    ("sept", 9),
    ("sep", 9),
    ("oct", 10),
    ("nov", 11),
    ("dec", 12),
];

fn month_number(w: &str) -> Option<u8> {
    if w.len() > 9 || !w.is_ascii() {
        return None;
    }
    let full = super::MONTHS.iter().position(|m| m.eq_ignore_ascii_case(w));
    let w = w.to_ascii_lowercase();
    full.map(|i| i as u8 + 1).or_else(|| {
        MONTH_ABBREVIATIONS
            .iter()
            .find(|(n, _)| *n == w)
            .map(|&(_, m)| m)
    })
}

/// A day of the month as written: `22`, `2`, `22nd`, `1st`.
fn day_number(w: &str) -> Option<u8> {
    let digits = w.trim_end_matches(|c: char| c.is_ascii_alphabetic());
    let suffix = &w[digits.len()..];
    if !(1..=2).contains(&digits.len())
        || !digits.bytes().all(|b| b.is_ascii_digit())
        || !matches!(suffix, "" | "st" | "nd" | "rd" | "th")
    {
        return None;
    }
    digits.parse().ok().filter(|d| (1..=31).contains(d))
}

/// What a year position holds: a four-digit year, a two-digit one (refused), or nothing.
enum Year {
    Four(i32),
    Two,
    None,
}

/// Whether a word is written as a four-digit year ("2014").
pub(crate) fn is_year(w: &str) -> bool {
    w.len() == 4 && w.bytes().all(|b| b.is_ascii_digit())
}

fn year_at(w: Option<&str>) -> Year {
    match w {
        Some(w) if is_year(w) => Year::Four(w.parse().unwrap_or(0)),
        Some(w) if w.len() == 2 && w.bytes().all(|b| b.is_ascii_digit()) => Year::Two,
        _ => Year::None,
    }
}

/// `YYYY-MM-DD` at the start of a token, not followed by a digit (a time may follow).
fn iso(w: &str) -> Option<Date> {
    let b = w.as_bytes();
    let shape = b.len() >= 10
        && b[4] == b'-'
        && b[7] == b'-'
        && [0, 1, 2, 3, 5, 6, 8, 9]
            .iter()
            .all(|&i| b[i].is_ascii_digit())
        && b.get(10).is_none_or(|c| !c.is_ascii_digit());
    shape.then(|| Date::parse(&w[..10]).ok()).flatten()
}

/// The first date in `toks` and the number of words it takes.
fn scan(text: &str, toks: &[Tok]) -> Option<(Found, usize)> {
    let word = |i: usize| -> Option<&str> {
        toks.get(i)
            .filter(|t| t.word)
            .map(|t| &text[t.span.clone()])
    };
    let punct = |i: usize, p: &str| {
        toks.get(i)
            .is_some_and(|t| !t.word && text[t.span.clone()] == *p)
    };
    for i in 0..toks.len() {
        let Some(w) = word(i) else { continue };
        if let Some(d) = iso(w) {
            return Some((Found::Dated(d), 1));
        }
        if let Some(month) = month_number(w) {
            // Month D, YYYY / Month D / Month YYYY ("Dec." takes its period).
            let mut j = i + 1;
            if punct(j, ".") {
                j += 1;
            }
            if let Some(day) = word(j).and_then(day_number) {
                let k = if punct(j + 1, ",") { j + 2 } else { j + 1 };
                match year_at(word(k)) {
                    Year::Four(y) => {
                        if let Some(d) = Date::new(y, Some(month), Some(day)) {
                            return Some((Found::Dated(d), 3));
                        }
                        return None;
                    }
                    Year::Two => return None,
                    Year::None => {
                        // "May 3" alone is a wire dateline's date; a day its month never
                        // has is no date.
                        if Date::new(2000, Some(month), Some(day)).is_some() {
                            return Some((Found::NoYear { month, day }, 2));
                        }
                        return None;
                    }
                }
            }
            if let Year::Four(y) = year_at(word(j)) {
                if let Some(d) = Date::new(y, Some(month), None) {
                    return Some((Found::Dated(d), 2));
                }
            }
            continue;
        }
        if let Some(day) = day_number(w) {
            // D Month YYYY / D Month.
            let mut j = i + 1;
            let Some(month) = word(j).and_then(month_number) else {
                continue;
            };
            if punct(j + 1, ".") {
                j += 1;
            }
            let k = if punct(j + 1, ",") { j + 2 } else { j + 1 };
            return match year_at(word(k)) {
                Year::Four(y) => Date::new(y, Some(month), Some(day)).map(|d| (Found::Dated(d), 3)),
                Year::Two => None,
                Year::None => Date::new(2000, Some(month), Some(day))
                    .map(|_| (Found::NoYear { month, day }, 2)),
            };
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(s: &str) -> Option<Date> {
        Date::parse(s).ok()
    }

    fn found(text: &str) -> Option<String> {
        document_date(None, text).map(|d| d.to_string())
    }

    #[test]
    fn publication_lines_in_common_web_formats() {
        let cases = [
            (
                "Published Dec 22, 2020\n\nTurkey and Israel met.",
                "2020-12-22",
            ),
            ("Published: December 22, 2020", "2020-12-22"),
            ("December 22, 2020", "2020-12-22"),
            ("22 December 2020", "2020-12-22"),
            ("Updated 22 Dec. 2020 at 10:00", "2020-12-22"),
            ("2020-12-22", "2020-12-22"),
            ("Updated: 2020-12-22T10:00Z", "2020-12-22"),
            ("Posted on Sept. 3, 2021 | 4 min read", "2021-09-03"),
            ("Tuesday, December 22, 2020 10:00 AM ET", "2020-12-22"),
            ("LAST UPDATED: 1st March 2019", "2019-03-01"),
            (
                "Headline\nBy Jane Roe\nDecember 22nd, 2020\n\nBody.",
                "2020-12-22",
            ),
            ("Published December 2020", "2020-12"),
            ("Published Feb 29, 2020", "2020-02-29"),
        ];
        for (text, want) in cases {
            assert_eq!(found(text).as_deref(), Some(want), "{text:?}");
        }
    }

    #[test]
    fn wire_datelines_need_a_year_from_elsewhere() {
        let wire = "WASHINGTON, Dec. 22 (Reuters) - Turkey and Israel held talks on Tuesday.";
        assert_eq!(find(wire), Some(Found::NoYear { month: 12, day: 22 }));
        assert_eq!(document_date(None, wire), None);
        assert_eq!(document_date(date("2020"), wire), date("2020-12-22"));
        assert_eq!(document_date(date("2020-12"), wire), date("2020-12-22"));
        // A month that disagrees, or a day the year does not have: the explicit date.
        assert_eq!(document_date(date("2020-11"), wire), date("2020-11"));
        let leap = "ANKARA, Feb 29 (Reuters) - Talks.";
        assert_eq!(document_date(date("2021"), leap), date("2021"));
        assert_eq!(document_date(date("2024"), leap), date("2024-02-29"));
        // With its year, a dateline is a full date.
        let full = "LONDON, December 22, 2020 (AP) — Britain and France met.";
        assert_eq!(found(full).as_deref(), Some("2020-12-22"));
    }

    #[test]
    fn an_explicit_full_date_wins_and_a_partial_one_is_refined_only_when_it_agrees() {
        let text = "Published Dec 22, 2020\n\nBody.";
        assert_eq!(document_date(date("2021-01-05"), text), date("2021-01-05"));
        assert_eq!(document_date(date("2020"), text), date("2020-12-22"));
        assert_eq!(document_date(date("2019"), text), date("2019"));
        assert_eq!(
            document_date(date("2020-12"), "No date here."),
            date("2020-12")
        );
    }

    #[test]
    fn garbage_two_digit_years_and_impossible_days_give_no_date() {
        for text in [
            "Published Dec 22, 20",
            "22 Dec 20",
            "Published Feb 29, 2021",
            "Published April 31, 2020",
            "2020-13-01",
            "2020-02-30T10:00Z",
            "Published 20201222",
            "Published yesterday",
            "",
            "\n\n\n",
            "May the talks go well, 2020 was hard.",
            "Dec",
            "Published Dec.",
            "2020-12-2",
        ] {
            assert_eq!(found(text), None, "{text:?}");
        }
    }

    #[test]
    fn a_date_in_the_story_is_not_the_publication_date() {
        let prose = "Turkey and Israel, which broke off ties years ago, agreed in talks held in \
                     Baku with Azerbaijan's mediation and with many officials present on \
                     December 22, 2020 to restore relations, officials said on Wednesday.";
        assert_eq!(found(prose), None);
        // After the first paragraph, nothing more is read.
        let later = format!("{prose}\n\nPublished Dec 22, 2020");
        assert_eq!(found(&later), None);
        // A long headline-free line with a date near its end is prose too.
        let seed = "Scoop: Azerbaijan seeks to mediate between Turkey and Israel\n\nAliyev (L) with Erdoğan in 2018. Photo: Adem Altan/AFP via Getty\n";
        assert_eq!(found(seed), None);
    }

    #[test]
    fn odd_text_never_panics() {
        for text in [
            "é",
            "Dec 22",
            "22 Dec",
            "—",
            "2020-",
            "١٢ December 2020",
            "Dec 99, 2020",
        ] {
            let _ = find(text);
            let _ = find(&text.repeat(200));
        }
    }
}

/// The module is private, so its examples are unit tests rather than doc tests.
#[cfg(test)]
mod examples {
    #[test]
    fn document_date_takes_a_dateline_year_from_explicit() {
        use crate::text::dates::document_date;
        use crate::Date;
        let wire = "WASHINGTON, Dec. 22 (Reuters) - Turkey and Israel held talks.";
        assert_eq!(document_date(None, wire), None);
        let year = Date::parse("2020").ok();
        assert_eq!(document_date(year, wire).unwrap().to_string(), "2020-12-22");
    }
}
