//! Gazetteer matching: one index over every folded alias, a double-array trie or, for lists
//! of millions of aliases, a finite-state transducer.
//!
//! The index is walked over the folded text ([`crate::text::fold`]) from every position where
//! an accepted match can start (word starts, and characters outside words), and reports
//! *every* alias occurrence starting there. Each occurrence is then checked
//! against the source text — whole words only, and the alias's case (proper names are
//! case-sensitive; ALL-CAPS headlines and lowercase-initial words capitalised in titles still
//! match) — and the valid ones are reduced to leftmost-longest. Checking before choosing is
//! what keeps a rejected long candidate ("Iranian" where only "Iran" is listed… inside
//! "Iraniann") from hiding a valid shorter one at the same start or a valid one starting
//! inside it.

use std::fmt;
use std::ops::Range;
use std::sync::Arc;

use rayon::prelude::*;
use regex_automata::util::pool::Pool;

use crate::error::{Error, Result};
use crate::gazetteer::{EntityType, Gazetteer};
use crate::text::fold::{self, Folded};
use crate::text::{is_calendar_word, is_word_char};

/// How an alias names its entity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum AliasForm {
    /// The canonical name or a listed alias.
    Name,
    /// A demonym or adjectival ("Azeri", "Israelis").
    Demonym,
    /// A surname derived from a person's full name; only trusted when the full name is in the
    /// same document.
    Surname,
}

impl AliasForm {
    /// Every form.
    pub const ALL: [AliasForm; 3] = [AliasForm::Name, AliasForm::Demonym, AliasForm::Surname];

    /// Lowercase name used in outputs.
    pub fn as_str(self) -> &'static str {
        match self {
            AliasForm::Name => "name",
            AliasForm::Demonym => "demonym",
            AliasForm::Surname => "surname",
        }
    }
}

/// What one alias points at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Target {
    /// An entity (index into [`Gazetteer::entities`]) under some form.
    Entity(usize, AliasForm),
    /// A title (index into [`Gazetteer::titles`]).
    Title(usize),
}

/// An alias while the matcher is built.
#[derive(Debug, Clone)]
struct NewAlias {
    target: Target,
    /// The alias folded with case kept, for the case check: a range of the build's `cased`.
    cased: Range<usize>,
    /// Case-insensitive (titles, except all-capital acronyms).
    any_case: bool,
}

/// One alias of a key, read from [`Matcher::records`].
#[derive(Debug, Clone, Copy)]
struct Alias<'a> {
    target: Target,
    /// Case-insensitive (titles, except all-capital acronyms).
    any_case: bool,
    /// The alias folded with case kept, for the case check.
    cased: &'a [u8],
}

impl<'a> Alias<'a> {
    fn cased(&self) -> &'a str {
        std::str::from_utf8(self.cased).expect("stored from a str")
    }
}

/// A key's aliases, as stored in [`Matcher::records`]: for each, the packed target (four bytes,
/// [`pack`]), the folding's length times two plus one if any case goes (four bytes), then the
/// folding itself.
struct Aliases<'a>(&'a [u8]);

impl<'a> Iterator for Aliases<'a> {
    type Item = Alias<'a>;

    #[inline]
    fn next(&mut self) -> Option<Alias<'a>> {
        let (head, rest) = self.0.split_first_chunk::<8>()?;
        let [t0, t1, t2, t3, l0, l1, l2, l3] = *head;
        let len = u32::from_le_bytes([l0, l1, l2, l3]);
        let (cased, rest) = rest.split_at((len >> 1) as usize);
        self.0 = rest;
        Some(Alias {
            target: unpack(u32::from_le_bytes([t0, t1, t2, t3])),
            any_case: len & 1 == 1,
            cased,
        })
    }
}

/// Entity and title indices below this fit a packed target.
const PACKED_INDEX: usize = 1 << 30;

/// A target in four bytes: its kind in the top two bits, its index below.
fn pack(t: Target) -> u32 {
    let (kind, i) = match t {
        Target::Entity(i, AliasForm::Name) => (0, i),
        Target::Entity(i, AliasForm::Demonym) => (1, i),
        Target::Entity(i, AliasForm::Surname) => (2, i),
        Target::Title(i) => (3, i),
    };
    debug_assert!(i < PACKED_INDEX);
    kind << 30 | i as u32
}

/// The inverse of [`pack`].
#[inline]
fn unpack(t: u32) -> Target {
    let i = (t & (PACKED_INDEX as u32 - 1)) as usize;
    match t >> 30 {
        0 => Target::Entity(i, AliasForm::Name),
        1 => Target::Entity(i, AliasForm::Demonym),
        2 => Target::Entity(i, AliasForm::Surname),
        _ => Target::Title(i),
    }
}

/// One accepted match: a source byte span and every target whose alias it satisfies.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    /// Byte range in the source text.
    pub span: Range<usize>,
    /// Targets, sorted, without duplicates.
    pub targets: Vec<Target>,
}

/// Finds gazetteer aliases and titles in text. Build once, use from many threads.
pub struct Matcher {
    index: Index,
    /// The aliases of every key, key after key, each key's sorted by target and case, in the
    /// layout [`Aliases`] reads: what `find` checks of a key's aliases is one contiguous read.
    /// Flat because a million small allocations cost more to make and free than the index
    /// takes to build.
    records: Vec<u8>,
    /// Where each key's aliases start in `records`, and the end of the last key's.
    heads: Vec<u32>,
    /// Buffers `find` reuses from call to call, one set per thread using them at a time (the
    /// pool the `regex` crate keeps its search caches in).
    scratch: Pool<Scratch>,
}

impl Clone for Matcher {
    fn clone(&self) -> Matcher {
        Matcher {
            index: self.index.clone(),
            records: self.records.clone(),
            heads: self.heads.clone(),
            scratch: Pool::new(Scratch::default),
        }
    }
}

/// The folded, lowercased aliases (keys), each mapped to its index in `Matcher::heads`.
#[derive(Clone)]
enum Index {
    /// A double-array trie (`crawdad`) walked from every position where an accepted match can
    /// start: its transitions are indexed, and a walk from a word start ends after a few
    /// characters, so it reads fewer states than an Aho-Corasick automaton run over every
    /// byte (which also follows failure transitions and reports every key ending inside a
    /// word), and it builds faster.
    Trie(Parts<Arc<crawdad::Trie>>),
    /// A finite-state transducer, walked the same way: far less memory than the trie, and a
    /// third of its speed (see [`TRANSDUCER_FROM`]).
    Transducer(Parts<fst::Map<Vec<u8>>>),
}

/// Adds every key of `trie` that starts at `hay[start]`, with its range, to `all`. Inlined
/// into each of `scan`'s loops: called through a closure that picked the index per start,
/// the walk ran 7 % slower.
#[inline(always)]
fn walk_trie(trie: &crawdad::Trie, hay: &[u8], start: usize, all: &mut Vec<(Range<usize>, usize)>) {
    let rest = hay[start..].iter().map(|&b| char::from(b));
    for (key, len) in trie.common_prefix_search(rest) {
        all.push((start..start + len, key as usize));
    }
}

/// `key`'s bytes, each as the character of that number (U+0000 to U+00FF), for the trie: it
/// then steps a byte at a time, on any text, and a match's length in characters is its
/// length in bytes. The order of keys is kept (UTF-8 sorts as its bytes do).
fn bytes_as_chars(key: &str) -> String {
    key.bytes().map(char::from).collect()
}

/// An index in parts, each over a run of keys with the same first bytes, built in parallel
/// (the build is most of start-up with a million aliases).
#[derive(Clone)]
struct Parts<T> {
    /// Empty if there are no keys.
    parts: Vec<T>,
    /// The part holding the keys that start with each byte.
    part_of: Box<[u8; 256]>,
}

impl<T: Send> Parts<T> {
    /// Splits `keys` (sorted, without duplicates, each with its index) into parts, one per
    /// thread of the current pool (at most 8) and `part_keys` keys, and builds each with
    /// `build`.
    fn build<E: Send>(
        keys: &[(&str, u64)],
        part_keys: usize,
        build: impl Fn(&[(&str, u64)]) -> std::result::Result<T, E> + Sync,
    ) -> std::result::Result<Parts<T>, E> {
        let wanted = rayon::current_num_threads()
            .clamp(1, 8)
            .min(keys.len() / part_keys.max(1) + 1);
        let first = |i: usize| keys[i].0.as_bytes()[0];
        let mut bounds = vec![0];
        for k in 1..wanted {
            let mut at = (keys.len() * k / wanted).max(*bounds.last().expect("starts at 0"));
            while at < keys.len() && at > 0 && first(at) == first(at - 1) {
                at += 1;
            }
            if at < keys.len() && at > *bounds.last().expect("starts at 0") {
                bounds.push(at);
            }
        }
        if !keys.is_empty() {
            bounds.push(keys.len());
        }
        let mut part_of = Box::new([0u8; 256]);
        for (part, w) in bounds.windows(2).enumerate() {
            for i in w[0]..w[1] {
                part_of[usize::from(first(i))] = part as u8;
            }
        }
        let parts = bounds
            .par_windows(2)
            .map(|w| build(&keys[w[0]..w[1]]))
            .collect::<std::result::Result<Vec<_>, _>>()?;
        Ok(Parts { parts, part_of })
    }

    /// The part that holds the keys starting with `byte`, if there are keys.
    fn of(&self, byte: u8) -> Option<&T> {
        self.parts.get(usize::from(self.part_of[usize::from(byte)]))
    }
}

/// Fewer keys than this make one index part: they build in little time (the default lists,
/// 47k keys, in 0.07 s), and picking one of two parts at each start cost `find` 7 %.
const PART_KEYS: usize = 100_000;

/// Above this many keys the transducer replaces the trie, to bound memory: the trie takes about
/// 92 bytes a key once built and 300 while it builds, the transducer a fraction of that. Measured
/// on the 10 MB corpus (`find`, trie against transducer): 180k keys, 80 against 28 MB/s; 1.3M
/// keys, 69 against 26 MB/s, a 3.3 against 2.8 s build, and peak RSS at start 870 against 570
/// MB (the trie itself 122 MB). An Aho-Corasick automaton scanned the default lists at 90 % of
/// the trie's speed and took 27 s (`aho-corasick`) or 20 s and 2.9 GB (`daachorse`) for a
/// million keys.
const TRANSDUCER_FROM: usize = 2_000_000;

// Spelled out because the derived form would list every alias.
impl fmt::Debug for Matcher {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Matcher")
            .field("patterns", &self.pattern_count())
            .finish_non_exhaustive()
    }
}

/// Words that are never taken as derived surnames (they are far more often something else).
const NOT_SURNAMES: &[&str] = &[
    "Jr.", "Sr.", "II", "III", "IV", "The", "And", "Van", "Von", "Der", "Den", "Del", "Della",
    "Bin", "Ibn", "Abu", "Al", "El", "Le", "La", "Du", "Da", "De", "Dos",
];

impl Matcher {
    /// Builds the index from every entity alias, demonym, derived surname and title.
    pub fn new(gazetteer: &Gazetteer) -> Result<Matcher> {
        Matcher::build(gazetteer, TRANSDUCER_FROM, PART_KEYS)
    }

    /// [`Matcher::new`] with the transducer from `transducer_from` keys, and an index part per
    /// `part_keys` keys (tests make both small).
    fn build(gazetteer: &Gazetteer, transducer_from: usize, part_keys: usize) -> Result<Matcher> {
        // (key, alias) pairs, grouped by key below; of two aliases with the same key, target
        // and case the first added is kept. Keys are ranges of `key_text`.
        let mut all: Vec<(Range<usize>, NewAlias)> = Vec::new();
        let mut key_text = String::new();
        let mut cased = String::new();
        let mut add = |surface: &str, target: Target, any_case: bool| {
            let start = key_text.len();
            fold::push_key(surface, &mut key_text);
            if key_text.len() == start {
                return;
            }
            let cased_start = cased.len();
            fold::push_cased(surface, &mut cased);
            let alias = NewAlias {
                target,
                cased: cased_start..cased.len(),
                any_case,
            };
            all.push((start..key_text.len(), alias));
        };
        for (i, e) in gazetteer.entities().iter().enumerate() {
            let names = std::iter::once(&e.name).chain(&e.aliases);
            for name in names.clone() {
                add(name, Target::Entity(i, AliasForm::Name), false);
            }
            for d in &e.demonyms {
                add(d, Target::Entity(i, AliasForm::Demonym), false);
            }
            if e.entity_type() == EntityType::Person {
                for name in names {
                    if let Some(s) = surname(name) {
                        add(s, Target::Entity(i, AliasForm::Surname), false);
                    }
                }
            }
        }
        for (i, t) in gazetteer.titles().iter().enumerate() {
            for form in &t.forms {
                let acronym = form.chars().filter(|c| c.is_alphabetic()).count() > 1
                    && !form.chars().any(char::is_lowercase);
                add(form, Target::Title(i), !acronym);
            }
        }
        let order_of = |(ka, a): &(Range<usize>, NewAlias), (kb, b): &(Range<usize>, NewAlias)| {
            key_text[ka.clone()]
                .cmp(&key_text[kb.clone()])
                .then(a.target.cmp(&b.target))
                .then(cased[a.cased.clone()].cmp(&cased[b.cased.clone()]))
        };
        // Sorting (first eight key bytes, position) pairs, which mostly compare without
        // touching `key_text`, is several times faster than sorting the entries themselves.
        let prefix = |k: &Range<usize>| {
            let mut bytes = [0u8; 8];
            let k = &key_text.as_bytes()[k.clone()];
            let n = k.len().min(8);
            bytes[..n].copy_from_slice(&k[..n]);
            u64::from_be_bytes(bytes)
        };
        let mut order: Vec<(u64, usize)> = all
            .iter()
            .enumerate()
            .map(|(i, (k, _))| (prefix(k), i))
            .collect();
        order.sort_unstable_by(|&(pa, a), &(pb, b)| {
            pa.cmp(&pb)
                .then_with(|| order_of(&all[a], &all[b]))
                .then(a.cmp(&b))
        });
        let mut keys: Vec<(&str, u64)> = Vec::new();
        let mut records: Vec<u8> = Vec::with_capacity(all.len() * 8 + cased.len());
        let mut heads: Vec<u32> = Vec::new();
        let mut last: Option<usize> = None;
        let mut too_big = false;
        for (_, i) in order {
            if last.is_some_and(|l| order_of(&all[l], &all[i]).is_eq()) {
                continue;
            }
            last = Some(i);
            let (key, alias) = &all[i];
            let key = &key_text[key.clone()];
            if keys.last().is_none_or(|(k, _)| *k != key) {
                keys.push((key, heads.len() as u64));
                heads.push(u32::try_from(records.len()).unwrap_or(u32::MAX));
            }
            let (Target::Entity(index, _) | Target::Title(index)) = alias.target;
            let len = u32::try_from(alias.cased.len()).unwrap_or(u32::MAX);
            too_big |= index >= PACKED_INDEX || len >= 1 << 31;
            records.extend(pack(alias.target).to_le_bytes());
            records.extend((len << 1 | u32::from(alias.any_case)).to_le_bytes());
            records.extend(cased[alias.cased.clone()].as_bytes());
        }
        too_big |= records.len() >= u32::MAX as usize;
        heads.push(u32::try_from(records.len()).unwrap_or(u32::MAX));
        let too_many = |e: String| Error::InvalidValue {
            what: "gazetteer",
            value: format!("{} aliases", keys.len()),
            reason: format!("could not build the matcher: {e}"),
        };
        if too_big {
            return Err(too_many("more than 4 GiB of aliases".to_string()));
        }
        let index = if keys.len() < transducer_from {
            // Keys are lowercase and `find` lowercases the folded text (neither index has a
            // case-insensitive mode). Keys are sorted and distinct, and each key's value is its
            // index. The trie reads characters, and is given bytes.
            Index::Trie(
                Parts::build(&keys, part_keys, |part| {
                    // (An index past `u32` is refused by the trie, as too many keys.)
                    let records = part
                        .iter()
                        .map(|&(k, i)| (bytes_as_chars(k), u32::try_from(i).unwrap_or(u32::MAX)));
                    crawdad::Trie::from_records(records).map(Arc::new)
                })
                .map_err(|e| too_many(e.to_string()))?,
            )
        } else {
            Index::Transducer(
                Parts::build(&keys, part_keys, |part| {
                    fst::Map::from_iter(part.iter().copied())
                })
                .map_err(|e| too_many(e.to_string()))?,
            )
        };
        Ok(Matcher {
            index,
            records,
            heads,
            scratch: Pool::new(Scratch::default),
        })
    }

    /// Calls `found` with the folded range and pattern index of every alias occurrence in
    /// `lower` (folded text, ASCII-lowercased) that starts where `may_start` allows, in order
    /// of end, then longest first.
    pub fn scan(
        &self,
        lower: &str,
        may_start: impl Fn(usize) -> bool,
        mut found: impl FnMut(Range<usize>, usize),
    ) {
        // Every key that starts at each allowed start, then in the order of an overlapping
        // Aho-Corasick scan (by end, then longest first), which `find` relies on.
        let mut all: Vec<(Range<usize>, usize)> = Vec::new();
        let ascii = lower.is_ascii();
        let starts =
            (0..lower.len()).filter(|&i| (ascii || lower.is_char_boundary(i)) && may_start(i));
        match &self.index {
            Index::Trie(parts) => match &parts.parts[..] {
                [] => {}
                // One part (most lists): no part to pick per start.
                [trie] => {
                    for start in starts {
                        walk_trie(trie, lower.as_bytes(), start, &mut all);
                    }
                }
                _ => {
                    for start in starts {
                        if let Some(trie) = parts.of(lower.as_bytes()[start]) {
                            walk_trie(trie, lower.as_bytes(), start, &mut all);
                        }
                    }
                }
            },
            Index::Transducer(t) => {
                let hay = lower.as_bytes();
                for start in starts {
                    let Some(fst) = t.of(hay[start]).map(fst::Map::as_fst) else {
                        continue;
                    };
                    let mut node = fst.root();
                    let mut out = 0u64;
                    for (end, &b) in (start + 1..).zip(&hay[start..]) {
                        let Some(t) = node.find_input(b).map(|i| node.transition(i)) else {
                            break;
                        };
                        out += t.out.value();
                        node = fst.node(t.addr);
                        if node.is_final() {
                            let pattern = out + node.final_output().value();
                            all.push((start..end, pattern as usize));
                        }
                    }
                }
            }
        }
        all.sort_unstable_by_key(|(r, _)| (r.end, r.start));
        all.into_iter().for_each(|(r, p)| found(r, p));
    }

    /// Aliases (names and demonyms, not derived surnames) that several entities share, each
    /// with the entity indices, sorted by alias: these are resolved by document context, then
    /// by office dates, else left unresolved.
    pub fn shared_aliases(&self) -> Vec<(String, Vec<usize>)> {
        let mut out: Vec<(String, Vec<usize>)> = (0..self.pattern_count())
            .filter_map(|p| {
                let mut ids: Vec<usize> = self
                    .aliases_of(p)
                    .filter_map(|a| match a.target {
                        Target::Entity(e, f) if f != AliasForm::Surname => Some(e),
                        _ => None,
                    })
                    .collect();
                ids.sort_unstable();
                ids.dedup();
                (ids.len() > 1).then(|| (self.first_alias(p).cased().to_string(), ids))
            })
            .collect();
        out.sort();
        out
    }

    /// Every target of the aliases that match all of `name` (as written, case rules applied).
    pub fn lookup(&self, name: &str) -> Vec<Target> {
        let name = name.trim();
        let mut out: Vec<Target> = self
            .find(name)
            .into_iter()
            .filter(|h| h.span == (0..name.len()))
            .flat_map(|h| h.targets)
            .collect();
        out.sort();
        out.dedup();
        out
    }

    /// Number of distinct folded aliases in the index.
    pub fn pattern_count(&self) -> usize {
        self.heads.len() - 1
    }

    #[inline]
    fn aliases_of(&self, pattern: usize) -> Aliases<'_> {
        let (start, end) = (self.heads[pattern], self.heads[pattern + 1]);
        Aliases(&self.records[start as usize..end as usize])
    }

    /// Every key has an alias.
    fn first_alias(&self, pattern: usize) -> Alias<'_> {
        self.aliases_of(pattern).next().expect("one per key")
    }

    /// All accepted matches in `text`, leftmost-longest, non-overlapping, in order.
    pub fn find(&self, text: &str) -> Vec<Hit> {
        self.find_with(text, &mut self.scratch.get())
    }

    /// [`Matcher::find`] with buffers reused from call to call.
    fn find_with(&self, text: &str, scratch: &mut Scratch) -> Vec<Hit> {
        let Scratch {
            lower,
            candidates,
            order,
            kept,
        } = scratch;
        candidates.clear();
        if text.is_ascii() {
            // Folding keeps ASCII as it is: the folded text is the source lowercased, offsets
            // are the same, and every word test is a byte test.
            lower.clear();
            lower.push_str(text);
            lower.make_ascii_lowercase();
            let hay = lower.as_bytes();
            let inside_word = |i: usize| {
                i > 0
                    && i < hay.len()
                    && hay[i - 1].is_ascii_alphanumeric()
                    && hay[i].is_ascii_alphanumeric()
            };
            let may_start = |i: usize| i < hay.len() && !inside_word(i);
            self.scan(lower, may_start, |range, pattern| {
                // The start passed `may_start`; the end is where most occurrences fail ("Iran"
                // in "Iranian").
                if range.is_empty() || inside_word(range.end) {
                    return;
                }
                let found = &text[range.clone()];
                self.accept_cased(found, found, range, pattern, candidates);
            });
        } else {
            let mut folded = Folded::new(text);
            folded.make_ascii_lowercase();
            // `accept` rejects any match whose source start fails `may_start`, so the index is
            // walked only from there: word starts and non-word characters.
            let may_start = |i: usize| may_start(text, folded.source_range(i..i).start);
            // Two folded occurrences can map to the same source span ("ss" from "ß"); the
            // first of them wins in `leftmost_longest`, hence `scan`'s fixed order.
            self.scan(folded.as_str(), may_start, |range, pattern| {
                self.accept(text, folded.source_range(range), pattern, candidates);
            });
        }
        let hits = candidates.leftmost_longest(text.len(), order, kept);
        scratch.trim();
        hits
    }

    /// Checks one occurrence in the folded text against the source — word boundaries, then the
    /// case of each alias of its key — and adds it to `out` with the targets that pass, if any.
    fn accept(&self, text: &str, span: Range<usize>, pattern: usize, out: &mut Candidates) {
        // Boundaries first: they reject most occurrences ("Iran" in "Iranian") at the cost of
        // a byte or two each.
        if !at_word_boundaries(text, &span) {
            return;
        }
        let found = &text[span.clone()];
        // Folding keeps ASCII as it is: most matches need no copy.
        if found.is_ascii() {
            self.accept_cased(found, found, span, pattern, out);
        } else {
            self.accept_cased(found, &fold::cased(found), span, pattern, out);
        }
    }

    /// The case check of [`Matcher::accept`]: `found` is the source text of `span`, `cased`
    /// its case-kept folding.
    fn accept_cased(
        &self,
        found: &str,
        cased: &str,
        span: Range<usize>,
        pattern: usize,
        out: &mut Candidates,
    ) {
        // Needed only when an alias's case differs from the text's.
        let mut all_caps = None;
        let first = out.targets.len();
        let (mut name, mut title) = (false, false);
        for a in self.aliases_of(pattern) {
            let ok = a.any_case
                || a.cased == cased.as_bytes()
                || case_compatible(a.cased(), cased)
                || *all_caps.get_or_insert_with(|| is_all_caps(found));
            // Aliases are sorted by target, so a repeated target follows its first.
            if !ok || (out.targets.len() > first && out.targets.last() == Some(&a.target)) {
                continue;
            }
            match a.target {
                Target::Entity(_, f) => name |= f != AliasForm::Surname,
                Target::Title(_) => title = true,
            }
            out.targets.push(a.target);
        }
        if out.targets.len() == first {
            return;
        }
        let tier = Tier::of(name, title);
        // A hit counts only as what its tier says: "King" is a title even though some Kings
        // are people, and a listed name that is also a title form is the entity.
        let mut kept = first;
        for i in first..out.targets.len() {
            let t = out.targets[i];
            if tier.counts(t) {
                out.targets[kept] = t;
                kept += 1;
            }
        }
        out.targets.truncate(kept);
        out.list.push(Candidate {
            start: span.start,
            end: span.end,
            tier,
            found: out.list.len(),
            targets: first..kept,
        });
    }

    /// Reference implementation for tests: every alias at every position, checked, then
    /// leftmost-longest, each step as simply as possible (`reference`). Quadratic; never use
    /// it on real input.
    #[cfg(test)]
    fn find_naive(&self, text: &str) -> Vec<Hit> {
        let folded = Folded::new(text);
        let hay = folded.as_str().to_ascii_lowercase();
        let mut keys: Vec<(usize, String)> = Vec::new();
        for (i, p) in self.index_keys().into_iter().enumerate() {
            keys.push((i, p));
        }
        let mut candidates = Vec::new();
        for (pattern, key) in keys {
            for start in 0..hay.len() {
                if hay.is_char_boundary(start) && hay[start..].starts_with(&key) {
                    let span = folded.source_range(start..start + key.len());
                    candidates.extend(reference::accept(self, text, span, pattern));
                }
            }
        }
        reference::leftmost_longest(candidates)
    }

    #[cfg(test)]
    fn index_keys(&self) -> Vec<String> {
        (0..self.pattern_count())
            .map(|p| fold::key(self.first_alias(p).cased()))
            .collect()
    }
}

/// The three tiers of [`Candidates::leftmost_longest`], in the order they choose.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Tier {
    /// Some target is an entity by name or demonym.
    Name,
    /// Otherwise, some target is a title.
    Title,
    /// Only derived surnames.
    Surname,
}

impl Tier {
    fn of(name: bool, title: bool) -> Tier {
        if name {
            Tier::Name
        } else if title {
            Tier::Title
        } else {
            Tier::Surname
        }
    }

    /// Whether a hit of this tier keeps `target`.
    fn counts(self, target: Target) -> bool {
        match self {
            Tier::Name => matches!(target, Target::Entity(..)),
            Tier::Title => matches!(target, Target::Title(_)),
            Tier::Surname => true,
        }
    }
}

/// One occurrence that passed [`Matcher::accept`].
#[derive(Debug, Clone)]
struct Candidate {
    /// Source byte range: `start..end`.
    start: usize,
    end: usize,
    tier: Tier,
    /// Its position in [`Candidates::list`] as found.
    found: usize,
    /// Its targets, already narrowed to what its tier counts: a range of
    /// [`Candidates::targets`].
    targets: Range<usize>,
}

/// The occurrences that passed the checks in one text, in the order found. Their targets
/// share one list, so checking an occurrence allocates nothing; only the chosen ones become
/// [`Hit`]s.
#[derive(Debug, Default, Clone)]
struct Candidates {
    list: Vec<Candidate>,
    targets: Vec<Target>,
}

impl Candidates {
    /// Keeps the leftmost, then longest, of overlapping candidates, in three tiers: entity
    /// names and demonyms first, then titles in the gaps, then derived surnames in what is
    /// left. So a long title ("chairman of the Joint Chiefs of Staff") never swallows an
    /// entity but its short form ("chairman") still counts, and a weak surname ("Leader",
    /// "The") never hides a title. Of candidates with the same span, the first found wins.
    ///
    /// `text_len` bounds the candidates' offsets; `order` and `kept` are scratch buffers.
    fn leftmost_longest(
        &mut self,
        text_len: usize,
        order: &mut Vec<u64>,
        kept: &mut Vec<Candidate>,
    ) -> Vec<Hit> {
        // In order of tier, start, longest first, then as found (so equal spans stay in the
        // order found): as one integer each when offsets and count fit, which made `find` 5 %
        // faster on the 10 MB corpus than sorting the candidates themselves. Tests check the
        // two ways agree.
        if text_len < PACKED_TEXT && self.list.len() < PACKED_LIST {
            #[cfg(test)]
            let unpacked = self.clone().leftmost_longest(usize::MAX, order, kept);
            order.clear();
            order.extend(self.list.iter().enumerate().map(|(i, c)| {
                (c.tier as u64) << 62
                    | (c.start as u64) << 38
                    | ((PACKED_TEXT - 1 - c.end) as u64) << 14
                    | i as u64
            }));
            order.sort_unstable();
            let sorted = order
                .iter()
                .map(|&k| &self.list[(k & (PACKED_LIST as u64 - 1)) as usize]);
            choose(sorted, kept);
            #[cfg(test)]
            assert_eq!(self.hits(kept), unpacked);
        } else {
            self.list
                .sort_unstable_by_key(|c| (c.tier, c.start, std::cmp::Reverse(c.end), c.found));
            choose(self.list.iter(), kept);
        }
        self.hits(kept)
    }

    fn hits(&self, kept: &[Candidate]) -> Vec<Hit> {
        kept.iter()
            .map(|c| Hit {
                span: c.start..c.end,
                targets: self.targets[c.targets.clone()].to_vec(),
            })
            .collect()
    }

    fn clear(&mut self) {
        self.list.clear();
        self.targets.clear();
    }
}

/// Texts shorter than this, with fewer candidates than [`PACKED_LIST`], have their candidates
/// sorted by packed keys: two bits of tier, then 24 bits each of start and end, 14 of position.
const PACKED_TEXT: usize = 1 << 24;
const PACKED_LIST: usize = 1 << 14;

/// The selection of [`Candidates::leftmost_longest`] over candidates sorted by tier, start,
/// longest first, then as found: adds the chosen to `kept` (cleared first), sorted by start.
fn choose<'a>(sorted: impl Iterator<Item = &'a Candidate>, kept: &mut Vec<Candidate>) {
    kept.clear();
    // The candidates kept by earlier tiers (sorted by start, and so by end: they do not
    // overlap), and the end of the last one kept in this tier.
    let (mut tier, mut earlier, mut end) = (None, 0, 0);
    for c in sorted {
        if tier != Some(c.tier) {
            if earlier > 0 {
                kept.sort_unstable_by_key(|c| c.start);
            }
            (tier, earlier, end) = (Some(c.tier), kept.len(), 0);
        }
        if c.start >= end && c.end > c.start && !overlaps(&kept[..earlier], c) {
            end = c.end;
            kept.push(c.clone());
        }
    }
    if earlier > 0 {
        kept.sort_unstable_by_key(|c| c.start);
    }
}

/// Above this capacity a reused buffer is freed after use, so one huge document does not pin
/// its size for the life of the thread.
const SCRATCH_KEPT: usize = 1 << 22;

/// Buffers [`Matcher::find`] reuses from call to call.
#[derive(Debug, Default)]
struct Scratch {
    /// The ASCII-lowercased text.
    lower: String,
    candidates: Candidates,
    /// Sort keys of the candidates.
    order: Vec<u64>,
    /// The chosen candidates.
    kept: Vec<Candidate>,
}

impl Scratch {
    /// Frees any buffer grown past [`SCRATCH_KEPT`] bytes.
    fn trim(&mut self) {
        fn trim<T>(v: &mut Vec<T>) {
            if v.capacity() * std::mem::size_of::<T>() > SCRATCH_KEPT {
                *v = Vec::new();
            }
        }
        if self.lower.capacity() > SCRATCH_KEPT {
            self.lower = String::new();
        }
        trim(&mut self.candidates.list);
        trim(&mut self.candidates.targets);
        trim(&mut self.order);
        trim(&mut self.kept);
    }
}

/// Whether `c` overlaps any of `kept` (sorted by start, not overlapping).
fn overlaps(kept: &[Candidate], c: &Candidate) -> bool {
    let i = kept.partition_point(|k| k.end <= c.start);
    kept.get(i).is_some_and(|k| k.start < c.end)
}

/// The surname of a multi-word person name: its last word (generational suffixes skipped).
fn surname(name: &str) -> Option<&str> {
    let words: Vec<&str> = name.split_whitespace().collect();
    if words.len() < 2 {
        return None;
    }
    let last = words
        .iter()
        .rev()
        .copied()
        .find(|w| !matches!(*w, "Jr." | "Sr." | "Jr" | "Sr" | "II" | "III" | "IV"))?;
    let ok = last.chars().count() >= 3
        && last.chars().next().is_some_and(char::is_uppercase)
        && !last.ends_with('.')
        && !NOT_SURNAMES.contains(&last)
        && !is_calendar_word(last)
        && words[0] != last;
    ok.then_some(last)
}

/// Whether a match starting at source byte `at` can pass the start check of
/// [`at_word_boundaries`].
fn may_start(text: &str, at: usize) -> bool {
    at < text.len() && !inside_word(text, at)
}

/// Word boundaries are checked only where the alias itself starts or ends with a word
/// character, so "U.S." may be followed by a letter-less boundary as usual: a match must not
/// start or end between two word characters.
fn at_word_boundaries(text: &str, span: &Range<usize>) -> bool {
    // The end first: it is where most occurrences fail ("Iran" in "Iranian"); `scan` has
    // checked the start already.
    let ends_well = !inside_word(text, span.end);
    !span.is_empty() && ends_well && !inside_word(text, span.start)
}

/// Whether byte `at` of `text` falls between two word characters.
#[inline]
fn inside_word(text: &str, at: usize) -> bool {
    word_before(text, at) && word_at(text, at)
}

/// Whether the character at byte `at` of `text` is a word character (false at the end).
/// ASCII, nearly every case, is a byte test.
#[inline]
fn word_at(text: &str, at: usize) -> bool {
    match text.as_bytes().get(at) {
        None => false,
        Some(b) if b.is_ascii() => b.is_ascii_alphanumeric(),
        Some(_) => text[at..].chars().next().is_some_and(is_word_char),
    }
}

/// Whether the character before byte `at` of `text` is a word character (false at 0).
#[inline]
fn word_before(text: &str, at: usize) -> bool {
    match text.as_bytes()[..at].last() {
        None => false,
        Some(b) if b.is_ascii() => b.is_ascii_alphanumeric(),
        Some(_) => text[..at].chars().next_back().is_some_and(is_word_char),
    }
}

fn is_all_caps(s: &str) -> bool {
    let mut letters = 0;
    for c in s.chars().filter(|c| c.is_alphabetic()) {
        if !c.is_uppercase() {
            return false;
        }
        letters += 1;
    }
    letters >= 2
}

/// Same text, except that where the alias has a lowercase letter at the start of a word the
/// text may capitalise it ("eastern Mediterranean" at a sentence start, "Chiefs Of Staff" in a
/// title-case headline).
fn case_compatible(alias: &str, found: &str) -> bool {
    let mut prev_word = false;
    let mut a = alias.chars();
    let mut f = found.chars();
    loop {
        match (a.next(), f.next()) {
            (None, None) => return true,
            (Some(x), Some(y)) if x == y => prev_word = is_word_char(x),
            (Some(x), Some(y)) => {
                if prev_word || !x.is_lowercase() || !x.to_uppercase().eq(std::iter::once(y)) {
                    return false;
                }
                prev_word = true;
            }
            _ => return false,
        }
    }
}

/// The matcher as first written, for the property test: one allocation per candidate, the
/// boundaries read as characters, every tier filtered against every kept hit.
#[cfg(test)]
mod reference {
    use super::*;

    /// Checks one occurrence in the folded text against the source: word boundaries and case.
    pub(super) fn accept(m: &Matcher, text: &str, span: Range<usize>, p: usize) -> Option<Hit> {
        let found = &text[span.clone()];
        if !at_word_boundaries(text, &span) {
            return None;
        }
        let cased = fold::cased(found);
        let all_caps = is_all_caps(found);
        let mut targets: Vec<Target> = m
            .aliases_of(p)
            .filter(|a| a.any_case || all_caps || case_compatible(a.cased(), &cased))
            .map(|a| a.target)
            .collect();
        targets.dedup();
        (!targets.is_empty()).then_some(Hit { span, targets })
    }

    fn at_word_boundaries(text: &str, span: &Range<usize>) -> bool {
        let found = &text[span.clone()];
        let (Some(first), Some(last)) = (found.chars().next(), found.chars().next_back()) else {
            return false;
        };
        let before = text[..span.start].chars().next_back();
        let after = text[span.end..].chars().next();
        let ok_before = !is_word_char(first) || !before.is_some_and(is_word_char);
        let ok_after = !is_word_char(last) || !after.is_some_and(is_word_char);
        ok_before && ok_after
    }

    pub(super) fn leftmost_longest(candidates: Vec<Hit>) -> Vec<Hit> {
        let tier = |h: &Hit| {
            if h.targets
                .iter()
                .any(|t| matches!(t, Target::Entity(_, f) if *f != AliasForm::Surname))
            {
                0
            } else if h.targets.iter().any(|t| matches!(t, Target::Title(_))) {
                1
            } else {
                2
            }
        };
        let mut tiers: [Vec<Hit>; 3] = Default::default();
        for mut c in candidates {
            let t = tier(&c);
            match t {
                0 => c.targets.retain(|t| matches!(t, Target::Entity(..))),
                1 => c.targets.retain(|t| matches!(t, Target::Title(_))),
                _ => {}
            }
            tiers[t].push(c);
        }
        let mut kept: Vec<Hit> = Vec::new();
        for hits in tiers {
            let free: Vec<Hit> = hits
                .into_iter()
                .filter(|h| {
                    !kept
                        .iter()
                        .any(|k| k.span.start < h.span.end && h.span.start < k.span.end)
                })
                .collect();
            kept.extend(select(free));
        }
        kept.sort_by_key(|h| h.span.start);
        kept
    }

    fn select(mut candidates: Vec<Hit>) -> Vec<Hit> {
        candidates.sort_by(|a, b| {
            a.span
                .start
                .cmp(&b.span.start)
                .then(b.span.end.cmp(&a.span.end))
        });
        let mut out: Vec<Hit> = Vec::new();
        let mut end = 0;
        for c in candidates {
            if c.span.start >= end && c.span.end > c.span.start {
                end = c.span.end;
                out.push(c);
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn gaz(rows: &str) -> Gazetteer {
        let mut text = String::from("id\ttype\tname\taliases\tdemonyms\n");
        text.push_str(rows);
        Gazetteer::builder()
            .defaults(false)
            .add_str("t.tsv", &text)
            .add_str(
                "titles.tsv",
                "title\trole\tkind\nPresident\tPresident\toffice\nPM\tPrime Minister\toffice\n",
            )
            .build()
            .unwrap()
    }

    const SMALL: &str = concat!(
        "country:om\tCOUNTRY\tOman\t\tOmani\n",
        "country:ir\tCOUNTRY\tIran\t\t\n",
        "country:tr\tCOUNTRY\tTurkey\t\tTurkish\n",
        "country:us\tCOUNTRY\tUnited States\tU.S.|US\tAmerican\n",
        "person:ea\tPERSON\tRecep Tayyip Erdoğan\tErdoğan\t\n",
        "org:x\tORG\tIsraeli Foreign Ministry\t\t\n",
        "country:il\tCOUNTRY\tIsrael\t\tIsraeli\n",
        "loc:em\tLOCATION\teastern Mediterranean\t\t\n",
    );

    fn small() -> Matcher {
        Matcher::new(&gaz(SMALL)).unwrap()
    }

    fn small_transducer() -> Matcher {
        let m = Matcher::build(&gaz(SMALL), 0, PART_KEYS).unwrap();
        assert!(matches!(m.index, Index::Transducer(_)));
        m
    }

    /// The small lists' trie or transducer in as many parts as four threads take (one part
    /// per key allowed), as a million aliases are built.
    fn small_in_parts(transducer_from: usize) -> Matcher {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(4)
            .build()
            .unwrap();
        let m = pool
            .install(|| Matcher::build(&gaz(SMALL), transducer_from, 1))
            .unwrap();
        let parts = match &m.index {
            Index::Trie(p) => p.parts.len(),
            Index::Transducer(p) => p.parts.len(),
        };
        assert!(parts > 1, "{parts} parts");
        m
    }

    fn found(m: &Matcher, text: &str) -> Vec<String> {
        m.find(text)
            .into_iter()
            .map(|h| text[h.span].to_string())
            .collect()
    }

    #[test]
    fn whole_words_only() {
        let m = small();
        assert_eq!(found(&m, "Romania and Iranian"), Vec::<String>::new());
        assert_eq!(found(&m, "Oman, Iran; Omani"), ["Oman", "Iran", "Omani"]);
    }

    #[test]
    fn case_rules() {
        let m = small();
        assert!(found(&m, "a roast turkey for us").is_empty());
        assert_eq!(found(&m, "TURKEY AND THE US"), ["TURKEY", "US"]);
        assert_eq!(
            found(&m, "Eastern Mediterranean gas"),
            ["Eastern Mediterranean"]
        );
        assert_eq!(found(&m, "the president and the PM"), ["president", "PM"]);
        assert!(found(&m, "3 pm").is_empty());
    }

    #[test]
    fn diacritics_possessives_and_longest() {
        let m = small();
        assert_eq!(found(&m, "Erdogan’s and Erdoğan's"), ["Erdogan", "Erdoğan"]);
        assert_eq!(
            found(&m, "The Israeli Foreign Ministry said"),
            ["Israeli Foreign Ministry"]
        );
        assert_eq!(found(&m, "U.S.-led talks"), ["U.S."]);
    }

    #[test]
    fn rejected_longest_does_not_hide_shorter_or_inner_matches() {
        let m = Matcher::new(&gaz(concat!(
            "org:a\tORG\tNew York Times\t\t\n",
            "loc:b\tLOCATION\tNew York\t\t\n",
            "loc:c\tLOCATION\tYork\t\t\n",
        )))
        .unwrap();
        // "New York Timesx" fails the boundary; "New York" at the same start is still found.
        assert_eq!(found(&m, "New York Timesx"), ["New York"]);
        // "new York Times" fails the case check at 0; "York" inside it is still found.
        assert_eq!(found(&m, "new York Times"), ["York"]);
    }

    #[test]
    fn surnames_are_derived() {
        let m = small();
        let hits = m.find("Tayyip and Erdoğan");
        assert_eq!(hits.len(), 1);
        assert!(hits[0]
            .targets
            .contains(&Target::Entity(4, AliasForm::Surname)));
    }

    #[test]
    fn no_aliases_no_matches() {
        let g = Gazetteer::builder().defaults(false).build().unwrap();
        for (transducer_from, part_keys) in [(0, PART_KEYS), (TRANSDUCER_FROM, 1)] {
            let m = Matcher::build(&g, transducer_from, part_keys).unwrap();
            assert_eq!(m.pattern_count(), 0);
            assert!(m.find("Oman and Iran").is_empty());
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300))]
        #[test]
        fn equals_naive_reference(
            words in proptest::collection::vec(
                prop_oneof![
                    Just("Oman"), Just("Omani"), Just("Iran"), Just("Iranian"), Just("US"),
                    Just("us"), Just("U.S."), Just("Erdoğan"), Just("Erdog\u{306}an"),
                    Just("Israeli"), Just("Foreign"), Just("Ministry"), Just("TURKEY"),
                    Just("turkey"), Just("’s"), Just("-"), Just("x"), Just("é"), Just("İ"),
                    Just("eastern"), Just("Mediterranean"), Just("President"), Just("PM"),
                ],
                0..14,
            ),
            seps in proptest::collection::vec(prop_oneof![Just(" "), Just(""), Just(", ")], 14),
        ) {
            let mut text = String::new();
            for (w, s) in words.iter().zip(&seps) {
                text.push_str(w);
                text.push_str(s);
            }
            let m = small();
            let fast = m.find(&text);
            prop_assert_eq!(&fast, &m.find_naive(&text));
            for h in &fast {
                prop_assert!(text.is_char_boundary(h.span.start) && text.is_char_boundary(h.span.end));
            }
            prop_assert_eq!(&fast, &small_transducer().find(&text));
            prop_assert_eq!(&fast, &small_in_parts(TRANSDUCER_FROM).find(&text));
            prop_assert_eq!(&fast, &small_in_parts(0).find(&text));
        }
    }
}
