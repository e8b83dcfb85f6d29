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

mod boundary;
mod build;
mod index;
mod pack;
#[cfg(test)]
mod reference;
mod surname;
pub(crate) use surname::{without_article, FAMILY_NAMES_FIRST};
#[cfg(test)]
mod tests;
mod tiers;

use std::fmt;
use std::ops::Range;
use std::sync::Arc;

use rayon::prelude::*;
use regex_automata::util::pool::Pool;

use crate::error::{Error, Result};
use crate::gazetteer::{EntityType, Gazetteer};
use crate::text::fold::{self, Folded};
use crate::text::{is_calendar_word, is_word_char};

use boundary::*;
use index::*;
use pack::*;
use surname::*;
use tiers::*;

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
    /// The ASCII bytes some key contains: a text is cut into pieces after a byte none holds,
    /// where no occurrence can cross (see [`Matcher::find`]).
    key_bytes: AsciiSet,
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
            key_bytes: self.key_bytes,
            scratch: Pool::new(Scratch::default),
        }
    }
}

// Spelled out because the derived form would list every alias.
impl fmt::Debug for Matcher {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Matcher")
            .field("patterns", &self.pattern_count())
            .finish_non_exhaustive()
    }
}

impl Matcher {
    /// Builds the index from every entity alias, demonym, derived surname and title.
    pub fn new(gazetteer: &Gazetteer) -> Result<Matcher> {
        Matcher::build(gazetteer, TRANSDUCER_FROM, PART_KEYS)
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
        self.find_in_pieces(text, PIECE_BYTES)
    }

    /// [`Matcher::find`] a piece of about `piece` bytes at a time (tests make it small).
    ///
    /// Why in pieces: the folded copy of a text, its map back to the source (8 bytes a byte)
    /// and every candidate occurrence grew with the document, 16 bytes of peak memory per byte
    /// of one large document. A piece ends after an ASCII byte outside words that no key
    /// contains (a line break, usually), so no occurrence crosses it, no candidate overlaps
    /// another piece's, and the word-boundary checks, which read the whole source, see what
    /// they saw before: leftmost-longest per piece is leftmost-longest over the whole text.
    pub(crate) fn find_in_pieces(&self, text: &str, piece: usize) -> Vec<Hit> {
        let mut hits = Vec::new();
        self.each_in_pieces(text, piece, |hit| hits.push(hit));
        hits
    }

    /// [`Matcher::find`], each hit handed to `each` as soon as its piece of the text is done:
    /// a large document's hits (40 bytes and an allocation each) are never held whole.
    pub(crate) fn find_each(&self, text: &str, each: impl FnMut(Hit)) {
        self.each_in_pieces(text, PIECE_BYTES, each)
    }

    fn each_in_pieces(&self, text: &str, piece: usize, mut each: impl FnMut(Hit)) {
        let scratch = &mut self.scratch.get();
        // One choice per document, as before pieces: the ASCII path or the folding one.
        let ascii = text.is_ascii();
        let mut hits = Vec::new();
        let mut start = 0;
        while start < text.len() {
            let end = self.piece_end(text, start, piece);
            self.find_with(text, start..end, ascii, scratch, &mut hits);
            hits.drain(..).for_each(&mut each);
            start = end;
        }
        scratch.trim();
    }

    /// Where the piece of `text` from `start` ends: just after the last byte no occurrence can
    /// contain in its second half, else after the first one past it, else at the end.
    fn piece_end(&self, text: &str, start: usize, piece: usize) -> usize {
        let bytes = text.as_bytes();
        if text.len() - start <= piece {
            return text.len();
        }
        let cut = |&i: &usize| {
            let b = bytes[i];
            b.is_ascii() && !b.is_ascii_alphanumeric() && !self.key_bytes.contains(b)
        };
        let (half, full) = (start + piece / 2, start + piece);
        (half..full)
            .rev()
            .find(cut)
            .or_else(|| (full..text.len()).find(cut))
            .map_or(text.len(), |i| i + 1)
    }

    /// The matches in `piece` of `text`, added to `hits`, with buffers reused from call to
    /// call. `ascii` says whether the whole text is ASCII.
    fn find_with(
        &self,
        text: &str,
        piece: Range<usize>,
        ascii: bool,
        scratch: &mut Scratch,
        hits: &mut Vec<Hit>,
    ) {
        let Scratch {
            lower,
            candidates,
            order,
            kept,
        } = scratch;
        candidates.clear();
        let base = piece.start;
        let shift = |r: Range<usize>| r.start + base..r.end + base;
        if ascii {
            // Folding keeps ASCII as it is: the folded text is the source lowercased, offsets
            // are the same, and every word test is a byte test. (A piece starts after, and ends
            // with, a byte outside words, so its edges are word edges as in the whole text.)
            lower.clear();
            lower.push_str(&text[piece.clone()]);
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
                let range = shift(range);
                let found = &text[range.clone()];
                self.accept_cased(found, found, range, pattern, candidates);
            });
        } else {
            let mut folded = Folded::new(&text[piece.clone()]);
            folded.make_ascii_lowercase();
            // `accept` rejects any match whose source start fails `may_start`, so the index is
            // walked only from there: word starts and non-word characters.
            let may_start = |i: usize| may_start(text, base + folded.source_range(i..i).start);
            // Two folded occurrences can map to the same source span ("ss" from "ß"); the
            // first of them wins in `leftmost_longest`, hence `scan`'s fixed order.
            self.scan(folded.as_str(), may_start, |range, pattern| {
                self.accept(text, shift(folded.source_range(range)), pattern, candidates);
            });
        }
        candidates.leftmost_longest(piece, order, kept, hits);
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
