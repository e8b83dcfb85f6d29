//! Surname derivation: the last word of a multi-word person name, as an alias of its own.

use super::*;

/// Words that are never taken as derived surnames (they are far more often something else).
pub(super) const NOT_SURNAMES: &[&str] = &[
    "Jr.", "Sr.", "II", "III", "IV", "The", "And", "Van", "Von", "Der", "Den", "Del", "Della",
    "Bin", "Ibn", "Abu", "Al", "El", "Le", "La", "Du", "Da", "De", "Dos", "He", "Do", "Oh",
];

/// Family names written first (Chinese, Korean, Vietnamese, Cambodian): the first word of such
/// a name is how later mentions name the person ("Kim" for "Kim Jong Un"). Common romanised
/// surnames of the names-by-country list (CC0) for those countries, with the forms news uses.
pub(crate) const FAMILY_NAMES_FIRST: &[&str] = &[
    "Kim", "Lee", "Park", "Choi", "Jung", "Jeong", "Kang", "Cho", "Yoon", "Yun", "Jang", "Lim",
    "Han", "Oh", "Seo", "Shin", "Kwon", "Hwang", "Ahn", "Song", "Moon", "Hong", "Ri", "Pak",
    "Choe", "Wang", "Li", "Zhang", "Liu", "Chen", "Yang", "Huang", "Zhao", "Wu", "Zhou", "Xu",
    "Sun", "Ma", "Zhu", "Hu", "Guo", "He", "Lin", "Gao", "Luo", "Xi", "Wen", "Deng", "Jiang",
    "Tang", "Qin", "Dong", "Fu", "Cai", "Lai", "Tsai", "Ko", "Chiang", "Nguyen", "Tran", "Pham",
    "Hoang", "Vo", "Dang", "Bui", "Do", "Ngo", "Duong", "Hun", "Yoon", "Lam",
];

/// The Arabic article a surname may carry ("al-Sarraj", "el-Sisi"), which news often drops on
/// later mentions ("Sarraj said").
const ARTICLES: &[&str] = &["al-", "el-", "Al-", "El-"];

/// A surname without its article: "Sarraj" for "al-Sarraj", `None` for a word without one.
pub(crate) fn without_article(word: &str) -> Option<&str> {
    ARTICLES
        .iter()
        .find_map(|a| word.strip_prefix(a))
        .filter(|rest| rest.chars().next().is_some_and(char::is_uppercase))
}

/// The surnames of a multi-word person name: its last word (generational suffixes skipped),
/// and that word without its article ("al-Sarraj" and "Sarraj").
pub(super) fn surnames(name: &str) -> impl Iterator<Item = &str> {
    let last = last_word(name);
    let bare = last
        .and_then(without_article)
        .filter(|w| is_surname_word(name, w));
    last.filter(|w| is_surname_word(name, w))
        .into_iter()
        .chain(bare)
}

/// The short form news writes for a name of three words or more: its first and last words
/// ("Daniel Chapo" for Daniel Francisco Chapo, "Thani al-Zeyoudi" for Thani bin Ahmed
/// al-Zeyoudi), a Spanish maternal surname after "de" left out ("Bernardo Arévalo" for
/// Bernardo Arévalo de León). `hispanic`: the name ends in a paternal and a maternal surname,
/// and the paternal one is the person's ("Iván Duque" for Iván Duque Márquez; "Iván Márquez"
/// is another man). `None` when the name is too short, or its first or last word cannot
/// stand for the person.
pub(super) fn short_name(name: &str, hispanic: bool) -> Option<String> {
    let mut words: Vec<&str> = name
        .split_whitespace()
        .filter(|w| !is_generational(w))
        .collect();
    if let [.., "de" | "del", _] = words.as_slice() {
        words.truncate(words.len() - 2);
    } else if hispanic && words.len() >= 3 {
        words.pop();
    }
    let (&first, &last) = (words.first()?, words.last()?);
    // A dynasty's names ("Sabah al-Ahmad al-Jaber al-Sabah") chain family names that each
    // stand for many of its members: no two of their words make one person.
    let family = words[1..]
        .iter()
        .filter(|w| matches!(**w, "Al" | "al") || without_article(w).is_some())
        .count();
    if family > 1 {
        return None;
    }
    let surname = without_article(last).unwrap_or(last);
    let ok = name.split_whitespace().count() >= 3
        && words.len() >= 2
        && first.chars().count() >= 2
        && first.chars().next().is_some_and(char::is_uppercase)
        && !NOT_SURNAMES.contains(&first)
        && is_surname_word(name, surname);
    ok.then(|| format!("{first} {last}"))
}

/// The last word of a multi-word name, generational suffixes skipped.
fn last_word(name: &str) -> Option<&str> {
    let words: Vec<&str> = name.split_whitespace().collect();
    if words.len() < 2 {
        return None;
    }
    words.iter().rev().copied().find(|w| !is_generational(w))
}

/// A generational suffix ("Jr.", "III"), which names no one alone.
fn is_generational(word: &str) -> bool {
    matches!(word, "Jr." | "Sr." | "Jr" | "Sr" | "II" | "III" | "IV")
}

/// May `last` stand alone for `name`? Capitalised, three letters or more, no initial, no
/// particle or month, and not the name's first word too.
fn is_surname_word(name: &str, last: &str) -> bool {
    last.chars().count() >= 3
        && last.chars().next().is_some_and(char::is_uppercase)
        && !last.ends_with('.')
        && !NOT_SURNAMES.contains(&last)
        && !is_calendar_word(last)
        && name.split_whitespace().next() != Some(last)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_surname_with_an_article_also_stands_without_it() {
        let all = |n| surnames(n).collect::<Vec<_>>();
        // "al-Sarraj" opens with a small letter: only its bare form is a surname.
        assert_eq!(all("Fayez al-Sarraj"), ["Sarraj"]);
        assert_eq!(all("Abdel Fattah El-Sisi"), ["El-Sisi", "Sisi"]);
        assert_eq!(all("Recep Tayyip Erdoğan"), ["Erdoğan"]);
        assert_eq!(all("Ali al-Ma"), Vec::<&str>::new());
        assert_eq!(all("Madonna"), Vec::<&str>::new());
    }

    #[test]
    fn a_long_name_has_a_short_form_of_its_first_and_last_words() {
        let cases = [
            ("Daniel Francisco Chapo", Some("Daniel Chapo")),
            ("Bernardo Arévalo de León", Some("Bernardo Arévalo")),
            ("Thani bin Ahmed al-Zeyoudi", Some("Thani al-Zeyoudi")),
            ("Samura Matthew Wilson Kamara", Some("Samura Kamara")),
            ("Emmanuel Macron", None),
            ("Martin Luther King Jr.", Some("Martin King")),
            ("Mohammed bin Salman Al", None),
            ("Sabah Al-Ahmad Al-Jaber Al-Sabah", None),
        ];
        for (name, short) in cases {
            assert_eq!(short_name(name, false).as_deref(), short, "{name}");
        }
        // Spanish names end in the maternal surname.
        let cases = [
            ("Iván Duque Márquez", Some("Iván Duque")),
            ("Gustavo Francisco Petro Urrego", Some("Gustavo Petro")),
            ("Bernardo Arévalo de León", Some("Bernardo Arévalo")),
            ("Nicolás Maduro", None),
        ];
        for (name, short) in cases {
            assert_eq!(short_name(name, true).as_deref(), short, "{name}");
        }
    }
}
