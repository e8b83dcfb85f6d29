//! A document's relations, stored compactly.
//!
//! Why not a vector of [`RelationOut`]: a large document holds all of its relations' records
//! at once (the seed article states about 5.5 a kilobyte), and a `RelationOut` is 232 bytes
//! with two allocations (its arguments, 56 bytes each, and its trigger's text). Here a
//! relation with two arguments is 60 bytes and allocates nothing of its own: its offsets are
//! 32-bit, its arguments, trigger text, rule, role and event codes are indexes into tables of
//! the distinct ones of the document, and the relations of one sentence share its text.

use std::borrow::Cow;
use std::fmt;
use std::hash::BuildHasher;
use std::sync::Arc;

use hashbrown::HashTable;
use rustc_hash::FxBuildHasher;
use serde::ser::{Serialize, SerializeSeq, Serializer};

use super::mentions::Spans;
use super::{EntityInfo, RelationOut, Span};
use crate::relate::RelationType;

/// A document's relations, in text order.
///
/// Read them with [`Relations::iter`] or [`Relations::get`], which make each relation's
/// [`RelationOut`] as it is read; build them with [`Relations::push`] or by collecting
/// `RelationOut`s.
///
/// ```
/// use relgraph::{Document, Pipeline};
/// let pipeline = Pipeline::builder().build().unwrap();
/// let r = pipeline.process(&Document::new("d", "Qatar mediated between Israel and Hamas."));
/// let first = r.relations.get(0).unwrap();
/// assert_eq!(first.kind.as_str(), "mediates_between");
/// let kinds: Vec<&str> = r.relations.iter().map(|r| r.kind.as_str()).collect();
/// assert_eq!(kinds, ["mediates_between"]);
/// ```
#[derive(Clone, Default)]
pub struct Relations<'a> {
    records: Vec<Packed>,
    /// Each relation's trigger span, in the same order as `records`.
    trigger_spans: Spans,
    /// The arguments of every relation, relation after relation, as indexes into `entities`.
    args: Vec<u32>,
    /// The distinct entities, and where each is (hashed by id).
    entities: Vec<EntityInfo<'a>>,
    entity_index: HashTable<u32>,
    /// The distinct rule ids, roles and event codes, and where each is.
    strings: Vec<Cow<'a, str>>,
    string_index: HashTable<u32>,
    /// The distinct trigger texts, and where each is.
    triggers: Vec<Box<str>>,
    trigger_index: HashTable<u32>,
    /// The sentences, each once for a run of relations in it, and their spans.
    sentences: Vec<Arc<str>>,
    sentence_spans: Spans,
}

/// One relation without its trigger span: indexes into the document's tables. 36 bytes.
#[derive(Debug, Clone, Copy)]
struct Packed {
    /// Where its arguments start in `args` (they end where the next relation's start).
    args: u32,
    sentence: u32,
    trigger: u32,
    rule: u32,
    /// `NONE` when absent, as for the event codes.
    role: u32,
    cameo: u32,
    plover: u32,
    kind: RelationType,
    former: bool,
}

const NONE: u32 = u32::MAX;

/// A table index as 32 bits: a document has fewer than 2³² relations (each takes at least a
/// byte of its text), so fewer of everything they hold.
fn index32(i: usize) -> u32 {
    u32::try_from(i).expect("fewer than 2^32 relations in a document")
}

/// The index of `item` in `table`, added if new: `table` holds distinct items, `index` finds
/// them by `hash_of` their key.
fn intern<T: PartialEq, K: std::hash::Hash + ?Sized>(
    table: &mut Vec<T>,
    index: &mut HashTable<u32>,
    item: T,
    key: impl Fn(&T) -> &K,
) -> u32 {
    let hash = FxBuildHasher.hash_one(key(&item));
    if let Some(&i) = index.find(hash, |&i| table[i as usize] == item) {
        return i;
    }
    let i = index32(table.len());
    table.push(item);
    index.insert_unique(hash, i, |&k| {
        FxBuildHasher.hash_one(key(&table[k as usize]))
    });
    i
}

impl<'a> Relations<'a> {
    /// No relations.
    pub fn new() -> Relations<'a> {
        Relations::default()
    }

    /// Room for `n` more relations, reserved exactly.
    pub fn reserve(&mut self, n: usize) {
        self.records.reserve_exact(n);
        self.trigger_spans.reserve(n);
        self.args.reserve_exact(2 * n);
    }

    /// The number of relations.
    pub fn len(&self) -> usize {
        self.records.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.records.is_empty()
    }

    /// The `i`-th relation in text order, as an owned record.
    pub fn get(&self, i: usize) -> Option<RelationOut<'a>> {
        let p = *self.records.get(i)?;
        let end = self
            .records
            .get(i + 1)
            .map_or(self.args.len(), |n| n.args as usize);
        let string = |k: u32| (k != NONE).then(|| self.strings[k as usize].clone());
        Some(RelationOut {
            kind: p.kind,
            args: self.args[p.args as usize..end]
                .iter()
                .map(|&e| self.entities[e as usize].clone())
                .collect(),
            role: string(p.role),
            rule: self.strings[p.rule as usize].clone(),
            sentence: self.sentences[p.sentence as usize].clone(),
            sentence_span: self.sentence_spans.get(p.sentence as usize),
            trigger: self.triggers[p.trigger as usize].to_string(),
            trigger_span: self.trigger_spans.get(i),
            former: p.former,
            cameo: string(p.cameo),
            plover: string(p.plover),
        })
    }

    /// The relations in text order, each made as an owned record as it is read.
    pub fn iter(&self) -> Iter<'_, 'a> {
        Records { all: self, i: 0 }
    }

    /// Adds a relation after the others. Its sentence's text is kept once for a run of
    /// relations in the same sentence.
    pub fn push(&mut self, r: RelationOut<'a>) {
        let mut args = r.args;
        let sentence = r.sentence;
        self.push_parts(
            r.kind,
            &mut args,
            (r.role, r.rule),
            (r.sentence_span, || sentence),
            (r.trigger_span, &r.trigger),
            r.former,
            (r.cameo, r.plover),
        );
    }

    /// Adds a relation after the others from its parts: `args` is emptied, and the
    /// sentence's text is asked for only when the sentence is not the previous relation's.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn push_parts(
        &mut self,
        kind: RelationType,
        args: &mut Vec<EntityInfo<'a>>,
        (role, rule): (Option<Cow<'a, str>>, Cow<'a, str>),
        (sentence_span, sentence): (Span, impl FnOnce() -> Arc<str>),
        (trigger_span, trigger): (Span, &str),
        former: bool,
        (cameo, plover): (Option<Cow<'a, str>>, Option<Cow<'a, str>>),
    ) {
        let first_arg = index32(self.args.len());
        for a in args.drain(..) {
            let e = intern(&mut self.entities, &mut self.entity_index, a, |e| &*e.id);
            self.args.push(e);
        }
        let last = self.sentences.len().checked_sub(1);
        let sentence = match last {
            Some(k) if self.sentence_spans.get(k) == sentence_span => index32(k),
            _ => {
                self.sentences.push(sentence());
                self.sentence_spans.push(sentence_span);
                index32(self.sentences.len() - 1)
            }
        };
        let mut string = |s: Option<Cow<'a, str>>| match s {
            Some(s) => intern(&mut self.strings, &mut self.string_index, s, |s| &**s),
            None => NONE,
        };
        let packed = Packed {
            args: first_arg,
            sentence,
            rule: string(Some(rule)),
            role: string(role),
            cameo: string(cameo),
            plover: string(plover),
            trigger: self.trigger(trigger),
            kind,
            former,
        };
        self.records.push(packed);
        self.trigger_spans.push(trigger_span);
    }

    /// The index of a trigger text in the table, added if new.
    fn trigger(&mut self, t: &str) -> u32 {
        let hash = FxBuildHasher.hash_one(t);
        let triggers = &self.triggers;
        if let Some(&i) = self
            .trigger_index
            .find(hash, |&i| &*triggers[i as usize] == t)
        {
            return i;
        }
        let i = index32(self.triggers.len());
        self.triggers.push(t.into());
        let triggers = &self.triggers;
        self.trigger_index
            .insert_unique(hash, i, |&k| FxBuildHasher.hash_one(&*triggers[k as usize]));
        i
    }

    /// Returns the spare capacity of the tables to the allocator.
    pub(crate) fn shrink_to_fit(&mut self) {
        self.records.shrink_to_fit();
        self.trigger_spans.shrink_to_fit();
        self.args.shrink_to_fit();
        self.entities.shrink_to_fit();
        self.strings.shrink_to_fit();
        self.triggers.shrink_to_fit();
        self.sentences.shrink_to_fit();
        self.sentence_spans.shrink_to_fit();
    }
}

impl<'a> FromIterator<RelationOut<'a>> for Relations<'a> {
    fn from_iter<I: IntoIterator<Item = RelationOut<'a>>>(iter: I) -> Relations<'a> {
        let mut out = Relations::new();
        out.extend(iter);
        out
    }
}

impl<'a> Extend<RelationOut<'a>> for Relations<'a> {
    fn extend<I: IntoIterator<Item = RelationOut<'a>>>(&mut self, iter: I) {
        for r in iter {
            self.push(r);
        }
    }
}

impl<'r, 'a> IntoIterator for &'r Relations<'a> {
    type Item = RelationOut<'a>;
    type IntoIter = Iter<'r, 'a>;
    fn into_iter(self) -> Iter<'r, 'a> {
        self.iter()
    }
}

/// The relations as owned records, in text order.
impl<'a> IntoIterator for Relations<'a> {
    type Item = RelationOut<'a>;
    type IntoIter = IntoIter<'a>;
    fn into_iter(self) -> IntoIter<'a> {
        Records { all: self, i: 0 }
    }
}

/// The relations of a [`Relations`] as owned records ([`RelationOut`]), in text order: over
/// a borrowed table ([`Iter`]) or an owned one ([`IntoIter`]).
#[derive(Debug, Clone)]
pub struct Records<T> {
    all: T,
    i: usize,
}

/// The relations of a borrowed [`Relations`], in text order.
pub type Iter<'r, 'a> = Records<&'r Relations<'a>>;

/// The relations of an owned [`Relations`], in text order.
pub type IntoIter<'a> = Records<Relations<'a>>;

impl<'a, T: std::borrow::Borrow<Relations<'a>>> Records<T> {
    fn step(&mut self) -> Option<RelationOut<'a>> {
        let r = self.all.borrow().get(self.i)?;
        self.i += 1;
        Some(r)
    }

    fn left(&self) -> (usize, Option<usize>) {
        let n = self.all.borrow().len() - self.i;
        (n, Some(n))
    }
}

impl<'a> Iterator for Records<Relations<'a>> {
    type Item = RelationOut<'a>;

    fn next(&mut self) -> Option<RelationOut<'a>> {
        self.step()
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.left()
    }
}

impl<'a> Iterator for Records<&Relations<'a>> {
    type Item = RelationOut<'a>;

    fn next(&mut self) -> Option<RelationOut<'a>> {
        self.step()
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.left()
    }
}

impl ExactSizeIterator for Records<Relations<'_>> {}
impl ExactSizeIterator for Records<&Relations<'_>> {}

/// Equal when the relations are, whatever the order their tables were filled in.
impl PartialEq for Relations<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.len() == other.len() && self.iter().eq(other.iter())
    }
}

impl fmt::Debug for Relations<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

/// A sequence of relation records, as a vector of [`RelationOut`] serializes.
impl Serialize for Relations<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut seq = s.serialize_seq(Some(self.len()))?;
        for r in self {
            seq.serialize_element(&r)?;
        }
        seq.end()
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

    fn span(at: usize, len: usize) -> Span {
        Span {
            start: at,
            end: at + len,
            byte_start: at,
            byte_end: at + len,
        }
    }

    fn out(at: usize, sentence: &Arc<str>, args: &[&'static str]) -> RelationOut<'static> {
        RelationOut {
            kind: RelationType::TalksWith,
            args: args.iter().map(|a| info(a)).collect(),
            role: None,
            rule: Cow::Borrowed("talks"),
            sentence: sentence.clone(),
            sentence_span: span(at, sentence.len()),
            trigger: "met".into(),
            trigger_span: span(at + 2, 3),
            former: false,
            cameo: Some(Cow::Borrowed("040")),
            plover: None,
        }
    }

    #[test]
    fn a_relation_is_small() {
        assert_eq!(std::mem::size_of::<Packed>() + 16 + 2 * 4, 60);
    }

    #[test]
    fn what_goes_in_comes_out_in_order() {
        let (s1, s2): (Arc<str>, Arc<str>) = ("A met B and C.".into(), "D met E.".into());
        let mut office = out(0, &s1, &["person:x", "country:a"]);
        office.kind = RelationType::HoldsOffice;
        office.role = Some(Cow::Owned("minister".into()));
        office.former = true;
        office.args[0].discovered = true;
        office.args[0].id = Cow::Owned("person:x".into());
        let all = vec![
            out(0, &s1, &["country:a", "country:b"]),
            out(0, &s1, &["country:a", "country:c"]),
            office,
            out(20, &s2, &["country:d", "country:e", "country:a"]),
            out(30, &s2, &[]),
        ];
        let r: Relations = all.iter().cloned().collect();
        assert_eq!(r.len(), 5);
        assert_eq!(r.iter().collect::<Vec<_>>(), all);
        for (i, want) in all.iter().enumerate() {
            assert_eq!(&r.get(i).unwrap(), want);
        }
        assert!(r.get(5).is_none());
        // Repeated entities, strings and triggers are stored once; a sentence once a run.
        assert_eq!(r.entities.len(), 6);
        assert_eq!(
            (r.strings.len(), r.triggers.len(), r.sentences.len()),
            (3, 1, 3)
        );
        assert_eq!(
            serde_json::to_value(&r).unwrap(),
            serde_json::to_value(&all).unwrap()
        );
    }
}
