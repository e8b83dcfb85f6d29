//! Merging one graph into another.

use std::borrow::Cow;

use rustc_hash::FxHashSet;

use super::attrs::merge_attrs;
use super::capped::{add_count, merge_capped};
use super::intern::add_alias;
use super::key::KeyRef;
use super::ledger::ledger_key;
use super::{ArcStr, DocMeta, Graph, MentionRecord};
use crate::pipeline::EntityInfo;

/// Documents both sides of a [`Graph::merge`] held, by id.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MergeReport {
    /// Same id, same content hash: counted once.
    pub duplicates: Vec<String>,
    /// Same id, another content hash: the merged-in graph's version replaced this graph's.
    pub replaced: Vec<String>,
    /// One of the two graphs kept no ledger (see [`Graph::drop_ledger`]): documents both
    /// held, if any, could not be told and are counted twice, and the merged graph keeps no
    /// ledger either.
    pub without_ledger: bool,
}

/// `items` without those of the documents in `skip`.
fn without<'a, T: Clone>(
    items: &'a [T],
    skip: &FxHashSet<&str>,
    doc: impl Fn(&T) -> &str,
) -> Cow<'a, [T]> {
    if skip.is_empty() || !items.iter().any(|x| skip.contains(doc(x))) {
        return Cow::Borrowed(items);
    }
    Cow::Owned(
        items
            .iter()
            .filter(|x| !skip.contains(doc(x)))
            .cloned()
            .collect(),
    )
}

impl Graph {
    /// Adds everything in `other` to this graph. Associative and commutative; the result has
    /// the tighter of the two graphs' [`Limits`](super::Limits) (see the module docs).
    ///
    /// A document both graphs hold (same id, same content hash) is counted once; one they
    /// hold with different hashes is `other`'s version (this graph's is taken out first, as
    /// [`Graph::add`] does), so only such conflicts make the order of merges matter. The
    /// report names both kinds.
    ///
    /// If either graph keeps no ledger, no document can be recognised: the result keeps no
    /// ledger, and [`MergeReport::without_ledger`] says so.
    pub fn merge(&mut self, other: &Graph) -> MergeReport {
        let mut report = MergeReport::default();
        if !other.keeps_ledger() && self.keeps_ledger() {
            self.drop_ledger();
        }
        // With no ledger on this side, the other side's is of no use: nothing is matched,
        // and its per-document counts are not kept.
        let counted = self.keeps_ledger();
        report.without_ledger = !counted;
        let theirs_ledger = if counted { other.ledger() } else { Vec::new() };
        let mut skip: FxHashSet<&str> = FxHashSet::default();
        let mut replace: FxHashSet<&str> = FxHashSet::default();
        for &(id, theirs) in &theirs_ledger {
            if let Some(mine) = self.ledger.get(id) {
                if mine.sha256 == theirs.sha256 {
                    skip.insert(id);
                    report.duplicates.push(id.to_string());
                } else {
                    replace.insert(id);
                    report.replaced.push(id.to_string());
                }
            }
        }
        if !replace.is_empty() {
            self.remove_documents(&replace);
        }
        let limits = self.limits.min(other.limits);
        if limits != self.limits {
            self.limits = limits;
            self.documents.truncate(limits.max_documents);
            self.unresolved.truncate(limits.max_unresolved);
            for n in self.nodes.values() {
                self.graph[*n].mentions.truncate(limits.max_mentions);
            }
            for e in &self.edges {
                self.graph[*e].evidence.truncate(limits.max_evidence);
            }
        }
        self.totals.add(&other.totals);
        for &(id, theirs) in &theirs_ledger {
            if skip.contains(id) {
                self.totals.sub(&theirs.totals);
            } else {
                self.ledger.insert(ArcStr::from(id), theirs.clone());
            }
        }
        let mut theirs_meta: Vec<(&ArcStr, &DocMeta)> = other.meta.iter().collect();
        theirs_meta.sort_unstable_by(|a, b| a.0.cmp(b.0));
        for (id, m) in theirs_meta {
            self.add_meta(id, m.clone(), false);
        }
        // `other`'s lists without the documents this graph already holds: their items are
        // here already.
        merge_capped(
            &mut self.documents,
            &without(&other.documents, &skip, |d| &d.id),
            limits.max_documents,
            Clone::clone,
        );
        merge_capped(
            &mut self.unresolved,
            &without(&other.unresolved, &skip, |u| &u.document),
            limits.max_unresolved,
            Clone::clone,
        );
        // What is kept from `other` shares this graph's strings, as if it had been added here
        // (an imported graph has a copy of every string in every record).
        for theirs in other.nodes() {
            let info = EntityInfo {
                id: Cow::Borrowed(&theirs.id),
                name: Cow::Borrowed(&theirs.name),
                kind: theirs.kind,
                discovered: theirs.discovered,
                country: None,
            };
            let n = self.node(&info).0;
            let (node, symbols, meta, ledger) = (
                &mut self.graph[n],
                &mut self.symbols,
                &self.meta,
                &self.ledger,
            );
            for alias in &theirs.aliases {
                add_alias(&mut node.aliases, alias, symbols);
            }
            merge_attrs(&mut node.attrs, theirs.attrs.as_deref());
            node.mention_count += theirs.mention_count;
            for (d, c) in theirs.documents.iter().filter(|_| counted) {
                if skip.contains(d.as_str()) {
                    node.mention_count = node.mention_count.saturating_sub(*c as usize);
                } else {
                    add_count(&mut node.documents, &ledger_key(ledger, d), *c);
                }
            }
            merge_capped(
                &mut node.mentions,
                &without(&theirs.mentions, &skip, |m| &m.document),
                limits.max_mentions,
                |m| MentionRecord {
                    document: Graph::doc_id(meta, symbols, &m.document),
                    span: m.span,
                    text: symbols.get(&m.text),
                    form: m.form,
                },
            );
        }
        let mut args = Vec::new();
        for theirs in other.edges() {
            let theirs_key = theirs.key.as_ref();
            args.clear();
            args.extend(theirs_key.args.iter().map(|a| self.symbols.get(a)));
            let role = theirs_key.role.map(|r| self.symbols.get(r));
            let e = self.edge(KeyRef {
                role: role.as_ref(),
                args: &args,
                ..theirs_key
            });
            let (edge, symbols, sentences, meta, ledger) = (
                &mut self.graph[e],
                &mut self.symbols,
                &mut self.sentences,
                &self.meta,
                &self.ledger,
            );
            edge.evidence_total += theirs.evidence_total;
            match (&mut edge.timeline, &theirs.timeline) {
                (Some(t), Some(o)) => t.merge(o),
                (t @ None, Some(o)) => *t = Some(o.clone()),
                (_, None) => {}
            }
            for (d, c) in theirs.documents.iter().filter(|_| counted) {
                if skip.contains(d.as_str()) {
                    // Counted here already: once, not twice (the first and last dates are
                    // this graph's already too).
                    edge.evidence_total = edge.evidence_total.saturating_sub(*c as usize);
                    let date = other.ledger.get(d.as_str()).and_then(|l| l.date);
                    if let (Some(t), Some(date)) = (&mut edge.timeline, date) {
                        t.uncount(date, *c as usize);
                    }
                } else {
                    add_count(&mut edge.documents, &ledger_key(ledger, d), *c);
                }
            }
            merge_capped(
                &mut edge.evidence,
                &without(&theirs.evidence, &skip, |ev| &ev.document),
                limits.max_evidence,
                |ev| {
                    let mut ev = ev.clone();
                    ev.document = Graph::doc_id(meta, symbols, &ev.document);
                    ev.sentence = sentences.get(&ev.sentence);
                    ev.rule = symbols.get(&ev.rule);
                    ev.cameo = ev.cameo.as_ref().map(|c| symbols.get(c));
                    ev.plover = ev.plover.as_ref().map(|p| symbols.get(p));
                    ev
                },
            );
        }
        report
    }
}
