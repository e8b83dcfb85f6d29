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
//! A title followed by capitalised words that no gazetteer knows ("Deputy Attorney General
//! Jeffrey Rosen") yields a *discovered* person; later bare uses of its surname resolve to it.
//!
//! Every mention records how it is written ([`Form`]). References that need the rest of the
//! document (pronouns, descriptions, counted groups, capitals standing for governments) are
//! resolved afterwards, by [`crate::coref`].

use std::collections::{HashMap, HashSet};
use std::fmt;
use std::ops::Range;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::gazetteer::{EntityType, Gazetteer};
use crate::matcher::{AliasForm, Hit, Target};
use crate::text::{fold, is_calendar_word, is_word_char, Date};

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
    /// A person found by the title-and-name pattern.
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
/// The relation rules see only the coarser [`AliasForm`] ([`Mention::form`]): a pronoun,
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

/// A person found by pattern, not in any gazetteer.
#[derive(Debug, Clone, PartialEq)]
pub struct Discovered {
    /// Generated id, `person:discovered:<slug>`.
    pub id: String,
    /// The name as written.
    pub name: String,
    /// The title mention that introduced the name.
    pub title: usize,
}

/// Resolution output for one document.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Resolved {
    /// Entity mentions, in text order, none overlapping another or a title: what the
    /// relation rules see.
    pub mentions: Vec<Mention>,
    /// Title mentions, in text order.
    pub titles: Vec<TitleMention>,
    /// Persons discovered by pattern.
    pub discovered: Vec<Discovered>,
    /// Mentions kept apart from `mentions`, in text order: the members of counted groups
    /// ("the two countries", "both sides": one mention per member, all with the group's
    /// span, which the pipeline shows the rules as a coordination, see
    /// [`crate::coref::Expanded`]), and possessive pronouns ("his", "its": the rules spell
    /// them out as words, "recalled its ambassador", so they stay words there).
    pub extra: Vec<Mention>,
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

/// Capitalised words that end a discovered name: they start clauses or are dates.
const NAME_STOPS: &[&str] = &[
    "The", "A", "An", "And", "But", "Or", "On", "In", "At", "Of", "For", "To", "With", "Said",
    "Says", "Photo", "Read", "Reuters",
];
const NAME_PARTICLES: &[&str] = &[
    "bin", "ibn", "al", "el", "de", "da", "van", "von", "der", "del", "di", "la", "le", "du",
];

impl Resolver {
    /// Indexes offices for date-aware resolution.
    pub fn new(gazetteer: &Gazetteer) -> Resolver {
        let mut offices: HashMap<usize, Vec<usize>> = HashMap::new();
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
        discover(text, &mut out);
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

/// Title + unknown capitalised name → discovered person; then later bare uses of its full
/// name or surname.
fn discover(text: &str, out: &mut Resolved) {
    // Spans already taken by a mention or a title: a name never overlaps them.
    let mut taken: Vec<Range<usize>> = out
        .mentions
        .iter()
        .map(|m| m.span.clone())
        .chain(out.titles.iter().map(|t| t.span.clone()))
        .collect();
    let mut found: Vec<(Range<usize>, usize)> = Vec::new();
    for (ti, t) in out.titles.iter().enumerate() {
        if let Some(name) = name_after(text, t.span.end, &taken) {
            taken.push(name.clone());
            found.push((name, ti));
        }
    }
    for (name_span, title) in found {
        let name = text[name_span.clone()].to_string();
        let id = format!("person:discovered:{}", slug(&name));
        let d = match out.discovered.iter().position(|d| d.id == id) {
            Some(d) => d,
            None => {
                out.discovered.push(Discovered {
                    id,
                    name: name.clone(),
                    title,
                });
                out.discovered.len() - 1
            }
        };
        insert_mention(
            &mut out.mentions,
            Mention {
                span: name_span,
                form: AliasForm::Name,
                written: Form::Name,
                antecedent: None,
                entity: Some(EntityRef::Discovered(d)),
                candidates: vec![],
                resolution: Resolution::Pattern,
            },
        );
    }
    // Later uses without the title: the full name, then the surname alone.
    for d in 0..out.discovered.len() {
        let name = out.discovered[d].name.clone();
        let surname = name.rsplit(' ').next().unwrap_or(&name).to_string();
        for (needle, form) in [
            (name.as_str(), AliasForm::Name),
            (surname.as_str(), AliasForm::Surname),
        ] {
            for (at, _) in text.match_indices(needle) {
                let span = at..at + needle.len();
                let free = !overlaps(&taken, &span);
                let bounded = !text[..at].chars().next_back().is_some_and(is_word_char)
                    && !text[span.end..].chars().next().is_some_and(is_word_char);
                if free && bounded {
                    taken.push(span.clone());
                    insert_mention(
                        &mut out.mentions,
                        Mention {
                            span,
                            form,
                            written: Form::Name,
                            antecedent: None,
                            entity: Some(EntityRef::Discovered(d)),
                            candidates: vec![],
                            resolution: Resolution::Surname,
                        },
                    );
                }
            }
        }
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

fn overlaps(spans: &[Range<usize>], span: &Range<usize>) -> bool {
    spans
        .iter()
        .any(|s| s.start < span.end && span.start < s.end)
}

fn insert_mention(mentions: &mut Vec<Mention>, m: Mention) {
    let at = mentions.partition_point(|x| x.span.start < m.span.start);
    mentions.insert(at, m);
}

/// The capitalised name right after a title, if it is not already a known mention:
/// two to five words (initials and particles allowed inside), stopping at punctuation, a
/// lowercase word, a known mention, or a possessive.
fn name_after(text: &str, from: usize, taken: &[Range<usize>]) -> Option<Range<usize>> {
    let rest = &text[from..];
    let lead = rest.len() - rest.trim_start_matches([' ', '\u{a0}']).len();
    if lead == 0 {
        return None;
    }
    let start = from + lead;
    let mut end = start;
    let mut words = 0;
    let mut pos = start;
    loop {
        let tail = &text[pos..];
        let word_len = tail
            .find(|c: char| !(c.is_alphabetic() || matches!(c, '.' | '-' | '\'' | '’')))
            .unwrap_or(tail.len());
        if word_len == 0 {
            break;
        }
        let raw = &tail[..word_len];
        // A possessive ends the name after this word.
        let (core, possessive) = match raw.strip_suffix("'s").or_else(|| raw.strip_suffix("’s")) {
            Some(w) => (w, true),
            None => (raw.trim_end_matches(['\'', '’']), false),
        };
        let stem = core.trim_end_matches('.');
        let initial = stem.chars().count() == 1
            && stem.chars().all(char::is_uppercase)
            && core.ends_with('.');
        let span = pos..pos + if initial { core.len() } else { stem.len() };
        if overlaps(taken, &span) {
            break;
        }
        let capitalised = stem.chars().next().is_some_and(char::is_uppercase)
            && stem.chars().skip(1).any(char::is_lowercase)
            && !NAME_STOPS.contains(&stem)
            && !is_calendar_word(stem);
        let particle = words > 0 && NAME_PARTICLES.contains(&stem.trim_end_matches('-'));
        if !(initial || capitalised || particle) {
            break;
        }
        words += 1;
        if capitalised {
            end = span.end;
        }
        pos = if initial { span.end } else { pos + raw.len() };
        if possessive || words >= 5 || stem.len() != core.len() && !initial {
            break;
        }
        let next = &text[pos..];
        if next.starts_with(' ') && next[1..].starts_with(|c: char| c.is_alphabetic()) {
            pos += 1;
        } else {
            break;
        }
    }
    let name = &text[start..end];
    (name.split(' ').filter(|w| !w.is_empty()).count() >= 2).then_some(start..end)
}

fn slug(name: &str) -> String {
    let mut s = String::new();
    for c in fold::key(name).chars() {
        if c.is_ascii_alphanumeric() {
            s.push(c);
        } else if !s.ends_with('-') && !s.is_empty() {
            s.push('-');
        }
    }
    s.trim_end_matches('-').to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_after_titles() {
        let t = "Deputy Attorney General Jeffrey Rosen, who";
        let r = name_after(t, "Deputy Attorney General".len(), &[]).unwrap();
        assert_eq!(&t[r], "Jeffrey Rosen");
        let t = "President Mohammed bin Salman's plan";
        let r = name_after(t, 9, &[]).unwrap();
        assert_eq!(&t[r], "Mohammed bin Salman");
        let t = "Sen. John F. Kennedy said";
        assert_eq!(&t[name_after(t, 4, &[]).unwrap()], "John F. Kennedy");
        assert!(name_after("President Smith said", 9, &[]).is_none());
        assert!(name_after("President on Monday", 9, &[]).is_none());
        assert!(name_after("President The Hague", 9, &[]).is_none());
    }

    #[test]
    fn slugs_are_ascii() {
        assert_eq!(slug("Jeffrey Rosen"), "jeffrey-rosen");
        assert_eq!(slug("Mevlüt Çavuşoğlu"), "mevlut-cavusoglu");
    }
}
