//! The shape of a clause without a parser: which candidate is a subject, which one a
//! preposition governs, which ones form a list.
//!
//! Each question is answered from the few words around a candidate (the word before it, its
//! own modifiers skipped; the word after it, adverbs skipped), so each costs a handful of
//! token lookups whatever the sentence's length.

use std::ops::Range;

use super::words::{self, is, is_verbish, lower, Lower};
use super::{Cand, Sentence, MAX_GROUP};
use crate::gazetteer::EntityType;

/// Words that are prepositions or conjunctions: followed by a name and a verb, they open a
/// clause ("since Russia invaded").
const SUBORDINATORS: &[&str] = &["since", "after", "before", "until", "as", "like"];

/// Links a sentence's coordinations: heads joined by "and", "or", commas, "&", a dash or a
/// slash (articles, demonyms and titles may stand before a member).
pub(super) fn link_lists(text: &str, s: &mut Sentence) {
    let mut cands = std::mem::take(&mut s.cands);
    link_lists_in(text, s, &mut cands);
    s.cands = cands;
}

pub(super) fn link_lists_in(text: &str, s: &Sentence, cands: &mut [Cand]) {
    // A possessive reference inside a member ("A and her Rwandan counterpart B", "A and the
    // kingdom's envoy B") qualifies the name after it: it heads no member of its own.
    let pronoun = |c: &Cand| c.possessive && c.antecedent != c.span;
    let heads: Vec<usize> = (0..cands.len())
        .filter(|&i| cands[i].head && cands[i].list.is_none_or(|(_, n)| n < 2))
        .filter(|&i| !pronoun(&cands[i]))
        .collect();
    let mut run: Vec<usize> = Vec::new();
    let flush = |run: &mut Vec<usize>, cands: &mut [Cand]| {
        if run.len() >= 2 && run.len() <= MAX_GROUP {
            let (first, last) = (run[0], *run.last().unwrap());
            for &i in run.iter() {
                cands[i].list = Some((first, last - first + 1));
            }
        }
        run.clear();
    };
    // A run joined by commas alone is no list ("In a call with Macron, Putin said"): one
    // "and", "or", "&", dash or slash makes it one ("Mali, Burkina Faso and Niger").
    let mut strong = false;
    // The head whose apposition the last head stands in: "between Ali Shamkhani, the secretary
    // of Iran's Supreme National Security Council, and Musaed al-Aiban" lists Shamkhani, not
    // the council.
    let mut owner: Option<usize> = None;
    // The person whose body the last head names: "Fayez al-Sarraj of the U.N.-backed
    // Government of National Accord and Khalifa Haftar" lists Sarraj, not the government.
    let mut holder: Option<usize> = None;
    for w in heads.windows(2) {
        let (a, b) = (w[0], w[1]);
        let joined = b == a + 1 || cands[a + 1..b].iter().all(|c| !c.head || pronoun(c));
        let gap = cands[a].span.end..cands[b].span.start;
        let link = if joined && gap.start <= gap.end {
            coordinator(text, s, gap.clone())
        } else {
            Link::None
        };
        if link != Link::None {
            if run.is_empty() {
                run.push(
                    owner
                        .filter(|_| gap_opens_with_comma(text, &gap))
                        .or(holder)
                        .unwrap_or(a),
                );
            }
            run.push(b);
            strong |= link == Link::Strong;
        } else {
            if !strong {
                run.clear();
            }
            flush(&mut run, cands);
            strong = false;
        }
        owner = (link == Link::None && appositive(text, &gap)).then_some(a);
        // (An acronym in brackets after the body keeps it: "… Accord (GNA) and".)
        holder = match link {
            Link::None if cands[a].entity == cands[b].entity => holder,
            Link::None => (cands[a].kind == EntityType::Person && of_body(text, &gap)).then_some(a),
            _ => None,
        };
    }
    if !strong {
        run.clear();
    }
    flush(&mut run, cands);
}

/// Whether the text between two heads opens an apposition on the first: a comma, then an
/// article ("Ali Shamkhani, the secretary of …").
fn appositive(text: &str, gap: &Range<usize>) -> bool {
    gap.start <= gap.end
        && text[gap.clone()]
            .trim_start()
            .strip_prefix(',')
            .map(str::trim_start)
            .is_some_and(|r| ["the ", "a ", "an "].iter().any(|d| r.starts_with(d)))
}

/// Whether the text between a person and the next head is "of" and modifiers: "Sarraj of
/// the U.N.-backed Government of National Accord".
fn of_body(text: &str, gap: &Range<usize>) -> bool {
    gap.start <= gap.end
        && text[gap.clone()]
            .trim()
            .strip_prefix("of")
            .is_some_and(|r| r.is_empty() || r.starts_with(' '))
        && !text[gap.clone()].contains([',', ';'])
}

/// Whether a coordinating gap opens with the comma that closes an apposition (", and").
fn gap_opens_with_comma(text: &str, gap: &Range<usize>) -> bool {
    gap.start <= gap.end && text[gap.clone()].trim_start().starts_with(',')
}

/// The members of a list: the heads of its stretch that belong to it.
pub(super) fn members_of(cands: &[Cand], list: (usize, usize)) -> Vec<Cand> {
    let (first, n) = list;
    cands
        .get(first..first + n)
        .unwrap_or(&[])
        .iter()
        .filter(|c| c.head && c.list == Some(list))
        .cloned()
        .collect()
}

/// How the text between two heads joins them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Link {
    None,
    /// A comma alone.
    Comma,
    /// "and", "or", "&", a dash or a slash.
    Strong,
}

/// How the text between two heads joins them in a list: only connectors, articles,
/// "counterpart" and covered spans (titles, demonyms, references) between, with at least one
/// connector.
pub(super) fn coordinator(text: &str, s: &Sentence, gap: Range<usize>) -> Link {
    let from = s.tok_at(gap.start);
    let to = s.tok_at(gap.end);
    let mut link = Link::None;
    // "the Venezuelan government and the Unitary Platform": the member's government noun
    // (and its kind) right after it, before the coordinator.
    let mut lead = true;
    for t in &s.toks[from..to] {
        if s.covered_at(&t.span) {
            continue;
        }
        let w = &text[t.span.clone()];
        lead &= words::GOVERNMENT.contains(&w) || words::government_kind(w);
        if lead {
            continue;
        }
        match w {
            "and" | "or" | "&" | "-" | "–" | "/" => link = Link::Strong,
            "," if link == Link::None => link = Link::Comma,
            // "Wagner and her Rwandan counterpart Nduhungirehe" ("her" is a covered reference).
            "," | "the" | "both" | "'s" | "’s" | "counterpart" => {}
            _ => return Link::None,
        }
    }
    link
}

/// Whether a group at `span` is the object of a preposition, directly ("between the two
/// rivals") or as the second member of a list after one ("between Ethiopia and the two
/// downstream states"). A conjunction that is also a preposition opens a clause when a verb
/// follows the group: "after the three countries signed" names its subject.
pub(super) fn group_in_pp(text: &str, s: &Sentence, span: &Range<usize>) -> bool {
    let mut i = s.tok_at(span.start);
    let mut crossed_and = false;
    while i > 0 {
        i -= 1;
        let t = &s.toks[i];
        if s.covered_at(&t.span) {
            if !crossed_and {
                return false;
            }
            continue;
        }
        let Some(w) = lower(&text[t.span.clone()]) else {
            return false;
        };
        if words::PREPOSITION_SET.contains(&*w) {
            let conjunction = matches!(&*w, "after" | "before" | "since" | "until");
            return !(conjunction && next_verbish(text, s, s.tok_at(span.end)));
        }
        if w == "and" && !crossed_and {
            crossed_and = true;
            continue;
        }
        if w == "the" || w == "both" {
            continue;
        }
        return false;
    }
    false
}

/// The subject of a sentence's first clause, among candidates ending before `before`: the
/// first head that no preposition governs, before any verb. A possessive there means the
/// subject is not a name ("Ukraine's parliament approved…"): none.
pub(super) fn subject(text: &str, s: &Sentence, before: usize) -> Option<usize> {
    let mut from = s.tok_at(s.body);
    for (i, c) in s.cands.iter().enumerate() {
        if c.span.end > before {
            break;
        }
        if !c.head {
            continue;
        }
        let at = s.tok_at(c.span.start);
        // A verb before it: the clause's subject was no name.
        for k in from..at {
            if let Some(w) = s.word(text, k) {
                if is_verbish(&w) {
                    return None;
                }
            }
        }
        from = s.tok_at(c.span.end);
        if governed(text, s, c) {
            continue;
        }
        if c.possessive {
            return None;
        }
        return Some(i);
    }
    None
}

/// Words that open a clause fronted before its sentence's subject.
const FRONTING: &[&str] = &[
    "where", "when", "after", "before", "as", "while", "although", "though", "since", "once",
    "until", "because",
];

/// The subject a pronoun in a fronted clause refers forward to: "In Brussels, where he met
/// EU ministers, US Secretary of State John Kerry said", "After she won, Meloni thanked
/// voters". A subordinator and no candidate of the pronoun's kind come before the pronoun; the
/// clause closes with a comma, and the first name after it, a few title words at most before
/// it, is followed by its verb.
pub(super) fn forward_subject<'s>(
    text: &str,
    s: &'s Sentence,
    pronoun: &Range<usize>,
    admits: &dyn Fn(EntityType) -> bool,
) -> Option<&'s Cand> {
    let lead = &text[s.body.max(s.range.start)..pronoun.start];
    let fronted = lead
        .split(|c: char| !c.is_alphanumeric())
        .any(|w| FRONTING.iter().any(|f| w.eq_ignore_ascii_case(f)));
    if !fronted
        || s.cands
            .iter()
            .any(|c| c.span.end <= pronoun.start && admits(c.kind))
    {
        return None;
    }
    let comma = pronoun.end + text[pronoun.end..s.range.end].find(',')?;
    let c = s.cands.iter().find(|c| c.span.start > comma && c.head)?;
    let between = &text[comma + 1..c.span.start];
    let close = !between.contains(',') && between.split_whitespace().count() <= 6;
    (close && admits(c.kind) && !c.possessive && next_verbish(text, s, s.tok_at(c.span.end)))
        .then_some(c)
}

/// The nearest clause subject before `before` that `admits`: a head followed by a verb
/// (adverbs between), not governed by a preposition.
pub(super) fn clause_subject<'s>(
    text: &str,
    s: &'s Sentence,
    before: usize,
    admits: &dyn Fn(EntityType) -> bool,
) -> Option<&'s Cand> {
    s.cands
        .iter()
        .rev()
        .filter(|c| c.span.end <= before && c.head && !c.possessive && admits(c.kind))
        .find(|c| {
            let next = s.tok_at(c.span.end);
            // "Vietnam, which has its own disputes": the relative clause's subject.
            let relative = {
                let k = if s
                    .toks
                    .get(next)
                    .is_some_and(|t| &text[t.span.clone()] == ",")
                {
                    next + 1
                } else {
                    next
                };
                matches!(s.word(text, k).as_deref(), Some("which" | "who"))
                    && s.toks.get(k).is_some_and(|t| t.span.end <= before)
            };
            // (A relative clause's subject is its antecedent, whatever governs that: "imposed
            // by the United States, which accuses him".)
            relative || (next_verbish(text, s, next) && !governed(text, s, c))
        })
}

/// Whether a candidate is an actor of its clause: no preposition governs it but "by" (the
/// agent of a passive: "hosted by Donald Trump").
pub(super) fn free(text: &str, s: &Sentence, c: &Cand) -> bool {
    match governor(text, s, c) {
        None => true,
        Some(p) => p == "by",
    }
}

/// Whether a preposition governs a candidate (see [`governor`]).
pub(super) fn governed(text: &str, s: &Sentence, c: &Cand) -> bool {
    governor(text, s, c).is_some()
}

/// The preposition that governs a candidate: the word before it (its own modifiers and
/// articles skipped), or the one before the first member of a list it ends ("between Manila
/// and Beijing").
pub(super) fn governor<'t>(text: &'t str, s: &Sentence, c: &Cand) -> Option<Lower<'t>> {
    let mut at = c.span.start;
    loop {
        let mut i = s.tok_at(at);
        let word = loop {
            if i == 0 {
                return None;
            }
            i -= 1;
            let t = &s.toks[i];
            if s.covered_at(&t.span) {
                // A title or demonym right before it: its own modifier.
                continue;
            }
            match lower(&text[t.span.clone()]) {
                Some(w) if matches!(w.as_str(), "the" | "a" | "an" | "both") => continue,
                Some(w) => break w,
                None => return None,
            }
        };
        if words::PREPOSITION_SET.contains(&*word) {
            // "since Russia invaded…": a conjunction opens a clause, whose subject this is.
            // The verb may follow the rest of its noun phrase: "after Somali President
            // Hassan Sheikh Mohamud met …".
            let mut next = s.tok_at(c.span.end);
            while s.toks.get(next).is_some_and(|t| s.covered_at(&t.span)) {
                next += 1;
            }
            if is(SUBORDINATORS, &word) && next_verbish(text, s, next) {
                return None;
            }
            return Some(word);
        }
        if !matches!(word.as_str(), "and" | "or" | ",") || i == 0 {
            return None;
        }
        // "with Macron, Putin said": a comma before a clause's subject ends the phrase.
        if word == "," && next_verbish(text, s, s.tok_at(c.span.end)) {
            return None;
        }
        // A list partner of the same type right before the connector.
        let before = &s.toks[i - 1].span;
        let partner = s
            .cands
            .iter()
            .find(|x| x.span.start <= before.start && before.end <= x.span.end + 3);
        match partner {
            Some(p) if p.kind == c.kind && p.span.start < at => at = p.span.start,
            _ => return None,
        }
    }
}

/// Whether the word after token `i - 1` (adverbs skipped) is a verb.
pub(super) fn next_verbish(text: &str, s: &Sentence, mut i: usize) -> bool {
    for _ in 0..3 {
        let Some(w) = s.word(text, i) else {
            return false;
        };
        if is_verbish(&w) {
            return true;
        }
        if !words::ADVERB_SET.contains(&*w) && !w.ends_with("ly") {
            return false;
        }
        i += 1;
    }
    false
}

/// Whether a demonym names its country's government acting as a clause's subject: "the
/// Malian junta has deepened", "the Israeli transitional authorities said" (the words after it
/// are the view's government words, then a verb).
pub(super) fn government_head(text: &str, s: &Sentence, span: &Range<usize>) -> bool {
    let mut k = s.tok_at(span.end);
    let listed = |k: usize, list: &[&str]| s.word(text, k).is_some_and(|w| list.contains(&&*w));
    if s.word(text, k).is_some_and(|w| words::government_kind(&w))
        && listed(k + 1, words::GOVERNMENT)
    {
        k += 1;
    }
    listed(k, words::GOVERNMENT)
        && (next_verbish(text, s, k + 1)
            || s.word(text, k + 1).is_some_and(|w| w == "and")
            || s.toks
                .get(k + 1)
                .is_some_and(|t| &text[t.span.clone()] == ","))
}

/// Whether a mention only modifies what follows it: another mention or a title right after
/// it ("Russian Foreign Minister Lavrov", "Russia's Lavrov"), or the rest of a compound.
pub(super) fn modifies(text: &str, span: &Range<usize>, covered: &[Range<usize>]) -> bool {
    let rest = &text[span.end..];
    // The first half of a compound: "the Iran-allied Houthi movement", "Russia-led".
    if rest
        .strip_prefix('-')
        .is_some_and(|r| r.starts_with(|c: char| c.is_ascii_lowercase()))
    {
        return true;
    }
    let rest = rest
        .strip_prefix("'s")
        .or_else(|| rest.strip_prefix("’s"))
        .or_else(|| rest.strip_prefix('\''))
        .unwrap_or(rest);
    let trimmed = rest.trim_start_matches([' ', '\u{a0}']);
    if trimmed.len() == rest.len() || trimmed.len() + 3 < rest.len() {
        return false;
    }
    let next = text.len() - trimmed.len();
    let i = covered.partition_point(|c| c.start < next);
    covered.get(i).is_some_and(|c| c.start == next)
}
