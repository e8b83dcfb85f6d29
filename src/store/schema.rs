//! The store's tables, created on first use and versioned with `PRAGMA user_version`.

use std::path::Path;

use rusqlite::Connection;

use super::{sqlite, Result, StoreError};

/// The schema this relgraph writes and reads. A store of a newer version is refused with
/// no change; an older one would be migrated here.
pub const SCHEMA_VERSION: i64 = 1;

/// The schema (documented in the README, "The store").
const SCHEMA: &str = "
CREATE TABLE meta (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
CREATE TABLE documents (
    id TEXT PRIMARY KEY,
    sha256 TEXT,
    date TEXT,
    chars INTEGER NOT NULL,
    bytes INTEGER NOT NULL,
    sentences INTEGER NOT NULL,
    meta TEXT
);
CREATE INDEX documents_date ON documents(date);
CREATE TABLE entities (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    type TEXT NOT NULL,
    discovered INTEGER NOT NULL
);
CREATE TABLE mentions (
    document TEXT NOT NULL,
    seq INTEGER NOT NULL,
    entity TEXT,
    start INTEGER NOT NULL,
    end INTEGER NOT NULL,
    byte_start INTEGER NOT NULL,
    byte_end INTEGER NOT NULL,
    text TEXT NOT NULL,
    form TEXT NOT NULL,
    resolution TEXT NOT NULL,
    candidates TEXT,
    antecedent TEXT,
    PRIMARY KEY (document, seq)
) WITHOUT ROWID;
CREATE INDEX mentions_entity ON mentions(entity);
CREATE TABLE relations (
    document TEXT NOT NULL,
    seq INTEGER NOT NULL,
    type TEXT NOT NULL,
    symmetric INTEGER NOT NULL,
    args TEXT NOT NULL,
    role TEXT,
    status TEXT,
    rule TEXT NOT NULL,
    sentence TEXT NOT NULL,
    sentence_start INTEGER NOT NULL,
    sentence_end INTEGER NOT NULL,
    sentence_byte_start INTEGER NOT NULL,
    sentence_byte_end INTEGER NOT NULL,
    trigger_start INTEGER NOT NULL,
    trigger_end INTEGER NOT NULL,
    trigger_byte_start INTEGER NOT NULL,
    trigger_byte_end INTEGER NOT NULL,
    cameo TEXT,
    plover TEXT,
    PRIMARY KEY (document, seq)
) WITHOUT ROWID;
CREATE TABLE edges (
    id INTEGER PRIMARY KEY,
    source TEXT NOT NULL,
    type TEXT NOT NULL,
    target TEXT NOT NULL,
    role TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL DEFAULT '',
    args TEXT NOT NULL,
    UNIQUE (source, type, target, role, status, args)
);
CREATE TABLE evidence (
    document TEXT NOT NULL,
    relation INTEGER NOT NULL,
    edge INTEGER NOT NULL,
    date TEXT,
    PRIMARY KEY (document, relation, edge)
) WITHOUT ROWID;
CREATE INDEX evidence_edge ON evidence(edge);
CREATE INDEX evidence_date ON evidence(date, edge);
";

/// The store's schema version (0: a new, empty database).
fn version(conn: &Connection, path: &Path) -> Result<i64> {
    conn.query_row("PRAGMA user_version", [], |r| r.get(0))
        .map_err(|e| sqlite(path, e))
}

/// Refuses a store this relgraph cannot read: a newer schema, or a database that is not a
/// store.
pub(super) fn check(conn: &Connection, path: &Path) -> Result<()> {
    match version(conn, path)? {
        SCHEMA_VERSION => Ok(()),
        v if v > SCHEMA_VERSION => Err(StoreError::Newer {
            path: path.to_path_buf(),
            found: v,
        }),
        0 => Err(StoreError::Foreign {
            path: path.to_path_buf(),
            why: "no relgraph schema in it".into(),
        }),
        v => Err(StoreError::Foreign {
            path: path.to_path_buf(),
            why: format!("unknown schema version {v}"),
        }),
    }
}

/// Checks the store and creates the schema in a new one; then switches to WAL (after the
/// check, so a refused file is not changed).
pub(super) fn prepare(conn: &mut Connection, path: &Path) -> Result<()> {
    let v = version(conn, path)?;
    if v == 0 {
        let tables: i64 = conn
            .query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get(0))
            .map_err(|e| sqlite(path, e))?;
        if tables > 0 {
            return Err(StoreError::Foreign {
                path: path.to_path_buf(),
                why: "an SQLite database with other tables".into(),
            });
        }
    } else {
        check(conn, path)?;
    }
    // WAL: readers (an export) do not block the writer, and a killed writer's transaction
    // is simply not in the log.
    let _: String = conn
        .query_row("PRAGMA journal_mode=WAL", [], |r| r.get(0))
        .map_err(|e| sqlite(path, e))?;
    conn.execute_batch("PRAGMA synchronous=NORMAL")
        .map_err(|e| sqlite(path, e))?;
    if v == 0 {
        // Two processes creating the same new store: the second one's schema check below
        // sees the first one's tables.
        let tx = conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
            .map_err(|e| sqlite(path, e))?;
        if version(&tx, path)? == 0 {
            tx.execute_batch(SCHEMA).map_err(|e| sqlite(path, e))?;
            tx.execute_batch(&format!("PRAGMA user_version = {SCHEMA_VERSION}"))
                .map_err(|e| sqlite(path, e))?;
        }
        tx.commit().map_err(|e| sqlite(path, e))?;
        check(conn, path)?;
    }
    Ok(())
}
