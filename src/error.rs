//! Library error type.
//!
//! Every variant names where the problem is (file and line, or document) and, where it helps,
//! what to do next, because the messages end up in front of analysts, not developers.

use std::path::PathBuf;

/// Errors from loading gazetteers and rules, reading inputs and writing outputs.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A gazetteer file has a malformed line.
    #[error("{}:{line}: {message}", path.display())]
    Gazetteer {
        /// The file (or the embedded default's name).
        path: PathBuf,
        /// 1-based line number.
        line: usize,
        /// What is wrong.
        message: String,
    },
    /// A relation rule file is malformed.
    #[error("{}:{line}: {message}", path.display())]
    Rules {
        /// The file (or the embedded default's name).
        path: PathBuf,
        /// 1-based line number (0 when the whole file is affected).
        line: usize,
        /// What is wrong.
        message: String,
    },
    /// An input could not be decoded or parsed.
    #[error("{}{}: {message}", path.display(), line.map(|l| format!(":{l}")).unwrap_or_default())]
    Input {
        /// The input file (`-` for stdin).
        path: PathBuf,
        /// 1-based line number for line-oriented inputs (JSON Lines).
        line: Option<usize>,
        /// What is wrong.
        message: String,
    },
    /// A value given by the user (a date, a format name…) is invalid.
    #[error("invalid {what} {value:?}: {reason}")]
    InvalidValue {
        /// What kind of value.
        what: &'static str,
        /// The value as given.
        value: String,
        /// Why it was rejected.
        reason: String,
    },
    /// An external program (Graphviz `dot`) is missing or failed.
    #[error("{tool}: {message}")]
    Tool {
        /// The program.
        tool: String,
        /// What went wrong and what to do.
        message: String,
    },
    /// Reading or writing a file failed.
    #[error("{}: {source}", path.display())]
    Io {
        /// The file involved.
        path: PathBuf,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },
}

/// What kind of problem an [`Error`] is, for callers that handle some kinds (say, skip a bad
/// input and go on) and stop on others, without matching on every variant's fields.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorKind {
    /// A gazetteer file is malformed ([`Error::Gazetteer`]).
    Gazetteer,
    /// A relation rule file is malformed ([`Error::Rules`]).
    Rules,
    /// An input could not be decoded or parsed ([`Error::Input`]).
    Input,
    /// A value given by the user is invalid ([`Error::InvalidValue`]).
    InvalidValue,
    /// An external program is missing or failed ([`Error::Tool`]).
    Tool,
    /// Reading or writing a file failed ([`Error::Io`]).
    Io,
}

impl Error {
    /// What kind of problem this is.
    ///
    /// ```
    /// use relgraph::{Date, ErrorKind};
    /// assert_eq!(Date::parse("2020-13-01").unwrap_err().kind(), ErrorKind::InvalidValue);
    /// ```
    pub fn kind(&self) -> ErrorKind {
        match self {
            Error::Gazetteer { .. } => ErrorKind::Gazetteer,
            Error::Rules { .. } => ErrorKind::Rules,
            Error::Input { .. } => ErrorKind::Input,
            Error::InvalidValue { .. } => ErrorKind::InvalidValue,
            Error::Tool { .. } => ErrorKind::Tool,
            Error::Io { .. } => ErrorKind::Io,
        }
    }

    pub(crate) fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Error {
        Error::Io {
            path: path.into(),
            source,
        }
    }
}

/// Result alias used throughout the library.
pub type Result<T, E = Error> = std::result::Result<T, E>;
