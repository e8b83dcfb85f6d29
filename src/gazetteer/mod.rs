//! The gazetteer: entities, their aliases, offices, titles and abbreviations.
//!
//! This is the in-memory model plus validation; `load` parses the files and
//! `defaults` holds the lists embedded in the binary.

pub(crate) mod defaults;
pub(crate) mod load;

use std::collections::{HashMap, HashSet};
use std::fmt;
use std::str::FromStr;

use serde::Serialize;

use crate::text::Date;

pub use load::GazetteerBuilder;

/// The four kinds of entity relgraph knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum EntityType {
    /// A person.
    Person,
    /// A country or country-like political entity.
    Country,
    /// An organization: international body, government body, armed group, party, company, media.
    Org,
    /// A place that is not a country (region, city, landmark).
    Location,
}

impl EntityType {
    /// The name used in files and outputs (`PERSON`, `COUNTRY`, `ORG`, `LOCATION`).
    pub fn as_str(self) -> &'static str {
        match self {
            EntityType::Person => "PERSON",
            EntityType::Country => "COUNTRY",
            EntityType::Org => "ORG",
            EntityType::Location => "LOCATION",
        }
    }
}

impl fmt::Display for EntityType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for EntityType {
    type Err = String;
    fn from_str(s: &str) -> Result<EntityType, String> {
        Ok(match s {
            "PERSON" => EntityType::Person,
            "COUNTRY" => EntityType::Country,
            "ORG" => EntityType::Org,
            "LOCATION" => EntityType::Location,
            other => {
                return Err(format!(
                    "unknown entity type {other:?} (expected PERSON, COUNTRY, ORG or LOCATION)"
                ))
            }
        })
    }
}

/// One gazetteer entry.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Entity {
    /// Stable id (`country:az`, `person:ilham-aliyev`).
    pub id: String,
    /// Entity type.
    pub kind: Option<EntityType>,
    /// Canonical name.
    pub name: String,
    /// Other names (the canonical name is matched too).
    pub aliases: Vec<String>,
    /// Demonyms and adjectivals (countries).
    pub demonyms: Vec<String>,
    /// Id of the entity's country.
    pub country: Option<String>,
    /// Other typed attributes (`wikidata`, `iso2`, `iso3`, `capital`, `source`, `note`).
    pub attrs: Vec<(String, String)>,
}

impl Entity {
    /// The entity type (always set on entities from a gazetteer).
    pub fn entity_type(&self) -> EntityType {
        self.kind.unwrap_or(EntityType::Org)
    }

    /// An attribute by column name.
    pub fn attr(&self, key: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }
}

/// An office held by a person, with dates when known.
#[derive(Debug, Clone, PartialEq)]
pub struct Office {
    /// Person id.
    pub person: String,
    /// Canonical role ("President", "Foreign Minister").
    pub role: String,
    /// Id of the country or organization.
    pub of: String,
    /// First day in office, if known.
    pub start: Option<Date>,
    /// Last day in office; `None` when unknown or still in office.
    pub end: Option<Date>,
    /// For a term without `end`: the snapshot date on which its source knew it open
    /// ("open as of 2026-03"); it says nothing about later dates.
    pub as_of: Option<Date>,
    /// For a term without `end`: it ended on or before this date (a later leader snapshot names
    /// another holder of the post). Date resolution treats the term as ended after it.
    pub end_before: Option<Date>,
}

impl Office {
    /// Whether the office was held on `date` (unknown bounds count as open; a term bounded by
    /// `end_before` counts as ended after the bound).
    pub fn active_on(&self, date: Date) -> bool {
        self.start.is_none_or(|s| s.first_day() <= date.last_day())
            && self
                .end
                .or(self.end_before)
                .is_none_or(|e| e.last_day() >= date.first_day())
    }

    /// Whether the term is open: no `end` and no `end_before` bound.
    pub fn is_open(&self) -> bool {
        self.end.is_none() && self.end_before.is_none()
    }
}

/// A seat of government: a place or office whose name, when it acts ("the Kremlin warned",
/// "Downing Street said"), stands for a country's government (or an organization's, as
/// Brussels for the European Union). Capitals need no row: the countries' `capital` column
/// names them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Seat {
    /// Id of the place or office (a LOCATION or ORG entity).
    pub seat: String,
    /// Id of the COUNTRY (or ORG) it stands for.
    pub of: String,
}

/// Whether a title names an office or is only a form of address.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TitleKind {
    /// A post: President, Foreign Minister, chairman.
    Office,
    /// A form of address or rank: Mr., Dr., Gen.
    Honorific,
}

/// A title or role word and its surface forms.
#[derive(Debug, Clone, PartialEq)]
pub struct Title {
    /// Surface forms, matched case-insensitively (all-capital acronyms exactly).
    pub forms: Vec<String>,
    /// Canonical role.
    pub role: String,
    /// Office or honorific.
    pub kind: TitleKind,
}

/// Where a loaded gazetteer file came from, for the outputs' metadata.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct SourceInfo {
    /// File path, or `default:NAME` for an embedded list.
    pub name: String,
    /// The `# version:` comment, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    /// First 16 hex digits of the file's SHA-256.
    pub sha256: String,
}

#[cfg_attr(not(feature = "cli"), allow(dead_code))]
/// The (country, President or Prime Minister) posts to which the shipped `offices.tsv` gives
/// two or more open holders on purpose, and why (`gazetteers/README.md`, "As of"); at most 10.
/// Every other post has at most one open holder once the builder has bounded the terms that the
/// 2026 leader snapshots give to someone else.
pub(crate) const OPEN_HOLDER_CASES: &[(&str, &str, &str)] = &[];

/// All loaded lists, validated.
///
/// ```
/// let gaz = relgraph::Gazetteer::builder().build().unwrap();
/// let az = gaz.entity("country:az").unwrap();
/// assert_eq!(az.name, "Azerbaijan");
/// assert!(az.demonyms.iter().any(|d| d == "Azeri"));
/// ```
#[derive(Debug, Clone, Default)]
pub struct Gazetteer {
    entities: Vec<Entity>,
    by_id: HashMap<String, usize>,
    offices: Vec<Office>,
    /// Indexes into `offices` per person entity index.
    offices_by_person: HashMap<usize, Vec<usize>>,
    titles: Vec<Title>,
    /// Every title form, folded, to its index in `titles`.
    title_keys: HashMap<String, usize>,
    abbreviations: Vec<String>,
    /// Given names, as [`crate::text::fold::key`]s.
    given_names: HashSet<String>,
    seats: Vec<Seat>,
    /// Pairs of person ids known to be two people (`curated/distinct_people.tsv`), each
    /// `(smaller, larger)`: `likely_duplicate_people` does not report them.
    distinct: std::collections::BTreeSet<(String, String)>,
    sources: Vec<SourceInfo>,
    /// Messages about the loaded files that are not errors (a built-in entry replaced).
    warnings: Vec<String>,
    /// What the user files did to the entries, in load order.
    changes: Vec<UserChange>,
}

/// What a user file's entity or office row did (`relgraph gazetteer check FILE`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
#[cfg_attr(not(feature = "cli"), allow(dead_code))]
pub(crate) enum ChangeKind {
    /// A new id.
    Adds,
    /// `+id`: aliases or demonyms added to an entry loaded before.
    Extends,
    /// The id of a built-in entry, which the row replaces.
    Replaces,
    /// `+id` with no such entry: ignored, with a warning.
    ExtendsUnknown,
    /// An office row: a term added to a loaded person (built-in or not).
    AddsOffice,
}

/// One entity or office row of a user file and what it did.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(not(feature = "cli"), allow(dead_code))]
pub(crate) struct UserChange {
    pub path: std::path::PathBuf,
    pub line: usize,
    /// The entity id, or for an office row the holder's id.
    pub id: String,
    pub kind: ChangeKind,
    /// The names the row makes match (for `Extends`, only the new ones; none for an office).
    pub aliases: Vec<String>,
    /// For an office row, its index in [`Gazetteer::offices`].
    pub office: Option<usize>,
}

impl Gazetteer {
    /// A builder that starts with the embedded default lists.
    pub fn builder() -> GazetteerBuilder {
        GazetteerBuilder::new()
    }

    /// All entities, in load order.
    pub fn entities(&self) -> &[Entity] {
        &self.entities
    }

    /// Looks an entity up by id.
    pub fn entity(&self, id: &str) -> Option<&Entity> {
        self.by_id.get(id).map(|&i| &self.entities[i])
    }

    /// Index of an entity in [`Gazetteer::entities`].
    pub(crate) fn index_of(&self, id: &str) -> Option<usize> {
        self.by_id.get(id).copied()
    }

    /// All offices.
    pub fn offices(&self) -> &[Office] {
        &self.offices
    }

    /// The offices (indexes into [`Gazetteer::offices`]) of the person entity at `person`.
    pub(crate) fn offices_of(&self, person: usize) -> &[usize] {
        self.offices_by_person
            .get(&person)
            .map_or(&[], Vec::as_slice)
    }

    #[cfg_attr(not(feature = "cli"), allow(dead_code))]
    /// The country posts among `roles` with two or more open terms (no `end`, no `end_before`),
    /// sorted: `(of, role, holders)`. On the shipped lists, for President and Prime Minister,
    /// these are only the cases in [`OPEN_HOLDER_CASES`].
    pub(crate) fn open_holders(&self, roles: &[&str]) -> Vec<(String, String, Vec<String>)> {
        let mut posts: std::collections::BTreeMap<(&str, &str), Vec<String>> =
            std::collections::BTreeMap::new();
        for o in &self.offices {
            let country = self
                .entity(&o.of)
                .is_some_and(|e| e.entity_type() == EntityType::Country);
            if o.is_open() && country && roles.contains(&o.role.as_str()) {
                let holders = posts.entry((&o.of, &o.role)).or_default();
                if !holders.contains(&o.person) {
                    holders.push(o.person.clone());
                }
            }
        }
        posts
            .into_iter()
            .filter(|(_, h)| h.len() > 1)
            .map(|((of, role), mut h)| {
                h.sort();
                (of.to_string(), role.to_string(), h)
            })
            .collect()
    }

    /// All titles.
    pub fn titles(&self) -> &[Title] {
        &self.titles
    }

    /// The title a listed name opens with, as the index of the title and the byte length of
    /// the words it takes: "King Salman" opens with King, "Crown Prince Mohammed" with Crown
    /// Prince. `None` when the name has no word after the title.
    pub(crate) fn title_prefix(&self, name: &str) -> Option<(usize, usize)> {
        name.match_indices(' ')
            .take(4)
            .filter_map(|(at, _)| {
                let t = self.title_keys.get(&crate::text::fold::key(&name[..at]))?;
                Some((*t, at))
            })
            .last()
    }

    /// The title whose form these words are ("defence minister", "special envoy"), as its
    /// index; case and diacritics are folded.
    pub(crate) fn title_named(&self, words: &str) -> Option<usize> {
        self.title_keys.get(&crate::text::fold::key(words)).copied()
    }

    /// Seats of government (`seats.tsv`), in load order; a later row for the same seat
    /// replaces an earlier one.
    pub(crate) fn seats(&self) -> &[Seat] {
        &self.seats
    }

    /// Abbreviations that do not end sentences.
    pub(crate) fn abbreviations(&self) -> &[String] {
        &self.abbreviations
    }

    /// Is `word` a listed given name ("Jay", "Abdel-Aziz")? Case and diacritics are folded.
    ///
    /// ```
    /// let gaz = relgraph::Gazetteer::builder().build().unwrap();
    /// assert!(gaz.is_given_name("Jay") && gaz.is_given_name("STEPHANIE"));
    /// assert!(!gaz.is_given_name("Monday") && !gaz.is_given_name("Jordan"));
    /// ```
    pub fn is_given_name(&self, word: &str) -> bool {
        !self.given_names.is_empty() && self.given_names.contains(&crate::text::fold::key(word))
    }

    #[cfg_attr(not(feature = "cli"), allow(dead_code))]
    /// How many given names are listed.
    pub(crate) fn given_names(&self) -> usize {
        self.given_names.len()
    }

    /// The files this gazetteer was loaded from.
    pub fn sources(&self) -> &[SourceInfo] {
        &self.sources
    }

    /// Messages about the loaded files that are not errors, each starting with `path:line:`:
    /// a user file replacing a built-in entry, a `+id` row that extends no loaded entry.
    ///
    /// ```
    /// let gaz = relgraph::Gazetteer::builder()
    ///     .add_str("mine.tsv", "id\ttype\tname\ncountry:az\tCOUNTRY\tAzerbaijan Republic\n")
    ///     .build()
    ///     .unwrap();
    /// assert!(gaz.warnings()[0].starts_with("mine.tsv:2: replaces the built-in entry"));
    /// ```
    pub fn warnings(&self) -> &[String] {
        &self.warnings
    }

    #[cfg_attr(not(feature = "cli"), allow(dead_code))]
    /// What the user files' entity rows did, in load order, then their office rows.
    pub(crate) fn changes(&self) -> &[UserChange] {
        &self.changes
    }

    #[cfg_attr(not(feature = "cli"), allow(dead_code))]
    /// Person entries that are probably one person (issue 19, item 2): the same Wikidata QID,
    /// the same full name (folded) without two different QIDs, or, for two holders of the same
    /// post (role and `of`) without two different QIDs, one name's words all within the
    /// other's (at least two words). A group whose every pair is known distinct
    /// ([`Gazetteer::distinct_people`]) is left out. Each group is `(reason, ids)`, sorted by
    /// ids.
    pub(crate) fn likely_duplicate_people(&self) -> Vec<(String, Vec<String>)> {
        use std::collections::{BTreeMap, BTreeSet};
        let qid = |e: &Entity| {
            e.attr("wikidata")
                .filter(|q| !q.is_empty())
                .map(String::from)
        };
        let mut by_qid: BTreeMap<String, BTreeSet<&str>> = BTreeMap::new();
        let mut by_name: BTreeMap<String, BTreeSet<&str>> = BTreeMap::new();
        for e in self
            .entities
            .iter()
            .filter(|e| e.kind == Some(EntityType::Person))
        {
            if let Some(q) = qid(e) {
                by_qid.entry(q).or_default().insert(&e.id);
            }
            let name = crate::text::fold::key(&e.name);
            by_name.entry(name).or_default().insert(&e.id);
        }
        // Namesakes that Wikidata tells apart are two people.
        let apart = |ids: &mut dyn Iterator<Item = &str>| {
            let qids: BTreeSet<String> =
                ids.filter_map(|id| self.entity(id).and_then(qid)).collect();
            qids.len() > 1
        };
        let mut out: Vec<(String, Vec<String>)> = Vec::new();
        for (reason, map) in [("same QID", by_qid), ("same name", by_name)] {
            for (k, ids) in map {
                if ids.len() > 1 && (reason == "same QID" || !apart(&mut ids.iter().copied())) {
                    out.push((
                        format!("{reason} {k:?}"),
                        ids.into_iter().map(String::from).collect(),
                    ));
                }
            }
        }
        let mut seen: BTreeSet<Vec<String>> = out.iter().map(|(_, ids)| ids.clone()).collect();
        let words = |e: &Entity| -> BTreeSet<String> {
            crate::text::fold::key(&e.name)
                .split(|c: char| !c.is_alphanumeric())
                .filter(|w| !w.is_empty())
                .map(String::from)
                .collect()
        };
        let mut posts: BTreeMap<(&str, &str), BTreeSet<&str>> = BTreeMap::new();
        for o in &self.offices {
            posts.entry((&o.role, &o.of)).or_default().insert(&o.person);
        }
        for ((role, of), holders) in posts {
            let holders: Vec<(&Entity, BTreeSet<String>)> = holders
                .into_iter()
                .filter_map(|id| self.entity(id))
                .map(|e| (e, words(e)))
                .collect();
            for (i, (a, wa)) in holders.iter().enumerate() {
                for (b, wb) in &holders[i + 1..] {
                    let (short, long) = if wa.len() <= wb.len() {
                        (wa, wb)
                    } else {
                        (wb, wa)
                    };
                    let pair = vec![a.id.clone(), b.id.clone()];
                    if short.len() >= 2
                        && short.is_subset(long)
                        && !apart(&mut [a.id.as_str(), b.id.as_str()].into_iter())
                        && seen.insert(pair.clone())
                    {
                        out.push((format!("name within name, both {role} of {of}"), pair));
                    }
                }
            }
        }
        out.retain(|(_, ids)| {
            let known = |a: &String, b: &String| {
                let pair = if a < b { (a, b) } else { (b, a) };
                self.distinct.contains(&(pair.0.clone(), pair.1.clone()))
            };
            let mut pairs = ids
                .iter()
                .enumerate()
                .flat_map(|(i, a)| ids[i + 1..].iter().map(move |b| (a, b)));
            !pairs.all(|(a, b)| known(a, b))
        });
        out.sort_by(|x, y| x.1.cmp(&y.1));
        out
    }

    #[cfg_attr(not(feature = "cli"), allow(dead_code))]
    /// Pairs of person ids known to be two people, whom `gazetteer check` does not report as
    /// likely duplicates, each `(smaller id, larger id)`.
    pub(crate) fn distinct_people(&self) -> &std::collections::BTreeSet<(String, String)> {
        &self.distinct
    }
}
