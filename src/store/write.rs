//! Writing documents' results into the store, one transaction per run.

use std::collections::HashMap;

use rusqlite::{params, OptionalExtension};

use super::{sqlite, Result, Store};
use crate::export::Provenance;
use crate::pipeline::{Antecedent, DocResult, EntityInfo};
use crate::relate::{RelationType, Status};

/// What [`Writer::put`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Put {
    /// The store did not hold the document.
    New,
    /// The store held it with the same content hash: replaced by the new results.
    Same,
    /// The store held another version (another content hash): replaced.
    Changed,
}

/// One write transaction (`BEGIN IMMEDIATE`): nothing it does is seen, or kept, until
/// [`Writer::commit`]; dropped without it (an error, a panic), it is rolled back, and a
/// killed process leaves it out of the store.
pub struct Writer<'s> {
    store: &'s mut Store,
    /// Edge ids by key, for the edges this run has met.
    edges: HashMap<EdgeKey, i64>,
    /// The entities this run has written, as written (most mentions name one already).
    entities: HashMap<String, (String, &'static str, bool)>,
    done: bool,
}

/// An edge's identity as the `edges` table's unique key holds it.
#[derive(Hash, PartialEq, Eq)]
struct EdgeKey {
    source: String,
    kind: &'static str,
    target: String,
    role: String,
    status: &'static str,
    args: String,
}

impl Store {
    /// Starts a write transaction. A second writer waits for the first one
    /// ([`super::BUSY_TIMEOUT`]) and is then refused with [`super::StoreError::Busy`].
    pub fn begin(&mut self) -> Result<Writer<'_>> {
        self.conn
            .execute_batch("BEGIN IMMEDIATE")
            .map_err(|e| sqlite(&self.path, e))?;
        Ok(Writer {
            store: self,
            edges: HashMap::new(),
            entities: HashMap::new(),
            done: false,
        })
    }
}

impl Writer<'_> {
    fn err(&self, e: rusqlite::Error) -> super::StoreError {
        sqlite(&self.store.path, e)
    }

    /// Records who wrote the store's documents; returns the provenance it replaced, if any.
    pub fn set_provenance(&mut self, p: &Provenance) -> Result<Option<Provenance>> {
        let old = self.store.provenance()?;
        let json = serde_json::to_string(p).expect("a provenance serializes");
        self.store
            .conn
            .execute(
                "INSERT INTO meta (key, value) VALUES ('provenance', ?1)
                 ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                [json],
            )
            .map_err(|e| self.err(e))?;
        Ok(old)
    }

    /// Stores one document's results, replacing what the store held for its id.
    pub fn put(&mut self, doc: &DocResult) -> Result<Put> {
        let conn = &self.store.conn;
        let path = &self.store.path;
        let e = |e| sqlite(path, e);
        let old: Option<Option<String>> = conn
            .prepare_cached("SELECT sha256 FROM documents WHERE id = ?1")
            .and_then(|mut s| s.query_row([&doc.document], |r| r.get(0)).optional())
            .map_err(e)?;
        let sha = doc.sha256.map(|h| h.to_string());
        let put = match &old {
            None => Put::New,
            Some(h) if *h == sha => Put::Same,
            Some(_) => Put::Changed,
        };
        if old.is_some() {
            for table in ["evidence", "relations", "mentions"] {
                conn.prepare_cached(&format!("DELETE FROM {table} WHERE document = ?1"))
                    .and_then(|mut s| s.execute([&doc.document]))
                    .map_err(e)?;
            }
            conn.prepare_cached("DELETE FROM documents WHERE id = ?1")
                .and_then(|mut s| s.execute([&doc.document]))
                .map_err(e)?;
        }
        let meta = (!doc.meta.is_empty())
            .then(|| serde_json::to_string(&doc.meta).expect("metadata serializes"));
        conn.prepare_cached(
            "INSERT INTO documents (id, sha256, date, chars, bytes, sentences, meta)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        )
        .and_then(|mut s| {
            s.execute(params![
                doc.document,
                sha,
                doc.date,
                doc.chars as i64,
                doc.bytes as i64,
                doc.sentences as i64,
                meta
            ])
        })
        .map_err(e)?;
        let mut entity = conn
            .prepare_cached(
                "INSERT INTO entities (id, name, type, discovered) VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT (id) DO UPDATE SET name = excluded.name, type = excluded.type,
                 discovered = excluded.discovered",
            )
            .map_err(e)?;
        let known = &mut self.entities;
        let mut put_entity = |info: &EntityInfo| -> rusqlite::Result<()> {
            let row = (info.name.to_string(), info.kind.as_str(), info.discovered);
            if known.get(&*info.id) == Some(&row) {
                return Ok(());
            }
            entity.execute(params![
                info.id,
                info.name,
                info.kind.as_str(),
                info.discovered
            ])?;
            known.insert(info.id.to_string(), row);
            Ok(())
        };
        let mut mention = conn
            .prepare_cached(
                "INSERT INTO mentions (document, seq, entity, start, end, byte_start, byte_end,
                 text, form, resolution, candidates, antecedent)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
            )
            .map_err(e)?;
        for (i, m) in doc.mentions.iter().enumerate() {
            if let Some(info) = m.entity() {
                put_entity(info).map_err(e)?;
            }
            let candidates = (!m.candidates().is_empty())
                .then(|| serde_json::to_string(m.candidates()).expect("ids serialize"));
            let antecedent = m.antecedent().map(|(span, text)| {
                let a = Antecedent {
                    span,
                    text: text.to_string(),
                };
                serde_json::to_string(&a).expect("an antecedent serializes")
            });
            let span = m.span();
            mention
                .execute(params![
                    doc.document,
                    i as i64,
                    m.entity().map(|x| &*x.id),
                    span.start as i64,
                    span.end as i64,
                    span.byte_start as i64,
                    span.byte_end as i64,
                    m.text(),
                    m.form().as_str(),
                    m.resolution(),
                    candidates,
                    antecedent
                ])
                .map_err(e)?;
        }
        let mut relation = conn
            .prepare_cached(
                "INSERT INTO relations (document, seq, type, symmetric, args, role, status, rule,
                 sentence, sentence_start, sentence_end, sentence_byte_start, sentence_byte_end,
                 trigger_start, trigger_end, trigger_byte_start, trigger_byte_end, cameo, plover)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16,
                 ?17, ?18, ?19)",
            )
            .map_err(e)?;
        let mut evidence = conn
            .prepare_cached(
                "INSERT OR IGNORE INTO evidence (document, relation, edge, date)
                 VALUES (?1, ?2, ?3, ?4)",
            )
            .map_err(e)?;
        let mut new_edge = conn
            .prepare_cached(
                "INSERT INTO edges (source, type, target, role, status, args)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)
                 ON CONFLICT DO UPDATE SET id = id RETURNING id",
            )
            .map_err(e)?;
        for (i, r) in doc.relations.iter().enumerate() {
            for a in &r.args {
                put_entity(a).map_err(e)?;
            }
            let ids: Vec<&str> = r.args.iter().map(|a| &*a.id).collect();
            let args = serde_json::to_string(&ids).expect("ids serialize");
            let status = Status::of(r.kind, r.former).map(Status::as_str);
            let (s, t) = (r.sentence_span, r.trigger_span);
            relation
                .execute(params![
                    doc.document,
                    i as i64,
                    r.kind.as_str(),
                    r.kind.is_symmetric(),
                    args,
                    r.role.as_deref(),
                    status,
                    &*r.rule,
                    r.sentence,
                    s.start as i64,
                    s.end as i64,
                    s.byte_start as i64,
                    s.byte_end as i64,
                    t.start as i64,
                    t.end as i64,
                    t.byte_start as i64,
                    t.byte_end as i64,
                    r.cameo.as_deref(),
                    r.plover.as_deref()
                ])
                .map_err(e)?;
            if !r.kind.takes_args(ids.len()) {
                continue;
            }
            // As the graph makes them: a mediation links the mediator to each party.
            let targets = match r.kind {
                RelationType::MediatesBetween => 1..ids.len(),
                _ => 1..2,
            };
            for t in targets {
                if ids[t] == ids[0] {
                    continue;
                }
                let key = EdgeKey {
                    source: ids[0].to_string(),
                    kind: r.kind.as_str(),
                    target: ids[t].to_string(),
                    role: r.role.as_deref().unwrap_or("").to_string(),
                    status: status.unwrap_or(""),
                    args: args.clone(),
                };
                let edge = match self.edges.get(&key) {
                    Some(&id) => id,
                    None => {
                        let id: i64 = new_edge
                            .query_row(
                                params![
                                    key.source, key.kind, key.target, key.role, key.status,
                                    key.args
                                ],
                                |row| row.get(0),
                            )
                            .map_err(e)?;
                        self.edges.insert(key, id);
                        id
                    }
                };
                evidence
                    .execute(params![doc.document, i as i64, edge, doc.date])
                    .map_err(e)?;
            }
        }
        Ok(put)
    }

    /// Makes everything written visible and durable, after dropping the edges no evidence
    /// refers to any more (those of replaced documents).
    pub fn commit(mut self) -> Result<()> {
        self.store
            .conn
            .execute_batch(
                "DELETE FROM edges WHERE NOT EXISTS
                   (SELECT 1 FROM evidence WHERE evidence.edge = edges.id);
                 COMMIT;",
            )
            .map_err(|e| self.err(e))?;
        self.done = true;
        Ok(())
    }
}

impl Drop for Writer<'_> {
    fn drop(&mut self) {
        if !self.done {
            let _ = self.store.conn.execute_batch("ROLLBACK");
        }
    }
}
