//! Folding for matching: diacritics, apostrophes, hyphens and case, with offsets kept.
//!
//! Matching runs on a folded copy of the text so that "Erdogan", "Erdoğan" and its NFD
//! spelling all meet the same automaton state. Every folded byte remembers the source byte
//! where its character starts, so a match in the folded copy maps back to exactly the source
//! text the analyst sees (including any combining marks that were dropped).

use std::borrow::Cow;
use std::ops::Range;

use unicode_normalization::char::{decompose_canonical, is_combining_mark};

/// Text prepared for matching, with a map back to the source.
///
/// ASCII letters keep their case, which keeps the common all-ASCII document zero-copy until
/// [`Folded::make_ascii_lowercase`]; every other letter is lowercased.
#[derive(Debug)]
pub struct Folded<'a> {
    text: Cow<'a, str>,
    /// `map[i]` is the source byte offset of the character that produced folded byte `i`;
    /// `map[len]` is the source length. `None` when folding changed nothing (pure ASCII).
    map: Option<Vec<usize>>,
    source_len: usize,
}

impl<'a> Folded<'a> {
    /// Folds `source`.
    pub fn new(source: &'a str) -> Folded<'a> {
        if source.is_ascii() {
            return Folded {
                text: Cow::Borrowed(source),
                map: None,
                source_len: source.len(),
            };
        }
        let mut text = String::with_capacity(source.len());
        let mut map = Vec::with_capacity(source.len() + 1);
        let mut at = 0;
        while at < source.len() {
            // Runs of ASCII, most of any text, are copied whole: folding keeps them as they are.
            let run = source.as_bytes()[at..]
                .iter()
                .position(|b| !b.is_ascii())
                .map_or(source.len(), |n| at + n);
            text.push_str(&source[at..run]);
            map.extend(at..run);
            let Some(c) = source[run..].chars().next() else {
                break;
            };
            fold_char(c, true, |f| {
                let before = text.len();
                text.push(f);
                map.extend(std::iter::repeat_n(run, text.len() - before));
            });
            at = run + c.len_utf8();
        }
        map.push(source.len());
        Folded {
            text: Cow::Owned(text),
            map: Some(map),
            source_len: source.len(),
        }
    }

    /// The folded text.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// Lowercases the folded text's ASCII letters (the rest is lowercase already), for an
    /// index of lowercase keys: in place when folding made a copy, else one copy of the source.
    pub fn make_ascii_lowercase(&mut self) {
        match &mut self.text {
            Cow::Borrowed(s) => self.text = Cow::Owned(s.to_ascii_lowercase()),
            Cow::Owned(s) => s.make_ascii_lowercase(),
        }
    }

    /// Maps a byte range of the folded text to the source byte range it came from.
    pub fn source_range(&self, r: Range<usize>) -> Range<usize> {
        match &self.map {
            None => r,
            Some(map) => {
                let start = map[r.start];
                // The end is where the next folded character's source starts, so dropped
                // combining marks after the last letter stay inside the range.
                let end = if r.end >= map.len() - 1 {
                    self.source_len
                } else {
                    map[r.end]
                };
                start..end.max(start)
            }
        }
    }
}

/// Folds one character: canonical decomposition, marks dropped, a few letters without a
/// decomposition mapped by hand (ł, ø, ß, æ…), typographic apostrophes and hyphens unified,
/// and, if `lower`, lowercased. Calls `out` for each resulting char (possibly none).
fn fold_char(c: char, lower: bool, mut out: impl FnMut(char)) {
    // ASCII results keep their case even when lowering, like ASCII in the source ("Ç" → "C"
    // folds like an NFD "C" + cedilla); `Folded::make_ascii_lowercase` lowers them all.
    let mut emit = |c: char| {
        if lower && !c.is_ascii() {
            // A lowercased letter may have a mapping of its own: "ẞ" → "ß" → "ss".
            for l in c.to_lowercase() {
                match by_hand(l) {
                    Some(s) => s.chars().for_each(&mut out),
                    None => out(l),
                }
            }
        } else {
            out(c)
        }
    };
    let mut simple = |d: char| {
        if is_combining_mark(d) {
            return;
        }
        match by_hand(d) {
            Some(s) => s.chars().for_each(&mut emit),
            None => emit(d),
        }
    };
    if c.is_ascii() {
        simple(c)
    } else {
        decompose_canonical(c, &mut simple)
    }
}

/// What a character without a useful decomposition folds to, in ASCII (possibly nothing), or
/// `None` if it stays as it is.
fn by_hand(c: char) -> Option<&'static str> {
    Some(match c {
        '\u{2019}' | '\u{2018}' | '\u{02BC}' | '\u{2032}' | '\u{FF07}' => "'",
        '\u{2010}' | '\u{2011}' => "-",
        '\u{00A0}' | '\u{2007}' | '\u{202F}' => " ",
        '\u{00AD}' | '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}' => "",
        'ł' => "l",
        'Ł' => "L",
        'ø' => "o",
        'Ø' => "O",
        'đ' | 'ð' => "d",
        'Đ' | 'Ð' => "D",
        'ħ' => "h",
        'Ħ' => "H",
        'ı' => "i",
        'ß' => "ss",
        'æ' => "ae",
        'Æ' => "AE",
        'œ' => "oe",
        'Œ' => "OE",
        'þ' => "th",
        'Þ' => "Th",
        _ => return None,
    })
}

/// The matcher's key for an alias: fully folded and lowercased.
pub fn key(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    push_key(s, &mut out);
    out
}

/// Appends [`key`]`(s)` to `out`.
pub fn push_key(s: &str, out: &mut String) {
    let start = out.len();
    // Folding leaves ASCII as it is.
    if s.is_ascii() {
        out.push_str(s);
    } else {
        s.chars().for_each(|c| fold_char(c, true, |f| out.push(f)));
    }
    out[start..].make_ascii_lowercase();
}

/// Folds diacritics and typography but keeps case, for comparing the case of a match against
/// the case of an alias.
pub fn cased(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    push_cased(s, &mut out);
    out
}

/// Appends [`cased`]`(s)` to `out`.
pub fn push_cased(s: &str, out: &mut String) {
    if s.is_ascii() {
        out.push_str(s);
    } else {
        s.chars().for_each(|c| fold_char(c, false, |f| out.push(f)));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use unicode_normalization::UnicodeNormalization;

    #[test]
    fn nfc_and_nfd_fold_alike_and_map_back() {
        let nfc: String = "Recep Tayyip Erdoğan met Çavuşoğlu".nfc().collect();
        let nfd: String = nfc.nfd().collect();
        assert_ne!(nfc, nfd);
        let (a, b) = (Folded::new(&nfc), Folded::new(&nfd));
        assert_eq!(a.as_str(), b.as_str());
        let at = a.as_str().find("Erdogan").unwrap();
        let r = at..at + "Erdogan".len();
        assert_eq!(&nfc[a.source_range(r.clone())], "Erdoğan");
        assert_eq!(&nfd[b.source_range(r)], "Erdog\u{306}an");
    }

    #[test]
    fn special_letters_and_typography() {
        assert_eq!(key("Łódź"), "lodz");
        assert_eq!(key("Straße"), "strasse");
        assert_eq!(key("STRAẞE"), "strasse");
        assert_eq!(key("İlham"), "ilham");
        assert_eq!(key("Aliyev’s"), "aliyev's");
        assert_eq!(cased("Œuvre Ørsted"), "OEuvre Orsted");
        assert_eq!(Folded::new("Ελλάδα").as_str(), "ελλαδα");
        assert_eq!(Folded::new("Çavuşoğlu").as_str(), "Cavusoglu");
    }

    #[test]
    fn folding_is_idempotent() {
        for s in [
            "Erdoğan",
            "ŁÓDŹ",
            "İstanbul",
            "Straße",
            "STRAẞE",
            "naïve café",
        ] {
            assert_eq!(key(&key(s)), key(s));
            assert_eq!(cased(&cased(s)), cased(s));
        }
    }

    proptest::proptest! {
        #[test]
        fn folding_is_idempotent_and_maps_back(t in "\\PC{0,64}") {
            proptest::prop_assert_eq!(key(&key(&t)), key(&t));
            proptest::prop_assert_eq!(cased(&cased(&t)), cased(&t));
            let f = Folded::new(&t);
            let folded = f.as_str();
            // Every folded character maps back to a source range on character boundaries whose
            // own fold contains it.
            for (i, c) in folded.char_indices() {
                let r = f.source_range(i..i + c.len_utf8());
                proptest::prop_assert!(t.is_char_boundary(r.start) && t.is_char_boundary(r.end));
                let src_fold = Folded::new(&t[r.clone()]).as_str().to_lowercase();
                proptest::prop_assert!(src_fold.contains(&c.to_lowercase().to_string()) || r.is_empty(),
                    "{:?} from {:?}", c, &t[r]);
            }
        }
    }
}

/// The module is private, so its examples are unit tests rather than doc tests.
#[cfg(test)]
mod examples {
    #[test]
    fn folded_maps_back_to_the_source() {
        use crate::text::fold::Folded;
        let f = Folded::new("Erdoğan’s");
        assert_eq!(f.as_str(), "Erdogan's");
        assert_eq!(f.source_range(0..7), 0..8);
    }

    #[test]
    fn make_ascii_lowercase_lowercases_the_folded_text() {
        use crate::text::fold::Folded;
        let mut f = Folded::new("ÇAVUŞOĞLU’s");
        f.make_ascii_lowercase();
        assert_eq!(f.as_str(), "cavusoglu's");
    }

    #[test]
    fn key_folds_and_lowercases() {
        assert_eq!(crate::text::fold::key("Erdoğan"), "erdogan");
        assert_eq!(crate::text::fold::key("ŁÓDŹ"), "lodz");
    }
}
