//! The relation rule file: TOML, one `[[rule]]` per phrasing, regexes over tagged sentences.
//!
//! Patterns are ordinary `regex` syntax plus entity placeholders, expanded here once:
//!
//! | placeholder | matches |
//! |---|---|
//! | `{name:TYPE}` | one mention of TYPE, captured as argument `name` |
//! | `{name:TYPE+}` | a coordination of mentions ("Turkey and Israel", "both A, B and C") |
//! | `{:TYPE}` | a mention of TYPE, not captured |
//! | `{macro}` | a macro from the `[macros]` table |
//!
//! TYPE is `PERSON`, `COUNTRY`, `ORG`, `LOCATION`, `ACTOR` (person, country or org), `POLITY`
//! (country or org), `ENTITY` (any), `TITLE` or `OFFICE` (a title that names a post); append `.name` for a proper name
//! only or `.adj` for a demonym only (`{c:COUNTRY.adj}` matches "Azeri").

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use regex::{Regex, RegexBuilder, RegexSet, RegexSetBuilder};
use serde::Deserialize;

use super::prefilter::Prefilter;
use super::tagged::{TAG_CLOSE, TAG_OPEN};
use super::RelationType;
use crate::error::{Error, Result};

/// Maximum number of rules in one rule set.
pub const MAX_RULES: usize = 10_000;
/// Compiled size limit per rule regex, in bytes.
const REGEX_SIZE_LIMIT: usize = 4 << 20;
/// Lazy DFA cache limit per rule regex, per thread (the `regex` default is 2 MiB). A rule runs
/// on one sentence at a time, and a few hundred states cover what it meets; the caches of 136
/// regexes on every worker thread were a tenth of the peak memory of a large run.
const RULE_DFA_SIZE_LIMIT: usize = 256 << 10;
/// Lazy DFA cache limit of a family's set, per thread.
const SET_DFA_SIZE_LIMIT: usize = 16 << 20;

/// One compiled rule.
#[derive(Debug, Clone)]
pub struct Rule {
    /// Unique id (`talks.call_with`).
    pub id: String,
    /// The relation it produces.
    pub relation: RelationType,
    /// The pattern as written.
    pub source: String,
    /// A fixed role for `holds_office` rules without a `{role:TITLE}` capture.
    pub role: Option<String>,
    /// Whether a negation cue cancels a match.
    pub negatable: bool,
    /// Sentences the rule must fire on, with the relations they must give.
    pub examples: Vec<Example>,
    /// Sentences the rule must not fire on.
    pub counterexamples: Vec<String>,
    /// File and line the rule starts at.
    pub origin: (PathBuf, usize),
    pub(crate) regex: Regex,
    /// What extraction reads from the regex's syntax tree, found when first needed, which
    /// keeps it out of start-up (compiling the ASCII variants would add half the rules' build
    /// time, and parsing alone 20 ms).
    derived: std::sync::OnceLock<Derived>,
    /// Where the regex puts what extraction reads.
    pub(crate) groups: Groups,
}

/// What a rule's syntax tree tells extraction (one parse for both).
#[derive(Debug, Clone)]
struct Derived {
    /// The same rule for ASCII text only (see [`ascii_only`]), if it compiles.
    ascii: Option<AsciiVariant>,
    /// The fewest tags any match holds (see [`min_tags`]).
    min_tags: usize,
}

impl Derived {
    fn of(relation: RelationType, regex: &Regex) -> Derived {
        match parse(regex.as_str()) {
            Some(hir) => Derived {
                min_tags: min_tags(&hir),
                ascii: ascii_variant(relation, regex, &hir),
            },
            None => Derived {
                ascii: None,
                min_tags: 0,
            },
        }
    }
}

impl Rule {
    fn derived(&self) -> &Derived {
        self.derived
            .get_or_init(|| Derived::of(self.relation, &self.regex))
    }

    /// The rule's regex for ASCII haystacks: the same matches and captures there, from a
    /// smaller automaton (`None` if the variant could not be compiled).
    pub(crate) fn ascii(&self) -> Option<&AsciiVariant> {
        self.derived().ascii.as_ref()
    }

    /// The fewest tags any match of the rule holds: where fewer are left in a sentence, the
    /// rule cannot match there.
    pub(crate) fn min_tags(&self) -> usize {
        self.derived().min_tags
    }
}

/// A rule's regex for ASCII sentences.
#[derive(Debug, Clone)]
pub(crate) struct AsciiVariant {
    /// Matches and captures like the rule's own regex, on the haystack [`Self::folded`] says.
    pub(crate) regex: Regex,
    /// Whether `regex` runs on the sentence with ASCII letters lowercased (same offsets). Only
    /// when every class and literal of the rule is blind to ASCII case, as in any rule without
    /// `(?-i:…)`: then the lowered haystack changes no match, and the rule's alternations of
    /// words, spelt in single bytes instead of case pairs, compile to tries (see
    /// [`lowercase_only`]).
    pub(crate) folded: bool,
    /// Where `regex` puts what extraction reads (it may have groups of its own, see
    /// [`literal_tries`]).
    pub(crate) groups: Groups,
}

/// Capture group indices of the names extraction reads, looked up once when the rule is
/// compiled instead of by name for every match.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Groups {
    /// `trigger`: the words that state the relation.
    pub(crate) trigger: Option<usize>,
    /// `role`: an office title.
    pub(crate) role: Option<usize>,
    /// The relation type's first pair of arguments (`mediator` and `parties`, `person` and
    /// `of`, `a` and `b`…).
    pub(crate) first: Option<usize>,
    pub(crate) second: Option<usize>,
    /// `parties`: a list of two or more.
    pub(crate) parties: Option<usize>,
}

impl Groups {
    fn of(relation: RelationType, regex: &Regex) -> Groups {
        let index = |name: &str| regex.capture_names().position(|n| n == Some(name));
        let pair = relation.capture_sets()[0];
        Groups {
            trigger: index("trigger"),
            role: index("role"),
            first: pair.first().and_then(|n| index(n)),
            second: pair.get(1).and_then(|n| index(n)),
            parties: index("parties"),
        }
    }
}

/// A rule example: a text and the relations expected from it.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Example {
    /// The sentence.
    pub text: String,
    /// Expected relations, written `type(Arg One, Arg Two[, role=Role])`.
    pub expect: Vec<String>,
}

/// A compiled set of rules with its negation cues.
#[derive(Debug, Clone)]
pub struct RuleSet {
    pub(crate) rules: Vec<Rule>,
    /// Picks the rules that can match a sentence.
    pub(crate) prefilter: Prefilter,
    pub(crate) negation: Regex,
    /// Negation right after a match: "… membership is not on the table".
    pub(crate) negation_after: Regex,
    /// `(name, sha256 prefix)` of each loaded file.
    pub(crate) sources: Vec<(String, String)>,
    /// The token rules and their lexicon.
    pub(crate) tokens: super::token::TokenRules,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    #[serde(default)]
    version: Option<String>,
    #[serde(default)]
    negation: Option<String>,
    #[serde(default)]
    macros: BTreeMap<String, String>,
    /// Definitions for token patterns, over the prelude.
    #[serde(default)]
    define: BTreeMap<String, String>,
    #[serde(default)]
    rule: Vec<toml::Spanned<RawRule>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRule {
    id: String,
    relation: String,
    /// A regex over the tagged sentence (the first rule language).
    #[serde(default)]
    pattern: Option<String>,
    /// A token pattern (relations v2).
    #[serde(default)]
    tokens: Option<String>,
    #[serde(default)]
    role: Option<String>,
    #[serde(default = "yes")]
    negation: bool,
    /// Token rules: modals, conditions and aims do not cancel a match.
    #[serde(default)]
    modal: bool,
    #[serde(default)]
    examples: Vec<Example>,
    #[serde(default)]
    counterexamples: Vec<String>,
}

fn yes() -> bool {
    true
}

const DEFAULT_NEGATION: &str = r"(?i)\b(?:not|no|never|no longer|without|cancel(?:l?ed|s)?|call(?:ed)? off|postponed|suspended|halted|scrapped|neither|nor|denied|denies|deny|refused|refuses|declined|declines|rejected|rejects|failed to|won't|wont|didn't|doesn't|don't|isn't|wasn't|aren't|weren't|hasn't|haven't|hadn't|can't|cannot|couldn't|wouldn't|shouldn't)\b|n't\b";

const NEGATION_AFTER: &str = r"(?i)^\W*(?:\w+\s+)?(?:is|are|was|were|will|would|has|have|had|does|do|did|could|can|should|may|might)(?:\s+not|n't|\s+never)\b";

impl RuleSet {
    /// The embedded default rules.
    pub fn defaults() -> Result<RuleSet> {
        let (name, text) = crate::gazetteer::defaults::RULES;
        RuleSet::parse(&[(PathBuf::from(format!("default:{name}")), text.to_string())])
    }

    /// Reads rule files.
    pub fn from_paths(paths: &[PathBuf]) -> Result<RuleSet> {
        let mut files = Vec::new();
        for p in paths {
            let text = std::fs::read_to_string(p).map_err(|e| Error::io(p, e))?;
            files.push((p.clone(), text));
        }
        RuleSet::parse(&files)
    }

    /// Parses and compiles rule files given as `(name, contents)`. Later files add rules; a
    /// rule id may appear only once overall.
    pub fn parse(files: &[(PathBuf, String)]) -> Result<RuleSet> {
        let mut rules: Vec<Rule> = Vec::new();
        let mut negation = None;
        let mut sources = Vec::new();
        let mut tokens = super::token::TokenRules::new(super::token::Lexicon::defaults()?);
        // Trigger files (`.tsv`) first: the rules' lemmas are looked up in the whole lexicon.
        for (path, text) in files.iter().filter(|(p, _)| is_lexicon(p)) {
            tokens.lexicon.add_triggers(path, text)?;
            sources.push((path.display().to_string(), digest(text)));
        }
        for (path, text) in files.iter().filter(|(p, _)| !is_lexicon(p)) {
            let file: File = toml::from_str(text).map_err(|e| {
                let line = e.span().map_or(0, |s| line_at(text, s.start));
                Error::Rules {
                    path: path.clone(),
                    line,
                    message: e.message().trim().to_string(),
                }
            })?;
            let name = match &file.version {
                Some(v) => format!("{} ({v})", path.display()),
                None => path.display().to_string(),
            };
            sources.push((name, digest(text)));
            if let Some(n) = &file.negation {
                negation = Some(compile(n, path, 0)?);
            }
            for spanned in file.rule {
                let line = line_at(text, spanned.span().start);
                let raw = spanned.into_inner();
                let err = |message: String| Error::Rules {
                    path: path.clone(),
                    line,
                    message: format!("rule {:?}: {message}", raw.id),
                };
                if rules.iter().any(|r| r.id == raw.id)
                    || tokens.rules().iter().any(|r| r.id == raw.id)
                {
                    return Err(err("duplicate rule id".into()));
                }
                if raw.id.trim().is_empty() {
                    return Err(err("empty rule id".into()));
                }
                for ex in &raw.examples {
                    for e in &ex.expect {
                        super::ExpectedRelation::parse(e)
                            .map_err(|m| err(format!("example {e:?}: {m}")))?;
                    }
                }
                let pattern = match (&raw.pattern, &raw.tokens) {
                    (Some(p), None) => p.clone(),
                    (None, Some(t)) => {
                        tokens
                            .add(
                                super::token::RawTokenRule {
                                    id: raw.id.clone(),
                                    relation: raw.relation.clone(),
                                    tokens: t.clone(),
                                    role: raw.role.clone(),
                                    negatable: raw.negation,
                                    modal: raw.modal,
                                    examples: raw.examples.clone(),
                                    counterexamples: raw.counterexamples.clone(),
                                    origin: (path.clone(), line),
                                },
                                &file.define,
                            )
                            .map_err(err)?;
                        if tokens.rules().len() + rules.len() > MAX_RULES {
                            return Err(err(format!("more than {MAX_RULES} rules")));
                        }
                        continue;
                    }
                    _ => {
                        return Err(err(
                            "give either `pattern` (a regex) or `tokens` (a token pattern)".into(),
                        ))
                    }
                };
                let relation: RelationType = raw.relation.parse().map_err(err)?;
                let expanded = expand(&pattern, &file.macros, 0).map_err(err)?;
                let regex = compile(&expanded, path, line)?;
                check_captures(relation, &regex, raw.role.is_some()).map_err(err)?;
                if regex.is_match("") {
                    return Err(err("the pattern matches the empty string".into()));
                }
                rules.push(Rule {
                    id: raw.id.clone(),
                    relation,
                    source: pattern,
                    role: raw.role.clone(),
                    negatable: raw.negation,
                    examples: raw.examples,
                    counterexamples: raw.counterexamples,
                    origin: (path.clone(), line),
                    groups: Groups::of(relation, &regex),
                    derived: std::sync::OnceLock::new(),
                    regex,
                });
                if rules.len() > MAX_RULES {
                    return Err(err(format!("more than {MAX_RULES} rules")));
                }
            }
        }
        let prefilter = Prefilter::new(rules.iter().map(|r| r.regex.as_str()), compile_set);
        let negation = match negation {
            Some(n) => n,
            None => Regex::new(DEFAULT_NEGATION).expect("default negation regex is valid"),
        };
        Ok(RuleSet {
            rules,
            prefilter,
            negation,
            negation_after: Regex::new(NEGATION_AFTER).expect("valid regex"),
            sources,
            tokens,
        })
    }

    /// A rule set holding only regex rule `i` (with the same negation cues), for testing a
    /// rule on its own.
    pub fn only(&self, i: usize) -> RuleSet {
        let rules = vec![self.rules[i].clone()];
        let prefilter = Prefilter::new(rules.iter().map(|r| r.regex.as_str()), compile_set);
        RuleSet {
            rules,
            prefilter,
            negation: self.negation.clone(),
            negation_after: self.negation_after.clone(),
            sources: self.sources.clone(),
            tokens: super::token::TokenRules::new(self.tokens.lexicon.clone()),
        }
    }

    /// A rule set holding only token rule `i`.
    pub fn only_token(&self, i: usize) -> RuleSet {
        let prefilter = Prefilter::new(std::iter::empty::<&str>(), compile_set);
        RuleSet {
            rules: Vec::new(),
            prefilter,
            negation: self.negation.clone(),
            negation_after: self.negation_after.clone(),
            sources: self.sources.clone(),
            tokens: self.tokens.only(i),
        }
    }

    /// The regex rules, in file order.
    pub fn rules(&self) -> &[Rule] {
        &self.rules
    }

    /// The token rules and their lexicon.
    pub fn token_rules(&self) -> &super::token::TokenRules {
        &self.tokens
    }
}

fn is_lexicon(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("tsv"))
}

/// The first 16 hex digits of a file's SHA-256.
fn digest(text: &str) -> String {
    use sha2::Digest;
    let digest = sha2::Sha256::digest(text.as_bytes());
    digest.iter().take(8).map(|b| format!("{b:02x}")).collect()
}

fn line_at(text: &str, byte: usize) -> usize {
    text.as_bytes()[..byte.min(text.len())]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

/// Rules are case-insensitive (news capitalises the first word of a sentence and whole
/// headlines); `(?-i:…)` turns that off where it matters. Tags are unaffected.
fn compile(pattern: &str, path: &Path, line: usize) -> Result<Regex> {
    RegexBuilder::new(pattern)
        .case_insensitive(true)
        .size_limit(REGEX_SIZE_LIMIT)
        .dfa_size_limit(RULE_DFA_SIZE_LIMIT)
        .build()
        .map_err(|e| Error::Rules {
            path: path.to_path_buf(),
            line,
            message: format!("invalid regex: {e}"),
        })
}

/// A compiled rule's syntax tree, as [`compile`] reads it.
fn parse(pattern: &str) -> Option<regex_syntax::hir::Hir> {
    regex_syntax::ParserBuilder::new()
        .case_insensitive(true)
        .build()
        .parse(pattern)
        .ok()
}

/// The fewest tag openings ([`TAG_OPEN`]) in any string `hir` matches.
///
/// Every argument of a rule is a tag, so most rules need two or more. A rule that has matched
/// is searched again after its match, and that search, which nearly always fails, scans the
/// rest of the sentence; where fewer tags are left than any match holds, it need not run.
fn min_tags(hir: &regex_syntax::hir::Hir) -> usize {
    use regex_syntax::hir::{Class, HirKind};
    let open = TAG_OPEN as u8;
    match hir.kind() {
        HirKind::Literal(lit) => lit.0.iter().filter(|&&b| b == open).count(),
        // A class that matches nothing but the tag opening (how `\x01` may be spelt).
        HirKind::Class(Class::Unicode(c)) => usize::from(
            c.iter()
                .all(|r| (r.start(), r.end()) == (TAG_OPEN, TAG_OPEN)),
        ),
        HirKind::Class(Class::Bytes(c)) => {
            usize::from(c.iter().all(|r| (r.start(), r.end()) == (open, open)))
        }
        HirKind::Repetition(r) => (r.min as usize).saturating_mul(min_tags(&r.sub)),
        HirKind::Capture(c) => min_tags(&c.sub),
        HirKind::Concat(parts) => parts.iter().map(min_tags).sum(),
        HirKind::Alternation(alts) => alts.iter().map(min_tags).min().unwrap_or(0),
        HirKind::Empty | HirKind::Look(_) => 0,
    }
}

/// `regex` (whose syntax tree is `hir`) for ASCII haystacks: the same matches and captures
/// there, from a smaller automaton.
fn ascii_variant(
    relation: RelationType,
    regex: &Regex,
    hir: &regex_syntax::hir::Hir,
) -> Option<AsciiVariant> {
    let ascii = ascii_only(hir);
    let (hir, folded) = match lowercase_only(&ascii) {
        Some(lowered) => (literal_tries(&lowered, &mut 0), true),
        None => (ascii, false),
    };
    let variant = RegexBuilder::new(&hir.to_string())
        .size_limit(REGEX_SIZE_LIMIT)
        .dfa_size_limit(RULE_DFA_SIZE_LIMIT)
        .build()
        .ok()?;
    // The same named groups in the same order (the tries' groups aside), or the variant is not
    // used.
    let named = |r: &Regex| -> Vec<String> {
        r.capture_names()
            .flatten()
            .filter(|n| !n.starts_with(TRIE_GROUP))
            .map(String::from)
            .collect()
    };
    (named(&variant) == named(regex)).then(|| AsciiVariant {
        groups: Groups::of(relation, &variant),
        regex: variant,
        folded,
    })
}

/// The name prefix of the groups [`literal_tries`] adds.
const TRIE_GROUP: &str = "relgraph_trie_";

/// `hir` with each run of three or more consecutive literals in an alternation that also has
/// other members grouped on its own, in the same place: the same matches and captures, and
/// the regex compiler, which turns an alternation made only of literals into a trie, does so
/// for the run. Without it, an alternation such as `has|have|…|\w+ly` is a list the
/// backtracker resolving captures tries member by member at every word.
///
/// The group is a named capture (`relgraph_trie_N`, `n` counting them), because the syntax
/// tree merges a non-capturing group's alternation into the one around it. Leftmost-first
/// preference is unchanged: the run's members keep their order, and the group sits where
/// they were.
fn literal_tries(hir: &regex_syntax::hir::Hir, n: &mut usize) -> regex_syntax::hir::Hir {
    use regex_syntax::hir::{Capture, Hir, HirKind};
    let literal = |h: &Hir| matches!(h.kind(), HirKind::Literal(_));
    match hir.kind() {
        HirKind::Alternation(alts) if !alts.iter().all(literal) => {
            let mut members = Vec::new();
            let mut rest = &alts[..];
            while let Some(first) = rest.first() {
                let run = rest.iter().take_while(|a| literal(a)).count();
                if run >= 3 {
                    *n += 1;
                    members.push(Hir::capture(Capture {
                        // Numbered by position when the pattern is compiled from its text.
                        index: 0,
                        name: Some(format!("{TRIE_GROUP}{n}").into()),
                        sub: Box::new(Hir::alternation(rest[..run].to_vec())),
                    }));
                    rest = &rest[run..];
                } else {
                    members.push(literal_tries(first, n));
                    rest = &rest[1..];
                }
            }
            Hir::alternation(members)
        }
        _ => with_children(hir, |h| Some(literal_tries(h, n))).expect("every child is mapped"),
    }
}

/// `hir` with each direct child (of a repetition, capture, concatenation or alternation)
/// replaced by what `f` makes of it, or `None` if `f` gives `None` for one; a node without
/// children as it is. The rewrites of this module share it for every node they do not change
/// themselves.
fn with_children(
    hir: &regex_syntax::hir::Hir,
    mut f: impl FnMut(&regex_syntax::hir::Hir) -> Option<regex_syntax::hir::Hir>,
) -> Option<regex_syntax::hir::Hir> {
    use regex_syntax::hir::{Capture, Hir, HirKind, Repetition};
    Some(match hir.kind() {
        HirKind::Repetition(r) => Hir::repetition(Repetition {
            min: r.min,
            max: r.max,
            greedy: r.greedy,
            sub: Box::new(f(&r.sub)?),
        }),
        HirKind::Capture(c) => Hir::capture(Capture {
            index: c.index,
            name: c.name.clone(),
            sub: Box::new(f(&c.sub)?),
        }),
        HirKind::Concat(parts) => Hir::concat(parts.iter().map(&mut f).collect::<Option<_>>()?),
        HirKind::Alternation(alts) => Hir::alternation(alts.iter().map(f).collect::<Option<_>>()?),
        _ => hir.clone(),
    })
}

/// `hir` (an [`ascii_only`] one) for haystacks whose ASCII letters are lowercased, if no part
/// of it tells an upper-case letter from its lower-case one: each class keeps only its
/// non-upper-case members. A class that holds a letter in one case only, or a literal with a
/// letter (the syntax tree spells a case-insensitive letter as a class), gives `None`.
///
/// On such a haystack every class test, and every word boundary, comes out as on the
/// original, so matches and captures are the same. The gain is in the automaton: the
/// regex compiler turns an alternation of literals into a trie, but a case-insensitive word
/// is a sequence of classes, so `met|meets|meet|…` stays a list that the backtracker resolving
/// captures tries branch by branch; lowered, each word is a literal.
fn lowercase_only(hir: &regex_syntax::hir::Hir) -> Option<regex_syntax::hir::Hir> {
    use regex_syntax::hir::{Class, ClassBytes, ClassBytesRange, Hir, HirKind};
    let lowered = |bytes: &mut dyn Iterator<Item = (u8, u8)>, high: Vec<ClassBytesRange>| {
        let mut member = [false; 128];
        for (start, end) in bytes {
            for b in start..=end.min(0x7F) {
                member[usize::from(b)] = true;
            }
        }
        let closed = (b'a'..=b'z').all(|b| member[usize::from(b)] == member[usize::from(b - 32)]);
        closed.then(|| {
            let low = (0u8..0x80)
                .filter(|&b| member[usize::from(b)] && !b.is_ascii_uppercase())
                .map(|b| ClassBytesRange::new(b, b));
            ClassBytes::new(low.chain(high))
        })
    };
    Some(match hir.kind() {
        HirKind::Class(Class::Unicode(c)) => {
            let ascii = c.iter().filter(|r| r.start().is_ascii());
            let mut ranges = ascii.map(|r| (r.start() as u8, (r.end() as u32).min(0x7F) as u8));
            // Members beyond ASCII never match an ASCII haystack (`ascii_only` has dropped
            // them already).
            let class = lowered(&mut ranges, Vec::new())?;
            let mut unicode = regex_syntax::hir::ClassUnicode::empty();
            for r in class.iter() {
                unicode.push(regex_syntax::hir::ClassUnicodeRange::new(
                    char::from(r.start()),
                    char::from(r.end()),
                ));
            }
            Hir::class(Class::Unicode(unicode))
        }
        HirKind::Class(Class::Bytes(c)) => {
            let high: Vec<ClassBytesRange> = c
                .iter()
                .filter(|r| r.end() >= 0x80)
                .map(|r| ClassBytesRange::new(r.start().max(0x80), r.end()))
                .collect();
            let mut ranges = c
                .iter()
                .filter(|r| r.start() < 0x80)
                .map(|r| (r.start(), r.end()));
            Hir::class(Class::Bytes(lowered(&mut ranges, high)?))
        }
        HirKind::Literal(lit) if lit.0.iter().any(u8::is_ascii_alphabetic) => return None,
        // Literals without letters, the empty string, and look-arounds, which depend only on
        // what is a word character or a line end, are the same on the lowered haystack.
        _ => return with_children(hir, lowercase_only),
    })
}

/// `hir` restricted to ASCII haystacks: on text that is all ASCII, a class matches only its
/// ASCII members and a Unicode word boundary is an ASCII one, so dropping the rest changes no
/// match, while the automaton loses every multi-byte UTF-8 path.
fn ascii_only(hir: &regex_syntax::hir::Hir) -> regex_syntax::hir::Hir {
    use regex_syntax::hir::{Class, ClassUnicode, ClassUnicodeRange, Hir, HirKind, Look};
    match hir.kind() {
        HirKind::Class(Class::Unicode(c)) => {
            let mut c = c.clone();
            c.intersect(&ClassUnicode::new([ClassUnicodeRange::new('\0', '\x7F')]));
            Hir::class(Class::Unicode(c))
        }
        HirKind::Look(look) => Hir::look(match look {
            Look::WordUnicode => Look::WordAscii,
            Look::WordUnicodeNegate => Look::WordAsciiNegate,
            Look::WordStartUnicode => Look::WordStartAscii,
            Look::WordEndUnicode => Look::WordEndAscii,
            Look::WordStartHalfUnicode => Look::WordStartHalfAscii,
            Look::WordEndHalfUnicode => Look::WordEndHalfAscii,
            other => *other,
        }),
        _ => with_children(hir, |h| Some(ascii_only(h))).expect("every child is mapped"),
    }
}

/// A family of rules' patterns as one set (see `prefilter`), compiled as [`compile`] compiles
/// each; `None` if it would be too large.
fn compile_set(patterns: &[&str]) -> Option<RegexSet> {
    RegexSetBuilder::new(patterns)
        .case_insensitive(true)
        .size_limit(REGEX_SIZE_LIMIT * patterns.len())
        // The set's lazy DFA holds every member's states; with a cache too small for them it
        // would give up and leave the set to a far slower engine.
        .dfa_size_limit(SET_DFA_SIZE_LIMIT)
        .build()
        .ok()
}

/// Checks that the captures a relation needs are present.
fn check_captures(
    relation: RelationType,
    regex: &Regex,
    fixed_role: bool,
) -> std::result::Result<(), String> {
    let names: Vec<&str> = regex.capture_names().flatten().collect();
    let has = |n: &str| names.contains(&n);
    let needed: &[&[&str]] = relation.capture_sets();
    if !needed.iter().any(|set| set.iter().all(|n| has(n))) {
        let sets: Vec<String> = needed.iter().map(|s| s.join(" + ")).collect();
        return Err(format!(
            "a {} rule needs the arguments {} (as `{{name:TYPE}}` placeholders); found {:?}",
            relation,
            sets.join(" or "),
            names
        ));
    }
    if relation == RelationType::HoldsOffice && !has("role") && !fixed_role {
        return Err(
            "a holds_office rule needs a `{role:TITLE}` capture or a `role = \"…\"` key".into(),
        );
    }
    Ok(())
}

/// Expands placeholders and macros into plain regex syntax.
fn expand(
    pattern: &str,
    macros: &BTreeMap<String, String>,
    depth: usize,
) -> std::result::Result<String, String> {
    if depth > 8 {
        return Err("macros nest more than 8 levels (a macro that uses itself?)".into());
    }
    let mut out = String::with_capacity(pattern.len() * 2);
    let mut rest = pattern;
    while let Some(open) = rest.find('{') {
        // `\{` is a literal brace; `{2,3}` is a repetition; `\x{E000}` and `\p{Lu}` are
        // regex escapes.
        let before = &rest[..open];
        let escaped = (before.ends_with('\\') && !before.ends_with("\\\\"))
            || ["\\x", "\\u", "\\p", "\\P"]
                .iter()
                .any(|e| before.ends_with(e));
        let body_start = open + 1;
        let starts_name = rest[body_start..]
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic() || c == '_' || c == ':');
        if escaped || !starts_name {
            out.push_str(&rest[..body_start]);
            rest = &rest[body_start..];
            continue;
        }
        let close = rest[body_start..]
            .find('}')
            .ok_or_else(|| format!("unclosed `{{` in pattern at {:?}", &rest[open..]))?;
        let body = &rest[body_start..body_start + close];
        out.push_str(&rest[..open]);
        out.push_str(&placeholder(body, macros, depth)?);
        rest = &rest[body_start + close + 1..];
    }
    out.push_str(rest);
    Ok(out)
}

fn placeholder(
    body: &str,
    macros: &BTreeMap<String, String>,
    depth: usize,
) -> std::result::Result<String, String> {
    let Some((name, ty)) = body.split_once(':') else {
        let m = macros
            .get(body)
            .ok_or_else(|| format!("unknown macro `{{{body}}}` (define it under [macros])"))?;
        return Ok(format!("(?:{})", expand(m, macros, depth + 1)?));
    };
    if !name.is_empty() && !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
        return Err(format!("invalid argument name {name:?} in `{{{body}}}`"));
    }
    let (ty, list) = match ty.strip_suffix('+') {
        Some(t) => (t, true),
        None => (ty, false),
    };
    let tag = tag_class(ty)?;
    let inner = if list {
        // After a bare comma only a proper name continues the list: in "…with Erdoğan,
        // Israeli officials said" the demonym starts a new clause.
        let named = tag_class(&format!("{}.name", ty.split('.').next().unwrap_or(ty)))
            .unwrap_or_else(|_| tag.clone());
        // Members may carry a demonym and titles ("Russian Foreign Minister Sergei Lavrov
        // and U.S. Secretary of State Antony Blinken"); those modifier tags are not members.
        let title = tag_class("TITLE")?;
        let adj = tag_class("POLITY.adj")?;
        let owner = tag_class("POLITY")?;
        let modifiers = format!(r"(?:the\s+)?(?:{adj}\s+|{owner}(?:'s?)?\s+)?(?:{title}\s+)*");
        // "A and B", "A, B and C", "A, B, and C", "A-B", "A/B"; a comma before "and" only
        // after a comma series, so "…on Russia, and NATO chief Mark Rutte said" stops at
        // Russia.
        let m = format!("{modifiers}{tag}");
        let n = format!("{modifiers}{named}");
        format!(
            r"(?:(?:both|either|neither)\s+)?{m}(?:\s*[-–/]\s*{m})*(?:(?:\s*,\s*{n})+(?:\s*,?\s+(?:and|&|or)\s+{m})?|\s+(?:and|&|or)\s+{m})?"
        )
    } else {
        tag
    };
    Ok(if name.is_empty() {
        format!("(?:{inner})")
    } else {
        format!("(?P<{name}>{inner})")
    })
}

/// The regex for one tag of the given placeholder type.
fn tag_class(ty: &str) -> std::result::Result<String, String> {
    let (base, form) = match ty.split_once('.') {
        Some((b, f)) => (b, Some(f)),
        None => (ty, None),
    };
    let types = match base {
        "PERSON" => "P",
        "COUNTRY" => "C",
        "ORG" => "O",
        "LOCATION" => "L",
        "ACTOR" => "PCO",
        "POLITY" => "CO",
        "ENTITY" => "PCOL",
        "TITLE" | "OFFICE" => "T",
        other => {
            return Err(format!(
                "unknown entity type {other:?} (expected PERSON, COUNTRY, ORG, LOCATION, ACTOR, POLITY, ENTITY, TITLE or OFFICE)"
            ))
        }
    };
    let forms = match (base, form) {
        ("TITLE", None) => "oh",
        ("OFFICE", None) => "o",
        (_, None) => "nas",
        ("TITLE" | "OFFICE", Some(f)) => return Err(format!("titles take no form suffix (.{f})")),
        (_, Some("name")) => "ns",
        (_, Some("adj")) => "a",
        (_, Some(f)) => return Err(format!("unknown form .{f} (expected .name or .adj)")),
    };
    Ok(format!(
        "{}[{types}][{forms}][0-9]+{}",
        regex::escape(&TAG_OPEN.to_string()),
        regex::escape(&TAG_CLOSE.to_string())
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<RuleSet> {
        RuleSet::parse(&[(PathBuf::from("r.toml"), text.to_string())])
    }

    fn err(text: &str) -> (usize, String) {
        match parse(text).unwrap_err() {
            Error::Rules { line, message, .. } => (line, message),
            e => panic!("{e:?}"),
        }
    }

    #[test]
    fn defaults_compile() {
        let r = RuleSet::defaults().unwrap();
        assert!(r.rules().len() > 20);
    }

    #[test]
    fn errors_have_lines_and_reasons() {
        let ok = "[[rule]]\nid = \"a\"\nrelation = \"supports\"\npattern = '{supporter:ACTOR} backs {supported:ACTOR}'\n";
        assert!(parse(ok).is_ok());
        let (line, msg) = err(&format!("# c\n\n{}", ok.replace("backs", "(backs")));
        assert_eq!(line, 3);
        assert!(msg.contains("invalid regex"), "{msg}");
        assert!(err(&ok.replace("supports", "likes"))
            .1
            .contains("unknown relation type"));
        assert!(err(&ok.replace("ACTOR} backs", "BANK} backs"))
            .1
            .contains("unknown entity type"));
        assert!(
            err(&ok.replace("{supporter:ACTOR} backs {supported:ACTOR}", "(?:x)?"))
                .1
                .contains("needs the arguments")
        );
        assert!(err(&ok.replace(
            "{supporter:ACTOR} backs {supported:ACTOR}",
            "{supporter:ACTOR}?{supported:ACTOR}?"
        ))
        .1
        .contains("empty string"));
        assert!(err(&format!("{ok}{ok}")).1.contains("duplicate rule id"));
        assert!(err("[[rule]]\nid = 3\n").0 >= 2);
        assert!(err(&ok.replace("backs", "{nomacro}"))
            .1
            .contains("unknown macro"));
    }

    #[test]
    fn placeholders_expand() {
        let mut m = BTreeMap::new();
        m.insert("v".to_string(), "backs|{x}".to_string());
        m.insert("x".to_string(), "aids".to_string());
        let e = expand(r"{a:COUNTRY.adj} \{lit\} x{2,3} {v}", &m, 0).unwrap();
        assert!(e.contains("(?P<a>"));
        assert!(e.contains(r"\{lit\}"));
        assert!(e.contains("x{2,3}"));
        assert!(e.contains("(?:backs|(?:aids))"));
        let mut loop_m = BTreeMap::new();
        loop_m.insert("l".to_string(), "{l}".to_string());
        assert!(expand("{l}", &loop_m, 0).unwrap_err().contains("nest"));
    }

    /// Every match and capture of a rule's ASCII variant equals the rule's own on ASCII text:
    /// sentences made of the rules' example words and tags of every kind, seeded.
    #[test]
    fn ascii_variants_match_like_their_rules_on_ascii_text() {
        let rules = RuleSet::defaults().unwrap();
        let mut matches = 0;
        let sentences = crate::relate::sample::tagged_sentences(&rules, 3000);
        // Headlines in capitals too: the variants that run on lowered text must not see a
        // difference.
        let shouted = sentences.iter().step_by(3).map(|s| shout(s));
        for text in sentences.iter().cloned().chain(shouted) {
            for rule in rules.rules() {
                let ascii = rule
                    .ascii()
                    .expect("every default rule has an ASCII variant");
                let haystack = match ascii.folded {
                    true => text.to_ascii_lowercase(),
                    false => text.clone(),
                };
                // The whole match and every named group of the rule (the variant may have
                // groups of its own).
                let names: Vec<&str> = rule.regex.capture_names().flatten().collect();
                let all = |re: &Regex, text: &str| -> Vec<Vec<Option<(usize, usize)>>> {
                    let index = |name: &str| re.capture_names().position(|n| n == Some(name));
                    let groups: Vec<usize> = std::iter::once(0)
                        .chain(names.iter().filter_map(|n| index(n)))
                        .collect();
                    assert_eq!(groups.len(), names.len() + 1);
                    let mut locs = re.capture_locations();
                    let mut out = Vec::new();
                    let mut at = 0;
                    while let Some(m) = re.captures_read_at(&mut locs, text, at) {
                        out.push(groups.iter().map(|&g| locs.get(g)).collect());
                        at = m.end().max(m.start() + 1);
                    }
                    out
                };
                let expected = all(&rule.regex, &text);
                matches += expected.len();
                assert_eq!(
                    all(&ascii.regex, &haystack),
                    expected,
                    "rule {} on {text:?}",
                    rule.id
                );
            }
        }
        assert!(
            matches > 100,
            "only {matches} matches: the sentences test too little"
        );
    }

    #[test]
    fn min_tags_counts_the_tags_every_match_holds() {
        let count = |pattern: &str| min_tags(&super::parse(pattern).unwrap());
        let tag = r"\x01[PC][ns][0-9]+\x02";
        assert_eq!(count(&format!(r"{tag}\s+met\s+{tag}")), 2);
        assert_eq!(count(&format!(r"(?:{tag}\s+){{2,5}}talks")), 2);
        assert_eq!(count(&format!(r"(?:{tag}\s+){{0,8}}?talks")), 0);
        assert_eq!(count(&format!(r"{tag}|{tag}\s+and\s+{tag}")), 1);
        assert_eq!(
            count(&format!(r"(?P<a>{tag}(?:,\s*{tag})*)\s+and\s+[\x01]")),
            2
        );
        // Classes that merely admit the tag opening count for nothing.
        assert_eq!(count(r"[\x01a]\x02|.\x02|\S+"), 0);
        assert_eq!(count(r"\b\x01\x01\b"), 2);
    }

    /// Sound on the default rules: no match holds fewer tags than the rule's count, which
    /// some match reaches (so the count is not trivially low either).
    #[test]
    fn no_match_holds_fewer_tags_than_its_rules_count() {
        let rules = RuleSet::defaults().unwrap();
        let sentences = crate::relate::sample::tagged_sentences(&rules, 3000);
        let mut fewest = vec![usize::MAX; rules.rules().len()];
        for text in &sentences {
            for (rule, fewest) in rules.rules().iter().zip(&mut fewest) {
                for m in rule.regex.find_iter(text) {
                    let tags = m.as_str().matches(TAG_OPEN).count();
                    assert!(tags >= rule.min_tags(), "rule {} on {text:?}", rule.id);
                    *fewest = tags.min(*fewest);
                }
            }
        }
        let tight = rules
            .rules()
            .iter()
            .zip(&fewest)
            .filter(|(r, &f)| f == r.min_tags())
            .count();
        assert!(rules.rules().iter().all(|r| r.min_tags() >= 1));
        assert!(tight * 2 > rules.rules().len(), "{tight} tight counts");
    }

    /// `text` in capitals, its tags as they are.
    fn shout(text: &str) -> String {
        let mut in_tag = false;
        text.chars()
            .map(|c| {
                in_tag = (in_tag || c == TAG_OPEN) && c != TAG_CLOSE;
                if in_tag {
                    c
                } else {
                    c.to_ascii_uppercase()
                }
            })
            .collect()
    }

    #[test]
    fn runs_of_literals_become_groups_of_their_own_with_the_same_matches() {
        let variant = |pattern: &str| {
            let regex = compile(pattern, Path::new("r.toml"), 1).unwrap();
            (
                Derived::of(RelationType::TalksWith, &regex).ascii.unwrap(),
                regex,
            )
        };
        // Three words and a class: the words get a group, in their place.
        let (v, regex) = variant(r"(?P<a>has|have|had|\w+ly)\s+(?P<trigger>met)");
        let pattern = v.regex.as_str();
        assert!(pattern.contains("(?P<relgraph_trie_1>"), "{pattern}");
        assert_eq!(
            v.groups.trigger,
            v.regex.capture_names().position(|n| n == Some("trigger"))
        );
        assert_ne!(
            v.groups.trigger,
            regex.capture_names().position(|n| n == Some("trigger"))
        );
        for (text, a) in [("they had met", "had"), ("they quickly met", "quickly")] {
            let caps = v.regex.captures(text).unwrap();
            assert_eq!((&caps["a"], &caps["trigger"]), (a, "met"), "{text}");
        }
        // Leftmost-first preference is the members' order, whatever their lengths.
        let (v, regex) = variant(r"(?P<trigger>a|abc|ab|[a-z]+)");
        assert!(v.regex.as_str().contains("relgraph_trie_"));
        for text in ["abcd", "abd", "xa"] {
            let expected = regex.captures(text).map(|c| c["trigger"].to_string());
            let got = v.regex.captures(text).map(|c| c["trigger"].to_string());
            assert_eq!(got, expected, "{text}");
        }
        // Two words, or words alone (already a trie), are left as they are.
        for pattern in [r"(?:has|had|\w+ly)\s+met", r"(?:has|had|have)\s+met"] {
            assert!(
                !variant(pattern).0.regex.as_str().contains("relgraph_trie_"),
                "{pattern}"
            );
        }
    }

    #[test]
    fn case_blind_rules_run_on_lowered_text() {
        let variant = |pattern: &str| {
            let regex = compile(pattern, Path::new("r.toml"), 1).unwrap();
            Derived::of(RelationType::TalksWith, &regex).ascii.unwrap()
        };
        // Case-insensitive words become plain lowercase literals (which regex-syntax factors).
        let v = variant(r"(?P<trigger>Met|meets|MEET)\s+[A-Z0-9]+");
        assert!(v.folded);
        let pattern = v.regex.as_str();
        assert!(
            pattern.contains("ets") && !pattern.contains("[Mm]"),
            "{pattern}"
        );
        let caps = v.regex.captures("they meets x9").unwrap();
        assert_eq!(&caps["trigger"], "meets");
        // A case-sensitive part keeps the rule on the original text.
        for pattern in [r"the\s+(?-i:\p{Ll}+)", r"(?-i:Met)", r"(?-i:[A-Za-y])"] {
            let v = variant(pattern);
            assert!(!v.folded, "{pattern}");
        }
        // A case-blind class outside the letters (digits, the tag bytes) is no obstacle.
        assert!(variant(r"\x01[PC][ns][0-9]+\x02\s+met").folded);
    }
}
