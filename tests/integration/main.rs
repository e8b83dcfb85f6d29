//! Integration tests: the `relgraph` binary as a user runs it, and the library on real text.
//!
//! - `seed`: the acceptance criteria of `tests/fixtures/seed.expected.json`, through the CLI;
//! - `cli`: flags, inputs, errors, exit codes, atomic writes, determinism;
//! - `relations`: relation phrasings beyond the seed, and negatives;
//! - `resolution`: entity matching and resolution on real-world phrasing;
//! - `exports`: DOT and JSON basics, filters, errors, and the committed example outputs;
//! - `consumers`: every format loaded by its real consumer (networkx, Cytoscape.js, Graphviz,
//!   Python csv), with special characters;
//! - `browser`: the HTML report in headless Chromium.

mod browser;
mod cli;
mod consumers;
mod exports;
mod hardening;
mod injection;
mod properties;
mod relations;
mod resolution;
mod seed;
mod util;
