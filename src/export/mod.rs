//! Writers: every format is produced from one [`Graph`], iterated in sorted order, and
//! escaped in exactly one place per format.

pub mod dot;
pub mod json;

use std::fmt;
use std::str::FromStr;

use serde::Serialize;

use crate::gazetteer::SourceInfo;
use crate::graph::Graph;

/// Output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Format {
    /// Graphviz DOT.
    Dot,
    /// Node-link JSON (networkx, D3).
    Json,
}

impl Format {
    /// File extension.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Dot => "dot",
            Format::Json => "json",
        }
    }

    /// Every format.
    pub fn all() -> &'static [Format] {
        &[Format::Dot, Format::Json]
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.extension())
    }
}

impl FromStr for Format {
    type Err = String;
    fn from_str(s: &str) -> Result<Format, String> {
        Format::all()
            .iter()
            .copied()
            .find(|f| f.extension() == s)
            .ok_or_else(|| format!("unknown format {s:?} (expected dot or json)"))
    }
}

/// Provenance written into every output.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Provenance {
    /// `relgraph <version>`.
    pub generated_by: String,
    /// Gazetteer files loaded.
    pub gazetteers: Vec<SourceInfo>,
    /// Rule files loaded, with hashes.
    pub rules: Vec<SourceInfo>,
}

impl Provenance {
    /// Provenance for a pipeline.
    pub fn of(pipeline: &crate::Pipeline) -> Provenance {
        Provenance {
            generated_by: format!("relgraph {}", env!("CARGO_PKG_VERSION")),
            gazetteers: pipeline.gazetteer().sources().to_vec(),
            rules: pipeline
                .rules()
                .sources
                .iter()
                .map(|(name, sha)| SourceInfo {
                    name: name.clone(),
                    version: None,
                    sha256: sha.clone(),
                })
                .collect(),
        }
    }
}

/// Writes `graph` in `format`.
pub fn write(
    graph: &Graph,
    provenance: &Provenance,
    format: Format,
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    match format {
        Format::Dot => dot::write(graph, provenance, out),
        Format::Json => json::write(graph, provenance, out),
    }
}

/// The key that tells parallel edges apart in a multigraph: the relation type, plus the role
/// and (for mediation) the other party.
pub(crate) fn edge_key(e: &crate::graph::Edge) -> String {
    let mut key = e.key.kind.as_str().to_string();
    if let Some(role) = &e.key.role {
        key.push('/');
        key.push_str(role);
    }
    if e.key.args.len() > 2 {
        for a in e.key.args.iter().skip(1).filter(|a| **a != e.key.target) {
            key.push('/');
            key.push_str(a);
        }
    }
    key
}
