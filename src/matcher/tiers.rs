//! Leftmost-longest selection in tiers (names, then titles, then derived surnames) over the
//! candidates that passed the checks, and the buffers `find` reuses.

use super::*;

/// The three tiers of [`Candidates::leftmost_longest`], in the order they choose.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum Tier {
    /// Some target is an entity by name or demonym.
    Name,
    /// Otherwise, some target is a title.
    Title,
    /// Only derived surnames.
    Surname,
}

impl Tier {
    pub(super) fn of(name: bool, title: bool) -> Tier {
        if name {
            Tier::Name
        } else if title {
            Tier::Title
        } else {
            Tier::Surname
        }
    }

    /// Whether a hit of this tier keeps `target`.
    pub(super) fn counts(self, target: Target) -> bool {
        match self {
            Tier::Name => matches!(target, Target::Entity(..)),
            Tier::Title => matches!(target, Target::Title(_)),
            Tier::Surname => true,
        }
    }
}

/// One occurrence that passed [`Matcher::accept`].
#[derive(Debug, Clone)]
pub(super) struct Candidate {
    /// Source byte range: `start..end`.
    pub(super) start: usize,
    pub(super) end: usize,
    pub(super) tier: Tier,
    /// Its position in [`Candidates::list`] as found.
    pub(super) found: usize,
    /// Its targets, already narrowed to what its tier counts: a range of
    /// [`Candidates::targets`].
    pub(super) targets: Range<usize>,
}

/// The occurrences that passed the checks in one text, in the order found. Their targets
/// share one list, so checking an occurrence allocates nothing; only the chosen ones become
/// [`Hit`]s.
#[derive(Debug, Default, Clone)]
pub(super) struct Candidates {
    pub(super) list: Vec<Candidate>,
    pub(super) targets: Vec<Target>,
}

impl Candidates {
    /// Keeps the leftmost, then longest, of overlapping candidates, in three tiers: entity
    /// names and demonyms first, then titles in the gaps, then derived surnames in what is
    /// left. So a long title ("chairman of the Joint Chiefs of Staff") never swallows an
    /// entity but its short form ("chairman") still counts, and a weak surname ("Leader",
    /// "The") never hides a title. Of candidates with the same span, the first found wins.
    ///
    /// `piece` holds the candidates' offsets; `order` and `kept` are scratch buffers. The
    /// chosen are added to `hits`.
    pub(super) fn leftmost_longest(
        &mut self,
        piece: Range<usize>,
        order: &mut Vec<u64>,
        kept: &mut Vec<Candidate>,
        hits: &mut Vec<Hit>,
    ) {
        // In order of tier, start, longest first, then as found (so equal spans stay in the
        // order found): as one integer each when offsets and count fit, which made `find` 5 %
        // faster on the 10 MB corpus than sorting the candidates themselves. Tests check the
        // two ways agree.
        // Offsets are packed from the piece's start, so every piece of a large document packs.
        let base = piece.start;
        if piece.len() < PACKED_TEXT && self.list.len() < PACKED_LIST {
            #[cfg(test)]
            let unpacked = {
                let mut unpacked = Vec::new();
                self.clone()
                    .leftmost_longest(0..usize::MAX, order, kept, &mut unpacked);
                unpacked
            };
            order.clear();
            order.extend(self.list.iter().enumerate().map(|(i, c)| {
                (c.tier as u64) << 62
                    | ((c.start - base) as u64) << 38
                    | ((PACKED_TEXT - 1 - (c.end - base)) as u64) << 14
                    | i as u64
            }));
            order.sort_unstable();
            let sorted = order
                .iter()
                .map(|&k| &self.list[(k & (PACKED_LIST as u64 - 1)) as usize]);
            choose(sorted, &self.targets, kept);
            #[cfg(test)]
            assert_eq!(self.hits(kept).collect::<Vec<_>>(), unpacked);
        } else {
            self.list
                .sort_unstable_by_key(|c| (c.tier, c.start, std::cmp::Reverse(c.end), c.found));
            choose(self.list.iter(), &self.targets, kept);
        }
        hits.extend(self.hits(kept));
    }

    pub(super) fn hits<'s>(&'s self, kept: &'s [Candidate]) -> impl Iterator<Item = Hit> + 's {
        kept.iter().map(|c| Hit {
            span: c.start..c.end,
            targets: self.targets[c.targets.clone()].to_vec(),
        })
    }

    pub(super) fn clear(&mut self) {
        self.list.clear();
        self.targets.clear();
    }
}

/// Texts shorter than this, with fewer candidates than [`PACKED_LIST`], have their candidates
/// sorted by packed keys: two bits of tier, then 24 bits each of start and end, 14 of position.
pub(super) const PACKED_TEXT: usize = 1 << 24;
pub(super) const PACKED_LIST: usize = 1 << 14;

/// The selection of [`Candidates::leftmost_longest`] over candidates sorted by tier, start,
/// longest first, then as found: adds the chosen to `kept` (cleared first), sorted by start.
///
/// A candidate that starts inside the last one kept and ends after it extends it when both
/// name the same one entity: "Sheikh Tamim bin Hamad Al Thani" holds the aliases "Sheikh
/// Tamim" and "Tamim bin Hamad Al Thani", and is one mention, not a name and a stray rest.
pub(super) fn choose<'a>(
    sorted: impl Iterator<Item = &'a Candidate>,
    targets: &[Target],
    kept: &mut Vec<Candidate>,
) {
    let entity = |c: &Candidate| match targets[c.targets.clone()] {
        [Target::Entity(e, _)] => Some(e),
        _ => None,
    };
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
        } else if c.end > end && kept.len() > earlier && !overlaps(&kept[..earlier], c) {
            let last = kept.last_mut().expect("a candidate kept in this tier");
            if c.start > last.start && entity(c).is_some() && entity(c) == entity(last) {
                last.end = c.end;
                end = c.end;
            }
        }
    }
    if earlier > 0 {
        kept.sort_unstable_by_key(|c| c.start);
    }
}

/// Above this capacity a reused buffer is freed after use, so one huge document does not pin
/// its size for the life of the thread.
pub(super) const SCRATCH_KEPT: usize = 1 << 22;

/// Buffers [`Matcher::find`] reuses from call to call.
#[derive(Debug, Default)]
pub(super) struct Scratch {
    /// The ASCII-lowercased text.
    pub(super) lower: String,
    pub(super) candidates: Candidates,
    /// Sort keys of the candidates.
    pub(super) order: Vec<u64>,
    /// The chosen candidates.
    pub(super) kept: Vec<Candidate>,
}

impl Scratch {
    /// Frees any buffer grown past [`SCRATCH_KEPT`] bytes.
    pub(super) fn trim(&mut self) {
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
pub(super) fn overlaps(kept: &[Candidate], c: &Candidate) -> bool {
    let i = kept.partition_point(|k| k.end <= c.start);
    kept.get(i).is_some_and(|k| k.start < c.end)
}
