//! Cytoscape.js elements JSON, also loadable by networkx's `cytoscape_graph` (node `data`
//! carries `value`; top-level `directed` and `multigraph` keep parallel edges). Node ids are
//! entity ids; edge ids are `source|key|target`, stable and unique.

use std::collections::BTreeSet;

use serde::Serialize;

use super::attrs::edge_label;
use super::{edge_id, Provenance, Streamed};
use crate::graph::{Graph, NodeAttrs};

#[derive(Serialize)]
struct Doc<'a, E> {
    data: Meta<'a>,
    directed: bool,
    multigraph: bool,
    elements: Elements<'a, E>,
}

#[derive(Serialize)]
struct Meta<'a> {
    name: &'static str,
    #[serde(flatten)]
    provenance: &'a Provenance,
    /// Title, URL and source of each document the evidence cites, once per document.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    document_meta: Vec<super::json::DocMetaJson<'a>>,
}

#[derive(Serialize)]
struct Elements<'a, E> {
    nodes: Vec<Element<NodeData<'a>>>,
    edges: E,
}

#[derive(Serialize)]
struct Element<T> {
    data: T,
}

#[derive(Serialize)]
struct NodeData<'a> {
    id: &'a str,
    value: &'a str,
    name: &'a str,
    label: &'a str,
    #[serde(rename = "type")]
    kind: &'static str,
    discovered: bool,
    /// Identifiers and attributes from the gazetteer.
    #[serde(flatten, skip_serializing_if = "Option::is_none")]
    attrs: Option<&'a NodeAttrs>,
    aliases: &'a [crate::graph::ArcStr],
    mention_count: usize,
    documents: Vec<&'a str>,
}

#[derive(Serialize)]
struct EdgeData<'a> {
    id: String,
    label: String,
    #[serde(flatten)]
    edge: super::json::EdgeJson<'a>,
}

/// Writes the graph as Cytoscape.js elements JSON (pretty-printed).
pub fn write(
    graph: &Graph,
    provenance: &Provenance,
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    let nodes = graph
        .nodes()
        .map(|n| {
            let mut seen = BTreeSet::new();
            Element {
                data: NodeData {
                    id: &n.id,
                    value: &n.id,
                    name: &n.name,
                    label: &n.name,
                    kind: n.kind.as_str(),
                    discovered: n.discovered,
                    attrs: n.attrs.as_deref(),
                    aliases: &n.aliases,
                    mention_count: n.mention_count,
                    documents: n
                        .mentions
                        .iter()
                        .map(|m| m.document.as_ref())
                        .filter(|d| seen.insert(*d))
                        .collect(),
                },
            }
        })
        .collect();
    let edges = Streamed(|| {
        graph.edges().map(|e| Element {
            data: EdgeData {
                id: edge_id(e),
                label: edge_label(e),
                edge: super::json::EdgeJson::of(e),
            },
        })
    });
    let doc = Doc {
        data: Meta {
            name: "relgraph",
            provenance,
            document_meta: super::json::document_meta(graph),
        },
        directed: true,
        multigraph: true,
        elements: Elements { nodes, edges },
    };
    serde_json::to_writer_pretty(&mut *out, &doc)?;
    out.write_all(b"\n")
}
