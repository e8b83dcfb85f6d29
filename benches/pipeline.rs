//! `cargo bench`: matcher, segmenter, relation rules, end-to-end throughput (document by
//! document, and a run of documents stage by stage), the graph's aggregation and its JSON, on
//! real text (the seed article and every rule example), with the results checked inside each
//! benchmark so a fast wrong answer cannot pass. Whole-process numbers: scripts/bench.sh.

use std::sync::OnceLock;

use divan::counter::BytesCount;
use divan::{black_box, Bencher};
use relgraph::__private::{write_repeating, Segmenter};
use relgraph::export::Provenance;
use relgraph::relate::Relator;
use relgraph::Graph;
use relgraph::{DocResult, Document, Pipeline, RelationType, RuleSet};

// The same allocator as the relgraph binary, so the numbers are what the CLI runs.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    divan::main();
}

fn pipeline() -> &'static Pipeline {
    static P: OnceLock<Pipeline> = OnceLock::new();
    P.get_or_init(|| Pipeline::builder().build().expect("defaults"))
}

/// About 100 kB of news text: the seed article and the rule examples.
fn text() -> &'static str {
    static T: OnceLock<String> = OnceLock::new();
    T.get_or_init(|| {
        let seed = include_str!("../tests/fixtures/seed.txt");
        let examples: Vec<String> = pipeline()
            .rules()
            .rules()
            .iter()
            .flat_map(|r| r.examples.iter().map(|e| e.text.clone()))
            .collect();
        let one = format!("{seed}\n\n{}\n\n", examples.join(" "));
        one.repeat((100_000 / one.len()).max(1))
    })
}

#[divan::bench]
fn build_pipeline() -> Pipeline {
    Pipeline::builder().build().expect("defaults")
}

/// The default rules and trigger lexicon parsed and compiled (the rule part of start-up).
#[divan::bench]
fn compile_rules() -> RuleSet {
    RuleSet::defaults().expect("default rules")
}

#[divan::bench]
fn matcher_find(b: Bencher) {
    let (m, t) = (pipeline().matcher(), text());
    let n = m.find(t).len();
    assert!(n > 1000, "only {n} matches");
    b.counter(BytesCount::of_str(t))
        .bench(|| assert_eq!(m.find(black_box(t)).len(), n));
}

#[divan::bench]
fn raw_index_scan(b: Bencher) {
    let m = pipeline().matcher();
    let t = text().to_ascii_lowercase();
    let t = t.as_str();
    // Every alias occurrence from a word start (the index is walked from each).
    let scan = |h: &str| {
        let b = h.as_bytes();
        let starts_word = |i: usize| i == 0 || !b[i - 1].is_ascii_alphanumeric();
        let mut n = 0;
        m.scan(h, starts_word, |_, _| n += 1);
        n
    };
    let n = scan(t);
    assert!(n > 1000);
    b.counter(BytesCount::of_str(t))
        .bench(|| assert_eq!(scan(black_box(t)), n));
}

#[divan::bench]
fn segmenter(b: Bencher) {
    let seg = Segmenter::from_list(include_str!("../gazetteers/abbreviations.txt"));
    let t = text();
    let n = seg.split(t).len();
    assert!(n > 500, "only {n} sentences");
    b.counter(BytesCount::of_str(t))
        .bench(|| assert_eq!(seg.split(black_box(t)).len(), n));
}

#[divan::bench]
fn relation_rules(b: Bencher) {
    // Relations only: sentences, matches and resolution are computed once, outside the loop.
    let p = pipeline();
    let t = text();
    // The pipeline reads counted groups ("the two countries") in an expanded copy of the
    // text, so the relator alone on the source finds a few fewer: the count is its own.
    let relgraph::__private::Analysis {
        sentences,
        resolved,
        ..
    } = p.analyze(t, None);
    let relator = Relator::new(RuleSet::defaults().expect("default rules"));
    let n = relator
        .extract(p.gazetteer(), t, &sentences, &resolved)
        .len();
    assert!(n > 100, "only {n} relations");
    b.counter(BytesCount::of_str(t)).bench(|| {
        let r = relator.extract(p.gazetteer(), black_box(t), &sentences, &resolved);
        assert_eq!(r.len(), n);
    });
}

/// The text cut into documents of about `doc_bytes` at sentence ends.
fn documents(doc_bytes: usize) -> Vec<Document> {
    let t = text();
    let mut docs = Vec::new();
    let mut start = 0;
    while start < t.len() {
        let mut end = (start + doc_bytes).min(t.len());
        while end < t.len() && !(t.is_char_boundary(end) && t[..end].ends_with(". ")) {
            end += 1;
        }
        docs.push(Document::new(format!("d{}", docs.len()), &t[start..end]));
        start = end;
    }
    docs
}

/// The text in documents of about `doc_bytes`, through `process` into a graph, which must
/// come out with edges.
fn into_graph(
    b: Bencher,
    doc_bytes: usize,
    process: impl Fn(&[Document]) -> Vec<DocResult> + Sync,
) {
    let docs = documents(doc_bytes);
    b.counter(BytesCount::of_str(text())).bench(|| {
        let mut g = Graph::new();
        for r in process(black_box(&docs)) {
            g.add(&r);
        }
        assert!(g.edge_count() > 50);
        g
    });
}

#[divan::bench(args = [1_000, 10_000])]
fn end_to_end_per_document(b: Bencher, doc_bytes: usize) {
    // One document at a time.
    into_graph(b, doc_bytes, |docs| {
        docs.iter().map(|d| pipeline().process(d)).collect()
    });
}

#[divan::bench(args = [1_000, 10_000])]
fn end_to_end_in_one_run(b: Bencher, doc_bytes: usize) {
    // All at once through `Pipeline::process_batch`: each stage over all of them, as the CLI
    // runs its runs of about 256 KiB.
    into_graph(b, doc_bytes, |docs| pipeline().process_batch(docs));
}

/// The text's results, computed once, ten times over under new document ids, as a republished
/// story is (its edges fill up with evidence, then only count it).
fn republished() -> &'static [DocResult<'static>] {
    static RESULTS: OnceLock<Vec<DocResult<'static>>> = OnceLock::new();
    RESULTS.get_or_init(|| {
        let docs = documents(1_000);
        (0..10)
            .flat_map(|k| {
                docs.iter().map(move |d| {
                    let mut r = pipeline().process(d);
                    r.document = format!("r{k}-{}", r.document);
                    r
                })
            })
            .collect()
    })
}

#[divan::bench]
fn graph_aggregation(b: Bencher) {
    // Only `Graph::add`, over the republished results.
    let results = republished();
    // Each relation is a piece of evidence of one edge, a mediation of one edge per party.
    let evidence: usize = results
        .iter()
        .flat_map(|r| r.relations.iter())
        .map(|r| match r.kind {
            RelationType::MediatesBetween => r.args.len() - 1,
            _ => 1,
        })
        .sum();
    b.counter(BytesCount::new(10 * text().len())).bench(|| {
        let mut g = Graph::new();
        for r in black_box(results) {
            g.add(r);
        }
        assert!(g.edge_count() > 50);
        assert_eq!(g.edges().map(|e| e.evidence_total).sum::<usize>(), evidence);
        g
    });
}

#[divan::bench]
fn json_export(b: Bencher) {
    // The node-link JSON of the republished results' graph (every edge with its evidence,
    // written twice), into memory: counted in bytes written.
    let mut g = Graph::new();
    for r in republished() {
        g.add(r);
    }
    let provenance = Provenance::of(pipeline());
    let mut first = Vec::new();
    write_repeating(&g, &provenance, &mut first).unwrap();
    let expected = first.len();
    b.counter(BytesCount::new(expected)).bench(|| {
        let mut out = Vec::with_capacity(expected);
        write_repeating(black_box(&g), &provenance, &mut out).unwrap();
        assert_eq!(out.len(), expected);
        out
    });
}
