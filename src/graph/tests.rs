//! Unit tests of the graph.

use std::collections::BTreeSet;

use super::intern::Interner;
use super::*;
use crate::pipeline::{DocResult, Relations};
use crate::relate::RelationType;
use crate::text::Date;
use crate::{Document, Pipeline};

#[test]
fn a_trigger_is_the_text_its_span_covers_in_its_sentence() {
    let span = |byte_start: usize, byte_end: usize| Span {
        start: byte_start,
        end: byte_end,
        byte_start,
        byte_end,
    };
    // "Çelik met Ana." at byte 100 of its document: "Ç" is two bytes.
    let sentence = "Çelik met Ana.";
    let s = span(100, 100 + sentence.len());
    assert_eq!(trigger_in(sentence, s, span(107, 110)), Some("met"));
    assert_eq!(trigger_in(sentence, s, span(100, 115)), Some(sentence));
    assert_eq!(trigger_in(sentence, s, span(107, 107)), Some(""));
    // Inside a character, before the sentence, past it, reversed, or a sentence span
    // that is not the sentence's length: no text, and an evidence record says "".
    for t in [
        span(101, 110),
        span(99, 103),
        span(107, 116),
        span(110, 107),
    ] {
        assert_eq!(trigger_in(sentence, s, t), None, "{t:?}");
    }
    assert_eq!(trigger_in(sentence, span(100, 114), span(107, 110)), None);
    let ev = |t| Evidence::new("d".into(), sentence.into(), s, t, "r".into());
    assert_eq!(ev(span(107, 110)).trigger(), "met");
    assert_eq!(ev(span(101, 110)).trigger(), "");
}

/// The sizes the memory figures in the docs and benches/RESULTS.md rest on.
#[test]
#[cfg(target_pointer_width = "64")]
fn records_keep_their_sizes() {
    use std::mem::size_of;
    // 80 before the document's date was kept too: it fits in the spans' padding.
    assert_eq!(size_of::<Evidence>(), 80);
    assert_eq!(size_of::<Option<Date>>(), 4);
    // 64 before the timeline: one pointer, null for an undated edge; 72 before the
    // evidence per document (what a merge needs to count a document once).
    assert_eq!(size_of::<Edge>(), 96);
    assert_eq!(size_of::<EdgeKey>(), 32);
    // 48 before the mention's form was kept (a byte, padded to 8).
    assert_eq!(size_of::<MentionRecord>(), 56);
}

#[test]
fn document_metadata_is_kept_once_and_only_while_records_use_it() {
    let p = Pipeline::builder().build().unwrap();
    let base = p.process(&Document::new("x", "Turkey and Israel held talks."));
    let mut g = Graph::with_limits(Limits {
        max_evidence: 2,
        max_mentions: 2,
        ..Limits::default()
    });
    let n = 3 * Interner::MIN_SWEEP;
    for i in (0..n).rev() {
        let mut d = base.clone();
        d.document = format!("d{i:05}");
        d.meta
            .insert("url".into(), format!("https://x.example/{i}").into());
        d.meta.insert("title".into(), "T".into());
        d.meta.insert("lang".into(), "en".into());
        g.add(&d);
    }
    // Only the documents whose records are kept (the first two by id) must stay; the
    // table is swept as it grows, so it stays near the sweep size, not the corpus size.
    assert!(
        g.meta.len() < 2 * Interner::MIN_SWEEP + 2,
        "{}",
        g.meta.len()
    );
    let kept = g.evidence_meta();
    assert_eq!(kept.len(), 2);
    assert_eq!(kept[0].0, "d00000");
    assert_eq!(kept[0].1.url.as_deref(), Some("https://x.example/0"));
    assert_eq!(kept[0].1.source, None);
    // The evidence holds the table's own id string: one copy per document.
    let e = g.edges().next().unwrap();
    let (key, _) = g.meta.get_key_value("d00000").unwrap();
    assert!(ArcStr::ptr_eq(key, &e.evidence[0].document));
    // Disagreeing metadata for one id: the smallest, whatever the order.
    let mut a = Graph::new();
    let mut b = Graph::new();
    for (g, order) in [(&mut a, ["u1", "u2"]), (&mut b, ["u2", "u1"])] {
        for u in order {
            let mut d = base.clone();
            d.meta.insert("url".into(), u.into());
            g.add(&d);
        }
    }
    assert_eq!(a.evidence_meta(), b.evidence_meta());
    assert_eq!(a.evidence_meta()[0].1.url.as_deref(), Some("u1"));
}

#[test]
fn a_relation_without_enough_arguments_makes_no_edge() {
    let p = Pipeline::builder().build().unwrap();
    let text = "Egypt brokered a ceasefire between Israel and Hamas on Friday.";
    let mut doc = p.process(&Document::new("a", text));
    let whole = doc.relations.len();
    assert!(whole > 0);
    fn fewer<'a>(doc: &DocResult<'a>, keep: impl Fn(usize) -> usize) -> Relations<'a> {
        doc.relations
            .iter()
            .map(|mut r| {
                r.args.truncate(keep(r.args.len()));
                r
            })
            .collect()
    }
    doc.relations = fewer(&doc, |n| n - 1);
    let mut graph = Graph::new();
    graph.add(&doc);
    assert_eq!(graph.totals().relations, whole);
    assert!(graph
        .edges()
        .all(|e| e.key.kind() != RelationType::MediatesBetween));
    doc.relations = fewer(&doc, |_| 1);
    let mut graph = Graph::new();
    graph.add(&doc);
    assert_eq!(graph.edge_count(), 0);
}

#[test]
fn documents_quoting_the_same_sentence_share_its_text() {
    let p = Pipeline::builder().build().unwrap();
    let text = "Egypt brokered a ceasefire between Israel and Hamas on Friday.";
    let mut graph = Graph::new();
    for id in ["a", "b"] {
        graph.add(&p.process(&Document::new(id, text)));
    }
    let mut evidence = graph.edges().flat_map(|e| &e.evidence);
    let first = evidence.next().expect("a relation");
    let mut documents = BTreeSet::new();
    for e in std::iter::once(first).chain(evidence) {
        assert_eq!(&*e.sentence, text);
        assert!(ArcStr::ptr_eq(&e.sentence, &first.sentence));
        documents.insert(&*e.document);
    }
    assert_eq!(documents, BTreeSet::from(["a", "b"]));
}

#[test]
fn a_merge_shares_the_strings_of_what_it_keeps() {
    let p = Pipeline::builder().build().unwrap();
    let text = "Egypt brokered a ceasefire between Israel and Hamas on Friday.";
    // Two graphs, each with its own copy of every string.
    let parts = ["a", "b"].map(|id| {
        let mut g = Graph::new();
        g.add(&p.process(&Document::new(id, text)));
        g
    });
    let mut merged = Graph::new();
    for part in &parts {
        merged.merge(part);
    }
    let evidence: Vec<&Evidence> = merged.edges().flat_map(|e| &e.evidence).collect();
    assert!(evidence.len() >= 4, "two documents, two edges each");
    // Equal strings are one allocation.
    let shared = |x: &ArcStr, y: &ArcStr| x != y || ArcStr::ptr_eq(x, y);
    for x in &evidence {
        for y in &evidence {
            assert!(shared(&x.sentence, &y.sentence) && shared(&x.rule, &y.rule));
            assert!(shared(&x.document, &y.document));
        }
    }
    let keys: Vec<&EdgeKey> = merged.edges().map(|e| &e.key).collect();
    assert!(
        ArcStr::ptr_eq(&keys[0].args()[0], &keys[1].args()[0]),
        "both edges start at Egypt"
    );
    let node = merged.node_by_id(keys[0].source()).unwrap();
    assert!(ArcStr::ptr_eq(
        &node.mentions[0].text,
        &node.mentions[1].text
    ));
}

/// Evidence stores its spans as 32-bit offsets when they fit; offsets past 4 GiB (a document
/// that large) must still come back exactly, order and serialize like the narrow ones.
#[test]
fn evidence_offsets_past_4_gib_are_kept() {
    use crate::pipeline::Span;

    let span = |start: usize, len: usize| Span {
        start,
        end: start + len,
        byte_start: start + 7,
        byte_end: start + 7 + len,
    };
    let evidence = |sentence: Span, trigger: Span| {
        Evidence::new(
            ArcStr::from("doc"),
            ArcStr::from("A met B."),
            sentence,
            trigger,
            ArcStr::from("talks.met"),
        )
    };
    let far = 5usize << 30;
    let narrow = evidence(span(10, 8), span(12, 3));
    let wide = evidence(span(far, 8), span(far + 2, 3));
    assert_eq!(narrow.sentence_span(), span(10, 8));
    assert_eq!(narrow.trigger_span(), span(12, 3));
    assert_eq!(wide.sentence_span(), span(far, 8));
    assert_eq!(wide.trigger_span(), span(far + 2, 3));
    assert_eq!((narrow.trigger(), wide.trigger()), ("met", "met"));
    assert!(narrow < wide);

    let json = serde_json::to_value(&wide).unwrap();
    assert_eq!(json["sentence_span"]["byte_start"], far + 7);
    assert_eq!(json["trigger_span"]["end"], far + 5);
    let back: Evidence = serde_json::from_value(json).unwrap();
    assert_eq!(back, wide);
    let back: Evidence = serde_json::from_value(serde_json::to_value(&narrow).unwrap()).unwrap();
    assert_eq!(back, narrow);
}
