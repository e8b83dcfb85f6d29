//! What the graph keeps about documents: summaries, totals, unresolved mentions and the
//! metadata stored once per document.

use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};

use super::intern::Interner;
use super::{ArcStr, Graph};
use crate::pipeline::Span;

/// Summary of a processed document, kept in the graph's metadata. Ordered by id first.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct DocumentInfo {
    /// Document id.
    pub id: String,
    /// Date, if known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
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

/// What a document's input record says about where it comes from: the JSON Lines fields
/// `title`, `url` and `source` (strings; others are not kept in the graph). Stored once per
/// document in the graph ([`Graph::document_meta`]) and found from evidence by its document
/// id, not copied into every piece of evidence.
#[derive(Debug, Clone, Default, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct DocMeta {
    /// Headline.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// Where it was published.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// Publisher or feed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
}

impl DocMeta {
    /// The fields of a record's metadata, if it has any of them as strings.
    pub(crate) fn from_record(
        meta: &std::collections::BTreeMap<String, serde_json::Value>,
    ) -> Option<DocMeta> {
        let field = |k: &str| meta.get(k).and_then(|v| v.as_str()).map(str::to_string);
        let m = DocMeta {
            title: field("title"),
            url: field("url"),
            source: field("source"),
        };
        (m != DocMeta::default()).then_some(m)
    }
}

/// Totals over every document added, whether or not it is listed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocumentTotals {
    /// Documents.
    pub documents: usize,
    /// Characters.
    pub chars: usize,
    /// Bytes.
    pub bytes: usize,
    /// Sentences.
    pub sentences: usize,
    /// Mentions (resolved or not).
    pub mentions: usize,
    /// Relations.
    pub relations: usize,
    /// Unresolved mentions.
    pub unresolved: usize,
}

impl DocumentTotals {
    pub(super) fn add(&mut self, o: &DocumentTotals) {
        self.documents += o.documents;
        self.chars += o.chars;
        self.bytes += o.bytes;
        self.sentences += o.sentences;
        self.mentions += o.mentions;
        self.relations += o.relations;
        self.unresolved += o.unresolved;
    }

    pub(super) fn sub(&mut self, o: &DocumentTotals) {
        self.documents = self.documents.saturating_sub(o.documents);
        self.chars = self.chars.saturating_sub(o.chars);
        self.bytes = self.bytes.saturating_sub(o.bytes);
        self.sentences = self.sentences.saturating_sub(o.sentences);
        self.mentions = self.mentions.saturating_sub(o.mentions);
        self.relations = self.relations.saturating_sub(o.relations);
        self.unresolved = self.unresolved.saturating_sub(o.unresolved);
    }
}

/// A mention that could not be resolved to one entity. Ordered by (document, span, text).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
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

impl Graph {
    /// The shared id of a document with metadata `m`, its metadata stored once (the smallest,
    /// if two sources disagree, so the order documents arrive in does not matter). With
    /// `sweep`, entries nothing uses any more may be dropped first (not while a merge or an
    /// import is adding entries whose records come after them).
    pub(super) fn add_meta(&mut self, id: &str, m: DocMeta, sweep: bool) -> ArcStr {
        if let Some((key, old)) = self.meta.get_key_value(id) {
            let key = key.clone();
            if m < *old {
                self.meta.insert(key.clone(), m);
            }
            return key;
        }
        if sweep && self.meta.len() >= self.meta_sweep_at {
            self.meta
                .retain(|k, _| ArcStr::strong_count(k).is_none_or(|n| n > 1));
            self.meta_sweep_at = (self.meta.len() * 2).max(Interner::MIN_SWEEP);
        }
        let key = ArcStr::from(id);
        self.meta.insert(key.clone(), m);
        key
    }

    /// The shared copy of a document id taken from another graph: the metadata table's, if
    /// the document has metadata (so the table sees who uses it), else the interned one.
    pub(super) fn doc_id(
        meta: &FxHashMap<ArcStr, DocMeta>,
        symbols: &mut Interner,
        id: &ArcStr,
    ) -> ArcStr {
        match meta.get_key_value(&**id) {
            Some((k, _)) => k.clone(),
            None => symbols.get(id),
        }
    }

    /// The metadata (title, URL, source) of document `id`, if its record had any and a piece
    /// of evidence or a mention from it is kept.
    pub fn document_meta(&self, id: &str) -> Option<&DocMeta> {
        self.meta.get(id)
    }

    /// The metadata of every document that kept evidence refers to, by id: what the JSON
    /// graph writes once per document (`graph.document_meta`).
    pub fn evidence_meta(&self) -> Vec<(&str, &DocMeta)> {
        let mut ids: Vec<&str> = self
            .edges
            .iter()
            .flat_map(|&e| self.graph[e].evidence.iter().map(|ev| &*ev.document))
            .filter(|id| self.meta.contains_key(*id))
            .collect();
        ids.sort_unstable();
        ids.dedup();
        ids.into_iter().map(|id| (id, &self.meta[id])).collect()
    }
}
