//! Surname derivation: the last word of a multi-word person name, as an alias of its own.

use super::*;

/// Words that are never taken as derived surnames (they are far more often something else).
pub(super) const NOT_SURNAMES: &[&str] = &[
    "Jr.", "Sr.", "II", "III", "IV", "The", "And", "Van", "Von", "Der", "Den", "Del", "Della",
    "Bin", "Ibn", "Abu", "Al", "El", "Le", "La", "Du", "Da", "De", "Dos",
];

/// The surname of a multi-word person name: its last word (generational suffixes skipped).
pub(super) fn surname(name: &str) -> Option<&str> {
    let words: Vec<&str> = name.split_whitespace().collect();
    if words.len() < 2 {
        return None;
    }
    let last = words
        .iter()
        .rev()
        .copied()
        .find(|w| !matches!(*w, "Jr." | "Sr." | "Jr" | "Sr" | "II" | "III" | "IV"))?;
    let ok = last.chars().count() >= 3
        && last.chars().next().is_some_and(char::is_uppercase)
        && !last.ends_with('.')
        && !NOT_SURNAMES.contains(&last)
        && !is_calendar_word(last)
        && words[0] != last;
    ok.then_some(last)
}
