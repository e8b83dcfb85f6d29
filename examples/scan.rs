//! In-process throughput of each stage on a JSON Lines corpus, single thread, without I/O or
//! JSON parsing: the raw index scan (the matcher's own index, every occurrence from every word
//! start, word-boundary checked) as the ceiling, then `Matcher::find`, then the whole
//! pipeline, one document at a time and as the CLI runs it (`parallel::process_in_order`,
//! batches cut into runs, on a pool of one thread).
//!
//! ```sh
//! cargo run --release --example scan -- /tmp/corpus-10.jsonl [--gazetteer extra.tsv]
//! RELGRAPH_SCAN_ONLY=e2e cargo run --release --example scan -- …   # only the pipeline (batches
//!                                                                 # in runs, as the CLI), for perf
//! RELGRAPH_SCAN_ONLY=find cargo run --release --example scan -- …  # only `Matcher::find`
//! RELGRAPH_SCAN_REPEAT=5 cargo run --release --example scan -- …   # best of five runs each
//! ```

use std::time::Instant;

use relgraph::__private::Folded;
use relgraph::{Document, Gazetteer, Pipeline};

fn word(b: Option<&u8>) -> bool {
    b.is_some_and(|b| b.is_ascii_alphanumeric() || *b >= 0x80)
}

fn main() {
    let mut args = std::env::args().skip(1);
    let corpus = args
        .next()
        .expect("usage: scan CORPUS.jsonl [--gazetteer PATH]...");
    let mut gb = Gazetteer::builder();
    while let Some(a) = args.next() {
        assert_eq!(a, "--gazetteer", "unknown argument {a}");
        gb.add_path(args.next().expect("--gazetteer PATH"));
    }
    let t = Instant::now();
    let gazetteer = gb.build().expect("gazetteers load");
    let pipeline = Pipeline::builder()
        .gazetteer(gazetteer)
        .build()
        .expect("builds");
    let build = t.elapsed().as_secs_f64();
    let docs: Vec<Document> = std::fs::read_to_string(&corpus)
        .expect("corpus readable")
        .lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).expect("JSON line");
            Document::new(
                v["id"].as_str().unwrap_or(""),
                v["text"].as_str().unwrap_or(""),
            )
        })
        .collect();
    let bytes: usize = docs.iter().map(|d| d.text.len()).sum();
    let mb = bytes as f64 / 1e6;
    println!(
        "corpus {corpus}: {} documents, {mb:.1} MB of text; {} patterns; pipeline built in {build:.2} s",
        docs.len(),
        pipeline.matcher().pattern_count()
    );
    let matcher = pipeline.matcher();
    // Every alias occurrence from a word start to a word end.
    let scan = |h: &str| -> usize {
        let b = h.as_bytes();
        let mut n = 0;
        let starts_word = |i: usize| !word(i.checked_sub(1).and_then(|i| b.get(i)));
        matcher.scan(h, starts_word, |r, _| n += usize::from(!word(b.get(r.end))));
        n
    };
    // One stage only (for `perf`): `e2e` or `find`.
    let only = std::env::var("RELGRAPH_SCAN_ONLY").ok();
    let repeat: usize = std::env::var("RELGRAPH_SCAN_REPEAT")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1)
        .max(1);
    // As the CLI runs the pipeline: in batches cut into runs, on a pool (of one thread here).
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build()
        .expect("a pool of one thread");
    // `f` is given each document in turn, or with `whole`, the whole corpus at once.
    let time = |name: &str, whole: bool, f: &dyn Fn(&[Document]) -> usize| {
        let wanted = match only.as_deref() {
            Some("e2e") => name.starts_with("parallel"),
            Some("find") => name.starts_with("Matcher::find"),
            _ => true,
        };
        if !wanted {
            return 1.0;
        }
        // The best of `repeat` runs: on a shared machine the others only add noise.
        let mut best = f64::INFINITY;
        let mut worst: f64 = 0.0;
        let mut n = 0;
        for _ in 0..repeat {
            let t = Instant::now();
            n = match whole {
                true => f(&docs),
                false => docs.iter().map(|d| f(std::slice::from_ref(d))).sum(),
            };
            let s = t.elapsed().as_secs_f64();
            best = best.min(s);
            worst = worst.max(s);
        }
        if repeat > 1 {
            println!(
                "{name:<40} {:>8.1} MB/s  ({n} items, best of {repeat}: {best:.2} s; worst {:.1} MB/s)",
                mb / best,
                mb / worst
            );
        } else {
            println!(
                "{name:<40} {:>8.1} MB/s  ({n} items, {best:.2} s)",
                mb / best
            );
        }
        mb / best
    };
    // The text as the index expects it (ASCII lowercase; folding is measured below).
    let raw = time("raw index scan (word-bounded)", false, &|d| {
        scan(&d[0].text.to_ascii_lowercase())
    });
    time("fold + raw index scan", false, &|d| {
        let mut f = Folded::new(&d[0].text);
        f.make_ascii_lowercase();
        scan(f.as_str())
    });
    time("Matcher::find", false, &|d| {
        pipeline.matcher().find(&d[0].text).len()
    });
    time("Pipeline::process (one by one)", false, &|d| {
        let r = pipeline.process(&d[0]);
        r.mentions.len() + r.relations.len()
    });
    let e2e = time("parallel, 1 thread (end to end)", true, &|all| {
        let mut n = 0;
        let docs = all.iter().cloned();
        relgraph::__private::process_in_order(&pipeline, &pool, docs, Default::default(), |r| {
            n += r.mentions.len() + r.relations.len();
            Ok::<(), ()>(())
        })
        .expect("the sink never fails");
        n
    });
    println!("end to end / raw scan: {:.0} %", 100.0 * e2e / raw);
}

// The same allocator as the relgraph binary, so the stages measure what the CLI runs.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
