//! Scoring a run against gold annotations, exactly as `SCORING.md` defines it.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use crate::gazetteer::EntityType;
use crate::pipeline::DocResult;
use crate::relate::RelationType;

use super::gold::GoldDoc;
use super::normal::normal_form;

/// True positives, false positives and false negatives, with the measures they give.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    /// Predicted and in gold.
    pub tp: usize,
    /// Predicted, not in gold.
    pub fp: usize,
    /// In gold, not predicted.
    pub fn_: usize,
}

impl Counts {
    /// tp / (tp + fp); 1 when nothing was predicted.
    pub fn precision(&self) -> f64 {
        ratio(self.tp, self.tp + self.fp)
    }
    /// tp / (tp + fn); 1 when gold is empty.
    pub fn recall(&self) -> f64 {
        ratio(self.tp, self.tp + self.fn_)
    }
    /// Harmonic mean of precision and recall.
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
    fn add(&mut self, other: Counts) {
        self.tp += other.tp;
        self.fp += other.fp;
        self.fn_ += other.fn_;
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        1.0
    } else {
        a as f64 / b as f64
    }
}

impl Serialize for Counts {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let round = |x: f64| (x * 10_000.0).round() / 10_000.0;
        let mut st = s.serialize_struct("Counts", 6)?;
        st.serialize_field("precision", &round(self.precision()))?;
        st.serialize_field("recall", &round(self.recall()))?;
        st.serialize_field("f1", &round(self.f1()))?;
        st.serialize_field("tp", &self.tp)?;
        st.serialize_field("fp", &self.fp)?;
        st.serialize_field("fn", &self.fn_)?;
        st.end()
    }
}

/// One missed or spurious item, for the per-document lists.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Miss {
    /// What it is: `holds_office(A, B)`, `pair(A, B)` or `PERSON A`.
    pub item: String,
    /// The sentence that states it (gold's for false negatives, the run's for false positives).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sentence: Option<String>,
    /// The rule that gave a false positive.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rule: Option<String>,
}

/// The errors in one document.
#[derive(Debug, Clone, Default, Serialize)]
pub struct DocReport {
    /// Document.
    pub doc: String,
    /// Entities, relations and pairs for this document alone.
    pub relations: Counts,
    /// Gold entities not found.
    pub entity_fn: Vec<Miss>,
    /// Entities found that gold does not have.
    pub entity_fp: Vec<Miss>,
    /// Gold relations not found.
    pub relation_fn: Vec<Miss>,
    /// Relations found that gold does not have.
    pub relation_fp: Vec<Miss>,
}

/// A whole evaluation: micro-averaged over all documents.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Report {
    /// Documents scored.
    pub documents: usize,
    /// Entities.
    pub entities: Counts,
    /// Relations (type and arguments), former offices left out.
    pub relations: Counts,
    /// Unordered pairs of entities linked by any relation.
    pub pairs: Counts,
    /// Relations per type.
    pub by_type: BTreeMap<String, Counts>,
    /// Matched `holds_office` relations whose role agrees with gold, and all matched ones.
    pub roles: (usize, usize),
    /// Per-document errors, in document order.
    pub docs: Vec<DocReport>,
}

impl Report {
    /// Adds one document's gold and prediction.
    pub fn add(&mut self, gold: &GoldDoc, run: &DocResult) {
        let doc = score_doc(gold, run);
        self.documents += 1;
        self.entities.add(doc.entities);
        self.relations.add(doc.report.relations);
        self.pairs.add(doc.pairs);
        for (t, c) in doc.by_type {
            self.by_type
                .entry(t.as_str().to_string())
                .or_default()
                .add(c);
        }
        self.roles.0 += doc.roles.0;
        self.roles.1 += doc.roles.1;
        self.docs.push(doc.report);
    }
}

struct DocScore {
    entities: Counts,
    pairs: Counts,
    by_type: BTreeMap<RelationType, Counts>,
    roles: (usize, usize),
    report: DocReport,
}

/// An argument after mapping to gold: a gold entity, or a predicted name no gold entity has.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Arg {
    Gold(usize),
    Other(String),
}

type Key = (RelationType, Vec<Arg>);

/// Where a relation was first seen: its sentence, role and rule.
type Seen<'a> = (Option<&'a str>, Option<&'a str>, Option<&'a str>);

/// A predicted entity of the document: its canonical name and the texts of its mentions.
struct Predicted<'r> {
    id: &'r str,
    name: &'r str,
    kind: EntityType,
    mentions: BTreeSet<String>,
}

fn score_doc(gold: &GoldDoc, run: &DocResult) -> DocScore {
    // Made once: the entities and keys below borrow from them.
    let run_relations: Vec<_> = run.relations.iter().collect();
    // Predicted entities, in id order (deterministic).
    let mut by_id: BTreeMap<&str, Predicted> = BTreeMap::new();
    for m in &run.mentions {
        if let Some(e) = m.entity() {
            by_id
                .entry(&e.id)
                .or_insert_with(|| Predicted {
                    id: &e.id,
                    name: &e.name,
                    kind: e.kind,
                    mentions: BTreeSet::new(),
                })
                .mentions
                .insert(normal_form(m.text()));
        }
    }
    for r in &run_relations {
        for a in &r.args {
            by_id.entry(&a.id).or_insert_with(|| Predicted {
                id: &a.id,
                name: &a.name,
                kind: a.kind,
                mentions: BTreeSet::new(),
            });
        }
    }
    let predicted: Vec<Predicted> = by_id.into_values().collect();

    // One-to-one entity matching: canonical names first, then mention texts.
    let gold_keys: Vec<BTreeSet<String>> = gold
        .entities
        .iter()
        .map(|e| {
            std::iter::once(&e.name)
                .chain(&e.aliases)
                .map(|s| normal_form(s))
                .collect()
        })
        .collect();
    let mut gold_of: BTreeMap<&str, usize> = BTreeMap::new();
    let mut taken = vec![false; gold.entities.len()];
    for by_mentions in [false, true] {
        for p in &predicted {
            if gold_of.contains_key(p.id) {
                continue;
            }
            let name = normal_form(p.name);
            let hit = (0..gold.entities.len()).find(|&g| {
                !taken[g]
                    && gold.entities[g].kind == p.kind
                    && if by_mentions {
                        p.mentions.iter().any(|m| gold_keys[g].contains(m))
                    } else {
                        gold_keys[g].contains(&name)
                    }
            });
            if let Some(g) = hit {
                taken[g] = true;
                gold_of.insert(p.id, g);
            }
        }
    }
    let mut report = DocReport {
        doc: gold.doc.clone(),
        ..DocReport::default()
    };
    let entities = Counts {
        tp: gold_of.len(),
        fp: predicted.len() - gold_of.len(),
        fn_: taken.iter().filter(|t| !**t).count(),
    };
    for p in predicted.iter().filter(|p| !gold_of.contains_key(p.id)) {
        report.entity_fp.push(Miss {
            item: format!("{} {}", p.kind, p.name),
            sentence: None,
            rule: None,
        });
    }
    for (e, _) in gold.entities.iter().zip(&taken).filter(|(_, t)| !**t) {
        report.entity_fn.push(Miss {
            item: format!("{} {}", e.kind, e.name),
            sentence: None,
            rule: None,
        });
    }

    // Relations as keys; the first sentence seen for each is kept for the lists.
    let mut gold_rel: BTreeMap<Key, Seen> = BTreeMap::new();
    for r in gold.relations.iter().filter(|r| !r.former) {
        let args: Vec<Arg> = r.args.iter().map(|&g| Arg::Gold(g)).collect();
        for key in keys(r.kind, args) {
            gold_rel
                .entry(key)
                .or_insert((r.sentence.as_deref(), r.role.as_deref(), None));
        }
    }
    let mut run_rel: BTreeMap<Key, Seen> = BTreeMap::new();
    // Offices no longer held are not counted (ANNOTATION.md: "former" offices).
    for r in run_relations.iter().filter(|r| !r.former) {
        let args: Vec<Arg> = r
            .args
            .iter()
            .map(|a| match gold_of.get(&*a.id) {
                Some(&g) => Arg::Gold(g),
                None => Arg::Other(normal_form(&a.name)),
            })
            .collect();
        for key in keys(r.kind, args) {
            run_rel
                .entry(key)
                .or_insert((Some(&*r.sentence), r.role.as_deref(), Some(&r.rule)));
        }
    }
    let show = |(kind, args): &Key| {
        let names: Vec<&str> = args
            .iter()
            .map(|a| match a {
                Arg::Gold(g) => gold.entities[*g].name.as_str(),
                Arg::Other(s) => s.as_str(),
            })
            .collect();
        format!("{}({})", kind.as_str(), names.join(", "))
    };
    let mut by_type: BTreeMap<RelationType, Counts> = BTreeMap::new();
    let mut roles = (0, 0);
    for (key, (sentence, role, _)) in &gold_rel {
        let c = by_type.entry(key.0).or_default();
        match run_rel.get(key) {
            Some((_, run_role, _)) => {
                c.tp += 1;
                if key.0 == RelationType::HoldsOffice {
                    roles.1 += 1;
                    if role.map(normal_form) == run_role.map(normal_form) {
                        roles.0 += 1;
                    }
                }
            }
            None => {
                c.fn_ += 1;
                report.relation_fn.push(Miss {
                    item: show(key),
                    sentence: sentence.map(str::to_string),
                    rule: None,
                });
            }
        }
    }
    for (key, (sentence, _, rule)) in &run_rel {
        if !gold_rel.contains_key(key) {
            by_type.entry(key.0).or_default().fp += 1;
            report.relation_fp.push(Miss {
                item: show(key),
                sentence: sentence.map(str::to_string),
                rule: rule.map(str::to_string),
            });
        }
    }
    for c in by_type.values() {
        report.relations.add(*c);
    }

    let gold_pairs = pairs(gold_rel.keys());
    let run_pairs = pairs(run_rel.keys());
    let pairs = Counts {
        tp: gold_pairs.intersection(&run_pairs).count(),
        fp: run_pairs.difference(&gold_pairs).count(),
        fn_: gold_pairs.difference(&run_pairs).count(),
    };
    DocScore {
        entities,
        pairs,
        by_type,
        roles,
        report,
    }
}

/// The comparable keys of one relation: symmetric types unordered, mediation as
/// (mediator, {party, party}) for every pair of parties.
fn keys(kind: RelationType, mut args: Vec<Arg>) -> Vec<Key> {
    if kind == RelationType::MediatesBetween && args.len() >= 3 {
        let mediator = args.remove(0);
        let mut out = Vec::new();
        for i in 0..args.len() {
            for j in i + 1..args.len() {
                let mut parties = [args[i].clone(), args[j].clone()];
                parties.sort();
                if parties[0] != parties[1] {
                    out.push((
                        kind,
                        vec![mediator.clone(), parties[0].clone(), parties[1].clone()],
                    ));
                }
            }
        }
        return out;
    }
    if kind.is_symmetric() {
        args.sort();
    }
    vec![(kind, args)]
}

fn pairs<'k>(keys: impl Iterator<Item = &'k Key>) -> BTreeSet<(Arg, Arg)> {
    let mut out = BTreeSet::new();
    for (_, args) in keys {
        for i in 0..args.len() {
            for j in i + 1..args.len() {
                let (a, b) = (&args[i], &args[j]);
                if a != b {
                    let (a, b) = if a < b { (a, b) } else { (b, a) };
                    out.insert((a.clone(), b.clone()));
                }
            }
        }
    }
    out
}
