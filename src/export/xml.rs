//! The one XML escaper, shared by GraphML, GEXF and the HTML report.

use std::borrow::Cow;

/// Escapes `s` for XML and HTML text and for double- or single-quoted attribute values:
/// `& < > " '` become entities, newline, carriage return and tab become character references
/// (so they survive attribute-value normalization), and every other character that XML 1.0
/// forbids (C0 controls, U+FFFE, U+FFFF) is dropped. Every string written to an XML or HTML
/// output goes through here.
pub fn escape(s: &str) -> Cow<'_, str> {
    let clean = |c: char| {
        !matches!(c, '&' | '<' | '>' | '"' | '\'' | '\n' | '\r' | '\t')
            && !c.is_control()
            && c != '\u{FFFE}'
            && c != '\u{FFFF}'
    };
    if s.chars().all(clean) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 16);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\n' => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            '\t' => out.push_str("&#9;"),
            // C1 controls are legal XML 1.0 characters but useless in names; drop them too.
            c if c.is_control() || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::escape;

    #[test]
    fn escapes_markup_and_controls() {
        assert_eq!(
            escape(r#"<script>alert("x")</script> & 'y'"#),
            "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;y&#39;"
        );
        assert_eq!(escape("a\nb\r\tc\u{0}\u{7}d\u{FFFF}"), "a&#10;b&#13;&#9;cd");
        assert!(matches!(
            escape("Erdoğan 北京 🇹🇷 עברית"),
            std::borrow::Cow::Borrowed(_)
        ));
    }
}
