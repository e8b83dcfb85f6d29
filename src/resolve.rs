//! Entity resolution: every match becomes a mention of exactly one entity, or is recorded as
//! unresolved.
//!
//! Order of evidence, strongest first:
//! 1. an alias that names one entity only;
//! 2. a derived surname whose full name appears anywhere in the same document;
//! 3. for an alias shared by several entities: the one already named unambiguously in the
//!    document, else the one whose country the document mentions, else the one in office on
//!    the document's date;
//! 4. otherwise the mention stays unresolved and is not used in relations.
//!
//! Capitalised words that no gazetteer knows, introduced as a name by a title, a role, an
//! apposition, a byline, a credit or a speech verb ("Deputy Attorney General Jeffrey Rosen",
//! "Jay Tarriela, a spokesman for …") yield a *discovered* person ([`crate::discover`]);
//! later bare uses of its surname resolve to it.

use std::collections::HashMap;
use std::ops::Range;

use crate::gazetteer::{EntityType, Gazetteer};
use crate::matcher::{AliasForm, Hit, Target};
use crate::text::Date;

/// An entity index and the form its alias takes.
type EntityTarget = (usize, AliasForm);

/// Which entity a mention refers to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum EntityRef {
    /// A gazetteer entity (index into [`Gazetteer::entities`]).
    Known(usize),
    /// A person discovered in this document (index into [`Resolved::discovered`]).
    Discovered(usize),
}

/// How a mention was resolved.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Resolution {
    /// The alias names one entity only.
    Unique,
    /// A surname, resolved to the person named in full in the same document.
    Surname,
    /// A shared alias, resolved by the other entities the document names.
    Context,
    /// A shared alias, resolved by who held office on the document's date.
    Date,
    /// A name found by how the text introduces it (a title, an apposition, a byline, …).
    Pattern,
    /// Not resolved: several candidates remain.
    Unresolved,
}

impl Resolution {
    /// Every way of resolving.
    pub const ALL: [Resolution; 6] = [
        Resolution::Unique,
        Resolution::Surname,
        Resolution::Context,
        Resolution::Date,
        Resolution::Pattern,
        Resolution::Unresolved,
    ];

    /// Lowercase name used in outputs.
    pub fn as_str(self) -> &'static str {
        match self {
            Resolution::Unique => "unique",
            Resolution::Surname => "surname",
            Resolution::Context => "context",
            Resolution::Date => "date",
            Resolution::Pattern => "pattern",
            Resolution::Unresolved => "unresolved",
        }
    }
}

/// One entity mention in a document.
#[derive(Debug, Clone, PartialEq)]
pub struct Mention {
    /// Byte range in the document text.
    pub span: Range<usize>,
    /// How the matched alias names the entity.
    pub form: AliasForm,
    /// The entity, when resolved.
    pub entity: Option<EntityRef>,
    /// Candidate entities when unresolved.
    pub candidates: Vec<usize>,
    /// How it was resolved.
    pub resolution: Resolution,
}

/// One title or role word in a document.
#[derive(Debug, Clone, PartialEq)]
pub struct TitleMention {
    /// Byte range in the document text.
    pub span: Range<usize>,
    /// Index into [`Gazetteer::titles`].
    pub title: usize,
}

/// An entity found by how the text introduces it, not in any gazetteer.
#[derive(Debug, Clone, PartialEq)]
pub struct Discovered {
    /// Generated id, `person:discovered:<slug>` or `org:discovered:<slug>`.
    pub id: String,
    /// The name as written.
    pub name: String,
    /// `PERSON` or `ORG`.
    pub kind: EntityType,
    /// What in the text made it a name.
    pub cue: Cue,
}

/// What in the text shows that capitalised words no list holds are a name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Cue {
    /// A title right before it ("Deputy Foreign Minister X"); the title's byte range.
    Title(Range<usize>),
    /// A role word right before it ("billionaire X", "negotiator X"); the word's byte range.
    Role(Range<usize>),
    /// An apposition that names a role ("X, a spokesman for …", "China's ambassador, X",
    /// "X as prime minister").
    Apposition,
    /// "X, who …".
    Who,
    /// A byline ("By X", "Reporting by X").
    Byline,
    /// A photo credit ("Photo: X/AFP").
    Credit,
    /// A person-shaped name as the subject or object of a speech verb, or an agent ("X said",
    /// "told X", "according to X", "signed by X").
    Speech,
    /// A listed person's name continued by a word no list holds ("Abdul Hamid Dbeibah").
    Extends,
    /// An organisation's (or a facility's) name: an organisation word after "the" or a
    /// possessive, or with its acronym ("the Presidential Council", "the Stability Support
    /// Apparatus (SSA)", "the Grand Ethiopian Renaissance Dam (GERD)").
    Org,
}

impl Cue {
    /// How `explain` says it; `text` is the document.
    pub fn describe(&self, text: &str) -> String {
        match self {
            Cue::Title(r) => format!("after the title {:?}", &text[r.clone()]),
            Cue::Role(r) => format!("after the role {:?}", &text[r.clone()]),
            Cue::Apposition => "in an apposition naming a role".into(),
            Cue::Who => "before \", who\"".into(),
            Cue::Byline => "in a byline".into(),
            Cue::Credit => "in a photo credit".into(),
            Cue::Speech => "as a person-shaped name with a speech verb".into(),
            Cue::Extends => "as a listed name continued".into(),
            Cue::Org => {
                "as an organisation's or a place's name (after \"the\", or with its acronym)".into()
            }
        }
    }
}

/// Resolution output for one document.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Resolved {
    /// Entity mentions, in text order.
    pub mentions: Vec<Mention>,
    /// Title mentions, in text order.
    pub titles: Vec<TitleMention>,
    /// Entities discovered by pattern.
    pub discovered: Vec<Discovered>,
}

impl Resolved {
    /// The entity type of a resolved mention's entity.
    pub fn entity_type(&self, gaz: &Gazetteer, e: EntityRef) -> EntityType {
        match e {
            EntityRef::Known(i) => gaz.entities()[i].entity_type(),
            EntityRef::Discovered(d) => self.discovered[d].kind,
        }
    }
}

/// Resolves matches against a gazetteer. Built once, shared.
#[derive(Debug, Clone)]
pub struct Resolver {
    /// Offices per person entity index.
    offices: HashMap<usize, Vec<usize>>,
}

impl Resolver {
    /// Indexes offices for date-aware resolution.
    pub fn new(gazetteer: &Gazetteer) -> Resolver {
        let mut offices: HashMap<usize, Vec<usize>> = HashMap::new();
        for (i, o) in gazetteer.offices().iter().enumerate() {
            if let Some(p) = gazetteer.index_of(&o.person) {
                offices.entry(p).or_default().push(i);
            }
        }
        Resolver { offices }
    }

    /// Turns the matcher's hits for `text` into resolved mentions.
    pub fn resolve(
        &self,
        gaz: &Gazetteer,
        text: &str,
        hits: Vec<Hit>,
        date: Option<Date>,
    ) -> Resolved {
        let mut out = Resolved::default();
        // Each hit's entity targets, in one list for the document (most hits have one), and
        // the hits that have any: their span and their stretch of that list.
        let mut targets: Vec<EntityTarget> = Vec::with_capacity(hits.len());
        let mut pending: Vec<(Range<usize>, Range<usize>)> = Vec::with_capacity(hits.len());
        for hit in hits {
            let from = targets.len();
            targets.extend(hit.targets.iter().filter_map(|t| match *t {
                Target::Entity(e, f) => Some((e, f)),
                Target::Title(_) => None,
            }));
            if targets.len() > from {
                pending.push((hit.span, from..targets.len()));
            } else if let Some(Target::Title(t)) = hit.targets.first() {
                out.titles.push(TitleMention {
                    span: hit.span,
                    title: *t,
                });
            }
        }
        let (mut strong, mut surnames) = (Vec::new(), Vec::new());
        let is_surname = |t: &&EntityTarget| t.1 == AliasForm::Surname;

        // Pass 1: aliases that name exactly one entity (surnames aside).
        let (mut named_in_full, mut anchored) = (Vec::new(), Vec::new());
        for (span, t) in &pending {
            let targets = &targets[t.clone()];
            distinct(targets.iter().filter(|t| !is_surname(t)), &mut strong);
            if let [only] = strong[..] {
                anchored.push(only);
                let full = targets.iter().any(|&(e, f)| {
                    e == only && f == AliasForm::Name && text[span.clone()].contains(' ')
                });
                if full {
                    named_in_full.push(only);
                }
            }
        }
        let (named_in_full, anchored) = (Set::new(named_in_full), Set::new(anchored));
        let countries = Set::new(
            anchored
                .0
                .iter()
                .map(|&e| &gaz.entities()[e])
                .filter(|e| e.entity_type() == EntityType::Country)
                .map(|e| e.id.as_str())
                .collect(),
        );

        // Pass 2: everything, with the document's context.
        for (span, t) in pending {
            let targets = &targets[t];
            distinct(targets.iter().filter(|t| !is_surname(t)), &mut strong);
            distinct(targets.iter().filter(is_surname), &mut surnames);
            surnames.retain(|e| named_in_full.contains(e));
            let form_of = |e: usize| {
                targets
                    .iter()
                    .filter(|(t, _)| *t == e)
                    .map(|&(_, f)| f)
                    .min()
                    .unwrap_or(AliasForm::Name)
            };
            let (entity, resolution, candidates) = match (&strong[..], &surnames[..]) {
                ([], []) => continue, // a bare surname of nobody named here: not a mention
                ([only], []) => (Some(*only), Resolution::Unique, vec![]),
                ([], [only]) => (Some(*only), Resolution::Surname, vec![]),
                _ => {
                    let mut all: Vec<usize> = strong.iter().chain(&surnames).copied().collect();
                    all.sort_unstable();
                    all.dedup();
                    match self.disambiguate(gaz, &all, &anchored, &named_in_full, &countries, date)
                    {
                        Some((e, how)) => (Some(e), how, vec![]),
                        None => (None, Resolution::Unresolved, all),
                    }
                }
            };
            out.mentions.push(Mention {
                span,
                form: entity.map_or(AliasForm::Name, form_of),
                entity: entity.map(EntityRef::Known),
                candidates,
                resolution,
            });
        }
        crate::discover::discover(gaz, text, &mut out);
        out
    }

    fn disambiguate(
        &self,
        gaz: &Gazetteer,
        candidates: &[usize],
        anchored: &Set<usize>,
        named_in_full: &Set<usize>,
        countries: &Set<&str>,
        date: Option<Date>,
    ) -> Option<(usize, Resolution)> {
        let one = |v: Vec<usize>| if let [e] = v[..] { Some(e) } else { None };
        let pick =
            |f: &dyn Fn(usize) -> bool| one(candidates.iter().copied().filter(|&e| f(e)).collect());
        if let Some(e) =
            pick(&|e| named_in_full.contains(&e)).or_else(|| pick(&|e| anchored.contains(&e)))
        {
            return Some((e, Resolution::Context));
        }
        if let Some(e) = pick(&|e| {
            gaz.entities()[e]
                .country
                .as_deref()
                .is_some_and(|c| countries.contains(&c))
        }) {
            return Some((e, Resolution::Context));
        }
        let date = date?;
        pick(&|e| {
            self.offices
                .get(&e)
                .is_some_and(|os| os.iter().any(|&o| gaz.offices()[o].active_on(date)))
        })
        .map(|e| (e, Resolution::Date))
    }
}

/// The distinct entities of `targets`, sorted, into `out` (a buffer used hit after hit).
/// A small set, as a sorted list: a document names a few dozen entities, and a tree would
/// allocate a node for each.
struct Set<T>(Vec<T>);

impl<T: Ord> Set<T> {
    fn new(mut items: Vec<T>) -> Set<T> {
        items.sort_unstable();
        items.dedup();
        Set(items)
    }

    fn contains(&self, x: &T) -> bool {
        self.0.binary_search(x).is_ok()
    }
}

fn distinct<'a>(targets: impl Iterator<Item = &'a EntityTarget>, out: &mut Vec<usize>) {
    out.clear();
    out.extend(targets.map(|&(e, _)| e));
    out.sort_unstable();
    out.dedup();
}
