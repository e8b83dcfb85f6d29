//! Scoring extraction against gold annotations (`relgraph eval`).
//!
//! The definition is the project's `SCORING.md`: entities matched one-to-one by the normal
//! form ([`normal_form`]) of their names, aliases and mention texts; relations compared by
//! type and mapped arguments (symmetric types unordered, mediation as mediator and a pair of
//! parties); pairs of linked entities regardless of type; micro-averaged precision, recall
//! and F1, overall and per relation type.
//!
//! ```
//! use relgraph::eval::{parse_gold, Report};
//! use relgraph::{Document, Pipeline};
//!
//! let line = r#"{"doc": "a.txt", "entities": [{"name": "Qatar", "type": "COUNTRY"}, {"name": "Oman", "type": "COUNTRY"}], "relations": [{"type": "talks_with", "args": ["Qatar", "Oman"]}]}"#;
//! let gold = parse_gold(std::path::Path::new("gold.jsonl"), line)?;
//! let pipeline = Pipeline::builder().build()?;
//! let mut report = Report::default();
//! report.add(&gold[0], &pipeline.process(&Document::new("a.txt", "Qatar held talks with Oman.")));
//! assert_eq!(report.relations.tp, 1);
//! assert_eq!(report.entities.f1(), 1.0);
//! # Ok::<(), relgraph::Error>(())
//! ```

mod gold;
mod normal;
mod score;

pub use gold::{parse_gold, GoldDoc, GoldEntity, GoldRelation};
pub use normal::normal_form;
pub use score::{Counts, DocReport, Miss, Report};
