//! Adding a document's results: its mentions to nodes, its relations to edges.

use petgraph::stable_graph::{EdgeIndex, NodeIndex};
use rustc_hash::FxHashSet;

use super::capped::{add_count, insert_capped};
use super::intern::add_alias;
use super::key::{target_index, KeyRef};
use super::ledger::LedgerEntry;
use super::timeline::add_date;
use super::{
    ArcStr, DocMeta, DocumentInfo, DocumentTotals, Edge, Evidence, Graph, MentionRecord, Node,
    Unresolved,
};
use crate::pipeline::{DocResult, EntityInfo, RelationOut, Span};
use crate::relate::RelationType;
use crate::text::Date;

/// What [`Graph::add`] did with a document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Added {
    /// A document the graph did not hold.
    New,
    /// A document with an id and a content hash the graph already held: nothing changed.
    Duplicate,
    /// A document with an id the graph held with another content: the earlier version was
    /// taken out first.
    Replaced,
}

impl Graph {
    /// Adds one document's results. The order documents are added in does not matter.
    ///
    /// A document is identified by its id and the hash of its text: one the graph already
    /// holds with the same hash changes nothing ([`Added::Duplicate`]); one it holds with
    /// another hash replaces the earlier version ([`Added::Replaced`]; the capped lists then
    /// keep what is left of the earlier items, and the edges' timelines are rebuilt from the
    /// documents that remain).
    pub fn add(&mut self, doc: &DocResult) -> Added {
        let mut added = Added::New;
        let ledger = self.keeps_ledger();
        if let Some(old) = self.ledger.get(doc.document.as_str()).filter(|_| ledger) {
            if old.sha256 == doc.sha256 {
                if let Some(m) = DocMeta::from_record(&doc.meta) {
                    self.add_meta(&doc.document, m, false);
                }
                return Added::Duplicate;
            }
            self.remove_documents(&FxHashSet::from_iter([doc.document.as_str()]));
            added = Added::Replaced;
        }
        let unresolved = doc.mentions.iter().filter(|m| m.entity().is_none()).count();
        let share = DocumentTotals {
            documents: 1,
            chars: doc.chars,
            bytes: doc.bytes,
            sentences: doc.sentences,
            mentions: doc.mentions.len(),
            relations: doc.relations.len(),
            unresolved,
        };
        self.totals.add(&share);
        // A date the pipeline wrote always parses; one from a foreign stream that does not is
        // no date.
        let date = doc.date.as_deref().and_then(|d| Date::parse(d).ok());
        let key = ArcStr::from(doc.document.as_str());
        if ledger {
            self.ledger.insert(
                key.clone(),
                LedgerEntry {
                    sha256: doc.sha256,
                    date,
                    totals: share,
                },
            );
        }
        insert_capped(
            &mut self.documents,
            self.limits.max_documents,
            DocumentInfo {
                id: doc.document.clone(),
                date: doc.date.clone(),
                chars: doc.chars,
                sentences: doc.sentences,
                mentions: doc.mentions.len(),
                relations: doc.relations.len(),
            },
        );
        let limits = self.limits;
        let document = match DocMeta::from_record(&doc.meta) {
            Some(m) => self.add_meta(&doc.document, m, true),
            None => key.clone(),
        };
        for m in &doc.mentions {
            let span = m.span();
            match m.entity() {
                Some(e) => {
                    let n = self.node(e).0;
                    let node = &self.graph[n];
                    let fits = node.mentions.len() < limits.max_mentions
                        || node.mentions.last().is_some_and(|last| {
                            (&*last.document, &last.span) >= (doc.document.as_str(), &span)
                        });
                    let text = fits.then(|| self.symbols.get(m.text()));
                    let (node, symbols) = (&mut self.graph[n], &mut self.symbols);
                    // A pronoun or description names nothing: not an alias.
                    if !m.form().is_reference() {
                        add_alias(&mut node.aliases, m.text(), symbols);
                    }
                    node.mention_count += 1;
                    if ledger {
                        add_count(&mut node.documents, &key, 1);
                    }
                    if let Some(text) = text {
                        insert_capped(
                            &mut node.mentions,
                            limits.max_mentions,
                            MentionRecord {
                                document: document.clone(),
                                span,
                                text,
                                form: m.form(),
                            },
                        );
                    }
                }
                None => insert_capped(
                    &mut self.unresolved,
                    limits.max_unresolved,
                    Unresolved {
                        document: doc.document.clone(),
                        span,
                        text: m.text().to_string(),
                        candidates: m.candidates().iter().map(|c| c.to_string()).collect(),
                    },
                ),
            }
        }
        let (mut ids, mut sentence) = (Vec::new(), None);
        for r in &doc.relations {
            self.add_relation(&document, &key, date, &r, &mut ids, &mut sentence);
        }
        added
    }

    /// The node of `e`, created if missing, and its id's shared copy.
    pub(super) fn node(&mut self, e: &EntityInfo) -> (NodeIndex, ArcStr) {
        if let Some((id, &n)) = self.nodes.get_key_value(&*e.id) {
            let id = id.clone();
            // Two sources disagreeing about an id's name or type (different gazetteer
            // versions): keep the smallest description, whatever the order of arrival.
            let node = &mut self.graph[n];
            if (e.kind, &*e.name, e.discovered) < (node.kind, node.name.as_str(), node.discovered) {
                node.kind = e.kind;
                node.name = e.name.to_string();
                node.discovered = e.discovered;
            }
            return (n, id);
        }
        let n = self.graph.add_node(Node {
            id: e.id.to_string(),
            name: e.name.to_string(),
            kind: e.kind,
            discovered: e.discovered,
            // A discovered entity's country, which no gazetteer lookup gives it.
            attrs: e.country.as_ref().map(|c| {
                Box::new(super::NodeAttrs {
                    country: Some(c.to_string()),
                    ..Default::default()
                })
            }),
            aliases: Vec::new(),
            mention_count: 0,
            mentions: Vec::new(),
            documents: Vec::new(),
        });
        let id = self.symbols.get(&e.id);
        self.nodes.insert(id.clone(), n);
        (n, id)
    }

    /// Adds one relation of `document` (counted, but making no edge, if it has too few
    /// arguments for its type: the pipeline and the importers never produce one).
    /// `ids` is a buffer for the arguments' shared ids, and `sentence` the last sentence
    /// interned for this document, both kept from one relation to the next: relations come in
    /// text order, and a sentence often holds several.
    fn add_relation(
        &mut self,
        document: &ArcStr,
        key: &ArcStr,
        date: Option<Date>,
        r: &RelationOut,
        ids: &mut Vec<ArcStr>,
        sentence: &mut Option<(Span, ArcStr)>,
    ) {
        if !r.kind.takes_args(r.args.len()) {
            return;
        }
        // A mediation links the mediator to each party; both edges name the full triple.
        let targets = match r.kind {
            RelationType::MediatesBetween => 1..r.args.len(),
            _ => 1..2,
        };
        // The source and targets are nodes; other arguments are only named in the key.
        ids.clear();
        for (i, a) in r.args.iter().enumerate() {
            ids.push(if i == 0 || targets.contains(&i) {
                self.node(a).1
            } else {
                self.symbols.get(&a.id)
            });
        }
        let ids = &ids[..];
        let role = r.role.as_deref().map(|x| self.symbols.get(x));
        for t in targets {
            // The extractor never relates an entity to itself, so the target is always found.
            let Some(target) = target_index(ids, &ids[t]) else {
                continue;
            };
            let e = self.edge(KeyRef {
                kind: r.kind,
                target,
                role: role.as_ref(),
                former: r.former && r.kind == RelationType::HoldsOffice,
                args: ids,
            });
            let cap = self.limits.max_evidence;
            let ledger = self.keeps_ledger();
            let edge = &self.graph[e];
            let fits = edge.evidence.len() < cap
                || edge.evidence.last().is_some_and(|last| {
                    (&*last.document, last.sentence_span()) >= (&**document, r.sentence_span)
                });
            let evidence = fits.then(|| {
                let text = match sentence {
                    Some((span, text)) if *span == r.sentence_span => text.clone(),
                    _ => {
                        let text = self.sentences.get(&r.sentence);
                        *sentence = Some((r.sentence_span, text.clone()));
                        text
                    }
                };
                Evidence::new(
                    document.clone(),
                    text,
                    r.sentence_span,
                    r.trigger_span,
                    self.symbols.get(&r.rule),
                )
                .with_codes(
                    r.cameo.as_deref().map(|c| self.symbols.get(c)),
                    r.plover.as_deref().map(|p| self.symbols.get(p)),
                )
                .with_date(date)
            });
            let edge = &mut self.graph[e];
            edge.evidence_total += 1;
            if ledger {
                add_count(&mut edge.documents, key, 1);
            }
            if let Some(d) = date {
                add_date(&mut edge.timeline, d);
            }
            if let Some(ev) = evidence {
                insert_capped(&mut edge.evidence, cap, ev);
            }
        }
    }

    /// The edge with this key, created (with no evidence) if missing; both nodes must exist.
    pub(super) fn edge(&mut self, key: KeyRef) -> EdgeIndex {
        if let Some(e) = self.find_edge(key) {
            return e;
        }
        let key = key.to_key();
        let (s, t) = (self.nodes[key.source()], self.nodes[key.target()]);
        let edge = Edge {
            key,
            evidence_total: 0,
            evidence: Vec::new(),
            timeline: None,
            documents: Vec::new(),
        };
        self.insert_edge(s, t, edge)
    }

    pub(super) fn find_edge(&self, key: KeyRef) -> Option<EdgeIndex> {
        let graph = &self.graph;
        self.edges
            .find(key.hash(), |&e| graph[e].key.as_ref() == key)
            .copied()
    }

    /// Adds `edge`, whose key must not be in the graph yet.
    pub(super) fn insert_edge(&mut self, s: NodeIndex, t: NodeIndex, edge: Edge) -> EdgeIndex {
        let hash = edge.key.as_ref().hash();
        let e = self.graph.add_edge(s, t, edge);
        let graph = &self.graph;
        self.edges
            .insert_unique(hash, e, |&x| graph[x].key.as_ref().hash());
        e
    }
}
