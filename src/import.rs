//! Reading written graphs back: the node-link JSON that [`crate::export::json`] writes
//! becomes a [`Graph`] plus its [`Provenance`] again, so partial results (shards of a corpus,
//! one per machine or per Spark partition) can be merged with [`Graph::merge`].
//!
//! ```
//! use relgraph::{export, import, Document, Graph, Pipeline};
//! let pipeline = Pipeline::builder().build()?;
//! let mut graph = Graph::new();
//! graph.add(&pipeline.process(&Document::new("d", "Turkey and Israel held talks.")));
//! let provenance = export::Provenance::of(&pipeline);
//! let mut json = Vec::new();
//! export::write(&graph, &provenance, export::Format::Json, &mut json)?;
//!
//! let back = import::from_slice("d.json".as_ref(), &json)?;
//! let mut again = Vec::new();
//! export::write(&back.graph, &back.provenance, export::Format::Json, &mut again)?;
//! assert_eq!(json, again);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::collections::BTreeSet;
use std::io::Read;
use std::path::Path;

use serde::Deserialize;

use crate::error::{Error, Result};
use crate::export::Provenance;
use crate::gazetteer::{EntityType, SourceInfo};
use crate::graph::{
    DocumentInfo, DocumentTotals, Edge, EdgeKey, Evidence, Graph, Limits, MentionRecord, Node,
    Unresolved,
};
use crate::relate::RelationType;

/// A graph read back from a file, with the provenance it was written with.
#[derive(Debug, Clone)]
pub struct Imported {
    /// The graph.
    pub graph: Graph,
    /// Who made it, with which gazetteers and rules.
    pub provenance: Provenance,
}

#[derive(Deserialize)]
struct DocIn {
    graph: MetaIn,
    nodes: Vec<NodeIn>,
    edges: Vec<EdgeIn>,
}

#[derive(Deserialize)]
struct MetaIn {
    generated_by: String,
    gazetteers: Vec<SourceInfo>,
    rules: Vec<SourceInfo>,
    #[serde(default)]
    filter: Option<String>,
    limits: Option<Limits>,
    totals: Option<DocumentTotals>,
    documents: Vec<DocumentInfo>,
    unresolved: Vec<Unresolved>,
}

#[derive(Deserialize)]
struct NodeIn {
    id: String,
    name: String,
    #[serde(rename = "type")]
    kind: String,
    #[serde(default)]
    discovered: bool,
    aliases: BTreeSet<String>,
    mention_count: usize,
    mentions: Vec<MentionRecord>,
}

#[derive(Deserialize)]
struct EdgeIn {
    source: String,
    target: String,
    #[serde(rename = "type")]
    kind: String,
    #[serde(default)]
    role: Option<String>,
    args: Vec<String>,
    weight: usize,
    evidence: Vec<Evidence>,
}

fn bad(path: &Path, line: Option<usize>, message: String) -> Error {
    Error::Input {
        path: path.to_path_buf(),
        line,
        message,
    }
}

/// Reads a relgraph JSON graph from `reader`; `path` names it in errors.
pub fn read_json(path: &Path, reader: impl Read) -> Result<Imported> {
    let mut bytes = Vec::new();
    std::io::BufReader::new(reader)
        .read_to_end(&mut bytes)
        .map_err(|e| Error::io(path, e))?;
    from_slice(path, &bytes)
}

/// Reads a relgraph JSON graph from bytes; `path` names it in errors.
pub fn from_slice(path: &Path, bytes: &[u8]) -> Result<Imported> {
    let doc: DocIn = serde_json::from_slice(bytes).map_err(|e| {
        bad(
            path,
            Some(e.line()),
            format!("not a relgraph JSON graph: {e}"),
        )
    })?;
    let limits = doc.graph.limits.ok_or_else(|| {
        bad(
            path,
            None,
            "no `graph.limits`: written by an older relgraph; extract it again to merge it".into(),
        )
    })?;
    let totals = doc.graph.totals.ok_or_else(|| {
        bad(
            path,
            None,
            "no `graph.totals`: written by an older relgraph; extract it again to merge it".into(),
        )
    })?;
    let mut nodes = Vec::with_capacity(doc.nodes.len());
    for n in doc.nodes {
        let kind: EntityType = n
            .kind
            .parse()
            .map_err(|e: String| bad(path, None, format!("node {:?}: {e}", n.id)))?;
        if n.mention_count < n.mentions.len() {
            return Err(bad(
                path,
                None,
                format!("node {:?}: mention_count is less than its mentions", n.id),
            ));
        }
        nodes.push(Node {
            id: n.id,
            name: n.name,
            kind,
            discovered: n.discovered,
            aliases: n.aliases,
            mention_count: n.mention_count,
            mentions: n.mentions,
        });
    }
    let mut edges = Vec::with_capacity(doc.edges.len());
    for e in doc.edges {
        let kind: RelationType = e.kind.parse().map_err(|m: String| {
            bad(
                path,
                None,
                format!("edge {} -> {}: {m}", e.source, e.target),
            )
        })?;
        if e.weight < e.evidence.len() {
            return Err(bad(
                path,
                None,
                format!(
                    "edge {} -> {}: weight is less than its evidence",
                    e.source, e.target
                ),
            ));
        }
        edges.push(Edge {
            key: std::sync::Arc::new(EdgeKey {
                source: e.source.into(),
                kind,
                target: e.target.into(),
                role: e.role.map(Into::into),
                args: e.args.into_iter().map(Into::into).collect(),
            }),
            evidence_total: e.weight,
            evidence: e.evidence,
        });
    }
    let graph = Graph::from_parts(
        limits,
        totals,
        doc.graph.documents,
        doc.graph.unresolved,
        nodes,
        edges,
    )
    .map_err(|m| bad(path, None, m))?;
    Ok(Imported {
        graph,
        provenance: Provenance {
            generated_by: doc.graph.generated_by,
            gazetteers: doc.graph.gazetteers,
            rules: doc.graph.rules,
            filter: doc.graph.filter,
        },
    })
}

/// Why two provenances may not be merged: `None` when they are the same (same relgraph
/// version, same gazetteer and rule files with the same hashes, in the same order).
pub fn provenance_mismatch(a: &Provenance, b: &Provenance) -> Option<String> {
    // A filtered graph lacks what the filter dropped, so merging it would not equal one run.
    if let Some(f) = a.filter.as_ref().or(b.filter.as_ref()) {
        return Some(format!(
            "filtered ({f}); merge unfiltered partial graphs and filter the result"
        ));
    }
    if a.generated_by != b.generated_by {
        return Some(format!(
            "made by different versions ({} and {})",
            a.generated_by, b.generated_by
        ));
    }
    let list = |s: &[SourceInfo]| {
        s.iter()
            .map(|i| format!("{} ({})", i.name, i.sha256))
            .collect::<Vec<_>>()
            .join(", ")
    };
    if a.gazetteers != b.gazetteers {
        return Some(format!(
            "made with different gazetteers: [{}] and [{}]",
            list(&a.gazetteers),
            list(&b.gazetteers)
        ));
    }
    if a.rules != b.rules {
        return Some(format!(
            "made with different rules: [{}] and [{}]",
            list(&a.rules),
            list(&b.rules)
        ));
    }
    None
}

/// The provenance a merge reports when the inputs differ (forced merges): the smallest by
/// its JSON form, so the choice does not depend on the order of the inputs.
pub fn canonical_provenance<'a>(all: impl IntoIterator<Item = &'a Provenance>) -> Provenance {
    all.into_iter()
        .min_by_key(|p| serde_json::to_string(p).unwrap_or_default())
        .cloned()
        .unwrap_or_default()
}
