//! Alias packing: the aliases of each key stored as bytes, and a target in four bytes.

use super::*;

/// An alias while the matcher is built.
#[derive(Debug, Clone)]
pub(super) struct NewAlias {
    pub(super) target: Target,
    /// The alias folded with case kept, for the case check: a range of the build's `cased`.
    pub(super) cased: Range<usize>,
    /// Case-insensitive (titles, except all-capital acronyms).
    pub(super) any_case: bool,
}

/// One alias of a key, read from [`Matcher::records`].
#[derive(Debug, Clone, Copy)]
pub(super) struct Alias<'a> {
    pub(super) target: Target,
    /// Case-insensitive (titles, except all-capital acronyms).
    pub(super) any_case: bool,
    /// The alias folded with case kept, for the case check.
    pub(super) cased: &'a [u8],
}

impl<'a> Alias<'a> {
    pub(super) fn cased(&self) -> &'a str {
        std::str::from_utf8(self.cased).expect("stored from a str")
    }
}

/// A key's aliases, as stored in [`Matcher::records`]: for each, the packed target (four bytes,
/// [`pack`]), the folding's length times two plus one if any case goes (four bytes), then the
/// folding itself.
pub(super) struct Aliases<'a>(pub(super) &'a [u8]);

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
pub(super) const PACKED_INDEX: usize = 1 << 30;

/// A target in four bytes: its kind in the top two bits, its index below.
pub(super) fn pack(t: Target) -> u32 {
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
pub(super) fn unpack(t: u32) -> Target {
    let i = (t & (PACKED_INDEX as u32 - 1)) as usize;
    match t >> 30 {
        0 => Target::Entity(i, AliasForm::Name),
        1 => Target::Entity(i, AliasForm::Demonym),
        2 => Target::Entity(i, AliasForm::Surname),
        _ => Target::Title(i),
    }
}
