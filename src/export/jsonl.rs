//! JSON Lines: one tagged record per line, written as documents complete, for grep, jq,
//! spreadsheets and pipelines.
//!
//! ```text
//! {"type":"document","id":"…","date":"2020-12-22","chars":4850,"bytes":4882,"sentences":41,"mentions":91,"relations":21}
//! {"type":"mention","document":"…","start":0,"end":10,"byte_start":0,"byte_end":10,"text":"Azerbaijan","entity":{"id":"country:az","name":"Azerbaijan","type":"COUNTRY"},"form":"name","resolution":"unique"}
//! {"type":"relation","document":"…","relation":"talks_with","args":[…],"rule":"…","sentence":"…","sentence_span":{…},"trigger":"…","trigger_span":{…}}
//! {"type":"summary","generated_by":"relgraph 0.1.0","gazetteers":[…],"rules":[…],"documents":1,"mentions":91,"relations":21,"entities":35,"edges":23,"skipped":0}
//! ```
//!
//! A [`JsonlWriter`] is fed each [`DocResult`] as it completes (in any order the caller
//! chooses; the CLI uses input order) and finished with a summary line. The summary carries
//! the [`Provenance`], and the document records carry every mention and relation, so
//! [`crate::import::read_jsonl`] can rebuild the graph from a stream and `relgraph merge` can
//! combine streams with graphs.

use std::collections::BTreeMap;
use std::io::{self, Write};

use serde::Serialize;

use super::Provenance;
use crate::filter::GraphFilter;
use crate::pipeline::{DocResult, EntityInfo, MentionRef, RelationOut, Span};
use crate::relate::{RelationType, Status};

#[derive(Serialize)]
#[serde(tag = "type", rename_all = "lowercase")]
enum Record<'a> {
    Document {
        id: &'a str,
        #[serde(skip_serializing_if = "Option::is_none")]
        date: Option<&'a str>,
        chars: usize,
        bytes: usize,
        sentences: usize,
        mentions: usize,
        relations: usize,
        #[serde(skip_serializing_if = "BTreeMap::is_empty")]
        meta: &'a BTreeMap<String, serde_json::Value>,
        #[serde(skip_serializing_if = "Option::is_none")]
        sha256: Option<crate::graph::ContentHash>,
    },
    Mention {
        document: &'a str,
        #[serde(flatten)]
        mention: MentionRef<'a, 'a>,
    },
    Relation {
        document: &'a str,
        relation: &'static str,
        args: &'a [EntityInfo<'a>],
        #[serde(skip_serializing_if = "Option::is_none")]
        role: Option<&'a str>,
        rule: &'a str,
        sentence: &'a str,
        sentence_span: Span,
        trigger: &'a str,
        trigger_span: Span,
        #[serde(skip_serializing_if = "Option::is_none")]
        status: Option<&'static str>,
        /// Written for declared types, whose symmetry a reader cannot know otherwise.
        #[serde(skip_serializing_if = "std::ops::Not::not")]
        symmetric: bool,
        #[serde(skip_serializing_if = "Option::is_none")]
        cameo: Option<&'a str>,
        #[serde(skip_serializing_if = "Option::is_none")]
        plover: Option<&'a str>,
    },
    Summary(&'a Summary),
}

/// Totals written as the last record.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Summary {
    /// Who wrote the stream, with which gazetteers and rules.
    #[serde(flatten)]
    pub provenance: Provenance,
    /// Documents written.
    pub documents: usize,
    /// Mention records written.
    pub mentions: usize,
    /// Relation records written.
    pub relations: usize,
    /// Entities in the (filtered) graph.
    pub entities: usize,
    /// Edges in the (filtered) graph.
    pub edges: usize,
    /// Inputs skipped because they could not be read.
    pub skipped: usize,
}

/// Streams documents as JSON Lines.
#[derive(Debug)]
pub struct JsonlWriter<W: Write> {
    out: W,
    filter: GraphFilter,
    documents: usize,
    mentions: usize,
    relations: usize,
}

impl<W: Write> JsonlWriter<W> {
    /// A writer into `out`. Only the filter's entity types apply per document (mentions of
    /// other types, and relations with an argument of another type, are left out); weight and
    /// top-N are graph-level and do not apply to the stream.
    pub fn new(out: W, filter: &GraphFilter) -> JsonlWriter<W> {
        JsonlWriter {
            out,
            filter: filter.clone(),
            documents: 0,
            mentions: 0,
            relations: 0,
        }
    }

    fn record(&mut self, r: &Record) -> io::Result<()> {
        write_record(&mut self.out, r)
    }

    /// Writes one document's records: the document, then its mentions and relations in text
    /// order.
    pub fn write_document(&mut self, doc: &DocResult) -> io::Result<()> {
        let (filter, out) = (&self.filter, &mut self.out);
        let keep_mention = |m: &MentionRef| {
            m.entity()
                .map_or(filter.types.is_none(), |e| filter.keeps_type(e.kind))
        };
        // Counted, then read again: a list of a large document's mentions would cost memory
        // in proportion to it.
        let mentions = doc.mentions.iter().filter(keep_mention).count();
        // Likewise the relations, whose records are made as they are read: counted without
        // a type filter, counted and read again with one.
        let keep_relation = |r: &RelationOut| r.args.iter().all(|a| filter.keeps_type(a.kind));
        let relations = match filter.types {
            None => doc.relations.len(),
            Some(_) => doc.relations.iter().filter(keep_relation).count(),
        };
        write_record(
            out,
            &Record::Document {
                id: &doc.document,
                date: doc.date.as_deref(),
                chars: doc.chars,
                bytes: doc.bytes,
                sentences: doc.sentences,
                mentions,
                relations,
                meta: &doc.meta,
                sha256: doc.sha256,
            },
        )?;
        for m in doc.mentions.iter().filter(keep_mention) {
            write_record(
                out,
                &Record::Mention {
                    document: &doc.document,
                    mention: m,
                },
            )?;
        }
        for r in doc.relations.iter().filter(keep_relation) {
            write_record(
                out,
                &Record::Relation {
                    document: &doc.document,
                    relation: r.kind.as_str(),
                    args: &r.args,
                    role: r.role.as_deref(),
                    rule: &r.rule,
                    sentence: &r.sentence,
                    sentence_span: r.sentence_span,
                    trigger: &r.trigger,
                    trigger_span: r.trigger_span,
                    status: Status::of(r.kind, r.former).map(Status::as_str),
                    symmetric: matches!(r.kind, RelationType::Declared(_)) && r.kind.is_symmetric(),
                    cameo: r.cameo.as_deref(),
                    plover: r.plover.as_deref(),
                },
            )?;
        }
        self.documents += 1;
        self.mentions += mentions;
        self.relations += relations;
        Ok(())
    }

    /// Writes the summary line (its `documents`, `mentions` and `relations` are the counts
    /// written; the other fields are taken from `summary`), flushes, and returns the output.
    pub fn finish(mut self, summary: &Summary) -> io::Result<W> {
        let s = Summary {
            documents: self.documents,
            mentions: self.mentions,
            relations: self.relations,
            ..summary.clone()
        };
        self.record(&Record::Summary(&s))?;
        self.out.flush()?;
        Ok(self.out)
    }
}

fn write_record<W: Write>(out: &mut W, r: &Record) -> io::Result<()> {
    serde_json::to_writer(&mut *out, r)?;
    out.write_all(b"\n")
}
