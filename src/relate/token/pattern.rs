//! Token patterns: parsing the rule language and compiling it to one instruction program.
//!
//! A pattern is a sequence of space-separated items, in the spirit of spaCy's `Matcher` and
//! Odin's token patterns:
//!
//! | item | matches one token that is |
//! |---|---|
//! | `with`, `with\|to`, `'s` | a word with this lower case (any of them) |
//! | `<meet>`, `<meet\|talk>`, `<take over from>` | a word with this lemma ("met", "meets", "meeting"); several words: a lexicon phrase the view has joined ("took over from") |
//! | `@talks_with.verb`, `@tension_with`, `@any.noun`, `@event` | a word whose lemma is in the lexicon with this relation (and part of speech); `@any`: any relation, `@event`: any entry |
//! | `AUX`, `PREP`, `DET`, … | a word of this function class (see `view::class::NAMES`) |
//! | `PERSON`, `COUNTRY`, `ORG`, `LOCATION`, `ACTOR`, `POLITY`, `ENTITY` | an entity mention of this type; `.adj` a demonym, `.name` a name, `.poss` a possessive ("Qatar's"), `.head` a name that heads its phrase (no demonym, no possessive: "met Macron", not "hosts Egyptian channels" or "the Taliban's office"), `.pron` a possessive pronoun resolved to such an entity ("its", "their"; still a word for every other item) |
//! | `TITLE`, `OFFICE` | a title; `OFFICE` a post ("President"), not an honorific |
//! | `_` | any word or title |
//! | `...` | a gap word: any word or title that ends no clause, a place, or a demonym |
//! | `{name}` | the definition `name` from the prelude or the file's `[define]` table |
//! | `!ITEM` | (consumes nothing) the next token is not ITEM |
//! | `^` | (consumes nothing) the start of a clause: of the sentence, or after punctuation, a conjunction or a relative pronoun |
//!
//! `name:ITEM` captures what ITEM matched as argument `name`; `TYPE+` after a capture name is a
//! coordinated list ("Turkey and Israel", "both A, B and C", "A as well as B"), every member
//! of which is an argument; except under the name `parties` (the two sides of a mutual
//! relation), a list may also be one member and an aside of co-agents ("Riyadh, along with
//! the UAE and Egypt,"). Items take `?`, `*`, `+` and `{m,n}` (append `?` to be lazy);
//! `( … | … )` groups and alternates. The first lexicon item is the trigger unless an item is
//! captured as `trigger` (a lemma item if there is no lexicon item; an office rule's `role`
//! if there is neither).

use rustc_hash::FxHashMap as HashMap;
use std::cell::RefCell;
use std::collections::BTreeMap;
use std::sync::{Arc, OnceLock};

use super::lexicon::{Lexicon, Pos, Trigger};
use super::view::{class, Kind, Token};
use crate::gazetteer::{EntityType, TitleKind};
use crate::matcher::AliasForm;
use crate::relate::RelationType;
use crate::resolve::EntityRef;

/// The most repetitions a bounded quantifier may ask for.
const MAX_REPEAT: u32 = 32;
/// How deep definitions may refer to definitions.
const MAX_DEPTH: usize = 16;

/// A constraint on one token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Pred {
    /// An entity mention: type bits (1 << EntityType), form bits (0 = any), possessive or not
    /// (`None`: either).
    Slot {
        /// Allowed types.
        types: u8,
        /// Allowed forms (bit per [`AliasForm`]), 0 for any.
        forms: u8,
        /// A possessive mention only (`Some(true)`), none (`Some(false)`), or either.
        poss: Option<bool>,
    },
    /// A possessive pronoun ("its", "their") resolved to an entity of these types.
    Pron {
        /// Allowed types.
        types: u8,
    },
    /// A title; `office` for posts only.
    Title {
        /// Posts only.
        office: bool,
    },
    /// A word with one of these lower cases.
    Lower(Arc<[String]>),
    /// A word with one of these lemmas.
    Lemma(Arc<[String]>),
    /// A word of any of these classes.
    Class(u32),
    /// A word in the lexicon.
    Lex {
        /// Which entries.
        relation: LexRel,
        /// Part of speech, if constrained.
        pos: Option<Pos>,
    },
    /// Any word or title.
    Any,
    /// A gap word.
    Gap,
}

impl std::hash::Hash for Pred {
    fn hash<H: std::hash::Hasher>(&self, h: &mut H) {
        std::mem::discriminant(self).hash(h);
        match self {
            Pred::Slot { types, forms, poss } => (types, forms, poss).hash(h),
            Pred::Pron { types } => types.hash(h),
            Pred::Title { office } => office.hash(h),
            // A word set by its size and its ends: equal sets hash alike, and hashing every
            // word of a long set ({pre} has a hundred) at each of its uses was most of the
            // cost of interning a rule's predicates.
            Pred::Lower(w) | Pred::Lemma(w) => (w.len(), w.first(), w.last()).hash(h),
            Pred::Class(c) => c.hash(h),
            Pred::Lex { relation, pos } => (relation, pos).hash(h),
            Pred::Any | Pred::Gap => {}
        }
    }
}

/// Which lexicon entries a `@` item accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum LexRel {
    /// Any entry.
    Event,
    /// Any entry with a relation type.
    Any,
    /// Entries of this type.
    Is(RelationType),
}

fn type_bit(t: EntityType) -> u8 {
    match t {
        EntityType::Person => 1,
        EntityType::Country => 2,
        EntityType::Org => 4,
        EntityType::Location => 8,
    }
}

/// The type bit of a political party (`PARTY`): an organisation the gazetteer notes as one.
const PARTY: u8 = 16;

/// The form bit of a mention that is the first half of a compound ("Iran-backed").
const COMPOUND: u8 = 8;

fn form_bit(f: AliasForm) -> u8 {
    match f {
        AliasForm::Name => 1,
        AliasForm::Demonym => 2,
        AliasForm::Surname => 4,
    }
}

impl Pred {
    /// Whether `tok` satisfies the constraint.
    pub fn matches(&self, tok: &Token, lex: &Lexicon) -> bool {
        match (self, &tok.kind) {
            (Pred::Slot { types, forms, poss }, Kind::Slot(_, t, f)) => {
                // A compound's first half ("Iran-backed") is matched only as such.
                let form_ok = match tok.compound {
                    true => *forms == COMPOUND,
                    false => *forms == 0 || forms & form_bit(*f) != 0,
                };
                let type_ok = types & type_bit(*t) != 0 || (types & PARTY != 0 && tok.party);
                type_ok && form_ok && poss.is_none_or(|p| p == tok.possessive)
            }
            (Pred::Pron { types }, Kind::Word) => {
                tok.refers.is_some_and(|(_, t)| types & type_bit(t) != 0)
            }
            // A pronoun that coreference made a mention of its own ("its" resolved to Niger).
            (Pred::Pron { types }, Kind::Slot(_, t, _)) if tok.is_pronoun_mention() => {
                types & type_bit(*t) != 0
            }
            (Pred::Title { office }, Kind::Title(_, k)) => !office || *k == TitleKind::Office,
            (Pred::Any, Kind::Word | Kind::Title(..)) => true,
            // "the Russia-led CSTO": a compound's first half is part of a word.
            (Pred::Any, Kind::Slot(..)) => tok.compound,
            (Pred::Gap, Kind::Word) => tok.class & class::CLAUSE == 0,
            (Pred::Gap, Kind::Title(..)) => true,
            (Pred::Gap, Kind::Slot(_, t, f)) => {
                *t == EntityType::Location || *f == AliasForm::Demonym || tok.compound
            }
            (Pred::Lower(set), Kind::Word) => set.contains(&tok.lower),
            (Pred::Lemma(set), Kind::Word) => set.contains(&tok.lemma),
            (Pred::Class(c), Kind::Word) => tok.class & c != 0,
            (Pred::Lex { relation, pos }, Kind::Word) => {
                lex_entry(tok, lex, *relation, *pos).is_some()
            }
            _ => false,
        }
    }
}

/// The first lexicon entry of `tok` that a `@` item with these constraints accepts.
pub fn lex_entry(tok: &Token, lex: &Lexicon, relation: LexRel, pos: Option<Pos>) -> Option<u32> {
    tok.triggers
        .iter()
        .copied()
        .find(|&i| accepts(&lex.entries()[i as usize], relation, pos))
}

/// Whether a `@` item with these constraints accepts lexicon entry `e`.
fn accepts(e: &Trigger, relation: LexRel, pos: Option<Pos>) -> bool {
    pos.is_none_or(|p| p == e.pos)
        && match relation {
            LexRel::Event => true,
            LexRel::Any => e.relation.is_some(),
            LexRel::Is(r) => e.relation == Some(r),
        }
}

/// A parsed pattern.
#[derive(Debug, Clone, PartialEq)]
pub enum Node {
    /// One token.
    Tok(Pred),
    /// Looks ahead without consuming: the next token (if any) does not satisfy the predicate.
    Not(Pred),
    /// `^`: the start of a clause (the sentence's start, or after punctuation, a conjunction
    /// or a relative pronoun), without consuming.
    Start,
    /// One after another.
    Seq(Vec<Node>),
    /// The first that matches.
    Alt(Vec<Node>),
    /// Repetition.
    Repeat {
        /// What repeats.
        node: Box<Node>,
        /// At least.
        min: u32,
        /// At most (None: unbounded).
        max: Option<u32>,
        /// Prefer more.
        greedy: bool,
    },
    /// A capture.
    Capture {
        /// Its name.
        name: String,
        /// What it holds.
        node: Box<Node>,
        /// A coordinated list of mentions.
        list: bool,
    },
}

impl Node {
    /// Whether the node can match no token at all.
    pub fn nullable(&self) -> bool {
        match self {
            Node::Tok(_) => false,
            Node::Not(_) | Node::Start => true,
            Node::Seq(v) => v.iter().all(Node::nullable),
            Node::Alt(v) => v.iter().any(Node::nullable),
            Node::Repeat { node, min, .. } => *min == 0 || node.nullable(),
            Node::Capture { node, .. } => node.nullable(),
        }
    }

    fn walk<'n>(&'n self, f: &mut impl FnMut(&'n Node)) {
        f(self);
        match self {
            Node::Seq(v) | Node::Alt(v) => v.iter().for_each(|n| n.walk(f)),
            Node::Repeat { node, .. } | Node::Capture { node, .. } => node.walk(f),
            Node::Tok(_) | Node::Not(_) | Node::Start => {}
        }
    }

    /// Capture names in pattern order, with whether each is a list.
    pub fn captures(&self) -> Vec<(&str, bool)> {
        let mut out: Vec<(&str, bool)> = Vec::new();
        self.walk(&mut |n| {
            if let Node::Capture { name, list, .. } = n {
                out.push((name, *list));
            }
        });
        out
    }
}

/// Merges the one-token branches of each alternation into one test ("the | its | his" is one
/// set of words; "DET | COMMA" one class mask), which keeps programs small. One-token
/// branches that lead to the same place are interchangeable, so order is kept where it
/// matters: between branches of more than one token.
///
/// The parser applies [`merge_alt`] as it builds each alternation, over branches it has
/// already simplified, which gives the same tree (a test checks it on every default rule):
/// a definition is then simplified once, not again at every use.
fn simplify(node: Node) -> Node {
    match node {
        Node::Alt(v) => merge_alt(v.into_iter().map(simplify).collect()),
        Node::Seq(v) => Node::Seq(v.into_iter().map(simplify).collect()),
        Node::Repeat {
            node,
            min,
            max,
            greedy,
        } => Node::Repeat {
            node: Box::new(simplify(*node)),
            min,
            max,
            greedy,
        },
        Node::Capture { name, node, list } => Node::Capture {
            name,
            node: Box::new(simplify(*node)),
            list,
        },
        n => n,
    }
}

/// An alternation of simplified branches, simplified: the first one-token branch of each
/// kind takes the later ones, which are interchangeable with it.
fn merge_alt(v: Vec<Node>) -> Node {
    let mut out: Vec<Node> = Vec::with_capacity(v.len());
    // Where the first branch of each kind is in `out`. Word sets are gathered and put in at
    // the end, so that merging n branches copies each word once.
    let (mut lower, mut lemma, mut class) = (None, None, None);
    let mut words: [Vec<Arc<[String]>>; 2] = [Vec::new(), Vec::new()];
    for n in v {
        match n {
            Node::Tok(Pred::Lower(w)) => {
                words[0].push(w);
                if lower.is_none() {
                    lower = Some(out.len());
                    out.push(Node::Seq(Vec::new()));
                }
            }
            Node::Tok(Pred::Lemma(w)) => {
                words[1].push(w);
                if lemma.is_none() {
                    lemma = Some(out.len());
                    out.push(Node::Seq(Vec::new()));
                }
            }
            Node::Tok(Pred::Class(c)) => match class {
                Some(i) => {
                    if let Node::Tok(Pred::Class(a)) = &mut out[i] {
                        *a |= c;
                    }
                }
                None => {
                    class = Some(out.len());
                    out.push(Node::Tok(Pred::Class(c)));
                }
            },
            n => out.push(n),
        }
    }
    let [lower_words, lemma_words] = words.map(concat);
    if let (Some(i), Some(w)) = (lower, lower_words) {
        out[i] = Node::Tok(Pred::Lower(w));
    }
    if let (Some(i), Some(w)) = (lemma, lemma_words) {
        out[i] = Node::Tok(Pred::Lemma(w));
    }
    if out.len() == 1 {
        out.pop().unwrap_or(Node::Seq(Vec::new()))
    } else {
        Node::Alt(out)
    }
}

/// The definitions `{name}` may refer to. Each is parsed once per depth it is used at and
/// cloned after that: a rule file's patterns use the same few definitions thousands of times
/// (every list slot holds `{member}`, `{member_lead}` and `{member_after}` several times).
#[derive(Default)]
pub struct Defs {
    bodies: BTreeMap<String, String>,
    /// Per name, per depth and way of parsing (`2 * depth + merge`), the body parsed so
    /// (the depth only decides whether the nesting limit is passed).
    parsed: RefCell<HashMap<String, Vec<Option<Parsed>>>>,
}

/// A definition's body, parsed, or why it could not be.
type Parsed = Result<Node, String>;

impl Defs {
    /// Definitions by name.
    pub fn new(bodies: BTreeMap<String, String>) -> Defs {
        Defs {
            bodies,
            parsed: RefCell::default(),
        }
    }

    /// Definition `name`'s body parsed at `depth` (its alternations merged as built, or
    /// not: see [`parse_depth`]); `None` if there is no such definition.
    fn parse(&self, name: &str, depth: usize, merge: bool) -> Option<Result<Node, String>> {
        let body = self.bodies.get(name)?;
        let slot = 2 * depth + usize::from(merge);
        if let Some(Some(done)) = self.parsed.borrow().get(name).and_then(|v| v.get(slot)) {
            return Some(done.clone());
        }
        let done = parse_depth(body, self, depth, merge);
        let mut parsed = self.parsed.borrow_mut();
        let at = parsed.entry(name.to_string()).or_default();
        if at.len() <= slot {
            at.resize(slot + 1, None);
        }
        at[slot] = Some(done.clone());
        Some(done)
    }
}

/// The word sets of merged branches as one set, in order; one set is kept as it is.
fn concat(mut sets: Vec<Arc<[String]>>) -> Option<Arc<[String]>> {
    match sets.len() {
        0 | 1 => sets.pop(),
        _ => Some(sets.iter().flat_map(|s| s.iter().cloned()).collect()),
    }
}

/// Parses a pattern. `defs` holds the definitions `{name}` may refer to.
pub fn parse(src: &str, defs: &Defs) -> Result<Node, String> {
    let mut node = parse_depth(src, defs, 0, true)?;
    debug_assert!(parse_depth(src, defs, 0, false).map(simplify).as_ref() == Ok(&node));
    // The first lexicon item is the trigger unless one is captured as such.
    let named = |node: &Node, n: &str| node.captures().iter().any(|(c, _)| *c == n);
    if !named(&node, "trigger") && !wrap_first_lex(&mut node) && !named(&node, "role") {
        return Err("no trigger: the pattern needs a lexicon item (`@type.pos`), a lemma (`<meet>`) or an item captured as `trigger:`".into());
    }
    if node.nullable() {
        return Err("the pattern can match an empty sequence of tokens".into());
    }
    let mut names = Vec::new();
    if let Some(name) = twice(&node, &mut names) {
        return Err(format!(
            "the argument name {name:?} is used twice in one sequence"
        ));
    }
    Ok(node)
}

/// A capture name that one match could set twice; alternatives may share names ("b" in two
/// phrasings of the same argument). Collects the names `node` can set into `names`.
fn twice<'n>(node: &'n Node, names: &mut Vec<&'n str>) -> Option<&'n str> {
    match node {
        Node::Tok(_) | Node::Not(_) | Node::Start => None,
        Node::Capture { name, node, .. } => {
            if names.contains(&name.as_str()) {
                return Some(name);
            }
            names.push(name);
            twice(node, names)
        }
        Node::Seq(v) => v.iter().find_map(|n| twice(n, names)),
        Node::Repeat { node, max, .. } => {
            let before = names.len();
            let dup = twice(node, names);
            if dup.is_none() && names.len() > before && max.is_none_or(|m| m > 1) {
                return Some(names[before]);
            }
            dup
        }
        Node::Alt(v) => {
            let base = names.len();
            let mut all = names.clone();
            for branch in v {
                names.truncate(base);
                if let Some(d) = twice(branch, names) {
                    return Some(d);
                }
                for &n in &names[base..] {
                    if !all.contains(&n) {
                        all.push(n);
                    }
                }
            }
            *names = all;
            None
        }
    }
}

/// Captures as `trigger` the first item every match must hold that is a lexicon item (or,
/// failing that, a lemma item).
fn wrap_first_lex(node: &mut Node) -> bool {
    wrap_first(node, true) || wrap_first(node, false)
}

fn wrap_first(node: &mut Node, lexicon: bool) -> bool {
    match node {
        Node::Tok(Pred::Lex { .. }) if lexicon => wrap(node),
        Node::Tok(Pred::Lemma(_)) if !lexicon => wrap(node),
        Node::Tok(_) | Node::Not(_) | Node::Start | Node::Alt(_) => false,
        Node::Seq(v) => v.iter_mut().any(|n| wrap_first(n, lexicon)),
        Node::Repeat { node, min, .. } => *min > 0 && wrap_first(node, lexicon),
        Node::Capture { node, .. } => wrap_first(node, lexicon),
    }
}

fn wrap(node: &mut Node) -> bool {
    let inner = std::mem::replace(node, Node::Seq(Vec::new()));
    *node = Node::Capture {
        name: "trigger".into(),
        node: Box::new(inner),
        list: false,
    };
    true
}

/// Parses a pattern (or a definition's body) at definition depth `depth`. With `merge`, each
/// alternation is simplified as it is built ([`merge_alt`]): the tree is then the one
/// [`simplify`] makes of the tree parsed without.
fn parse_depth(src: &str, defs: &Defs, depth: usize, merge: bool) -> Result<Node, String> {
    if depth > MAX_DEPTH {
        return Err("definitions nest too deep (a definition refers to itself?)".into());
    }
    let pieces = lex_pieces(src);
    let mut p = Parser {
        pieces,
        at: 0,
        defs,
        depth,
        merge,
    };
    let node = p.alt()?;
    if p.at < p.pieces.len() {
        return Err(format!("unexpected {:?}", p.pieces[p.at]));
    }
    Ok(node)
}

/// Splits a pattern into pieces: items, `(`, `)` (with any quantifier glued on) and `|`.
fn lex_pieces(src: &str) -> Vec<String> {
    let mut out = Vec::new();
    for word in words(src) {
        let mut w = word.as_str();
        // `name:(` captures a group: the name is a piece of its own.
        if let Some(colon) = w.find(":(") {
            out.push(w[..=colon].to_string());
            w = &w[colon + 1..];
        }
        while let Some(rest) = w.strip_prefix('(') {
            out.push("(".to_string());
            w = rest;
        }
        // A closing bracket with its quantifier: `)?`, `)*`, `){0,3}`.
        let mut tail = Vec::new();
        while let Some(pos) = w.rfind(')') {
            if w.starts_with('\'') {
                break;
            }
            tail.push(w[pos..].to_string());
            w = &w[..pos];
        }
        if !w.is_empty() {
            out.push(w.to_string());
        }
        out.extend(tail.into_iter().rev());
    }
    out
}

/// The pattern's whitespace-separated words, a lemma item's words kept together: `<take
/// over from|succeed>` is one word.
fn words(src: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut open = false;
    for word in src.split_whitespace() {
        match out.last_mut() {
            Some(last) if open => {
                last.push(' ');
                last.push_str(word);
            }
            _ => out.push(word.to_string()),
        }
        if let Some(lt) = word.rfind('<') {
            open = !word[lt..].contains('>');
        } else if open && word.contains('>') {
            open = false;
        }
    }
    out
}

struct Parser<'d> {
    pieces: Vec<String>,
    at: usize,
    defs: &'d Defs,
    depth: usize,
    /// Merge alternations as they are built.
    merge: bool,
}

impl Parser<'_> {
    /// The rest of a group whose `(` was just read: its alternatives, the closing bracket and
    /// the quantifier written on it (`)?`, `)+`, `){1,3}`).
    fn group(&mut self) -> Result<Node, String> {
        let inner = self.alt()?;
        let close = self
            .pieces
            .get(self.at)
            .cloned()
            .ok_or("an opening bracket is not closed")?;
        self.at += 1;
        quantify(inner, &close[1..])
    }

    fn alt(&mut self) -> Result<Node, String> {
        let mut branches = vec![self.seq()?];
        while self.pieces.get(self.at).is_some_and(|p| p == "|") {
            self.at += 1;
            branches.push(self.seq()?);
        }
        Ok(if branches.len() == 1 {
            branches.pop().unwrap_or(Node::Seq(Vec::new()))
        } else {
            self.alt_of(branches)
        })
    }

    /// An alternation of branches this parser built.
    fn alt_of(&self, branches: Vec<Node>) -> Node {
        match self.merge {
            true => merge_alt(branches),
            false => Node::Alt(branches),
        }
    }

    fn seq(&mut self) -> Result<Node, String> {
        let mut items = Vec::new();
        while let Some(p) = self.pieces.get(self.at).cloned() {
            if p == "|" || p.starts_with(')') {
                break;
            }
            self.at += 1;
            if let Some(name) = p.strip_suffix(':').filter(|n| is_name(n)) {
                if self.pieces.get(self.at).is_none_or(|n| n != "(") {
                    return Err(format!("`{p}` must be followed by a group `( … )`"));
                }
                self.at += 1;
                items.push(Node::Capture {
                    name: name.to_string(),
                    node: Box::new(self.group()?),
                    list: false,
                });
            } else if p == "(" {
                items.push(self.group()?);
            } else {
                items.push(self.item(&p)?);
            }
        }
        if items.is_empty() {
            return Err("an empty sequence".into());
        }
        Ok(if items.len() == 1 {
            items.pop().unwrap_or(Node::Seq(Vec::new()))
        } else {
            Node::Seq(items)
        })
    }

    fn item(&mut self, piece: &str) -> Result<Node, String> {
        // `name:ITEM` captures; a name is lower case.
        if let Some(rest) = piece.strip_prefix('!').filter(|r| !r.is_empty()) {
            let node = self.item(rest)?;
            // A definition is one token item as written, not as merged: `!{d}` with `d` an
            // alternation of words is refused.
            let one = match (self.merge, def_name(rest)) {
                (true, Some(name)) => matches!(
                    self.defs.parse(name, self.depth + 1, false),
                    Some(Ok(Node::Tok(_)))
                ),
                _ => true,
            };
            return match node {
                Node::Tok(p) if one => Ok(Node::Not(p)),
                _ => Err(format!("`{piece}`: `!` applies to one token item")),
            };
        }
        if let Some((name, rest)) = piece.split_once(':') {
            if is_name(name) && !rest.is_empty() {
                let (base, quant) = split_quant(rest);
                let slot = slot_pred(base.trim_end_matches('+'));
                if let (Some(pred), true) = (&slot, base.ends_with('+')) {
                    return Ok(Node::Capture {
                        name: name.to_string(),
                        node: Box::new(quantify(
                            list(self, pred.clone(), name != "parties")?,
                            quant,
                        )?),
                        list: true,
                    });
                }
                let inner = self.item(rest)?;
                return Ok(Node::Capture {
                    name: name.to_string(),
                    node: Box::new(inner),
                    list: false,
                });
            }
        }
        let (base, quant) = split_quant(piece);
        let node = self.atom(base)?;
        quantify(node, quant)
    }

    fn atom(&mut self, a: &str) -> Result<Node, String> {
        if a == "^" {
            return Ok(Node::Start);
        }
        if let Some(name) = a.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
            let parsed = self
                .defs
                .parse(name, self.depth + 1, self.merge)
                .ok_or_else(|| {
                    format!(
                        "unknown definition {{{name}}} (defined: {})",
                        self.defs
                            .bodies
                            .keys()
                            .map(|k| format!("{{{k}}}"))
                            .collect::<Vec<_>>()
                            .join(" ")
                    )
                })?;
            return parsed.map_err(|e| format!("in {{{name}}}: {e}"));
        }
        Ok(Node::Tok(pred(a)?))
    }
}

/// A coordinated list of mentions: `(both|either)? M ((,|and|or|as well as|&) M)*` where each
/// member M may carry the prelude's modifiers. With `co_agents`, also the co-agents of one
/// act: "Riyadh, along with the UAE, Bahrain and Egypt," or "Lithuania, like Poland," (not
/// for a mutual relation's `parties`, where "Russia, together with Syria, fought" names no
/// two sides).
fn list(p: &mut Parser, slot: Pred, co_agents: bool) -> Result<Node, String> {
    let merge = p.merge;
    let alt = |v: Vec<Node>| match merge {
        true => merge_alt(v),
        false => Node::Alt(v),
    };
    let member_pre = p.defs.parse("member", p.depth + 1, p.merge).transpose()?;
    let member_lead = p
        .defs
        .parse("member_lead", p.depth + 1, p.merge)
        .transpose()?;
    let comma = || Node::Tok(Pred::Class(class::COMMA));
    let member = |slot: Pred| -> Node {
        let mut seq = Vec::with_capacity(3);
        if let Some(pre) = &member_pre {
            seq.push(Node::Repeat {
                node: Box::new(pre.clone()),
                min: 0,
                max: Some(4),
                greedy: true,
            });
        }
        seq.push(Node::Tok(slot.clone()));
        // "his Armenian counterpart, Ararat Mirzoyan": the demonym is the counterpart's, not
        // a member of its own (`member_lead` reads the member after it).
        seq.push(Node::Not(Pred::Lower(Arc::from(vec![
            "counterpart".to_string(),
            "counterparts".to_string(),
        ]))));
        let plain = Node::Seq(seq);
        // A member in an apposition after the body it leads closes it with a comma.
        match (&member_pre, &member_lead) {
            (Some(pre), Some(lead)) => alt(vec![
                Node::Seq(vec![
                    Node::Repeat {
                        node: Box::new(pre.clone()),
                        min: 0,
                        max: Some(1),
                        greedy: true,
                    },
                    lead.clone(),
                    Node::Tok(slot),
                    Node::Repeat {
                        node: Box::new(comma()),
                        min: 0,
                        max: Some(1),
                        greedy: true,
                    },
                ]),
                plain,
            ]),
            _ => plain,
        }
    };
    let words = |w: &[&str]| Pred::Lower(w.iter().map(|s| s.to_string()).collect());
    let opt = |node: Node| Node::Repeat {
        node: Box::new(node),
        min: 0,
        max: Some(1),
        greedy: true,
    };
    // Only members followed by another take their people after them ("Malian troops and
    // Wagner fighters"): after the last one the rule itself says what may follow.
    let after = match p
        .defs
        .parse("member_after", p.depth + 1, p.merge)
        .transpose()?
    {
        Some(node) => opt(node),
        None => Node::Seq(vec![]),
    };
    let as_well_as = || {
        Node::Seq(vec![
            Node::Tok(words(&["as"])),
            Node::Tok(words(&["well"])),
            Node::Tok(words(&["as"])),
        ])
    };
    let conj_of = || alt(vec![Node::Tok(words(&["and", "or", "&"])), as_well_as()]);
    // The conjunction before the last member, and an aside after it ("and, since July,").
    let aside = p
        .defs
        .parse("member_aside", p.depth + 1, p.merge)
        .transpose()?
        .map(opt);
    // A preposition said again before the last member: "spoke with Park and, in a separate
    // call, with Abe", "sanctions on Russia and on Belarus".
    let again = p
        .defs
        .parse("member_again", p.depth + 1, p.merge)
        .transpose()?
        .map(opt);
    let conj_aside = || {
        Node::Seq(
            vec![conj_of()]
                .into_iter()
                .chain(aside.clone())
                .chain(again.clone())
                .collect(),
        )
    };
    let conj = conj_aside();
    // A member but the last may carry an apposition: "Macky Sall, the current chair of the
    // African Union, and Ghana's president".
    let appos = p
        .defs
        .parse("member_appos", p.depth + 1, p.merge)
        .transpose()?;
    let others = |appos: &Option<Node>| Node::Repeat {
        node: Box::new(Node::Seq(vec![
            comma(),
            member(slot.clone()),
            after.clone(),
            appos.clone().map_or(Node::Seq(vec![]), opt),
        ])),
        min: 1,
        max: None,
        greedy: true,
    };
    // Commas separate members only in a list closed by a conjunction: "A, B and C". Without
    // one, "A, B" is an apposition ("Karapetyan, a Sargsyan ally"). A comma before the
    // conjunction needs a member or an apposition before it: "talks with A, and B and C
    // signed" joins clauses.
    // The last may be others no name gives: "China, Russia, India and four Central Asian
    // states", "Canada, Brazil and several other members". The named ones are the members;
    // the quantifier is the list's, and what follows is the rule's.
    let unnamed = Node::Seq(vec![
        Node::Tok(words(&[
            "other", "others", "several", "many", "some", "two", "three", "four", "five", "six",
            "seven", "eight", "nine", "ten", "dozens",
        ])),
        opt(Node::Tok(words(&["other"]))),
    ]);
    let mut tail = Node::Seq(vec![
        after.clone(),
        opt(Node::Seq(vec![others(&appos), opt(comma())])),
        conj.clone(),
        alt(vec![member(slot.clone()), unnamed]),
    ]);
    if let Some(a) = &appos {
        // The first member's apposition closes with the comma before the conjunction ("A,
        // who hosted it, and B") or before the next member ("A, who chairs ECOWAS, B and C").
        tail = alt(vec![
            tail,
            Node::Seq(vec![
                after.clone(),
                a.clone(),
                alt(vec![Node::Seq(vec![others(&appos), opt(comma())]), comma()]),
                conj,
                member(slot.clone()),
            ]),
        ]);
    }
    // "as well as" after a comma adds a member and never opens a clause: "Iran backs Hamas,
    // as well as Lebanon's Hezbollah".
    tail = alt(vec![
        tail,
        Node::Seq(vec![
            after.clone(),
            opt(others(&None)),
            comma(),
            as_well_as(),
            member(slot.clone()),
        ]),
    ]);
    let plain = Node::Seq(vec![
        opt(Node::Tok(words(&["both", "either"]))),
        member(slot.clone()),
        opt(tail),
    ]);
    if !co_agents {
        return Ok(plain);
    }
    // "A, along with B, C and D,": the aside closes with its comma.
    let others = Node::Seq(vec![
        member(slot.clone()),
        Node::Repeat {
            node: Box::new(Node::Seq(vec![comma(), member(slot.clone())])),
            min: 0,
            max: None,
            greedy: true,
        },
        opt(Node::Seq(vec![
            opt(comma()),
            conj_aside(),
            member(slot.clone()),
        ])),
    ]);
    let along = Node::Seq(vec![
        member(slot),
        comma(),
        alt(vec![
            Node::Tok(words(&["along with", "together with"])),
            Node::Seq(vec![
                Node::Tok(words(&["along", "together"])),
                Node::Tok(words(&["with"])),
            ]),
            // "Lithuania, like Poland, is a member of NATO": both are.
            Node::Tok(words(&["like"])),
        ]),
        others,
        comma(),
    ]);
    Ok(alt(vec![along, plain]))
}

/// The definition an item names alone (`{name}`, no quantifier, capture or `!`), as
/// [`Parser::item`] reads it.
fn def_name(piece: &str) -> Option<&str> {
    if piece.starts_with('!') {
        return None;
    }
    if let Some((name, rest)) = piece.split_once(':') {
        if is_name(name) && !rest.is_empty() {
            return None;
        }
    }
    let (base, quant) = split_quant(piece);
    if !quant.is_empty() {
        return None;
    }
    base.strip_prefix('{').and_then(|s| s.strip_suffix('}'))
}

fn is_name(s: &str) -> bool {
    !s.is_empty() && s.chars().all(|c| c.is_ascii_lowercase() || c == '_')
}

fn split_quant(piece: &str) -> (&str, &str) {
    // A quoted word keeps its quantifier after the closing quote: `'s'?`.
    if let Some(close) = piece.strip_prefix('\'').and_then(|r| r.rfind('\'')) {
        return piece.split_at(close + 2);
    }
    if piece.len() > 1 && !piece.starts_with('\'') {
        if let Some(pos) = piece.rfind('{') {
            if pos > 0
                && piece.ends_with(['}', '?'])
                && !piece.ends_with("}}")
                && !piece[..pos].ends_with('{')
                && !piece.starts_with('{')
            {
                return (&piece[..pos], &piece[pos..]);
            }
        }
        let base = piece.trim_end_matches(['?', '*', '+']);
        // `ACTOR+` is a list, kept whole for the caller.
        if base.len() < piece.len() && !base.is_empty() {
            if piece[base.len()..].starts_with('+') && slot_pred(base).is_some() {
                let after = &piece[base.len() + 1..];
                return (&piece[..base.len() + 1], after);
            }
            return (base, &piece[base.len()..]);
        }
    }
    (piece, "")
}

fn quantify(node: Node, q: &str) -> Result<Node, String> {
    if q.is_empty() {
        return Ok(node);
    }
    let (q, greedy) = match q.strip_suffix('?') {
        Some(rest) if !rest.is_empty() => (rest, false),
        _ => (q, true),
    };
    let (min, max) = match q {
        "?" => (0, Some(1)),
        "*" => (0, None),
        "+" => (1, None),
        _ => {
            let inner = q
                .strip_prefix('{')
                .and_then(|s| s.strip_suffix('}'))
                .ok_or_else(|| format!("bad quantifier {q:?}"))?;
            let num = |s: &str| {
                s.trim()
                    .parse::<u32>()
                    .map_err(|_| format!("bad quantifier {q:?}"))
            };
            match inner.split_once(',') {
                Some((a, b)) => (num(a)?, Some(num(b)?)),
                None => (num(inner)?, Some(num(inner)?)),
            }
        }
    };
    if let Some(m) = max {
        if m < min || m > MAX_REPEAT {
            return Err(format!(
                "bad quantifier {q:?} (at most {MAX_REPEAT} repetitions)"
            ));
        }
    }
    Ok(Node::Repeat {
        node: Box::new(node),
        min,
        max,
        greedy,
    })
}

fn slot_pred(a: &str) -> Option<Pred> {
    let (ty, form) = a.split_once('.').unwrap_or((a, ""));
    let types = match ty {
        "PERSON" => 1,
        "COUNTRY" => 2,
        "ORG" => 4,
        "LOCATION" => 8,
        "ACTOR" => 7,
        "POLITY" => 6,
        "ENTITY" => 15,
        "PARTY" => PARTY,
        _ => return None,
    };
    let (forms, poss) = match form {
        "" => (0, None),
        "adj" => (2, None),
        "name" => (5, None),
        "head" => (5, Some(false)),
        "poss" => (0, Some(true)),
        "compound" => (COMPOUND, None),
        "pron" => return Some(Pred::Pron { types }),
        _ => return None,
    };
    Some(Pred::Slot { types, forms, poss })
}

fn pred(a: &str) -> Result<Pred, String> {
    if let Some(p) = slot_pred(a) {
        return Ok(p);
    }
    if let Some(rest) = a.strip_prefix('@') {
        let (rel, pos) = rest.split_once('.').unwrap_or((rest, ""));
        let relation = match rel {
            "event" => LexRel::Event,
            "any" => LexRel::Any,
            r => LexRel::Is(
                r.parse::<RelationType>()
                    .map_err(|e| format!("in {a:?}: {e}"))?,
            ),
        };
        let pos = match pos {
            "" => None,
            "verb" => Some(Pos::Verb),
            "noun" => Some(Pos::Noun),
            "adj" => Some(Pos::Adj),
            p => {
                return Err(format!(
                    "in {a:?}: unknown part of speech {p:?} (verb, noun or adj)"
                ))
            }
        };
        return Ok(Pred::Lex { relation, pos });
    }
    if let Some(inner) = a.strip_prefix('<').and_then(|s| s.strip_suffix('>')) {
        let set: Vec<String> = inner.split('|').map(str::to_lowercase).collect();
        if set.iter().any(String::is_empty) {
            return Err(format!("an empty lemma in {a:?}"));
        }
        return Ok(Pred::Lemma(set.into()));
    }
    match a {
        "_" => return Ok(Pred::Any),
        "..." => return Ok(Pred::Gap),
        "TITLE" => return Ok(Pred::Title { office: false }),
        "OFFICE" => return Ok(Pred::Title { office: true }),
        _ => {}
    }
    if a.chars().next().is_some_and(|c| c.is_ascii_uppercase()) {
        let mut mask = 0;
        for part in a.split('|') {
            let c = class::NAMES
                .iter()
                .find(|(n, _)| *n == part)
                .ok_or_else(|| {
                    format!("unknown item {a:?}: not a class, an entity type, TITLE or OFFICE")
                })?;
            mask |= c.1;
        }
        return Ok(Pred::Class(mask));
    }
    let lit = a.trim_matches('\'');
    let set: Vec<String> = lit
        .split('|')
        .map(|s| s.to_lowercase().replace('\u{2019}', "'"))
        .collect();
    if set.iter().any(String::is_empty) || a.contains(['{', '}', '<', '>', '@']) {
        return Err(format!("cannot read the item {a:?}"));
    }
    Ok(Pred::Lower(set.into()))
}

/// One instruction of the compiled program.
#[derive(Debug, Clone)]
pub enum Inst {
    /// Consume a token satisfying predicate `.0`, then go to `.1`.
    Tok(u32, u32),
    /// Go to `.1` if the next token does not satisfy predicate `.0` (or there is none).
    Not(u32, u32),
    /// Go to `.0` at the start of a clause.
    Start(u32),
    /// Try `.0`, then `.1`.
    Split(u32, u32),
    /// Record the position in capture slot `.0`, then go to `.1`.
    Save(u16, u32),
    /// A match.
    Match,
}

/// Compiles `node` into `prog` (predicates interned into `preds`); returns the start.
/// `names` gives each capture its slot pair.
pub fn compile(node: &Node, prog: &mut Vec<Inst>, preds: &mut Preds, names: &[String]) -> u32 {
    let start = prog.len() as u32;
    let mut holes = Holes::new();
    emit(node, prog, preds, names, &mut holes);
    let here = prog.len() as u32;
    patch(prog, &mut holes, 0, here);
    prog.push(Inst::Match);
    start
}

/// Holes to fill with the next instruction: (instruction, which branch).
type Holes = Vec<(u32, u8)>;

/// Fills the holes from `from` on with `to` and drops them from the list.
fn patch(prog: &mut [Inst], holes: &mut Holes, from: usize, to: u32) {
    for (at, which) in holes.drain(from..) {
        patch_one(prog, at, which, to);
    }
}

fn patch_one(prog: &mut [Inst], at: u32, which: u8, to: u32) {
    match (&mut prog[at as usize], which) {
        (Inst::Tok(_, n), _)
        | (Inst::Not(_, n), _)
        | (Inst::Save(_, n), _)
        | (Inst::Start(n), _) => *n = to,
        (Inst::Split(a, _), 0) => *a = to,
        (Inst::Split(_, b), _) => *b = to,
        (Inst::Match, _) => {}
    }
}

/// Emits `node`; appends its holes (where it goes on) to `holes`, one list for the whole
/// pattern rather than one per node.
fn emit(node: &Node, prog: &mut Vec<Inst>, preds: &mut Preds, names: &[String], holes: &mut Holes) {
    let base = holes.len();
    match node {
        Node::Start => {
            prog.push(Inst::Start(u32::MAX));
            holes.push((prog.len() as u32 - 1, 0));
        }
        Node::Tok(p) | Node::Not(p) => {
            let id = preds.intern(p);
            prog.push(match node {
                Node::Tok(_) => Inst::Tok(id, u32::MAX),
                _ => Inst::Not(id, u32::MAX),
            });
            holes.push((prog.len() as u32 - 1, 0));
        }
        Node::Seq(v) => {
            for (i, n) in v.iter().enumerate() {
                if i > 0 {
                    let here = prog.len() as u32;
                    patch(prog, holes, base, here);
                }
                emit(n, prog, preds, names, holes);
            }
        }
        Node::Alt(v) => {
            let mut pending: Option<u32> = None;
            for (i, n) in v.iter().enumerate() {
                let last = i + 1 == v.len();
                let here = prog.len() as u32;
                if let Some(s) = pending.take() {
                    patch_one(prog, s, 1, here);
                }
                if !last {
                    prog.push(Inst::Split(here + 1, u32::MAX));
                    pending = Some(here);
                }
                emit(n, prog, preds, names, holes);
            }
        }
        Node::Capture { name, node, .. } => {
            let slot = names.iter().position(|n| n == name).unwrap_or(0) as u16 * 2;
            let here = prog.len() as u32;
            prog.push(Inst::Save(slot, here + 1));
            emit(node, prog, preds, names, holes);
            let close = prog.len() as u32;
            patch(prog, holes, base, close);
            prog.push(Inst::Save(slot + 1, u32::MAX));
            holes.push((close, 0));
        }
        Node::Repeat {
            node,
            min,
            max,
            greedy,
        } => {
            // Each copy's holes lead to the next copy (or to the split before it).
            let link = |prog: &mut Vec<Inst>, holes: &mut Holes| {
                let here = prog.len() as u32;
                patch(prog, holes, base, here);
            };
            for _ in 0..*min {
                link(prog, holes);
                emit(node, prog, preds, names, holes);
            }
            let split = |prog: &mut Vec<Inst>| -> (u32, (u32, u8)) {
                let here = prog.len() as u32;
                if *greedy {
                    prog.push(Inst::Split(here + 1, u32::MAX));
                    (here, (here, 1))
                } else {
                    prog.push(Inst::Split(u32::MAX, here + 1));
                    (here, (here, 0))
                }
            };
            match max {
                None => {
                    link(prog, holes);
                    let (at, exit) = split(prog);
                    emit(node, prog, preds, names, holes);
                    patch(prog, holes, base, at);
                    holes.push(exit);
                }
                Some(max) => {
                    let mut exits = Vec::new();
                    for _ in *min..*max {
                        link(prog, holes);
                        let (_, exit) = split(prog);
                        exits.push(exit);
                        emit(node, prog, preds, names, holes);
                    }
                    holes.extend(exits);
                }
            }
        }
    }
}

/// The predicate number `run` asks its test about for `^`: whether the token is a clause
/// boundary.
pub const START: u32 = u32::MAX;

/// Whether a token ends a clause for `^`.
pub fn is_boundary(tok: &Token) -> bool {
    tok.class & (class::CLAUSE | class::COMMA | class::CONJ | class::REL) != 0
}

/// The rules' distinct token predicates, indexed so that a token's answers to all of them
/// are found at once: word predicates through a map from each word they accept to the
/// predicates that accept it (one lookup per token, two where its lemma differs, instead of a
/// string compare per word per predicate); a mention's or a title's answers depend only on its type, form and marks, so
/// they are listed once per such kind; the few others are tested one by one.
#[derive(Debug, Clone, Default)]
pub struct Preds {
    list: Vec<Pred>,
    /// Each predicate's index in `list`.
    ids: HashMap<Pred, u32>,
    /// Word → the `Lower` predicates that accept it as a lower case, and the `Lemma`
    /// predicates that accept it as a lemma: one map, so that a word that is its own lemma
    /// (most words) finds both with one lookup.
    words: HashMap<Box<str>, [Vec<u32>; 2]>,
    /// Per class bit, the class predicates whose mask holds it: a word's class predicates are
    /// those of its bits, found without testing every class predicate's mask.
    class: Vec<Vec<u32>>,
    /// `_`: every word.
    any: Vec<u32>,
    /// `...`: every word that ends no clause.
    gap: Vec<u32>,
    /// The lexicon predicates.
    lex: Vec<(u32, LexRel, Option<Pos>)>,
    /// Per lexicon entry, the lexicon predicates that accept it, built from the lexicon
    /// `eval` is given on its first call (the rules' own; a new predicate starts it over): a
    /// word's lexicon answers are those of its entries, instead of every lexicon predicate
    /// tested against every entry (a third of this function's cost).
    by_entry: OnceLock<Vec<Vec<u32>>>,
    /// Per entity type bit, the `.pron` items of that type, for words that refer.
    pron: [Vec<u32>; 4],
    /// Per kind of mention or title ([`mention_kind`]), the predicates it satisfies.
    mentions: Vec<Vec<u32>>,
}

/// The entity types (and whether a party), forms and title kinds, in the order
/// [`mention_kind`] numbers them.
const TYPES: [(EntityType, bool); 5] = [
    (EntityType::Person, false),
    (EntityType::Country, false),
    (EntityType::Org, false),
    (EntityType::Location, false),
    (EntityType::Org, true),
];
const FORMS: [AliasForm; 3] = [AliasForm::Name, AliasForm::Demonym, AliasForm::Surname];
/// How many kinds of mention and title: type × form × possessive × compound, then the two
/// title kinds.
const MENTION_KINDS: usize = TYPES.len() * 3 * 2 * 2 + 2;

/// What a mention's or a title's answers depend on, as a number below [`MENTION_KINDS`];
/// `None` for a word.
fn mention_kind(tok: &Token) -> Option<usize> {
    match tok.kind {
        Kind::Word => None,
        Kind::Slot(_, t, f) => {
            let t = TYPES.iter().position(|&x| x == (t, tok.party)).unwrap_or(0);
            let f = FORMS.iter().position(|&x| x == f).unwrap_or(0);
            Some(((t * 3 + f) * 2 + tok.possessive as usize) * 2 + tok.compound as usize)
        }
        Kind::Title(_, k) => Some(MENTION_KINDS - 2 + (k == TitleKind::Office) as usize),
    }
}

/// A token of each kind [`mention_kind`] numbers.
fn mention_samples() -> impl Iterator<Item = Token> {
    let slots = TYPES.into_iter().flat_map(|(t, party)| {
        FORMS.into_iter().flat_map(move |f| {
            [(false, false), (false, true), (true, false), (true, true)]
                .into_iter()
                .map(move |(possessive, compound)| {
                    (
                        Kind::Slot(EntityRef::Known(0), t, f),
                        possessive,
                        compound,
                        party,
                    )
                })
        })
    });
    let titles = [TitleKind::Honorific, TitleKind::Office]
        .into_iter()
        .map(|k| (Kind::Title(0, k), false, false, false));
    slots
        .chain(titles)
        .map(|(kind, possessive, compound, party)| Token {
            span: 0..0,
            kind,
            lower: String::new(),
            lemma: String::new(),
            class: 0,
            possessive,
            compound,
            party,
            triggers: Vec::new(),
            refers: None,
        })
}

/// Files predicate `id` under each bit of `mask` in a per-bit index.
fn index_bits(by_bit: &mut [Vec<u32>], mask: u32, id: u32) {
    for (bit, ids) in by_bit.iter_mut().enumerate() {
        if mask & (1 << bit) != 0 {
            ids.push(id);
        }
    }
}

impl Preds {
    /// The index of `p`, added if new.
    pub fn intern(&mut self, p: &Pred) -> u32 {
        if let Some(&i) = self.ids.get(p) {
            return i;
        }
        let id = self.list.len() as u32;
        let mut by_word = |side: usize, words: &[String]| {
            for w in words {
                let ids = &mut self.words.entry(w.as_str().into()).or_default()[side];
                if !ids.contains(&id) {
                    ids.push(id);
                }
            }
        };
        match p {
            Pred::Lower(words) => by_word(0, words),
            Pred::Lemma(words) => by_word(1, words),
            Pred::Lex { relation, pos } => {
                self.lex.push((id, *relation, *pos));
                self.by_entry = OnceLock::new();
            }
            Pred::Class(c) => {
                self.class.resize(32, Vec::new());
                index_bits(&mut self.class, *c, id);
            }
            Pred::Pron { types } => index_bits(&mut self.pron, u32::from(*types), id),
            Pred::Any => self.any.push(id),
            Pred::Gap => self.gap.push(id),
            Pred::Slot { .. } | Pred::Title { .. } => {}
        }
        if matches!(
            p,
            Pred::Slot { .. } | Pred::Title { .. } | Pred::Any | Pred::Gap
        ) {
            self.mentions.resize(MENTION_KINDS, Vec::new());
            for (k, tok) in mention_samples().enumerate() {
                debug_assert_eq!(mention_kind(&tok), Some(k));
                if p.matches(&tok, &Lexicon::default()) {
                    self.mentions[k].push(id);
                }
            }
        }
        self.list.push(p.clone());
        self.ids.insert(p.clone(), id);
        id
    }

    /// Predicate `i`.
    pub fn get(&self, i: u32) -> &Pred {
        &self.list[i as usize]
    }

    /// How many predicates.
    pub fn list_len(&self) -> usize {
        self.list.len()
    }

    /// How many bit words one token's answers take.
    pub fn words(&self) -> usize {
        self.list.len().div_ceil(64)
    }

    /// Sets in `bits` (of [`Preds::words`] words) the bit of every predicate `tok` satisfies.
    pub fn eval(&self, tok: &Token, lex: &Lexicon, bits: &mut [u64]) {
        let mut set = |i: u32| bits[i as usize / 64] |= 1 << (i % 64);
        if let Some(k) = mention_kind(tok) {
            if let Some(ids) = self.mentions.get(k) {
                ids.iter().for_each(|&i| set(i));
            }
            if let Kind::Slot(_, t, _) = tok.kind {
                if tok.is_pronoun_mention() {
                    let bit = type_bit(t).trailing_zeros() as usize;
                    self.pron[bit].iter().for_each(|&i| set(i));
                }
            }
            return;
        }
        if tok.lower == tok.lemma {
            if let Some([lower, lemma]) = self.words.get(tok.lower.as_str()) {
                lower.iter().chain(lemma).for_each(|&i| set(i));
            }
        } else {
            let lower = self.words.get(tok.lower.as_str()).map(|[l, _]| l);
            let lemma = self.words.get(tok.lemma.as_str()).map(|[_, l]| l);
            for &i in lower.into_iter().chain(lemma).flatten() {
                set(i);
            }
        }
        self.any.iter().for_each(|&i| set(i));
        if tok.class & class::CLAUSE == 0 {
            self.gap.iter().for_each(|&i| set(i));
        }
        // Most words are of no class, have no lexicon entry and refer to nothing.
        let mut bits = tok.class;
        while bits != 0 {
            let bit = bits.trailing_zeros() as usize;
            bits &= bits - 1;
            if let Some(ids) = self.class.get(bit) {
                ids.iter().for_each(|&i| set(i));
            }
        }
        if !tok.triggers.is_empty() {
            let by_entry = self.by_entry.get_or_init(|| self.index_entries(lex));
            for &e in &tok.triggers {
                match by_entry.get(e as usize) {
                    Some(ids) => ids.iter().for_each(|&i| set(i)),
                    // (An entry added to the lexicon after the index was built.)
                    None => {
                        for &(i, relation, pos) in &self.lex {
                            if accepts(&lex.entries()[e as usize], relation, pos) {
                                set(i);
                            }
                        }
                    }
                }
            }
        }
        if let Some((_, t)) = tok.refers {
            let bit = type_bit(t).trailing_zeros() as usize;
            self.pron[bit].iter().for_each(|&i| set(i));
        }
    }

    /// Per entry of `lex`, the lexicon predicates that accept it.
    fn index_entries(&self, lex: &Lexicon) -> Vec<Vec<u32>> {
        lex.entries()
            .iter()
            .map(|e| {
                self.lex
                    .iter()
                    .filter(|&&(_, relation, pos)| accepts(e, relation, pos))
                    .map(|&(i, ..)| i)
                    .collect()
            })
            .collect()
    }
}

/// Runs the rule whose instructions are `rule` (it starts at the first) on the tokens
/// `span` (from the start `at` to the sentence's end `len`), anchored, leftmost-first (the first alternative that leads to a match wins), as a bounded
/// backtracker: every (instruction, position) pair is visited at most once, so the cost is
/// linear in the program times the sentence. `caps` receives the capture slots (token
/// indices; `usize::MAX` for unset).
///
/// `live(pc, pos)` may rule out pairs known not to lead to a match (the automaton's sets,
/// see [`super::automaton`]): the run then walks straight to the match it would have found,
/// since pruning pairs that cannot reach a match changes neither the order in which the
/// others are tried nor which of them is reached first. `|_, _| true` prunes nothing.
pub fn run(
    prog: &[Inst],
    test: &mut impl FnMut(u32, usize) -> bool,
    span: std::ops::Range<usize>,
    rule: std::ops::Range<u32>,
    caps: &mut [usize],
    scratch: &mut Scratch,
    live: impl Fn(u32, usize) -> bool,
) -> Option<usize> {
    // A rule's instructions are contiguous: the visited set covers only them, position-major,
    // so that the steps of one position (most of a run) touch neighbouring cells.
    let (at, len) = (span.start, span.end);
    let base = rule.start as usize;
    let m = rule.len();
    let n = len + 1;
    scratch.furthest = None;
    // Visited marks are generation stamps: a new run needs no clearing.
    scratch.stamp = scratch.stamp.wrapping_add(1);
    if scratch.stamp == 0 {
        scratch.visited.iter_mut().for_each(|v| *v = 0);
        scratch.stamp = 1;
    }
    let stamp = scratch.stamp;
    if scratch.visited.len() < m * n {
        scratch.visited.resize(m * n, 0);
    }
    scratch.stack.clear();
    scratch.stack.push(Frame::Step(rule.start, at));
    while let Some(frame) = scratch.stack.pop() {
        let (mut pc, mut pos) = match frame {
            Frame::Step(pc, pos) => (pc, pos),
            Frame::Restore(slot, old) => {
                caps[slot as usize] = old;
                continue;
            }
        };
        loop {
            let cell = &mut scratch.visited[pos * m + (pc as usize - base)];
            if *cell == stamp {
                break;
            }
            *cell = stamp;
            if !live(pc, pos) {
                break;
            }
            match prog[pc as usize] {
                Inst::Match => return Some(pos),
                Inst::Tok(p, next) => {
                    if pos < len && test(p, pos) {
                        pc = next;
                        pos += 1;
                    } else {
                        if scratch.furthest.is_none_or(|(f, _)| pos > f) {
                            scratch.furthest = Some((pos, p));
                        }
                        break;
                    }
                }
                Inst::Not(p, next) => {
                    if pos < len && test(p, pos) {
                        break;
                    }
                    pc = next;
                }
                Inst::Start(next) => {
                    if pos > 0 && !test(START, pos - 1) {
                        break;
                    }
                    pc = next;
                }
                Inst::Split(a, b) => {
                    scratch.stack.push(Frame::Step(b, pos));
                    pc = a;
                }
                Inst::Save(slot, next) => {
                    if (slot as usize) < caps.len() {
                        scratch
                            .stack
                            .push(Frame::Restore(slot, caps[slot as usize]));
                        caps[slot as usize] = pos;
                    }
                    pc = next;
                }
            }
        }
    }
    None
}

/// Buffers the backtracker reuses.
#[derive(Debug, Default)]
pub struct Scratch {
    /// `stamp` where (instruction, position) was visited in this run.
    visited: Vec<u32>,
    stamp: u32,
    stack: Vec<Frame>,
    /// After a run: the furthest token position where a token test failed, and the
    /// predicate it failed (for `explain`).
    pub furthest: Option<(usize, u32)>,
}

/// "PERSON|COUNTRY" for type bits.
fn type_names(types: u8) -> String {
    let names = ["PERSON", "COUNTRY", "ORG", "LOCATION", "PARTY"];
    let t: Vec<&str> = (0..5)
        .filter(|i| types & (1 << i) != 0)
        .map(|i| names[i])
        .collect();
    t.join("|")
}

impl std::fmt::Display for Pred {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Pred::Slot { types, forms, poss } => {
                write!(f, "a mention ({})", type_names(*types))?;
                if *forms == 2 {
                    write!(f, " as a demonym")?;
                }
                match poss {
                    Some(true) => write!(f, " with 's")?,
                    Some(false) => write!(f, " without 's")?,
                    None => {}
                }
                Ok(())
            }
            Pred::Pron { types } => {
                write!(f, "a possessive pronoun for a {}", type_names(*types))
            }
            Pred::Title { office: true } => write!(f, "an office title"),
            Pred::Title { office: false } => write!(f, "a title"),
            Pred::Lower(set) => write!(f, "the word {}", set.join("|")),
            Pred::Lemma(set) => write!(f, "the lemma <{}>", set.join("|")),
            Pred::Class(c) => {
                let n: Vec<&str> = class::NAMES
                    .iter()
                    .filter(|(_, b)| c & b != 0)
                    .map(|(n, _)| *n)
                    .collect();
                write!(f, "a word of class {}", n.join("|"))
            }
            Pred::Lex { relation, pos } => {
                let r = match relation {
                    LexRel::Event => "event".to_string(),
                    LexRel::Any => "any".to_string(),
                    LexRel::Is(r) => r.to_string(),
                };
                write!(
                    f,
                    "a lexicon word @{r}{}",
                    pos.map(|p| format!(".{}", p.as_str())).unwrap_or_default()
                )
            }
            Pred::Any => write!(f, "any word"),
            Pred::Gap => write!(f, "a gap word (no clause boundary, no other actor)"),
        }
    }
}

#[derive(Debug)]
enum Frame {
    Step(u32, usize),
    Restore(u16, usize),
}

#[cfg(test)]
mod tests {
    use super::*;

    fn word(w: &str) -> Token {
        Token {
            span: 0..0,
            kind: Kind::Word,
            lower: w.to_lowercase(),
            lemma: w.to_lowercase(),
            class: if w == "," {
                class::PUNCT | class::COMMA
            } else {
                0
            },
            possessive: false,
            compound: false,
            party: false,
            triggers: Vec::new(),
            refers: None,
        }
    }

    /// Compiles `src` and gives its program, predicates and the answers of `tokens`.
    fn setup(src: &str, tokens: &[Token]) -> (Vec<Inst>, Preds, Vec<u64>) {
        let node = parse(src, &Defs::default()).unwrap();
        let (mut prog, mut preds) = (Vec::new(), Preds::default());
        compile(&node, &mut prog, &mut preds, &[]);
        let w = preds.words();
        let mut bits = vec![0; tokens.len() * w];
        for (t, b) in tokens.iter().zip(bits.chunks_exact_mut(w)) {
            preds.eval(t, &Lexicon::default(), b);
        }
        (prog, preds, bits)
    }

    /// Every default rule: alternations merged as the parser builds them give the tree
    /// `simplify` makes of the tree parsed without.
    #[test]
    fn merging_as_built_is_simplifying_after() {
        let (_, text) = crate::gazetteer::defaults::RULES;
        let file: toml::Table = toml::from_str(text).unwrap();
        let define: BTreeMap<String, String> = file
            .get("define")
            .and_then(|d| d.as_table())
            .map(|t| {
                t.iter()
                    .map(|(k, v)| (k.clone(), v.as_str().unwrap().to_string()))
                    .collect()
            })
            .unwrap_or_default();
        let defs = super::super::TokenRules::definitions(&define);
        let rules = file["rule"].as_array().unwrap();
        for rule in rules {
            let src = rule["tokens"].as_str().unwrap();
            let raw = parse_depth(src, &defs, 0, false).unwrap();
            let merged = parse_depth(src, &defs, 0, true).unwrap();
            assert_eq!(simplify(raw), merged, "{src}");
        }
        assert!(rules.len() > 200);
    }

    #[test]
    fn not_takes_a_definition_as_written() {
        let defs = Defs::new(BTreeMap::from([
            ("two".to_string(), "( with | to )".to_string()),
            ("one".to_string(), "with|to".to_string()),
        ]));
        assert_eq!(
            parse("!{two} <meet>", &defs).unwrap_err(),
            "`!{two}`: `!` applies to one token item"
        );
        assert!(parse("!{one} <meet>", &defs).is_ok());
    }

    #[test]
    fn token_bits_agree_with_each_predicate() {
        let tokens: Vec<Token> = "they met , and the talks with Ankara met again"
            .split(' ')
            .map(word)
            .collect();
        let (_, preds, bits) = setup("<meet|talk> ( with | and | COMMA ) _ ... the?", &tokens);
        let w = preds.words();
        for (i, t) in tokens.iter().enumerate() {
            for p in 0..preds.list.len() as u32 {
                let bit = bits[i * w + p as usize / 64] >> (p % 64) & 1 == 1;
                assert_eq!(
                    bit,
                    preds.get(p).matches(t, &Lexicon::default()),
                    "{p} {t:?}"
                );
            }
        }
    }
}
