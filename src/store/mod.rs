//! An embedded SQLite store of extraction results: `relgraph extract … --store graph.db`
//! upserts every document's results, `relgraph export --store graph.db` rebuilds the graph
//! (of a date window, if asked) and writes it in any format.
//!
//! The store is document-centric: a document's row, its mentions and its relations (with
//! one evidence row per edge a relation gives evidence to) are replaced together when the
//! document is stored again, so running the same input twice leaves the same contents, and
//! the graph is rebuilt by adding the stored documents to a [`crate::Graph`] as an extraction
//! adds them: the same bytes as the extraction's own graph. The edges table and the evidence
//! rows exist for SQL queries (the README documents the schema and a query).
//!
//! Writes happen in one transaction per run ([`Store::begin`] … [`Writer::commit`]), taken
//! with `BEGIN IMMEDIATE` in WAL mode: a run that is killed or fails leaves the previous
//! contents, and a second writer waits [`BUSY_TIMEOUT`] for the first and is then refused.
//!
//! ```
//! use relgraph::{store::Store, Document, Pipeline, Graph};
//! let dir = tempfile::tempdir()?;
//! let pipeline = Pipeline::builder().build()?;
//! let doc = pipeline.process(&Document::new("d", "Turkey and Israel held talks."));
//! let mut store = Store::open(&dir.path().join("graph.db"))?;
//! let mut w = store.begin()?;
//! w.put(&doc)?;
//! w.commit()?;
//! let mut direct = Graph::new();
//! direct.add(&doc);
//! let rebuilt = store.graph(&Default::default(), Default::default())?;
//! assert_eq!(rebuilt.edge_count(), direct.edge_count());
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod read;
mod schema;
mod write;

use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{Connection, OpenFlags};

pub use schema::SCHEMA_VERSION;
pub use write::{Put, Writer};

/// How long a writer waits for another one to finish before it is refused.
pub const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// What can go wrong with a store.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// SQLite failed (disk full, corrupt file, …).
    #[error("{path}: {source}")]
    Sqlite {
        /// The store.
        path: PathBuf,
        /// The error.
        #[source]
        source: rusqlite::Error,
    },
    /// Another process is writing to the store.
    #[error("{path}: another relgraph is writing to this store (waited {secs} s); try again when it has finished", secs = BUSY_TIMEOUT.as_secs())]
    Busy {
        /// The store.
        path: PathBuf,
    },
    /// The store was written by a newer relgraph.
    #[error("{path}: store schema version {found} is newer than this relgraph's ({SCHEMA_VERSION}); use a newer relgraph (nothing was changed)")]
    Newer {
        /// The store.
        path: PathBuf,
        /// Its `user_version`.
        found: i64,
    },
    /// The file is an SQLite database but not a relgraph store, or not a database at all.
    #[error("{path}: not a relgraph store ({why}); nothing was changed")]
    Foreign {
        /// The file.
        path: PathBuf,
        /// What gave it away.
        why: String,
    },
    /// The store holds something relgraph cannot read back.
    #[error("{path}: {message}")]
    Corrupt {
        /// The store.
        path: PathBuf,
        /// What is wrong.
        message: String,
    },
    /// The store does not exist (reading).
    #[error("{path}: no such store")]
    Missing {
        /// The path.
        path: PathBuf,
    },
}

/// Results of store operations.
pub type Result<T> = std::result::Result<T, StoreError>;

/// An open store.
pub struct Store {
    conn: Connection,
    path: PathBuf,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store").field("path", &self.path).finish()
    }
}

impl Store {
    /// Opens the store at `path` for writing, creating it (with the current schema) if
    /// missing. A store of a newer schema, or a file that is not a store, is refused
    /// unchanged.
    pub fn open(path: &Path) -> Result<Store> {
        let conn = Connection::open(path).map_err(|e| sqlite(path, e))?;
        let mut store = Store {
            conn,
            path: path.to_path_buf(),
        };
        store.configure()?;
        schema::prepare(&mut store.conn, path)?;
        Ok(store)
    }

    /// Opens an existing store for reading only.
    pub fn open_read_only(path: &Path) -> Result<Store> {
        if !path.exists() {
            return Err(StoreError::Missing {
                path: path.to_path_buf(),
            });
        }
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(|e| sqlite(path, e))?;
        let store = Store {
            conn,
            path: path.to_path_buf(),
        };
        store.configure()?;
        schema::check(&store.conn, path)?;
        Ok(store)
    }

    fn configure(&self) -> Result<()> {
        self.conn
            .busy_timeout(BUSY_TIMEOUT)
            .map_err(|e| sqlite(&self.path, e))
    }

    /// The store's path.
    pub fn path(&self) -> &Path {
        &self.path
    }
}

/// `e` as a [`StoreError`] about `path`: a lock held by another writer is [`StoreError::Busy`].
pub(crate) fn sqlite(path: &Path, e: rusqlite::Error) -> StoreError {
    match e.sqlite_error_code() {
        Some(rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked) => {
            StoreError::Busy {
                path: path.to_path_buf(),
            }
        }
        Some(rusqlite::ErrorCode::NotADatabase) => StoreError::Foreign {
            path: path.to_path_buf(),
            why: "not an SQLite database".into(),
        },
        _ => StoreError::Sqlite {
            path: path.to_path_buf(),
            source: e,
        },
    }
}
