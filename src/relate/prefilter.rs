//! Picks the rules worth running on a sentence from the words they cannot match without.
//!
//! Every rule needs some words whatever else it matches: "mediat…" or "broker…", and
//! "between"; "allied" or "aligned", and "with"… This module reads each rule's regex (its
//! syntax tree, not its text) for such *clauses* — sets of literals of which at least one
//! occurs in every match — and builds one Aho-Corasick automaton over all of their literals.
//! A sentence then costs one scan of its text, and only the rules with every clause satisfied
//! run their regex. Most sentences that mention two entities say nothing about them, so most
//! never reach a regex at all.
//!
//! The filter is sound by construction: a rule is dropped only if one of its clauses has no
//! literal in the text, and a rule without clauses is always run.
//!
//! Rules that need exactly the same words (the nine `office.*` rules that need an office title)
//! pass or fail the literal filter together, and most of them then find nothing. Such a
//! *family* is also compiled as one `RegexSet`: a single pass over the sentence says which of
//! its members match, and only those run on their own. The set matches where each member
//! matches, so this too drops only rules that cannot match.

use std::ops::Range;

use std::collections::BTreeMap;

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};
use regex::RegexSet;
use regex_syntax::hir::{Hir, HirKind};

/// Clauses larger than this filter too little to be worth their automaton states.
const MAX_CLAUSE: usize = 128;
/// Clauses with a literal shorter than this ("a", "to", a tag's opening byte) occur in nearly
/// every sentence: they cost scanning time and rule out nothing.
const MIN_LITERAL: usize = 3;

/// One clause: literals (lowercase ASCII) of which at least one occurs in every match.
type Clause = Vec<Vec<u8>>;

/// Buffers for [`Prefilter::candidates`], kept from sentence to sentence so that the filter
/// allocates nothing per sentence.
#[derive(Debug, Default)]
pub(crate) struct Scratch {
    /// Literals found in the text.
    found: Vec<usize>,
    /// Clauses they satisfy.
    hits: Vec<usize>,
    /// Families whose set ran on the text, and where their flags start in `matched`.
    evaluated: Vec<(usize, usize)>,
    /// Which members of those families matched, one flag per member.
    matched: Vec<bool>,
    /// The result: rules that can match, ascending.
    pub(crate) rules: Vec<usize>,
}

/// Which rules can match a text.
#[derive(Debug, Clone)]
pub(crate) struct Prefilter {
    /// Every literal of every clause; `None` if no rule has a clause.
    automaton: Option<AhoCorasick>,
    /// Literal index → the clauses (numbered across all rules) it belongs to.
    clauses_of: Vec<Vec<usize>>,
    /// Rule index → its clauses, a contiguous range of clause numbers (empty: always run).
    rules: Vec<Range<usize>>,
    /// Rules with the same clauses, tried together.
    families: Vec<Family>,
    /// Rule index → its family, if it has one.
    family_of: Vec<Option<usize>>,
}

/// Rules that need the same words, and one `RegexSet` of their patterns.
#[derive(Debug, Clone)]
struct Family {
    /// Rule indices, ascending, in the set's pattern order.
    members: Vec<usize>,
    set: RegexSet,
}

impl Prefilter {
    /// Builds the filter for rules given as regex patterns (in the rule set's order). The
    /// patterns are matched case-insensitively; inline flags are honoured. `compile_set`
    /// compiles a family's patterns as the rules compile theirs (`None` if it cannot: the
    /// family's rules then run one by one).
    pub(crate) fn new<'a>(
        patterns: impl IntoIterator<Item = &'a str>,
        compile_set: impl Fn(&[&str]) -> Option<RegexSet>,
    ) -> Prefilter {
        let mut literals: Vec<Vec<u8>> = Vec::new();
        let mut clauses_of: Vec<Vec<usize>> = Vec::new();
        let mut rules = Vec::new();
        let mut numbered = 0;
        let mut by_clauses: BTreeMap<Vec<Clause>, Vec<(usize, &str)>> = BTreeMap::new();
        for (index, pattern) in patterns.into_iter().enumerate() {
            // Parsed case-sensitively so that words stay literals; the automaton is ASCII
            // case-insensitive instead (see `clauses`).
            let clauses = regex_syntax::ParserBuilder::new()
                .build()
                .parse(pattern)
                .map(|hir| clauses(&hir))
                .unwrap_or_default();
            let start = numbered;
            let mut clauses: Vec<Clause> = clauses
                .into_iter()
                .filter(|c| c.iter().all(|l| l.len() >= MIN_LITERAL))
                .map(|mut c| {
                    c.sort();
                    c
                })
                .collect();
            clauses.sort();
            clauses.dedup();
            if !clauses.is_empty() {
                by_clauses
                    .entry(clauses.clone())
                    .or_default()
                    .push((index, pattern));
            }
            for clause in clauses {
                let number = numbered;
                numbered += 1;
                for lit in clause {
                    let i = literals.iter().position(|l| *l == lit).unwrap_or_else(|| {
                        literals.push(lit);
                        clauses_of.push(Vec::new());
                        literals.len() - 1
                    });
                    clauses_of[i].push(number);
                }
            }
            rules.push(start..numbered);
        }
        let automaton = (!literals.is_empty()).then(|| {
            AhoCorasick::builder()
                .ascii_case_insensitive(true)
                .match_kind(MatchKind::Standard)
                .kind(Some(AhoCorasickKind::DFA))
                .build(&literals)
                .expect("a few hundred short literals always build")
        });
        let mut family_of = vec![None; rules.len()];
        let mut families = Vec::new();
        for members in by_clauses.into_values().filter(|m| m.len() > 1) {
            let patterns: Vec<&str> = members.iter().map(|&(_, p)| p).collect();
            if let Some(set) = compile_set(&patterns) {
                for &(rule, _) in &members {
                    family_of[rule] = Some(families.len());
                }
                families.push(Family {
                    members: members.into_iter().map(|(rule, _)| rule).collect(),
                    set,
                });
            }
        }
        Prefilter {
            automaton,
            clauses_of,
            rules,
            families,
            family_of,
        }
    }

    /// Fills `scratch.rules` with the indices of the rules that can match `text`, ascending.
    pub(crate) fn candidates(&self, text: &str, scratch: &mut Scratch) {
        let Scratch {
            found,
            hits,
            evaluated,
            matched,
            rules,
        } = scratch;
        let out = rules;
        out.clear();
        // The rules are case-insensitive with Unicode simple case folding, under which `k`
        // also matches the Kelvin sign and `s` the long s; the automaton folds ASCII only.
        if !text.is_ascii() && text.contains(['\u{212A}', '\u{17F}']) {
            out.extend(0..self.rules.len());
            return;
        }
        // The literals found, the clauses they satisfy, then the rules whose clauses (a
        // contiguous range) all are.
        found.clear();
        if let Some(ac) = &self.automaton {
            found.extend(
                ac.find_overlapping_iter(text)
                    .map(|m| m.pattern().as_usize()),
            );
        }
        found.sort_unstable();
        found.dedup();
        hits.clear();
        hits.extend(
            found
                .iter()
                .flat_map(|&l| self.clauses_of[l].iter().copied()),
        );
        hits.sort_unstable();
        hits.dedup();
        let mut hits = hits.iter().copied().peekable();
        for (rule, clauses) in self.rules.iter().enumerate() {
            while hits.next_if(|&c| c < clauses.start).is_some() {}
            let mut satisfied = 0;
            while hits.next_if(|&c| c < clauses.end).is_some() {
                satisfied += 1;
            }
            if satisfied == clauses.len() {
                out.push(rule);
            }
        }
        // Members of a family are candidates together (they have the same clauses); one pass
        // of its set keeps those that match.
        evaluated.clear();
        matched.clear();
        out.retain(|&rule| {
            let Some(f) = self.family_of[rule] else {
                return true;
            };
            let family = &self.families[f];
            let offset = match evaluated.iter().find(|&&(g, _)| g == f) {
                Some(&(_, offset)) => offset,
                None => {
                    let offset = matched.len();
                    matched.resize(offset + family.members.len(), false);
                    family.set.matches_read_at(&mut matched[offset..], text, 0);
                    evaluated.push((f, offset));
                    offset
                }
            };
            family
                .members
                .binary_search(&rule)
                .is_ok_and(|k| matched[offset + k])
        });
    }
}

/// Clauses that every match of `hir` satisfies (none if nothing is required).
///
/// Literals are lowercased ASCII: the rules match case-insensitively and the automaton folds
/// ASCII case, so a literal with any non-ASCII byte (whose case variants the automaton would
/// miss) is not used. Every part of a concatenation contributes its clauses; an alternation
/// contributes one clause, the union of the best clause of each alternative, if each has one.
fn clauses(hir: &Hir) -> Vec<Clause> {
    match hir.kind() {
        HirKind::Literal(lit) if lit.0.is_ascii() => vec![vec![lit.0.to_ascii_lowercase()]],
        HirKind::Capture(c) => clauses(&c.sub),
        HirKind::Repetition(r) if r.min >= 1 => clauses(&r.sub),
        HirKind::Concat(parts) => parts.iter().flat_map(clauses).collect(),
        HirKind::Alternation(alts) => {
            let mut union = Vec::new();
            for alt in alts {
                match best(clauses(alt)) {
                    Some(c) => union.extend(c),
                    None => return Vec::new(),
                }
            }
            union.sort();
            union.dedup();
            if union.len() <= MAX_CLAUSE {
                vec![union]
            } else {
                Vec::new()
            }
        }
        _ => Vec::new(),
    }
}

/// The clause that rules out the most texts: the longest shortest literal, then the fewest,
/// then the first. Ties are common ("went to war with", "shot down", "cut ties with"), and the
/// phrase's leading word is the distinctive one: the trailing word is often a preposition that
/// most sentences have, and a rule needing only "with" would run on nearly all of them.
fn best(clauses: Vec<Clause>) -> Option<Clause> {
    let score = |c: &Clause| (c.iter().map(Vec::len).min(), std::cmp::Reverse(c.len()));
    clauses
        .into_iter()
        .reduce(|kept, c| if score(&c) > score(&kept) { c } else { kept })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn req(p: &str) -> Vec<Vec<String>> {
        let hir = regex_syntax::parse(p).unwrap();
        clauses(&hir)
            .into_iter()
            .map(|c| {
                c.into_iter()
                    .map(|l| String::from_utf8(l).unwrap())
                    .collect()
            })
            .collect()
    }

    #[test]
    fn finds_the_words_a_pattern_needs() {
        assert_eq!(req(r"\w+\s+between\s+\w+"), [["between"]]);
        assert_eq!(
            req(r"to\s+(?:mediate|broker)\w*\s+between"),
            [vec!["to"], vec!["broker", "mediate"], vec!["between"]]
        );
        assert_eq!(req(r"(?P<t>Allied)\s+with"), [["allied"], ["with"]]);
        assert_eq!(req(r"(?:talks){1,3}"), [["talks"]]);
        // An alternative contributes its best clause.
        assert_eq!(req(r"(?:a\s+meeting|talks)"), [["meeting", "talks"]]);
        // Of equally good clauses, an alternative gives its first: the verb of a phrase, not
        // the preposition after it.
        assert_eq!(
            req(r"(?:attacked|went\s+to\s+war\s+with|shot\s+down)"),
            [["attacked", "shot", "went"]]
        );
        // Nothing is required of an optional part or of a class.
        assert!(req(r"(?:talks)?\w+").is_empty());
        assert!(req(r"[abc]+").is_empty());
        // One alternative without a literal spoils the alternation.
        assert!(req(r"(?:talks|\w+)").is_empty());
        // Non-ASCII literals have case variants the automaton would not fold.
        assert!(req(r"émissaire").is_empty());
    }

    #[test]
    fn candidates_are_the_rules_whose_words_occur() {
        let p = Prefilter::new([r"\bbetween\b", r"allied\s+with", r"\w+"], |p| {
            RegexSet::new(p).ok()
        });
        let mut out = Scratch::default();
        p.candidates("X mediates BETWEEN Y and Z", &mut out);
        assert_eq!(out.rules, [0, 2]);
        p.candidates("X, long Allied with Y", &mut out);
        assert_eq!(out.rules, [1, 2]);
        // Every clause must be satisfied: "allied" alone is not enough.
        p.candidates("X, long allied to Y", &mut out);
        assert_eq!(out.rules, [2]);
        p.candidates("nothing here", &mut out);
        assert_eq!(out.rules, [2]);
        // The Kelvin sign folds to `k` in the rules; the filter then keeps every rule.
        p.candidates("\u{212A}", &mut out);
        assert_eq!(out.rules, [0, 1, 2]);
        // Short literals make no clause: "to" would be in almost every sentence.
        let p = Prefilter::new([r"to\s+aid"], |p| RegexSet::new(p).ok());
        p.candidates("aid", &mut out);
        assert_eq!(out.rules, [0]);
        p.candidates("to help", &mut out);
        assert!(out.rules.is_empty());
    }

    /// The filter drops only rules that cannot match: on seeded sentences in the shape of
    /// tagged text (the default rules' examples with tags for names, near misses of them,
    /// random words), as written, in capitals, and with the Kelvin sign for `k`, the
    /// candidates that match are exactly the rules that match.
    #[test]
    fn candidates_keep_every_rule_that_matches() {
        let rules = crate::relate::RuleSet::defaults().unwrap();
        let sentences = crate::relate::sample::tagged_sentences(&rules, 3000);
        let texts = sentences
            .iter()
            .flat_map(|t| [t.clone(), t.to_uppercase(), t.replace('k', "\u{212A}")]);
        let mut scratch = Scratch::default();
        let (mut texts_tried, mut matches, mut candidates) = (0, 0, 0);
        for text in texts {
            rules.prefilter.candidates(&text, &mut scratch);
            let matching = |i: &usize| rules.rules[*i].regex.is_match(&text);
            let all: Vec<usize> = (0..rules.rules.len()).filter(matching).collect();
            let kept: Vec<usize> = scratch.rules.iter().copied().filter(matching).collect();
            assert_eq!(kept, all, "on {text:?}");
            texts_tried += 1;
            matches += all.len();
            candidates += scratch.rules.len();
        }
        assert!(
            matches > 500,
            "only {matches} matches: the sentences test too little"
        );
        // Texts with the Kelvin sign keep every rule; the others must be filtered, or the test
        // would pass with a filter that keeps everything.
        assert!(
            candidates < texts_tried * rules.rules.len() / 2,
            "{candidates} candidates in {texts_tried} texts: the filter drops too little"
        );
    }

    #[test]
    fn a_family_keeps_only_the_members_that_match() {
        // The first two need "between" and nothing else (short literals make no clause): one
        // family, one set.
        let patterns = [
            r"an?\s+between",
            r"between\s+(?:X|Y)\b",
            r"allied\s+with",
            r"\w+",
        ];
        let p = Prefilter::new(patterns, |p| RegexSet::new(p).ok());
        assert_eq!(p.families.len(), 1);
        assert_eq!(p.families[0].members, [0, 1]);
        let mut out = Scratch::default();
        p.candidates("a between Z", &mut out);
        assert_eq!(out.rules, [0, 3]);
        p.candidates("talks between X and Z", &mut out);
        assert_eq!(out.rules, [1, 3]);
        p.candidates("betweenness", &mut out);
        assert_eq!(out.rules, [3]);
        // Without a set, the members run one by one.
        let p = Prefilter::new(patterns, |_| None);
        p.candidates("talks between X and Z", &mut out);
        assert_eq!(out.rules, [0, 1, 3]);
    }

    #[test]
    fn the_default_office_rules_are_one_family() {
        // They all need an office title, and a sentence with one is tried against the whole
        // family in one pass instead of nine.
        let rules = crate::relate::RuleSet::defaults().unwrap();
        let office = rules
            .prefilter
            .families
            .iter()
            .map(|f| -> Vec<&str> {
                f.members
                    .iter()
                    .map(|&i| rules.rules[i].id.as_str())
                    .collect()
            })
            .find(|ids| ids.iter().any(|id| id.starts_with("office.")))
            .expect("an office family");
        assert!(office.len() >= 9, "{office:?}");
        assert!(
            office.iter().all(|id| id.starts_with("office.")),
            "{office:?}"
        );
    }
}
