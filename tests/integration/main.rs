//! Integration tests: the `relgraph` binary as a user runs it, and the library on real text.
//!
//! - `seed`: the acceptance criteria of `tests/fixtures/seed.expected.json`, through the CLI;
//! - `cli`: flags, inputs, errors, exit codes, atomic writes, determinism;
//! - `relations`: relation phrasings beyond the seed, and negatives;
//! - `resolution`: entity matching and resolution on real-world phrasing;
//! - `exports`: DOT and JSON basics, filters, errors, and the committed example outputs;
//! - `attributes`: the gazetteer's identifiers and offices on the nodes of every format;
//! - `consumers`: every format loaded by its real consumer (networkx, Cytoscape.js, Graphviz,
//!   Python csv), with special characters;
//! - `browser`: the HTML report in headless Chromium;
//! - `hardening`, `injection`, `properties`: hostile input, escaping, generated text;
//! - `merge`: graph merge is associative, commutative and equal to one run (property tests),
//!   and `relgraph merge` through the CLI;
//! - `scale`: thread-count independence, streaming JSON Lines, stdout output, bounded growth;
//! - `library`: the library alone, without the command's dependencies;
//! - `scale_out`: the Spark and GNU parallel recipes, byte for byte against one process;

mod as_of;
mod attributes;
mod bad_input;
mod browser;
mod cli;
mod consumers;
mod dates;
mod exports;
mod gazetteers;
mod hardening;
mod injection;
mod input_formats;
mod library;
mod merge;
mod metadata;
mod pictures;
mod properties;
mod quality;
mod relations;
mod resolution;
mod scale;
mod scale_out;
mod seed;
mod store;
mod util;
