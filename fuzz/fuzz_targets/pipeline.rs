//! The text pipeline on arbitrary input: never panics, and every reported span slices the
//! document to the reported text, in bytes and in characters.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use relgraph::{Document, Pipeline};

fn pipeline() -> &'static Pipeline {
    static P: OnceLock<Pipeline> = OnceLock::new();
    P.get_or_init(|| Pipeline::builder().build().expect("defaults load"))
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let r = pipeline().process(&Document::new("fuzz", text));
    let chars: Vec<char> = text.chars().collect();
    for m in &r.mentions {
        assert_eq!(&text[m.span().byte_start..m.span().byte_end], m.text());
        let by_char: String = chars[m.span().start..m.span().end].iter().collect();
        assert_eq!(by_char, m.text());
    }
    for rel in &r.relations {
        assert_eq!(&text[rel.sentence_span.byte_start..rel.sentence_span.byte_end], &*rel.sentence);
        assert_eq!(&text[rel.trigger_span.byte_start..rel.trigger_span.byte_end], rel.trigger);
    }
});
