//! relgraph turns news text into a relationship graph of people, countries, organizations
//! and locations.
//!
//! # Overview
//!
//! The pipeline runs one way, one module per stage:
//!
//! - [`text`]: [`Document`], dates, folding ([`text::fold`]) and sentence splitting
//!   ([`text::segment`]);
//! - [`gazetteer`]: the entity lists ([`Gazetteer`]), embedded by default;
//! - [`matcher`]: one index over every alias, a double-array trie or a transducer
//!   ([`Matcher`]);
//! - [`resolve`]: each match to one entity, or recorded as unresolved;
//! - [`coref`]: pronouns, descriptions, counted groups and capitals acting for their
//!   governments, resolved to the entities they refer to;
//! - [`relate`]: relation rules over the tokens of a sentence ([`RuleSet`]);
//! - [`pipeline`]: the stages together, per document ([`Pipeline`] → [`DocResult`]);
//! - [`graph`]: results aggregated into a petgraph graph ([`Graph`]), canonical and bounded
//!   (capped lists with complete counts), mergeable with [`Graph::merge`];
//! - [`filter`]: one graph filter (types, minimum weight, top N) for every format;
//! - [`export`]: DOT, node-link JSON, Cytoscape.js, GraphML, GEXF, Neo4j CSV, JSON Lines,
//!   SVG/PNG (Graphviz) and the HTML report; [`import`] reads JSON graphs back;
//! - [`input`]: files, folders, stdin and streamed JSON Lines; [`parallel`]: documents on all
//!   cores in bounded batches, results in input order.
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
//! let mut dot = Vec::new();
//! export::write(&graph, &export::Provenance::of(&pipeline), export::Format::Dot, &mut dot)?;
//! assert!(String::from_utf8(dot)?.contains("\"person:ilham-aliyev\" -> \"country:az\""));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

#![deny(missing_docs)]

pub mod coref;
mod discover;
pub mod error;
pub mod eval;
pub mod explain;
pub mod export;
pub mod filter;
pub mod gazetteer;
pub mod graph;
pub mod import;
pub mod input;
pub mod matcher;
pub mod parallel;
pub mod pipeline;
pub mod relate;
pub mod resolve;
pub mod store;
pub mod text;

pub use error::{Error, Result};
pub use gazetteer::{EntityType, Gazetteer};
pub use graph::Graph;
pub use matcher::Matcher;
pub use pipeline::{DocResult, Pipeline};
pub use relate::{RelationType, RuleSet};
pub use text::{Date, Document};
