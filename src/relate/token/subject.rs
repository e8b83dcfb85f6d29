//! Shared subjects: a verb whose subject the sentence names in another clause.
//!
//! - "Russia has condemned the move and threatened countermeasures against Finland": a verb
//!   joined to an earlier one by "and" or "but" has the earlier verb's subject (passing the
//!   verbs of a list of verb phrases: "closed its borders, froze assets and suspended").
//! - "Petro said the border would stay shut, accusing Venezuela of sheltering rebels": a
//!   participle after a comma has the subject of the clause's first verb.
//! - "Kickl, whose party won 29 percent, accused Stocker of": a verb after a relative clause
//!   or an apposition has the name the clause describes.
//!
//! Without a parser, each is read from a few tokens around the two verbs. The subject's
//! tokens are copied in front of the verb, with an empty span where the copy stands, after a
//! clause boundary of their own: every rule then reads the verb as the first of a clause of
//! its own, subject included, and no list or gap runs across. A subject under a negation, a
//! modal or a condition ("Russia would never attack Finland and …") is not shared: the second
//! verb is in the same scope, which the copy would lose.

use std::ops::Range;

use super::lexicon::{Lexicon, Pos};
use super::view::{class, past_form, Kind, Token};
use crate::gazetteer::EntityType;
use crate::matcher::AliasForm;

/// How many commas back a relative clause or an apposition may open ("Bainimarama, whose
/// party won 26 seats, the most of any party, had accused").
const MAX_COMMAS: usize = 3;

/// How far back (in tokens) the earlier verb is looked for: the scan stays cheap and local.
const MAX_BACK: usize = 40;

/// How many tokens of the verb phrase are looked at for a relation's trigger or a title.
const STATES_WITHIN: usize = 12;

/// Words that open a subordinate clause: its verb is the main clause's only where no comma
/// stands before the conjunction ("since Russia invaded Ukraine and annexed Crimea", but "…,
/// their first meeting since Russia invaded Ukraine, and had talks with").
const SUBORDINATORS: &[&str] = &[
    "since", "after", "before", "when", "as", "until", "because", "while", "once", "where",
];

/// Prepositions before a participle that shares the clause's subject ("by expelling",
/// "after defeating"). Not "without", which negates it, nor "on" or "for", whose "-ing" words
/// are as often nouns ("on trading", "for talks").
const GERUND_PREPOSITIONS: &[&str] = &["by", "after", "before", "while", "when", "since", "upon"];

/// Verbs whose object does what "for" and a participle after it say: "thanked Iraq and Oman
/// for hosting", "praised Qatar for mediating". (Not blame: "blame X for shielding Y" reports
/// a charge, not a fact.)
const OBJECT_CONTROL: &[&str] = &[
    "thank",
    "praise",
    "commend",
    "credit",
    "hail",
    "laud",
    "congratulate",
    "reward",
];

/// The object of a verb of [`OBJECT_CONTROL`] right before "for" at `i`: its names, when
/// nothing but they (and a title) stand between the verb and "for".
fn praised_object(out: &[Token], i: usize) -> Option<Range<usize>> {
    let last = i.checked_sub(1).filter(|&k| actor(&out[k]))?;
    let start = clause_start(out, i);
    let names = list_back(out, start, last);
    let verb = names.start.checked_sub(1).filter(|&v| v >= start)?;
    (out[verb].kind == Kind::Word && OBJECT_CONTROL.contains(&out[verb].lemma.as_str()))
        .then_some(names)
}

/// Participles that are adjectives after "and" far more often than verbs ("the army and
/// allied militias", "Hamas and affiliated groups").
const ADJECTIVAL: &[&str] = &[
    "allied",
    "armed",
    "affiliated",
    "associated",
    "related",
    "linked",
    "united",
    "backed",
    "based",
    "led",
    "elected",
    "named",
    "called",
    "so-called",
    "detained",
    "jailed",
    "exiled",
    "disputed",
    "occupied",
];

/// Copies each shared subject in front of its verb (see the module's documentation).
pub(super) fn share(lex: &Lexicon, out: &mut Vec<Token>) {
    let mut copies: Vec<(usize, Range<usize>)> = Vec::new();
    for i in 0..out.len().saturating_sub(1) {
        if let Some(subject) = shared_at(lex, out, i) {
            copies.push((i + 1, subject));
        }
    }
    // From the back, so that each insertion leaves the positions before it as they were.
    for (at, subject) in copies.into_iter().rev() {
        let z = out[at - 1].span.end;
        // A clause boundary of its own before the copy: the conjunction or comma stays as
        // written for the patterns before it, but no list, apposition or gap runs on into
        // the copy ("make up the AES, [the three countries] signed").
        let boundary = Token {
            span: z..z,
            kind: Kind::Word,
            lower: BOUNDARY.to_string(),
            lemma: BOUNDARY.to_string(),
            class: class::PUNCT | class::CLAUSE,
            possessive: false,
            compound: false,
            party: false,
            triggers: Vec::new(),
            refers: None,
        };
        // The subject's names, joined as a list is: a separator (the last "and" or comma seen)
        // between two names, and nothing else of the phrases around them.
        let mut copy: Vec<Token> = Vec::new();
        let mut sep: Option<&Token> = None;
        let names = &out[subject];
        for (k, t) in names.iter().enumerate() {
            // A name that modifies the noun after it ("his FARC counterpart") is no subject.
            let modifier = names.get(k + 1).is_some_and(|n| {
                n.kind == Kind::Word && n.class & (class::CONJ | class::COMMA) == 0
            });
            if t.is_slot() && !matches!(t.kind, Kind::Slot(_, _, AliasForm::Demonym)) && !modifier {
                if let (Some(s), false) = (sep.take(), copy.is_empty()) {
                    copy.push(s.clone());
                }
                copy.push(t.clone());
            } else if t.kind == Kind::Word
                && t.class & (class::CONJ | class::COMMA) != 0
                && sep.is_none_or(|s| s.class & class::CONJ == 0)
            {
                sep = Some(t);
            }
        }
        let copy = copy.into_iter().map(|t| Token { span: z..z, ..t });
        let inserted: Vec<Token> = std::iter::once(boundary).chain(copy).collect();
        out.splice(at..at, inserted);
    }
}

/// The word of the clause boundary put before a copied subject (shown by `explain`).
pub const BOUNDARY: &str = "|";

/// The subject to copy after token `i` (a conjunction or a comma) when a verb that has none
/// of its own follows it.
fn shared_at(lex: &Lexicon, out: &[Token], i: usize) -> Option<Range<usize>> {
    let t = &out[i];
    if t.kind != Kind::Word || t.class & class::CLAUSE != 0 {
        return None;
    }
    let conj = matches!(t.lower.as_str(), "and" | "but");
    let comma = t.class & class::COMMA != 0;
    // "responded by expelling", "won after defeating", "called Scholz before meeting": a
    // participle after a preposition of manner or time has the clause's subject too.
    // (After a comma the phrase may be the speaker's: "Eritrea has agreed to withdraw, Abiy
    // said, after holding talks with Isaias".)
    let by = GERUND_PREPOSITIONS.contains(&t.lower.as_str())
        && i > 0
        && out[i - 1].class & class::COMMA == 0
        && out.get(i + 1).is_some_and(|n| is_participle(lex, n));
    if t.lower == "for" && out.get(i + 1).is_some_and(|n| is_participle(lex, n)) {
        return praised_object(out, i);
    }
    if !conj && !comma && !by {
        return None;
    }
    let verb = verb_after(lex, out, i + 1)?;
    if !states_relation(lex, out, verb) {
        return None;
    }
    let start = clause_start(out, i);
    if out[start..i].iter().any(|t| t.class & class::COND != 0) {
        return None;
    }
    if by {
        // The nearest verb before it with a subject of its own names it: "Brazil expressed
        // solidarity, and Nicaragua followed Mexico's lead by breaking off relations".
        // (Only the nearest: past it lies another clause's subject.)
        return (start..i)
            .rev()
            .find(|&k| finite(lex, &out[k]))
            .and_then(|k| subject_of(out, start, k));
    }
    if is_participle(lex, &out[verb]) {
        // The clause's first verb that has a subject names it.
        return comma
            .then(|| {
                // (A modal's clause counts: "Finland will close the border, the
                // government said, accusing Russia of".)
                // (Not a verb of a relative clause: "the Dominican Republic, whose
                // president has ordered deportations, has tightened its border, drawing".)
                let verbs = (start..i)
                    .filter(|&k| finite(lex, &out[k]) || out[k].class & class::MODAL != 0);
                // (A verb of naming gives the phrase to its object, and nothing is copied:
                // "the king named his son crown prince, replacing his nephew".)
                verbs
                    .clone()
                    .filter(|&k| !in_relative(out, start, k))
                    .chain(verbs)
                    .find_map(|k| subject_of(out, start, k).map(|s| (k, s)))
                    .filter(|&(k, _)| !NAMING.contains(&heads(&out[k]).1))
                    .map(|(_, s)| s)
            })
            .flatten();
    }
    if comma {
        // A relative clause or an apposition closes before the verb; else the verb may be
        // a middle one of a list of verb phrases ("said it regretted the move, accused X
        // of …, and recalled"), whose last, after "and", names the subject they share.
        return described(out, start, i).or_else(|| listed_verb(lex, out, start, i, verb));
    }
    let (first, subject) = earlier_subject(lex, out, start, i)?;
    // A present after a past is a noun: "ordered tariffs and sanctions against Belarus".
    let present = |t: &Token| third_person(lex, t) || matches!(t.lower.as_str(), "is" | "has");
    (!third_person(lex, &out[verb]) || present(&out[first])).then_some(subject)
}

/// Whether the verb phrase that starts at `verb` can state a relation: a lexicon entry of a
/// relation or a title before the clause ends. Other verbs need no subject of their own here,
/// and leaving their clauses as written keeps the rules' reading of them.
fn states_relation(lex: &Lexicon, out: &[Token], verb: usize) -> bool {
    out[verb..]
        .iter()
        .take(STATES_WITHIN)
        .take_while(|t| t.class & class::CLAUSE == 0)
        .any(|t| {
            matches!(t.kind, Kind::Title(..))
                || t.triggers
                    .iter()
                    .any(|&e| lex.entries()[e as usize].relation.is_some())
        })
}

/// The verb at the start of a verb phrase at `j` (adverbs and auxiliaries skipped): a past
/// form, a third person with a verb entry, an auxiliary's participle, or the auxiliary
/// itself ("and is a member of"). A participle in "-ing" after a comma counts too.
fn verb_after(lex: &Lexicon, out: &[Token], mut j: usize) -> Option<usize> {
    while out.get(j)?.kind == Kind::Word && out[j].class & class::ADV != 0 {
        j += 1;
    }
    let first = out.get(j)?;
    if first.kind != Kind::Word {
        return None;
    }
    if first.class & class::AUX != 0 {
        return Some(j);
    }
    (first.class & !class::SHAPE == 0
        && (is_participle(lex, first)
            || (past(first) && !ADJECTIVAL.contains(&first.lower.as_str()))
            || third_person(lex, first)))
    .then_some(j)
}

/// A finite verb: an auxiliary, a past form or a third person with a verb entry.
fn finite(lex: &Lexicon, t: &Token) -> bool {
    t.kind == Kind::Word
        && (t.class & class::AUX != 0 && !matches!(t.lower.as_str(), "be" | "been" | "being")
            || t.class & !class::SHAPE == 0
                && (past(t) || third_person(lex, t) || unlisted_past(t)))
}

/// A lower-case word in "-ed" that no list knows ("triggered", "unveiled"): most are past
/// forms, and only a name right before it makes it a subject's verb here.
fn unlisted_past(t: &Token) -> bool {
    t.class & class::CAP == 0
        && t.lower.len() > 4
        && t.lower.ends_with("ed")
        && t.lemma == t.lower
        && t.triggers.is_empty()
}

/// The first words of a token's lower case and lemma: a joined phrase ("held talks") is
/// inflected in its verb.
fn heads(t: &Token) -> (&str, &str) {
    fn first(s: &str) -> &str {
        s.split(' ').next().unwrap_or_default()
    }
    (first(&t.lower), first(&t.lemma))
}

/// "expelled", "held talks": a past form.
fn past(t: &Token) -> bool {
    let (lower, lemma) = heads(t);
    past_form(lower, lemma)
}

/// "warns", "accuses": a third person of a lexicon verb (not "talks", a plural noun too).
fn third_person(lex: &Lexicon, t: &Token) -> bool {
    let (lower, lemma) = heads(t);
    lower.ends_with('s') && lower != lemma && has_verb(lex, t)
}

/// "accusing", "taking over from": a participle of a lexicon verb.
fn is_participle(lex: &Lexicon, t: &Token) -> bool {
    t.kind == Kind::Word
        && t.class & !class::SHAPE == 0
        && t.class & class::ING != 0
        && has_verb(lex, t)
}

fn has_verb(lex: &Lexicon, t: &Token) -> bool {
    t.triggers
        .iter()
        .any(|&e| lex.entries()[e as usize].pos == Pos::Verb)
}

/// The first token of the clause that holds `at`; quotation marks do not end a clause
/// ("denounced the government as a \"coalition of losers\" and accused").
fn clause_start(out: &[Token], at: usize) -> usize {
    let floor = at.saturating_sub(MAX_BACK);
    (floor..at)
        .rev()
        .find(|&k| out[k].class & class::CLAUSE != 0 && !is_quote(&out[k]))
        .map_or(floor, |k| k + 1)
}

fn is_quote(t: &Token) -> bool {
    matches!(t.lower.as_str(), "\"" | "\u{201c}" | "\u{201d}")
}

/// The subject of the verb phrase before conjunction `i`, with its verb: the nearest finite
/// verb's, passing over modifiers ("the proposed deal") and the verbs of a list of verb
/// phrases ("closed its borders, froze assets and suspended"). Nothing where that verb's
/// subject is no name ("the closure would remain … and") or a modal stands between ("Taipei
/// would not compete … and had ended": the subject is in the modal's clause).
fn earlier_subject(
    lex: &Lexicon,
    out: &[Token],
    start: usize,
    i: usize,
) -> Option<(usize, Range<usize>)> {
    let after_comma = i > start && out[i - 1].class & class::COMMA != 0;
    let mut k = i;
    // ", and" after an apposition or a relative clause joins the verb before it: "X, who
    // flew in, held talks with Modi, their first meeting since Russia invaded, and had".
    if after_comma {
        if let Some(m) = (start..i - 1)
            .rev()
            .find(|&m| out[m].class & class::COMMA != 0)
        {
            // So does a participle's phrase: "rejected the charge, saying X was free, and
            // blamed Hezbollah".
            if opens_description(out, m + 1) || is_participle(lex, &out[m + 1]) {
                k = m;
            }
        }
    }
    while k > start {
        k -= 1;
        let t = &out[k];
        if t.kind == Kind::Word && t.class & class::MODAL != 0 {
            return None;
        }
        // The conjunction is inside a subordinate clause whose subject was not found: the
        // main clause's is not its ("slid into war after Kiir sacked Machar and accused").
        // ("since" and "until" are also adverbs and prepositions: "have since expelled",
        // "until his death"; a name or a pronoun opens the clause.)
        if t.kind == Kind::Word
            && t.lower != "as"
            && SUBORDINATORS.contains(&t.lower.as_str())
            && out.get(k + 1).is_some_and(|n| {
                n.is_slot() || n.kind == Kind::Word && n.class & (class::CAP | class::PRON) != 0
            })
        {
            return None;
        }
        if !finite(lex, t) || (k + 1 < i && out[k + 1].class & class::AUX != 0) {
            continue;
        }
        if let Some(s) = subject_of(out, start, k) {
            let subordinate =
                s.start > start && SUBORDINATORS.contains(&out[s.start - 1].lower.as_str());
            if !(subordinate && after_comma) {
                return Some((k, s));
            }
            continue;
        }
        let before = before_verb(out, start, k)?;
        let b = &out[before];
        let modifier = b.kind == Kind::Word && b.class & (class::DET | class::PREP) != 0;
        let listed = b.kind == Kind::Word
            && (b.class & class::COMMA != 0 || b.lower == "and")
            && !conjunct_subject(out, before);
        if !(modifier || listed) {
            return None;
        }
    }
    None
}

/// The subject of the verb at `verb`, after comma `i`, when the verb opens a middle member
/// of a list of verb phrases: a finite verb of its own (not a past participle that opens an
/// aside, "the deal, signed in 2020,"), then, before the clause ends, "and" and a verb that
/// shares the list's subject.
fn listed_verb(
    lex: &Lexicon,
    out: &[Token],
    start: usize,
    i: usize,
    verb: usize,
) -> Option<Range<usize>> {
    let v = &out[verb];
    if v.class & class::AUX != 0 || !(past(v) || third_person(lex, v)) {
        return None;
    }
    // An aside's participle takes "by" or a place, not an object: "the deal, signed in".
    if out
        .get(verb + 1)
        .is_some_and(|n| n.kind == Kind::Word && n.class & class::PREP != 0)
    {
        return None;
    }
    let end = out.len().min(i + MAX_BACK);
    let and = (verb + 1..end)
        .take_while(|&k| out[k].class & class::CLAUSE == 0)
        .find(|&k| {
            out[k].lower == "and"
                && out[k - 1].class & class::COMMA != 0
                && verb_after(lex, out, k + 1).is_some()
        })?;
    earlier_subject(lex, out, start, and).map(|(_, s)| s)
}

/// Whether the phrase at `k` (after a comma) describes the name before it: an article, a
/// relative pronoun, a possessive or a title opens it.
fn opens_description(out: &[Token], k: usize) -> bool {
    out.get(k).is_some_and(|n| {
        n.kind == Kind::Word && n.class & (class::REL | class::DET | class::NUM) != 0
            || matches!(n.kind, Kind::Title(..))
            || n.is_slot() && n.possessive
    })
}

/// Whether token `k` stands in a relative clause that a comma and a relative pronoun (or a
/// "that") open before it and no comma has closed yet.
fn in_relative(out: &[Token], start: usize, k: usize) -> bool {
    (start..k)
        .rev()
        .find(|&m| out[m].class & (class::COMMA | class::REL) != 0)
        .is_some_and(|m| {
            out[m].class & class::REL != 0
                && m > start
                // (Or a clause "that" opens: "declined to endorse the conclusion that Russia
                // interfered, telling …" is the one who declined telling.)
                && (out[m - 1].class & class::COMMA != 0 || out[m].lower == "that")
        })
}

/// Whether the comma or "and" at `k` is followed by a name of its own before the verb: "A
/// closed, and B froze" is no list of verb phrases.
fn conjunct_subject(out: &[Token], k: usize) -> bool {
    out.get(k + 1).is_some_and(Token::is_slot)
}

/// The token before verb `k` once its auxiliaries and adverbs are passed, or nothing where a
/// negation or a modal stands among them ("would never attack").
fn before_verb(out: &[Token], start: usize, k: usize) -> Option<usize> {
    let mut p = k;
    while p > start {
        p -= 1;
        let t = &out[p];
        if t.kind != Kind::Word {
            return Some(p);
        }
        if t.class & (class::NEG | class::MODAL) != 0 {
            return None;
        }
        // "Trump on Monday declined": a day between the subject and its verb.
        if p > start && crate::text::is_weekday(&t.lower) && out[p - 1].lower == "on" {
            p -= 1;
            continue;
        }
        if t.class & (class::AUX | class::ADV) == 0 {
            return Some(p);
        }
    }
    None
}

/// Verbs that put their object in a post: a participle after them is the object's.
const NAMING: &[&str] = &[
    "name",
    "appoint",
    "elect",
    "choose",
    "nominate",
    "install",
    "swear",
    "designate",
    "pick",
    "tap",
    "select",
];

/// The names that are the subject of finite verb `k`: right before it, before a relative
/// pronoun that opens its clause ("Russia, which has condemned"), or before the relative
/// clause or apposition that closes right before it.
fn subject_of(out: &[Token], start: usize, k: usize) -> Option<Range<usize>> {
    let p = before_verb(out, start, k)?;
    let t = &out[p];
    if actor(t) {
        return headed(out, start, p);
    }
    if t.kind == Kind::Word && t.class & class::REL != 0 && t.lower != "whose" {
        let mut q = p.checked_sub(1)?;
        if out[q].class & class::COMMA != 0 {
            q = q.checked_sub(1)?;
        }
        return (q >= start && actor(&out[q]))
            .then(|| headed(out, start, q))
            .flatten();
    }
    if t.kind == Kind::Word && t.class & class::COMMA != 0 {
        return described(out, start, p);
    }
    None
}

/// The subject whose last name is at `s`: its list, or the person a post's country follows
/// ("King Felipe VI of Spain attended"); nothing for another preposition's object ("work on
/// the canal stopped").
fn headed(out: &[Token], start: usize, s: usize) -> Option<Range<usize>> {
    let list = list_back(out, start, s);
    let Some(mut p) = list.start.checked_sub(1).filter(|&p| p >= start) else {
        return Some(list);
    };
    // Through an article: "ambassador to the United Nations, who called" is no subject.
    if out[p].kind == Kind::Word && out[p].class & class::DET != 0 && p > start {
        p -= 1;
    }
    let b = &out[p];
    if b.kind != Kind::Word || b.class & class::PREP == 0 {
        return Some(list);
    }
    let person = |k: usize| matches!(out[k].kind, Kind::Slot(_, EntityType::Person, _));
    (b.lower == "of" && p > start && person(p - 1) && actor(&out[p - 1])).then(|| p - 1..p)
}

/// The name a relative clause or an apposition describes when it closes with comma `p`:
/// "Kickl, whose party won 29 percent," or "the main opposition party, VMRO-DPMNE,". A
/// relative clause must hold a verb of its own: "the UAE, whose foreign minister, Sheikh
/// Abdullah, visited Assad" is one clause.
fn described(out: &[Token], start: usize, p: usize) -> Option<Range<usize>> {
    // Names in apposition to a noun phrase before them: "the main opposition party,
    // VMRO-DPMNE," or "two former Beninese presidents, Nicephore Soglo and Thomas Boni Yayi,".
    if p > start && actor(&out[p - 1]) {
        let names = list_back(out, start, p - 1);
        let comma = names.start.checked_sub(1).filter(|&c| c > start);
        if let Some(c) = comma.filter(|&c| out[c].class & class::COMMA != 0) {
            // The noun phrase's first word: an article, a possessive or a number must open it.
            let opener = (start..c)
                .rev()
                .take(5)
                .take_while(|&k| {
                    let t = &out[k];
                    t.is_slot() && !t.possessive && k + 1 < c
                        || t.kind == Kind::Word
                            && (t.class & !class::SHAPE == 0
                                || t.class & (class::DET | class::NUM) != 0)
                })
                .filter(|&k| out[k].class & (class::DET | class::NUM) != 0)
                .last()?;
            // The phrase may be a list's last member: "Armenian Foreign Minister Ararat
            // Mirzoyan and his Azerbaijani counterpart, Jeyhun Bayramov,".
            // (A comma may stand before the "and": "X, and his FARC counterpart, Y,".)
            let and = opener.checked_sub(1).filter(|&a| out[a].lower == "and");
            let last = and.and_then(|a| {
                let b = a.checked_sub(1)?;
                let b = if out[b].class & class::COMMA != 0 {
                    b.checked_sub(1)?
                } else {
                    b
                };
                (b >= start && actor(&out[b])).then_some(b)
            });
            return Some(match last {
                Some(b) => list_back(out, start, b).start..names.end,
                None => names,
            });
        }
    }
    let mut commas = 0;
    let mut m = p;
    while m > start && commas < MAX_COMMAS {
        m -= 1;
        if out[m].class & class::COMMA == 0 {
            continue;
        }
        commas += 1;
        let relative = out[m + 1].kind == Kind::Word && out[m + 1].class & class::REL != 0;
        let closed = if relative {
            out[(m + 2).min(p)..p].iter().any(|t| {
                t.class & class::AUX != 0
                    || past(t) && t.kind == Kind::Word && t.class & !class::SHAPE == 0
            })
        } else {
            opens_description(out, m + 1)
        };
        if m > start && closed && actor(&out[m - 1]) {
            return headed(out, start, m - 1);
        }
    }
    None
}

/// A name that can be a subject: a mention of a person, country or organisation, neither a
/// possessive nor the first half of a compound ("Iran-backed").
fn actor(t: &Token) -> bool {
    matches!(t.kind, Kind::Slot(_, ty, _) if ty != EntityType::Location)
        && !t.possessive
        && !t.compound
}

/// The list of names that ends with the name at `s`: "Egypt, Sudan and Ethiopia", "Sharif's
/// PML-N and the PPP" (titles and articles pass; a possessive or a word ends it).
fn list_back(out: &[Token], start: usize, s: usize) -> Range<usize> {
    let mut first = s;
    let mut k = s;
    while k > start {
        k -= 1;
        let t = &out[k];
        if actor(t) {
            first = k;
        } else if !(matches!(t.kind, Kind::Title(..))
            || t.kind == Kind::Word
                && (t.lower == "and" || t.lower == "the" || t.class & class::COMMA != 0))
        {
            break;
        }
    }
    first..s + 1
}

#[cfg(test)]
mod tests {
    use std::sync::OnceLock;

    use crate::{Document, Pipeline};

    fn relations(text: &str) -> Vec<String> {
        static P: OnceLock<Pipeline> = OnceLock::new();
        let p = P.get_or_init(|| Pipeline::builder().build().unwrap());
        let mut out: Vec<String> = p
            .process(&Document::new("t", text))
            .relations
            .iter()
            .map(|r| crate::pipeline::describe(&r))
            .collect();
        out.sort();
        out
    }

    fn finds(text: &str, want: &str) {
        let got = relations(text);
        assert!(
            got.iter().any(|r| r == want),
            "{want} not in {got:?}\n{text}"
        );
    }

    #[test]
    fn a_second_verb_shares_the_first_ones_subject() {
        finds(
            "Russia has condemned the move and accused Finland of provocation.",
            "tension_with(Finland, Russia)",
        );
        finds(
            "The largest opposition party, Likud, boycotted the vote and accused Prime Minister Naftali Bennett of betrayal.",
            "tension_with(Likud, Naftali Bennett)",
        );
        // A list of verb phrases, the last one joined by "and".
        finds(
            "ECOWAS closed its borders, froze the junta's assets and accused Niger of provocation.",
            "tension_with(Niger, ECOWAS)",
        );
        // A middle member of such a list, after a comma.
        finds(
            "Kenya said it regretted the move, accused Somalia of bad faith, and recalled its envoy.",
            "tension_with(Kenya, Somalia)",
        );
    }

    #[test]
    fn an_aside_after_a_comma_shares_no_subject() {
        // "signed" opens a participle's aside here, not a verb phrase of Somalia's.
        let got = relations(
            "Somalia rejected the pact, signed by Ethiopia with Somaliland, and recalled its envoy.",
        );
        assert!(
            !got.iter().any(|r| r.starts_with("agreement_with")
                && (r.contains("(Somalia,") || r.ends_with(" Somalia)"))),
            "{got:?}"
        );
    }

    #[test]
    fn a_verb_after_a_relative_clause_has_the_name_it_describes() {
        finds(
            "Egypt, which has long opposed the dam, later accused Ethiopia of acting alone.",
            "tension_with(Egypt, Ethiopia)",
        );
    }

    #[test]
    fn a_prepositions_object_is_no_relative_clauses_subject() {
        // "who" takes the ambassador, not the body he is posted to.
        let text = "The talks were led by Bashar al-Jaafari, Syria's envoy to the United Nations, who praised the hosts and accused Turkey of arming the rebels.";
        assert!(
            !relations(text)
                .iter()
                .any(|r| r.contains("United Nations") && r.starts_with("tension_with")),
            "{:?}",
            relations(text)
        );
    }

    #[test]
    fn names_in_apposition_are_the_subject_of_the_verb_after_them() {
        finds(
            "Two former Nigerian presidents, Olusegun Obasanjo and Goodluck Jonathan, travelled to Niamey and held talks with Abdourahamane Tiani.",
            "talks_with(Abdourahame Tiani, Olusegun Obasanjo)",
        );
    }

    #[test]
    fn a_list_whose_last_member_has_an_apposition_stays_one_subject() {
        finds(
            "Armenian Foreign Minister Ararat Mirzoyan and his Azerbaijani counterpart, Jeyhun Bayramov, signed the peace treaty in Washington.",
            "agreement_with(Ararat Mirzoyan, Jeyhun Bayramov)",
        );
    }

    #[test]
    fn a_participles_phrase_does_not_hide_the_first_verb() {
        finds(
            "Iran rejected the report, saying the inspectors had been misled, and blamed Israel for the leak.",
            "tension_with(Israel, Iran)",
        );
    }

    #[test]
    fn a_participle_after_a_comma_has_the_clauses_subject() {
        finds(
            "Colombian President Gustavo Petro said the border would stay shut for now, accusing Venezuela of sheltering rebels.",
            "tension_with(Venezuela, Gustavo Petro)",
        );
        // After a verb of naming, and past "on Monday", the participle is the object's.
        let text = "Nigerian President Bola Tinubu on Monday appointed Yusuf Tuggar as foreign minister, replacing Geoffrey Onyeama.";
        finds(text, "succeeds(Yusuf Tuggar, Geoffrey Onyeama)");
        assert!(
            !relations(text)
                .iter()
                .any(|r| r.contains("Bola Tinubu, Geoffrey")),
            "{:?}",
            relations(text)
        );
        // A verb no list knows still has its subject.
        finds(
            "Britain, France and Germany triggered the snapback process, accusing Iran of breaking its commitments.",
            "tension_with(Germany, Iran)",
        );
        // Not the subject of a relative clause before it.
        let text = "Hungary, whose prime minister Viktor Orban has long courted Moscow, blocked the package, drawing sharp criticism from Lithuania.";
        finds(text, "tension_with(Hungary, Lithuania)");
        assert!(
            !relations(text)
                .iter()
                .any(|r| r.contains("Orban, Lithuania") || r.contains("Lithuania, Viktor Orban")),
            "{:?}",
            relations(text)
        );
    }

    #[test]
    fn a_participle_after_by_or_after_has_the_nearest_verbs_subject() {
        finds(
            "Slovakia responded by expelling three Russian diplomats.",
            "tension_with(Russia, Slovakia)",
        );
        finds(
            "Peru and Chile voiced concern, and Panama followed suit by breaking off relations with Venezuela.",
            "tension_with(Panama, Venezuela)",
        );
        let got = relations(
            "Peru and Chile voiced concern, and Panama followed suit by breaking off relations with Venezuela.",
        );
        assert!(!got.iter().any(|r| r.contains("Peru")), "{got:?}");
    }

    #[test]
    fn the_object_of_praise_does_what_for_says() {
        finds(
            "The EU praised Viktor Orban for visiting Vladimir Putin.",
            "talks_with(Viktor Orbán, Vladimir Putin)",
        );
        // Not the verb's subject; and a charge is no fact.
        let got = relations("The EU praised Viktor Orban for visiting Vladimir Putin.");
        assert!(
            !got.iter()
                .any(|r| r.starts_with("talks_with(European Union")),
            "{got:?}"
        );
        let got = relations("The EU blamed Viktor Orban for visiting Vladimir Putin.");
        assert!(!got.iter().any(|r| r.starts_with("talks_with")), "{got:?}");
    }

    #[test]
    fn scope_and_other_subjects_are_not_shared() {
        let none = |text: &str| {
            let got = relations(text);
            assert!(
                !got.iter().any(|r| r.starts_with("tension_with")),
                "{got:?}\n{text}"
            );
        };
        // A modal or a condition holds over both verbs.
        none("Russia would condemn the move and accused Finland of provocation.");
        none("If Russia condemns the move and accuses Finland of provocation, prices rise.");
        // The earlier verb's subject is no name.
        none(
            "Russia said the closure would remain in place until work stopped and accused nobody.",
        );
        // A subordinate clause's verbs do not take the main clause's subject.
        none("Turkey slid into crisis after Ahmet Yilmaz quit the cabinet and accused Greece of meddling.");
    }
}
