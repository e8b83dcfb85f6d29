//! Entity resolution: every match becomes a mention of exactly one entity, or is recorded as
//! unresolved.
//!
//! Order of evidence, strongest first:
//! 1. an alias that names one entity only;
//! 2. a derived surname whose full name appears anywhere in the same document;
//! 3. for an alias shared by several entities: the one already named unambiguously in the
//!    document; else, between countries and places ("Congo": two countries; "Georgia": a
//!    country and a US state), the one the document's other mentions belong to (a country's
//!    capital, places, people, organisations; a place's fellow places of its country), by
//!    count, strictly most; else a country over a place of another country when a national
//!    word follows the name ("Georgia's ruling party") or the document names other countries
//!    and no fellow place of the place; else the one whose country the document mentions
//!    (not a place against a country); else the one in office on the document's date;
//! 4. otherwise the mention stays unresolved, with its candidates, and is not used in
//!    relations.
//!
//! A bare surname right after a name particle that follows another capitalised word
//! ("Khalifa bin Zayed" when only Mohammed bin Zayed is listed) is the end of another
//! person's name, not that surname: it is left to [`crate::discover`].
//!
//! [`Resolver::resolve_explained`] also says, for each mention resolved by context, which
//! evidence decided it (`relgraph explain`).
//!
//! Capitalised words that no gazetteer knows, introduced as a name by a title, a role, an
//! apposition, a byline, a credit or a speech verb ("Deputy Attorney General Jeffrey Rosen",
//! "Jay Tarriela, a spokesman for …") yield a *discovered* person ([`crate::discover`]);
//! later bare uses of its surname resolve to it.
//!
//! Every mention records how it is written ([`Form`]). References that need the rest of the
//! document (pronouns, descriptions, counted groups, capitals standing for governments) are
//! resolved afterwards, by [`crate::coref`].

use std::fmt;
use std::ops::Range;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::gazetteer::{EntityType, Gazetteer};
use crate::matcher::{AliasForm, Hit, Target};
use crate::text::{fold, is_word_char, Date};

/// An entity index and the form its alias takes.
/// An entity (its index, 32 bits: a gazetteer has fewer than 2³² entities) and the form of
/// the alias that named it. 8 bytes: a large document holds one or more a hit while it is
/// resolved.
type EntityTarget = (u32, AliasForm);

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
    /// resolved to (for a capital, its own). Boxed, as most mentions have none.
    pub antecedent: Option<Box<Range<usize>>>,
    /// The entity, when resolved.
    pub entity: Option<EntityRef>,
    /// Candidate entities when unresolved.
    pub candidates: Candidates,
    /// How it was resolved.
    pub resolution: Resolution,
}

/// The candidate entities of an unresolved mention, as a slice. One pointer: most mentions
/// have none, and a large document holds millions of mentions at once (a [`Mention`] is 56
/// bytes with it and a boxed antecedent, 88 with a `Vec` and a range).
#[derive(Debug, Clone, PartialEq, Default)]
// A `Box<[usize]>` is two words; the extra allocation is made only for the few unresolved.
#[allow(clippy::box_collection)]
pub struct Candidates(Option<Box<Vec<usize>>>);

impl From<Vec<usize>> for Candidates {
    fn from(v: Vec<usize>) -> Candidates {
        Candidates((!v.is_empty()).then(|| Box::new(v)))
    }
}

impl std::ops::Deref for Candidates {
    type Target = [usize];
    fn deref(&self) -> &[usize] {
        self.0.as_deref().map_or(&[], |v| &v[..])
    }
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
    /// The country it belongs to, where the text shows it (a leader's government is the
    /// leader's country's): a gazetteer index.
    pub country: Option<usize>,
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
    /// A person-shaped name after a country's possessive ("Mongolia's Zorigt Munkhbayar").
    Owner,
    /// A listed person's name continued by a word no list holds ("Abdul Hamid Dbeibah").
    Extends,
    /// A name joined to a father's name by "bin", "bint" or "ibn" ("Khalifa bin Zayed").
    Nasab,
    /// An organisation's (or a facility's) name: an organisation word after "the" or a
    /// possessive, or with its acronym ("the Presidential Council", "the Stability Support
    /// Apparatus (SSA)", "the Grand Ethiopian Renaissance Dam (GERD)").
    Org,
    /// A leader's government: the leader's name before "administration", "government" or
    /// "cabinet" ("the Biden administration").
    Government,
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
            Cue::Owner => "as a person-shaped name after a country's possessive".into(),
            Cue::Extends => "as a listed name continued".into(),
            Cue::Nasab => "as a name joined to a father's name by bin, bint or ibn".into(),
            Cue::Government => {
                "as a leader's government (a leader's name before \"administration\")".into()
            }
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
    /// The index of the discovered entity named `name` (id `<kind>:discovered:<slug>`),
    /// added with `cue` and `country` when the document has none by that id yet.
    pub(crate) fn discover(
        &mut self,
        name: &str,
        kind: EntityType,
        cue: Cue,
        country: Option<usize>,
    ) -> usize {
        let prefix = match kind {
            EntityType::Org => "org",
            EntityType::Location => "loc",
            _ => "person",
        };
        let id = format!("{prefix}:discovered:{}", crate::discover::slug(name));
        if let Some(d) = self.discovered.iter().position(|d| d.id == id) {
            return d;
        }
        self.discovered.push(Discovered {
            id,
            name: name.to_string(),
            kind,
            cue,
            country,
        });
        self.discovered.len() - 1
    }

    /// Whether `extra[i]` is alone on its span: a possessive pronoun, not a group's member.
    pub(crate) fn extra_alone(&self, i: usize) -> bool {
        let span = &self.extra[i].span;
        let shared = |k: usize| self.extra.get(k).is_some_and(|o| &o.span == span);
        !shared(i + 1) && (i == 0 || !shared(i - 1))
    }

    /// Adds mentions, keeping [`Resolved::mentions`] in text order: the order of appending
    /// them and sorting stably by start, without the sort's scratch copy of half the list
    /// (when the list is in order, as the resolver leaves it).
    pub(crate) fn add_mentions(&mut self, mut added: Vec<Mention>) {
        if self.mentions.is_sorted_by_key(|m| m.span.start) {
            added.sort_by_key(|m| m.span.start);
            self.mentions = merge(std::mem::take(&mut self.mentions), added);
        } else {
            self.mentions.extend(added);
            self.mentions.sort_by_key(|m| m.span.start);
        }
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

/// A document's hits as resolution reads them: each hit's entity targets, in one list for
/// the document (most hits have one), the hits that have any (their span and where their
/// stretch of that list ends: it starts where the previous one's ends), and the title
/// mentions. 32 bytes a hit, against 40 and an allocation for its targets in a [`Hit`]: the
/// pipeline gathers a large document's hits piece by piece as the matcher finds them, so
/// that they are never held whole beside what this makes of them.
#[derive(Debug, Default)]
pub(crate) struct Gathered {
    targets: Vec<EntityTarget>,
    pending: Vec<(Range<usize>, u32)>,
    titles: Vec<TitleMention>,
}

impl Gathered {
    /// Adds the next hit in text order.
    pub(crate) fn add(&mut self, hit: Hit) {
        let from = self.targets.len();
        crate::work::add(1 + hit.targets.len());
        self.targets
            .extend(hit.targets.iter().filter_map(|t| match *t {
                Target::Entity(e, f) => Some((index32(e), f)),
                Target::Title(_) => None,
            }));
        if self.targets.len() > from {
            self.pending.push((hit.span, index32(self.targets.len())));
        } else if let Some(Target::Title(t)) = hit.targets.first() {
            self.titles.push(TitleMention {
                span: hit.span,
                title: *t,
            });
        }
    }
}

impl From<Vec<Hit>> for Gathered {
    fn from(hits: Vec<Hit>) -> Gathered {
        let mut g = Gathered {
            targets: Vec::with_capacity(hits.len()),
            pending: Vec::with_capacity(hits.len()),
            titles: Vec::new(),
        };
        for hit in hits {
            g.add(hit);
        }
        g
    }
}

/// Two sorted mention lists as one.
///
/// In place, from the back, into `a`'s spare room (the resolver leaves some): a large
/// document's mentions are most of the memory it takes while they are resolved, and a merged
/// copy would hold them twice. At equal starts `a`'s come first.
pub(crate) fn merge(mut a: Vec<Mention>, mut b: Vec<Mention>) -> Vec<Mention> {
    let mut i = a.len();
    a.reserve_exact(b.len());
    // Places for `b`'s mentions at the end (clones of them: `b` is the few discovered ones),
    // which the merge overwrites.
    a.extend(b.iter().cloned());
    for k in (0..a.len()).rev() {
        let Some(last_b) = b.last() else { break };
        // At equal starts `a`'s mention comes first, so `b`'s is placed after it.
        if i == 0 || last_b.span.start >= a[i - 1].span.start {
            a[k] = b.pop().expect("not empty");
        } else {
            a.swap(k, i - 1);
            i -= 1;
        }
    }
    a
}

/// Resolves matches against a gazetteer. Built once, shared.
///
/// What it needs of the gazetteer (a listed name that opens with a title, for instance) the
/// gazetteer indexes itself; the resolver holds no copy.
#[derive(Debug, Clone)]
pub struct Resolver {}

impl Resolver {
    /// A resolver for `gazetteer`'s entries.
    pub fn new(_gazetteer: &Gazetteer) -> Resolver {
        Resolver {}
    }

    /// Turns the matcher's hits for `text` into resolved mentions, with the reason for every mention resolved by context (the
    /// mention's span and what decided it), for `relgraph explain`.
    pub fn resolve_explained(
        &self,
        gaz: &Gazetteer,
        text: &str,
        hits: Vec<Hit>,
        date: Option<Date>,
    ) -> (Resolved, Vec<(Range<usize>, String)>) {
        let mut why = Vec::new();
        let out = self.resolve_inner(gaz, text, hits, date, Some(&mut why));
        (out, why)
    }

    /// Resolves a document's hits as [`Gathered`] from the matcher.
    pub(crate) fn resolve_gathered(
        &self,
        gaz: &Gazetteer,
        text: &str,
        gathered: Gathered,
        date: Option<Date>,
    ) -> Resolved {
        self.resolve_inner(gaz, text, gathered, date, None)
    }

    fn resolve_inner(
        &self,
        gaz: &Gazetteer,
        text: &str,
        hits: impl Into<Gathered>,
        date: Option<Date>,
        mut why: Option<&mut Vec<(Range<usize>, String)>>,
    ) -> Resolved {
        let Gathered {
            targets,
            pending,
            titles,
        } = hits.into();
        let mut out = Resolved {
            titles,
            ..Resolved::default()
        };
        let (mut strong, mut surnames) = (Vec::new(), Vec::new());
        let is_surname = |t: &&EntityTarget| t.1 == AliasForm::Surname;

        // Pass 1: aliases that name exactly one entity (surnames aside).
        let (mut named_in_full, mut anchored) = (Vec::new(), Vec::new());
        for (span, t) in stretches(pending.iter().cloned()) {
            let targets = &targets[t];
            distinct(targets.iter().filter(|t| !is_surname(t)), &mut strong);
            if let [only] = strong[..] {
                anchored.push(only);
                let full = targets.iter().any(|&(e, f)| {
                    e as usize == only && f == AliasForm::Name && text[span.clone()].contains(' ')
                });
                if full {
                    named_in_full.push(only);
                }
            }
        }
        let mut country_counts: Vec<(&str, u32)> = Vec::new();
        for &e in &anchored {
            let e = &gaz.entities()[e];
            if e.entity_type() == EntityType::Country {
                country_counts.push((e.id.as_str(), 1));
            }
        }
        country_counts.sort_unstable();
        country_counts.dedup_by(|b, a| {
            let same = a.0 == b.0;
            if same {
                a.1 += b.1;
            }
            same
        });
        let (named_in_full, anchored) = (Set::new(named_in_full), Set::new(anchored));
        // What the anchored entities belong to: (country id, entity), sorted.
        let mut belong: Vec<(&str, usize)> = anchored
            .0
            .iter()
            .filter_map(|&e| Some((gaz.entities()[e].country.as_deref()?, e)))
            .collect();
        belong.sort_unstable();
        let doc = Context {
            text,
            anchored: &anchored,
            named_in_full: &named_in_full,
            countries: &country_counts,
            belong: &belong,
        };

        // Pass 2: everything, with the document's context. At most one mention a hit, and
        // room for the few that discovery and coreference add (an eighth more; 13 % in the
        // seed article, whose hits outnumber its mentions): sized once, since a vector grown
        // by doubling is copied at each step, and a large document's mentions are most of
        // what it holds.
        out.mentions
            .reserve_exact(pending.len() + pending.len() / 8);
        for (span, t) in stretches(pending.into_iter()) {
            let targets = &targets[t];
            distinct(targets.iter().filter(|t| !is_surname(t)), &mut strong);
            distinct(targets.iter().filter(is_surname), &mut surnames);
            surnames.retain(|e| named_in_full.contains(e));
            let form_of = |e: usize| {
                targets
                    .iter()
                    .filter(|&&(t, _)| t as usize == e)
                    .map(|&(_, f)| f)
                    .min()
                    .unwrap_or(AliasForm::Name)
            };
            let prev = out.mentions.last().map(|m| (m.span.clone(), m.entity));
            if strong.is_empty()
                && another_name_ends_here(gaz, text, span.start, &surnames, prev.clone())
            {
                continue; // "Khalifa bin Zayed": not Mohammed bin Zayed's surname
            }
            let (entity, resolution, candidates) = match (&strong[..], &surnames[..]) {
                ([], []) => continue, // a bare surname of nobody named here: not a mention
                ([only], []) => (Some(*only), Resolution::Unique, vec![]),
                ([], [only]) => (Some(*only), Resolution::Surname, vec![]),
                _ => {
                    let mut all: Vec<usize> = strong.iter().chain(&surnames).copied().collect();
                    all.sort_unstable();
                    all.dedup();
                    let owner = prev
                        .as_ref()
                        .and_then(|(p, e)| country_before(gaz, text, p, *e, span.start));
                    match self.disambiguate(gaz, &all, &doc, &span, owner, date) {
                        Some((e, how, reason)) => {
                            if let Some(why) = why.as_deref_mut() {
                                why.push((span.clone(), reason));
                            }
                            (Some(e), how, vec![])
                        }
                        None => (None, Resolution::Unresolved, all),
                    }
                }
            };
            let form = entity.map_or(AliasForm::Name, form_of);
            if form == AliasForm::Demonym && region_before(text, span.start) {
                continue; // "South American nation": a region's adjective, not the country's
            }
            out.mentions.push(Mention {
                span,
                form,
                written: Form::Name,
                antecedent: None,
                entity: entity.map(EntityRef::Known),
                candidates: candidates.into(),
                resolution,
            });
        }
        // Discovery holds tokens of the text: the hits' targets go back to the allocator first.
        drop(targets);
        given_names_before(gaz, text, &mut out.mentions, &out.titles);
        given_names_of_another(gaz, text, &mut out.mentions);
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
        if gaz.title_prefix(found).is_some() {
            Form::Title
        } else {
            Form::Alias
        }
    }

    /// Chooses among the candidates of a shared alias at `span`, with the reason.
    fn disambiguate(
        &self,
        gaz: &Gazetteer,
        candidates: &[usize],
        doc: &Context,
        span: &Range<usize>,
        owner: Option<usize>,
        date: Option<Date>,
    ) -> Option<(usize, Resolution, String)> {
        let ents = gaz.entities();
        let one = |v: Vec<usize>| if let [e] = v[..] { Some(e) } else { None };
        let pick =
            |f: &dyn Fn(usize) -> bool| one(candidates.iter().copied().filter(|&e| f(e)).collect());
        let id = |e: usize| ents[e].id.as_str();
        // "Vietnam's Communist Party", "the Mongolian Democratic Party": the country written
        // right before a name many countries' bodies share says whose it is.
        if let Some(c) = owner {
            let whose = |e: usize| ents[e].country.as_deref() == Some(id(c));
            if let Some(e) = pick(&whose) {
                let reason = format!("{} is written right before it", id(c));
                return Some((e, Resolution::Context, reason));
            }
        }
        if let Some(e) = pick(&|e| doc.named_in_full.contains(&e)) {
            let reason = format!("{} is named in full elsewhere in the document", id(e));
            return Some((e, Resolution::Context, reason));
        }
        if let Some(e) = pick(&|e| doc.anchored.contains(&e)) {
            let reason = format!("{} is named unambiguously elsewhere in the document", id(e));
            return Some((e, Resolution::Context, reason));
        }
        let is_country = |e: usize| ents[e].entity_type() == EntityType::Country;
        let is_place = |e: usize| ents[e].entity_type() == EntityType::Location;
        let places = candidates.iter().any(|&e| is_country(e) || is_place(e));
        let nation = candidates.iter().any(|&e| is_country(e));
        if places {
            // What the document's other mentions tie to each candidate: a country's own
            // capital, places, people and organisations; a place's fellow places.
            let ties = |c: usize| -> Vec<usize> {
                let (key, place) = if is_country(c) {
                    (ents[c].id.as_str(), false)
                } else if is_place(c) {
                    match ents[c].country.as_deref() {
                        Some(k) => (k, true),
                        None => return Vec::new(),
                    }
                } else {
                    return Vec::new();
                };
                let from = doc.belong.partition_point(|&(k, _)| k < key);
                doc.belong[from..]
                    .iter()
                    .take_while(|&&(k, _)| k == key)
                    .map(|&(_, e)| e)
                    .filter(|&e| e != c && !candidates.contains(&e))
                    .filter(|&e| !place || is_place(e))
                    .collect()
            };
            let counted: Vec<(usize, Vec<usize>)> =
                candidates.iter().map(|&c| (c, ties(c))).collect();
            let most = counted.iter().map(|(_, t)| t.len()).max().unwrap_or(0);
            if most > 0 {
                let top: Vec<&(usize, Vec<usize>)> =
                    counted.iter().filter(|(_, t)| t.len() == most).collect();
                if let [(e, t)] = top[..] {
                    let names: Vec<&str> = t.iter().map(|&x| ents[x].name.as_str()).collect();
                    let others: Vec<String> = counted
                        .iter()
                        .filter(|(c, _)| c != e)
                        .map(|(c, t)| format!("{} for {}", t.len(), id(*c)))
                        .collect();
                    let whose = if is_country(*e) {
                        format!("of {}", id(*e))
                    } else {
                        format!(
                            "places of {}, as is {}",
                            ents[*e].country.as_deref().unwrap_or_default(),
                            id(*e)
                        )
                    };
                    let reason = format!(
                        "the document also names {}, {whose} ({} against {})",
                        names.join(", "),
                        t.len(),
                        others.join(", ")
                    );
                    return Some((*e, Resolution::Context, reason));
                }
                // Tied counts: the default below may not overrule the evidence.
            }
            // No evidence: a country against places of other countries.
            let nations: Vec<usize> = candidates
                .iter()
                .copied()
                .filter(|&e| is_country(e))
                .collect();
            let abroad = most == 0 && candidates.iter().all(|&e| is_country(e) || is_place(e));
            if let ([country], true) = (&nations[..], abroad) {
                let country = *country;
                let after = &doc.text[span.end..];
                if let Some(cue) = national_word_after(after) {
                    let reason = format!(
                        "{:?} follows: only a country has one, so {} and not a place",
                        cue,
                        id(country)
                    );
                    return Some((country, Resolution::Context, reason));
                }
                let others: Vec<&str> = doc
                    .countries
                    .iter()
                    .map(|&(c, _)| c)
                    .filter(|c| !candidates.iter().any(|&e| id(e) == *c))
                    .collect();
                if !others.is_empty() {
                    let reason = format!(
                        "the document names other countries ({}) and no other place of the \
                         places' countries: the country {}",
                        others.join(", "),
                        id(country)
                    );
                    return Some((country, Resolution::Context, reason));
                }
            }
        }
        // The one whose country the document mentions; a place is not chosen over a country
        // for the mere mention of the place's country (news that names the United States and
        // Georgia is about the country).
        let country_named = |e: usize| {
            !(nation && is_place(e))
                && ents[e]
                    .country
                    .as_deref()
                    .is_some_and(|c| doc.country_times(c) > 0)
        };
        if let Some(e) = pick(&country_named) {
            let reason = format!(
                "the document names {}, the country of {}",
                ents[e].country.as_deref().unwrap_or_default(),
                id(e)
            );
            return Some((e, Resolution::Context, reason));
        }
        // Bodies of several countries named here ("the Democratic Party" in news of
        // Mongolia that also names the United States): the country the document is about,
        // named most often and at least twice.
        if candidates
            .iter()
            .all(|&e| ents[e].entity_type() == EntityType::Org)
        {
            let times = |e: usize| {
                ents[e]
                    .country
                    .as_deref()
                    .map_or(0, |c| doc.country_times(c))
            };
            let most = candidates.iter().map(|&e| times(e)).max().unwrap_or(0);
            if most >= 2 {
                if let Some(e) = pick(&|e| times(e) == most) {
                    let reason = format!(
                        "the document names {} most often ({most} times), the country of {}",
                        ents[e].country.as_deref().unwrap_or_default(),
                        id(e)
                    );
                    return Some((e, Resolution::Context, reason));
                }
            }
        }
        let date = date?;
        pick(&|e| {
            gaz.offices_of(e)
                .iter()
                .any(|&o| gaz.offices()[o].active_on(date))
        })
        .map(|e| {
            let reason = format!("{} held office on {date}", id(e));
            (e, Resolution::Date, reason)
        })
    }
}

/// What the document names unambiguously, for choosing among the candidates of a shared
/// alias.
struct Context<'a> {
    text: &'a str,
    anchored: &'a Set<usize>,
    named_in_full: &'a Set<usize>,
    /// The countries named: (country id, how many of its mentions name it alone), sorted.
    countries: &'a [(&'a str, u32)],
    /// (country id, entity) of every entity named that belongs to a country, sorted.
    belong: &'a [(&'a str, usize)],
}

impl Context<'_> {
    /// How many mentions name the country `id` alone.
    fn country_times(&self, id: &str) -> u32 {
        self.countries
            .binary_search_by(|(c, _)| (*c).cmp(id))
            .map_or(0, |i| self.countries[i].1)
    }
}

/// Whether a compass or region word stands right before `start` ("South American", "Latin
/// American", "Central Asian"): the adjective is the region's. A country whose name holds
/// such a word ("South Korean", "North Macedonian") is matched whole and never gets here.
fn region_before(text: &str, start: usize) -> bool {
    const REGIONS: &[&str] = &[
        "South",
        "North",
        "Latin",
        "Central",
        "East",
        "West",
        "Southeast",
        "Northeast",
        "Southwest",
        "Northwest",
        "Southern",
        "Northern",
        "Eastern",
        "Western",
        "Pan",
    ];
    let before = &text[..start];
    let Some(b) = before
        .strip_suffix(' ')
        .or_else(|| before.strip_suffix('-'))
    else {
        return false;
    };
    let word = b.rsplit([' ', '\n', '(', '"', '“']).next().unwrap_or(b);
    REGIONS.contains(&word)
}

/// The country written right before a name at `start`, as its possessive or its adjective
/// ("Vietnam's Communist Party", "the Mongolian Democratic Party"): the mention before,
/// `prev`, when it names a country and only "'s" or a space stands between.
fn country_before(
    gaz: &Gazetteer,
    text: &str,
    prev: &Range<usize>,
    entity: Option<EntityRef>,
    start: usize,
) -> Option<usize> {
    let Some(EntityRef::Known(e)) = entity else {
        return None;
    };
    let between = text.get(prev.end..start)?;
    let adjacent = matches!(between, " " | "'s " | "’s ");
    (adjacent && gaz.entities()[e].entity_type() == EntityType::Country).then_some(e)
}

/// Words after a name (its possessive or itself as a modifier) that only a country has:
/// "Georgia's ruling party", "Georgia's prime minister", "the Georgia foreign ministry".
const NATIONAL_WORDS: &[&str] = &[
    "ruling party",
    "ruling coalition",
    "president",
    "prime minister",
    "foreign minister",
    "foreign ministry",
    "defence minister",
    "defense minister",
    "defence ministry",
    "defense ministry",
    "parliament",
    "army",
    "armed forces",
    "military",
    "embassy",
    "ambassador",
    "breakaway",
    "head of state",
];

/// The national word that follows a name (after its possessive), if any.
fn national_word_after(after: &str) -> Option<&'static str> {
    let rest = after
        .strip_prefix("'s ")
        .or_else(|| after.strip_prefix("’s "))
        .or_else(|| after.strip_prefix(' '))?;
    let lower = rest.get(..40.min(rest.len())).map_or_else(
        || rest.chars().take(40).collect::<String>().to_lowercase(),
        str::to_lowercase,
    );
    NATIONAL_WORDS.iter().copied().find(|w| {
        lower.starts_with(w)
            && !lower[w.len()..]
                .chars()
                .next()
                .is_some_and(char::is_alphanumeric)
    })
}

/// Name particles that join a given name to a family or father's name.
const NAME_PARTICLES: &[&str] = &[
    "bin", "bint", "ibn", "ben", "Bin", "Ibn", "abu", "Abu", "ould", "wad",
];

/// Whether the bare surname at `start` ends a longer name that is none of `people`'s: a
/// particle right before it ("bin Zayed", "al-Zayed") after a capitalised word that does
/// not open any name of theirs ("Khalifa bin Zayed", where Mohammed bin Zayed is listed)
/// and is not the end of a mention of one of them (`prev`, the mention before: "Mohammed bin
/// Abdulrahman" + "al-Thani").
fn another_name_ends_here(
    gaz: &Gazetteer,
    text: &str,
    start: usize,
    people: &[usize],
    prev: Option<(Range<usize>, Option<EntityRef>)>,
) -> bool {
    if people.is_empty() {
        return false;
    }
    let before = &text[..start];
    let rest = if let Some(b) = ["al-", "el-", "Al-", "El-", "al ", "el "]
        .iter()
        .find_map(|p| before.strip_suffix(p))
    {
        b
    } else {
        let Some(b) = before.strip_suffix(' ') else {
            return false;
        };
        let (head, particle) = b.rsplit_once(' ').unwrap_or(("", b));
        if !NAME_PARTICLES.contains(&particle) {
            return false;
        }
        if head.is_empty() && b.len() == particle.len() {
            return false;
        }
        &b[..b.len() - particle.len()]
    };
    let Some(rest) = rest.strip_suffix(' ') else {
        return false;
    };
    let word = rest
        .rsplit([' ', '\n', '(', '"', '“'])
        .next()
        .unwrap_or(rest);
    if let Some((span, entity)) = prev {
        if span.end == rest.len() && span.start <= rest.len() - word.len() {
            // The word ends a mention: the surname continues it when it names one of them.
            return !matches!(entity, Some(EntityRef::Known(e)) if people.contains(&e));
        }
    }
    let capitalised = word.chars().next().is_some_and(char::is_uppercase)
        && word
            .chars()
            .all(|c| c.is_alphabetic() || c == '-' || c == '\'');
    if !capitalised {
        return false;
    }
    let key = fold::key(word);
    let opens = |name: &str| {
        fold::key(name)
            .split(' ')
            .next()
            .is_some_and(|first| first == key)
    };
    !people.iter().any(|&p| {
        let e = &gaz.entities()[p];
        opens(&e.name) || e.aliases.iter().any(|a| opens(a))
    })
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
///
/// A given name before a person's name that opens none of the person's names is another
/// person's: "his Syrian counterpart Ali Mahmoud Abbas" is not Mahmoud Abbas, the Palestinian
/// president, and "Brigitte Macron" is not the president. The mention is dropped, and
/// discovery reads the whole name.
fn given_names_before(
    gaz: &Gazetteer,
    text: &str,
    mentions: &mut Vec<Mention>,
    titles: &[TitleMention],
) {
    let mut prev_end = 0;
    let mut another = Vec::new();
    for (i, m) in mentions.iter_mut().enumerate() {
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
                let person = entity.entity_type() == EntityType::Person && !titled;
                if person && (first(&entity.name) || entity.aliases.iter().any(|a| first(a))) {
                    m.span.start = start;
                } else if person && gaz.is_given_name(w) {
                    another.push(i);
                }
            }
        }
        prev_end = end;
    }
    if !another.is_empty() {
        let mut k = 0;
        mentions.retain(|_| {
            k += 1;
            another.binary_search(&(k - 1)).is_err()
        });
    }
}

/// "Isaías Samakuva" where only "Isaias" (Isaias Afwerki) is listed: a person's mention
/// written as the first words of their name, followed by a capitalised word (a family
/// particle may stand between) that does not go on with that name, is someone else's given
/// name. The mention is dropped rather than read as the listed person (it made the leader
/// of Angola's UNITA Eritrea's president).
fn given_names_of_another(gaz: &Gazetteer, text: &str, mentions: &mut Vec<Mention>) {
    fn next_word(rest: &str) -> &str {
        rest.split([' ', ',', '.', ';', ':', ')', '\'', '’'])
            .next()
            .unwrap_or("")
    }
    let starts: Vec<usize> = mentions.iter().map(|m| m.span.start).collect();
    let another = |m: &Mention| {
        let Some(EntityRef::Known(e)) = m.entity else {
            return false;
        };
        let entity = &gaz.entities()[e];
        if entity.entity_type() != EntityType::Person {
            return false;
        }
        // The cheap test first: a capitalised word after a space.
        let Some(mut rest) = text[m.span.end..].strip_prefix(' ') else {
            return false;
        };
        let mut word = next_word(rest);
        // A family particle may stand between ("José Eduardo dos Santos"); "as" is no
        // particle here ("confirmed Abiy as Prime Minister").
        if word != "as" && crate::discover::is_particle(word) {
            let Some(r) = rest[word.len()..].strip_prefix(' ') else {
                return false;
            };
            rest = r;
            word = next_word(rest);
        }
        let capitalised = word.chars().next().is_some_and(char::is_uppercase)
            && word.chars().skip(1).any(char::is_lowercase)
            && word.chars().all(|c| c.is_alphabetic() || c == '-');
        if !capitalised
            || crate::text::MONTHS.contains(&word)
            || crate::text::WEEKDAYS.contains(&word)
        {
            return false;
        }
        // Another mention starts there ("… Isaias Ethiopia's …" is two names).
        if starts.binary_search(&(text.len() - rest.len())).is_ok() {
            return false;
        }
        let found = fold::key(&text[m.span.clone()]);
        // Only the opening words of a longer name (a surname ends it, and "Isaias" is what
        // news calls him only where nothing follows).
        let opens = |n: &str| {
            fold::key(n)
                .strip_prefix(found.as_str())
                .is_some_and(|rest| rest.starts_with(' '))
        };
        if !(opens(&entity.name) || entity.aliases.iter().any(|a| opens(a))) {
            return false;
        }
        let longer = format!("{found} {}", fold::key(word));
        let goes_on = |n: &str| {
            let n = fold::key(n);
            n == longer || n.starts_with(&format!("{longer} "))
        };
        !(goes_on(&entity.name) || entity.aliases.iter().any(|a| goes_on(a)))
    };
    mentions.retain(|m| !another(m));
}

/// A gazetteer entity's index, or a count of the targets of one document's hits, in 32 bits.
fn index32(i: usize) -> u32 {
    u32::try_from(i).expect("fewer than 2^32 entities and targets")
}

/// Each pending hit's span and its stretch of the targets list, from the ends of the
/// stretches.
fn stretches<S>(
    pending: impl Iterator<Item = (S, u32)>,
) -> impl Iterator<Item = (S, Range<usize>)> {
    pending.scan(0, |from, (span, end)| {
        let stretch = *from..end as usize;
        *from = end as usize;
        Some((span, stretch))
    })
}

fn distinct<'a>(targets: impl Iterator<Item = &'a EntityTarget>, out: &mut Vec<usize>) {
    out.clear();
    out.extend(targets.map(|&(e, _)| e as usize));
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Document, Pipeline};

    #[test]
    fn a_mention_is_56_bytes() {
        // A large document holds every mention at once while the rules run (1.8 million in
        // 64 MB of the seed article): 88 bytes each with a `Vec` of candidates and an inline
        // antecedent range.
        assert_eq!(std::mem::size_of::<Mention>(), 56);
        let c = Candidates::from(vec![3, 5]);
        assert_eq!((&*c, &*Candidates::from(vec![])), (&[3, 5][..], &[][..]));
        assert_eq!(Candidates::from(vec![]), Candidates::default());
    }

    /// Two countries sharing "Congo", a country and a place sharing "Georgia", with a capital,
    /// a leader, a town, and a fellow place of the place.
    fn pipeline() -> Pipeline {
        let g = Gazetteer::builder()
            .defaults(false)
            .add_str(
                "c.tsv",
                "id\ttype\tname\taliases\tcapital\n\
                 country:cd\tCOUNTRY\tDemocratic Republic of Congo\tCongo\tKinshasa\n\
                 country:cg\tCOUNTRY\tRepublic of Congo\tCongo\tBrazzaville\n\
                 country:ge\tCOUNTRY\tGeorgia\t\tTbilisi\n\
                 country:us\tCOUNTRY\tUnited States\t\tWashington\n\
                 country:rw\tCOUNTRY\tRwanda\t\tKigali\n\
                 country:ly\tCOUNTRY\tLibya\t\t\n\
                 country:lb\tCOUNTRY\tLebanon\t\t\n",
            )
            .add_str(
                "l.tsv",
                "id\ttype\tname\taliases\tcountry\n\
                 loc:kinshasa\tLOCATION\tKinshasa\t\tcountry:cd\n\
                 loc:goma\tLOCATION\tGoma\t\tcountry:cd\n\
                 loc:brazzaville\tLOCATION\tBrazzaville\t\tcountry:cg\n\
                 loc:tbilisi\tLOCATION\tTbilisi\t\tcountry:ge\n\
                 loc:us-georgia\tLOCATION\tGeorgia\t\tcountry:us\n\
                 loc:us-arizona\tLOCATION\tArizona\t\tcountry:us\n\
                 loc:tripoli-ly\tLOCATION\tTripoli\t\tcountry:ly\n\
                 loc:tripoli-lb\tLOCATION\tTripoli\t\tcountry:lb\n",
            )
            .add_str(
                "p.tsv",
                "id\ttype\tname\taliases\tcountry\n\
                 person:tshisekedi\tPERSON\tFelix Tshisekedi\tTshisekedi\tcountry:cd\n\
                 person:mbz\tPERSON\tMohammed bin Zayed\t\t\n",
            )
            .build()
            .unwrap();
        Pipeline::builder().gazetteer(g).build().unwrap()
    }

    #[test]
    fn a_listed_given_name_before_another_family_name_is_someone_else() {
        let p = Pipeline::builder().build().unwrap();
        let people = |text: &str| -> Vec<String> {
            p.process(&Document::new("t", text))
                .mentions
                .iter()
                .filter_map(|m| m.entity().map(|e| format!("{}={}", m.text(), e.id)))
                .filter(|m| m.contains("person:"))
                .collect()
        };
        // "Isaias" alone is Eritrea's president; followed by another family name it is not.
        let got = people("The party, now led by Isaías Mendes, rejected the result.");
        assert!(!got.iter().any(|m| m.contains("isaias-afwerki")), "{got:?}");
        let got = people("Isaias met Abiy in Asmara on Monday. He thanked Isaias Afwerki.");
        assert!(
            got.iter().any(|m| m == "Isaias=person:isaias-afwerki"),
            "{got:?}"
        );
        assert!(
            got.iter()
                .any(|m| m == "Isaias Afwerki=person:isaias-afwerki"),
            "{got:?}"
        );
        // "as" is no name particle.
        let got = people("The cabinet confirmed Abiy as Prime Minister.");
        assert!(got.iter().any(|m| m == "Abiy=person:abiy-ahmed"), "{got:?}");
        // A listed given name before a family name alone is a relative's, not the leader's;
        // a title or the leader's own given name keeps the leader.
        let got = people("Brigitte Macron met the press. President Macron spoke later.");
        assert!(!got.iter().any(|m| m.starts_with("Brigitte")), "{got:?}");
        assert!(
            got.iter().any(|m| m == "Macron=person:emmanuel-macron"),
            "{got:?}"
        );
        let got = people("Emmanuel Macron spoke.");
        assert!(
            got.iter()
                .any(|m| m == "Emmanuel Macron=person:emmanuel-macron"),
            "{got:?}"
        );
    }

    /// (entity id or the candidates, resolution) of the first mention written `name`.
    fn of(p: &Pipeline, text: &str, name: &str) -> (String, &'static str) {
        let r = p.process(&Document::new("t", text));
        let m = r.mentions.iter().find(|m| m.text().starts_with(name));
        let m = m.unwrap_or_else(|| panic!("no {name} in {text}: {:?}", r.mentions));
        let what = match m.entity() {
            Some(e) => e.id.to_string(),
            None => m.candidates().join("|"),
        };
        (what, m.resolution())
    }

    #[test]
    fn a_country_shared_by_two_is_decided_by_what_belongs_to_it() {
        let p = pipeline();
        for (text, want) in [
            ("Tshisekedi said Congo would not talk.", "country:cd"),
            ("Congo's army retook Goma.", "country:cd"),
            ("Congo's president flew home to Brazzaville.", "country:cg"),
            ("In Kinshasa, Congo's government spoke.", "country:cd"),
        ] {
            assert_eq!(of(&p, text, "Congo"), (want.into(), "context"), "{text}");
        }
        // No evidence, or as much for each: unresolved, with both candidates.
        for text in [
            "Congo and Rwanda signed a deal.",
            "Congo's envoy flew from Kinshasa to Brazzaville.",
        ] {
            assert_eq!(
                of(&p, text, "Congo"),
                ("country:cd|country:cg".into(), "unresolved"),
                "{text}"
            );
        }
    }

    #[test]
    fn a_body_many_countries_share_is_the_one_of_the_country_written_before_or_named_most() {
        let g = Gazetteer::builder()
            .defaults(false)
            .add_str(
                "c.tsv",
                "id\ttype\tname\taliases\tdemonyms\n\
                 country:mn\tCOUNTRY\tMongolia\t\tMongolian\n\
                 country:us\tCOUNTRY\tUnited States\t\tAmerican\n\
                 country:vn\tCOUNTRY\tVietnam\t\tVietnamese\n",
            )
            .add_str(
                "o.tsv",
                "id\ttype\tname\taliases\tcountry\n\
                 org:mn-dp\tORG\tDemocratic Party\t\tcountry:mn\n\
                 org:us-dp\tORG\tDemocratic Party\t\tcountry:us\n\
                 org:vn-cp\tORG\tCommunist Party of Vietnam\tCommunist Party\tcountry:vn\n\
                 org:mn-cp\tORG\tMongolian Communist Party\tCommunist Party\tcountry:mn\n",
            )
            .build()
            .unwrap();
        let p = Pipeline::builder().gazetteer(g).build().unwrap();
        for (text, want) in [
            (
                "Vietnam's Communist Party met. Mongolia objected.",
                "org:vn-cp",
            ),
            (
                "The Mongolian Democratic Party left. The United States spoke.",
                "org:mn-dp",
            ),
            (
                "Mongolia's premier fell. Mongolia voted. The United States watched. \
                 The Democratic Party left the coalition.",
                "org:mn-dp",
            ),
        ] {
            let name = if text.contains("Communist") {
                "Communist Party"
            } else {
                "Democratic Party"
            };
            assert_eq!(of(&p, text, name), (want.into(), "context"), "{text}");
        }
        // Each country named once: nothing to tell them apart.
        assert_eq!(
            of(
                &p,
                "Mongolia and the United States spoke. The Democratic Party left.",
                "Democratic Party"
            ),
            ("org:mn-dp|org:us-dp".into(), "unresolved")
        );
    }

    #[test]
    fn a_country_against_a_place_of_another_country() {
        let p = pipeline();
        for (text, want) in [
            ("Georgia's ruling party won the vote.", "country:ge"),
            ("Georgia's prime minister resigned.", "country:ge"),
            ("The United States criticised Georgia.", "country:ge"),
            ("Rwanda and Georgia signed a treaty.", "country:ge"),
            ("Georgia said Tbilisi would not yield.", "country:ge"),
            (
                "Voters in Georgia and Arizona decided it.",
                "loc:us-georgia",
            ),
            (
                "The United States said Georgia and Arizona voted.",
                "loc:us-georgia",
            ),
        ] {
            assert_eq!(of(&p, text, "Georgia"), (want.into(), "context"), "{text}");
        }
        assert_eq!(
            of(&p, "Georgia won the vote.", "Georgia"),
            ("country:ge|loc:us-georgia".into(), "unresolved")
        );
    }

    #[test]
    fn places_sharing_a_name_are_decided_by_their_country() {
        let p = pipeline();
        assert_eq!(
            of(&p, "Libya's rivals met in Tripoli.", "Tripoli"),
            ("loc:tripoli-ly".into(), "context")
        );
        assert_eq!(
            of(&p, "Lebanon's cabinet met in Tripoli.", "Tripoli"),
            ("loc:tripoli-lb".into(), "context")
        );
        assert_eq!(
            of(&p, "They met in Tripoli.", "Tripoli"),
            ("loc:tripoli-ly|loc:tripoli-lb".into(), "unresolved")
        );
    }

    #[test]
    fn explained_reasons_name_the_evidence() {
        let p = pipeline();
        let text = "Tshisekedi said Congo would retake Goma.";
        let why = p.resolution_reasons(text, None);
        assert_eq!(why.len(), 1, "{why:?}");
        assert_eq!(&text[why[0].0.clone()], "Congo");
        assert!(why[0].1.contains("Goma") && why[0].1.contains("of country:cd"));
    }

    #[test]
    fn national_words() {
        assert_eq!(national_word_after("'s ruling party"), Some("ruling party"));
        assert_eq!(
            national_word_after("’s Prime Minister"),
            Some("prime minister")
        );
        assert_eq!(national_word_after(" parliament voted"), Some("parliament"));
        assert_eq!(national_word_after("'s presidential race"), None);
        assert_eq!(national_word_after("'s governor"), None);
        assert_eq!(national_word_after(""), None);
    }

    #[test]
    fn a_surname_after_another_given_name_and_a_particle_is_not_that_surname() {
        let p = pipeline();
        let r = p.process(&Document::new(
            "t",
            "Mohammed bin Zayed became president after Khalifa bin Zayed's death.",
        ));
        let last = r.mentions.iter().last().unwrap();
        assert_eq!(last.text(), "Khalifa bin Zayed");
        assert!(last.entity().unwrap().discovered);
        // The listed person's own name, and his surname alone, still resolve to him.
        for text in [
            "Mohammed bin Zayed spoke. Zayed said more.",
            "Mohammed bin Zayed spoke. Sheikh Mohammed bin Zayed said more.",
        ] {
            let r = p.process(&Document::new("t", text));
            assert!(
                r.mentions
                    .iter()
                    .all(|m| m.entity().unwrap().id == "person:mbz"),
                "{text}: {:?}",
                r.mentions
            );
        }
    }
}
