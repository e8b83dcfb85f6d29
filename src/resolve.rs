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
//!
//! Every mention records how it is written ([`Form`]). References that need the rest of the
//! document (pronouns, descriptions, counted groups, capitals standing for governments) are
//! resolved afterwards, by [`crate::coref`].

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::fmt;
use std::ops::Range;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::gazetteer::{EntityType, Gazetteer};
use crate::matcher::{AliasForm, Hit, Target};
use crate::text::{fold, is_word_char, Date};

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
    /// A reference (pronoun, description, counted group) resolved to its antecedent.
    Antecedent,
    /// A capital or seat of government acting for its country (metonymy).
    Metonymy,
    /// Not resolved: several candidates remain.
    Unresolved,
}

impl Resolution {
    /// Every way of resolving.
    pub const ALL: [Resolution; 8] = [
        Resolution::Unique,
        Resolution::Surname,
        Resolution::Context,
        Resolution::Date,
        Resolution::Pattern,
        Resolution::Antecedent,
        Resolution::Metonymy,
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
            Resolution::Antecedent => "antecedent",
            Resolution::Metonymy => "metonymy",
            Resolution::Unresolved => "unresolved",
        }
    }
}

/// How a mention is written: the `form` of the outputs.
///
/// The relation rules see only the coarser [`AliasForm`] (`Mention::form`): a pronoun,
/// description or capital reads to them as a name of its entity.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default, Serialize, Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Form {
    /// The entity's canonical name.
    #[default]
    Name,
    /// Another listed name ("Erdogan", "UAE").
    Alias,
    /// A demonym or adjectival ("Azeri", "Israelis").
    Demonym,
    /// A name followed by a possessive ("Aliyev's", "the Philippines'").
    Possessive,
    /// A listed name that opens with a title ("King Salman", "Sheikh Tamim").
    Title,
    /// A person's surname alone, trusted because the full name is in the document.
    Surname,
    /// A pronoun ("he", "its") resolved to its antecedent.
    Pronoun,
    /// A definite description ("the emir", "the kingdom") or a counted group ("the two
    /// countries", one mention per member) resolved to its antecedent.
    Description,
    /// A capital or seat of government standing for its country ("Ankara said", "the
    /// Kremlin warned").
    Capital,
}

impl Form {
    /// Every form.
    pub const ALL: [Form; 9] = [
        Form::Name,
        Form::Alias,
        Form::Demonym,
        Form::Possessive,
        Form::Title,
        Form::Surname,
        Form::Pronoun,
        Form::Description,
        Form::Capital,
    ];

    /// Lowercase name used in outputs.
    pub fn as_str(self) -> &'static str {
        match self {
            Form::Name => "name",
            Form::Alias => "alias",
            Form::Demonym => "demonym",
            Form::Possessive => "possessive",
            Form::Title => "title",
            Form::Surname => "surname",
            Form::Pronoun => "pronoun",
            Form::Description => "description",
            Form::Capital => "capital",
        }
    }

    /// A reference that names nothing by itself (a pronoun or a description): not an alias
    /// of its entity.
    pub fn is_reference(self) -> bool {
        matches!(self, Form::Pronoun | Form::Description)
    }
}

impl fmt::Display for Form {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Form {
    type Err = String;
    fn from_str(s: &str) -> Result<Form, String> {
        Form::ALL
            .into_iter()
            .find(|f| f.as_str() == s)
            .ok_or_else(|| {
                let names: Vec<&str> = Form::ALL.iter().map(|f| f.as_str()).collect();
                format!("unknown form {s:?} (expected one of {})", names.join(", "))
            })
    }
}

/// One entity mention in a document.
#[derive(Debug, Clone, PartialEq)]
pub struct Mention {
    /// Byte range in the document text.
    pub span: Range<usize>,
    /// How the matched alias names the entity, as the relation rules see it.
    pub form: AliasForm,
    /// How the mention is written (the outputs' `form`).
    pub written: Form,
    /// For a reference or a capital resolved by context: the span of the mention it was
    /// resolved to (for a capital, its own).
    pub antecedent: Option<Range<usize>>,
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
    /// Entity mentions, in text order, none overlapping another or a title: what the
    /// relation rules see.
    pub mentions: Vec<Mention>,
    /// Title mentions, in text order.
    pub titles: Vec<TitleMention>,
    /// Entities discovered by pattern.
    pub discovered: Vec<Discovered>,
    /// Mentions kept apart from `mentions`, in text order: the members of counted groups
    /// ("the two countries", "both sides": one mention per member, all with the group's
    /// span, which the pipeline shows the rules as a coordination, see
    /// [`crate::coref::Expanded`]), and possessive pronouns ("his", "its": the rules spell
    /// them out as words, "recalled its ambassador", so they stay words there).
    pub extra: Vec<Mention>,
}

impl Resolved {
    /// Whether `extra[i]` is alone on its span: a possessive pronoun, not a group's member.
    pub(crate) fn extra_alone(&self, i: usize) -> bool {
        let span = &self.extra[i].span;
        let shared = |k: usize| self.extra.get(k).is_some_and(|o| &o.span == span);
        !shared(i + 1) && (i == 0 || !shared(i - 1))
    }

    /// The counted groups among the references ("the two countries"): runs of two or more
    /// members sharing one span, in text order.
    pub(crate) fn groups(&self) -> impl Iterator<Item = &[Mention]> {
        self.extra
            .chunk_by(|a, b| a.span == b.span)
            .filter(|run| run.len() >= 2)
    }

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
    /// Every title form, folded ([`fold::key`]): a listed name that opens with one is
    /// written as a title.
    title_keys: HashSet<String>,
}

impl Resolver {
    /// The gazetteer offices (indexes into [`Gazetteer::offices`]) of a person entity.
    pub(crate) fn offices_of(&self, person: usize) -> &[usize] {
        self.offices.get(&person).map_or(&[], Vec::as_slice)
    }

    /// Indexes offices for date-aware resolution.
    pub fn new(gazetteer: &Gazetteer) -> Resolver {
        let mut offices: HashMap<usize, Vec<usize>> = HashMap::default();
        for (i, o) in gazetteer.offices().iter().enumerate() {
            if let Some(p) = gazetteer.index_of(&o.person) {
                offices.entry(p).or_default().push(i);
            }
        }
        let title_keys = gazetteer
            .titles()
            .iter()
            .flat_map(|t| &t.forms)
            .map(|f| fold::key(f))
            .collect();
        Resolver {
            offices,
            title_keys,
        }
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
                written: Form::Name,
                antecedent: None,
                entity: entity.map(EntityRef::Known),
                candidates,
                resolution,
            });
        }
        given_names_before(gaz, text, &mut out.mentions, &out.titles);
        crate::discover::discover(gaz, text, &mut out);
        for m in &mut out.mentions {
            m.written = self.written(gaz, text, m);
        }
        out
    }

    /// How a gazetteer or discovered mention is written: a possessive first ("Aliyev's"),
    /// then its alias form (demonym, surname), then whether the text is the canonical name,
    /// a listed name that opens with a title ("King Salman") or another listed name.
    fn written(&self, gaz: &Gazetteer, text: &str, m: &Mention) -> Form {
        if is_possessive(&text[m.span.clone()], &text[m.span.end..]) {
            return Form::Possessive;
        }
        match m.form {
            AliasForm::Demonym => return Form::Demonym,
            AliasForm::Surname => return Form::Surname,
            AliasForm::Name => {}
        }
        let Some(EntityRef::Known(e)) = m.entity else {
            return Form::Name;
        };
        let found = &text[m.span.clone()];
        let name = &gaz.entities()[e].name;
        if found == name {
            return Form::Name;
        }
        let key = fold::key(found);
        if key == fold::key(name) {
            return Form::Name;
        }
        let titled = key
            .match_indices(' ')
            .take(4)
            .any(|(i, _)| self.title_keys.contains(&key[..i]));
        if titled {
            Form::Title
        } else {
            Form::Alias
        }
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

/// "Volodymyr Zelenskiy" where only "Zelenskiy" is an alias: a capitalised word right before
/// a person's mention that is the first word of the person's own name (or of one of its
/// aliases) belongs to the mention, so the leftover given name is not read as a word of the
/// sentence (it made "Ukrainian" the list member in "Putin and Ukrainian President Volodymyr
/// Zelenskiy").
fn given_names_before(
    gaz: &Gazetteer,
    text: &str,
    mentions: &mut [Mention],
    titles: &[TitleMention],
) {
    let mut prev_end = 0;
    for m in mentions.iter_mut() {
        let end = m.span.end;
        if let Some(EntityRef::Known(e)) = m.entity {
            let entity = &gaz.entities()[e];
            let before = &text[prev_end..m.span.start];
            let word = before
                .strip_suffix(' ')
                .and_then(|b| b.rsplit(' ').next())
                .filter(|w| w.chars().next().is_some_and(char::is_uppercase))
                .filter(|w| w.chars().all(|c| c.is_alphabetic() || c == '-'));
            if let Some(w) = word {
                let first = |n: &str| n.split_once(' ').is_some_and(|(f, _)| f == w);
                let start = m.span.start - w.len() - 1;
                // A title ("Sheikh", "King") opens some listed names; it stays a title.
                // Titles are matches: in text order and not overlapping, so the last one that
                // starts before the mention ends last of those. (A scan of every title per
                // mention made resolution quadratic in a large document: 27 % of a 32 MB
                // one's time.)
                let before = titles.partition_point(|t| t.span.start < m.span.start);
                let titled = before > 0 && titles[before - 1].span.end > start;
                if entity.entity_type() == EntityType::Person
                    && !titled
                    && (first(&entity.name) || entity.aliases.iter().any(|a| first(a)))
                {
                    m.span.start = start;
                }
            }
        }
        prev_end = end;
    }
}

fn distinct<'a>(targets: impl Iterator<Item = &'a EntityTarget>, out: &mut Vec<usize>) {
    out.clear();
    out.extend(targets.map(|&(e, _)| e));
    out.sort_unstable();
    out.dedup();
}

/// Whether the text right after a name makes it a possessive: `'s`, `’s`, or a bare
/// apostrophe after a name ending in s ("the Philippines' president"; after another name
/// it closes a quotation).
pub(crate) fn is_possessive(name: &str, after: &str) -> bool {
    let Some(rest) = after.strip_prefix('\'').or_else(|| after.strip_prefix('’')) else {
        return false;
    };
    let rest = match rest.strip_prefix('s') {
        Some(r) => r,
        None if name.ends_with('s') => rest,
        None => return false,
    };
    !rest.chars().next().is_some_and(is_word_char)
}
