//! The normal form names are compared in, as `SCORING.md` defines it.

use unicode_normalization::UnicodeNormalization;

/// The normal form of a name: NFKD with combining marks dropped, case folded, curly quotes and
/// dashes unified, whitespace collapsed, surrounding punctuation stripped and a leading "the "
/// dropped.
///
/// ```
/// use relgraph::eval::normal_form;
/// assert_eq!(normal_form("  The Erdoğan’s "), "erdogan's");
/// assert_eq!(normal_form("U.S."), "u.s");
/// assert_eq!(normal_form("Abdel–Fattah"), "abdel-fattah");
/// ```
pub fn normal_form(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut space = false;
    for c in s.nfkd() {
        if unicode_normalization::char::is_combining_mark(c) {
            continue;
        }
        let c = match c {
            '\u{2018}' | '\u{2019}' | '\u{201B}' | '\u{2032}' | '`' | '\u{00B4}' => '\'',
            '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{2033}' => '"',
            '\u{2010}'..='\u{2015}' | '\u{2212}' => '-',
            c => c,
        };
        if c.is_whitespace() {
            space = !out.is_empty();
            continue;
        }
        if space {
            out.push(' ');
            space = false;
        }
        out.extend(c.to_lowercase());
    }
    let trimmed = out.trim_matches(|c: char| !c.is_alphanumeric());
    trimmed.strip_prefix("the ").unwrap_or(trimmed).to_string()
}

#[cfg(test)]
mod tests {
    use super::normal_form;

    #[test]
    fn folds_marks_case_quotes_and_space() {
        assert_eq!(normal_form("Erdoğan"), normal_form("ERDOGAN"));
        assert_eq!(normal_form("Côte d’Ivoire"), "cote d'ivoire");
        assert_eq!(normal_form("the  United\tStates"), "united states");
        assert_eq!(normal_form("\"Hamas\","), "hamas");
        assert_eq!(normal_form("Theodore"), "theodore");
        assert_eq!(normal_form("ﬁnance"), "finance");
    }
}
