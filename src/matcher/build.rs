//! Building the matcher: every alias, demonym, derived surname and title, grouped by key.

use super::*;

/// Countries (ISO 3166 alpha-2) whose people's names end in a paternal and a maternal
/// surname, Spanish-style: a short form keeps the paternal one.
const HISPANIC: &[&str] = &[
    "ar", "bo", "cl", "co", "cr", "cu", "do", "ec", "es", "gq", "gt", "hn", "mx", "ni", "pa", "pe",
    "pr", "py", "sv", "uy", "ve",
];

/// Countries whose people's names open with the family name, as news writes them: "Kim" after
/// "Kim Jong Un", "Moon" after "Moon Jae-in", "Lee" after "Lee Hsien Loong". The first word is
/// taken when it is one of [`FAMILY_NAMES_FIRST`] (the list discovery reads names by), so a
/// Western-order name ("Carrie Lam") keeps only its last word.
const FAMILY_NAME_FIRST: &[&str] = &["cn", "tw", "hk", "mo", "kr", "kp", "sg"];

impl Matcher {
    /// [`Matcher::new`] with the transducer from `transducer_from` keys, and an index part per
    /// `part_keys` keys (tests make both small).
    pub(super) fn build(
        gazetteer: &Gazetteer,
        transducer_from: usize,
        part_keys: usize,
    ) -> Result<Matcher> {
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
        // Short forms ("Daniel Chapo"), each made once per person: (entity, form, key). A
        // listed name that opens with a title ("Sheikh Tamim bin Hamad Al Thani") has none:
        // "Sheikh Thani" names nobody. A form that two people share names neither.
        let mut shorts: Vec<(usize, String, String)> = Vec::new();
        for (i, e) in gazetteer.entities().iter().enumerate() {
            if e.entity_type() != EntityType::Person {
                continue;
            }
            let first = shorts.len();
            let hispanic = e
                .country
                .as_deref()
                .and_then(|c| c.strip_prefix("country:"))
                .is_some_and(|c| HISPANIC.contains(&c));
            let listed = std::iter::once(&e.name).chain(&e.aliases);
            for n in listed.filter(|n| gazetteer.title_prefix(n).is_none()) {
                // Three words with a given name in the middle are two given names and one
                // surname ("José Manuel Albares"), not a surname pair to shorten to "José
                // Manuel".
                let two_given = || {
                    let mut w = n.split_whitespace();
                    matches!(
                        (w.next(), w.next(), w.next(), w.next()),
                        (Some(_), Some(middle), Some(_), None) if gazetteer.is_given_name(middle)
                    )
                };
                if let Some(form) = short_name(n, hispanic && !two_given()) {
                    let key = fold::key(&form);
                    if !shorts[first..].iter().any(|(_, _, k)| *k == key) {
                        shorts.push((i, form, key));
                    }
                }
            }
        }
        let mut people_per_key: std::collections::HashMap<&str, usize> = Default::default();
        for (_, _, key) in &shorts {
            *people_per_key.entry(key).or_default() += 1;
        }
        // A short form that is a person's listed name is that person's: "Luis Arce" is the
        // listed Luis Arce, not a short form of a second entry, Luis Arce Catacora (a
        // person's own listed form is matched as a name anyway). A short form is two words,
        // so only two-word names are folded to compare.
        let two_words = |n: &&String| n.split_whitespace().count() == 2;
        for e in gazetteer.entities() {
            if e.entity_type() != EntityType::Person {
                continue;
            }
            for n in std::iter::once(&e.name).chain(&e.aliases).filter(two_words) {
                if let Some(count) = people_per_key.get_mut(fold::key(n).as_str()) {
                    *count = usize::MAX;
                }
            }
        }
        let family_first = |e: &crate::gazetteer::Entity| {
            e.country
                .as_deref()
                .and_then(|c| c.strip_prefix("country:"))
                .is_some_and(|c| FAMILY_NAME_FIRST.contains(&c))
        };
        for (i, e) in gazetteer.entities().iter().enumerate() {
            let names = std::iter::once(&e.name).chain(&e.aliases);
            if e.entity_type() == EntityType::Person && family_first(e) {
                for name in names
                    .clone()
                    .filter(|n| gazetteer.title_prefix(n).is_none())
                {
                    let Some((w, _)) = name.split_once(' ') else {
                        continue;
                    };
                    if FAMILY_NAMES_FIRST.contains(&w) && !NOT_SURNAMES.contains(&w) {
                        add(w, Target::Entity(i, AliasForm::Surname), false);
                    }
                }
            }
            for name in names.clone() {
                add(name, Target::Entity(i, AliasForm::Name), false);
            }
            for d in &e.demonyms {
                add(d, Target::Entity(i, AliasForm::Demonym), false);
            }
            if e.entity_type() == EntityType::Person {
                for name in names {
                    for s in surnames(name) {
                        add(s, Target::Entity(i, AliasForm::Surname), false);
                    }
                }
            }
        }
        for (i, form, key) in &shorts {
            if people_per_key[key.as_str()] == 1 {
                add(form, Target::Entity(*i, AliasForm::Name), false);
                // The short form's surname is how later mentions name the person: "Paz" for
                // Rodrigo Paz Pereira, "Arévalo" for Bernardo Arévalo de León.
                for s in surnames(form) {
                    add(s, Target::Entity(*i, AliasForm::Surname), false);
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
        let mut key_bytes = AsciiSet::default();
        for (k, _) in &keys {
            k.bytes().for_each(|b| key_bytes.insert(b));
        }
        Ok(Matcher {
            index,
            records,
            heads,
            key_bytes,
            scratch: Pool::new(Scratch::default),
        })
    }
}
