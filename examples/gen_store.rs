//! Generates a synthetic store for the store benchmark (`scripts/bench_store.sh`): documents
//! spread over the twelve months of 2020, ten relations (`talks_with` among 300 countries)
//! and four mentions each, written through the library's own store writer, one transaction.
//!
//! ```sh
//! cargo run --release --example gen_store -- --evidence 1000000 --out /tmp/store.db
//! ```

use std::borrow::Cow;

use relgraph::export::Provenance;
use relgraph::pipeline::{DocResult, EntityInfo, Form, MentionOut, RelationOut, Span};
use relgraph::store::Store;
use relgraph::{EntityType, RelationType};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut evidence = 1_000_000usize;
    let mut out = std::path::PathBuf::from("/tmp/relgraph-store.db");
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--evidence" => evidence = args.next().ok_or("--evidence N")?.parse()?,
            "--out" => out = args.next().ok_or("--out PATH")?.into(),
            _ => return Err(format!("unknown argument {a}").into()),
        }
    }
    let _ = std::fs::remove_file(&out);
    let per_doc = 10;
    let docs = evidence.div_ceil(per_doc);
    let entity = |k: usize| EntityInfo {
        id: Cow::Owned(format!("country:x{k:03}")),
        name: Cow::Owned(format!("Xland {k}")),
        kind: EntityType::Country,
        discovered: false,
        country: None,
    };
    let started = std::time::Instant::now();
    let mut store = Store::open(&out)?;
    let mut w = store.begin()?;
    w.set_provenance(&Provenance {
        generated_by: format!("relgraph {}", env!("CARGO_PKG_VERSION")),
        ..Provenance::default()
    })?;
    // A small linear congruential generator: the same store every time.
    let mut seed = 0x2545_f491_4f6c_dd1du64;
    let mut next = |n: usize| {
        seed = seed
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        ((seed >> 33) as usize) % n
    };
    for d in 0..docs {
        let month = 1 + d % 12;
        let day = 1 + (d / 12) % 28;
        let mut text_len = 0;
        let mut relations = relgraph::pipeline::Relations::new();
        let mut mentions = Vec::with_capacity(4);
        for r in 0..per_doc {
            let (a, b) = (next(300), next(300));
            if a == b {
                continue;
            }
            let (a, b) = (a.min(b), a.max(b));
            let sentence = format!("Xland {a} met Xland {b} on day {r}.");
            let start = text_len;
            text_len += sentence.len() + 1;
            let span = |s: usize, e: usize| Span {
                start: s,
                end: e,
                byte_start: s,
                byte_end: e,
            };
            let verb = sentence.find(" met ").unwrap() + 1;
            if mentions.len() < 4 {
                mentions.push(MentionOut {
                    span: span(start, start + format!("Xland {a}").len()),
                    text: format!("Xland {a}"),
                    entity: Some(entity(a)),
                    form: Form::Name,
                    resolution: "unique",
                    candidates: Vec::new(),
                    antecedent: None,
                });
            }
            relations.push(RelationOut {
                kind: RelationType::TalksWith,
                args: vec![entity(a), entity(b)],
                role: None,
                rule: Cow::Borrowed("talks.synthetic"),
                sentence_span: span(start, start + sentence.len()),
                sentence: sentence.into(),
                trigger: "met".into(),
                trigger_span: span(start + verb, start + verb + 3),
                former: false,
                cameo: Some(Cow::Borrowed("040")),
                plover: Some(Cow::Borrowed("CONSULT")),
            });
        }
        w.put(&DocResult {
            document: format!("doc-{d:07}"),
            date: Some(format!("2020-{month:02}-{day:02}")),
            chars: text_len,
            bytes: text_len,
            sentences: per_doc,
            mentions: mentions.into_iter().collect(),
            relations,
            meta: Default::default(),
            sha256: Some(relgraph::graph::ContentHash::of(&d.to_string())),
        })?;
    }
    w.commit()?;
    eprintln!(
        "{}: {docs} documents, {} relations in {:.1} s",
        out.display(),
        docs * per_doc,
        started.elapsed().as_secs_f64()
    );
    Ok(())
}
