//! Node-link JSON, loadable by networkx's `node_link_graph` (3.3 to 3.6, default arguments:
//! both `edges` and `links` are written) and by D3.

use std::collections::BTreeSet;

use serde::Serialize;

use super::{edge_key, Provenance, Streamed};
use crate::graph::{
    DocumentInfo, DocumentTotals, Evidence, Graph, Limits, MentionRecord, Unresolved,
};

#[derive(Serialize)]
struct Doc<'a, E> {
    directed: bool,
    multigraph: bool,
    graph: Meta<'a>,
    nodes: Vec<NodeJson<'a>>,
    edges: &'a E,
    links: &'a E,
}

#[derive(Serialize)]
struct Meta<'a> {
    name: &'static str,
    #[serde(flatten)]
    provenance: &'a Provenance,
    limits: Limits,
    totals: &'a DocumentTotals,
    documents: &'a [DocumentInfo],
    unresolved: &'a [Unresolved],
}

#[derive(Serialize)]
struct NodeJson<'a> {
    id: &'a str,
    name: &'a str,
    #[serde(rename = "type")]
    kind: &'static str,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    discovered: bool,
    aliases: &'a BTreeSet<String>,
    mention_count: usize,
    mentions: &'a [MentionRecord],
}

/// An edge's common fields, shared by the node-link and Cytoscape.js writers.
#[derive(Serialize)]
pub(crate) struct EdgeJson<'a> {
    source: &'a str,
    target: &'a str,
    key: String,
    #[serde(rename = "type")]
    kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    role: Option<&'a str>,
    args: &'a [std::sync::Arc<str>],
    symmetric: bool,
    weight: usize,
    evidence: &'a [Evidence],
}

impl<'a> EdgeJson<'a> {
    pub(crate) fn of(e: &'a crate::graph::Edge) -> EdgeJson<'a> {
        EdgeJson {
            source: &e.key.source,
            target: &e.key.target,
            key: edge_key(e),
            kind: e.key.kind.as_str(),
            role: e.key.role.as_deref(),
            args: &e.key.args,
            symmetric: e.key.kind.is_symmetric(),
            weight: e.evidence_total,
            evidence: &e.evidence,
        }
    }
}

/// Writes the graph as pretty-printed node-link JSON.
pub fn write(
    graph: &Graph,
    provenance: &Provenance,
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    let nodes = graph
        .nodes()
        .map(|n| NodeJson {
            id: &n.id,
            name: &n.name,
            kind: n.kind.as_str(),
            discovered: n.discovered,
            aliases: &n.aliases,
            mention_count: n.mention_count,
            mentions: &n.mentions,
        })
        .collect();
    let edges = Streamed(|| graph.edges().map(EdgeJson::of));
    let doc = Doc {
        directed: true,
        multigraph: true,
        graph: Meta {
            name: "relgraph",
            provenance,
            limits: graph.limits(),
            totals: graph.totals(),
            documents: graph.documents(),
            unresolved: graph.unresolved(),
        },
        nodes,
        edges: &edges,
        links: &edges,
    };
    serde_json::to_writer_pretty(&mut *out, &doc)?;
    out.write_all(b"\n")
}
