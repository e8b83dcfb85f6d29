//! Reading the store back: documents' results (of a date window), and the graph they make.

use std::borrow::Cow;
use std::collections::HashMap;

use rusqlite::OptionalExtension;

use super::{sqlite, Result, Store, StoreError};
use crate::export::Provenance;
use crate::filter::DateWindow;
use crate::graph::{ContentHash, Graph, Limits};
use crate::pipeline::{DocResult, EntityInfo, MentionOut, RelationOut, Span};
use crate::resolve::{Form, Resolution};
use crate::text::Date;

impl Store {
    /// The provenance of the last run that wrote the store, if any did.
    pub fn provenance(&self) -> Result<Option<Provenance>> {
        let json: Option<String> = self
            .conn
            .query_row("SELECT value FROM meta WHERE key = 'provenance'", [], |r| {
                r.get(0)
            })
            .optional()
            .map_err(|e| sqlite(&self.path, e))?;
        json.map(|j| {
            serde_json::from_str(&j).map_err(|e| self.corrupt(format!("meta.provenance: {e}")))
        })
        .transpose()
    }

    fn corrupt(&self, message: String) -> StoreError {
        StoreError::Corrupt {
            path: self.path.clone(),
            message,
        }
    }

    /// Calls `f` with every stored document in `window` (as `extract --since/--until` keeps
    /// them: undated documents only when the window is open), in id order, rebuilt as the
    /// pipeline gave it. Returns how many there were.
    pub fn documents<E: From<StoreError>>(
        &self,
        window: &DateWindow,
        mut f: impl FnMut(DocResult<'static>) -> std::result::Result<(), E>,
    ) -> std::result::Result<usize, E> {
        let e = |e| sqlite(&self.path, e);
        let entities = self.entities()?;
        let (cond, bounds) = window_sql(window);
        type Row = (
            String,
            Option<String>,
            Option<String>,
            i64,
            i64,
            i64,
            Option<String>,
        );
        let rows: Vec<Row> = {
            let mut stmt = self
                .conn
                .prepare(&format!(
                    "SELECT id, sha256, date, chars, bytes, sentences, meta FROM documents
                     WHERE {cond} ORDER BY id"
                ))
                .map_err(e)?;
            let rows = stmt
                .query_map(rusqlite::params_from_iter(bounds.iter()), |r| {
                    Ok((
                        r.get(0)?,
                        r.get(1)?,
                        r.get(2)?,
                        r.get(3)?,
                        r.get(4)?,
                        r.get(5)?,
                        r.get(6)?,
                    ))
                })
                .map_err(e)?;
            rows.collect::<rusqlite::Result<_>>().map_err(e)?
        };
        // Mentions and relations of those documents, each in one scan in (document, seq)
        // order, taken document by document as the documents come (a query per document
        // costs more than its rows).
        let in_window = format!("document IN (SELECT id FROM documents WHERE {cond})");
        let mut mention_stmt = self
            .conn
            .prepare(&format!(
                "SELECT document, entity, start, end, byte_start, byte_end, text, form, resolution,
                 candidates, antecedent FROM mentions WHERE {in_window} ORDER BY document, seq"
            ))
            .map_err(e)?;
        let mut mention_rows = mention_stmt
            .query(rusqlite::params_from_iter(bounds.iter()))
            .map_err(e)?;
        let mut relation_stmt = self
            .conn
            .prepare(&format!(
                "SELECT document, type, symmetric, args, role, status, rule, sentence,
                 sentence_start, sentence_end, sentence_byte_start, sentence_byte_end,
                 trigger_start, trigger_end, trigger_byte_start, trigger_byte_end, cameo, plover
                 FROM relations WHERE {in_window} ORDER BY document, seq"
            ))
            .map_err(e)?;
        let mut relation_rows = relation_stmt
            .query(rusqlite::params_from_iter(bounds.iter()))
            .map_err(e)?;
        let mut next_mention = mention_rows.next().map_err(e)?;
        let mut next_relation = relation_rows.next().map_err(e)?;
        let mut count = 0;
        for (id, sha, date, chars, bytes, sentences, meta) in rows {
            let mut mentions = crate::pipeline::Mentions::new();
            while let Some(r) = next_mention {
                let doc: String = r.get(0).map_err(e)?;
                match doc.as_str().cmp(&id) {
                    std::cmp::Ordering::Greater => break,
                    std::cmp::Ordering::Equal => mentions.push(self.mention(&id, r, &entities)?),
                    std::cmp::Ordering::Less => {}
                }
                next_mention = mention_rows.next().map_err(e)?;
            }
            let mut relations = crate::pipeline::Relations::new();
            while let Some(r) = next_relation {
                let doc: String = r.get(0).map_err(e)?;
                match doc.as_str().cmp(&id) {
                    std::cmp::Ordering::Greater => break,
                    std::cmp::Ordering::Equal => relations.push(self.relation(&id, r, &entities)?),
                    std::cmp::Ordering::Less => {}
                }
                next_relation = relation_rows.next().map_err(e)?;
            }
            let parsed = date.as_deref().and_then(|d| Date::parse(d).ok());
            if !window.contains(parsed) {
                continue;
            }
            let bad = |what: String| self.corrupt(format!("document {id:?}: {what}"));
            let doc = DocResult {
                sha256: sha
                    .as_deref()
                    .map(ContentHash::parse)
                    .transpose()
                    .map_err(bad)?,
                meta: match meta {
                    Some(m) => serde_json::from_str(&m).map_err(|x| bad(x.to_string()))?,
                    None => Default::default(),
                },
                mentions,
                relations,
                document: id,
                date,
                chars: chars as usize,
                bytes: bytes as usize,
                sentences: sentences as usize,
            };
            f(doc)?;
            count += 1;
        }
        Ok(count)
    }

    /// The graph of the stored documents in `window`, with `limits`: the graph an extraction
    /// of those documents makes.
    pub fn graph(&self, window: &DateWindow, limits: Limits) -> Result<Graph> {
        let mut g = Graph::with_limits(limits);
        self.documents(window, |d| {
            g.add(&d);
            Ok::<(), StoreError>(())
        })?;
        Ok(g)
    }

    fn entities(&self) -> Result<HashMap<String, EntityInfo<'static>>> {
        let e = |e| sqlite(&self.path, e);
        let mut stmt = self
            .conn
            .prepare("SELECT id, name, type, discovered FROM entities")
            .map_err(e)?;
        let rows = stmt
            .query_map([], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, bool>(3)?,
                ))
            })
            .map_err(e)?;
        let mut out = HashMap::new();
        for row in rows {
            let (id, name, kind, discovered) = row.map_err(e)?;
            let kind = kind
                .parse()
                .map_err(|m: String| self.corrupt(format!("entity {id:?}: {m}")))?;
            out.insert(
                id.clone(),
                EntityInfo {
                    id: Cow::Owned(id),
                    name: Cow::Owned(name),
                    kind,
                    discovered,
                    country: None,
                },
            );
        }
        Ok(out)
    }

    fn entity(
        &self,
        entities: &HashMap<String, EntityInfo<'static>>,
        id: &str,
    ) -> Result<EntityInfo<'static>> {
        entities
            .get(id)
            .cloned()
            .ok_or_else(|| self.corrupt(format!("entity {id:?} is not in the entities table")))
    }

    fn mention(
        &self,
        doc: &str,
        r: &rusqlite::Row,
        entities: &HashMap<String, EntityInfo<'static>>,
    ) -> Result<MentionOut<'static>> {
        let e = |e| sqlite(&self.path, e);
        let bad = |what: String| self.corrupt(format!("document {doc:?}: mention: {what}"));
        let entity: Option<String> = r.get(1).map_err(e)?;
        let form: String = r.get(7).map_err(e)?;
        let resolution: String = r.get(8).map_err(e)?;
        let candidates: Option<String> = r.get(9).map_err(e)?;
        let antecedent: Option<String> = r.get(10).map_err(e)?;
        Ok(MentionOut {
            span: span(r, 2).map_err(e)?,
            text: r.get(6).map_err(e)?,
            entity: entity.map(|id| self.entity(entities, &id)).transpose()?,
            form: form.parse::<Form>().map_err(bad)?,
            resolution: crate::import::known(
                &resolution,
                Resolution::ALL.map(Resolution::as_str),
                "resolution",
            )
            .map_err(bad)?,
            candidates: match candidates {
                Some(c) => serde_json::from_str::<Vec<String>>(&c)
                    .map_err(|x| bad(x.to_string()))?
                    .into_iter()
                    .map(Cow::Owned)
                    .collect(),
                None => Vec::new(),
            },
            antecedent: antecedent
                .map(|a| serde_json::from_str(&a).map_err(|x| bad(x.to_string())))
                .transpose()?,
        })
    }

    fn relation(
        &self,
        doc: &str,
        r: &rusqlite::Row,
        entities: &HashMap<String, EntityInfo<'static>>,
    ) -> Result<RelationOut<'static>> {
        let e = |e| sqlite(&self.path, e);
        let bad = |what: String| self.corrupt(format!("document {doc:?}: relation: {what}"));
        let kind: String = r.get(1).map_err(e)?;
        let kind = crate::import::read_type(&kind, r.get(2).map_err(e)?).map_err(bad)?;
        let args: String = r.get(3).map_err(e)?;
        let args: Vec<String> = serde_json::from_str(&args).map_err(|x| bad(x.to_string()))?;
        let status: Option<String> = r.get(5).map_err(e)?;
        let sentence: String = r.get(7).map_err(e)?;
        let (sentence_span, trigger_span) = (span(r, 8).map_err(e)?, span(r, 12).map_err(e)?);
        let trigger = crate::graph::trigger_in(&sentence, sentence_span, trigger_span)
            .ok_or_else(|| bad("the trigger's span is not in its sentence".into()))?
            .to_string();
        Ok(RelationOut {
            kind,
            args: args
                .iter()
                .map(|a| self.entity(entities, a))
                .collect::<Result<_>>()?,
            role: r.get::<_, Option<String>>(4).map_err(e)?.map(Cow::Owned),
            rule: Cow::Owned(r.get(6).map_err(e)?),
            sentence: sentence.into(),
            sentence_span,
            trigger,
            trigger_span,
            former: crate::relate::Status::parse_former(status.as_deref()).map_err(bad)?,
            cameo: r.get::<_, Option<String>>(16).map_err(e)?.map(Cow::Owned),
            plover: r.get::<_, Option<String>>(17).map_err(e)?.map(Cow::Owned),
        })
    }
}

/// A `WHERE` condition on `documents.date` that holds for every document in `window` (and a
/// few more, which [`DateWindow::contains`] then leaves out), with its parameters: dates are
/// `YYYY[-MM[-DD]]` text, which sorts like the dates, and a year or a month alone is checked
/// apart (it sorts before the days it covers).
fn window_sql(window: &DateWindow) -> (String, Vec<String>) {
    if window.is_open() {
        return ("1".into(), Vec::new());
    }
    let lo = window.since.map_or(String::new(), |s| s.to_string());
    let hi = window.until.map_or("~".into(), |u| format!("{u}-99"));
    let ylo = window
        .since
        .map_or(String::new(), |s| format!("{:04}", s.year()));
    let yhi = window
        .until
        .map_or("~".into(), |u| format!("{:04}-99", u.year()));
    (
        "(date BETWEEN ?1 AND ?2 OR (length(date) <= 7 AND date BETWEEN ?3 AND ?4))".into(),
        vec![lo, hi, ylo, yhi],
    )
}

/// The span in columns `i..i + 4` (start, end, byte start, byte end).
fn span(r: &rusqlite::Row, i: usize) -> rusqlite::Result<Span> {
    let get = |j: usize| r.get::<_, i64>(i + j).map(|v| v as usize);
    Ok(Span {
        start: get(0)?,
        end: get(1)?,
        byte_start: get(2)?,
        byte_end: get(3)?,
    })
}
