//! Integration tests: the `relgraph` binary as a user runs it, and the library on real text.
//!
//! - `seed`: the acceptance criteria of `tests/fixtures/seed.expected.json`, through the CLI;
//! - `cli`: flags, inputs, errors, exit codes, atomic writes, determinism;
//! - `relations`: relation phrasings beyond the seed, and negatives;
//! - `resolution`: entity matching and resolution on real-world phrasing;
//! - `exports`: DOT and JSON checked with real consumers, and the committed example outputs.

mod cli;
mod exports;
mod hardening;
mod properties;
mod relations;
mod resolution;
mod seed;
mod util;
