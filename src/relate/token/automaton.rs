//! One automaton for every token rule, run once per sentence.
//!
//! The rules' shared instruction program ([`super::pattern::compile`]) is read backwards as
//! one nondeterministic automaton: its states are instructions, its letters tokens (each
//! token's answers to every predicate, plus whether a clause starts at it). Run from the end
//! of a sentence to its start, with every rule's `Match` added at every position (a match may
//! end anywhere), the set of instructions live at position `p` is exactly the set of
//! (instruction, `p`) pairs from which the backtracker would reach a `Match`. So a rule
//! matches anchored at `p` exactly when its first instruction is in that set: one pass gives
//! every (rule, start) that matches, and the backtracker runs only there, to resolve the
//! captures of the one match it would have found (`pattern::run` with the same sets as a
//! guide: it never enters a pair that cannot lead to a match).
//!
//! Why backwards: forwards, the threads of different starts merge and the start of a match
//! is lost; backwards, each position's set says which rules start there, with no bookkeeping.
//!
//! The rules' automata are disjoint, so each rule is run on its own, and only the rules one
//! of whose triggers the sentence holds (the others cannot match). A rule's sets (its
//! *parts*) are determinised lazily and cached ([`Cache`]): a part is interned once, and
//! keeps its transitions by the token's *class* for its rule (its answers to the rule's own
//! predicates), so a step is a lookup per running rule rather than a walk over live
//! instructions.
//!
//! Why not one state for all rules (the tuple of their parts), with one lookup per token:
//! on news those tuples are nearly all new. Almost every rule ends with an actor slot, so
//! read backwards every actor sets dozens of rules under way, each in its own part; on the
//! dev corpus half the tuple transitions missed the cache even with every rule running, and
//! 96 % once only the triggered rules ran, so building tuples cost more than it saved. Per
//! rule, 4 % of steps miss. Synthetic text that repeats its sentences is the one case the
//! tuples won (10 % on the 10 MB benchmark corpus).
//!
//! Why a step is keyed by the token's class for the whole rule, not by its answers to the
//! few predicates the part can consult: keyed per part, the steps computed afresh on the dev
//! corpus halve (283 k to 154 k), but a cold run's cost is building its 79 k new parts, and
//! finding what each consults, with a key built per running rule at every token, took more
//! than the saved steps (9.6 G against 7.7 G instructions under callgrind, the same wall
//! time). A cheaper part, not fewer misses, is what would pay.
//!
//! A cache is one thread's, taken from and given back to the rules' [`Pool`] so that the
//! next batch starts warm, and is emptied between sentences when it passes [`CACHE_BYTES`];
//! what it holds changes no result, only the time.

use std::hash::BuildHasher;
use std::ops::Range;
use std::sync::{Arc, Mutex};

use hashbrown::HashTable;
use rustc_hash::{FxBuildHasher, FxHashMap as HashMap};

use super::pattern::Inst;

/// Above this many bytes the cache is emptied before the next sentence. The bound must stay
/// above the rules' warm set on news, or the cache is emptied and rebuilt over and over
/// (with tuple states, 307 rules passed 32 MiB and the 10 MB corpus took 5.1-6.1 s of CPU
/// against 3.2-3.4 s at 64 MiB). The dev corpus, 1 MB of news, fills 67 MiB of it (46 MiB
/// with 307 rules and 550 texts; 335 rules and 646 texts passed 64 MiB); a test keeps it
/// from being emptied there.
pub const CACHE_BYTES: usize = 128 << 20;

/// An edge into an instruction that consumes no token, read backwards.
#[derive(Debug, Clone, Copy)]
enum Back {
    /// From a split or a capture: always taken.
    Free(u32),
    /// From `!ITEM` with this predicate: taken when the token at the position fails it.
    Not(u32, u32),
    /// From `^`: taken at the start of a clause.
    Start(u32),
}

/// The rules' program as one automaton, read backwards.
#[derive(Debug, Clone, Default)]
pub struct Automaton {
    /// Per instruction `i`, the instructions that go to it without consuming a token:
    /// `free[free_at[i]..free_at[i + 1]]` (one list for all, since the rules' lists make
    /// hundreds of thousands of instructions, each with an edge or two).
    free: Vec<Back>,
    free_at: Vec<u32>,
    /// Per instruction, the token tests that go to it: (instruction, predicate), the same
    /// way.
    consume: Vec<(u32, u32)>,
    consume_at: Vec<u32>,
    /// Per rule, its first instruction and its `Match`.
    rules: Vec<(u32, u32)>,
    /// Per rule, the predicates its tests and `!ITEM`s ask (a mask over their ids): a token
    /// that answers none of them leaves the rule where a sentence's end does.
    asks: Vec<Vec<u64>>,
    /// Per rule, whether it has a `^`, which asks whether a clause starts.
    clause: Vec<bool>,
}

impl Automaton {
    /// Adds the rule whose instructions are `prog[range]` (it starts at the first and ends
    /// with its `Match`); returns its number, by which [`Cache::rules_at`] names it.
    pub fn add(&mut self, prog: &[Inst], range: Range<u32>) -> u32 {
        // The rule's edges, by the instruction they go to (all within the rule).
        let mut free: Vec<(u32, Back)> = Vec::new();
        let mut consume: Vec<(u32, (u32, u32))> = Vec::new();
        let mut end = range.start;
        let mut clause = false;
        let mut asks = Vec::new();
        let mut ask = |p: u32| {
            let k = p as usize / 64;
            if asks.len() <= k {
                asks.resize(k + 1, 0u64);
            }
            asks[k] |= 1 << (p % 64);
        };
        for pc in range.clone() {
            match prog[pc as usize] {
                Inst::Tok(p, next) => {
                    consume.push((next, (pc, p)));
                    ask(p);
                }
                Inst::Not(p, next) => {
                    free.push((next, Back::Not(pc, p)));
                    ask(p);
                }
                Inst::Start(next) => {
                    free.push((next, Back::Start(pc)));
                    clause = true;
                }
                Inst::Split(a, b) => {
                    free.push((a, Back::Free(pc)));
                    if b != a {
                        free.push((b, Back::Free(pc)));
                    }
                }
                Inst::Save(_, next) => free.push((next, Back::Free(pc))),
                Inst::Match => end = pc,
            }
        }
        extend(&mut self.free, &mut self.free_at, &free, range.clone());
        extend(
            &mut self.consume,
            &mut self.consume_at,
            &consume,
            range.clone(),
        );
        self.rules.push((range.start, end));
        self.asks.push(asks);
        self.clause.push(clause);
        self.rules.len() as u32 - 1
    }
}

/// Adds to the lists `all`, indexed by `at` ([`Automaton`]), the edges `edges` of the
/// instructions `range`, each with the instruction it goes to (within `range`), in their
/// order; an instruction before `range` not listed yet has none.
fn extend<T: Copy>(all: &mut Vec<T>, at: &mut Vec<u32>, edges: &[(u32, T)], range: Range<u32>) {
    if at.is_empty() {
        at.push(0);
    }
    debug_assert!(at.len() <= range.start as usize + 1, "rules overlap");
    let base = all.len() as u32;
    at.resize(range.start as usize + 1, base);
    // A counting sort by the instruction they go to.
    let mut ends = vec![0u32; range.len()];
    for &(to, _) in edges {
        ends[(to - range.start) as usize] += 1;
    }
    let mut sum = base;
    for end in &mut ends {
        sum += *end;
        *end = sum;
    }
    at.extend_from_slice(&ends);
    let Some(&(_, first)) = edges.first() else {
        return;
    };
    all.resize(sum as usize, first);
    // Each instruction's edges go in from its end back, so in their order from the last.
    for &(to, e) in edges.iter().rev() {
        let end = &mut ends[(to - range.start) as usize];
        *end -= 1;
        all[*end as usize] = e;
    }
}

/// The edges of instruction `i` in lists indexed as [`Automaton`]'s.
fn edges<'a, T>(all: &'a [T], at: &[u32], i: u32) -> &'a [T] {
    &all[at[i as usize] as usize..at[i as usize + 1] as usize]
}

/// One rule's part of a state: the rule's instructions live at a position.
#[derive(Debug)]
struct Part {
    /// The rule.
    rule: u32,
    /// The instructions as bits from the rule's first, for [`Cache::live`], from word `lo`
    /// on: the words before are 0, and the last is the one of the rule's `Match`, which is
    /// in every part. Stored from the first word that is not 0, since a rule's lists make it
    /// thousands of instructions long, of which a part holds a few dozen.
    bits: Box<[u64]>,
    lo: u32,
    /// Whether the rule's first instruction is among them: it matches from the position.
    starts: bool,
    /// The part before a token, by the token's class for the rule: (class, part), sorted
    /// by class (a part meets few of its rule's classes).
    next: Vec<(u32, u32)>,
}

impl Part {
    /// The part's instructions, as offsets from the rule's first.
    fn offsets(&self) -> impl Iterator<Item = u32> + '_ {
        let lo = self.lo as usize;
        self.bits.iter().enumerate().flat_map(move |(k, &w)| {
            let base = ((lo + k) * 64) as u32;
            let mut w = w;
            std::iter::from_fn(move || {
                (w != 0).then(|| {
                    let i = w.trailing_zeros();
                    w &= w - 1;
                    base + i
                })
            })
        })
    }

    /// The part before a token of class `class`, if computed.
    fn next(&self, class: u32) -> Option<u32> {
        self.next
            .binary_search_by_key(&class, |&(c, _)| c)
            .ok()
            .map(|i| self.next[i].1)
    }
}

/// The class of a token for a rule that asks about none of its answers.
const NONE: u32 = u32::MAX;

/// A token symbol: a token's predicate answers and whether a clause starts at it.
#[derive(Debug)]
struct Symbol {
    clause: bool,
    /// The class of the token for each rule, by rule number: [`NONE`] for a rule that asks
    /// about none of its answers. Dense, since nearly every token answers a predicate of
    /// nearly every rule (a list of (rule, class) pairs was larger, and slower to read).
    classes: Box<[u32]>,
}

/// The lazily built parts and steps of an [`Automaton`]'s rules, with the buffers that
/// build them. One per thread: see the module documentation.
///
/// A rule with nothing under way is *idle*, in the part it has at a sentence's end; a token
/// that answers none of its predicates leaves an idle rule idle, so a step is looked up only
/// for a rule under way or asked about by the token.
#[derive(Debug, Default)]
pub struct Cache {
    /// Token symbols, keyed by the answers, by whether a clause starts at the token.
    sym_index: [HashMap<Box<[u64]>, u32>; 2],
    syms: Vec<Symbol>,
    /// A rule's class being looked up.
    key: Vec<u64>,
    /// Per rule, its classes, keyed by the answers to its predicates and, last, the clause
    /// flag if it has a `^`. Classes 0 and 1: no answer, without and with a clause start.
    classes: Vec<HashMap<Box<[u64]>, u32>>,
    /// Every rule's parts so far.
    parts: Vec<Part>,
    /// The parts by their instructions (ids into `parts`: each set stored once).
    part_index: HashTable<u32>,
    /// Per rule, its idle part, by whether a clause starts at the position.
    idle: Vec<[u32; 2]>,
    /// Approximate heap bytes held, to bound the cache.
    bytes: usize,
    /// Construction buffers: the work list, a set of a rule's instructions as bits from its
    /// first (all 0 between steps), a token of no answers.
    work: Vec<u32>,
    set: Vec<u64>,
    zero: Vec<u64>,
    lookups: usize,
    misses: usize,
    /// Times the bound emptied the cache, and the most bytes it held before one.
    clears: usize,
    peak: usize,
}

fn bit(bits: &[u64], p: u32) -> bool {
    bits[p as usize / 64] >> (p % 64) & 1 != 0
}

impl Cache {
    /// Runs the rules of `a` in `active` (a mask over rule numbers: the others cannot match
    /// in the sentence) over a sentence of `len` tokens whose predicate answers are `bits`
    /// (`w` words a token); `clause(p)` says whether a clause starts at token `p` (`p` may be
    /// `len`). Leaves in `found` every (rule, start) that matches, and in `out` each rule's
    /// part at every position `0..=len`, for [`Cache::live`].
    #[allow(clippy::too_many_arguments)]
    pub fn run(
        &mut self,
        a: &Automaton,
        bits: &[u64],
        w: usize,
        len: usize,
        active: &[u64],
        clause: impl Fn(usize) -> bool,
        out: &mut Trace,
        found: &mut Vec<(u32, u32)>,
    ) {
        // Only between sentences: `out` names parts of this sentence.
        if self.bytes > CACHE_BYTES {
            self.clears += 1;
            self.peak = self.peak.max(self.bytes);
            self.clear();
        }
        if self.idle.len() != a.rules.len() {
            self.start(a, w);
        }
        found.clear();
        out.rules.clear();
        for (k, &word) in active.iter().enumerate() {
            let mut word = word;
            while word != 0 {
                let r = (k * 64) as u32 + word.trailing_zeros();
                word &= word - 1;
                if (r as usize) < a.rules.len() {
                    out.rules.push(r);
                }
            }
        }
        let k = out.rules.len();
        out.parts.clear();
        if k == 0 {
            return;
        }
        // At the end every rule is idle. With no token, no test passes and every `!ITEM`
        // does, as for a token of no answers.
        out.parts
            .extend(out.rules.iter().map(|&r| self.idle[r as usize][0]));
        let zero = std::mem::take(&mut self.zero);
        if clause(len) {
            let sym = self.symbol(a, &zero, true);
            self.step(a, &out.rules, &mut out.parts, sym, &zero);
        }
        self.zero = zero;
        for pos in (0..len).rev() {
            let b = &bits[pos * w..(pos + 1) * w];
            let sym = self.symbol(a, b, clause(pos));
            let from = out.parts.len() - k;
            out.parts.extend_from_within(from..);
            let now = &mut out.parts[from + k..];
            self.step(a, &out.rules, now, sym, b);
            for (&r, &p) in out.rules.iter().zip(now.iter()) {
                if self.parts[p as usize].starts {
                    found.push((r, pos as u32));
                }
            }
        }
    }

    /// Steps each rule of `rules`, whose parts after the token are `parts`, to its part
    /// before the token of symbol `sym` and answers `bits`.
    fn step(&mut self, a: &Automaton, rules: &[u32], parts: &mut [u32], sym: u32, bits: &[u64]) {
        // Taken out for the loop, which may build parts; put back after it.
        let classes = std::mem::take(&mut self.syms[sym as usize].classes);
        let clause = self.syms[sym as usize].clause;
        for (i, &r) in rules.iter().enumerate() {
            // The token's class for the rule, if it answers one of its predicates.
            let class = Some(classes[r as usize]).filter(|&c| c != NONE);
            let idle = self.idle[r as usize];
            let before = parts[i];
            // A token that answers none of an idle rule's predicates leaves it idle, unless a
            // clause start changes its idle part.
            if class.is_none() && before == idle[0] && !(clause && idle[0] != idle[1]) {
                continue;
            }
            let class = class.unwrap_or(u32::from(clause && a.clause[r as usize]));
            self.lookups += 1;
            parts[i] = match self.parts[before as usize].next(class) {
                Some(known) => known,
                None => {
                    self.misses += 1;
                    let p = self.part_step(a, r as usize, Some(before), bits, clause);
                    let next = &mut self.parts[before as usize].next;
                    let cap = next.capacity();
                    let j = next.partition_point(|&(c, _)| c < class);
                    next.insert(j, (class, p));
                    self.bytes += (next.capacity() - cap) * 8;
                    p
                }
            };
        }
        self.syms[sym as usize].classes = classes;
    }

    /// Whether instruction `pc` of rule `rule` leads to a match from position `pos` of the
    /// run `t`.
    pub fn live(&self, a: &Automaton, t: &Trace, pos: usize, rule: u32, pc: u32) -> bool {
        let (lo, bits) = self.live_bits(t, pos, rule);
        let i = (pc - a.rules[rule as usize].0) as usize;
        (i / 64)
            .checked_sub(lo)
            .and_then(|k| bits.get(k))
            .is_some_and(|b| b >> (i % 64) & 1 != 0)
    }

    /// The instructions of rule `rule` that lead to a match from position `pos` of the run
    /// `t`, as bits from the rule's first instruction (the same test as [`Cache::live`],
    /// found once per position): the bits from word `.0` on (those before are 0).
    pub fn live_bits(&self, t: &Trace, pos: usize, rule: u32) -> (usize, &[u64]) {
        let part = match t.rules.binary_search(&rule) {
            // Built from the end: positions run backwards, `len + 1` of them.
            Ok(i) => {
                let k = t.rules.len();
                let len = t.parts.len() / k - 1;
                t.parts[(len - pos) * k + i]
            }
            Err(_) => self.idle[rule as usize][0],
        };
        let part = &self.parts[part as usize];
        (part.lo as usize, &part.bits)
    }

    fn clear(&mut self) {
        self.sym_index.iter_mut().for_each(HashMap::clear);
        self.syms.clear();
        self.classes.clear();
        self.parts.clear();
        self.part_index.clear();
        self.idle.clear();
        self.bytes = 0;
    }

    /// Each rule's classes of no answer and its idle parts.
    fn start(&mut self, a: &Automaton, w: usize) {
        self.clear();
        let zero = vec![0u64; w];
        self.zero = zero.clone();
        for r in 0..a.rules.len() {
            let mut classes = HashMap::default();
            classes.insert(vec![0; a.asks[r].len() + 1].into(), 0);
            if a.clause[r] {
                let mut key = vec![0; a.asks[r].len() + 1];
                key[a.asks[r].len()] = 1;
                classes.insert(key.into(), 1);
            }
            self.classes.push(classes);
            let idle = [
                self.part_step(a, r, None, &zero, false),
                self.part_step(a, r, None, &zero, true),
            ];
            self.idle.push(idle);
        }
    }

    fn symbol(&mut self, a: &Automaton, bits: &[u64], clause: bool) -> u32 {
        if let Some(&s) = self.sym_index[clause as usize].get(bits) {
            return s;
        }
        let s = self.syms.len() as u32;
        let mut classes = vec![NONE; a.rules.len()];
        // The symbol, its entry in the index and its classes; a new class, its key and entry.
        let mut bytes = bits.len() * 8 + 64 + classes.len() * 4;
        for (r, slot) in classes.iter_mut().enumerate() {
            let asks = &a.asks[r];
            if !asks.iter().zip(bits).any(|(m, b)| m & b != 0) {
                continue;
            }
            let key = &mut self.key;
            key.clear();
            key.extend(asks.iter().zip(bits).map(|(m, b)| m & b));
            key.resize(asks.len(), 0);
            key.push(u64::from(clause && a.clause[r]));
            let class = match self.classes[r].get(key.as_slice()) {
                Some(&c) => c,
                None => {
                    let c = self.classes[r].len() as u32 + u32::from(!a.clause[r]);
                    self.classes[r].insert(key.as_slice().into(), c);
                    bytes += key.len() * 8 + 40;
                    c
                }
            };
            *slot = class;
        }
        self.bytes += bytes;
        self.syms.push(Symbol {
            clause,
            classes: classes.into(),
        });
        self.sym_index[clause as usize].insert(bits.into(), s);
        s
    }

    /// Rule `r`'s part before a token with answers `bits`, from its part `from` after it.
    fn part_step(
        &mut self,
        a: &Automaton,
        r: usize,
        from: Option<u32>,
        bits: &[u64],
        clause: bool,
    ) -> u32 {
        let (first, end) = a.rules[r];
        let words = (end - first) as usize / 64 + 1;
        let mut set = std::mem::take(&mut self.set);
        let mut work = std::mem::take(&mut self.work);
        if set.len() < words {
            set.resize(words, 0);
        }
        work.clear();
        // The lowest word of `set` that is not 0; `Match`, in the last, is in every part.
        let mut lo = words - 1;
        let mut add = |pc: u32, work: &mut Vec<u32>| {
            let i = (pc - first) as usize;
            let (k, m) = (i / 64, 1u64 << (i % 64));
            if set[k] & m == 0 {
                set[k] |= m;
                lo = lo.min(k);
                work.push(pc);
            }
        };
        if let Some(from) = from {
            for i in self.parts[from as usize].offsets() {
                for &(pc, p) in edges(&a.consume, &a.consume_at, first + i) {
                    if bit(bits, p) {
                        add(pc, &mut work);
                    }
                }
            }
        }
        add(end, &mut work);
        while let Some(x) = work.pop() {
            for &e in edges(&a.free, &a.free_at, x) {
                match e {
                    Back::Free(pc) => add(pc, &mut work),
                    Back::Not(pc, p) if !bit(bits, p) => add(pc, &mut work),
                    Back::Start(pc) if clause => add(pc, &mut work),
                    Back::Not(..) | Back::Start(_) => {}
                }
            }
        }
        let window = &set[lo..words];
        let rule = r as u32;
        let hash = FxBuildHasher.hash_one((rule, lo as u32, window));
        let parts = &self.parts;
        let known = self.part_index.find(hash, |&id| {
            let p = &parts[id as usize];
            p.rule == rule && p.lo as usize == lo && *p.bits == *window
        });
        let id = match known {
            Some(&id) => id,
            None => {
                let id = self.parts.len() as u32;
                self.bytes += window.len() * 8 + 96;
                self.parts.push(Part {
                    rule,
                    bits: window.into(),
                    lo: lo as u32,
                    starts: lo == 0 && set[0] & 1 != 0,
                    next: Vec::new(),
                });
                let parts = &self.parts;
                self.part_index.insert_unique(hash, id, |&id| {
                    let p = &parts[id as usize];
                    FxBuildHasher.hash_one((p.rule, p.lo, &*p.bits))
                });
                id
            }
        };
        set[lo..words].fill(0);
        self.set = set;
        self.work = work;
        id
    }

    /// What this cache did so far, for measurements.
    pub fn stats(&self) -> CacheStats {
        CacheStats {
            caches: 1,
            clears: self.clears,
            bytes: self.bytes.max(self.peak),
            parts: self.parts.len(),
            lookups: self.lookups,
            misses: self.misses,
        }
    }
}

/// What the rules' automaton caches did: whether the warm set fits under [`CACHE_BYTES`].
///
/// A cache that is emptied over and over (`clears` grows with the input) costs half again
/// the relation stage's time and shows nowhere else; a test over the corpus keeps `bytes`
/// well under the bound.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CacheStats {
    /// Caches summed.
    pub caches: usize,
    /// Times a cache passed [`CACHE_BYTES`] and was emptied.
    pub clears: usize,
    /// The most bytes one cache held (approximate).
    pub bytes: usize,
    /// Rules' parts (sets of live instructions) built, summed.
    pub parts: usize,
    /// Transitions looked up, and those computed (not found in the cache), summed.
    pub lookups: usize,
    /// See `lookups`.
    pub misses: usize,
}

impl CacheStats {
    /// `self` and `other` together: counts add, `bytes` is the larger.
    pub fn merge(self, other: CacheStats) -> CacheStats {
        CacheStats {
            caches: self.caches + other.caches,
            clears: self.clears + other.clears,
            bytes: self.bytes.max(other.bytes),
            parts: self.parts + other.parts,
            lookups: self.lookups + other.lookups,
            misses: self.misses + other.misses,
        }
    }
}

/// One sentence's run: each running rule's part at every position.
#[derive(Debug, Default)]
pub struct Trace {
    /// The rules that ran, by number.
    rules: Vec<u32>,
    /// Per position from the sentence's end back to its start, the part of each of `rules`.
    parts: Vec<u32>,
}

/// Caches that finished runs leave for the next ones, so that each batch of texts starts
/// with a warm cache rather than building the same states again (a cold cache cost more
/// than the rules' matching did). Shared by the threads of one set of rules; what a cache
/// holds never changes a result.
#[derive(Debug, Default)]
pub struct Pool(Arc<Mutex<Vec<Cache>>>);

impl Clone for Pool {
    /// A copy of the rules may be changed (a rule added): its caches are its own.
    fn clone(&self) -> Pool {
        Pool::default()
    }
}

impl Pool {
    /// A cache from the pool, or a new one.
    pub fn take(&self) -> Cache {
        self.0
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .pop()
            .unwrap_or_default()
    }

    /// Gives `cache` back.
    pub fn put(&self, cache: Cache) {
        self.0.lock().unwrap_or_else(|e| e.into_inner()).push(cache);
    }

    /// Whether `self` and `other` are the same pool.
    pub fn same(&self, other: &Pool) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }

    /// What the caches in the pool (not those taken) did so far.
    pub fn stats(&self) -> CacheStats {
        let caches = self.0.lock().unwrap_or_else(|e| e.into_inner());
        caches
            .iter()
            .map(Cache::stats)
            .fold(CacheStats::default(), CacheStats::merge)
    }

    /// Another handle on the same pool.
    pub fn handle(&self) -> Pool {
        Pool(Arc::clone(&self.0))
    }
}
