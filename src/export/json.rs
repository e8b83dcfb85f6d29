//! Node-link JSON, loadable by networkx's `node_link_graph` (3.3 to 3.6, default arguments:
//! both `edges` and `links` are written) and by D3.

use rayon::prelude::*;
use serde::Serialize;

use super::{edge_key, Provenance};
use crate::graph::{
    DocumentInfo, DocumentTotals, Edge, Evidence, Graph, Limits, MentionRecord, Node, Unresolved,
};

/// Everything but the nodes and edges, which [`write`] appends (the edges twice: networkx
/// reads `edges` or `links` depending on its version).
#[derive(Serialize)]
struct Head<'a> {
    directed: bool,
    multigraph: bool,
    graph: Meta<'a>,
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
    aliases: &'a [crate::graph::ArcStr],
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
    args: &'a [crate::graph::ArcStr],
    symmetric: bool,
    weight: usize,
    evidence: &'a [Evidence],
}

impl<'a> EdgeJson<'a> {
    pub(crate) fn of(e: &'a Edge) -> EdgeJson<'a> {
        EdgeJson {
            source: e.key.source(),
            target: e.key.target(),
            key: edge_key(e),
            kind: e.key.kind().as_str(),
            role: e.key.role(),
            args: e.key.args(),
            symmetric: e.key.kind().is_symmetric(),
            weight: e.evidence_total,
            evidence: &e.evidence,
        }
    }
}

/// Nodes and edges are serialized in chunks of about this many records (a node or edge and
/// each of its mentions or pieces of evidence count one each) on the rayon pool, then written
/// in order: by records, not items, so that the chunks in memory stay a few megabytes whatever
/// `--max-mentions` and `--max-evidence` are.
const CHUNK: usize = 4096;

/// Writes the graph as pretty-printed node-link JSON.
///
/// The nodes with their mentions and the edges with their evidence are most of a large
/// graph's JSON, and writing comes after every document is in, when nothing else is left to
/// run in parallel: they are serialized a chunk at a time on the current rayon pool, each
/// element on its own and indented to its depth in the document, so the bytes are exactly
/// those of one serializer over the whole document.
pub fn write(
    graph: &Graph,
    provenance: &Provenance,
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    write_chunked(graph, provenance, out, CHUNK)
}

fn write_chunked(
    graph: &Graph,
    provenance: &Provenance,
    out: &mut dyn std::io::Write,
    chunk_size: usize,
) -> std::io::Result<()> {
    // The head (its lists are capped) is an object, so it ends with a line break and its
    // closing brace; the arrays go before them.
    let mut head = serde_json::to_vec_pretty(&Head::of(graph, provenance))?;
    debug_assert!(head.ends_with(b"\n}"));
    head.truncate(head.len() - 2);
    out.write_all(&head)?;
    let nodes: Vec<&Node> = graph.nodes().collect();
    write_array(out, "nodes", &nodes, chunk_size, |n| NodeJson::of(n))?;
    let edges: Vec<&Edge> = graph.edges().collect();
    for field in ["edges", "links"] {
        write_array(out, field, &edges, chunk_size, |e| EdgeJson::of(e))?;
    }
    out.write_all(b"\n}\n")
}

/// An item of the node or edge array, and how many records it holds (itself and each of its
/// mentions or pieces of evidence): the measure of a chunk.
trait Item: Sync {
    fn records(&self) -> usize;
}

impl Item for &Node {
    fn records(&self) -> usize {
        1 + self.mentions.len()
    }
}

impl Item for &Edge {
    fn records(&self) -> usize {
        1 + self.evidence.len()
    }
}

/// Writes `, "field": [...]` with `items` as `json` shows them, serialized in chunks on the
/// pool.
fn write_array<T: Item, J: Serialize>(
    out: &mut dyn std::io::Write,
    field: &str,
    items: &[T],
    chunk_size: usize,
    json: impl Fn(&T) -> J + Sync,
) -> std::io::Result<()> {
    write!(out, ",\n  \"{field}\": ")?;
    if items.is_empty() {
        return out.write_all(b"[]");
    }
    let mut separator: &[u8] = b"[\n    ";
    let mut write_parts = |parts: &[Element]| -> std::io::Result<()> {
        for part in parts {
            out.write_all(separator)?;
            out.write_all(part.as_bytes())?;
            separator = b",\n    ";
        }
        Ok(())
    };
    // Pipelined: while this thread writes one chunk (the kernel's copy of hundreds of
    // megabytes is serial), the pool serializes the next.
    let mut ready: Vec<Element> = Vec::new();
    for chunk in chunks(items, chunk_size) {
        let mut next = Ok(Vec::new());
        let written = rayon::in_place_scope(|scope| {
            scope.spawn(|_| {
                next = chunk
                    .par_iter()
                    .map(|item| Element::of(&json(item)))
                    .collect()
            });
            write_parts(&ready)
        });
        written?;
        ready = next?;
    }
    write_parts(&ready)?;
    out.write_all(b"\n  ]")
}

impl<'a> NodeJson<'a> {
    fn of(n: &'a Node) -> NodeJson<'a> {
        NodeJson {
            id: &n.id,
            name: &n.name,
            kind: n.kind.as_str(),
            discovered: n.discovered,
            aliases: &n.aliases,
            mention_count: n.mention_count,
            mentions: &n.mentions,
        }
    }
}

impl<'a> Head<'a> {
    fn of(graph: &'a Graph, provenance: &'a Provenance) -> Head<'a> {
        Head {
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
        }
    }
}

/// `items` cut into runs of about `records` records each (at least one item per run).
fn chunks<T: Item>(mut items: &[T], records: usize) -> impl Iterator<Item = &[T]> {
    std::iter::from_fn(move || {
        let mut total = 0;
        let end = items
            .iter()
            .position(|e| {
                total += e.records();
                total >= records
            })
            .map_or(items.len(), |i| i + 1);
        let (chunk, rest) = items.split_at(end);
        items = rest;
        (!chunk.is_empty()).then_some(chunk)
    })
}

/// One node or edge as an element of the document's `nodes`, `edges` or `links` array,
/// pretty-printed at depth two: serialized inside `{"edges": [...]}`, where the serializer
/// indents it exactly as in the document, with the wrapper's opening and closing left out (no
/// second pass, no copy).
struct Element(Vec<u8>);

/// What the wrapper adds around its element.
const WRAPPER_OPEN: &[u8] = b"{\n  \"edges\": [\n    ";
const WRAPPER_CLOSE: &[u8] = b"\n  ]\n}";

impl Element {
    fn of<T: Serialize>(value: &T) -> serde_json::Result<Element> {
        #[derive(Serialize)]
        struct Wrapper<'a, T> {
            edges: [&'a T; 1],
        }
        let mut bytes = serde_json::to_vec_pretty(&Wrapper { edges: [value] })?;
        debug_assert!(bytes.starts_with(WRAPPER_OPEN) && bytes.ends_with(WRAPPER_CLOSE));
        bytes.truncate(bytes.len() - WRAPPER_CLOSE.len());
        Ok(Element(bytes))
    }

    fn as_bytes(&self) -> &[u8] {
        &self.0[WRAPPER_OPEN.len()..]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Document, Pipeline};

    /// The document as one serializer writes it in one pass: what `write` must equal.
    #[derive(Serialize)]
    struct Whole<'a> {
        #[serde(flatten)]
        head: Head<'a>,
        nodes: Vec<NodeJson<'a>>,
        edges: Vec<EdgeJson<'a>>,
        links: Vec<EdgeJson<'a>>,
    }

    #[test]
    fn chunks_hold_about_as_many_records_as_asked_and_every_edge_in_order() {
        let p = Pipeline::builder().build().unwrap();
        let mut graph = Graph::new();
        for i in 0..5 {
            let text = "Egypt brokered a ceasefire between Israel and Hamas. \
                        Turkey and Greece held talks in Ankara.";
            graph.add(&p.process(&Document::new(format!("d{i}"), text)));
        }
        let edges: Vec<_> = graph.edges().collect();
        let records = |c: &[&Edge]| -> usize { c.iter().map(|e| 1 + e.evidence.len()).sum() };
        assert_eq!(records(&edges), edges.len() * 6);
        for budget in [1, 6, 7, 13, 1000] {
            let parts: Vec<_> = chunks(&edges, budget).collect();
            assert_eq!(parts.concat(), edges, "budget {budget}");
            for (i, c) in parts.iter().enumerate() {
                // Every chunk but the last reaches the budget with its last edge, not before.
                if i + 1 < parts.len() {
                    assert!(records(c) >= budget && records(&c[..c.len() - 1]) < budget);
                }
                assert!(!c.is_empty());
            }
        }
    }

    #[test]
    fn chunked_parallel_edges_equal_one_serializer_pass() {
        let p = Pipeline::builder().build().unwrap();
        let mut graph = Graph::new();
        for (i, t) in [
            "Azerbaijan seeks to mediate between Turkey and Israel.",
            "Turkish President Recep Tayyip Erdoğan met Ilham Aliyev in Baku.",
            "Egypt brokered a ceasefire between Israel and Hamas on Friday.",
            "Nothing to see here.",
        ]
        .iter()
        .enumerate()
        {
            graph.add(&p.process(&Document::new(format!("d{i}"), *t)));
        }
        let provenance = Provenance::of(&p);
        let one_pass = |g: &Graph| {
            let whole = Whole {
                head: Head::of(g, &provenance),
                nodes: g.nodes().map(NodeJson::of).collect(),
                edges: g.edges().map(EdgeJson::of).collect(),
                links: g.edges().map(EdgeJson::of).collect(),
            };
            let mut v = serde_json::to_vec_pretty(&whole).unwrap();
            v.push(b'\n');
            v
        };
        assert!(graph.edge_count() > 3);
        for g in [graph, Graph::new()] {
            for chunk in [1, 2, 3, 7, CHUNK] {
                let mut out = Vec::new();
                write_chunked(&g, &provenance, &mut out, chunk).unwrap();
                assert_eq!(
                    String::from_utf8(out).unwrap(),
                    String::from_utf8(one_pass(&g)).unwrap(),
                    "chunks of {chunk}"
                );
            }
        }
    }
}
