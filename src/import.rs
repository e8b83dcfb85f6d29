//! Reading written results back: the node-link JSON that [`crate::export::write`] writes
//! becomes a [`Graph`] plus its [`Provenance`] again, and so does a JSON Lines stream that
//! [`crate::export::JsonlWriter`] writes (its documents are added again, one at a time, so a stream
//! of any length takes the memory of its graph only). Partial results (shards of a corpus, one
//! per machine or per Spark partition) can then be merged with [`Graph::merge`].
//!
//! ```
//! use relgraph::{export, import, Document, Graph, Pipeline};
//! let pipeline = Pipeline::builder().build()?;
//! let mut graph = Graph::new();
//! graph.add(&pipeline.process(&Document::new("d", "Turkey and Israel held talks.")));
//! let provenance = export::Provenance::of(&pipeline);
//! let mut json = Vec::new();
//! export::write(&graph, &provenance, export::Format::Json, &mut json)?;
//!
//! let back = import::from_slice("d.json".as_ref(), &json)?;
//! let mut again = Vec::new();
//! export::write(&back.graph, &back.provenance, export::Format::Json, &mut again)?;
//! assert_eq!(json, again);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};
use std::io::{BufRead, Read};
use std::path::Path;

use serde::Deserialize;

use crate::error::{Error, Result};
use crate::export::Provenance;
use crate::gazetteer::SourceInfo;
use crate::graph::{
    Added, ArcStr, ContentHash, DocMeta, DocumentInfo, DocumentTotals, Edge, EdgeKey, Evidence,
    Graph, LedgerEntry, Limits, MentionRecord, MergeReport, Node, NodeAttrs, Timeline, Unresolved,
};
use crate::pipeline::Antecedent;
use crate::pipeline::{DocResult, EntityInfo, MentionOut, Mentions, RelationOut, Span};
use crate::relate::{RelationType, Status};
use crate::resolve::Form;
use crate::resolve::Resolution;
use crate::text::Date;

/// A graph read back from a file, with the provenance it was written with.
#[derive(Debug, Clone)]
pub struct Imported {
    /// The graph.
    pub graph: Graph,
    /// Who made it, with which gazetteers and rules.
    pub provenance: Provenance,
    /// Documents a JSON Lines stream held more than once (by id), each counted once: with
    /// the same content hash, or with another one (the later record's version kept).
    pub repeated: MergeReport,
    /// Documents of a stream outside the date window of [`read_jsonl_in`], left out.
    pub outside: usize,
}

#[derive(Deserialize)]
struct DocIn {
    graph: MetaIn,
    nodes: Vec<NodeIn>,
    edges: Vec<EdgeIn>,
}

#[derive(Deserialize)]
struct MetaIn {
    generated_by: String,
    gazetteers: Vec<SourceInfo>,
    rules: Vec<SourceInfo>,
    #[serde(default)]
    filter: Option<String>,
    limits: Option<Limits>,
    totals: Option<DocumentTotals>,
    documents: Vec<DocumentInfo>,
    #[serde(default)]
    document_meta: Vec<DocMetaIn>,
    unresolved: Vec<Unresolved>,
    /// Absent: the graph kept no ledger (`--no-ledger`).
    #[serde(default)]
    ledger: Option<Vec<LedgerIn>>,
}

#[derive(Deserialize)]
struct LedgerIn {
    id: String,
    #[serde(flatten)]
    entry: LedgerEntry,
}

#[derive(Deserialize)]
struct DocMetaIn {
    id: String,
    #[serde(flatten)]
    meta: DocMeta,
}

#[derive(Deserialize)]
struct NodeIn {
    #[serde(flatten)]
    entity: EntityIn,
    #[serde(flatten)]
    attrs: NodeAttrs,
    aliases: BTreeSet<String>,
    mention_count: usize,
    #[serde(default)]
    documents: BTreeMap<String, u32>,
    mentions: Vec<MentionRecord>,
}

#[derive(Deserialize)]
struct EdgeIn {
    source: String,
    target: String,
    #[serde(rename = "type")]
    kind: String,
    #[serde(default)]
    role: Option<String>,
    #[serde(default)]
    status: Option<String>,
    args: Vec<String>,
    #[serde(default)]
    symmetric: bool,
    weight: usize,
    #[serde(default)]
    first_seen: Option<Date>,
    #[serde(default)]
    last_seen: Option<Date>,
    #[serde(default)]
    months: BTreeMap<Date, usize>,
    #[serde(default)]
    documents: BTreeMap<String, u32>,
    evidence: Vec<Evidence>,
}

/// Counts per document as the graph keeps them.
fn counts(m: BTreeMap<String, u32>) -> Vec<(ArcStr, u32)> {
    m.into_iter().map(|(d, n)| (ArcStr::from(d), n)).collect()
}

/// A written relation type: a built-in or declared one, or else one a rule file of the run
/// that wrote it declared, declared here with the symmetry the record gives.
pub(crate) fn read_type(name: &str, symmetric: bool) -> std::result::Result<RelationType, String> {
    name.parse()
        .or_else(|unknown: String| RelationType::declare(name, symmetric).map_err(|_| unknown))
}

fn bad(path: &Path, line: Option<usize>, message: String) -> Error {
    Error::Input {
        path: path.to_path_buf(),
        line,
        message,
    }
}

/// Reads a relgraph JSON graph from `reader`; `path` names it in errors.
pub fn read_json(path: &Path, reader: impl Read) -> Result<Imported> {
    let doc = serde_json::from_reader(std::io::BufReader::with_capacity(1 << 16, reader));
    from_doc(path, doc)
}

/// Reads a relgraph JSON graph from bytes; `path` names it in errors.
pub fn from_slice(path: &Path, bytes: &[u8]) -> Result<Imported> {
    from_doc(path, serde_json::from_slice(bytes))
}

fn from_doc(path: &Path, doc: serde_json::Result<DocIn>) -> Result<Imported> {
    let doc = doc.map_err(|e| match e.classify() {
        serde_json::error::Category::Io => Error::io(path, e.into()),
        _ => bad(
            path,
            Some(e.line()),
            format!("not a relgraph JSON graph: {e}"),
        ),
    })?;
    let limits = doc.graph.limits.ok_or_else(|| {
        bad(
            path,
            None,
            "no `graph.limits`: written by an older relgraph; extract it again to merge it".into(),
        )
    })?;
    let totals = doc.graph.totals.ok_or_else(|| {
        bad(
            path,
            None,
            "no `graph.totals`: written by an older relgraph; extract it again to merge it".into(),
        )
    })?;
    let mut nodes = Vec::with_capacity(doc.nodes.len());
    for n in doc.nodes {
        let info = n.entity.into_info().map_err(|e| bad(path, None, e))?;
        // Both read a node's `country`: the entity's part takes it first.
        let mut attrs = n.attrs;
        if attrs.country.is_none() {
            attrs.country = info.country.as_deref().map(str::to_string);
        }
        if n.mention_count < n.mentions.len() {
            return Err(bad(
                path,
                None,
                format!(
                    "node {:?}: mention_count is less than its mentions",
                    info.id
                ),
            ));
        }
        nodes.push(Node {
            id: info.id.into_owned(),
            name: info.name.into_owned(),
            kind: info.kind,
            discovered: info.discovered,
            attrs: (attrs != NodeAttrs::default()).then(|| Box::new(attrs)),
            aliases: n.aliases.iter().map(|a| ArcStr::from(a.as_str())).collect(),
            mention_count: n.mention_count,
            mentions: n.mentions,
            documents: counts(n.documents),
        });
    }
    let mut edges = Vec::with_capacity(doc.edges.len());
    for e in doc.edges {
        let kind = read_type(&e.kind, e.symmetric).map_err(|m: String| {
            bad(
                path,
                None,
                format!("edge {} -> {}: {m}", e.source, e.target),
            )
        })?;
        if e.weight < e.evidence.len() {
            return Err(bad(
                path,
                None,
                format!(
                    "edge {} -> {}: weight is less than its evidence",
                    e.source, e.target
                ),
            ));
        }
        if e.args.first() != Some(&e.source) {
            return Err(bad(
                path,
                None,
                format!(
                    "edge {} -> {}: args must start with its source",
                    e.source, e.target
                ),
            ));
        }
        let args = e.args.iter().map(|a| ArcStr::from(a.as_str())).collect();
        let former = Status::parse_former(e.status.as_deref()).map_err(|m| {
            bad(
                path,
                None,
                format!("edge {} -> {}: {m}", e.source, e.target),
            )
        })?;
        let Some(key) = EdgeKey::new(kind, args, &e.target, e.role.as_deref().map(Into::into))
            .map(|k| k.with_former(former))
        else {
            return Err(bad(
                path,
                None,
                format!(
                    "edge {} -> {}: its target is not in its args",
                    e.source, e.target
                ),
            ));
        };
        let timeline = match (e.first_seen, e.last_seen) {
            (None, None) if e.months.is_empty() => None,
            (Some(first), Some(last))
                if first <= last
                    && e.months
                        .keys()
                        .all(|m| m.day().is_none() && m.month().is_some()) =>
            {
                Some(Box::new(Timeline {
                    first,
                    last,
                    months: e.months.into_iter().collect(),
                }))
            }
            _ => {
                return Err(bad(
                    path,
                    None,
                    format!(
                        "edge {} -> {}: `first_seen`, `last_seen` and `months` must come together, \
                         first before last, months as YYYY-MM",
                        e.source, e.target
                    ),
                ))
            }
        };
        edges.push(Edge {
            key,
            evidence_total: e.weight,
            evidence: e.evidence,
            timeline,
            documents: counts(e.documents),
        });
    }
    let meta = doc
        .graph
        .document_meta
        .into_iter()
        .map(|d| (d.id, d.meta))
        .collect();
    let graph = Graph::from_parts_with_meta(
        limits,
        totals,
        doc.graph.documents,
        doc.graph.unresolved,
        nodes,
        edges,
        meta,
    )
    .and_then(|g| match doc.graph.ledger {
        Some(ledger) => g.with_ledger(ledger.into_iter().map(|l| (l.id, l.entry)).collect()),
        // Per-document counts without a ledger to name their documents are of no use.
        None => Ok(g.without_ledger()),
    })
    .map_err(|m| bad(path, None, m))?;
    Ok(Imported {
        graph,
        provenance: Provenance {
            generated_by: doc.graph.generated_by,
            gazetteers: doc.graph.gazetteers,
            rules: doc.graph.rules,
            filter: doc.graph.filter,
        },
        repeated: MergeReport::default(),
        outside: 0,
    })
}

/// An entity as every output writes it: in a graph's nodes and in a stream's records.
#[derive(Deserialize)]
struct EntityIn {
    id: String,
    name: String,
    #[serde(rename = "type")]
    kind: String,
    #[serde(default)]
    discovered: bool,
    #[serde(default)]
    country: Option<String>,
}

// Unknown fields are ignored: a newer writer may add some.
#[derive(Deserialize)]
#[serde(tag = "type", rename_all = "lowercase")]
enum RecordIn {
    Document {
        id: String,
        #[serde(default)]
        date: Option<String>,
        chars: usize,
        bytes: usize,
        sentences: usize,
        mentions: usize,
        relations: usize,
        #[serde(default)]
        meta: BTreeMap<String, serde_json::Value>,
        #[serde(default)]
        sha256: Option<ContentHash>,
    },
    Mention {
        document: String,
        #[serde(flatten)]
        span: Span,
        text: String,
        entity: Option<EntityIn>,
        form: String,
        resolution: String,
        #[serde(default)]
        candidates: Vec<String>,
        #[serde(default)]
        antecedent: Option<Box<Antecedent>>,
    },
    Relation {
        document: String,
        relation: String,
        args: Vec<EntityIn>,
        #[serde(default)]
        role: Option<String>,
        rule: String,
        sentence: String,
        sentence_span: Span,
        trigger: String,
        trigger_span: Span,
        #[serde(default)]
        status: Option<String>,
        #[serde(default)]
        symmetric: bool,
        #[serde(default)]
        cameo: Option<String>,
        #[serde(default)]
        plover: Option<String>,
    },
    Summary {
        generated_by: String,
        #[serde(default)]
        gazetteers: Option<Vec<SourceInfo>>,
        #[serde(default)]
        rules: Option<Vec<SourceInfo>>,
        #[serde(default)]
        filter: Option<String>,
        documents: usize,
        mentions: usize,
        relations: usize,
    },
}

impl EntityIn {
    fn into_info(self) -> std::result::Result<EntityInfo<'static>, String> {
        Ok(EntityInfo {
            kind: self
                .kind
                .parse()
                .map_err(|e: String| format!("entity {:?}: {e}", self.id))?,
            id: self.id.into(),
            name: self.name.into(),
            discovered: self.discovered,
            country: self.country.map(Into::into),
        })
    }
}

/// The open document, which a mention or relation record of document `id` must belong to.
fn open_document<'d>(
    doc: &'d mut Option<(DocResult<'static>, usize, usize)>,
    id: &str,
) -> std::result::Result<&'d mut DocResult<'static>, String> {
    match doc {
        Some((d, ..)) if d.document == id => Ok(d),
        _ => Err(format!(
            "a record of document {id:?} outside that document's records"
        )),
    }
}

/// The output name among `names` equal to `value`: a stream is read back into the same
/// `&'static str`s the pipeline writes.
pub(crate) fn known(
    value: &str,
    names: impl IntoIterator<Item = &'static str> + Clone,
    what: &str,
) -> std::result::Result<&'static str, String> {
    names
        .clone()
        .into_iter()
        .find(|n| *n == value)
        .ok_or_else(|| {
            let all: Vec<&str> = names.into_iter().collect();
            format!(
                "unknown {what} {value:?} (expected one of {})",
                all.join(", ")
            )
        })
}

/// Reads a relgraph JSON Lines stream (`extract --format jsonl`) into a graph with `limits`,
/// one document at a time; `path` names it in errors, which carry the line number.
///
/// The stream must be complete: every document followed by as many mentions and relations as
/// it announces, and the summary line (with the provenance) last — a stream cut short by a
/// failed or killed writer is refused rather than merged as if it were whole.
pub fn read_jsonl(path: &Path, reader: impl BufRead, limits: Limits) -> Result<Imported> {
    read_jsonl_in(path, reader, limits, &crate::filter::DateWindow::default())
}

/// [`read_jsonl`], keeping only the documents dated in `window` (as `extract --since/--until`
/// keeps them: the graph is the one an extraction with that window gives). The stream is
/// checked whole all the same.
pub fn read_jsonl_in(
    path: &Path,
    reader: impl BufRead,
    limits: Limits,
    window: &crate::filter::DateWindow,
) -> Result<Imported> {
    let mut graph = Graph::with_limits(limits);
    let outside = std::cell::Cell::new(0usize);
    let mut doc: Option<(DocResult<'static>, usize, usize)> = None;
    let mut summary = None;
    let mut totals = (0, 0, 0);
    // A document is complete when its announced mentions and relations have all arrived.
    let finish = |doc: &mut Option<(DocResult<'static>, usize, usize)>,
                  graph: &mut Graph,
                  line: usize|
     -> Result<Option<(String, Added)>> {
        if let Some((d, mentions, relations)) = doc.take() {
            if d.mentions.len() != mentions || d.relations.len() != relations {
                return Err(bad(
                    path,
                    Some(line),
                    format!(
                        "document {:?} announced {mentions} mentions and {relations} relations but has {} and {}: the stream is incomplete or out of order",
                        d.document,
                        d.mentions.len(),
                        d.relations.len()
                    ),
                ));
            }
            if !window.keeps(&d) {
                outside.set(outside.get() + 1);
                return Ok(None);
            }
            let added = graph.add(&d);
            return Ok(Some((d.document, added)));
        }
        Ok(None)
    };
    let mut repeated = MergeReport::default();
    let mut note = |r: Option<(String, Added)>| match r {
        Some((id, Added::Duplicate)) => repeated.duplicates.push(id),
        Some((id, Added::Replaced)) => repeated.replaced.push(id),
        _ => {}
    };
    let mut line_no = 0;
    for line in reader.lines() {
        line_no += 1;
        let line = line.map_err(|e| Error::io(path, e))?;
        if line.trim().is_empty() {
            continue;
        }
        if summary.is_some() {
            return Err(bad(
                path,
                Some(line_no),
                "a record after the summary line".into(),
            ));
        }
        let record: RecordIn = serde_json::from_str(&line).map_err(|e| {
            bad(
                path,
                Some(line_no),
                format!("not a relgraph JSON Lines record: {e}"),
            )
        })?;
        let here = |m: String| bad(path, Some(line_no), m);
        match record {
            RecordIn::Document {
                id,
                date,
                chars,
                bytes,
                sentences,
                mentions,
                relations,
                meta,
                sha256,
            } => {
                note(finish(&mut doc, &mut graph, line_no)?);
                totals.0 += 1;
                totals.1 += mentions;
                totals.2 += relations;
                doc = Some((
                    DocResult {
                        document: id,
                        date,
                        chars,
                        bytes,
                        sentences,
                        mentions: {
                            let mut m = Mentions::new();
                            m.reserve(mentions.min(1 << 16));
                            m
                        },
                        relations: {
                            let mut r = crate::pipeline::Relations::new();
                            r.reserve(relations.min(1 << 16));
                            r
                        },
                        meta,
                        sha256,
                    },
                    mentions,
                    relations,
                ));
            }
            RecordIn::Mention {
                document,
                span,
                text,
                entity,
                form,
                resolution,
                candidates,
                antecedent,
            } => {
                let m = MentionOut {
                    span,
                    text,
                    entity: entity.map(EntityIn::into_info).transpose().map_err(here)?,
                    form: form
                        .parse::<Form>()
                        .map_err(|e| format!("mention: {e}"))
                        .map_err(here)?,
                    resolution: known(
                        &resolution,
                        Resolution::ALL.map(Resolution::as_str),
                        "resolution",
                    )
                    .map_err(here)?,
                    candidates: candidates.into_iter().map(Cow::Owned).collect(),
                    antecedent,
                };
                open_document(&mut doc, &document)
                    .map_err(here)?
                    .mentions
                    .push(m);
            }
            RecordIn::Relation {
                document,
                relation,
                args,
                role,
                rule,
                sentence,
                sentence_span,
                trigger,
                trigger_span,
                status,
                symmetric,
                cameo,
                plover,
            } => {
                if crate::graph::trigger_in(&sentence, sentence_span, trigger_span)
                    != Some(trigger.as_str())
                {
                    return Err(here(format!(
                        "relation trigger {trigger:?} is not the text of its span in its sentence"
                    )));
                }
                let kind = read_type(&relation, symmetric).map_err(here)?;
                if !kind.takes_args(args.len()) {
                    return Err(here(format!(
                        "a {kind} relation with {} arguments",
                        args.len()
                    )));
                }
                let r = RelationOut {
                    kind,
                    args: args
                        .into_iter()
                        .map(EntityIn::into_info)
                        .collect::<std::result::Result<_, _>>()
                        .map_err(here)?,
                    role: role.map(Cow::Owned),
                    rule: Cow::Owned(rule),
                    sentence: sentence.into(),
                    sentence_span,
                    trigger,
                    trigger_span,
                    former: Status::parse_former(status.as_deref()).map_err(here)?,
                    cameo: cameo.map(Cow::Owned),
                    plover: plover.map(Cow::Owned),
                };
                open_document(&mut doc, &document)
                    .map_err(here)?
                    .relations
                    .push(r);
            }
            RecordIn::Summary {
                generated_by,
                gazetteers,
                rules,
                filter,
                documents,
                mentions,
                relations,
            } => {
                note(finish(&mut doc, &mut graph, line_no)?);
                if (documents, mentions, relations) != totals {
                    return Err(here(format!(
                        "the summary counts {documents} documents, {mentions} mentions and {relations} relations but the stream has {}, {} and {}",
                        totals.0, totals.1, totals.2
                    )));
                }
                let (Some(gazetteers), Some(rules)) = (gazetteers, rules) else {
                    return Err(here(
                        "the summary names no gazetteers and rules: written by an older relgraph; extract it again to merge it".into(),
                    ));
                };
                summary = Some(Provenance {
                    generated_by,
                    gazetteers,
                    rules,
                    filter,
                });
            }
        }
    }
    let provenance = summary.ok_or_else(|| {
        bad(
            path,
            Some(line_no),
            "no summary line at the end: the stream is incomplete (was its writer interrupted?)"
                .into(),
        )
    })?;
    Ok(Imported {
        graph,
        provenance,
        repeated,
        outside: outside.get(),
    })
}

#[cfg_attr(not(feature = "cli"), allow(dead_code))]
/// Whether `bytes` (the start of a file) look like a JSON Lines stream rather than a JSON
/// graph: a stream's first line is a whole record with a `type`, a graph's is not.
pub(crate) fn looks_like_jsonl(bytes: &[u8]) -> bool {
    let first = bytes.split(|&b| b == b'\n').next().unwrap_or_default();
    serde_json::from_slice::<serde_json::Value>(first)
        .is_ok_and(|v| v.get("type").is_some_and(serde_json::Value::is_string))
}

#[cfg_attr(not(feature = "cli"), allow(dead_code))]
/// Why two provenances may not be merged: `None` when they are the same (same relgraph
/// version, same gazetteer and rule files with the same hashes, in the same order).
pub(crate) fn provenance_mismatch(a: &Provenance, b: &Provenance) -> Option<String> {
    // A filtered graph lacks what the filter dropped, so merging it would not equal one run.
    if let Some(f) = a.filter.as_ref().or(b.filter.as_ref()) {
        return Some(format!(
            "filtered ({f}); merge unfiltered partial graphs and filter the result"
        ));
    }
    if a.generated_by != b.generated_by {
        return Some(format!(
            "made by different versions ({} and {})",
            a.generated_by, b.generated_by
        ));
    }
    let list = |s: &[SourceInfo]| {
        s.iter()
            .map(|i| format!("{} ({})", i.name, i.sha256))
            .collect::<Vec<_>>()
            .join(", ")
    };
    if a.gazetteers != b.gazetteers {
        return Some(format!(
            "made with different gazetteers: [{}] and [{}]",
            list(&a.gazetteers),
            list(&b.gazetteers)
        ));
    }
    if a.rules != b.rules {
        return Some(format!(
            "made with different rules: [{}] and [{}]",
            list(&a.rules),
            list(&b.rules)
        ));
    }
    None
}

#[cfg_attr(not(feature = "cli"), allow(dead_code))]
/// The provenance a merge reports when the inputs differ (forced merges): the smallest by
/// its JSON form, so the choice does not depend on the order of the inputs.
pub(crate) fn canonical_provenance<'a>(
    all: impl IntoIterator<Item = &'a Provenance>,
) -> Provenance {
    all.into_iter()
        .min_by_key(|p| serde_json::to_string(p).unwrap_or_default())
        .cloned()
        .unwrap_or_default()
}
