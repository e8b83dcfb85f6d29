//! Relation extraction: readable rules over the tokens of a sentence.
//!
//! Each sentence with a resolved mention becomes tokens ([`token::view`]): words with their
//! lemma, function classes and trigger-lexicon entries, one token per mention and title. The
//! token rules ([`token`]) run on them; arguments that are coordinations ("both Turkey and
//! Israel") expand to every member, and negation, hypotheticals and former offices are
//! judged per match. Co-occurrence alone never gives a relation.

pub mod rules;
pub mod token;

use std::fmt;
use std::ops::Range;
use std::str::FromStr;

use serde::Serialize;

use crate::gazetteer::{EntityType, Gazetteer, TitleKind};
use crate::matcher::AliasForm;
use crate::resolve::{EntityRef, Resolved};
pub use rules::RuleSet;
pub use token::TokenRule as Rule;

/// What a mention token of a sentence stands for.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Item {
    /// An entity mention; `true` for a political party.
    Entity(EntityRef, EntityType, AliasForm, bool),
    /// A title mention (index into the gazetteer's titles).
    Title(usize, TitleKind),
    /// A possessive pronoun resolved to an entity ("its", "their"): a word for the rules, which
    /// a `.pron` item also reads as the entity.
    Refers(EntityRef, EntityType),
}

/// Cursors into a document's mentions, titles and resolved possessives, for
/// [`sentence_items`] over its sentences in order.
#[derive(Debug, Default)]
pub(crate) struct Cursor {
    mention: usize,
    title: usize,
    extra: usize,
}

/// The items of one sentence, sorted: its mentions and titles, then its resolved possessive
/// pronouns (not the members of counted groups, which share a span). Returns how many are
/// entity mentions.
pub(crate) fn sentence_items(
    gaz: &Gazetteer,
    text: &str,
    resolved: &Resolved,
    sentence: &Range<usize>,
    at: &mut Cursor,
    items: &mut Vec<(Item, Range<usize>)>,
) -> usize {
    items.clear();
    let visited = at.mention + at.title + at.extra;
    let inside = |span: &Range<usize>| span.start >= sentence.start && span.end <= sentence.end;
    while at.mention < resolved.mentions.len()
        && resolved.mentions[at.mention].span.start < sentence.end
    {
        let mention = &resolved.mentions[at.mention];
        if let (true, Some(e)) = (inside(&mention.span), mention.entity) {
            let kind = resolved.entity_type(gaz, e);
            let party = kind == EntityType::Org && is_party(gaz, resolved, e);
            let mut span = mention.span.clone();
            // A listed name that opens with a title ("King Mohammed VI", "Sheikh Tamim") is
            // read as the title and the name, as if the list held the name alone: "Moroccan
            // King Mohammed VI" then holds an office like "Moroccan President X".
            let titled = match kind {
                EntityType::Person => text.get(span.clone()).and_then(|s| gaz.title_prefix(s)),
                _ => None,
            };
            if let Some((t, len)) = titled {
                items.push((
                    Item::Title(t, gaz.titles()[t].kind),
                    span.start..span.start + len,
                ));
                span.start += len + 1;
            }
            items.push((Item::Entity(e, kind, mention.form, party), span));
        }
        at.mention += 1;
    }
    let entities = items
        .iter()
        .filter(|(item, _)| matches!(item, Item::Entity(..)))
        .count();
    while at.title < resolved.titles.len() && resolved.titles[at.title].span.start < sentence.end {
        let title = &resolved.titles[at.title];
        if inside(&title.span) {
            let kind = gaz.titles()[title.title].kind;
            items.push((Item::Title(title.title, kind), title.span.clone()));
        }
        at.title += 1;
    }
    let extra = &resolved.extra;
    while at.extra < extra.len() && extra[at.extra].span.start < sentence.end {
        let m = &extra[at.extra];
        if let (true, true, Some(e)) = (resolved.extra_alone(at.extra), inside(&m.span), m.entity) {
            items.push((
                Item::Refers(e, resolved.entity_type(gaz, e)),
                m.span.clone(),
            ));
        }
        at.extra += 1;
    }
    items.sort_by_key(|(_, span)| span.start);
    crate::work::add(1 + at.mention + at.title + at.extra - visited);
    entities
}

/// Whether an organisation is a political party: a listed one noted so, or a found one whose
/// name says so ("the Ownership, Unity and Responsibility Party").
fn is_party(gaz: &Gazetteer, resolved: &Resolved, e: EntityRef) -> bool {
    match e {
        EntityRef::Known(i) => gaz.entities()[i].attr("note") == Some("political party"),
        EntityRef::Discovered(d) => {
            let name = &resolved.discovered[d].name;
            name.ends_with(" Party") || name.contains(" Party ")
        }
    }
}

/// The relation types relgraph extracts: eleven built in, and those a rule file declares
/// (`[[relation]]`, see [`RelationType::declare`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RelationType {
    /// `[mediator, party, party]`
    MediatesBetween,
    /// symmetric
    AlliedWith,
    /// `[person, country-or-org]` with a role
    HoldsOffice,
    /// symmetric: calls, meetings, visits, talks
    TalksWith,
    /// `[supporter, supported]`: aid, arms, backing
    Supports,
    /// symmetric: war, strikes, fighting, victory over
    InConflictWith,
    /// symmetric: frozen or strained relations, disputes, accusations
    TensionWith,
    /// `[successor, predecessor]`
    Succeeds,
    /// `[member, org]`
    MemberOf,
    /// symmetric
    NegotiatesWith,
    /// symmetric: deals, normalization, treaties
    AgreementWith,
    /// A type a rule file declares: binary, `[a, b]`, symmetric or directed from `a` to `b`.
    Declared(Declared),
}

/// A relation type declared in a rule file (see [`RelationType::declare`]): a number that
/// names it in this process, so that a relation type stays a small copyable word (edge keys
/// are 32 bytes).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Declared(u16);

/// A declared type's name and whether argument order carries meaning.
#[derive(Debug)]
struct DeclaredDef {
    name: Box<str>,
    symmetric: bool,
}

impl Declared {
    fn def(self) -> &'static DeclaredDef {
        DECLARED.lock().unwrap_or_else(|e| e.into_inner())[self.0 as usize]
    }
}

impl Ord for RelationType {
    /// Built-in types in their order, then declared ones by name: an order that does not
    /// depend on the order types were declared in (rule files, graphs read back).
    fn cmp(&self, other: &RelationType) -> std::cmp::Ordering {
        let rank = |t: &RelationType| match t {
            RelationType::Declared(_) => (ALL.len(), t.as_str()),
            _ => (ALL.iter().position(|a| a == t).unwrap_or(0), ""),
        };
        rank(self).cmp(&rank(other))
    }
}

impl PartialOrd for RelationType {
    fn partial_cmp(&self, other: &RelationType) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

/// At most this many relation types may be declared in one process.
pub const MAX_DECLARED: usize = 1000;

/// The declared types of this process, each stored once for its lifetime, so that a type is
/// a copyable word like the built-in ones (a rule set, a graph read back and a gold file name
/// the same type by its name).
static DECLARED: std::sync::Mutex<Vec<&'static DeclaredDef>> = std::sync::Mutex::new(Vec::new());

impl Serialize for RelationType {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

const ALL: [RelationType; 11] = [
    RelationType::MediatesBetween,
    RelationType::AlliedWith,
    RelationType::HoldsOffice,
    RelationType::TalksWith,
    RelationType::Supports,
    RelationType::InConflictWith,
    RelationType::TensionWith,
    RelationType::Succeeds,
    RelationType::MemberOf,
    RelationType::NegotiatesWith,
    RelationType::AgreementWith,
];

impl RelationType {
    /// Every built-in relation type.
    pub fn all() -> &'static [RelationType] {
        &ALL
    }

    /// Whether the relation is a state of hostility, which news reports as ended ("the deal
    /// ended the fighting between A and B") without denying that it held.
    pub(crate) fn is_state(self) -> bool {
        matches!(
            self,
            RelationType::InConflictWith | RelationType::TensionWith
        )
    }

    /// Declares a relation type (a rule file's `[[relation]]`), or returns the one already
    /// declared with this name. A name is snake_case (`[a-z][a-z0-9_]*`, at most 40 bytes)
    /// and not a built-in type's; declaring it again with the other symmetry is an error.
    ///
    /// ```
    /// use relgraph::RelationType;
    /// let t = RelationType::declare("imposes_sanctions_on", false).unwrap();
    /// assert_eq!(t.as_str(), "imposes_sanctions_on");
    /// assert!(!t.is_symmetric() && t.takes_args(2));
    /// assert_eq!("imposes_sanctions_on".parse::<RelationType>(), Ok(t));
    /// assert!(RelationType::declare("talks_with", true).is_err());
    /// assert!(RelationType::declare("Bad Name", true).is_err());
    /// ```
    pub fn declare(name: &str, symmetric: bool) -> Result<RelationType, String> {
        let valid = name.len() <= 40
            && name.starts_with(|c: char| c.is_ascii_lowercase())
            && name
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
        if !valid {
            return Err(format!(
                "relation type name {name:?}: use snake_case ([a-z][a-z0-9_]*, at most 40 bytes)"
            ));
        }
        if ALL.iter().any(|t| t.as_str() == name) {
            return Err(format!("relation type {name:?} is built in"));
        }
        let mut declared = DECLARED.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(i) = declared.iter().position(|d| &*d.name == name) {
            let d = declared[i];
            return match d.symmetric == symmetric {
                true => Ok(RelationType::Declared(Declared(i as u16))),
                false => Err(format!(
                    "relation type {name:?} is already declared {}",
                    if d.symmetric { "symmetric" } else { "directed" }
                )),
            };
        }
        if declared.len() >= MAX_DECLARED {
            return Err(format!("more than {MAX_DECLARED} declared relation types"));
        }
        let d: &'static DeclaredDef = Box::leak(Box::new(DeclaredDef {
            name: name.into(),
            symmetric,
        }));
        declared.push(d);
        Ok(RelationType::Declared(Declared(declared.len() as u16 - 1)))
    }

    /// The snake_case name used in rule files and outputs.
    pub fn as_str(self) -> &'static str {
        match self {
            RelationType::MediatesBetween => "mediates_between",
            RelationType::AlliedWith => "allied_with",
            RelationType::HoldsOffice => "holds_office",
            RelationType::TalksWith => "talks_with",
            RelationType::Supports => "supports",
            RelationType::InConflictWith => "in_conflict_with",
            RelationType::TensionWith => "tension_with",
            RelationType::Succeeds => "succeeds",
            RelationType::MemberOf => "member_of",
            RelationType::NegotiatesWith => "negotiates_with",
            RelationType::AgreementWith => "agreement_with",
            RelationType::Declared(d) => &d.def().name,
        }
    }

    /// Whether `n` arguments make a relation of this type: a mediator and at least two
    /// parties for `mediates_between`, two for every other type.
    pub fn takes_args(self, n: usize) -> bool {
        match self {
            RelationType::MediatesBetween => n >= 3,
            _ => n == 2,
        }
    }

    /// Whether argument order carries no meaning.
    pub fn is_symmetric(self) -> bool {
        match self {
            RelationType::Declared(d) => d.def().symmetric,
            _ => matches!(
                self,
                RelationType::AlliedWith
                    | RelationType::TalksWith
                    | RelationType::InConflictWith
                    | RelationType::TensionWith
                    | RelationType::NegotiatesWith
                    | RelationType::AgreementWith
            ),
        }
    }

    /// The capture names a rule of this type must provide (any one of the sets).
    pub fn capture_sets(self) -> &'static [&'static [&'static str]] {
        match self {
            RelationType::MediatesBetween => &[&["mediator", "parties"]],
            RelationType::HoldsOffice => &[&["person", "of"]],
            RelationType::Supports => &[&["supporter", "supported"]],
            RelationType::Succeeds => &[&["successor", "predecessor"]],
            RelationType::MemberOf => &[&["member", "org"]],
            RelationType::Declared(d) if !d.def().symmetric => &[&["a", "b"]],
            _ => &[&["a", "b"], &["parties"]],
        }
    }
}

impl fmt::Display for RelationType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for RelationType {
    type Err = String;
    /// A built-in type, or one declared in this process.
    fn from_str(s: &str) -> Result<RelationType, String> {
        if let Some(t) = ALL.iter().copied().find(|t| t.as_str() == s) {
            return Ok(t);
        }
        let declared = DECLARED.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(i) = declared.iter().position(|d| &*d.name == s) {
            return Ok(RelationType::Declared(Declared(i as u16)));
        }
        let names: Vec<&str> = ALL.iter().map(|t| t.as_str()).collect();
        Err(format!(
            "unknown relation type {s:?} (expected one of {}, or a type the rule files declare \
             with [[relation]])",
            names.join(", ")
        ))
    }
}

/// Whether an office is held now: the `status` of every `holds_office` relation and edge
/// (other types have none).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Status {
    /// Held at the time of the text.
    Current,
    /// Held before ("former", "then-", "ex-", "late" before the title).
    Former,
}

impl Status {
    /// The status of a relation of type `kind`: `None` for every type but `holds_office`.
    pub fn of(kind: RelationType, former: bool) -> Option<Status> {
        (kind == RelationType::HoldsOffice).then_some(match former {
            true => Status::Former,
            false => Status::Current,
        })
    }

    /// `"current"` or `"former"`, as written in every output.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Current => "current",
            Status::Former => "former",
        }
    }

    /// Reads a written status (`None` when absent): whether it says `former`.
    pub fn parse_former(s: Option<&str>) -> Result<bool, String> {
        match s {
            None | Some("current") => Ok(false),
            Some("former") => Ok(true),
            Some(other) => Err(format!(
                "unknown status {other:?} (expected \"current\" or \"former\")"
            )),
        }
    }
}

/// One extracted relation with its evidence location. Its role and rule id are borrowed from
/// the [`Relator`] and [`Gazetteer`] that found it: a relation costs one allocation, its
/// argument list.
#[derive(Debug, Clone, PartialEq)]
pub struct Relation<'a> {
    /// The type.
    pub kind: RelationType,
    /// Arguments in the type's order (symmetric types sorted later, by id).
    pub args: Vec<EntityRef>,
    /// Role for `holds_office`.
    pub role: Option<&'a str>,
    /// Id of the rule that fired.
    pub rule: &'a str,
    /// Byte range of the sentence.
    pub sentence: Range<usize>,
    /// Byte range of the trigger (the `trigger` capture, or the whole match).
    pub trigger: Range<usize>,
    /// A `holds_office` no longer held ("former", "then-", "ex-", "late" before the title).
    pub former: bool,
    /// The trigger's lexicon entry when it carries an event code (CAMEO, PLOVER).
    pub event: Option<&'a token::Trigger>,
}

/// Extracts relations with a compiled rule set.
#[derive(Debug, Clone)]
pub struct Relator {
    rules: RuleSet,
}

impl Relator {
    /// Wraps a compiled rule set.
    pub fn new(rules: RuleSet) -> Relator {
        Relator { rules }
    }

    /// The rule set.
    pub fn rules(&self) -> &RuleSet {
        &self.rules
    }

    /// Relations in `text`, sentence by sentence.
    pub fn extract<'a>(
        &'a self,
        gaz: &'a Gazetteer,
        text: &str,
        sentences: &[Range<usize>],
        resolved: &Resolved,
    ) -> Vec<Relation<'a>> {
        self.extract_with(gaz, text, sentences, resolved, &mut Buffers::default())
    }

    /// [`Relator::extract`] for each of several texts (each with its sentences and resolved
    /// mentions), in order. One set of working buffers serves them all: the tokens, the
    /// predicate memo and the backtracker's tables are allocated once, not per text.
    pub fn extract_each<'a, 't>(
        &'a self,
        gaz: &'a Gazetteer,
        texts: impl IntoIterator<Item = (&'t str, &'t [Range<usize>], &'t Resolved)>,
    ) -> Vec<Vec<Relation<'a>>> {
        let mut buffers = Buffers::default();
        texts
            .into_iter()
            .map(|(text, sentences, resolved)| {
                self.extract_with(gaz, text, sentences, resolved, &mut buffers)
            })
            .collect()
    }

    fn extract_with<'a>(
        &'a self,
        gaz: &'a Gazetteer,
        text: &str,
        sentences: &[Range<usize>],
        resolved: &Resolved,
        buffers: &mut Buffers,
    ) -> Vec<Relation<'a>> {
        let mut out = Vec::new();
        let token_rules = &self.rules.tokens;
        let mut at = Cursor::default();
        for sentence in sentences {
            let items = &mut buffers.items;
            let entities = sentence_items(gaz, text, resolved, sentence, &mut at, items);
            if entities == 0 || token_rules.min_slots() > entities {
                continue;
            }
            let first = out.len();
            let scratch = &mut buffers.token;
            let mut toks = std::mem::take(&mut scratch.tokens);
            token::view::tokens(
                &token_rules.lexicon,
                text,
                sentence.clone(),
                items,
                &mut toks,
            );
            crate::work::add(toks.len());
            token_rules.extract(gaz, &toks, sentence, scratch, &mut out, first);
            scratch.tokens = toks;
        }
        self.rules
            .tokens
            .attach_frames(gaz, &mut buffers.token, &mut out);
        out
    }
}

/// Drops meetings, negotiations and deals between a person and the country or body the
/// document says the person currently serves: "the French leader's own talks with his host"
/// are no talks of Macron with France, whatever a rule read. (A holder's rows with that body
/// are rarely dealings with it; disputes and support, which may set a leader against his own
/// party or country, stay.)
pub(crate) fn drop_dealings_with_own_side(relations: &mut Vec<Relation<'_>>) {
    let serves: Vec<(EntityRef, EntityRef)> = relations
        .iter()
        .filter(|r| r.kind == RelationType::HoldsOffice && !r.former && r.args.len() == 2)
        .map(|r| (r.args[0], r.args[1]))
        .collect();
    if serves.is_empty() {
        return;
    }
    relations.retain(|r| {
        !(matches!(
            r.kind,
            RelationType::TalksWith | RelationType::NegotiatesWith | RelationType::AgreementWith
        ) && r.args.len() == 2
            && serves.iter().any(|&(p, o)| {
                (r.args[0] == p && r.args[1] == o) || (r.args[0] == o && r.args[1] == p)
            }))
    });
}

/// The evidence rule id of a relation a counted group's noun states.
pub const GROUP_NOUN_RULE: &str = "reference.group_noun";

impl Relator {
    /// Relations a counted group's noun states among its members: "the two adversaries"
    /// (tension_with), "the two allies" (allied_with), "the belligerents" (in_conflict_with).
    /// The noun's trigger-lexicon entry decides, when it is a noun of a symmetric relation
    /// type; "the two former rivals" states nothing now. A group with an owner states a
    /// relation with the owner instead: "the two ASEAN members", "the two members of the
    /// EU", "two NATO allies" (member_of), "the two U.S. allies", "the two allies of the
    /// United States" (allied_with). Reads the source text: the groups are `resolved`'s
    /// references.
    pub(crate) fn group_relations<'a>(
        &'a self,
        gaz: &Gazetteer,
        text: &str,
        sentences: &[Range<usize>],
        resolved: &Resolved,
    ) -> Vec<Relation<'a>> {
        let lex = &self.rules.tokens.lexicon;
        let mut out = Vec::new();
        for group in resolved.groups() {
            let span = group[0].span.clone();
            let words: Vec<String> = text[span.clone()]
                .split(|c: char| c.is_whitespace())
                .map(|w| w.to_lowercase().replace('\u{2019}', "'"))
                .collect();
            let past = |w: &String| token::FORMER.contains(&w.as_str()) || w.starts_with("ex-");
            if words.iter().any(past) {
                continue;
            }
            let Some(head) = words.last() else { continue };
            let head = head.trim_end_matches("'s").trim_end_matches('\'');
            let lemma = lex.lemma(head);
            let mut members: Vec<EntityRef> = group.iter().filter_map(|m| m.entity).collect();
            members.sort();
            members.dedup();
            let at = sentences.partition_point(|r| r.end <= span.start);
            let Some(sentence) = sentences.get(at) else {
                continue;
            };
            let owner = group_owner(text, &span, resolved)
                .filter(|o| !members.contains(o))
                .map(|o| (o, resolved.entity_type(gaz, o)));
            let owned = match (lemma, owner) {
                ("member", Some((o, EntityType::Org))) | ("ally", Some((o, EntityType::Org))) => {
                    Some((RelationType::MemberOf, o))
                }
                ("ally", Some((o, EntityType::Country))) => Some((RelationType::AlliedWith, o)),
                _ => None,
            };
            if let Some((kind, o)) = owned {
                let entry = lex
                    .lookup(lemma)
                    .iter()
                    .map(|&i| &lex.entries()[i as usize])
                    .find(|e| e.relation == Some(kind));
                for &m in &members {
                    out.push(Relation {
                        kind,
                        args: vec![m, o],
                        role: None,
                        rule: GROUP_NOUN_RULE,
                        sentence: sentence.clone(),
                        trigger: span.clone(),
                        former: false,
                        event: entry.filter(|e| e.cameo.is_some() || e.plover.is_some()),
                    });
                }
                continue;
            }
            let entry = lex.lookup(lemma).iter().copied().find(|&i| {
                let e = &lex.entries()[i as usize];
                e.pos == token::lexicon::Pos::Noun && e.relation.is_some_and(|r| r.is_symmetric())
            });
            let Some(entry) = entry else { continue };
            let e = &lex.entries()[entry as usize];
            let Some(kind) = e.relation else { continue };
            let coded = e.cameo.is_some() || e.plover.is_some();
            for (a, b) in pairs_of(&members) {
                out.push(Relation {
                    kind,
                    args: vec![a, b],
                    role: None,
                    rule: GROUP_NOUN_RULE,
                    sentence: sentence.clone(),
                    trigger: span.clone(),
                    former: false,
                    event: coded.then_some(e),
                });
            }
        }
        out
    }
}

/// The owner of a counted group: the country or body named right before its noun ("the two
/// ASEAN members") or after it by "of" ("the two allies of the United States").
fn group_owner(text: &str, span: &Range<usize>, resolved: &Resolved) -> Option<EntityRef> {
    let ms = &resolved.mentions;
    let i = ms.partition_point(|m| m.span.start < span.start);
    let before = i
        .checked_sub(1)
        .map(|j| &ms[j])
        .filter(|m| m.span.end <= span.start && text[m.span.end..span.start].trim().is_empty());
    if let Some(m) = before {
        return m.entity;
    }
    let rest = &text[span.end..];
    let after = rest.trim_start().strip_prefix("of ")?;
    let after = after.strip_prefix("the ").unwrap_or(after);
    let at = span.end + (rest.len() - after.len());
    let j = ms.partition_point(|m| m.span.start < at);
    ms.get(j)
        .filter(|m| m.span.start == at)
        .and_then(|m| m.entity)
}

/// The evidence rule id of a post read from a bare title and the gazetteer's offices.
pub const TITLE_OFFICE_RULE: &str = "reference.title_office";

impl Relator {
    /// `holds_office` from a bare title before a listed person ("Prime Minister Benjamin
    /// Netanyahu's office said") when the gazetteer gives that person that post, on the
    /// document's date where it has one, in a country or organisation that the same sentence
    /// or the one before names ("Israel's security cabinet voted …"). The rules need the
    /// owner in the text; here the sentence names it and the lists confirm it; a national post
    /// the lists do not give the person at all falls back on the person's own country, named
    /// as near. Not after "former", "late", "then", "ex-"; not where `done` already holds an
    /// office for that person in that sentence.
    pub(crate) fn title_relations<'a>(
        &'a self,
        gaz: &'a Gazetteer,
        text: &str,
        (sentences, resolved, date): (&[Range<usize>], &Resolved, Option<crate::text::Date>),
        done: &[Relation<'a>],
    ) -> Vec<Relation<'a>> {
        let mut out = Vec::new();
        // (person, sentence) of every office already held: a set, not a scan of every
        // relation per title, which made a large document's cost grow with its square.
        let mut held: rustc_hash::FxHashSet<(EntityRef, Range<usize>)> = done
            .iter()
            .filter(|r| r.kind == RelationType::HoldsOffice)
            .map(|r| (r.args[0], r.sentence.clone()))
            .collect();
        crate::work::add(done.len() + resolved.titles.len());
        for t in &resolved.titles {
            let title = &gaz.titles()[t.title];
            if title.kind != TitleKind::Office {
                continue;
            }
            // The person right after the title.
            let i = resolved
                .mentions
                .partition_point(|m| m.span.start < t.span.end);
            let Some(m) = resolved.mentions.get(i) else {
                continue;
            };
            let Some(EntityRef::Known(p)) = m.entity else {
                continue;
            };
            if gaz.entities()[p].entity_type() != EntityType::Person
                || !text[t.span.end..m.span.start].trim().is_empty()
            {
                continue;
            }
            let before = text[..t.span.start].trim_end();
            let word = before
                .rsplit(|c: char| c.is_whitespace())
                .next()
                .unwrap_or("")
                .to_lowercase();
            if token::FORMER.contains(&word.as_str())
                || word.starts_with("ex-")
                || before.ends_with('-')
            {
                continue;
            }
            let at = sentences.partition_point(|r| r.end <= t.span.start);
            let Some(sentence) = sentences.get(at) else {
                continue;
            };
            // "Congress removed President Pedro Castillo from office": a post lost in the
            // act the sentence reports.
            let after = &text[m.span.end..];
            let former = token::ends_post(&word, || {
                after.starts_with("'s") || after.starts_with("\u{2019}s")
            });
            let person = EntityRef::Known(p);
            if held.contains(&(person, sentence.clone())) {
                continue;
            }
            // Named in this sentence or the one before ("Hungary again blocked a statement.
            // Prime Minister Viktor Orban has …").
            let from = at
                .checked_sub(1)
                .map_or(sentence.start, |b| sentences[b].start);
            let named = |c: usize| {
                let from = resolved.mentions.partition_point(|m| m.span.start < from);
                resolved.mentions[from..]
                    .iter()
                    .take_while(|m| m.span.start < sentence.end)
                    .any(|m| m.entity == Some(EntityRef::Known(c)))
            };
            let owner = gaz.offices_of(p).iter().find_map(|&o| {
                let office = &gaz.offices()[o];
                let current = date.is_none_or(|d| office.active_on(d));
                let of = gaz.index_of(&office.of)?;
                (current
                    && office.role.eq_ignore_ascii_case(&title.role)
                    && matches!(
                        gaz.entities()[of].entity_type(),
                        EntityType::Country | EntityType::Org
                    )
                    && named(of))
                .then_some(of)
            });
            // A post the lists do not give this person at all ("Foreign Minister Alicia
            // Barcena"), when it is a national government's: the person's own country, named
            // nearby.
            let owner = owner.or_else(|| {
                let known = gaz
                    .offices_of(p)
                    .iter()
                    .any(|&o| gaz.offices()[o].role.eq_ignore_ascii_case(&title.role));
                let country = gaz.entities()[p].country.as_deref()?;
                let c = gaz.index_of(country)?;
                (!known && national_post(&title.role) && named(c)).then_some(c)
            });
            if let Some(c) = owner {
                held.insert((person, sentence.clone()));
                out.push(Relation {
                    kind: RelationType::HoldsOffice,
                    args: vec![person, EntityRef::Known(c)],
                    role: Some(title.role.as_str()),
                    rule: TITLE_OFFICE_RULE,
                    sentence: sentence.clone(),
                    trigger: t.span.clone(),
                    former,
                    event: None,
                });
            }
        }
        out
    }
}

/// Whether a role is a post in a national government, held in the holder's own country: a
/// head of state or government or a minister, not an ambassador or a body's officer.
fn national_post(role: &str) -> bool {
    let role = role.to_ascii_lowercase();
    role.ends_with("minister")
        || role.ends_with("premier")
        || matches!(
            role.as_str(),
            "president"
                | "vice president"
                | "chancellor"
                | "king"
                | "queen"
                | "emir"
                | "crown prince"
        )
}

/// Buffers kept for a whole document and reused by each of its sentences.
#[derive(Default)]
struct Buffers {
    /// The sentence's mentions and titles, in order.
    items: Vec<(Item, Range<usize>)>,
    /// The token rules' buffers.
    token: token::RunScratch,
}

/// Every unordered pair of a list's members: the parties of one talk, deal or dispute.
fn pairs_of(list: &[EntityRef]) -> Vec<(EntityRef, EntityRef)> {
    list.iter()
        .enumerate()
        .flat_map(|(i, a)| list[i + 1..].iter().map(move |b| (*a, *b)))
        .collect()
}

fn product(xs: &[EntityRef], ys: &[EntityRef]) -> Vec<(EntityRef, EntityRef)> {
    xs.iter()
        .flat_map(|x| ys.iter().map(move |y| (*x, *y)))
        .collect()
}

/// Argument lists equal up to the type's symmetry.
fn same_args(kind: RelationType, a: &[EntityRef], b: &[EntityRef]) -> bool {
    norm_args(kind, a) == norm_args(kind, b)
}

/// An argument list in the order [`same_args`] compares: sorted up to the type's symmetry.
fn norm_args(kind: RelationType, v: &[EntityRef]) -> Vec<EntityRef> {
    let mut v = v.to_vec();
    if kind.is_symmetric() {
        v.sort();
    } else if kind == RelationType::MediatesBetween && v.len() == 3 {
        v[1..].sort();
    }
    v
}

/// An expected relation in a rule example: `type(Arg, Arg[, Arg][, role=Role])`, arguments by
/// canonical name.
#[derive(Debug, Clone, PartialEq)]
pub struct ExpectedRelation {
    /// The type.
    pub kind: RelationType,
    /// Canonical names of the arguments.
    pub args: Vec<String>,
    /// The role, if given.
    pub role: Option<String>,
    /// `status=former`: an office no longer held.
    pub former: bool,
}

impl ExpectedRelation {
    /// Parses `talks_with(Ilham Aliyev, Recep Tayyip Erdoğan)`, with `role=…` and
    /// `status=former` for offices: `holds_office(Abdullah Gül, Turkey, role=President,
    /// status=former)`.
    pub fn parse(s: &str) -> Result<ExpectedRelation, String> {
        let (kind, rest) = s.split_once('(').ok_or("expected `type(Arg, Arg)`")?;
        let inner = rest.trim_end().strip_suffix(')').ok_or("missing `)`")?;
        let kind: RelationType = kind.trim().parse()?;
        let mut args = Vec::new();
        let mut role = None;
        let mut former = false;
        for part in inner.split(',').map(str::trim) {
            if let Some(r) = part.strip_prefix("role=") {
                role = Some(r.trim().to_string());
            } else if let Some(s) = part.strip_prefix("status=") {
                former = Status::parse_former(Some(s.trim()))?;
            } else if part.is_empty() {
                return Err("empty argument".into());
            } else {
                args.push(part.to_string());
            }
        }
        let want = if kind == RelationType::MediatesBetween {
            3
        } else {
            2
        };
        if args.len() != want {
            return Err(format!(
                "{kind} takes {want} arguments, found {}",
                args.len()
            ));
        }
        Ok(ExpectedRelation {
            kind,
            args,
            role,
            former,
        })
    }

    /// Whether an extracted relation, with argument names, matches this expectation (an
    /// office's status included: a former office never matches a current one).
    pub fn matches(
        &self,
        kind: RelationType,
        names: &[&str],
        role: Option<&str>,
        former: bool,
    ) -> bool {
        if kind != self.kind
            || (self.role.is_some() && self.role.as_deref() != role)
            || former != self.former
        {
            return false;
        }
        let mine: Vec<&str> = self.args.iter().map(String::as_str).collect();
        let mut a = names.to_vec();
        let mut b = mine;
        if kind.is_symmetric() {
            a.sort_unstable();
            b.sort_unstable();
        } else if kind == RelationType::MediatesBetween && a.len() == 3 && b.len() == 3 {
            a[1..].sort_unstable();
            b[1..].sort_unstable();
        }
        a == b
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_holders_dealings_with_their_own_side_are_dropped() {
        let (macron, france, china) = (
            EntityRef::Known(0),
            EntityRef::Known(1),
            EntityRef::Known(2),
        );
        let rel = |kind, args: Vec<EntityRef>, former| Relation {
            kind,
            args,
            role: None,
            rule: "test",
            sentence: 0..1,
            trigger: 0..1,
            former,
            event: None,
        };
        let mut relations = vec![
            rel(RelationType::HoldsOffice, vec![macron, france], false),
            rel(RelationType::TalksWith, vec![france, macron], false),
            rel(RelationType::TalksWith, vec![macron, china], false),
            rel(RelationType::TensionWith, vec![macron, france], false),
        ];
        drop_dealings_with_own_side(&mut relations);
        let kinds: Vec<_> = relations.iter().map(|r| (r.kind, r.args.clone())).collect();
        assert_eq!(
            kinds,
            [
                (RelationType::HoldsOffice, vec![macron, france]),
                (RelationType::TalksWith, vec![macron, china]),
                (RelationType::TensionWith, vec![macron, france]),
            ]
        );
        // A former post is no side.
        let mut relations = vec![
            rel(RelationType::HoldsOffice, vec![macron, france], true),
            rel(RelationType::TalksWith, vec![france, macron], false),
        ];
        drop_dealings_with_own_side(&mut relations);
        assert_eq!(relations.len(), 2);
    }

    #[test]
    fn expected_relations_parse() {
        let e = ExpectedRelation::parse("holds_office(Ilham Aliyev, Azerbaijan, role=President)")
            .unwrap();
        assert_eq!(e.args, ["Ilham Aliyev", "Azerbaijan"]);
        assert_eq!(e.role.as_deref(), Some("President"));
        let names = ["Ilham Aliyev", "Azerbaijan"];
        assert!(e.matches(RelationType::HoldsOffice, &names, Some("President"), false));
        // A former office is not the current one, and the other way round.
        assert!(!e.matches(RelationType::HoldsOffice, &names, Some("President"), true));
        let f =
            ExpectedRelation::parse("holds_office(A, B, role=President, status=former)").unwrap();
        let president = Some("President");
        assert!(f.former && f.matches(RelationType::HoldsOffice, &["A", "B"], president, true));
        assert!(!f.matches(RelationType::HoldsOffice, &["A", "B"], president, false));
        assert!(ExpectedRelation::parse("holds_office(A, B, status=late)").is_err());
        let m = ExpectedRelation::parse("mediates_between(A, B, C)").unwrap();
        assert!(m.matches(RelationType::MediatesBetween, &["A", "C", "B"], None, false));
        assert!(!m.matches(RelationType::MediatesBetween, &["B", "A", "C"], None, false));
        assert!(ExpectedRelation::parse("talks_with(A)").is_err());
        assert!(ExpectedRelation::parse("likes(A, B)").is_err());
    }
}
