//! relgraph turns news text into a relationship graph of people, countries, organizations
//! and locations.
//!
//! # Overview
//!
//! The front door is small:
//!
//! - [`Pipeline`] (built with [`Pipeline::builder`] from a [`Gazetteer`] and a [`RuleSet`])
//!   turns a [`Document`] into a [`DocResult`]: its mentions, relations and their evidence
//!   ([`pipeline`] holds the record types);
//! - [`Graph`] aggregates results, canonical and bounded (capped lists with complete counts),
//!   mergeable with [`Graph::merge`]; [`graph`] holds its node, edge and evidence types;
//! - [`export::write`] writes a graph in any [`export::Format`] (DOT, node-link JSON,
//!   Cytoscape.js, GraphML, GEXF, SVG/PNG with Graphviz, the HTML report),
//!   [`filter::GraphFilter`] trims it first, and [`import`] reads JSON graphs back;
//! - [`store::Store`] keeps documents and their results in SQLite, to export windows of time;
//! - [`eval`] scores results against gold annotations;
//! - [`Error`] says what went wrong, and [`Error::kind`] which kind of problem it is.
//!
//! Inside, the pipeline runs one way, one module per stage: text (dates, folding, sentences),
//! the gazetteer, one matcher over every alias, resolution of each match to an entity,
//! coreference, and relation rules over the tokens of a sentence. Those stages are private;
//! `DESIGN.md` describes them.
//!
//! The `relgraph` command is built with the default `cli` feature; `default-features = false`
//! builds the library alone, without the command's dependencies.
//!
//! # Example
//!
//! ```
//! use relgraph::{export, Document, Graph, Pipeline};
//!
//! let pipeline = Pipeline::builder().build()?;
//! let doc = Document::new("story", "Azeri President Ilham Aliyev spoke by phone with Turkish President Recep Tayyip Erdoğan.");
//! let result = pipeline.process(&doc);
//! let kinds: Vec<&str> = result.relations.iter().map(|r| r.kind.as_str()).collect();
//! assert!(kinds.contains(&"holds_office"));
//! assert!(kinds.contains(&"talks_with"));
//!
//! let mut graph = Graph::new();
//! graph.add(&result);
//! // Once every document is in: QIDs, ISO codes, countries, offices as of the documents' dates.
//! graph.annotate(pipeline.gazetteer());
//! assert_eq!(graph.node_by_id("country:tr").unwrap().attrs.as_ref().unwrap().wikidata.as_deref(), Some("Q43"));
//! let mut dot = Vec::new();
//! export::write(&graph, &export::Provenance::of(&pipeline), export::Format::Dot, &mut dot)?;
//! assert!(String::from_utf8(dot)?.contains("\"person:ilham-aliyev\" -> \"country:az\""));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

#![deny(missing_docs)]

#[cfg(feature = "cli")]
#[doc(hidden)]
pub mod cli;
#[cfg(feature = "cli")]
mod commands;
// `coref/` is being reworked elsewhere; its dead code (`Coref::government_of`, unused since
// before the module became private) is left to that work.
#[allow(dead_code)]
mod coref;
mod discover;
mod error;
pub mod eval;
#[cfg(feature = "cli")]
mod explain;
pub mod export;
pub mod filter;
pub mod gazetteer;
pub mod graph;
pub mod import;
// Files, folders, stdin and JSON Lines: what the command reads (and the fuzz targets).
#[cfg_attr(not(feature = "cli"), allow(dead_code))]
mod input;
mod matcher;
mod parallel;
pub mod pipeline;
// Being rebuilt by the relations-v2 work, which will narrow it; the front door is `RuleSet`
// and `RelationType`, below.
#[doc(hidden)]
pub mod relate;
mod resolve;
#[cfg(feature = "cli")]
mod signals;
pub mod store;
mod text;
mod work;

pub use error::{Error, ErrorKind, Result};
pub use gazetteer::{EntityType, Gazetteer};
pub use graph::Graph;
pub use pipeline::{DocResult, Pipeline};
pub use relate::{RelationType, RuleSet};
pub use text::{Date, Document};

/// Internals for relgraph's own benchmarks, examples and fuzz targets. Not part of the API:
/// anything here may change or go away in any release.
#[doc(hidden)]
pub mod __private {
    pub use crate::export::json::write_repeating;
    pub use crate::input::{from_reader, InputFormat, ReadOptions};
    pub use crate::matcher::{AliasForm, Matcher, Target};
    pub use crate::parallel::process_in_order;
    pub use crate::pipeline::Analysis;
    pub use crate::text::fold::Folded;
    pub use crate::text::segment::Segmenter;
    /// The weekday names the tokenizer treats as calendar words, never names, for corpus
    /// generators that write dates the way news does ("met in Ankara on Monday").
    pub use crate::text::WEEKDAYS;
}
