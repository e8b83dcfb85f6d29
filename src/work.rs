//! A count of the pipeline's units of work on the current thread: the items its loops over a
//! document visit (hits and their candidates, mentions per sentence, tokens, antecedents
//! looked through, relations looked through, records made). Always on and cheap (one add to a
//! thread-local per loop, not per item where a loop knows its length); read by the test that
//! a document of twice the size costs twice the work (`pipeline::tests`), which counted work
//! makes independent of the machine and its load.
//!
//! What it can see is what is counted: a new loop over a document's mentions or relations
//! should add what it visits.

use std::cell::Cell;

thread_local! {
    static UNITS: Cell<u64> = const { Cell::new(0) };
}

/// Counts `n` units of work.
#[inline]
pub(crate) fn add(n: usize) {
    UNITS.with(|c| c.set(c.get().wrapping_add(n as u64)));
}

/// The units counted on this thread so far.
#[cfg(test)]
pub(crate) fn units() -> u64 {
    UNITS.with(Cell::get)
}
