//! One shared copy of each repeated string (see "Shared strings" in the module docs).

use rustc_hash::FxHashSet;

use super::ArcStr;

/// One shared copy of each string, for the strings many records repeat.
#[derive(Debug, Clone, Default)]
pub(super) struct Interner {
    set: FxHashSet<ArcStr>,
    /// Size at which texts used by nothing but the set are dropped (amortized: at least
    /// double the size after the previous sweep).
    sweep_at: usize,
}

impl Interner {
    /// Below this many strings a sweep is not worth its pass.
    pub(super) const MIN_SWEEP: usize = 4096;

    /// The shared copy of `s`.
    pub(super) fn get(&mut self, s: &str) -> ArcStr {
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

/// Adds `alias` to the sorted `aliases` if it is new, as `symbols`' shared copy.
pub(super) fn add_alias(aliases: &mut Vec<ArcStr>, alias: &str, symbols: &mut Interner) {
    if let Err(i) = aliases.binary_search_by(|a| a.as_str().cmp(alias)) {
        aliases.insert(i, symbols.get(alias));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
