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

use std::borrow::Cow;
use std::cmp::Ordering;
use std::collections::BTreeSet;
use std::hash::BuildHasher;

pub use arcstr::ArcStr;
use hashbrown::HashTable;
use petgraph::stable_graph::{EdgeIndex, NodeIndex, StableDiGraph};
use rustc_hash::{FxBuildHasher, FxHashMap, FxHashSet};
use serde::{Deserialize, Serialize};

use crate::gazetteer::EntityType;
use crate::pipeline::{DocResult, EntityInfo, RelationOut, Span};
use crate::relate::{RelationType, Status};
use crate::resolve::Form;
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
/// evidence to, in [`Node::documents`] and [`Edge::documents`]), so that a merge can tell a
/// document it already holds and take it out again.
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

/// Documents both sides of a [`Graph::merge`] held, by id.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MergeReport {
    /// Same id, same content hash: counted once.
    pub duplicates: Vec<String>,
    /// Same id, another content hash: the merged-in graph's version replaced this graph's.
    pub replaced: Vec<String>,
}

/// Adds `n` to `key`'s count in the list sorted by key.
fn add_count(counts: &mut Vec<(ArcStr, u32)>, key: &ArcStr, n: u32) {
    if let Some(last) = counts.last_mut() {
        if ArcStr::ptr_eq(&last.0, key) || last.0 == *key {
            last.1 += n;
            return;
        }
        if last.0 < *key {
            counts.push((key.clone(), n));
            return;
        }
    }
    match counts.binary_search_by(|(k, _)| k.as_str().cmp(key)) {
        Ok(i) => counts[i].1 += n,
        Err(i) => counts.insert(i, (key.clone(), n)),
    }
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

/// The ledger's shared copy of document id `d` (a copy of its own if the ledger lacks it).
fn ledger_key(ledger: &FxHashMap<ArcStr, LedgerEntry>, d: &ArcStr) -> ArcStr {
    match ledger.get_key_value(d.as_str()) {
        Some((k, _)) => k.clone(),
        None => ArcStr::from(d.as_str()),
    }
}

/// How many items the per-document lists keep (the smallest in canonical order); counts are
/// always complete.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Limits {
    /// Evidence items kept per edge (`--max-evidence`).
    pub max_evidence: usize,
    /// Mentions kept per node (`--max-mentions`).
    pub max_mentions: usize,
    /// Document summaries kept in the graph metadata (`--max-documents`).
    pub max_documents: usize,
    /// Unresolved mentions kept in the graph metadata (`--max-unresolved`).
    pub max_unresolved: usize,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            max_evidence: 20,
            max_mentions: 20,
            max_documents: 1000,
            max_unresolved: 1000,
        }
    }
}

impl Limits {
    /// The tighter of two limits, field by field: what a merge of graphs made with each can
    /// still report exactly.
    pub fn min(self, other: Limits) -> Limits {
        Limits {
            max_evidence: self.max_evidence.min(other.max_evidence),
            max_mentions: self.max_mentions.min(other.max_mentions),
            max_documents: self.max_documents.min(other.max_documents),
            max_unresolved: self.max_unresolved.min(other.max_unresolved),
        }
    }
}

/// Inserts `x` into the sorted `v`, keeping only the `cap` smallest items.
fn insert_capped<T: Ord>(v: &mut Vec<T>, cap: usize, x: T) {
    if v.len() >= cap {
        match v.last() {
            Some(last) if x < *last => {
                v.pop();
            }
            _ => return,
        }
    }
    if v.len() == v.capacity() {
        // `Vec`'s own growth starts at 4 items and doubles, which gives the typical edge
        // (one piece of evidence) room for 4 and a full list of 20 (the default cap) room
        // for 32: grow from 1 and never past the cap instead.
        let want = (v.len() * 2).clamp(1, cap.max(1));
        v.reserve_exact(want.saturating_sub(v.len()).max(1));
    }
    // Documents mostly come in id order, so the new item mostly goes last: one comparison
    // instead of a binary search (each comparison reads a document id behind a pointer).
    let i = match v.last() {
        Some(last) if *last > x => v.partition_point(|y| *y <= x),
        _ => v.len(),
    };
    v.insert(i, x);
}

fn sorted_capped<T: Ord>(mut v: Vec<T>, cap: usize) -> Vec<T> {
    v.sort();
    v.truncate(cap);
    v
}

/// Merges the sorted `b` into the sorted `a`, keeping the `cap` smallest; the items taken
/// from `b` are copied with `copy`.
fn merge_capped<T: Ord + Clone>(
    a: &mut Vec<T>,
    b: &[T],
    cap: usize,
    mut copy: impl FnMut(&T) -> T,
) {
    a.truncate(cap);
    if b.is_empty() {
        return;
    }
    let old = std::mem::take(a);
    let mut out = Vec::with_capacity((old.len() + b.len()).min(cap));
    let (mut i, mut j) = (0, 0);
    while out.len() < cap && (i < old.len() || j < b.len()) {
        if j >= b.len() || (i < old.len() && old[i] <= b[j]) {
            out.push(old[i].clone());
            i += 1;
        } else {
            out.push(copy(&b[j]));
            j += 1;
        }
    }
    *a = out;
}

/// Adds `alias` to the sorted `aliases` if it is new, as `symbols`' shared copy.
fn add_alias(aliases: &mut Vec<ArcStr>, alias: &str, symbols: &mut Interner) {
    if let Err(i) = aliases.binary_search_by(|a| a.as_str().cmp(alias)) {
        aliases.insert(i, symbols.get(alias));
    }
}

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
    /// Distinct surface forms seen, sorted (a short list: a set's tree nodes cost ≈ 250 bytes
    /// a node even for one alias).
    pub aliases: Vec<ArcStr>,
    /// Number of mentions, all of them.
    pub mention_count: usize,
    /// The first [`Limits::max_mentions`] mentions by (document, offset).
    pub mentions: Vec<MentionRecord>,
    /// Mentions per document, by document id: every document's share of `mention_count`.
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

/// Identity of an edge: (source, relation type, target, role, argument list), ordered in that
/// order.
///
/// The source is the first argument and the target another one, so the ids are stored once:
/// a key is 32 bytes and one allocation for its arguments.
///
/// ```
/// use relgraph::graph::EdgeKey;
/// use relgraph::RelationType;
///
/// let args = ["AZ", "TR", "IL"].map(Into::into);
/// let key = EdgeKey::new(RelationType::MediatesBetween, args.into(), "IL", None).unwrap();
/// assert_eq!((key.source(), key.target()), ("AZ", "IL"));
/// assert_eq!(key.args().len(), 3);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct EdgeKey {
    kind: RelationType,
    /// Index of the target in `args`: the first one after the source that equals it, so
    /// equal keys are stored equally.
    target: u16,
    role: Option<ArcStr>,
    /// An office no longer held: a separate edge from the current one.
    former: bool,
    /// Full ordered argument ids, the source first (more than two for mediation).
    args: Box<[ArcStr]>,
}

impl EdgeKey {
    /// A key from its argument ids (the source first) and the target among them; `None` if
    /// there are fewer than two arguments or the target is not one of the others.
    pub fn new(
        kind: RelationType,
        args: Box<[ArcStr]>,
        target: &str,
        role: Option<ArcStr>,
    ) -> Option<EdgeKey> {
        let target = target_index(&args, target)?;
        Some(EdgeKey {
            kind,
            target,
            role,
            former: false,
            args,
        })
    }

    /// The key of an office no longer held (`former`), or held now; kept only for
    /// `holds_office`, the one type with a [`Status`].
    pub(crate) fn with_former(mut self, former: bool) -> EdgeKey {
        self.former = former && self.kind == RelationType::HoldsOffice;
        self
    }

    /// `current` or `former` for `holds_office`; `None` for every other type.
    pub fn status(&self) -> Option<Status> {
        Status::of(self.kind, self.former)
    }

    /// Source node id.
    pub fn source(&self) -> &str {
        &self.args[0]
    }

    /// Relation type.
    pub fn kind(&self) -> RelationType {
        self.kind
    }

    /// Target node id.
    pub fn target(&self) -> &str {
        &self.args[self.target as usize]
    }

    /// Role (holds_office).
    pub fn role(&self) -> Option<&str> {
        self.role.as_deref()
    }

    /// Full ordered argument ids (more than `[source, target]` for mediation).
    pub fn args(&self) -> &[ArcStr] {
        &self.args
    }

    fn as_ref(&self) -> KeyRef<'_> {
        KeyRef {
            kind: self.kind,
            target: self.target,
            role: self.role.as_ref(),
            former: self.former,
            args: &self.args,
        }
    }
}

/// Index of `target` among `args` after the first: the first equal one, so equal keys are
/// stored equally.
fn target_index(args: &[ArcStr], target: &str) -> Option<u16> {
    let t = args.iter().skip(1).position(|a| a == target)? + 1;
    u16::try_from(t).ok()
}

/// An [`EdgeKey`]'s parts, borrowed: what finding an edge needs, so a relation whose edge
/// exists allocates no key.
#[derive(Clone, Copy, PartialEq)]
struct KeyRef<'a> {
    kind: RelationType,
    target: u16,
    role: Option<&'a ArcStr>,
    former: bool,
    args: &'a [ArcStr],
}

impl KeyRef<'_> {
    /// The hash the edge index files a key under.
    fn hash(&self) -> u64 {
        FxBuildHasher.hash_one((self.kind, self.target, self.role, self.former, self.args))
    }

    fn to_key(self) -> EdgeKey {
        EdgeKey {
            kind: self.kind,
            target: self.target,
            role: self.role.cloned(),
            former: self.former,
            args: self.args.into(),
        }
    }
}

impl Ord for EdgeKey {
    fn cmp(&self, other: &EdgeKey) -> Ordering {
        (
            self.source(),
            self.kind,
            self.target(),
            &self.role,
            self.former,
            &self.args,
        )
            .cmp(&(
                other.source(),
                other.kind,
                other.target(),
                &other.role,
                other.former,
                &other.args,
            ))
    }
}

impl PartialOrd for EdgeKey {
    fn partial_cmp(&self, other: &EdgeKey) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// One piece of evidence for an edge. Ordered by (document, sentence span, trigger span,
/// rule, sentence, trigger): a total order, so capped lists keep a canonical subset.
///
/// Evidence is most of a large graph, so its strings are thin shared pointers, its trigger is
/// read from the sentence, and its two spans are stored as 32-bit offsets whenever they fit
/// (every document under 4 GiB), with the document's 4-byte [`Date`] in the room the spans
/// leave: 80 bytes a record (with its two event codes and its date). Read them with
/// [`Evidence::trigger`], [`Evidence::sentence_span`], [`Evidence::trigger_span`] and
/// [`Evidence::date`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Evidence {
    /// Document id.
    pub document: ArcStr,
    /// The sentence.
    pub sentence: ArcStr,
    /// Rule id.
    pub rule: ArcStr,
    /// The trigger's CAMEO event code, when the trigger lexicon has one.
    pub cameo: Option<ArcStr>,
    /// The PLOVER event type of that code.
    pub plover: Option<ArcStr>,
    spans: Spans,
}

/// The sentence span and the trigger span of a piece of evidence, and its document's date
/// (which fits in the padding the enum's tag leaves). Always `Narrow` when every offset fits
/// in 32 bits, so equal spans are stored equally.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Spans {
    /// Sentence then trigger, each as (start, end, byte start, byte end).
    Narrow([u32; 8], Option<Date>),
    /// Offsets past 4 GiB, out of line so the common case stays small.
    Wide(Box<[Span; 2]>, Option<Date>),
}

impl Spans {
    fn new(sentence: Span, trigger: Span) -> Spans {
        let offsets = [sentence, trigger].map(|s| [s.start, s.end, s.byte_start, s.byte_end]);
        let mut narrow = [0u32; 8];
        for (n, &o) in narrow.iter_mut().zip(offsets.as_flattened()) {
            match u32::try_from(o) {
                Ok(o) => *n = o,
                Err(_) => return Spans::Wide(Box::new([sentence, trigger]), None),
            }
        }
        Spans::Narrow(narrow, None)
    }

    fn date(&self) -> Option<Date> {
        match self {
            Spans::Narrow(_, d) | Spans::Wide(_, d) => *d,
        }
    }

    fn set_date(&mut self, date: Option<Date>) {
        match self {
            Spans::Narrow(_, d) | Spans::Wide(_, d) => *d = date,
        }
    }

    /// Span `i` (0 the sentence, 1 the trigger).
    fn get(&self, i: usize) -> Span {
        match self {
            Spans::Narrow(n, _) => {
                let o = |j: usize| n[4 * i + j] as usize;
                Span {
                    start: o(0),
                    end: o(1),
                    byte_start: o(2),
                    byte_end: o(3),
                }
            }
            Spans::Wide(w, _) => w[i],
        }
    }
}

impl Evidence {
    /// A piece of evidence: the sentence it was found in (`sentence_span` in the document) and
    /// the trigger's span inside it (see [`Evidence::trigger`]).
    pub(crate) fn new(
        document: ArcStr,
        sentence: ArcStr,
        sentence_span: Span,
        trigger_span: Span,
        rule: ArcStr,
    ) -> Evidence {
        Evidence {
            document,
            sentence,
            rule,
            cameo: None,
            plover: None,
            spans: Spans::new(sentence_span, trigger_span),
        }
    }

    /// The evidence with the trigger's event codes (CAMEO code, PLOVER type).
    pub(crate) fn with_codes(mut self, cameo: Option<ArcStr>, plover: Option<ArcStr>) -> Evidence {
        self.cameo = cameo;
        self.plover = plover;
        self
    }

    /// The evidence with its document's date.
    pub(crate) fn with_date(mut self, date: Option<Date>) -> Evidence {
        self.spans.set_date(date);
        self
    }

    /// The date of the document the evidence was found in, if known.
    pub fn date(&self) -> Option<Date> {
        self.spans.date()
    }

    /// The trigger text: the part of the sentence its span covers (empty if the spans do not
    /// fit the sentence, which the pipeline and the importers never produce).
    pub fn trigger(&self) -> &str {
        trigger_in(&self.sentence, self.sentence_span(), self.trigger_span()).unwrap_or("")
    }

    /// The sentence's span in the document.
    pub fn sentence_span(&self) -> Span {
        self.spans.get(0)
    }

    /// The trigger's span in the document.
    pub fn trigger_span(&self) -> Span {
        self.spans.get(1)
    }

    #[allow(clippy::type_complexity)]
    fn sort_key(&self) -> (&str, Span, Span, &str, &str, &str, Option<Date>) {
        (
            &self.document,
            self.sentence_span(),
            self.trigger_span(),
            &self.rule,
            &self.sentence,
            self.trigger(),
            self.date(),
        )
    }
}

/// The text of `trigger` (a span of the document) in `sentence` (the text of `sentence_span`),
/// if it lies inside it on character boundaries.
pub(crate) fn trigger_in(sentence: &str, sentence_span: Span, trigger: Span) -> Option<&str> {
    if sentence_span.byte_end.checked_sub(sentence_span.byte_start) != Some(sentence.len()) {
        return None;
    }
    let start = trigger.byte_start.checked_sub(sentence_span.byte_start)?;
    let end = trigger.byte_end.checked_sub(sentence_span.byte_start)?;
    sentence.get(start..end)
}

impl Ord for Evidence {
    fn cmp(&self, other: &Evidence) -> Ordering {
        self.sort_key().cmp(&other.sort_key())
    }
}

impl PartialOrd for Evidence {
    fn partial_cmp(&self, other: &Evidence) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// Evidence as written (`T = &str`) and read (`T = ArcStr`): the fields in their historical
/// order, spans inline.
#[derive(Serialize, Deserialize)]
struct EvidenceRecord<T> {
    document: T,
    sentence: T,
    sentence_span: Span,
    trigger: T,
    trigger_span: Span,
    rule: T,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    cameo: Option<T>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    plover: Option<T>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    date: Option<Date>,
}

impl Serialize for Evidence {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        EvidenceRecord::<&str> {
            document: &self.document,
            sentence: &self.sentence,
            sentence_span: self.sentence_span(),
            trigger: self.trigger(),
            trigger_span: self.trigger_span(),
            rule: &self.rule,
            cameo: self.cameo.as_deref(),
            plover: self.plover.as_deref(),
            date: self.date(),
        }
        .serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for Evidence {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Evidence, D::Error> {
        let e = EvidenceRecord::<ArcStr>::deserialize(deserializer)?;
        if trigger_in(&e.sentence, e.sentence_span, e.trigger_span) != Some(&*e.trigger) {
            return Err(serde::de::Error::custom(format!(
                "evidence trigger {:?} is not the text of its span in its sentence",
                e.trigger
            )));
        }
        Ok(Evidence::new(
            e.document,
            e.sentence,
            e.sentence_span,
            e.trigger_span,
            e.rule,
        )
        .with_codes(e.cameo, e.plover)
        .with_date(e.date))
    }
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
    /// Evidence per document, by document id: every document's share of `evidence_total`.
    pub documents: Vec<(ArcStr, u32)>,
}

/// The dates of an edge's evidence, all of it (not only the items kept): the first and last
/// document date and the number of pieces of evidence per month. Adding and merging take the
/// minimum, the maximum and sums, so a graph's timelines do not depend on the order documents
/// came in, and [`Graph::merge`] stays associative and commutative.
///
/// ```
/// use relgraph::graph::Timeline;
/// use relgraph::Date;
/// let d = |s| Date::parse(s).unwrap();
/// let mut t = Timeline::new(d("2020-12-22"));
/// t.add(d("2020-11-03"));
/// t.add(d("2020-12-01"));
/// assert_eq!((t.first.to_string(), t.last.to_string()), ("2020-11-03".into(), "2020-12-22".into()));
/// assert_eq!(t.months, [(d("2020-11"), 1), (d("2020-12"), 2)]);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Timeline {
    /// The earliest date (a partial date sorts before the full dates it covers).
    pub first: Date,
    /// The latest date.
    pub last: Date,
    /// Pieces of evidence per month (`2020-12`), in month order; a document dated by its year
    /// alone counts in none.
    pub months: Vec<(Date, usize)>,
}

impl Timeline {
    /// The timeline of one piece of evidence dated `date`.
    pub fn new(date: Date) -> Timeline {
        let mut t = Timeline {
            first: date,
            last: date,
            months: Vec::new(),
        };
        t.count(date, 1);
        t
    }

    /// Adds one piece of evidence dated `date`.
    pub fn add(&mut self, date: Date) {
        self.first = self.first.min(date);
        self.last = self.last.max(date);
        self.count(date, 1);
    }

    fn count(&mut self, date: Date, n: usize) {
        let Some(month) = date.month_of() else {
            return;
        };
        match self.months.binary_search_by_key(&month, |&(m, _)| m) {
            Ok(i) => self.months[i].1 += n,
            Err(i) => self.months.insert(i, (month, n)),
        }
    }

    /// Takes out `n` pieces of evidence dated `date` (the first and last dates stay).
    fn uncount(&mut self, date: Date, n: usize) {
        let Some(month) = date.month_of() else {
            return;
        };
        if let Ok(i) = self.months.binary_search_by_key(&month, |&(m, _)| m) {
            self.months[i].1 = self.months[i].1.saturating_sub(n);
            if self.months[i].1 == 0 {
                self.months.remove(i);
            }
        }
    }

    /// Adds everything in `other`.
    pub fn merge(&mut self, other: &Timeline) {
        self.first = self.first.min(other.first);
        self.last = self.last.max(other.last);
        for &(m, n) in &other.months {
            self.count(m, n);
        }
    }

    /// The pieces of evidence counted in months (all of them but those dated by year alone).
    pub fn counted(&self) -> usize {
        self.months.iter().map(|&(_, n)| n).sum()
    }
}

/// Adds `date` to an edge's timeline, starting one if there is none.
fn add_date(timeline: &mut Option<Box<Timeline>>, date: Date) {
    match timeline {
        Some(t) => t.add(date),
        None => *timeline = Some(Box::new(Timeline::new(date))),
    }
}

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
    fn add(&mut self, o: &DocumentTotals) {
        self.documents += o.documents;
        self.chars += o.chars;
        self.bytes += o.bytes;
        self.sentences += o.sentences;
        self.mentions += o.mentions;
        self.relations += o.relations;
        self.unresolved += o.unresolved;
    }

    fn sub(&mut self, o: &DocumentTotals) {
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
}

/// One shared copy of each string, for the strings many records repeat.
#[derive(Debug, Clone, Default)]
struct Interner {
    set: FxHashSet<ArcStr>,
    /// Size at which texts used by nothing but the set are dropped (amortized: at least
    /// double the size after the previous sweep).
    sweep_at: usize,
}

impl Interner {
    /// Below this many strings a sweep is not worth its pass.
    const MIN_SWEEP: usize = 4096;

    /// The shared copy of `s`.
    fn get(&mut self, s: &str) -> ArcStr {
        if let Some(a) = self.set.get(s) {
            return a.clone();
        }
        if self.set.len() >= self.sweep_at {
            // (`None` is a static literal, never interned here.)
            self.set
                .retain(|a| ArcStr::strong_count(a).is_none_or(|n| n > 1));
            self.sweep_at = (self.set.len() * 2).max(Self::MIN_SWEEP);
        }
        let a = ArcStr::from(s);
        self.set.insert(a.clone());
        a
    }
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

    /// Adds one document's results. The order documents are added in does not matter.
    ///
    /// A document is identified by its id and the hash of its text: one the graph already
    /// holds with the same hash changes nothing ([`Added::Duplicate`]); one it holds with
    /// another hash replaces the earlier version ([`Added::Replaced`]; the capped lists then
    /// keep what is left of the earlier items, and the edges' first and last dates stay).
    pub fn add(&mut self, doc: &DocResult) -> Added {
        let mut added = Added::New;
        if let Some(old) = self.ledger.get(doc.document.as_str()) {
            if old.sha256 == doc.sha256 {
                if let Some(m) = DocMeta::from_record(&doc.meta) {
                    self.add_meta(&doc.document, m, false);
                }
                return Added::Duplicate;
            }
            self.remove_documents(&FxHashSet::from_iter([doc.document.as_str()]));
            added = Added::Replaced;
        }
        let unresolved = doc.mentions.iter().filter(|m| m.entity.is_none()).count();
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
        self.ledger.insert(
            key.clone(),
            LedgerEntry {
                sha256: doc.sha256,
                date,
                totals: share,
            },
        );
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
            match &m.entity {
                Some(e) => {
                    let n = self.node(e).0;
                    let node = &self.graph[n];
                    let fits = node.mentions.len() < limits.max_mentions
                        || node.mentions.last().is_some_and(|last| {
                            (&*last.document, &last.span) >= (doc.document.as_str(), &m.span)
                        });
                    let text = fits.then(|| self.symbols.get(&m.text));
                    let (node, symbols) = (&mut self.graph[n], &mut self.symbols);
                    // A pronoun or description names nothing: not an alias.
                    if !m.form.is_reference() {
                        add_alias(&mut node.aliases, &m.text, symbols);
                    }
                    node.mention_count += 1;
                    add_count(&mut node.documents, &key, 1);
                    if let Some(text) = text {
                        insert_capped(
                            &mut node.mentions,
                            limits.max_mentions,
                            MentionRecord {
                                document: document.clone(),
                                span: m.span,
                                text,
                                form: m.form,
                            },
                        );
                    }
                }
                None => insert_capped(
                    &mut self.unresolved,
                    limits.max_unresolved,
                    Unresolved {
                        document: doc.document.clone(),
                        span: m.span,
                        text: m.text.clone(),
                        candidates: m.candidates.iter().map(|c| c.to_string()).collect(),
                    },
                ),
            }
        }
        let (mut ids, mut sentence) = (Vec::new(), None);
        for r in &doc.relations {
            self.add_relation(&document, &key, date, r, &mut ids, &mut sentence);
        }
        added
    }

    /// Takes the documents `ids` out of the graph: their share of every count, their items in
    /// the capped lists (which then keep what is left: items beyond a cap are not kept to
    /// fill the gap), the edges and entities nothing else gives, and their metadata. Aliases
    /// and the edges' first and last dates stay.
    fn remove_documents(&mut self, ids: &FxHashSet<&str>) {
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
            node.documents.retain(|(d, c)| {
                let gone = ids.contains(d.as_str());
                if gone {
                    node.mention_count = node.mention_count.saturating_sub(*c as usize);
                }
                !gone
            });
            node.mentions.retain(|m| !ids.contains(&*m.document));
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

    /// Every document added, by id, with what it added (see [`LedgerEntry`]).
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

    /// The shared id of a document with metadata `m`, its metadata stored once (the smallest,
    /// if two sources disagree, so the order documents arrive in does not matter). With
    /// `sweep`, entries nothing uses any more may be dropped first (not while a merge or an
    /// import is adding entries whose records come after them).
    fn add_meta(&mut self, id: &str, m: DocMeta, sweep: bool) -> ArcStr {
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
    fn doc_id(meta: &FxHashMap<ArcStr, DocMeta>, symbols: &mut Interner, id: &ArcStr) -> ArcStr {
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

    /// Adds everything in `other` to this graph. Associative and commutative; the result has
    /// the tighter of the two graphs' [`Limits`] (see the module docs).
    ///
    /// A document both graphs hold (same id, same content hash) is counted once; one they
    /// hold with different hashes is `other`'s version (this graph's is taken out first, as
    /// [`Graph::add`] does), so only such conflicts make the order of merges matter. The
    /// report names both kinds.
    pub fn merge(&mut self, other: &Graph) -> MergeReport {
        let mut report = MergeReport::default();
        let theirs_ledger = other.ledger();
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
            node.mention_count += theirs.mention_count;
            for (d, c) in &theirs.documents {
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
            for (d, c) in &theirs.documents {
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
                    e.key.kind
                ));
            }
            e.evidence.sort();
            e.evidence.truncate(limits.max_evidence);
            g.insert_edge(s, t, e);
        }
        Ok(g)
    }

    /// The node of `e`, created if missing, and its id's shared copy.
    fn node(&mut self, e: &EntityInfo) -> (NodeIndex, ArcStr) {
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
            add_count(&mut edge.documents, key, 1);
            if let Some(d) = date {
                add_date(&mut edge.timeline, d);
            }
            if let Some(ev) = evidence {
                insert_capped(&mut edge.evidence, cap, ev);
            }
        }
    }

    /// The edge with this key, created (with no evidence) if missing; both nodes must exist.
    fn edge(&mut self, key: KeyRef) -> EdgeIndex {
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

    fn find_edge(&self, key: KeyRef) -> Option<EdgeIndex> {
        let graph = &self.graph;
        self.edges
            .find(key.hash(), |&e| graph[e].key.as_ref() == key)
            .copied()
    }

    /// Adds `edge`, whose key must not be in the graph yet.
    fn insert_edge(&mut self, s: NodeIndex, t: NodeIndex, edge: Edge) -> EdgeIndex {
        let hash = edge.key.as_ref().hash();
        let e = self.graph.add_edge(s, t, edge);
        let graph = &self.graph;
        self.edges
            .insert_unique(hash, e, |&x| graph[x].key.as_ref().hash());
        e
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Document, Pipeline};

    #[test]
    fn the_interner_shares_and_sweeps_strings_nothing_else_uses() {
        let mut interner = Interner::default();
        let kept = interner.get("kept");
        assert!(ArcStr::ptr_eq(&kept, &interner.get("kept")));
        // Strings dropped by their users go at the next sweep, and the set stays within
        // about twice the strings in use.
        for i in 0..10 * Interner::MIN_SWEEP {
            drop(interner.get(&format!("s{i}")));
        }
        assert!(interner.set.len() <= Interner::MIN_SWEEP + 1);
        assert!(ArcStr::ptr_eq(&kept, &interner.get("kept")));
    }

    #[test]
    fn an_edge_key_stores_its_ids_once_and_equal_keys_alike() {
        let ids = |xs: &[&str]| -> Box<[ArcStr]> { xs.iter().map(|&x| ArcStr::from(x)).collect() };
        let talks = RelationType::TalksWith;
        let key = EdgeKey::new(talks, ids(&["a", "b"]), "b", None).unwrap();
        assert_eq!((key.source(), key.target(), key.role()), ("a", "b", None));
        // The target is looked up after the source, and the first equal id is the one kept,
        // so keys that are equal field by field are equal as values and hash alike.
        let odd = EdgeKey::new(talks, ids(&["a", "b", "b"]), "b", None).unwrap();
        let again = EdgeKey::new(talks, ids(&["a", "b", "b"]), "b", None).unwrap();
        assert_eq!(odd.target, 1);
        assert!(odd.as_ref() == again.as_ref() && odd.as_ref().hash() == again.as_ref().hash());
        assert_eq!(odd.cmp(&again), Ordering::Equal);
        // Fewer than two ids, or a target that is only the source, make no key.
        assert!(EdgeKey::new(talks, ids(&["a"]), "a", None).is_none());
        assert!(EdgeKey::new(talks, ids(&["a", "b"]), "a", None).is_none());
        assert!(EdgeKey::new(talks, ids(&["a", "b"]), "c", None).is_none());
        // Ordered by source, type, target, role, then the whole list.
        let mediation = RelationType::MediatesBetween;
        let m1 = EdgeKey::new(mediation, ids(&["m", "p", "q"]), "q", None).unwrap();
        let m2 = EdgeKey::new(mediation, ids(&["m", "q", "p"]), "q", None).unwrap();
        let m3 = EdgeKey::new(mediation, ids(&["m", "p", "q"]), "p", None).unwrap();
        assert!(m3 < m1 && m2 > m1, "target first, then the list");
    }

    #[test]
    fn a_trigger_is_the_text_its_span_covers_in_its_sentence() {
        let span = |byte_start: usize, byte_end: usize| Span {
            start: byte_start,
            end: byte_end,
            byte_start,
            byte_end,
        };
        // "Çelik met Ana." at byte 100 of its document: "Ç" is two bytes.
        let sentence = "Çelik met Ana.";
        let s = span(100, 100 + sentence.len());
        assert_eq!(trigger_in(sentence, s, span(107, 110)), Some("met"));
        assert_eq!(trigger_in(sentence, s, span(100, 115)), Some(sentence));
        assert_eq!(trigger_in(sentence, s, span(107, 107)), Some(""));
        // Inside a character, before the sentence, past it, reversed, or a sentence span
        // that is not the sentence's length: no text, and an evidence record says "".
        for t in [
            span(101, 110),
            span(99, 103),
            span(107, 116),
            span(110, 107),
        ] {
            assert_eq!(trigger_in(sentence, s, t), None, "{t:?}");
        }
        assert_eq!(trigger_in(sentence, span(100, 114), span(107, 110)), None);
        let ev = |t| Evidence::new("d".into(), sentence.into(), s, t, "r".into());
        assert_eq!(ev(span(107, 110)).trigger(), "met");
        assert_eq!(ev(span(101, 110)).trigger(), "");
    }

    /// The sizes the memory figures in the docs and benches/RESULTS.md rest on.
    #[test]
    #[cfg(target_pointer_width = "64")]
    fn records_keep_their_sizes() {
        use std::mem::size_of;
        // 80 before the document's date was kept too: it fits in the spans' padding.
        assert_eq!(size_of::<Evidence>(), 80);
        assert_eq!(size_of::<Option<Date>>(), 4);
        // 64 before the timeline: one pointer, null for an undated edge; 72 before the
        // evidence per document (what a merge needs to count a document once).
        assert_eq!(size_of::<Edge>(), 96);
        assert_eq!(size_of::<EdgeKey>(), 32);
        // 48 before the mention's form was kept (a byte, padded to 8).
        assert_eq!(size_of::<MentionRecord>(), 56);
    }

    #[test]
    fn document_metadata_is_kept_once_and_only_while_records_use_it() {
        let p = Pipeline::builder().build().unwrap();
        let base = p.process(&Document::new("x", "Turkey and Israel held talks."));
        let mut g = Graph::with_limits(Limits {
            max_evidence: 2,
            max_mentions: 2,
            ..Limits::default()
        });
        let n = 3 * Interner::MIN_SWEEP;
        for i in (0..n).rev() {
            let mut d = base.clone();
            d.document = format!("d{i:05}");
            d.meta
                .insert("url".into(), format!("https://x.example/{i}").into());
            d.meta.insert("title".into(), "T".into());
            d.meta.insert("lang".into(), "en".into());
            g.add(&d);
        }
        // Only the documents whose records are kept (the first two by id) must stay; the
        // table is swept as it grows, so it stays near the sweep size, not the corpus size.
        assert!(
            g.meta.len() < 2 * Interner::MIN_SWEEP + 2,
            "{}",
            g.meta.len()
        );
        let kept = g.evidence_meta();
        assert_eq!(kept.len(), 2);
        assert_eq!(kept[0].0, "d00000");
        assert_eq!(kept[0].1.url.as_deref(), Some("https://x.example/0"));
        assert_eq!(kept[0].1.source, None);
        // The evidence holds the table's own id string: one copy per document.
        let e = g.edges().next().unwrap();
        let (key, _) = g.meta.get_key_value("d00000").unwrap();
        assert!(ArcStr::ptr_eq(key, &e.evidence[0].document));
        // Disagreeing metadata for one id: the smallest, whatever the order.
        let mut a = Graph::new();
        let mut b = Graph::new();
        for (g, order) in [(&mut a, ["u1", "u2"]), (&mut b, ["u2", "u1"])] {
            for u in order {
                let mut d = base.clone();
                d.meta.insert("url".into(), u.into());
                g.add(&d);
            }
        }
        assert_eq!(a.evidence_meta(), b.evidence_meta());
        assert_eq!(a.evidence_meta()[0].1.url.as_deref(), Some("u1"));
    }

    #[test]
    fn a_relation_without_enough_arguments_makes_no_edge() {
        let p = Pipeline::builder().build().unwrap();
        let text = "Egypt brokered a ceasefire between Israel and Hamas on Friday.";
        let mut doc = p.process(&Document::new("a", text));
        let whole = doc.relations.len();
        assert!(whole > 0);
        for r in &mut doc.relations {
            r.args.truncate(r.args.len() - 1);
        }
        let mut graph = Graph::new();
        graph.add(&doc);
        assert_eq!(graph.totals().relations, whole);
        assert!(graph
            .edges()
            .all(|e| e.key.kind() != RelationType::MediatesBetween));
        for r in &mut doc.relations {
            r.args.truncate(1);
        }
        let mut graph = Graph::new();
        graph.add(&doc);
        assert_eq!(graph.edge_count(), 0);
    }

    #[test]
    fn documents_quoting_the_same_sentence_share_its_text() {
        let p = Pipeline::builder().build().unwrap();
        let text = "Egypt brokered a ceasefire between Israel and Hamas on Friday.";
        let mut graph = Graph::new();
        for id in ["a", "b"] {
            graph.add(&p.process(&Document::new(id, text)));
        }
        let mut evidence = graph.edges().flat_map(|e| &e.evidence);
        let first = evidence.next().expect("a relation");
        let mut documents = BTreeSet::new();
        for e in std::iter::once(first).chain(evidence) {
            assert_eq!(&*e.sentence, text);
            assert!(ArcStr::ptr_eq(&e.sentence, &first.sentence));
            documents.insert(&*e.document);
        }
        assert_eq!(documents, BTreeSet::from(["a", "b"]));
    }

    #[test]
    fn a_merge_shares_the_strings_of_what_it_keeps() {
        let p = Pipeline::builder().build().unwrap();
        let text = "Egypt brokered a ceasefire between Israel and Hamas on Friday.";
        // Two graphs, each with its own copy of every string.
        let parts = ["a", "b"].map(|id| {
            let mut g = Graph::new();
            g.add(&p.process(&Document::new(id, text)));
            g
        });
        let mut merged = Graph::new();
        for part in &parts {
            merged.merge(part);
        }
        let evidence: Vec<&Evidence> = merged.edges().flat_map(|e| &e.evidence).collect();
        assert!(evidence.len() >= 4, "two documents, two edges each");
        // Equal strings are one allocation.
        let shared = |x: &ArcStr, y: &ArcStr| x != y || ArcStr::ptr_eq(x, y);
        for x in &evidence {
            for y in &evidence {
                assert!(shared(&x.sentence, &y.sentence) && shared(&x.rule, &y.rule));
                assert!(shared(&x.document, &y.document));
            }
        }
        let keys: Vec<&EdgeKey> = merged.edges().map(|e| &e.key).collect();
        assert!(
            ArcStr::ptr_eq(&keys[0].args()[0], &keys[1].args()[0]),
            "both edges start at Egypt"
        );
        let node = merged.node_by_id(keys[0].source()).unwrap();
        assert!(ArcStr::ptr_eq(
            &node.mentions[0].text,
            &node.mentions[1].text
        ));
    }

    /// Evidence stores its spans as 32-bit offsets when they fit; offsets past 4 GiB (a document
    /// that large) must still come back exactly, order and serialize like the narrow ones.
    #[test]
    fn evidence_offsets_past_4_gib_are_kept() {
        use crate::pipeline::Span;

        let span = |start: usize, len: usize| Span {
            start,
            end: start + len,
            byte_start: start + 7,
            byte_end: start + 7 + len,
        };
        let evidence = |sentence: Span, trigger: Span| {
            Evidence::new(
                ArcStr::from("doc"),
                ArcStr::from("A met B."),
                sentence,
                trigger,
                ArcStr::from("talks.met"),
            )
        };
        let far = 5usize << 30;
        let narrow = evidence(span(10, 8), span(12, 3));
        let wide = evidence(span(far, 8), span(far + 2, 3));
        assert_eq!(narrow.sentence_span(), span(10, 8));
        assert_eq!(narrow.trigger_span(), span(12, 3));
        assert_eq!(wide.sentence_span(), span(far, 8));
        assert_eq!(wide.trigger_span(), span(far + 2, 3));
        assert_eq!((narrow.trigger(), wide.trigger()), ("met", "met"));
        assert!(narrow < wide);

        let json = serde_json::to_value(&wide).unwrap();
        assert_eq!(json["sentence_span"]["byte_start"], far + 7);
        assert_eq!(json["trigger_span"]["end"], far + 5);
        let back: Evidence = serde_json::from_value(json).unwrap();
        assert_eq!(back, wide);
        let back: Evidence =
            serde_json::from_value(serde_json::to_value(&narrow).unwrap()).unwrap();
        assert_eq!(back, narrow);
    }
}
