//! The relationship graph: a petgraph `StableDiGraph` with one node per entity and one edge
//! per (source, relation type, target, role, argument list), carrying every piece of
//! evidence.
//!
//! Nodes and edges are also indexed in `BTreeMap`s by their keys, so every iteration is in
//! sorted key order and exports are byte-for-byte deterministic whatever order documents were
//! added in (evidence keeps insertion order, which callers make the input order).

use std::collections::{BTreeMap, BTreeSet};

use petgraph::stable_graph::{EdgeIndex, NodeIndex, StableDiGraph};
use serde::Serialize;

use crate::gazetteer::EntityType;
use crate::pipeline::{DocResult, EntityInfo, RelationOut, Span};
use crate::relate::RelationType;

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
    /// Distinct surface forms seen.
    pub aliases: BTreeSet<String>,
    /// Every mention.
    pub mentions: Vec<MentionRecord>,
}

/// Where an entity was mentioned.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MentionRecord {
    /// Document id.
    pub document: String,
    /// Span (character and byte offsets).
    #[serde(flatten)]
    pub span: Span,
    /// Text as written.
    pub text: String,
}

/// Identity of an edge.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct EdgeKey {
    /// Source node id.
    pub source: String,
    /// Relation type.
    pub kind: RelationType,
    /// Target node id.
    pub target: String,
    /// Role (holds_office).
    pub role: Option<String>,
    /// Full ordered argument ids (differs from `[source, target]` for mediation).
    pub args: Vec<String>,
}

/// One piece of evidence for an edge.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Evidence {
    /// Document id.
    pub document: String,
    /// The sentence.
    pub sentence: String,
    /// Sentence span in the document.
    pub sentence_span: Span,
    /// Trigger text.
    pub trigger: String,
    /// Trigger span in the document.
    pub trigger_span: Span,
    /// Rule id.
    pub rule: String,
}

/// A relation edge.
#[derive(Debug, Clone, PartialEq)]
pub struct Edge {
    /// Identity.
    pub key: EdgeKey,
    /// Evidence, in input order.
    pub evidence: Vec<Evidence>,
}

/// Summary of a processed document, kept in the graph's metadata.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DocumentInfo {
    /// Document id.
    pub id: String,
    /// Date, if known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// Characters.
    pub chars: usize,
    /// Sentences.
    pub sentences: usize,
    /// Mentions found (resolved or not).
    pub mentions: usize,
    /// Relations found.
    pub relations: usize,
}

/// A mention that could not be resolved to one entity.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Unresolved {
    /// Document id.
    pub document: String,
    /// Span.
    #[serde(flatten)]
    pub span: Span,
    /// Text.
    pub text: String,
    /// Candidate ids.
    pub candidates: Vec<String>,
}

/// The relationship graph.
#[derive(Debug, Clone, Default)]
pub struct Graph {
    graph: StableDiGraph<Node, Edge>,
    nodes: BTreeMap<String, NodeIndex>,
    edges: BTreeMap<EdgeKey, EdgeIndex>,
    documents: Vec<DocumentInfo>,
    unresolved: Vec<Unresolved>,
}

impl Graph {
    /// An empty graph.
    pub fn new() -> Graph {
        Graph::default()
    }

    /// Adds one document's results. Call in input order for deterministic evidence order.
    pub fn add(&mut self, doc: &DocResult) {
        self.documents.push(DocumentInfo {
            id: doc.document.clone(),
            date: doc.date.clone(),
            chars: doc.chars,
            sentences: doc.sentences,
            mentions: doc.mentions.len(),
            relations: doc.relations.len(),
        });
        for m in &doc.mentions {
            match &m.entity {
                Some(e) => {
                    let n = self.node(e);
                    let node = &mut self.graph[n];
                    node.aliases.insert(m.text.clone());
                    node.mentions.push(MentionRecord {
                        document: doc.document.clone(),
                        span: m.span,
                        text: m.text.clone(),
                    });
                }
                None => self.unresolved.push(Unresolved {
                    document: doc.document.clone(),
                    span: m.span,
                    text: m.text.clone(),
                    candidates: m.candidates.clone(),
                }),
            }
        }
        for r in &doc.relations {
            self.add_relation(&doc.document, r);
        }
    }

    fn node(&mut self, e: &EntityInfo) -> NodeIndex {
        if let Some(&n) = self.nodes.get(&e.id) {
            return n;
        }
        let n = self.graph.add_node(Node {
            id: e.id.clone(),
            name: e.name.clone(),
            kind: e.kind,
            discovered: e.discovered,
            aliases: BTreeSet::new(),
            mentions: Vec::new(),
        });
        self.nodes.insert(e.id.clone(), n);
        n
    }

    fn add_relation(&mut self, document: &str, r: &RelationOut) {
        let ids: Vec<String> = r.args.iter().map(|a| a.id.clone()).collect();
        // A mediation links the mediator to each party; both edges name the full triple.
        let pairs: Vec<(&EntityInfo, &EntityInfo)> = if r.kind == RelationType::MediatesBetween {
            r.args[1..].iter().map(|p| (&r.args[0], p)).collect()
        } else {
            vec![(&r.args[0], &r.args[1])]
        };
        for (s, t) in pairs {
            let (sn, tn) = (self.node(s), self.node(t));
            let key = EdgeKey {
                source: s.id.clone(),
                kind: r.kind,
                target: t.id.clone(),
                role: r.role.clone(),
                args: ids.clone(),
            };
            let evidence = Evidence {
                document: document.to_string(),
                sentence: r.sentence.clone(),
                sentence_span: r.sentence_span,
                trigger: r.trigger.clone(),
                trigger_span: r.trigger_span,
                rule: r.rule.clone(),
            };
            match self.edges.get(&key) {
                Some(&e) => self.graph[e].evidence.push(evidence),
                None => {
                    let e = self.graph.add_edge(
                        sn,
                        tn,
                        Edge {
                            key: key.clone(),
                            evidence: vec![evidence],
                        },
                    );
                    self.edges.insert(key, e);
                }
            }
        }
    }

    /// Nodes in id order.
    pub fn nodes(&self) -> impl Iterator<Item = &Node> {
        self.nodes.values().map(|&n| &self.graph[n])
    }

    /// Edges in key order (source, type, target, role, args).
    pub fn edges(&self) -> impl Iterator<Item = &Edge> {
        self.edges.values().map(|&e| &self.graph[e])
    }

    /// A node by id.
    pub fn node_by_id(&self, id: &str) -> Option<&Node> {
        self.nodes.get(id).map(|&n| &self.graph[n])
    }

    /// Documents added, in order.
    pub fn documents(&self) -> &[DocumentInfo] {
        &self.documents
    }

    /// Unresolved mentions, in input order.
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
        let drop_edges: Vec<EdgeKey> = self
            .edges
            .iter()
            .filter(|(k, &e)| {
                !keep_edge(&graph[e]) || gone.contains(&k.source) || gone.contains(&k.target)
            })
            .map(|(k, _)| k.clone())
            .collect();
        for k in drop_edges {
            if let Some(e) = self.edges.remove(&k) {
                self.graph.remove_edge(e);
            }
        }
        for id in gone {
            if let Some(n) = self.nodes.remove(&id) {
                self.graph.remove_node(n);
            }
        }
    }
}
