//! Node-link JSON, loadable by networkx's `node_link_graph` (3.3 to 3.6, default arguments:
//! both `edges` and `links` are written) and by D3.

use rayon::prelude::*;
use serde::Serialize;

use super::{edge_key, Provenance};
use crate::graph::{
    DocMeta, DocumentInfo, DocumentTotals, Edge, Evidence, Graph, LedgerEntry, Limits,
    MentionRecord, Node, NodeAttrs, Unresolved,
};
use crate::text::Date;

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
    /// Title, URL and source of each document the evidence cites, once per document.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    document_meta: Vec<DocMetaJson<'a>>,
    unresolved: &'a [Unresolved],
    /// Every document the graph was made of, with its content hash and its share of the
    /// totals: what lets a merge count a document once. Absent when the graph keeps no
    /// ledger (`--no-ledger`), which an empty list (no document) is not.
    #[serde(skip_serializing_if = "Option::is_none")]
    ledger: Option<Vec<LedgerJson<'a>>>,
}

#[derive(Serialize)]
struct LedgerJson<'a> {
    id: &'a str,
    #[serde(flatten)]
    entry: &'a LedgerEntry,
}

/// Counts per document as an object: `{"doc-1": 2, "doc-7": 1}`.
pub(crate) struct DocCounts<'a>(pub(crate) &'a [(crate::graph::ArcStr, u32)]);

impl Serialize for DocCounts<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_map(self.0.iter().map(|(d, n)| (d.as_str(), n)))
    }
}

#[derive(Serialize)]
pub(crate) struct DocMetaJson<'a> {
    id: &'a str,
    #[serde(flatten)]
    meta: &'a DocMeta,
}

/// The graph's `document_meta` list.
pub(crate) fn document_meta(graph: &Graph) -> Vec<DocMetaJson<'_>> {
    graph
        .evidence_meta()
        .into_iter()
        .map(|(id, meta)| DocMetaJson { id, meta })
        .collect()
}

#[derive(Serialize)]
struct NodeJson<'a> {
    id: &'a str,
    name: &'a str,
    #[serde(rename = "type")]
    kind: &'static str,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    discovered: bool,
    /// Identifiers and attributes from the gazetteer.
    #[serde(flatten, skip_serializing_if = "Option::is_none")]
    attrs: Option<&'a NodeAttrs>,
    aliases: &'a [crate::graph::ArcStr],
    mention_count: usize,
    /// Mentions per document (none without a ledger).
    #[serde(skip_serializing_if = "Option::is_none")]
    documents: Option<DocCounts<'a>>,
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
    #[serde(skip_serializing_if = "Option::is_none")]
    status: Option<&'static str>,
    args: &'a [crate::graph::ArcStr],
    symmetric: bool,
    weight: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    first_seen: Option<Date>,
    #[serde(skip_serializing_if = "Option::is_none")]
    last_seen: Option<Date>,
    #[serde(skip_serializing_if = "Option::is_none")]
    months: Option<Months<'a>>,
    /// Evidence per document (node-link JSON only).
    #[serde(skip_serializing_if = "Option::is_none")]
    documents: Option<DocCounts<'a>>,
    evidence: &'a [Evidence],
}

/// Evidence per month as an object: `{"2020-11": 1, "2020-12": 2}`.
pub(crate) struct Months<'a>(pub(crate) &'a [(Date, usize)]);

impl Serialize for Months<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_map(self.0.iter().map(|(m, n)| (m, n)))
    }
}

impl<'a> EdgeJson<'a> {
    pub(crate) fn of(e: &'a Edge) -> EdgeJson<'a> {
        EdgeJson {
            source: e.key.source(),
            target: e.key.target(),
            key: edge_key(e),
            kind: e.key.kind().as_str(),
            role: e.key.role(),
            status: e.key.status().map(|s| s.as_str()),
            args: e.key.args(),
            symmetric: e.key.kind().is_symmetric(),
            weight: e.evidence_total,
            first_seen: e.timeline.as_ref().map(|t| t.first),
            last_seen: e.timeline.as_ref().map(|t| t.last),
            months: e.timeline.as_ref().map(|t| Months(&t.months)),
            documents: None,
            evidence: &e.evidence,
        }
    }

    /// With the evidence per document, as the node-link JSON writes it for a graph that
    /// keeps a ledger.
    fn with_documents(e: &'a Edge, ledger: bool) -> EdgeJson<'a> {
        EdgeJson {
            documents: ledger.then_some(DocCounts(&e.documents)),
            ..EdgeJson::of(e)
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
/// those of one serializer over the whole document. [`write_repeating`] writes the same bytes
/// faster where the output can copy what it holds.
pub fn write(
    graph: &Graph,
    provenance: &Provenance,
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    write_chunked(graph, provenance, out, CHUNK)
}

/// `write`, for an output that can copy what it has written: the `links` array, the
/// `edges` array again byte for byte, is copied instead of serialized a second time (on a
/// large graph, a tenth of a run).
pub fn write_repeating(
    graph: &Graph,
    provenance: &Provenance,
    out: &mut dyn Repeat,
) -> std::io::Result<()> {
    write_chunked(graph, provenance, out, CHUNK)
}

/// An output that can append a copy of a stretch of what it has written: a file can (it
/// reads it back), and so can a `Vec<u8>`; a pipe cannot.
pub trait Repeat: std::io::Write {
    /// Bytes written so far.
    fn written(&self) -> u64;
    /// Appends a copy of the bytes at `range` of what was written, counted as
    /// [`Repeat::written`] counts them.
    fn repeat(&mut self, range: std::ops::Range<u64>) -> std::io::Result<()>;
}

impl Repeat for Vec<u8> {
    fn written(&self) -> u64 {
        self.len() as u64
    }

    fn repeat(&mut self, range: std::ops::Range<u64>) -> std::io::Result<()> {
        let outside = || std::io::Error::other("repeat: range outside what was written");
        let start = usize::try_from(range.start).map_err(|_| outside())?;
        let end = usize::try_from(range.end).map_err(|_| outside())?;
        if start > end || end > self.len() {
            return Err(outside());
        }
        self.extend_from_within(start..end);
        Ok(())
    }
}

/// What the writer needs of its output: any writer, and where it can, a copy of what it wrote.
trait Sink: std::io::Write {
    /// Bytes written so far, if the output can repeat them.
    fn position(&self) -> Option<u64>;
    /// See [`Repeat::repeat`]; only called after [`Sink::position`] gave positions.
    fn repeat_range(&mut self, range: std::ops::Range<u64>) -> std::io::Result<()>;
}

impl Sink for dyn std::io::Write + '_ {
    fn position(&self) -> Option<u64> {
        None
    }

    fn repeat_range(&mut self, _: std::ops::Range<u64>) -> std::io::Result<()> {
        Err(std::io::ErrorKind::Unsupported.into())
    }
}

impl Sink for dyn Repeat + '_ {
    fn position(&self) -> Option<u64> {
        Some(self.written())
    }

    fn repeat_range(&mut self, range: std::ops::Range<u64>) -> std::io::Result<()> {
        self.repeat(range)
    }
}

fn write_chunked<S: Sink + ?Sized>(
    graph: &Graph,
    provenance: &Provenance,
    out: &mut S,
    chunk_size: usize,
) -> std::io::Result<()> {
    // The head (its lists are capped) is an object, so it ends with a line break and its
    // closing brace; the arrays go before them.
    let mut head = serde_json::to_vec_pretty(&Head::of(graph, provenance))?;
    debug_assert!(head.ends_with(b"\n}"));
    head.truncate(head.len() - 2);
    out.write_all(&head)?;
    let ledger = graph.keeps_ledger();
    let nodes: Vec<&Node> = graph.nodes().collect();
    write_array(out, "nodes", &nodes, chunk_size, |n| {
        NodeJson::of(n, ledger)
    })?;
    let edges: Vec<&Edge> = graph.edges().collect();
    let start = out.position();
    write_array(out, "edges", &edges, chunk_size, |e| {
        EdgeJson::with_documents(e, ledger)
    })?;
    match start.zip(out.position()) {
        // `,\n  "edges": [...]` again, with the other name.
        Some((start, end)) => {
            let name = ",\n  \"edges\"".len() as u64;
            out.write_all(b",\n  \"links\"")?;
            out.repeat_range(start + name..end)?;
        }
        None => write_array(out, "links", &edges, chunk_size, |e| {
            EdgeJson::with_documents(e, ledger)
        })?,
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
fn write_array<T: Item, J: Serialize, W: std::io::Write + ?Sized>(
    out: &mut W,
    field: &str,
    items: &[T],
    chunk_size: usize,
    json: impl Fn(&T) -> J + Sync,
) -> std::io::Result<()> {
    write!(out, ",\n  \"{field}\": ")?;
    if items.is_empty() {
        return out.write_all(b"[]");
    }
    // Each piece starts with the separator of its first element; the array's first separator
    // is the same but for its first byte.
    let mut first = true;
    let mut write_pieces = |pieces: &[Piece]| -> std::io::Result<()> {
        for piece in pieces {
            if std::mem::take(&mut first) {
                out.write_all(b"[")?;
                out.write_all(&piece.bytes[1..])?;
            } else {
                out.write_all(&piece.bytes)?;
            }
        }
        Ok(())
    };
    // Pipelined: while this thread writes one chunk's pieces (the kernel's copy of hundreds of
    // megabytes is serial), the pool serializes the next chunk into the other set. The two
    // sets are reused from chunk to chunk: after the first few, nothing is allocated, and the
    // memory held stays that of two chunks (fresh buffers for each chunk, left to the
    // allocator, raised a large run's peak by 17 MB).
    let count = 4 * rayon::current_num_threads();
    let mut ready: Vec<Piece> = std::iter::repeat_with(Piece::default).take(count).collect();
    let mut next: Vec<Piece> = std::iter::repeat_with(Piece::default).take(count).collect();
    let mut filled = 0;
    for chunk in chunks(items, chunk_size) {
        let size = chunk.len().div_ceil(count);
        let mut serialized = Ok(());
        let written = rayon::in_place_scope(|scope| {
            scope.spawn(|_| {
                serialized = chunk
                    .par_chunks(size)
                    .zip(next.par_iter_mut())
                    .try_for_each(|(items, piece)| piece.fill(items, &json))
            });
            write_pieces(&ready[..filled])
        });
        written?;
        serialized?;
        filled = chunk.len().div_ceil(size);
        std::mem::swap(&mut ready, &mut next);
    }
    write_pieces(&ready[..filled])?;
    out.write_all(b"\n  ]")
}

/// The separator before each element but the array's first.
const SEPARATOR: &[u8] = b",\n    ";

/// Consecutive elements of a node or edge array, each after [`SEPARATOR`], in one buffer:
/// written to the output in one call, large enough to go past its buffer.
#[derive(Default)]
struct Piece {
    bytes: Vec<u8>,
    /// One element in its wrapper (see [`Element`]), before it is copied to `bytes`.
    element: Vec<u8>,
}

impl Piece {
    /// Replaces what the piece holds with `items`.
    fn fill<T, J: Serialize>(
        &mut self,
        items: &[T],
        json: impl Fn(&T) -> J,
    ) -> serde_json::Result<()> {
        self.bytes.clear();
        for item in items {
            self.element.clear();
            Element::write(&json(item), &mut self.element)?;
            self.bytes.extend_from_slice(SEPARATOR);
            self.bytes.extend_from_slice(Element::inner(&self.element));
        }
        Ok(())
    }
}

impl<'a> NodeJson<'a> {
    /// Node `n`, with its mentions per document if the graph keeps a `ledger`.
    fn of(n: &'a Node, ledger: bool) -> NodeJson<'a> {
        NodeJson {
            id: &n.id,
            name: &n.name,
            kind: n.kind.as_str(),
            discovered: n.discovered,
            attrs: n.attrs.as_deref(),
            aliases: &n.aliases,
            mention_count: n.mention_count,
            documents: ledger.then_some(DocCounts(&n.documents)),
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
                document_meta: document_meta(graph),
                unresolved: graph.unresolved(),
                ledger: graph.keeps_ledger().then(|| {
                    graph
                        .ledger()
                        .into_iter()
                        .map(|(id, entry)| LedgerJson { id, entry })
                        .collect()
                }),
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
/// second pass).
struct Element;

/// What the wrapper adds around its element.
const WRAPPER_OPEN: &[u8] = b"{\n  \"edges\": [\n    ";
const WRAPPER_CLOSE: &[u8] = b"\n  ]\n}";

impl Element {
    /// Serializes `value` in its wrapper into `out`, which must be empty.
    fn write<T: Serialize>(value: &T, out: &mut Vec<u8>) -> serde_json::Result<()> {
        #[derive(Serialize)]
        struct Wrapper<'a, T> {
            edges: [&'a T; 1],
        }
        serde_json::to_writer_pretty(&mut *out, &Wrapper { edges: [value] })?;
        debug_assert!(out.starts_with(WRAPPER_OPEN) && out.ends_with(WRAPPER_CLOSE));
        Ok(())
    }

    /// The element inside what [`Element::write`] wrote.
    fn inner(wrapped: &[u8]) -> &[u8] {
        &wrapped[WRAPPER_OPEN.len()..wrapped.len() - WRAPPER_CLOSE.len()]
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
    fn a_vec_repeats_what_it_holds_and_nothing_else() {
        let mut v = b"abcdef".to_vec();
        v.repeat(1..4).unwrap();
        assert_eq!(v, b"abcdefbcd");
        v.repeat(9..9).unwrap();
        assert_eq!(v.written(), 9);
        // Past the end, backwards, beyond any length.
        let backwards = std::ops::Range { start: 5, end: 3 };
        for outside in [7..10, backwards, 0..u64::MAX] {
            assert!(v.repeat(outside).is_err());
        }
        assert_eq!(v, b"abcdefbcd", "nothing added by a refused repeat");
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
                nodes: g.nodes().map(|n| NodeJson::of(n, true)).collect(),
                edges: g
                    .edges()
                    .map(|e| EdgeJson::with_documents(e, true))
                    .collect(),
                links: g
                    .edges()
                    .map(|e| EdgeJson::with_documents(e, true))
                    .collect(),
            };
            let mut v = serde_json::to_vec_pretty(&whole).unwrap();
            v.push(b'\n');
            v
        };
        assert!(graph.edge_count() > 3);
        for g in [graph, Graph::new()] {
            for chunk in [1, 2, 3, 7, CHUNK] {
                // Serialized twice, and with `links` copied from `edges`.
                let mut serialized = Vec::new();
                write_chunked::<dyn std::io::Write>(&g, &provenance, &mut serialized, chunk)
                    .unwrap();
                let mut copied = Vec::new();
                write_chunked::<dyn Repeat>(&g, &provenance, &mut copied, chunk).unwrap();
                let expected = String::from_utf8(one_pass(&g)).unwrap();
                for out in [serialized, copied] {
                    let out = String::from_utf8(out).unwrap();
                    assert_eq!(out, expected, "chunks of {chunk}");
                }
            }
        }
    }
}

/// The module is private, so its examples are unit tests rather than doc tests.
#[cfg(test)]
mod examples {
    #[test]
    fn write_repeating_writes_what_write_writes() -> Result<(), Box<dyn std::error::Error>> {
        use crate::export::json;
        use crate::{Document, Graph, Pipeline};
        let p = Pipeline::builder().build()?;
        let mut g = Graph::new();
        g.add(&p.process(&Document::new("d", "Turkey and Israel held talks.")));
        let provenance = crate::export::Provenance::of(&p);
        let (mut copied, mut serialized) = (Vec::new(), Vec::new());
        json::write_repeating(&g, &provenance, &mut copied)?;
        json::write(&g, &provenance, &mut serialized)?;
        assert_eq!(copied, serialized);
        Ok(())
    }
}
