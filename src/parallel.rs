//! Documents through the pipeline on all cores, in bounded batches, results handed on in
//! input order.
//!
//! [`process_in_order`] reads a batch of documents (at most [`Batching::max_documents`]
//! documents or [`Batching::max_bytes`] of text), processes it in parallel on a rayon pool
//! (in runs of consecutive documents, each through [`Pipeline::process_batch`]), and hands
//! each [`DocResult`] to a sink in input order, so anything the sink writes is byte-for-byte
//! the same whatever the number of threads. While one batch is processed, the
//! previous batch's results go to the sink and the next batch is read, so reading and
//! aggregation overlap with extraction. At most three batches are in memory at once.

use std::ops::Range;

use rayon::prelude::*;

use crate::pipeline::{DocResult, Pipeline};
use crate::text::Document;

/// Batch sizes for [`process_in_order`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Batching {
    /// Most documents per batch.
    pub max_documents: usize,
    /// Most text bytes per batch (a single larger document is a batch of its own).
    pub max_bytes: usize,
}

impl Default for Batching {
    fn default() -> Batching {
        Batching {
            max_documents: 512,
            max_bytes: 1 << 20,
        }
    }
}

fn next_batch(docs: &mut impl Iterator<Item = Document>, b: Batching) -> Vec<Document> {
    let mut batch = Vec::new();
    let mut bytes = 0;
    while batch.len() < b.max_documents.max(1) && bytes < b.max_bytes.max(1) {
        match docs.next() {
            Some(d) => {
                bytes += d.text.len();
                batch.push(d);
            }
            None => break,
        }
    }
    batch
}

/// Runs `pipeline` over `docs` on `pool` and calls `sink` with each result in input order.
/// Stops at the first error the sink returns.
pub fn process_in_order<'p, I, S, E>(
    pipeline: &'p Pipeline,
    pool: &rayon::ThreadPool,
    docs: I,
    batching: Batching,
    mut sink: S,
) -> Result<(), E>
where
    I: Iterator<Item = Document> + Send,
    S: FnMut(DocResult<'p>) -> Result<(), E> + Send,
    E: Send,
{
    let mut docs = docs;
    pool.install(|| {
        let mut current = next_batch(&mut docs, batching);
        let mut done: Vec<Vec<DocResult>> = Vec::new();
        while !current.is_empty() {
            // The sink first: where no other thread takes the extraction (one thread), the
            // previous batch's results are freed before this batch's are made (7 MiB less at
            // the peak on one thread).
            let ((sunk, next), results) = rayon::join(
                || {
                    let sunk = done.drain(..).flatten().try_for_each(&mut sink);
                    (sunk, next_batch(&mut docs, batching))
                },
                || {
                    chunks(&current, rayon::current_num_threads())
                        .into_par_iter()
                        // Each run its own task: rayon would otherwise split the list by
                        // count, one thread taking the large runs and another the small.
                        .with_max_len(1)
                        .map(|c| pipeline.process_batch(&current[c]))
                        .collect::<Vec<_>>()
                },
            );
            sunk?;
            done = results;
            current = next;
        }
        done.into_iter().flatten().try_for_each(&mut sink)
    })
}

/// Most text in one call of [`Pipeline::process_batch`]: enough for each stage to keep its
/// tables in the CPU caches over many documents (measured best at 200–400 KB).
const CHUNK_BYTES: usize = 256 << 10;
/// Least text in one call, but for the last of a batch.
const MIN_CHUNK_BYTES: usize = 32 << 10;

/// `batch` cut into runs of consecutive documents for [`Pipeline::process_batch`], largest
/// first: each takes half a thread's share of the text still uncut, between
/// [`MIN_CHUNK_BYTES`] and [`CHUNK_BYTES`]. Large runs keep the stages' tables warm; the
/// small ones at the end let the threads finish a batch together (the next batch waits for
/// all of them), whatever else one of them was doing (the sink, reading the next batch).
fn chunks(batch: &[Document], threads: usize) -> Vec<Range<usize>> {
    let mut uncut: usize = batch.iter().map(|d| d.text.len()).sum();
    let target = |uncut: usize| (uncut / (2 * threads.max(1))).clamp(MIN_CHUNK_BYTES, CHUNK_BYTES);
    let mut out = Vec::new();
    let (mut start, mut bytes) = (0, 0);
    for (i, doc) in batch.iter().enumerate() {
        bytes += doc.text.len();
        if bytes >= target(uncut) {
            out.push(start..i + 1);
            uncut -= bytes;
            (start, bytes) = (i + 1, 0);
        }
    }
    if start < batch.len() {
        out.push(start..batch.len());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_come_in_input_order_for_any_thread_count_and_batch_size() {
        let pipeline = Pipeline::builder().build().unwrap();
        let texts = [
            "Azerbaijan seeks to mediate between Turkey and Israel.",
            "Nothing here.",
            "Turkish President Recep Tayyip Erdoğan met Ilham Aliyev.",
        ];
        let docs =
            || (0..50).map(move |i| Document::new(format!("d{i:03}"), texts[i % texts.len()]));
        let run = |threads: usize, max_documents: usize| {
            let pool = rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()
                .unwrap();
            let mut out = Vec::new();
            let b = Batching {
                max_documents,
                max_bytes: 1 << 20,
            };
            process_in_order(&pipeline, &pool, docs(), b, |r| {
                out.push(r);
                Ok::<(), ()>(())
            })
            .unwrap();
            out
        };
        let serial: Vec<DocResult> = docs().map(|d| pipeline.process(&d)).collect();
        for (threads, batch) in [(1, 1), (2, 1), (2, 7), (3, 64)] {
            assert_eq!(
                run(threads, batch),
                serial,
                "{threads} threads, batch {batch}"
            );
        }
    }

    #[test]
    fn chunks_cover_the_batch_in_order_largest_first() {
        let docs = |sizes: &[usize]| -> Vec<Document> {
            sizes
                .iter()
                .map(|&n| Document::new("d", "x".repeat(n)))
                .collect()
        };
        let check = |sizes: &[usize], threads: usize| -> Vec<usize> {
            let batch = docs(sizes);
            let c = chunks(&batch, threads);
            assert!(c.iter().all(|c| !c.is_empty()), "{c:?}");
            assert!(c.windows(2).all(|w| w[0].end == w[1].start), "{c:?}");
            assert_eq!(c.first().map_or(0, |c| c.start), 0);
            assert_eq!(c.last().map_or(0, |c| c.end), sizes.len());
            c.iter().map(|c| sizes[c.clone()].iter().sum()).collect()
        };
        // 1 MiB of 1 KiB documents on 2 threads: a quarter first, then smaller and smaller,
        // never under the minimum but for the rest at the end.
        let bytes = check(&[1024; 1024], 2);
        assert_eq!(bytes[0], 256 << 10);
        assert!(bytes.windows(2).all(|w| w[0] >= w[1]), "{bytes:?}");
        assert!(bytes[..bytes.len() - 1]
            .iter()
            .all(|&b| b >= MIN_CHUNK_BYTES));
        assert!(bytes.len() >= 8, "{bytes:?}");
        // On more threads the runs are smaller, so that every thread has some.
        let bytes = check(&[1024; 1024], 8);
        assert_eq!(bytes[0], 64 << 10);
        assert!(bytes.len() >= 16, "{bytes:?}");
        // One huge document is a run of its own; empty input; empty documents.
        assert_eq!(check(&[10, 5 << 20, 10], 2), vec![5 << 20 | 10, 10]);
        assert!(check(&[], 4).is_empty());
        assert_eq!(check(&[0, 0, 0], 2), vec![0]);
    }

    #[test]
    fn a_sink_error_stops_the_run() {
        let pipeline = Pipeline::builder().build().unwrap();
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(2)
            .build()
            .unwrap();
        let docs = (0..100).map(|i| Document::new(format!("{i}"), "Israel."));
        let mut seen = 0;
        let b = Batching {
            max_documents: 10,
            max_bytes: 1 << 20,
        };
        let r = process_in_order(&pipeline, &pool, docs, b, |_| {
            seen += 1;
            if seen == 15 {
                Err("stop")
            } else {
                Ok(())
            }
        });
        assert_eq!(r, Err("stop"));
        assert_eq!(seen, 15);
    }
}

/// The module is private, so its examples are unit tests rather than doc tests.
#[cfg(test)]
mod examples {
    #[test]
    fn process_in_order_keeps_input_order() -> Result<(), Box<dyn std::error::Error>> {
        use crate::{parallel, Document, Graph, Pipeline};
        let pipeline = Pipeline::builder().build()?;
        let pool = rayon::ThreadPoolBuilder::new().num_threads(2).build()?;
        let docs = (0..10).map(|i| Document::new(format!("d{i}"), "Turkey and Israel held talks."));
        let mut graph = Graph::new();
        let mut ids = Vec::new();
        parallel::process_in_order(&pipeline, &pool, docs, Default::default(), |r| {
            ids.push(r.document.clone());
            graph.add(&r);
            Ok::<(), std::convert::Infallible>(())
        })?;
        assert_eq!(ids, (0..10).map(|i| format!("d{i}")).collect::<Vec<_>>());
        assert_eq!(graph.edges().next().unwrap().evidence_total, 10);
        Ok(())
    }
}
