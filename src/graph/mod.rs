//! The relationship graph: a petgraph `StableDiGraph` with one node per entity and one edge
//! per (source, relation type, target, role, argument list), carrying its evidence.
//!
//! # Canonical, bounded, mergeable
//!
//! The graph grows with the number of entities and relations, not with the number of
//! documents: every list that would grow per document is capped by [`Limits`] and keeps the
//! *smallest* items in a total order (document id first, then position), with the full count
//! kept beside it. Evidence per edge, mentions per node, the documents list and the
//! unresolved mentions are all stored that way, and nodes and edges are written in key
//! order, so:
//!
//! - the graph does not depend on the order documents were added in (threads, shards);
//! - [`Graph::merge`] is associative and commutative, and merging the graphs of any split of a
//!   corpus equals the graph of the whole corpus (the `k` smallest of a union are the `k`
//!   smallest of the union of each part's `k` smallest, and counts add up).
//!
//! "Earliest" therefore means earliest by (document id, offset), not by reading order: the
//! only order every shard of a corpus agrees on.
//!
//! # Shared strings
//!
//! A large graph is mostly evidence, and most of an evidence record's strings repeat: the
//! rule and the entity ids come from small vocabularies, and one document id or sentence is
//! shared by every record taken from it (the trigger is read from the sentence by its span).
//! Those strings are therefore [`ArcStr`] (a reference-counted string behind a thin, 8-byte
//! pointer): entity ids, roles, rules and mention texts are interned in the
//! graph (their number is bounded by the entities and rules, never by the documents), and so
//! are evidence sentences, across documents: news agencies' stories are republished word for
//! word, and an edge's evidence would otherwise keep one copy of the sentence per document.
//! The interner drops the texts nothing else uses any more whenever it has doubled in size,
//! so an evicted sentence is freed soon after its last record. A document's id is shared by
//! the records made from that document. [`Graph::merge`] gives what it keeps from the other
//! graph this graph's strings, so a graph merged from imported shards (which have a copy of
//! every string in every record) is as compact as one extracted in one run.

mod add;
mod attrs;
mod capped;
mod document;
mod evidence;
mod intern;
mod key;
mod ledger;
mod merge;
mod parts;
#[cfg(test)]
mod tests;
mod timeline;

use std::collections::BTreeSet;

pub use arcstr::ArcStr;
use hashbrown::HashTable;
use petgraph::stable_graph::{EdgeIndex, NodeIndex, StableDiGraph};
use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};

use crate::gazetteer::EntityType;
use crate::pipeline::Span;
use crate::resolve::Form;

pub use add::Added;
pub use attrs::{office_label, NodeAttrs};
pub use capped::Limits;
pub use document::{DocMeta, DocumentInfo, DocumentTotals, Unresolved};
pub(crate) use evidence::trigger_in;
pub use evidence::Evidence;
use intern::Interner;
pub use key::EdgeKey;
pub use ledger::{ContentHash, LedgerEntry};
pub use merge::MergeReport;
pub use timeline::Timeline;

/// An entity in the graph.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Node {
    /// Stable id.
    pub id: String,
    /// Canonical name.
    pub name: String,
    /// Type.
    #[serde(rename = "type")]
    pub kind: EntityType,
    /// Found by pattern, not in a gazetteer.
    pub discovered: bool,
    /// Identifiers and attributes from the gazetteer (set by [`Graph::annotate`]; `None` for
    /// a discovered entity or before annotation). Boxed: one pointer in every node.
    #[serde(flatten, skip_serializing_if = "Option::is_none")]
    pub attrs: Option<Box<NodeAttrs>>,
    /// Distinct surface forms seen, sorted (a short list: a set's tree nodes cost ≈ 250 bytes
    /// a node even for one alias).
    pub aliases: Vec<ArcStr>,
    /// Number of mentions, all of them.
    pub mention_count: usize,
    /// The first [`Limits::max_mentions`] mentions by (document, offset).
    pub mentions: Vec<MentionRecord>,
    /// Mentions per document, by document id: every document's share of `mention_count`
    /// (empty in a graph that keeps no ledger: see [`Graph::drop_ledger`]).
    #[serde(skip)]
    pub documents: Vec<(ArcStr, u32)>,
}

/// Where an entity was mentioned. Ordered by (document, span, text).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct MentionRecord {
    /// Document id.
    pub document: ArcStr,
    /// Span (character and byte offsets).
    #[serde(flatten)]
    pub span: Span,
    /// Text as written.
    pub text: ArcStr,
    /// How it is written (`name`, `alias`, `demonym`, `pronoun`, …).
    #[serde(default)]
    pub form: Form,
}

/// A relation edge.
#[derive(Debug, Clone, PartialEq)]
pub struct Edge {
    /// Identity (the graph's index of edges finds an edge by its key).
    pub key: EdgeKey,
    /// Number of evidence items, all of them (the edge weight).
    pub evidence_total: usize,
    /// The first [`Limits::max_evidence`] evidence items in canonical order.
    pub evidence: Vec<Evidence>,
    /// When the edge was seen, over all its dated evidence (kept or not); `None` if none of
    /// it is dated.
    pub timeline: Option<Box<Timeline>>,
    /// Evidence per document, by document id: every document's share of `evidence_total`
    /// (empty in a graph that keeps no ledger: see [`Graph::drop_ledger`]).
    pub documents: Vec<(ArcStr, u32)>,
}

/// The relationship graph.
#[derive(Debug, Clone, Default)]
pub struct Graph {
    graph: StableDiGraph<Node, Edge>,
    // Hash maps, not ordered maps: every mention and relation looks its node and edge up
    // here, on the one thread that aggregates, while sorted order is needed only to write.
    /// Nodes by id; the key is the id's shared copy in `symbols`, so a relation's arguments
    /// take their shared ids from here, with no second lookup.
    nodes: FxHashMap<ArcStr, NodeIndex>,
    /// Edges by [`KeyRef::hash`] of their key, which stays in the edge (4 bytes an entry).
    edges: HashTable<EdgeIndex>,
    limits: Limits,
    totals: DocumentTotals,
    documents: Vec<DocumentInfo>,
    unresolved: Vec<Unresolved>,
    /// Interned entity ids, roles, rules, triggers and mention texts (see the module docs).
    symbols: Interner,
    /// Interned evidence sentences.
    sentences: Interner,
    /// Metadata of documents that have some, by id. The key is the very id string the
    /// document's evidence and mentions hold, so an entry no record uses any more (its count
    /// is 1) is dropped at the next sweep: the table is bounded by the records kept, not by
    /// the documents read.
    meta: FxHashMap<ArcStr, DocMeta>,
    /// Size at which unused metadata is swept (as in [`Interner`]).
    meta_sweep_at: usize,
    /// Every document added, by id (see [`LedgerEntry`]); the key is the id string the
    /// documents' counts in nodes and edges share.
    ledger: FxHashMap<ArcStr, LedgerEntry>,
    /// Set by [`Graph::drop_ledger`]: no ledger and no per-document counts are kept.
    no_ledger: bool,
}

impl Graph {
    /// An empty graph.
    pub fn new() -> Graph {
        Graph::default()
    }

    /// An empty graph with these limits.
    pub fn with_limits(limits: Limits) -> Graph {
        Graph {
            limits,
            ..Graph::default()
        }
    }

    /// The limits in force.
    pub fn limits(&self) -> Limits {
        self.limits
    }

    /// Nodes in id order.
    pub fn nodes(&self) -> impl Iterator<Item = &Node> {
        let mut order: Vec<(&ArcStr, NodeIndex)> =
            self.nodes.iter().map(|(id, &n)| (id, n)).collect();
        order.sort_unstable_by(|a, b| a.0.cmp(b.0));
        order.into_iter().map(|(_, n)| &self.graph[n])
    }

    /// Edges in key order (source, type, target, role, args).
    pub fn edges(&self) -> impl Iterator<Item = &Edge> {
        let mut order: Vec<&Edge> = self.edges.iter().map(|&e| &self.graph[e]).collect();
        // On the current rayon pool: every writer asks for this order once all documents are
        // in, when nothing else runs (keys are unique, so the order is the same whatever the
        // split).
        rayon::slice::ParallelSliceMut::par_sort_unstable_by(&mut order[..], |a, b| {
            a.key.cmp(&b.key)
        });
        order.into_iter()
    }

    /// A node by id.
    pub fn node_by_id(&self, id: &str) -> Option<&Node> {
        self.nodes.get(id).map(|&n| &self.graph[n])
    }

    /// The first [`Limits::max_documents`] documents added, by id.
    pub fn documents(&self) -> &[DocumentInfo] {
        &self.documents
    }

    /// Totals over all documents added (listed or not).
    pub fn totals(&self) -> &DocumentTotals {
        &self.totals
    }

    /// The first [`Limits::max_unresolved`] unresolved mentions, by (document, offset); the
    /// full count is in [`Graph::totals`].
    pub fn unresolved(&self) -> &[Unresolved] {
        &self.unresolved
    }

    /// The underlying petgraph graph, for algorithms.
    pub fn petgraph(&self) -> &StableDiGraph<Node, Edge> {
        &self.graph
    }

    /// Number of nodes.
    pub fn node_count(&self) -> usize {
        self.nodes.len()
    }

    /// Number of edges.
    pub fn edge_count(&self) -> usize {
        self.edges.len()
    }

    /// Keeps only the nodes `keep_node` accepts and the edges `keep_edge` accepts whose ends
    /// are both kept (used by [`crate::filter::GraphFilter`]).
    pub fn retain(&mut self, keep_node: impl Fn(&Node) -> bool, keep_edge: impl Fn(&Edge) -> bool) {
        let gone: BTreeSet<String> = self
            .nodes()
            .filter(|n| !keep_node(n))
            .map(|n| n.id.clone())
            .collect();
        let graph = &self.graph;
        let gone_edge = |e: EdgeIndex| {
            let edge = &graph[e];
            let ends = [edge.key.source(), edge.key.target()];
            !keep_edge(edge) || ends.iter().any(|id| gone.contains(*id))
        };
        let mut dropped = Vec::new();
        self.edges.retain(|&mut e| {
            let gone = gone_edge(e);
            if gone {
                dropped.push(e);
            }
            !gone
        });
        for e in dropped {
            self.graph.remove_edge(e);
        }
        for id in gone {
            if let Some(n) = self.nodes.remove(id.as_str()) {
                self.graph.remove_node(n);
            }
        }
    }
}
