//! Edge identity: the owned [`EdgeKey`] and the borrowed [`KeyRef`] the edge index looks up.

use std::cmp::Ordering;
use std::hash::BuildHasher;

use rustc_hash::FxBuildHasher;

use super::ArcStr;
use crate::relate::{RelationType, Status};

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

    pub(super) fn as_ref(&self) -> KeyRef<'_> {
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
pub(super) fn target_index(args: &[ArcStr], target: &str) -> Option<u16> {
    let t = args.iter().skip(1).position(|a| a == target)? + 1;
    u16::try_from(t).ok()
}

/// An [`EdgeKey`]'s parts, borrowed: what finding an edge needs, so a relation whose edge
/// exists allocates no key.
#[derive(Clone, Copy, PartialEq)]
pub(super) struct KeyRef<'a> {
    pub(super) kind: RelationType,
    pub(super) target: u16,
    pub(super) role: Option<&'a ArcStr>,
    pub(super) former: bool,
    pub(super) args: &'a [ArcStr],
}

impl KeyRef<'_> {
    /// The hash the edge index files a key under.
    pub(super) fn hash(&self) -> u64 {
        FxBuildHasher.hash_one((self.kind, self.target, self.role, self.former, self.args))
    }

    pub(super) fn to_key(self) -> EdgeKey {
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

#[cfg(test)]
mod tests {
    use super::*;

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
}
