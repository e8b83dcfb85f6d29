//! The pipeline: text → sentences → matches → mentions → relations, for one document or a
//! run of them stage by stage. Pure (no I/O), built once, `Send + Sync`, so it can be shared
//! across threads.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::sync::Arc;

use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};

use crate::coref::{Coref, Expanded};
use crate::error::Result;
use crate::gazetteer::{EntityType, Gazetteer};
use crate::matcher::Matcher;
use crate::relate::{ExpectedRelation, Relation, RelationType, Relator, RuleSet};
pub use crate::resolve::Form;
use crate::resolve::{Discovered, EntityRef, Gathered, Mention, Resolved, Resolver};
use crate::text::segment::Segmenter;
use crate::text::{CharIndex, Date, Document};

mod mentions;
mod relations;
pub use mentions::{IntoIter as MentionIntoIter, Iter as MentionIter, MentionRef, Mentions};
pub use relations::{
    IntoIter as RelationIntoIter, Iter as RelationIter, Records as RelationRecords, Relations,
};

/// What the stages find in one text, before it becomes a [`DocResult`] (byte offsets
/// throughout). Internal: for `explain` and the benchmarks.
#[doc(hidden)]
pub struct Analysis<'a> {
    /// The sentences' byte ranges, in order.
    pub sentences: Vec<std::ops::Range<usize>>,
    /// The matches resolved to entities (and the ones left unresolved), with coreference
    /// applied.
    pub resolved: Resolved,
    /// The relations the rules found, mapped back to the source text.
    pub relations: Vec<Relation<'a>>,
}

/// A resolved entity as it leaves the pipeline.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct EntityInfo<'a> {
    /// Stable id.
    pub id: Cow<'a, str>,
    /// Canonical name.
    pub name: Cow<'a, str>,
    /// Type.
    #[serde(rename = "type")]
    pub kind: EntityType,
    /// Found by how the text introduces it (a title, an apposition, a byline, …) rather than
    /// a gazetteer.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub discovered: bool,
    /// The id of a discovered entity's country, where the text shows it (a leader's
    /// government: "the Maduro government" is Venezuela's). A gazetteer entity's country is
    /// among the node attributes the graph looks up.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub country: Option<Cow<'a, str>>,
}

/// A span in a document, in bytes and in characters. Ordered by position.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Span {
    /// Character offset of the start.
    pub start: usize,
    /// Character offset of the end (exclusive).
    pub end: usize,
    /// Byte offset of the start.
    pub byte_start: usize,
    /// Byte offset of the end (exclusive).
    pub byte_end: usize,
}

/// One mention, as an owned record: what [`Mentions::push`] takes and
/// [`MentionRef::to_out`] gives. A [`DocResult`] stores its mentions compactly ([`Mentions`]).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MentionOut<'a> {
    /// Where it is.
    #[serde(flatten)]
    pub span: Span,
    /// The text as written.
    pub text: String,
    /// The entity, when resolved.
    pub entity: Option<EntityInfo<'a>>,
    /// How it is written: `name`, `alias`, `demonym`, `possessive`, `title`, `surname`,
    /// `pronoun`, `description` or `capital`.
    pub form: Form,
    /// How it was resolved.
    pub resolution: &'static str,
    /// Candidate entity ids when unresolved.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub candidates: Vec<Cow<'a, str>>,
    /// For a pronoun or description: the mention it was resolved to. Boxed because most
    /// mentions have none.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub antecedent: Option<Box<Antecedent>>,
}

/// The mention a reference was resolved to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Antecedent {
    /// Where it is.
    #[serde(flatten)]
    pub span: Span,
    /// Its text.
    pub text: String,
}

/// One relation with its evidence, as an owned record: what [`Relations::push`] takes and
/// [`Relations::iter`] gives. A [`DocResult`] stores its relations compactly ([`Relations`]).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RelationOut<'a> {
    /// Relation type.
    #[serde(rename = "type")]
    pub kind: RelationType,
    /// Arguments, in the type's order (symmetric types sorted by id; mediation parties too).
    pub args: Vec<EntityInfo<'a>>,
    /// Role for `holds_office`.
    pub role: Option<Cow<'a, str>>,
    /// Rule id.
    pub rule: Cow<'a, str>,
    /// The sentence: one string shared by the relations of a sentence (a large document
    /// states several in many of its sentences).
    pub sentence: Arc<str>,
    /// The sentence's span in the document.
    pub sentence_span: Span,
    /// The trigger text.
    pub trigger: String,
    /// The trigger's span in the document.
    pub trigger_span: Span,
    /// A `holds_office` no longer held (see [`crate::relate::Status`]).
    pub former: bool,
    /// The trigger's CAMEO event code, when the lexicon has one.
    pub cameo: Option<Cow<'a, str>>,
    /// The PLOVER event type of that code.
    pub plover: Option<Cow<'a, str>>,
}

/// Everything the pipeline found in one document.
///
/// Entity ids and names, rule ids and roles are borrowed from the [`Pipeline`] that made it
/// (`'a`), as `regex`'s captures borrow their haystack: a mention or relation copies only
/// its own text. One read back from a stream ([`crate::import`]) owns them all
/// (`DocResult<'static>`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DocResult<'a> {
    /// Document id.
    pub document: String,
    /// Document date, if known.
    pub date: Option<String>,
    /// Length in characters.
    pub chars: usize,
    /// Length in bytes.
    pub bytes: usize,
    /// Number of sentences.
    pub sentences: usize,
    /// Mentions (resolved and unresolved), in text order, stored compactly: read them with
    /// [`Mentions::iter`].
    pub mentions: Mentions<'a>,
    /// Relations, in text order, stored compactly: read them with [`Relations::iter`].
    pub relations: Relations<'a>,
    /// Input metadata (JSON Lines fields other than id/text/date).
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub meta: BTreeMap<String, serde_json::Value>,
    /// SHA-256 of the document's text: with its id, what identifies a document when graphs
    /// are merged (`None` for a result read from a stream that did not record it).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sha256: Option<crate::graph::ContentHash>,
}

/// The whole extraction pipeline.
///
/// ```
/// use relgraph::{Document, Pipeline};
/// let pipeline = Pipeline::builder().build().unwrap();
/// let r = pipeline.process(&Document::new("d", "Azerbaijan seeks to mediate between Turkey and Israel."));
/// let first = r.relations.get(0).unwrap();
/// assert_eq!(first.kind.as_str(), "mediates_between");
/// assert_eq!(first.args[0].name, "Azerbaijan");
/// ```
#[derive(Debug)]
pub struct Pipeline {
    gazetteer: Gazetteer,
    matcher: Matcher,
    resolver: Resolver,
    coref: Coref,
    segmenter: Segmenter,
    relator: Relator,
}

/// Configures a [`Pipeline`].
#[derive(Debug, Default)]
pub struct PipelineBuilder {
    gazetteer: Option<Gazetteer>,
    rules: Option<RuleSet>,
}

impl PipelineBuilder {
    /// Uses this gazetteer (default: the embedded lists).
    pub fn gazetteer(&mut self, g: Gazetteer) -> &mut PipelineBuilder {
        self.gazetteer = Some(g);
        self
    }

    /// Uses these rules (default: the embedded rules).
    pub fn rules(&mut self, r: RuleSet) -> &mut PipelineBuilder {
        self.rules = Some(r);
        self
    }

    /// Builds the alias index and the other indexes.
    pub fn build(&mut self) -> Result<Pipeline> {
        let gazetteer = match self.gazetteer.take() {
            Some(g) => g,
            None => Gazetteer::builder().build()?,
        };
        let rules = match self.rules.take() {
            Some(r) => r,
            None => RuleSet::defaults()?,
        };
        Ok(Pipeline {
            matcher: Matcher::new(&gazetteer)?,
            resolver: Resolver::new(&gazetteer),
            coref: Coref::new(&gazetteer),
            segmenter: Segmenter::new(gazetteer.abbreviations().iter().cloned()),
            relator: Relator::new(rules),
            gazetteer,
        })
    }
}

/// A rule example or counterexample that did not behave.
#[derive(Debug, Clone, PartialEq)]
pub struct RuleTestFailure {
    /// Rule id.
    pub rule: String,
    /// Where the rule is defined.
    pub origin: String,
    /// The example text.
    pub text: String,
    /// What went wrong.
    pub problem: String,
}

impl Pipeline {
    /// A builder with the embedded defaults.
    pub fn builder() -> PipelineBuilder {
        PipelineBuilder::default()
    }

    /// The gazetteer in use.
    pub fn gazetteer(&self) -> &Gazetteer {
        &self.gazetteer
    }

    /// The rules in use.
    pub fn rules(&self) -> &RuleSet {
        self.relator.rules()
    }

    /// The matcher in use.
    pub fn matcher(&self) -> &Matcher {
        &self.matcher
    }

    /// For each mention of `text` that a shared alias names and the document's context
    /// resolved: its span and what decided it (`relgraph explain`).
    pub fn resolution_reasons(
        &self,
        text: &str,
        date: Option<Date>,
    ) -> Vec<(std::ops::Range<usize>, String)> {
        let hits = self.matcher.find(text);
        self.resolver
            .resolve_explained(&self.gazetteer, text, hits, date)
            .1
    }

    /// Runs the internal stages and returns the raw results (byte offsets), for callers that
    /// want to inspect mentions before export (e.g. `explain`).
    #[doc(hidden)]
    pub fn analyze(&self, text: &str, date: Option<Date>) -> Analysis<'_> {
        self.analyze_one(&self.relator, text, date)
    }

    fn analyze_one<'a>(
        &'a self,
        relator: &'a Relator,
        text: &str,
        date: Option<Date>,
    ) -> Analysis<'a> {
        let mut one = self.analyze_batch(relator, [(text, date)]);
        one.pop().expect("one analysis per text")
    }

    /// The stages over several texts, each stage over all of them before the next starts.
    ///
    /// Why stage by stage: each stage has its own large tables (the matcher's index of
    /// several megabytes, the rules' compiled automata and lazy-DFA caches). Running them one
    /// document after the other makes every stage evict the others' tables from the CPU
    /// caches; a stage over a few hundred kilobytes of text at a time keeps its own warm
    /// (13–15 % faster end to end; benches/RESULTS.md).
    fn analyze_batch<'a, 't>(
        &'a self,
        relator: &'a Relator,
        texts: impl IntoIterator<Item = (&'t str, Option<Date>)>,
    ) -> Vec<Analysis<'a>> {
        let texts: Vec<(&str, Option<Date>)> = texts.into_iter().collect();
        // The matcher's hits as resolution reads them, gathered piece by piece of the text.
        let hits: Vec<Gathered> = texts
            .iter()
            .map(|(t, _)| {
                let mut gathered = Gathered::default();
                self.matcher.find_each(t, |hit| gathered.add(hit));
                gathered
            })
            .collect();
        let found: Vec<_> = texts
            .iter()
            .zip(hits)
            .map(|(&(text, date), hits)| {
                // Resolution does not read the sentences: split after it, so that a large
                // document's sentence list is not held beside its hits and mentions.
                let mut resolved =
                    self.resolver
                        .resolve_gathered(&self.gazetteer, text, hits, date);
                let sentences = self.segmenter.split(text);
                self.coref
                    .apply(&self.gazetteer, text, &sentences, &mut resolved, date);
                // Coreference appends its mentions to the resolver's: the vectors' spare
                // capacity (up to half, a few bytes per byte of a large document) would stay
                // allocated until the document's record is made.
                resolved.mentions.shrink_to_fit();
                resolved.extra.shrink_to_fit();
                let expanded = Expanded::new(text, &sentences, &resolved);
                (sentences, resolved, expanded)
            })
            .collect();
        // The rules read a document with counted groups in its expanded form (the groups
        // spelled as coordinations), and what they find is mapped back to the source.
        let relations = relator.extract_each(
            &self.gazetteer,
            texts
                .iter()
                .zip(&found)
                .map(
                    |(&(text, _), (sentences, resolved, expanded))| match expanded {
                        Some(e) => (e.text.as_str(), &e.sentences[..], &e.resolved),
                        None => (text, &sentences[..], resolved),
                    },
                ),
        );
        found
            .into_iter()
            .zip(relations)
            .zip(&texts)
            .map(
                |(((sentences, resolved, expanded), mut relations), &(text, date))| {
                    if let Some(e) = expanded {
                        for r in &mut relations {
                            r.sentence = e.source_sentence(&r.sentence);
                            r.trigger = e.source_offset(r.trigger.start, false)
                                ..e.source_offset(r.trigger.end, true);
                        }
                        relations.extend(relator.group_relations(
                            &self.gazetteer,
                            text,
                            &sentences,
                            &resolved,
                        ));
                    }
                    let titled = relator.title_relations(
                        &self.gazetteer,
                        text,
                        (&sentences, &resolved, date),
                        &relations,
                    );
                    relations.extend(titled);
                    crate::relate::drop_dealings_with_own_side(&mut relations);
                    Analysis {
                        sentences,
                        resolved,
                        relations,
                    }
                },
            )
            .collect()
    }

    /// Processes one document.
    pub fn process(&self, doc: &Document) -> DocResult<'_> {
        self.process_with(&self.relator, doc)
    }

    /// Processes several documents: the same results as [`Pipeline::process`] on each, in
    /// order, but faster, since each stage runs over all of them before the next (a few
    /// hundred kilobytes of text at a time is best; the command cuts its batches so).
    ///
    /// ```
    /// use relgraph::{Document, Pipeline};
    /// let pipeline = Pipeline::builder().build().unwrap();
    /// let docs = [
    ///     Document::new("a", "Qatar mediated between Israel and Hamas."),
    ///     Document::new("b", "Nothing happened."),
    /// ];
    /// let results = pipeline.process_batch(&docs);
    /// assert_eq!(results, docs.iter().map(|d| pipeline.process(d)).collect::<Vec<_>>());
    /// ```
    pub fn process_batch(&self, docs: &[Document]) -> Vec<DocResult<'_>> {
        let dates: Vec<Option<Date>> = docs.iter().map(Document::publication_date).collect();
        let texts = docs
            .iter()
            .zip(&dates)
            .map(|(d, &date)| (d.text.as_str(), date));
        let analyses = self.analyze_batch(&self.relator, texts);
        docs.iter()
            .zip(dates)
            .zip(analyses)
            .map(|((doc, date), analysis)| self.record(doc, date, analysis))
            .collect()
    }

    fn process_with<'a>(&'a self, relator: &'a Relator, doc: &Document) -> DocResult<'a> {
        let date = doc.publication_date();
        self.record(doc, date, self.analyze_one(relator, &doc.text, date))
    }

    /// A document's analysis as output records (character offsets; ids, names, rule ids and
    /// roles borrowed from the gazetteer and the rules).
    fn record<'a>(
        &'a self,
        doc: &Document,
        date: Option<Date>,
        Analysis {
            sentences,
            resolved,
            relations,
        }: Analysis<'a>,
    ) -> DocResult<'a> {
        let text = doc.text.as_str();
        // Only their number is recorded.
        let sentence_count = sentences.len();
        drop(sentences);
        let chars = CharIndex::new(text);
        let span = |r: &std::ops::Range<usize>| {
            let c = chars.range(r);
            Span {
                start: c.start,
                end: c.end,
                byte_start: r.start,
                byte_end: r.end,
            }
        };
        let Resolved {
            mentions,
            extra,
            titles,
            discovered,
        } = resolved;
        let info = |e: EntityRef| self.entity_info(&discovered, e);
        let mut out = Mentions::new();
        out.reserve(mentions.len() + extra.len());
        // Each entity's record is made once per document, not once per mention.
        let mut entities: FxHashMap<EntityRef, u32> = FxHashMap::default();
        crate::work::add(mentions.len() + extra.len());
        let mut push = |m: &Mention| {
            let entity = m
                .entity
                .map(|e| *entities.entry(e).or_insert_with(|| out.entity(info(e))));
            out.push_parts(
                span(&m.span),
                &text[m.span.clone()],
                entity,
                m.written,
                m.resolution.as_str(),
                m.candidates
                    .iter()
                    .map(|&c| Cow::Borrowed(self.gazetteer.entities()[c].id.as_str()))
                    .collect(),
                m.antecedent.as_deref().map(|a| (span(a), &text[a.clone()])),
            );
        };
        // The two lists merged by start (the first's first at equal starts).
        let mut rest = extra.iter().peekable();
        for m in &mentions {
            while let Some(e) = rest.next_if(|e| e.span.start < m.span.start) {
                push(e);
            }
            push(m);
        }
        rest.for_each(push);
        out.shrink_to_fit();
        // The relations need only the discovered entities: the mentions are gone before the
        // relations' records are made.
        drop((mentions, extra, titles, entities));
        let mentions = out;
        let relations = self.relation_records(text, &span, &info, relations);
        DocResult {
            document: doc.id.clone(),
            date: date.map(|d| d.to_string()),
            chars: chars.char_offset(text.len()),
            bytes: text.len(),
            sentences: sentence_count,
            mentions,
            relations,
            meta: doc.meta.clone(),
            sha256: Some(crate::graph::ContentHash::of(text)),
        }
    }

    /// The relations' output records, in order. The relation stage's list is consumed as
    /// they are made. Relations of one sentence share its copied text.
    fn relation_records<'a>(
        &'a self,
        text: &str,
        span: &impl Fn(&std::ops::Range<usize>) -> Span,
        info: &impl Fn(EntityRef) -> EntityInfo<'a>,
        relations: Vec<Relation<'a>>,
    ) -> Relations<'a> {
        crate::work::add(relations.len());
        let mut out = Relations::new();
        out.reserve(relations.len());
        let mut args = Vec::new();
        for r in relations {
            args.extend(r.args.iter().map(|&a| info(a)));
            if r.kind.is_symmetric() {
                args.sort_by(|a, b| a.id.cmp(&b.id));
            } else if r.kind == RelationType::MediatesBetween {
                args[1..].sort_by(|a, b| a.id.cmp(&b.id));
            }
            let code = |c: Option<&'a String>| c.map(|c| Cow::Borrowed(c.as_str()));
            out.push_parts(
                r.kind,
                &mut args,
                (r.role.map(Cow::Borrowed), Cow::Borrowed(r.rule)),
                (span(&r.sentence), || Arc::from(&text[r.sentence.clone()])),
                (span(&r.trigger), &text[r.trigger.clone()]),
                r.former,
                (
                    code(r.event.and_then(|e| e.cameo.as_ref())),
                    code(r.event.and_then(|e| e.plover.as_ref())),
                ),
            );
        }
        out.shrink_to_fit();
        out
    }

    fn entity_info(&self, discovered: &[Discovered], e: EntityRef) -> EntityInfo<'_> {
        match e {
            EntityRef::Known(i) => {
                let ent = &self.gazetteer.entities()[i];
                EntityInfo {
                    id: Cow::Borrowed(&ent.id),
                    name: Cow::Borrowed(&ent.name),
                    kind: ent.entity_type(),
                    discovered: false,
                    country: None,
                }
            }
            EntityRef::Discovered(i) => {
                let d = &discovered[i];
                EntityInfo {
                    id: Cow::Owned(d.id.clone()),
                    name: Cow::Owned(d.name.clone()),
                    kind: d.kind,
                    discovered: true,
                    country: d
                        .country
                        .map(|c| Cow::Borrowed(self.gazetteer.entities()[c].id.as_str())),
                }
            }
        }
    }

    /// Checks every rule against its examples and counterexamples, each rule on its own (so
    /// another rule that finds the same relation first cannot mask it).
    pub fn test_rules(&self) -> Vec<RuleTestFailure> {
        let mut failures = Vec::new();
        let set = self.rules();
        for (i, rule) in set.rules().iter().enumerate() {
            let origin = format!("{}:{}", rule.origin.0.display(), rule.origin.1);
            let alone = Relator::new(set.only(i));
            let (id, ex, counter) = (&rule.id, &rule.examples, &rule.counterexamples);
            self.test_rule(&alone, id, &origin, ex, counter, &mut failures);
        }
        failures
    }

    fn test_rule(
        &self,
        alone: &Relator,
        id: &str,
        origin: &str,
        examples: &[crate::relate::rules::Example],
        counterexamples: &[String],
        failures: &mut Vec<RuleTestFailure>,
    ) {
        let fail = |text: &str, problem: String| RuleTestFailure {
            rule: id.to_string(),
            origin: origin.to_string(),
            text: text.to_string(),
            problem,
        };
        for ex in examples {
            let got: Vec<RelationOut> = self
                .process_with(alone, &Document::new("example", ex.text.as_str()))
                .relations
                .into_iter()
                .filter(|r| r.rule == id)
                .collect();
            if got.is_empty() {
                failures.push(fail(&ex.text, "the rule did not fire".into()));
                continue;
            }
            for want in &ex.expect {
                let want =
                    ExpectedRelation::parse(want).expect("validated when the rules were loaded");
                let hit = got.iter().any(|r| {
                    let names: Vec<&str> = r.args.iter().map(|a| &*a.name).collect();
                    want.matches(r.kind, &names, r.role.as_deref(), r.former)
                });
                if !hit {
                    let seen: Vec<String> = got.iter().map(describe).collect();
                    failures.push(fail(
                        &ex.text,
                        format!(
                            "expected {} {:?}, got {}",
                            want.kind,
                            want.args,
                            seen.join("; ")
                        ),
                    ));
                }
            }
        }
        for text in counterexamples {
            let got: Vec<String> = self
                .process_with(alone, &Document::new("counterexample", text.as_str()))
                .relations
                .iter()
                .filter(|r| r.rule == id)
                .map(|r| describe(&r))
                .collect();
            if !got.is_empty() {
                failures.push(fail(
                    text,
                    format!("must not fire, but gave {}", got.join("; ")),
                ));
            }
        }
    }
}

/// `type(Arg, Arg, role=Role)`, the notation of rule examples.
pub fn describe(r: &RelationOut) -> String {
    let mut parts: Vec<String> = r.args.iter().map(|a| a.name.to_string()).collect();
    if let Some(role) = &r.role {
        parts.push(format!("role={role}"));
    }
    if r.former {
        parts.push("status=former".into());
    }
    format!("{}({})", r.kind, parts.join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pipeline_is_send_and_sync() {
        fn assert_send_sync<T: Send + Sync>() {}
        assert_send_sync::<Pipeline>();
        assert_send_sync::<DocResult>();
    }

    #[test]
    fn default_rules_pass_their_own_examples() {
        let p = Pipeline::builder().build().unwrap();
        let failures = p.test_rules();
        assert!(failures.is_empty(), "{failures:#?}");
    }

    #[test]
    fn records_borrow_gazetteer_and_rule_strings() {
        let p = Pipeline::builder().build().unwrap();
        let r = p.process(&Document::new(
            "d",
            "Azerbaijan seeks to mediate between Turkey and Israel. \
             Azeri President Ilham Aliyev spoke. Foreign Minister Jonas Vesterbrook spoke too.",
        ));
        let borrowed = |c: &Cow<str>| matches!(c, Cow::Borrowed(_));
        let rel = &r.relations.get(0).unwrap();
        assert!(rel
            .args
            .iter()
            .all(|a| borrowed(&a.id) && borrowed(&a.name)));
        assert!(borrowed(&rel.rule));
        let office = r.relations.iter().find(|r| r.role.is_some()).unwrap();
        assert!(borrowed(office.role.as_ref().unwrap()));
        // An entity found by the title-and-name pattern has no gazetteer entry to borrow from.
        let found = r.mentions.iter().filter_map(|m| m.entity());
        let (discovered, known): (Vec<_>, Vec<_>) = found.partition(|e| e.discovered);
        assert!(known.iter().all(|e| borrowed(&e.id)));
        assert!(!discovered.is_empty(), "{:?}", r.mentions);
        assert!(discovered
            .iter()
            .all(|e| !borrowed(&e.id) && !borrowed(&e.name)));
    }

    #[test]
    fn a_batch_gives_what_each_document_gives_alone() {
        let p = Pipeline::builder().build().unwrap();
        let seed = include_str!("../tests/fixtures/seed.txt");
        // Every rule example, the seed article, and empty and entity-free texts between them.
        let mut docs: Vec<Document> = p
            .rules()
            .rules()
            .iter()
            .flat_map(|r| r.examples.iter().map(|e| e.text.clone()))
            .chain([seed.to_string(), String::new(), "Nothing here.".into()])
            .enumerate()
            .map(|(i, t)| Document::new(format!("d{i}"), t))
            .collect();
        let half = docs.len() / 2;
        docs.rotate_left(half);
        let alone: Vec<DocResult> = docs.iter().map(|d| p.process(d)).collect();
        assert!(alone.iter().map(|r| r.relations.len()).sum::<usize>() > 300);
        assert_eq!(p.process_batch(&docs), alone);
        for run in docs.chunks(7) {
            assert_eq!(
                p.process_batch(run),
                run.iter().map(|d| p.process(d)).collect::<Vec<_>>()
            );
        }
        assert!(p.process_batch(&[]).is_empty());
    }

    /// Units of work (`crate::work`) for one document of the seed article repeated `n` times.
    fn work(p: &Pipeline, n: usize) -> u64 {
        let text = include_str!("../tests/fixtures/seed.txt").repeat(n);
        let before = crate::work::units();
        let r = p.process(&Document::new("big", text));
        assert!(
            r.relations.len() >= 25 * n,
            "{} relations",
            r.relations.len()
        );
        crate::work::units() - before
    }

    /// Twice the document, twice the work: counted, not timed, so the check holds on any
    /// machine at any load. A loop over the whole document's mentions or relations for each
    /// mention, title or sentence (the quadratic cost one large document had twice) makes the
    /// count grow with the square of the size: 4 times for twice the text here.
    #[test]
    fn twice_the_document_is_twice_the_work() {
        let p = Pipeline::builder().build().unwrap();
        // Per-document work (the automaton's caches warming up) out of the way first.
        work(&p, 5);
        let n = 60;
        let (once, twice) = (work(&p, n), work(&p, 2 * n));
        assert!(once as usize > 500 * n, "{once} units for {n} copies");
        let ratio = twice as f64 / once as f64;
        eprintln!(
            "work units: {once} for {n} copies, {twice} for {}: {ratio:.3}x",
            2 * n
        );
        assert!(
            ratio <= 2.3,
            "{once} -> {twice} units of work for twice the text"
        );
    }

    #[test]
    fn empty_and_odd_input_does_not_panic() {
        let p = Pipeline::builder().build().unwrap();
        for t in [
            "",
            " ",
            "\u{E000}P1\u{E001}",
            "\x01Pn0\x02 and \x01Cn1\x02 talks with Israel and Turkey",
            "’s",
            "Gen.",
            "Israel Israel Israel and and",
        ] {
            p.process(&Document::new("x", t));
        }
    }
}
