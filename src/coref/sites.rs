//! Where a sentence may hold a reference: pronouns that may refer, titles and kinds used
//! alone after "the", counted groups; and the lines that hold none (bylines, datelines).

use std::ops::Range;

use super::clause::next_verbish;
use super::words::{self, is, is_verbish, lower, Tok};
use super::{
    pronoun, DocState, Head, Kinds, Pronoun, Sentence, Site, AFTER_BARE_TWO, FORMER, GROUP_NOUNS,
    HEADS, MODIFIER_SET, NUMBERS, PREDICATIVE,
};
use crate::gazetteer::{EntityType, TitleKind};
use crate::resolve::EntityRef;

impl DocState<'_, '_, '_> {
    /// The reference sites of a sentence, in text order.
    pub(super) fn sites(
        &self,
        s: &Sentence,
        titles: &[crate::resolve::TitleMention],
        t0: usize,
    ) -> Vec<(Range<usize>, Site)> {
        let text = self.text;
        let toks = s.toks;
        let mut out: Vec<(Range<usize>, Site)> = Vec::new();
        // Titles used alone: "the emir", "the Jordanian monarch".
        for (k, t) in titles.iter().enumerate() {
            let title = &self.gaz.titles()[t.title];
            if title.kind != TitleKind::Office || t.span.start < s.body {
                continue;
            }
            if let Some((start, owner)) = self.title_description(s, &t.span) {
                out.push((
                    start..t.span.end,
                    Site::Title {
                        title: t0 + k,
                        role: t.title,
                        owner,
                    },
                ));
            }
        }
        let mut i = 0;
        while i < toks.len() {
            let t = &toks[i];
            // Every site opens with a pronoun, "the", "both" or "each": a first letter rules
            // out most words before any lookup.
            let first = text.as_bytes()[t.span.start].to_ascii_lowercase();
            if !t.word
                || !matches!(first, b'h' | b's' | b'i' | b't' | b'b' | b'e' | b'a' | b'w')
                // Of the words in "w", only "whose" opens a site ("A, whose country").
                || (first == b'w' && !text[t.span.clone()].eq_ignore_ascii_case("whose"))
                // Of the words in "a", only "all" opens a site ("all three states"): the
                // articles and conjunctions are not lowered and looked up.
                || (first == b'a' && !text[t.span.clone()].eq_ignore_ascii_case("all"))
                || t.span.start < s.body
                || s.covered_at(&t.span)
            {
                i += 1;
                continue;
            }
            let Some(w) = lower(&text[t.span.clone()]) else {
                i += 1;
                continue;
            };
            if let Some(p) = pronoun(&w) {
                // "met her later": an object, which its own clause's subject never is.
                let p = if w == "her" && object_her(text, s, i) {
                    Pronoun::PersonObject
                } else if p == Pronoun::It && object_it(text, s, i) {
                    Pronoun::ItObject
                } else {
                    p
                };
                // "Vucic repeated his country's backing for China": Serbia's, not his.
                // The noun's token holds its "'s": the site ends before it, which keeps the
                // mention possessive.
                let country = (p == Pronoun::PersonPossessive)
                    .then(|| s.word(text, i + 1))
                    .flatten()
                    .and_then(|x| {
                        let base = words::without_possessive(x.as_str());
                        words::country_noun(base).then_some(base.len())
                    });
                if let Some(len) = country {
                    let noun = s.toks[i + 1].span.start;
                    out.push((t.span.start..noun + len, Site::OwnCountry(t.span.end)));
                    i += 2;
                    continue;
                }
                if self.pronoun_site(s, i, p) {
                    out.push((t.span.clone(), Site::Pronoun(p)));
                }
                i += 1;
                continue;
            }
            if w == "whose" {
                // "Mirziyoyev, whose country signed its own treaty": the country of the
                // person just named.
                let noun = s.toks.get(i + 1).filter(|n| {
                    s.word(text, i + 1)
                        .is_some_and(|x| words::country_noun(x.as_str()))
                        && !s.covered_at(&n.span)
                });
                let owner = i
                    .checked_sub(2)
                    .filter(|_| s.word(text, i - 1).is_none())
                    .and_then(|k| s.cands.iter().find(|c| c.span.end == s.toks[k].span.end))
                    .filter(|c| c.kind == EntityType::Person)
                    .map(|c| c.entity);
                if let (Some(n), Some(owner)) = (noun, owner) {
                    out.push((n.span.clone(), Site::Whose(owner)));
                    i += 2;
                    continue;
                }
            }
            if w == "the" || w == "both" || w == "each" || w == "all" {
                if let Some((span, site)) = group_site(text, s, i, &w) {
                    i = s.tok_at(span.end);
                    out.push((span, site));
                    continue;
                }
                if w == "the" {
                    if let Some((span, head)) = description_site(text, s, i) {
                        let next = s.tok_at(span.end);
                        out.push((span, Site::Description(head)));
                        i = next;
                        continue;
                    }
                }
            }
            i += 1;
        }
        out.sort_by_key(|(r, _)| r.start);
        out
    }

    /// Whether a pronoun at token `i` may refer: "it" only as the subject of an agentive
    /// verb, possessives only before a noun phrase with no name in it ("his counterpart
    /// Erdoğan" keeps "his" a plain word, so the rules still see "met his counterpart
    /// ⟨Erdoğan⟩").
    fn pronoun_site(&self, s: &Sentence, i: usize, p: Pronoun) -> bool {
        let text = self.text;
        // "what it called aggression", "what she described as": an attribution, not an
        // actor of the sentence's relation.
        if i > 0 && s.word(text, i - 1).as_deref() == Some("what") {
            return false;
        }
        match p {
            Pronoun::It => it_refers(text, s, i),
            Pronoun::ItObject => true,
            // Possessives stay words for the rules (they are recorded, not tagged).
            Pronoun::Its | Pronoun::PersonPossessive => true,
            Pronoun::They => {
                // Subject only: followed by a verb (after adverbs).
                next_verbish(text, s, i + 1)
            }
            Pronoun::Person | Pronoun::PersonObject => true,
        }
    }

    /// A title used alone: "the" (and modifiers or an owner) before an office title that no
    /// name follows. Returns where the description starts (the title's first modifier
    /// word) and its owner.
    fn title_description(
        &self,
        s: &Sentence,
        span: &Range<usize>,
    ) -> Option<(usize, Option<EntityRef>)> {
        let text = self.text;
        let k = s.tok_at(span.start);
        // What follows: no name, no other title, no "of" + name (a full title: "the
        // president of Kenya" names its owner: allowed, the owner is read).
        let after = s.tok_at(span.end);
        let mut owner = None;
        if let Some(t) = s.toks.get(after) {
            let w = &text[t.span.clone()];
            if s.covered_at(&t.span) {
                return None;
            }
            if t.word && w.chars().next().is_some_and(char::is_uppercase) {
                return None;
            }
            if w == "of" {
                let n = s.toks.get(after + 1)?;
                let owner_at = if n.word && &text[n.span.clone()] == "the" {
                    s.toks.get(after + 2)?
                } else {
                    n
                };
                owner = Some(self.cand_at(s, owner_at.span.start)?.entity);
            }
            if w == "," {
                // "the president, Joe Biden": an apposition the rules read.
                if let Some(n) = s.toks.get(after + 1) {
                    if s.covered_at(&n.span)
                        || text[n.span.clone()]
                            .chars()
                            .next()
                            .is_some_and(char::is_uppercase)
                    {
                        return None;
                    }
                }
            }
        }
        // What precedes: modifiers and an owner back to "the", or a possessive owner
        // alone ("Qatar's emir").
        let mut j = k;
        let mut start = span.start;
        let mut after_owner = false;
        for _ in 0..4 {
            if j == 0 {
                return None;
            }
            j -= 1;
            let t = &s.toks[j];
            if let Some(c) = s
                .cands
                .iter()
                .find(|c| c.span.start <= t.span.start && t.span.start < c.span.end)
            {
                // An owner: "the Jordanian monarch", "Qatar's emir".
                if !matches!(c.kind, EntityType::Country | EntityType::Org) || owner.is_some() {
                    return None;
                }
                owner = Some(c.entity);
                after_owner = true;
                j = s.tok_at(c.span.start);
                continue;
            }
            if s.covered_at(&t.span) {
                return None; // another title
            }
            let lw = lower(&text[t.span.clone()])?;
            if lw == "the" {
                // Not a predicate ("was appointed the president", "as the new emir") nor an
                // apposition ("Ilham Aliyev, the president of Azerbaijan,").
                let before = j.checked_sub(1).and_then(|p| s.word(text, p));
                if before.is_some_and(|w| is(PREDICATIVE, &w)) || self.after_name(s, j) {
                    return None;
                }
                return Some((start, owner));
            }
            if is(FORMER, &lw) || !MODIFIER_SET.contains(&*lw) {
                return None;
            }
            if !after_owner {
                start = t.span.start;
            }
        }
        None
    }

    /// Whether token `j` follows a name and a comma: an apposition ("Ilham Aliyev, the
    /// president of Azerbaijan") describes the name, it does not refer back.
    fn after_name(&self, s: &Sentence, j: usize) -> bool {
        j >= 2 && &self.text[s.toks[j - 1].span.clone()] == "," && s.covered_at(&s.toks[j - 2].span)
    }
}

/// A byline or a credit line: "By Sarah Whitman", "Photo: Selam Haile/AFP", "Reporting by …".
pub(super) fn is_byline(sentence: &str) -> bool {
    let s = sentence.trim_start_matches(['(', '[', ' ']);
    (s.starts_with("By ") && s.split_whitespace().nth(8).is_none())
        || [
            "Photo",
            "Photograph",
            "Reporting by",
            "Additional reporting",
            "Editing by",
            "Writing by",
            "Compiled by",
        ]
        .iter()
        .any(|p| s.starts_with(p))
}

/// Where a dateline ends: "ANKARA, May 3 (Reuters) - …", "July 1 (Reuters) - …": a sentence
/// that opens with a word in capitals, or has an agency in parentheses, up to the first dash
/// within its first 25 tokens.
pub(crate) fn dateline_end(text: &str, toks: &[Tok]) -> Option<usize> {
    let first = toks.first()?;
    let w = &text[first.span.clone()];
    let capitals =
        w.len() >= 3 && w.chars().all(|c| !c.is_lowercase()) && w.chars().any(char::is_uppercase);
    let head = &toks[..toks.len().min(25)];
    let dash = head
        .iter()
        .position(|t| !t.word && matches!(&text[t.span.clone()], "-" | "—" | "–"))?;
    let agency = dash > 0 && &text[head[dash - 1].span.clone()] == ")";
    (capitals || agency).then(|| head[dash].span.end)
}

/// Nouns of relations a possessive can own ("its war with", "their dispute over").
pub(super) const RELATION_NOUNS: &[&str] = &[
    "war",
    "wars",
    "conflict",
    "dispute",
    "disputes",
    "talks",
    "support",
    "backing",
    "ties",
    "relations",
    "alliance",
    "partnership",
    "offensive",
    "attack",
    "attacks",
    "strikes",
    "invasion",
    "campaign",
    "rivalry",
    "feud",
    "row",
    "standoff",
    "tensions",
    "negotiations",
    "deal",
    "agreement",
    "treaty",
    "membership",
    "bid",
    "accession",
    "mediation",
    "fight",
    "insurgency",
    "cooperation",
    "sanctions",
    "accusations",
];

/// Whether a possessive pronoun at token `i` owns a relation noun with no name between ("its
/// own territorial disputes with China"): then the rules read it as its entity, as they read
/// "Vietnam's disputes". Elsewhere it stays a word, which the rules spell out ("recalled its
/// ambassador", "met his counterpart").
pub(super) fn owns_relation(text: &str, s: &Sentence, i: usize) -> bool {
    for k in i + 1..(i + 5).min(s.toks.len()) {
        let t = &s.toks[k];
        if !t.word || s.covered_at(&t.span) {
            return false;
        }
        let w = lower(&text[t.span.clone()]).unwrap_or_default();
        if is(RELATION_NOUNS, &w) {
            return true;
        }
    }
    false
}

/// Whether "it" at token `i` is the subject of an agentive verb: not "it is", "it was",
/// "it has been", "it would be", "made it"…
pub(super) fn it_refers(text: &str, s: &Sentence, i: usize) -> bool {
    const NOT_AFTER: &[&str] = &[
        "make",
        "makes",
        "made",
        "find",
        "finds",
        "found",
        "call",
        "calls",
        "called",
        "consider",
        "considered",
        "take",
        "took",
        "keep",
        "kept",
        "deem",
        "deemed",
        "put",
        "see",
        "saw",
        "sign",
        "signed",
        "approve",
        "approved",
        "reject",
        "rejected",
        "end",
        "ended",
        "into",
    ];
    const COPULAS: &[&str] = &[
        "is", "was", "isn't", "wasn't", "seems", "seemed", "appears", "appeared", "remains",
        "remained", "became", "becomes", "takes", "took", "emerged", "rained", "rains", "means",
        "meant", "looks", "looked", "matters", "mattered", "happened", "comes", "came", "goes",
        "went", "began", "started", "stood", "sits", "sat", "lies",
    ];
    if i > 0 {
        if let Some(prev) = s.word(text, i - 1) {
            if is(NOT_AFTER, &prev) || words::PREPOSITION_SET.contains(&*prev) && prev != "that" {
                return false;
            }
        }
    }
    // Adverbs between: "it also hosted".
    let mut i = i;
    while s
        .word(text, i + 1)
        .is_some_and(|w| words::ADVERB_SET.contains(&*w) && !is(words::AUXILIARIES, &w))
    {
        i += 1;
    }
    let Some(next) = s.word(text, i + 1) else {
        return false;
    };
    if is(COPULAS, &next) {
        // "it was sending reinforcements": a progressive is an action; "it is listed as a
        // terrorist group by", "it was backed by Iran", "it is allied with Russia": a passive
        // or a state its agent or partner follows.
        let passive = || {
            s.word(text, i + 2)
                .is_some_and(|w| w.len() > 4 && w.ends_with("ed"))
                && s.word(text, i + 3)
                    .is_some_and(|w| matches!(w.as_str(), "by" | "as" | "with"))
        };
        return matches!(next.as_str(), "is" | "was")
            && (s
                .word(text, i + 2)
                .is_some_and(|w| w.len() > 4 && w.ends_with("ing"))
                || passive());
    }
    if is(words::AUXILIARIES, &next) {
        // "it would send", "it has accused"; not "it would be", "it has been", "it will not".
        let Some(after) = s.word(text, i + 2) else {
            return false;
        };
        return !matches!(
            after.as_str(),
            "be" | "been" | "not" | "no" | "never" | "a" | "an" | "the"
        ) && (is_verbish(&after) || after.ends_with('s') || after.len() > 2);
    }
    is_verbish(&next) || (next.ends_with('s') && !next.ends_with("ss"))
}

/// A counted group at token `i` ("the", "both", "each" or "all"): "the two countries", "the
/// three countries' leaders", "both sides", "all three states", "the two" before a verb,
/// "each of them". Returns its
/// span: from "the" to the noun, or from after the last place named in it ("the three Sahel
/// states"), so that the place stays a mention of its own.
pub(super) fn group_site(
    text: &str,
    s: &Sentence,
    i: usize,
    first: &str,
) -> Option<(Range<usize>, Site)> {
    let mut start = s.toks[i].span.start;
    // "both of them", "each of them": the pair named before (a pair is what news most often
    // sets side by side so).
    if first != "the"
        && s.word(text, i + 1).is_some_and(|x| x == "of")
        && s.word(text, i + 2).is_some_and(|x| x == "them")
    {
        return Some((start..s.toks[i + 2].span.end, Site::Group(2, Kinds::Actors)));
    }
    if first == "each" {
        return each_site(text, s, i);
    }
    let (n, mut k) = if first == "both" {
        (2, i + 1)
    } else {
        let w = s.word(text, i + 1)?;
        match NUMBERS.iter().find(|(x, _)| *x == w.as_str()) {
            Some((_, n)) => (*n, i + 2),
            // "fighting between the nuclear-armed neighbours": "between" counts two.
            None if first == "the"
                && i > 0
                && s.word(text, i - 1).is_some_and(|b| b == "between") =>
            {
                (2, i + 1)
            }
            None => return None,
        }
    };
    let counted = k == i + 2 || first == "both";
    // Up to three modifiers before the noun ("the two downstream states", "the two warring
    // parties", "the two Gulf states").
    for _ in 0..4 {
        let t = s.toks.get(k);
        let w = t.and_then(|_| s.word(text, k));
        if w.is_none() && counted && t.is_some_and(|t| s.place_or_owner_at(&t.span)) {
            // A place names the region of a counted group ("the three Sahel states"), a
            // country or body its owner ("the two ASEAN members", "the two U.S. allies"): the
            // group starts after it, and the name stays a mention of its own.
            k += 1;
            start = s.toks.get(k)?.span.start;
            continue;
        }
        match w {
            Some(w) => {
                if let Some((_, kinds)) = GROUP_NOUNS.iter().find(|(x, _)| *x == w.as_str()) {
                    // "Greece and Cyprus, both members of the EU": an apposition to the list
                    // before it, which the rules read as it stands.
                    if first != "the" && w.as_str() == "members" {
                        return None;
                    }
                    let site = if counted {
                        Site::Group(n, *kinds)
                    } else {
                        Site::Pair(*kinds)
                    };
                    return Some((start..s.toks[k].span.end, site));
                }
                if !counted {
                    // Without a number only a plural noun, after its modifiers, counts.
                    if modifier(&w) {
                        k += 1;
                        continue;
                    }
                    return None;
                }
                if first == "the" && k == i + 2 && is(AFTER_BARE_TWO, &w) && n == 2 {
                    // "the two met", "between the two since April".
                    return Some((start..s.toks[i + 1].span.end, Site::Group(2, Kinds::Actors)));
                }
                if first == "both" {
                    return None; // "both applications": a bare "both" refers to anything
                }
                if modifier(&w) {
                    k += 1;
                    continue;
                }
                return None;
            }
            None => {
                // Punctuation after a bare "the two": "… between the two."
                let t = s.toks.get(k)?;
                if counted
                    && first == "the"
                    && k == i + 2
                    && !t.word
                    && n == 2
                    && !s.covered_at(&t.span)
                {
                    let p = &text[t.span.clone()];
                    if matches!(p, "." | "," | ";" | ":") {
                        return Some((
                            start..s.toks[i + 1].span.end,
                            Site::Group(2, Kinds::Actors),
                        ));
                    }
                }
                return None;
            }
        }
    }
    None
}

/// "Each side blamed the other", "each has accused the other": a reciprocal pair, when "the
/// other" follows in the clause. The span is "each" and a singular noun after it.
fn each_site(text: &str, s: &Sentence, i: usize) -> Option<(Range<usize>, Site)> {
    let start = s.toks[i].span.start;
    let noun = s.word(text, i + 1).is_some_and(|w| {
        matches!(
            w.as_str(),
            "side" | "country" | "nation" | "state" | "party" | "government" | "camp" | "leader"
        )
    });
    let end = if noun { i + 1 } else { i };
    // "the other" within a few words, with no punctuation before it.
    let words: Vec<_> = (end + 1..(end + 10).min(s.toks.len()))
        .map_while(|k| s.word(text, k))
        .collect();
    words
        .windows(2)
        .any(|w| w[0] == "the" && w[1] == "other")
        .then(|| (start..s.toks[end].span.end, Site::Group(2, Kinds::Actors)))
}

/// A word that may stand before a group's noun: lower case, and no verb unless it is a
/// compound ("the nuclear-armed neighbours", "the two warring parties").
fn modifier(w: &str) -> bool {
    w.chars().all(|c| c.is_ascii_lowercase() || c == '-') && (!is_verbish(w) || w.contains('-'))
}

/// Participles that join a name to a description's head: "the Iran-backed group", "the
/// Saudi-led coalition", "the Tripoli-based government".
const COMPOUND_PARTICIPLES: &[&str] = &[
    "backed",
    "led",
    "aligned",
    "allied",
    "based",
    "sponsored",
    "supported",
    "funded",
    "armed",
    "controlled",
];

/// "accusing the bloc of bias": after a verb of blame, "of" opens the charge, not the
/// description's own complement ("the group of seven").
fn accusation_before(text: &str, s: &Sentence, i: usize) -> bool {
    i > 0
        && s.toks.get(i - 1).is_some_and(|t| {
            let w = lower(&text[t.span.clone()]).unwrap_or_default();
            ["accus", "suspect", "convict", "warn"]
                .iter()
                .any(|p| w.starts_with(p))
        })
}

/// Whether the word at token `k` is a verb in the third person with its object after it:
/// "groups Saudi Arabia", "comprises the", "includes 27 states" (against "the bloc leaders
/// said").
fn verb_with_object(text: &str, s: &Sentence, k: usize) -> bool {
    let w = &text[s.toks[k].span.clone()];
    let third_person = w.len() > 3
        && w.ends_with('s')
        && !w.ends_with("ss")
        && w.chars().all(|c| c.is_ascii_lowercase());
    third_person
        && s.toks.get(k + 1).is_some_and(|o| {
            let ow = &text[o.span.clone()];
            s.covered_at(&o.span)
                || is(&["the", "a", "an", "all", "both", "its", "their"], ow)
                || ow.chars().next().is_some_and(|c| c.is_ascii_digit())
        })
}

/// A description at token `i` ("the"): "the kingdom", "the Gulf state", "the regional bloc",
/// "the group's". Returns its span (after "the": the modifiers and the head) and its head.
pub(super) fn description_site(text: &str, s: &Sentence, i: usize) -> Option<(Range<usize>, Head)> {
    let mut start = None;
    for k in i + 1..i + 5 {
        let t = s.toks.get(k)?;
        if !t.word {
            return None;
        }
        let whole = &text[t.span.clone()];
        if s.covered_at(&t.span) {
            // "the Iran-backed group": a name joined to a participle is the group's modifier;
            // the description starts after it, so the name stays a mention of its own.
            let compound = whole
                .rsplit_once('-')
                .is_some_and(|(_, p)| is(COMPOUND_PARTICIPLES, p));
            if !compound {
                return None;
            }
            start = None;
            continue;
        }
        // "the bloc's sanctions": the head without its possessive.
        let raw = words::without_possessive(whole);
        let possessive = raw.len() < whole.len();
        let w = lower(raw)?;
        start.get_or_insert(t.span.start);
        // "the island nation": "island" is the modifier of a head that follows.
        let modifies_head = |k: usize| {
            s.toks.get(k + 1).is_some_and(|n| {
                lower(&text[n.span.clone()])
                    .is_some_and(|nw| HEADS.iter().any(|(x, _)| *x == nw.as_str()))
            })
        };
        if let Some((_, head)) = HEADS
            .iter()
            .find(|(x, _)| *x == w.as_str())
            .filter(|(_, h)| *h != Head::Island || !modifies_head(k))
        {
            // The head is a common noun, in lower case; no name follows it ("the Alliance of
            // Sahel States", "the State Department", "the group of seven").
            // Only the halves of a divided country are capitalised: "the North", "the
            // South's" (and never lower case: "the south of the country").
            let half = matches!(head, Head::Half(_));
            if raw.chars().next().is_some_and(char::is_uppercase) != half || half && k != i + 1 {
                return None;
            }
            if let Some(n) = s.toks.get(k + 1).filter(|_| !possessive) {
                let nw = &text[n.span.clone()];
                if s.covered_at(&n.span)
                    || (n.word && nw.chars().next().is_some_and(char::is_uppercase))
                    || (nw == "of" && !accusation_before(text, s, i))
                    || (n.word && is(&["that", "which", "where"], nw) && *head == Head::Country)
                {
                    return None;
                }
                // "the state media", "the country director": a noun compound. A present-tense
                // verb with its object is none: "the bloc groups Saudi Arabia, Kuwait ...".
                if n.word
                    && *head != Head::Group
                    && !is_verbish(nw)
                    && !verb_with_object(text, s, k + 1)
                {
                    let nl = lower(nw).unwrap_or_default();
                    let glue = words::PREPOSITION_SET.contains(&*nl)
                        || words::ADVERB_SET.contains(&*nl)
                        || is(&["and", "or", "but", "which", "who", "whose", "'s"], &nl)
                        || nl.ends_with("'s")
                        || nl.ends_with("’s");
                    if !glue {
                        return None;
                    }
                }
            }
            // "state" only with a modifier: "the Gulf state", not "the state".
            if w == "state" && k == i + 1 {
                return None;
            }
            return Some((start?..t.span.start + raw.len(), *head));
        }
        if possessive || !MODIFIER_SET.contains(&*w) {
            return None;
        }
    }
    None
}

/// Whether "it" at token `i` is the object of a verb of support, pressure or blame, whose
/// object is a party: "Turkey has provided it with military support", "accusing it of
/// meddling", "urged it to withdraw".
fn object_it(text: &str, s: &Sentence, i: usize) -> bool {
    i > 0
        && s.word(text, i - 1)
            .is_some_and(|w| words::takes_party_object(&w))
}

/// Whether "her" at token `i` is an object: punctuation, the sentence's end or a word of
/// [`words::AFTER_OBJECT`] follows.
fn object_her(text: &str, s: &Sentence, i: usize) -> bool {
    match s.toks.get(i + 1) {
        None => true,
        Some(n) if !n.word => true,
        Some(_) => s
            .word(text, i + 1)
            .is_some_and(|w| words::her_is_object(&w)),
    }
}
