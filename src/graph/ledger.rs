//! The ledger of every document added, by id and content hash, and taking documents out
//! again.

use std::borrow::Cow;

use petgraph::stable_graph::EdgeIndex;
use rustc_hash::{FxHashMap, FxHashSet};
use serde::{Deserialize, Serialize};

use super::timeline::timeline_of;
use super::{ArcStr, DocumentTotals, Graph};
use crate::text::Date;

/// The SHA-256 of a document's text. With the document's id, it identifies a document when
/// graphs are merged: the same id with the same hash is the same document, added once.
/// Written as 64 lower-case hex digits.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ContentHash(pub [u8; 32]);

impl ContentHash {
    /// The hash of `text`.
    pub fn of(text: &str) -> ContentHash {
        use sha2::Digest;
        ContentHash(sha2::Sha256::digest(text.as_bytes()).into())
    }

    /// A hash from its 64 hex digits.
    pub fn parse(hex: &str) -> std::result::Result<ContentHash, String> {
        let bad = || format!("{hex:?} is not a SHA-256 (64 hex digits)");
        if hex.len() != 64 || !hex.is_ascii() {
            return Err(bad());
        }
        let mut out = [0u8; 32];
        for (i, b) in out.iter_mut().enumerate() {
            *b = u8::from_str_radix(&hex[2 * i..2 * i + 2], 16).map_err(|_| bad())?;
        }
        Ok(ContentHash(out))
    }
}

impl std::fmt::Display for ContentHash {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.iter().try_for_each(|b| write!(f, "{b:02x}"))
    }
}

impl std::fmt::Debug for ContentHash {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "ContentHash({self})")
    }
}

impl Serialize for ContentHash {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for ContentHash {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<ContentHash, D::Error> {
        let s = Cow::<str>::deserialize(deserializer)?;
        ContentHash::parse(&s).map_err(serde::de::Error::custom)
    }
}

/// What one document added to the graph, kept for every document added (not capped: about
/// 100 bytes a document, plus 16 bytes for each entity it mentions and each edge it gives
/// evidence to, in [`Node::documents`](super::Node::documents) and
/// [`Edge::documents`](super::Edge::documents)), so that a merge can tell a document it
/// already holds and take it out again.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LedgerEntry {
    /// SHA-256 of the text (`None` when the result did not record it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sha256: Option<ContentHash>,
    /// The document's date, which dates its evidence in the edges' timelines.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<Date>,
    /// Its share of [`Graph::totals`] (`documents` is 1).
    #[serde(flatten)]
    pub totals: DocumentTotals,
}

/// The ledger's shared copy of document id `d` (a copy of its own if the ledger lacks it).
pub(super) fn ledger_key(ledger: &FxHashMap<ArcStr, LedgerEntry>, d: &ArcStr) -> ArcStr {
    match ledger.get_key_value(d.as_str()) {
        Some((k, _)) => k.clone(),
        None => ArcStr::from(d.as_str()),
    }
}

impl Graph {
    /// Whether the graph keeps its document ledger and per-document counts (the default):
    /// what makes [`Graph::add`] and [`Graph::merge`] count a document once, and replace one
    /// that changed.
    pub fn keeps_ledger(&self) -> bool {
        !self.no_ledger
    }

    /// Forgets the ledger and the nodes' and edges' per-document counts, and keeps none from
    /// now on, to save their memory (about 100 bytes a document plus 16 for each entity it
    /// mentions and each edge it gives evidence to) and their place in the JSON output.
    ///
    /// The price: documents can no longer be told apart. [`Graph::add`] of a document read
    /// before counts it again (it always returns [`Added::New`](super::Added::New)), and
    /// [`Graph::merge`] with or into such a graph counts the documents both sides hold twice,
    /// says so in [`MergeReport::without_ledger`](super::MergeReport::without_ledger) and
    /// gives a graph without a ledger. Merging stays associative and commutative for inputs
    /// that share no document. Cannot be undone.
    pub fn drop_ledger(&mut self) {
        self.no_ledger = true;
        self.ledger = FxHashMap::default();
        for &n in self.nodes.values() {
            self.graph[n].documents = Vec::new();
        }
        for &e in self.edges.iter() {
            self.graph[e].documents = Vec::new();
        }
    }

    /// This graph without a ledger (see [`Graph::drop_ledger`]), for building one:
    /// `Graph::with_limits(limits).without_ledger()`.
    ///
    /// ```
    /// use relgraph::{Document, Graph, Pipeline};
    /// let p = Pipeline::builder().build().unwrap();
    /// let doc = p.process(&Document::new("d", "Turkey and Israel held talks."));
    /// let mut g = Graph::new().without_ledger();
    /// g.add(&doc);
    /// g.add(&doc); // not recognised: counted twice
    /// assert!(!g.keeps_ledger() && g.ledger().is_empty());
    /// assert_eq!(g.totals().documents, 2);
    /// ```
    pub fn without_ledger(mut self) -> Graph {
        self.drop_ledger();
        self
    }

    /// Every document added, by id, with what it added (see [`LedgerEntry`]); empty if the
    /// graph keeps no ledger.
    pub fn ledger(&self) -> Vec<(&str, &LedgerEntry)> {
        let mut all: Vec<(&str, &LedgerEntry)> =
            self.ledger.iter().map(|(k, v)| (k.as_str(), v)).collect();
        all.sort_unstable_by(|a, b| a.0.cmp(b.0));
        all
    }

    /// What document `id` added, if the graph holds it.
    pub fn ledger_entry(&self, id: &str) -> Option<&LedgerEntry> {
        self.ledger.get(id)
    }

    /// Takes out every document of the ledger that `keep` refuses, as
    /// [`Graph::remove_documents`] does, and returns how many (used by
    /// [`crate::filter::DateWindow::apply`]).
    pub(crate) fn retain_documents(&mut self, keep: impl Fn(&str, &LedgerEntry) -> bool) -> usize {
        let gone: Vec<ArcStr> = self
            .ledger
            .iter()
            .filter(|(id, entry)| !keep(id, entry))
            .map(|(id, _)| id.clone())
            .collect();
        if !gone.is_empty() {
            self.remove_documents(&gone.iter().map(|id| id.as_str()).collect());
        }
        gone.len()
    }

    /// Takes the documents `ids` out of the graph: their share of every count, their items in
    /// the capped lists (which then keep what is left: items beyond a cap are not kept to
    /// fill the gap), the edges and entities nothing else gives, and their metadata. The
    /// edges' timelines are rebuilt from the documents that remain, and so are the aliases of
    /// a node whose mentions are all listed (otherwise they stay).
    pub(super) fn remove_documents(&mut self, ids: &FxHashSet<&str>) {
        let mut dates: FxHashMap<&str, Option<Date>> = FxHashMap::default();
        for id in ids {
            if let Some(entry) = self.ledger.remove(*id) {
                self.totals.sub(&entry.totals);
                dates.insert(id, entry.date);
            }
            self.meta.remove(*id);
        }
        self.documents.retain(|d| !ids.contains(d.id.as_str()));
        self.unresolved
            .retain(|u| !ids.contains(u.document.as_str()));
        let mut dropped = Vec::new();
        let ledger = &self.ledger;
        for &e in self.edges.iter() {
            let edge = &mut self.graph[e];
            if !edge.documents.iter().any(|(d, _)| ids.contains(d.as_str())) {
                continue;
            }
            edge.documents.retain(|(d, n)| {
                let gone = ids.contains(d.as_str());
                if gone {
                    edge.evidence_total = edge.evidence_total.saturating_sub(*n as usize);
                    if let (Some(t), Some(Some(date))) = (&mut edge.timeline, dates.get(d.as_str()))
                    {
                        t.uncount(*date, *n as usize);
                    }
                }
                !gone
            });
            // The months were counted down above, but the first and last dates cannot be: they
            // are rebuilt from the documents left, each dated by its ledger entry, whenever
            // those documents account for all of the edge's evidence (always, unless a
            // foreign graph was imported with counts that do not add up).
            let attributed: usize = edge.documents.iter().map(|(_, n)| *n as usize).sum();
            if attributed == edge.evidence_total {
                edge.timeline = timeline_of(
                    edge.documents
                        .iter()
                        .filter_map(|(d, n)| Some((ledger.get(d.as_str())?.date?, *n as usize))),
                );
            }
            edge.evidence.retain(|ev| !ids.contains(&*ev.document));
            if edge.evidence_total == 0 {
                dropped.push(e);
            }
        }
        let gone: FxHashSet<EdgeIndex> = dropped.iter().copied().collect();
        self.edges.retain(|e| !gone.contains(e));
        for e in dropped {
            self.graph.remove_edge(e);
        }
        let mut gone_nodes = Vec::new();
        for (id, &n) in &self.nodes {
            let node = &mut self.graph[n];
            let touched = node.documents.iter().any(|(d, _)| ids.contains(d.as_str()));
            node.documents.retain(|(d, c)| {
                let gone = ids.contains(d.as_str());
                if gone {
                    node.mention_count = node.mention_count.saturating_sub(*c as usize);
                }
                !gone
            });
            node.mentions.retain(|m| !ids.contains(&*m.document));
            // Aliases are the forms of the mentions. When every mention left is listed, an
            // alias only the documents taken out used goes with them; otherwise it cannot be
            // told from one an unlisted mention uses, and stays.
            if touched && node.mentions.len() == node.mention_count {
                let forms: FxHashSet<&str> = node
                    .mentions
                    .iter()
                    .filter(|m| !m.form.is_reference())
                    .map(|m| &*m.text)
                    .collect();
                node.aliases.retain(|a| forms.contains(a.as_str()));
            }
            let idle = self
                .graph
                .edges_directed(n, petgraph::Direction::Outgoing)
                .next()
                .is_none()
                && self
                    .graph
                    .edges_directed(n, petgraph::Direction::Incoming)
                    .next()
                    .is_none();
            if self.graph[n].mention_count == 0 && idle {
                gone_nodes.push(id.clone());
            }
        }
        for id in gone_nodes {
            if let Some(n) = self.nodes.remove(&id) {
                self.graph.remove_node(n);
            }
        }
    }
}
