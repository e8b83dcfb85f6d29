//! Properties over generated text: offsets always slice the source, the pipeline never panics,
//! output is deterministic. (Folding's properties are unit tests in `src/text/fold.rs`.)

use proptest::prelude::*;
use relgraph::{export, Document, Graph};

use crate::util::pipeline;

/// News-like fragments: names, demonyms, titles, trigger words, punctuation, and awkward
/// Unicode (combining marks, RTL, CJK, emoji, curly quotes, NUL-free controls).
fn fragment() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => prop::sample::select(vec![
            "Turkey", "Israel", "Azerbaijan", "Azeri", "Israeli", "Erdoğan", "Erdog\u{306}an",
            "Ilham Aliyev", "Aliyev", "Aliyev’s", "Gen.", "Mark Milley", "President", "Foreign Minister",
            "U.S.", "NATO", "Hamas", "mediate between", "and", "both", "signed a deal with", "met",
            "talks with", "invaded", "backed by", "not", "won't", "relations between", "have been frozen",
            "Deputy Attorney General", "Jeffrey Rosen", "replaced by", "the", ",", ".", "?", "\n", "\n\n",
            "  • ", "“", "”", "'s", "-", "İstanbul", "ŁÓDŹ", "שלום", "北京", "🙂", "\u{200B}", "\t",
        ]).prop_map(str::to_string),
        1 => "\\PC{0,8}",
    ]
}

fn text() -> impl Strategy<Value = String> {
    prop::collection::vec(fragment(), 0..40).prop_map(|parts| parts.join(" "))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn spans_slice_the_source(t in text()) {
        let r = pipeline().process(&Document::new("p", t.as_str()));
        let chars: Vec<char> = t.chars().collect();
        for m in &r.mentions {
            prop_assert_eq!(&t[m.span().byte_start..m.span().byte_end], m.text());
            let by_char: String = chars[m.span().start..m.span().end].iter().collect();
            prop_assert_eq!(by_char, m.text().to_string());
        }
        for rel in &r.relations {
            prop_assert_eq!(&t[rel.sentence_span.byte_start..rel.sentence_span.byte_end], &*rel.sentence);
            prop_assert_eq!(&t[rel.trigger_span.byte_start..rel.trigger_span.byte_end], rel.trigger.as_str());
            prop_assert!(rel.trigger_span.byte_start >= rel.sentence_span.byte_start);
            prop_assert!(rel.trigger_span.byte_end <= rel.sentence_span.byte_end);
        }
        prop_assert_eq!(r.chars, chars.len());
    }

    #[test]
    fn output_is_deterministic(a in text(), b in text()) {
        let render = || {
            let mut g = Graph::new();
            for (i, t) in [&a, &b].iter().enumerate() {
                g.add(&pipeline().process(&Document::new(format!("d{i}"), t.as_str())));
            }
            let prov = export::Provenance::default();
            let mut out = Vec::new();
            use export::Format::*;
            for f in [Dot, Json, Cyjs, Graphml, Gexf, Csv, Html] {
                export::write(&g, &prov, f, &mut out).unwrap();
            }
            out
        };
        prop_assert_eq!(render(), render());
    }
}
