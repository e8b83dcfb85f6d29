//! Sorted lists that keep only their smallest items, and per-document counts: what keeps the
//! graph bounded and independent of the order documents arrive in (see the module docs).

use serde::{Deserialize, Serialize};

use super::ArcStr;

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
pub(super) fn insert_capped<T: Ord>(v: &mut Vec<T>, cap: usize, x: T) {
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

pub(super) fn sorted_capped<T: Ord>(mut v: Vec<T>, cap: usize) -> Vec<T> {
    v.sort();
    v.truncate(cap);
    v
}

/// Merges the sorted `b` into the sorted `a`, keeping the `cap` smallest; the items taken
/// from `b` are copied with `copy`.
pub(super) fn merge_capped<T: Ord + Clone>(
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

/// Adds `n` to `key`'s count in the list sorted by key.
pub(super) fn add_count(counts: &mut Vec<(ArcStr, u32)>, key: &ArcStr, n: u32) {
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
