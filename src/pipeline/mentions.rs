//! A document's mentions, stored compactly.
//!
//! Why not a vector of [`MentionOut`]: a large document holds all of its mentions' records at
//! once (the seed article has about 28 mentions a kilobyte), and a `MentionOut` is 168 bytes
//! plus an allocation for its text. Here a mention is 28 bytes and allocates nothing: its
//! offsets are 32-bit, its text and entity are indexes into tables of the distinct texts and
//! entities of the document, and the few mentions with candidates or an antecedent keep them
//! in side tables, in mention order.

use std::borrow::Cow;
use std::fmt;
use std::hash::BuildHasher;
use std::ops::Range;

use hashbrown::HashTable;
use rustc_hash::FxBuildHasher;
use serde::ser::{Serialize, SerializeSeq, Serializer};

use super::{Antecedent, EntityInfo, Form, MentionOut, Span};

/// A document's mentions (resolved and unresolved), in text order.
///
/// Read them with [`Mentions::iter`] or [`Mentions::get`], which give a [`MentionRef`] per
/// mention; build them with [`Mentions::push`] or by collecting [`MentionOut`]s.
///
/// ```
/// use relgraph::{Document, Pipeline};
/// let pipeline = Pipeline::builder().build().unwrap();
/// let r = pipeline.process(&Document::new("d", "Qatar mediated between Israel and Hamas."));
/// let names: Vec<&str> = r.mentions.iter().map(|m| m.text()).collect();
/// assert_eq!(names, ["Qatar", "Israel", "Hamas"]);
/// assert_eq!(r.mentions.get(0).unwrap().entity().unwrap().id, "country:qa");
/// ```
#[derive(Clone, Default)]
pub struct Mentions<'a> {
    /// Each mention's span, in the same order as `records`.
    spans: Spans,
    records: Vec<Packed>,
    /// The distinct texts, concatenated; `text_ranges[i]` is text `i`.
    texts: String,
    text_ranges: Vec<Range<usize>>,
    /// The distinct entities.
    entities: Vec<EntityInfo<'a>>,
    /// The distinct resolution names (a handful).
    resolutions: Vec<&'static str>,
    /// Candidates of the mentions that have some, by mention index, ascending.
    candidates: Vec<(usize, Vec<Cow<'a, str>>)>,
    /// Antecedents: (mention index, text index), by mention index, ascending, and their
    /// spans in the same order.
    antecedents: Vec<(u32, u32)>,
    antecedent_spans: Spans,
    /// Where each text and entity is, for pushing without duplicates: indexes into
    /// `text_ranges` and `entities`, hashed by the text and the entity id.
    text_index: HashTable<u32>,
    entity_index: HashTable<u32>,
}

/// One mention without its span: the text, entity and resolution as indexes into the
/// document's tables. 12 bytes.
#[derive(Debug, Clone, Copy)]
struct Packed {
    text: u32,
    /// `u32::MAX` when unresolved.
    entity: u32,
    resolution: u16,
    form: Form,
}

const NO_ENTITY: u32 = u32::MAX;

/// Spans as four 32-bit offsets (16 bytes), or, in a document past 4 GiB, as they are.
#[derive(Debug, Clone)]
pub(super) enum Spans {
    Narrow(Vec<[u32; 4]>),
    Wide(Vec<Span>),
}

impl Default for Spans {
    fn default() -> Spans {
        Spans::Narrow(Vec::new())
    }
}

impl Spans {
    pub(super) fn push(&mut self, s: Span) {
        if let Spans::Narrow(v) = self {
            let narrow = [s.start, s.end, s.byte_start, s.byte_end].map(u32::try_from);
            if let [Ok(a), Ok(b), Ok(c), Ok(d)] = narrow {
                v.push([a, b, c, d]);
                return;
            }
            *self = Spans::Wide(v.iter().map(|&n| wide(n)).collect());
        }
        if let Spans::Wide(v) = self {
            v.push(s);
        }
    }

    pub(super) fn get(&self, i: usize) -> Span {
        match self {
            Spans::Narrow(v) => wide(v[i]),
            Spans::Wide(v) => v[i],
        }
    }

    pub(super) fn shrink_to_fit(&mut self) {
        match self {
            Spans::Narrow(v) => v.shrink_to_fit(),
            Spans::Wide(v) => v.shrink_to_fit(),
        }
    }

    pub(super) fn reserve(&mut self, n: usize) {
        match self {
            Spans::Narrow(v) => v.reserve_exact(n),
            Spans::Wide(v) => v.reserve_exact(n),
        }
    }
}

fn wide([start, end, byte_start, byte_end]: [u32; 4]) -> Span {
    Span {
        start: start as usize,
        end: end as usize,
        byte_start: byte_start as usize,
        byte_end: byte_end as usize,
    }
}

/// A table index as 32 bits: a document has fewer than 2³² mentions (each is at least a
/// byte of its text), so fewer distinct texts and entities.
fn index32(i: usize) -> u32 {
    u32::try_from(i).expect("fewer than 2^32 mentions in a document")
}

impl<'a> Mentions<'a> {
    /// No mentions.
    pub fn new() -> Mentions<'a> {
        Mentions::default()
    }

    /// Room for `n` more mentions, reserved exactly: a large document's mentions are sized
    /// once rather than by doubling, which would leave up to half unused.
    pub fn reserve(&mut self, n: usize) {
        self.spans.reserve(n);
        self.records.reserve_exact(n);
        // The tables of distinct texts and entities too, up to a size most documents stay
        // under (a large one repeats its names): grown step by step, they were a third of the
        // cost of making a small document's record.
        let distinct = n.min(256);
        let (texts, ranges) = (&self.texts, &self.text_ranges);
        self.text_index.reserve(distinct, |&k| {
            FxBuildHasher.hash_one(&texts[ranges[k as usize].clone()])
        });
        self.text_ranges.reserve(distinct);
        self.texts.reserve(distinct * 12);
        let entities = &self.entities;
        self.entity_index.reserve(distinct / 2, |&k| {
            FxBuildHasher.hash_one(&*entities[k as usize].id)
        });
        self.entities.reserve(distinct / 2);
    }

    /// The number of mentions.
    pub fn len(&self) -> usize {
        self.records.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.records.is_empty()
    }

    /// The `i`-th mention in text order.
    pub fn get(&self, i: usize) -> Option<MentionRef<'_, 'a>> {
        if i >= self.len() {
            return None;
        }
        Some(MentionRef {
            all: self,
            i,
            candidates: self
                .candidates
                .binary_search_by_key(&i, |c| c.0)
                .ok()
                .map(|k| &self.candidates[k].1[..])
                .unwrap_or(&[]),
            antecedent: self
                .antecedents
                .binary_search_by_key(&i, |a| a.0 as usize)
                .ok(),
        })
    }

    /// The mentions in text order.
    pub fn iter(&self) -> Iter<'_, 'a> {
        Iter {
            all: self,
            i: 0,
            candidate: 0,
            antecedent: 0,
        }
    }

    /// Adds a mention after the others.
    pub fn push(&mut self, m: MentionOut<'a>) {
        let entity = m.entity.map(|e| self.entity(e));
        self.push_parts(
            m.span,
            &m.text,
            entity,
            m.form,
            m.resolution,
            m.candidates,
            m.antecedent.as_ref().map(|a| (a.span, a.text.as_str())),
        );
    }

    /// The index of an entity in the table, added if new.
    pub(crate) fn entity(&mut self, e: EntityInfo<'a>) -> u32 {
        let hash = FxBuildHasher.hash_one(&*e.id);
        let entities = &self.entities;
        if let Some(&i) = self.entity_index.find(hash, |&i| entities[i as usize] == e) {
            return i;
        }
        let i = index32(self.entities.len());
        self.entities.push(e);
        let entities = &self.entities;
        self.entity_index.insert_unique(hash, i, |&k| {
            FxBuildHasher.hash_one(&*entities[k as usize].id)
        });
        i
    }

    /// The index of a text in the table, added if new.
    fn text(&mut self, t: &str) -> u32 {
        let hash = FxBuildHasher.hash_one(t);
        let (texts, ranges) = (&self.texts, &self.text_ranges);
        if let Some(&i) = self
            .text_index
            .find(hash, |&i| &texts[ranges[i as usize].clone()] == t)
        {
            return i;
        }
        let i = index32(self.text_ranges.len());
        self.texts.push_str(t);
        self.text_ranges
            .push(self.texts.len() - t.len()..self.texts.len());
        let (texts, ranges) = (&self.texts, &self.text_ranges);
        self.text_index.insert_unique(hash, i, |&k| {
            FxBuildHasher.hash_one(&texts[ranges[k as usize].clone()])
        });
        i
    }

    /// Adds a mention after the others, its entity already in the table
    /// ([`Mentions::entity`]).
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn push_parts(
        &mut self,
        span: Span,
        text: &str,
        entity: Option<u32>,
        form: Form,
        resolution: &'static str,
        candidates: Vec<Cow<'a, str>>,
        antecedent: Option<(Span, &str)>,
    ) {
        let i = self.records.len();
        let resolution = match self.resolutions.iter().position(|r| *r == resolution) {
            Some(k) => k,
            None => {
                self.resolutions.push(resolution);
                self.resolutions.len() - 1
            }
        };
        let packed = Packed {
            text: self.text(text),
            entity: entity.unwrap_or(NO_ENTITY),
            resolution: u16::try_from(resolution).expect("a few resolution names"),
            form,
        };
        self.spans.push(span);
        self.records.push(packed);
        if !candidates.is_empty() {
            self.candidates.push((i, candidates));
        }
        if let Some((span, text)) = antecedent {
            let text = self.text(text);
            self.antecedents.push((index32(i), text));
            self.antecedent_spans.push(span);
        }
    }

    /// Returns the spare capacity of the side tables to the allocator.
    pub(crate) fn shrink_to_fit(&mut self) {
        self.texts.shrink_to_fit();
        self.text_ranges.shrink_to_fit();
        self.entities.shrink_to_fit();
        self.candidates.shrink_to_fit();
        self.antecedents.shrink_to_fit();
        self.antecedent_spans.shrink_to_fit();
    }

    fn text_of(&self, i: u32) -> &str {
        &self.texts[self.text_ranges[i as usize].clone()]
    }
}

impl<'a> FromIterator<MentionOut<'a>> for Mentions<'a> {
    fn from_iter<I: IntoIterator<Item = MentionOut<'a>>>(iter: I) -> Mentions<'a> {
        let mut out = Mentions::new();
        out.extend(iter);
        out
    }
}

impl<'a> Extend<MentionOut<'a>> for Mentions<'a> {
    fn extend<I: IntoIterator<Item = MentionOut<'a>>>(&mut self, iter: I) {
        for m in iter {
            self.push(m);
        }
    }
}

impl<'r, 'a> IntoIterator for &'r Mentions<'a> {
    type Item = MentionRef<'r, 'a>;
    type IntoIter = Iter<'r, 'a>;
    fn into_iter(self) -> Iter<'r, 'a> {
        self.iter()
    }
}

/// The mentions as owned records, in text order.
impl<'a> IntoIterator for Mentions<'a> {
    type Item = MentionOut<'a>;
    type IntoIter = IntoIter<'a>;
    fn into_iter(self) -> IntoIter<'a> {
        IntoIter { all: self, i: 0 }
    }
}

/// The mentions of a [`Mentions`] as owned records ([`MentionOut`]), in text order.
#[derive(Debug, Clone)]
pub struct IntoIter<'a> {
    all: Mentions<'a>,
    i: usize,
}

impl<'a> Iterator for IntoIter<'a> {
    type Item = MentionOut<'a>;

    fn next(&mut self) -> Option<MentionOut<'a>> {
        let m = self.all.get(self.i)?.to_out();
        self.i += 1;
        Some(m)
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let n = self.all.len() - self.i;
        (n, Some(n))
    }
}

impl ExactSizeIterator for IntoIter<'_> {}

/// Equal when the mentions are, whatever the order their tables were filled in.
impl PartialEq for Mentions<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.len() == other.len() && self.iter().eq(other.iter())
    }
}

impl fmt::Debug for Mentions<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

/// A sequence of mention records, as a vector of [`MentionOut`] serializes.
impl Serialize for Mentions<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut seq = s.serialize_seq(Some(self.len()))?;
        for m in self {
            seq.serialize_element(&m)?;
        }
        seq.end()
    }
}

/// The mentions of a [`Mentions`], in text order.
#[derive(Debug, Clone)]
pub struct Iter<'r, 'a> {
    all: &'r Mentions<'a>,
    i: usize,
    /// The next entries of the side tables: both are in mention order, so one pass over the
    /// mentions walks each once.
    candidate: usize,
    antecedent: usize,
}

impl<'r, 'a> Iterator for Iter<'r, 'a> {
    type Item = MentionRef<'r, 'a>;

    fn next(&mut self) -> Option<MentionRef<'r, 'a>> {
        let all = self.all;
        let i = self.i;
        if i >= all.len() {
            return None;
        }
        self.i += 1;
        let candidates = match all.candidates.get(self.candidate) {
            Some((k, c)) if *k == i => {
                self.candidate += 1;
                &c[..]
            }
            _ => &[],
        };
        let antecedent = match all.antecedents.get(self.antecedent) {
            Some(&(k, _)) if k as usize == i => {
                self.antecedent += 1;
                Some(self.antecedent - 1)
            }
            _ => None,
        };
        Some(MentionRef {
            all,
            i,
            candidates,
            antecedent,
        })
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let n = self.all.len() - self.i;
        (n, Some(n))
    }
}

impl ExactSizeIterator for Iter<'_, '_> {}

/// One mention of a [`Mentions`]: what a [`MentionOut`] holds, read from the compact tables.
#[derive(Clone, Copy)]
pub struct MentionRef<'r, 'a> {
    all: &'r Mentions<'a>,
    i: usize,
    candidates: &'r [Cow<'a, str>],
    /// Index into `all.antecedents`.
    antecedent: Option<usize>,
}

impl<'r, 'a> MentionRef<'r, 'a> {
    fn packed(&self) -> Packed {
        self.all.records[self.i]
    }

    /// Where it is.
    pub fn span(&self) -> Span {
        self.all.spans.get(self.i)
    }

    /// The text as written.
    pub fn text(&self) -> &'r str {
        self.all.text_of(self.packed().text)
    }

    /// The entity, when resolved.
    pub fn entity(&self) -> Option<&'r EntityInfo<'a>> {
        let e = self.packed().entity;
        (e != NO_ENTITY).then(|| &self.all.entities[e as usize])
    }

    /// How it is written: `name`, `alias`, `demonym`, `possessive`, `title`, `surname`,
    /// `pronoun`, `description` or `capital`.
    pub fn form(&self) -> Form {
        self.packed().form
    }

    /// How it was resolved.
    pub fn resolution(&self) -> &'static str {
        self.all.resolutions[self.packed().resolution as usize]
    }

    /// Candidate entity ids when unresolved.
    pub fn candidates(&self) -> &'r [Cow<'a, str>] {
        self.candidates
    }

    /// For a pronoun or description: the span and text of the mention it was resolved to.
    pub fn antecedent(&self) -> Option<(Span, &'r str)> {
        self.antecedent.map(|k| {
            let (_, text) = self.all.antecedents[k];
            (self.all.antecedent_spans.get(k), self.all.text_of(text))
        })
    }

    /// The mention as an owned record.
    pub fn to_out(&self) -> MentionOut<'a> {
        MentionOut {
            span: self.span(),
            text: self.text().to_string(),
            entity: self.entity().cloned(),
            form: self.form(),
            resolution: self.resolution(),
            candidates: self.candidates.to_vec(),
            antecedent: self.antecedent().map(|(span, text)| {
                Box::new(Antecedent {
                    span,
                    text: text.to_string(),
                })
            }),
        }
    }
}

impl PartialEq for MentionRef<'_, '_> {
    fn eq(&self, o: &Self) -> bool {
        self.span() == o.span()
            && self.text() == o.text()
            && self.entity() == o.entity()
            && self.form() == o.form()
            && self.resolution() == o.resolution()
            && self.candidates() == o.candidates()
            && self.antecedent() == o.antecedent()
    }
}

impl fmt::Debug for MentionRef<'_, '_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Mention")
            .field("span", &self.span())
            .field("text", &self.text())
            .field("entity", &self.entity())
            .field("form", &self.form())
            .field("resolution", &self.resolution())
            .field("candidates", &self.candidates())
            .field("antecedent", &self.antecedent())
            .finish()
    }
}

/// The fields of a [`MentionOut`], borrowed: what a mention serializes as.
#[derive(serde::Serialize)]
struct Fields<'r, 'a> {
    #[serde(flatten)]
    span: Span,
    text: &'r str,
    entity: Option<&'r EntityInfo<'a>>,
    form: Form,
    resolution: &'static str,
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    candidates: &'r [Cow<'a, str>],
    #[serde(skip_serializing_if = "Option::is_none")]
    antecedent: Option<AntecedentFields<'r>>,
}

#[derive(serde::Serialize)]
struct AntecedentFields<'r> {
    #[serde(flatten)]
    span: Span,
    text: &'r str,
}

/// The same fields as the mention's [`MentionOut`].
impl Serialize for MentionRef<'_, '_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        Fields {
            span: self.span(),
            text: self.text(),
            entity: self.entity(),
            form: self.form(),
            resolution: self.resolution(),
            candidates: self.candidates(),
            antecedent: self
                .antecedent()
                .map(|(span, text)| AntecedentFields { span, text }),
        }
        .serialize(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gazetteer::EntityType;

    fn info(id: &'static str) -> EntityInfo<'static> {
        EntityInfo {
            id: Cow::Borrowed(id),
            name: Cow::Borrowed(id),
            kind: EntityType::Country,
            discovered: false,
            country: None,
        }
    }

    fn out(at: usize, text: &str, entity: Option<&'static str>) -> MentionOut<'static> {
        MentionOut {
            span: Span {
                start: at,
                end: at + text.chars().count(),
                byte_start: at,
                byte_end: at + text.len(),
            },
            text: text.to_string(),
            entity: entity.map(info),
            form: Form::Name,
            resolution: "unique",
            candidates: Vec::new(),
            antecedent: None,
        }
    }

    #[test]
    fn a_mention_is_small() {
        assert_eq!(std::mem::size_of::<Packed>() + 16, 28);
    }

    #[test]
    fn what_goes_in_comes_out_in_order() {
        let mut with_more = out(20, "Hamas", None);
        with_more.candidates = vec![Cow::Borrowed("org:a"), Cow::Borrowed("org:b")];
        let mut pronoun = out(30, "it", Some("country:qa"));
        pronoun.form = Form::Pronoun;
        pronoun.resolution = "antecedent";
        pronoun.antecedent = Some(Box::new(Antecedent {
            span: out(0, "Qatar", None).span,
            text: "Qatar".into(),
        }));
        let all = vec![
            out(0, "Qatar", Some("country:qa")),
            out(10, "Israel", Some("country:il")),
            with_more,
            pronoun,
            out(40, "Qatar", Some("country:qa")),
        ];
        let m: Mentions = all.iter().cloned().collect();
        assert_eq!(m.len(), 5);
        assert_eq!(m.iter().map(|r| r.to_out()).collect::<Vec<_>>(), all);
        for (i, want) in all.iter().enumerate() {
            assert_eq!(&m.get(i).unwrap().to_out(), want);
        }
        assert!(m.get(5).is_none());
        // Repeated texts and entities are stored once.
        assert_eq!((m.entities.len(), m.text_ranges.len()), (2, 4));
        assert_eq!(
            serde_json::to_value(&m).unwrap(),
            serde_json::to_value(&all).unwrap()
        );
    }

    #[test]
    fn offsets_past_4_gib_are_kept() {
        let mut m = Mentions::new();
        m.push(out(1, "a", None));
        let mut far = out(1 << 33, "b", None);
        far.antecedent = Some(Box::new(Antecedent {
            span: far.span,
            text: "b".into(),
        }));
        m.push(far);
        assert_eq!(m.get(0).unwrap().span().start, 1);
        assert_eq!(m.get(1).unwrap().span().byte_end, (1 << 33) + 1);
        assert_eq!(m.get(1).unwrap().antecedent().unwrap().0.start, 1 << 33);
    }
}
