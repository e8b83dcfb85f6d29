//! Case and word-boundary checks of a found alias against the source text, and where a
//! text can be cut into pieces no occurrence crosses.

use super::*;

/// Whether a match starting at source byte `at` can pass the start check of
/// [`at_word_boundaries`].
pub(super) fn may_start(text: &str, at: usize) -> bool {
    at < text.len() && !inside_word(text, at)
}

/// Word boundaries are checked only where the alias itself starts or ends with a word
/// character, so "U.S." may be followed by a letter-less boundary as usual: a match must not
/// start or end between two word characters.
pub(super) fn at_word_boundaries(text: &str, span: &Range<usize>) -> bool {
    // The end first: it is where most occurrences fail ("Iran" in "Iranian"); `scan` has
    // checked the start already.
    let ends_well = !inside_word(text, span.end);
    !span.is_empty() && ends_well && !inside_word(text, span.start)
}

/// Whether byte `at` of `text` falls between two word characters.
#[inline]
pub(super) fn inside_word(text: &str, at: usize) -> bool {
    word_before(text, at) && word_at(text, at)
}

/// Whether the character at byte `at` of `text` is a word character (false at the end).
/// ASCII, nearly every case, is a byte test.
#[inline]
pub(super) fn word_at(text: &str, at: usize) -> bool {
    match text.as_bytes().get(at) {
        None => false,
        Some(b) if b.is_ascii() => b.is_ascii_alphanumeric(),
        Some(_) => text[at..].chars().next().is_some_and(is_word_char),
    }
}

/// Whether the character before byte `at` of `text` is a word character (false at 0).
#[inline]
pub(super) fn word_before(text: &str, at: usize) -> bool {
    match text.as_bytes()[..at].last() {
        None => false,
        Some(b) if b.is_ascii() => b.is_ascii_alphanumeric(),
        Some(_) => text[..at].chars().next_back().is_some_and(is_word_char),
    }
}

pub(super) fn is_all_caps(s: &str) -> bool {
    let mut letters = 0;
    for c in s.chars().filter(|c| c.is_alphabetic()) {
        if !c.is_uppercase() {
            return false;
        }
        letters += 1;
    }
    letters >= 2
}

/// Same text, except that where the alias has a lowercase letter at the start of a word the
/// text may capitalise it ("eastern Mediterranean" at a sentence start, "Chiefs Of Staff" in a
/// title-case headline), and a name particle inside a name may be written in either case
/// ("Mohamed bin Zayed al-Nahyan" for "… Al-Nahyan", "Abd El-Fattah"): sources spell these
/// particles both ways and neither is a different name.
pub(super) fn case_compatible(alias: &str, found: &str) -> bool {
    let mut prev_word = false;
    let mut a = alias.char_indices();
    let mut f = found.chars();
    loop {
        match (a.next(), f.next()) {
            (None, None) => return true,
            (Some((_, x)), Some(y)) if x == y => prev_word = is_word_char(x),
            (Some((i, x)), Some(y)) => {
                let upper = x.is_lowercase() && x.to_uppercase().eq(std::iter::once(y));
                let particle = x.is_uppercase()
                    && x.to_lowercase().eq(std::iter::once(y))
                    && i > 0
                    && is_particle(&alias[i..]);
                if prev_word || !(upper || particle) {
                    return false;
                }
                prev_word = true;
            }
            _ => return false,
        }
    }
}

/// Whether `rest` starts with a name particle followed by a space or hyphen.
fn is_particle(rest: &str) -> bool {
    const PARTICLES: &[&str] = &["al", "el", "bin", "ibn", "bint", "abu", "ould", "ag"];
    let word = rest.split([' ', '-']).next().unwrap_or("");
    word.len() < rest.len() && PARTICLES.iter().any(|p| word.eq_ignore_ascii_case(p))
}

/// Text [`Matcher::find`] takes at a time: large enough that pieces cost nothing next to the
/// scan (a news story is one piece), small enough that one large document's scratch space is
/// a few megabytes.
pub(super) const PIECE_BYTES: usize = 1 << 20;

/// A set of ASCII bytes.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct AsciiSet(u128);

impl AsciiSet {
    /// Adds `b`, if ASCII.
    pub(super) fn insert(&mut self, b: u8) {
        if b.is_ascii() {
            self.0 |= 1 << b;
        }
    }

    /// Whether `b` (ASCII, compared in lower case as keys are) is in the set.
    pub(super) fn contains(self, b: u8) -> bool {
        let b = b.to_ascii_lowercase();
        b.is_ascii() && self.0 & (1 << b) != 0
    }
}
