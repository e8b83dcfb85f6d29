//! The relation rule file: TOML, one `[[rule]]` per construction, each a token pattern
//! (see [`super::token::pattern`]) with its examples and counterexamples. Trigger files
//! (`.tsv`) given alongside add to the lexicon the patterns refer to.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::error::{Error, Result};

/// Maximum number of rules in one rule set.
pub const MAX_RULES: usize = 10_000;

/// A rule example: a text and the relations expected from it.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Example {
    /// The sentence.
    pub text: String,
    /// Expected relations, written `type(Arg One, Arg Two[, role=Role])`.
    pub expect: Vec<String>,
}

/// A compiled set of rules.
#[derive(Debug, Clone)]
pub struct RuleSet {
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
    /// The regex engine's negation cues: refused with a reason.
    #[serde(default)]
    negation: Option<toml::Value>,
    /// The regex engine's macros: refused with a reason.
    #[serde(default)]
    macros: Option<toml::Value>,
    /// Definitions for token patterns, over the prelude.
    #[serde(default)]
    define: BTreeMap<String, String>,
    /// Relation types this file declares.
    #[serde(default)]
    relation: Vec<toml::Spanned<RawRelation>>,
    #[serde(default)]
    rule: Vec<toml::Spanned<RawRule>>,
}

/// `[[relation]]`: a new relation type.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRelation {
    name: String,
    /// Only binary relations can be declared.
    #[serde(default = "two")]
    arity: usize,
    symmetric: bool,
    /// For readers of the file.
    #[serde(default)]
    #[allow(dead_code)]
    description: Option<String>,
}

fn two() -> usize {
    2
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRule {
    id: String,
    relation: String,
    /// A regex over the tagged sentence (the first rule language): refused with a reason.
    #[serde(default)]
    pattern: Option<toml::Value>,
    /// The token pattern.
    #[serde(default)]
    tokens: Option<String>,
    #[serde(default)]
    role: Option<String>,
    #[serde(default = "yes")]
    negation: bool,
    /// Modals, conditions and aims do not cancel a match.
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

/// Why a rule file in the first rule language is refused.
const REGEX_GONE: &str = "regex patterns were replaced by token patterns (`tokens = \"…\"`); see README, \"Relation rules\"";

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
        let mut sources = Vec::new();
        let mut tokens = super::token::TokenRules::new(super::token::Lexicon::defaults()?);
        let mut parsed = Vec::new();
        for (path, text) in files.iter().filter(|(p, _)| !is_lexicon(p)) {
            let text = crate::text::strip_bom(text);
            let mut file: File = toml::from_str(text).map_err(|e| {
                let line = e.span().map_or(0, |s| line_at(text, s.start));
                Error::Rules {
                    path: path.clone(),
                    line,
                    message: e.message().trim().to_string(),
                }
            })?;
            // Declared relation types first: trigger files and rules may name them.
            for spanned in std::mem::take(&mut file.relation) {
                let err = |message: String| Error::Rules {
                    path: path.clone(),
                    line: line_at(text, spanned.span().start),
                    message,
                };
                let raw = spanned.get_ref();
                if raw.arity != 2 {
                    return Err(err(format!(
                        "relation type {:?}: arity {}: only binary relations (arity = 2) can be \
                         declared",
                        raw.name, raw.arity
                    )));
                }
                super::RelationType::declare(&raw.name, raw.symmetric).map_err(err)?;
            }
            parsed.push((path, text, file));
        }
        // Trigger files (`.tsv`) next: the rules' lemmas are looked up in the whole lexicon.
        for (path, text) in files.iter().filter(|(p, _)| is_lexicon(p)) {
            tokens.lexicon.add_triggers(path, text)?;
            sources.push((path.display().to_string(), digest(text)));
        }
        for (path, text, file) in parsed {
            let refuse = |what: &str| Error::Rules {
                path: path.clone(),
                line: text
                    .lines()
                    .position(|l| l.trim_start().starts_with(what))
                    .map_or(0, |i| i + 1),
                message: format!("`{what}` belongs to the regex rules: {REGEX_GONE}"),
            };
            if file.macros.is_some() {
                return Err(refuse("[macros]"));
            }
            if file.negation.is_some() {
                return Err(refuse("negation"));
            }
            let name = match &file.version {
                Some(v) => format!("{} ({v})", path.display()),
                None => path.display().to_string(),
            };
            sources.push((name, digest(text)));
            let defs = super::token::TokenRules::definitions(&file.define);
            let lines = Lines::new(text);
            for spanned in file.rule {
                let line = lines.at(spanned.span().start);
                let raw = spanned.into_inner();
                let err = |message: String| Error::Rules {
                    path: path.clone(),
                    line,
                    message: format!("rule {:?}: {message}", raw.id),
                };
                if tokens.rules().iter().any(|r| r.id == raw.id) {
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
                    (Some(_), _) => return Err(err(REGEX_GONE.into())),
                    (None, Some(t)) => t.clone(),
                    (None, None) => return Err(err("give the pattern as `tokens = \"…\"`".into())),
                };
                tokens
                    .add(
                        super::token::RawTokenRule {
                            id: raw.id.clone(),
                            relation: raw.relation.clone(),
                            tokens: pattern,
                            role: raw.role.clone(),
                            negatable: raw.negation,
                            modal: raw.modal,
                            examples: raw.examples.clone(),
                            counterexamples: raw.counterexamples.clone(),
                            origin: (path.clone(), line),
                        },
                        &defs,
                    )
                    .map_err(err)?;
                if tokens.rules().len() > MAX_RULES {
                    return Err(err(format!("more than {MAX_RULES} rules")));
                }
            }
        }
        Ok(RuleSet { sources, tokens })
    }

    /// A rule set for testing rule `i` on its own (see [`super::token::TokenRules::only`]).
    pub fn only(&self, i: usize) -> RuleSet {
        RuleSet {
            sources: self.sources.clone(),
            tokens: self.tokens.only(i),
        }
    }

    /// The rules, in file order.
    pub fn rules(&self) -> &[super::token::TokenRule] {
        self.tokens.rules()
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

/// Where a file's lines start, to number the line of each of many offsets.
struct Lines(Vec<usize>);

impl Lines {
    fn new(text: &str) -> Lines {
        Lines(
            text.bytes()
                .enumerate()
                .filter(|&(_, b)| b == b'\n')
                .map(|(i, _)| i)
                .collect(),
        )
    }

    /// The line (from 1) of byte `byte`.
    fn at(&self, byte: usize) -> usize {
        self.0.partition_point(|&nl| nl < byte) + 1
    }
}

fn line_at(text: &str, byte: usize) -> usize {
    Lines::new(text).at(byte)
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

    /// Definitions are parsed once per file and reused: their errors still name them, and
    /// a file's `[define]` still overrides the prelude, lists' members included.
    #[test]
    fn definition_errors_name_the_definition() {
        let rule = |define: &str, pattern: &str| {
            format!(
                "[define]\n{define}\n[[rule]]\nid = \"a\"\nrelation = \"supports\"\ntokens = \"{pattern}\"\n\
                 [[rule]]\nid = \"b\"\nrelation = \"supports\"\ntokens = \"{pattern} {{pre}}?\"\n"
            )
        };
        let ok = rule(
            "far = \"( far | {pre} )\"",
            "supporter:ACTOR+ <back> {far}? supported:ACTOR",
        );
        assert!(parse(&ok).is_ok(), "{:?}", parse(&ok).err());
        for (text, want) in [
            (
                rule(
                    "far = \"( far | {near}\"\nnear = \"close\"",
                    "supporter:ACTOR <back> {far} supported:ACTOR",
                ),
                "in {far}: an opening bracket is not closed",
            ),
            (
                rule(
                    "far = \"{near}\"\nnear = \"BANK\"",
                    "supporter:ACTOR <back> {far} supported:ACTOR",
                ),
                "in {far}: in {near}: unknown item \"BANK\"",
            ),
            (
                rule(
                    "far = \"( far | {far} )\"",
                    "supporter:ACTOR <back> {far} supported:ACTOR",
                ),
                "definitions nest too deep",
            ),
            (
                rule(
                    "member = \"( the\"",
                    "supporter:ACTOR+ <back> supported:ACTOR",
                ),
                "an opening bracket is not closed",
            ),
            (
                rule("pre = \"BANK\"", "supporter:ACTOR <back> supported:ACTOR"),
                "rule \"b\": in {pre}: unknown item \"BANK\"",
            ),
        ] {
            let (_, msg) = err(&text);
            assert!(msg.contains(want), "{text}: {msg}");
        }
    }

    #[test]
    fn errors_have_lines_and_reasons() {
        let pattern = "supporter:ACTOR trigger:<back> supported:ACTOR";
        let ok = format!("[[rule]]\nid = \"a\"\nrelation = \"supports\"\ntokens = \"{pattern}\"\n");
        assert!(parse(&ok).is_ok());
        let with = |p: &str| ok.replace(pattern, p);
        let (line, msg) = err(&format!(
            "# c\n\n{}",
            with("supporter:ACTOR ( <back> supported:ACTOR")
        ));
        assert_eq!(line, 3);
        assert!(msg.contains("not closed"), "{msg}");
        for (text, want) in [
            (ok.replace("supports", "likes"), "unknown relation type"),
            (
                with("supporter:BANK <back> supported:ACTOR"),
                "unknown item \"BANK\"",
            ),
            (
                with("supporter:ACTOR <back> ACTOR"),
                "captures supporter + supported",
            ),
            (
                with("supporter:ACTOR? trigger:<back>? supported:ACTOR?"),
                "empty sequence",
            ),
            (
                with("supporter:ACTOR @likes.verb supported:ACTOR"),
                "unknown relation type",
            ),
            (
                with("supporter:ACTOR @supports.adverb supported:ACTOR"),
                "part of speech",
            ),
            (
                with("supporter:ACTOR <back> {nodef} supported:ACTOR"),
                "unknown definition {nodef}",
            ),
            (with("supporter:ACTOR <back> supporter:ACTOR"), "used twice"),
            // A known inflected form would shadow its lemma for every rule.
            (
                with("supporter:ACTOR <backed> supported:ACTOR"),
                "`<backed>` is a form of `back`",
            ),
            (
                with("supporter:ACTOR <back> supported:ACTOR !<negotiating>"),
                "is a form of `negotiate`",
            ),
            (with("supporter:ACTOR supported:ACTOR"), "no trigger"),
            (format!("{ok}{ok}"), "duplicate rule id"),
        ] {
            let (line, msg) = err(&text);
            assert!(line >= 1 && msg.contains(want), "{text}: {line}: {msg}");
        }
        assert!(err("[[rule]]\nid = 3\n").0 >= 2);
    }

    /// A file in the first rule language is refused with the line and a pointer to tokens.
    #[test]
    fn regex_rules_are_refused_with_a_reason() {
        let regex = "[[rule]]\nid = \"a\"\nrelation = \"supports\"\npattern = '{supporter:ACTOR} backs {supported:ACTOR}'\n";
        for (text, line) in [
            (format!("# old\n{regex}"), 2),
            (format!("[macros]\ngap = '(?:\\w+\\s+)?'\n{regex}"), 1),
            (format!("negation = 'not'\n{regex}"), 1),
        ] {
            let (at, msg) = err(&text);
            assert_eq!(at, line, "{text}");
            assert!(
                msg.contains("token patterns (`tokens = \"…\"`)"),
                "{text}: {msg}"
            );
        }
    }
}
