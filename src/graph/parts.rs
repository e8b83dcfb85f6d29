//! Rebuilding a graph from its written parts (importing a graph).

use super::capped::sorted_capped;
use super::intern::Interner;
use super::{
    ArcStr, DocMeta, DocumentInfo, DocumentTotals, Edge, Graph, LedgerEntry, Limits, Node,
    Unresolved,
};

impl Graph {
    /// Rebuilds a graph from its parts (for importing a written graph): `nodes` and `edges`
    /// must reference each other consistently; lists are re-sorted and capped to `limits`.
    /// The documents' metadata (`graph.document_meta`) is shared by the evidence and
    /// mentions of those documents.
    pub(crate) fn from_parts_with_meta(
        limits: Limits,
        totals: DocumentTotals,
        documents: Vec<DocumentInfo>,
        unresolved: Vec<Unresolved>,
        mut nodes: Vec<Node>,
        mut edges: Vec<Edge>,
        meta: Vec<(String, DocMeta)>,
    ) -> std::result::Result<Graph, String> {
        let mut g = Graph::with_limits(limits);
        for (id, m) in meta {
            g.add_meta(&id, m, false);
        }
        if !g.meta.is_empty() {
            let mut symbols = Interner::default();
            for n in &mut nodes {
                for m in &mut n.mentions {
                    m.document = Graph::doc_id(&g.meta, &mut symbols, &m.document);
                }
            }
            for e in &mut edges {
                for ev in &mut e.evidence {
                    ev.document = Graph::doc_id(&g.meta, &mut symbols, &ev.document);
                }
            }
        }
        g.totals = totals;
        g.documents = sorted_capped(documents, limits.max_documents);
        g.unresolved = sorted_capped(unresolved, limits.max_unresolved);
        for mut n in nodes {
            if g.nodes.contains_key(n.id.as_str()) {
                return Err(format!("node {:?} appears twice", n.id));
            }
            n.mentions.sort();
            n.mentions.truncate(limits.max_mentions);
            let id = g.symbols.get(&n.id);
            let i = g.graph.add_node(n);
            g.nodes.insert(id, i);
        }
        for mut e in edges {
            let (source, target) = (e.key.source(), e.key.target());
            let (Some(&s), Some(&t)) = (g.nodes.get(source), g.nodes.get(target)) else {
                return Err(format!(
                    "edge {source} -> {target} references a node that is not in the graph"
                ));
            };
            if g.find_edge(e.key.as_ref()).is_some() {
                return Err(format!(
                    "edge {source} -[{}]-> {target} appears twice",
                    e.key.kind()
                ));
            }
            e.evidence.sort();
            e.evidence.truncate(limits.max_evidence);
            g.insert_edge(s, t, e);
        }
        Ok(g)
    }

    /// Records `entries` as the documents this graph was made of (for importing a written
    /// graph), and makes the nodes' and edges' per-document counts share their ids.
    pub(crate) fn with_ledger(
        mut self,
        entries: Vec<(String, LedgerEntry)>,
    ) -> std::result::Result<Graph, String> {
        for (id, entry) in entries {
            if self
                .ledger
                .insert(ArcStr::from(id.as_str()), entry)
                .is_some()
            {
                return Err(format!("document {id:?} is in the ledger twice"));
            }
        }
        let ledger = &self.ledger;
        let rekey = |counts: &mut Vec<(ArcStr, u32)>| -> std::result::Result<(), String> {
            counts.sort_unstable_by(|a, b| a.0.cmp(&b.0));
            for (d, _) in counts.iter_mut() {
                match ledger.get_key_value(d.as_str()) {
                    Some((k, _)) => *d = k.clone(),
                    None => return Err(format!("document {:?} is not in the ledger", d.as_str())),
                }
            }
            if counts.windows(2).any(|w| w[0].0 == w[1].0) {
                return Err("a document counted twice in one list".into());
            }
            Ok(())
        };
        for &n in self.nodes.values() {
            rekey(&mut self.graph[n].documents)?;
        }
        for &e in self.edges.iter() {
            rekey(&mut self.graph[e].documents)?;
        }
        Ok(self)
    }
}
