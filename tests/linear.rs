//! One large document costs memory and work in proportion to its size.
//!
//! A test binary of its own, so that its counting allocator sees this test alone: the peak of
//! live heap bytes and the number of allocations while one document is processed and added to
//! a graph, at a size and at twice that size (the seed article repeated, with no document
//! boundary). Counted, not timed: the numbers do not depend on the machine or its load.
//!
//! Why both: a structure held for the whole document (the matcher's folded copy, every
//! candidate, the records) shows in the peak, and its bytes per byte of text are bounded below;
//! work repeated per item over the whole document shows in the growth between the two sizes.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};

use relgraph::{Document, Graph, Pipeline};

/// The system allocator, counting live bytes, their peak and calls.
struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);
static CALLS: AtomicUsize = AtomicUsize::new(0);

// SAFETY: every call is passed to `System` unchanged; the counters only observe.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let live = LIVE.fetch_add(layout.size(), Relaxed) + layout.size();
        PEAK.fetch_max(live, Relaxed);
        CALLS.fetch_add(1, Relaxed);
        // SAFETY: the caller's layout, as `GlobalAlloc::alloc` requires.
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE.fetch_sub(layout.size(), Relaxed);
        // SAFETY: `ptr` was allocated by `System` with `layout`.
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // Counted as a new block next to the old one, as a moving realloc needs for a moment.
        let live = LIVE.fetch_add(new_size, Relaxed) + new_size;
        PEAK.fetch_max(live, Relaxed);
        LIVE.fetch_sub(layout.size(), Relaxed);
        CALLS.fetch_add(1, Relaxed);
        // SAFETY: as `GlobalAlloc::realloc` requires, passed on.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// What one document of `text` costs: heap bytes at the peak above what was live before,
/// heap bytes its result holds, and allocations.
fn cost(pipeline: &Pipeline, text: String) -> (usize, usize, usize) {
    let doc = Document::new("big", text);
    let before = LIVE.load(Relaxed);
    PEAK.store(before, Relaxed);
    let calls = CALLS.load(Relaxed);
    let mut graph = Graph::new();
    let result = pipeline.process(&doc);
    let held = LIVE.load(Relaxed) - before;
    graph.add(&result);
    drop(result);
    drop(graph);
    (
        PEAK.load(Relaxed) - before,
        held,
        CALLS.load(Relaxed) - calls,
    )
}

#[test]
fn a_large_document_costs_in_proportion_to_its_size() {
    let pipeline = Pipeline::builder().build().unwrap();
    let seed = include_str!("fixtures/seed.txt");
    // About 4 and 8 MB: several of the matcher's 1 MiB pieces, whose buffers are the same at
    // both sizes, and large enough that the records, not the pieces, make the peak.
    let n = 800;
    let (small, large) = (seed.repeat(n), seed.repeat(2 * n));
    let (small_bytes, bytes) = (small.len(), large.len());
    // A first run, longer than a piece, grows what the pipeline keeps per thread (the
    // matcher's buffers for a full piece) to its size at both sizes.
    cost(&pipeline, seed.repeat(250));
    let (peak1, held1, calls1) = cost(&pipeline, small);
    let (peak2, held2, calls2) = cost(&pipeline, large);
    // What each further byte of text costs at the peak and in the result (the text itself is
    // the caller's).
    let per_byte = (peak2 - peak1) as f64 / (bytes - small_bytes) as f64;
    let held_per_byte = (held2 - held1) as f64 / (bytes - small_bytes) as f64;
    eprintln!(
        "peak heap {peak1} -> {peak2} bytes ({per_byte:.1} per further byte), \
         result {held1} -> {held2} bytes ({held_per_byte:.1} per further byte), \
         allocations {calls1} -> {calls2}"
    );
    // Twice the text: at most a little over twice the peak and the allocations (a buffer
    // doubling at the wrong moment, a few tables that grow by steps); a quadratic term makes
    // it four times.
    assert!(
        peak2 as f64 <= 2.3 * peak1 as f64,
        "peak heap {peak1} -> {peak2} bytes for twice the text"
    );
    assert!(
        calls2 as f64 <= 2.2 * calls1 as f64,
        "allocations {calls1} -> {calls2} for twice the text"
    );
    // 2.2 bytes per byte at the peak (28 -> 37 MB) and 2.0 in the result (7.5 -> 15 MB):
    // relations stored compactly (`pipeline::Relations`, 60 bytes each and their sentences'
    // text, where a `RelationOut` of 232 bytes and its arguments made 3.6 in the result).
    // Before that, the resolved mentions 56 bytes each (88 before: 3.2 at the peak),
    // relations of one sentence sharing its copied text, and the relation stage's list freed
    // as the records were made (3.8 in the result before). Earlier, mentions stored
    // compactly (28 bytes each, where a record of 168 and a string made the result 5 bytes a
    // byte larger), the resolver's mention list sized once and merged into in place; before
    // those, 8.7 at the peak (38 -> 72 MB); before the matcher worked in pieces, 1.5 times
    // that.
    assert!(
        per_byte <= 3.0,
        "{per_byte:.1} heap bytes per further byte of text at the peak"
    );
    assert!(
        held_per_byte <= 2.6,
        "{held_per_byte:.1} heap bytes per further byte of text in the result"
    );
}
