//! The index over every folded alias: a double-array trie, or a transducer above
//! [`TRANSDUCER_FROM`] keys, built in parts; and the scan of a text with it.

use super::*;

/// The folded, lowercased aliases (keys), each mapped to its index in `Matcher::heads`.
#[derive(Clone)]
pub(super) enum Index {
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
pub(super) fn walk_trie(
    trie: &crawdad::Trie,
    hay: &[u8],
    start: usize,
    all: &mut Vec<(Range<usize>, usize)>,
) {
    let rest = hay[start..].iter().map(|&b| char::from(b));
    for (key, len) in trie.common_prefix_search(rest) {
        all.push((start..start + len, key as usize));
    }
}

/// `key`'s bytes, each as the character of that number (U+0000 to U+00FF), for the trie: it
/// then steps a byte at a time, on any text, and a match's length in characters is its
/// length in bytes. The order of keys is kept (UTF-8 sorts as its bytes do).
pub(super) fn bytes_as_chars(key: &str) -> String {
    key.bytes().map(char::from).collect()
}

/// An index in parts, each over a run of keys with the same first bytes, built in parallel
/// (the build is most of start-up with a million aliases).
#[derive(Clone)]
pub(super) struct Parts<T> {
    /// Empty if there are no keys.
    pub(super) parts: Vec<T>,
    /// The part holding the keys that start with each byte.
    pub(super) part_of: Box<[u8; 256]>,
}

impl<T: Send> Parts<T> {
    /// Splits `keys` (sorted, without duplicates, each with its index) into parts, one per
    /// thread of the current pool (at most 8) and `part_keys` keys, and builds each with
    /// `build`.
    pub(super) fn build<E: Send>(
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
    pub(super) fn of(&self, byte: u8) -> Option<&T> {
        self.parts.get(usize::from(self.part_of[usize::from(byte)]))
    }
}

/// Fewer keys than this make one index part: they build in little time (the default lists,
/// 47k keys, in 0.07 s), and picking one of two parts at each start cost `find` 7 %.
pub(super) const PART_KEYS: usize = 100_000;

/// Above this many keys the transducer replaces the trie, to bound memory: the trie takes about
/// 92 bytes a key once built and 300 while it builds, the transducer a fraction of that. Measured
/// on the 10 MB corpus (`find`, trie against transducer): 180k keys, 80 against 28 MB/s; 1.3M
/// keys, 69 against 26 MB/s, a 3.3 against 2.8 s build, and peak RSS at start 870 against 570
/// MB (the trie itself 122 MB). An Aho-Corasick automaton scanned the default lists at 90 % of
/// the trie's speed and took 27 s (`aho-corasick`) or 20 s and 2.9 GB (`daachorse`) for a
/// million keys.
pub(super) const TRANSDUCER_FROM: usize = 2_000_000;

impl Matcher {
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
}
