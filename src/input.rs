//! Inputs: files, folders (walked recursively, sorted), stdin, and JSON Lines records.
//!
//! Each input becomes one or more [`Document`]s or an error for that input alone; callers
//! report errors and carry on with the rest.

use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::text::{Date, Document};

/// Largest document accepted, in bytes.
pub const MAX_DOCUMENT_BYTES: usize = 256 << 20;

/// File extensions read when walking a folder.
const TEXT_EXTENSIONS: &[&str] = &["txt", "text", "md"];
const JSONL_EXTENSIONS: &[&str] = &["jsonl", "ndjson"];

/// One input source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// A file.
    File(PathBuf),
    /// Standard input.
    Stdin,
}

impl Source {
    /// How the source is named in messages.
    pub fn name(&self) -> PathBuf {
        match self {
            Source::File(p) => p.clone(),
            Source::Stdin => PathBuf::from("-"),
        }
    }
}

/// Expands command-line paths into sources: `-` is stdin, a folder gives its text and JSON
/// Lines files recursively in sorted order (hidden entries skipped), a file is itself.
/// Unreadable paths are returned as errors alongside the sources found.
pub fn expand(paths: &[PathBuf]) -> (Vec<Source>, Vec<Error>) {
    let mut sources = Vec::new();
    let mut errors = Vec::new();
    for p in paths {
        if p.as_os_str() == "-" {
            sources.push(Source::Stdin);
            continue;
        }
        match std::fs::metadata(p) {
            Ok(m) if m.is_dir() => walk(p, &mut sources, &mut errors, &mut Vec::new()),
            Ok(_) => sources.push(Source::File(p.clone())),
            Err(e) => errors.push(Error::io(p, e)),
        }
    }
    (sources, errors)
}

/// Walks a folder. `ancestors` holds the canonical paths of the folders above, so a symlink
/// that points back up (a loop) is reported and skipped instead of followed forever.
fn walk(
    dir: &Path,
    sources: &mut Vec<Source>,
    errors: &mut Vec<Error>,
    ancestors: &mut Vec<PathBuf>,
) {
    let canonical = match std::fs::canonicalize(dir) {
        Ok(c) => c,
        Err(e) => return errors.push(Error::io(dir, e)),
    };
    if ancestors.contains(&canonical) {
        errors.push(Error::Input {
            path: dir.to_path_buf(),
            line: None,
            message: "symlink loop (the folder contains itself); skipped".into(),
        });
        return;
    }
    ancestors.push(canonical);
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) => {
            errors.push(Error::io(dir, e));
            ancestors.pop();
            return;
        }
    };
    let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    for p in paths {
        let hidden = p
            .file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| n.starts_with('.'));
        if hidden {
            continue;
        }
        match std::fs::metadata(&p) {
            Ok(m) if m.is_dir() => walk(&p, sources, errors, ancestors),
            Ok(_) => {
                let ext = p.extension().and_then(|e| e.to_str()).unwrap_or("");
                if TEXT_EXTENSIONS.contains(&ext) || JSONL_EXTENSIONS.contains(&ext) {
                    sources.push(Source::File(p));
                }
            }
            Err(e) => errors.push(Error::io(&p, e)),
        }
    }
    ancestors.pop();
}

/// Reads a source into documents. Plain text gives one document whose id is the path; a
/// `.jsonl`/`.ndjson` file (or any input starting with `{`) gives one document per line.
/// Bad JSON Lines records are returned as errors next to the good documents.
pub fn read(source: &Source, date: Option<Date>) -> (Vec<Document>, Vec<Error>) {
    let name = source.name();
    let bytes = match read_bytes(source) {
        Ok(b) => b,
        Err(e) => return (vec![], vec![e]),
    };
    if bytes.len() > MAX_DOCUMENT_BYTES && !is_jsonl(source, &bytes) {
        return (
            vec![],
            vec![input_error(
                &name,
                None,
                format!(
                    "larger than the {} MiB document limit; skipped",
                    MAX_DOCUMENT_BYTES >> 20
                ),
            )],
        );
    }
    if bytes.iter().take(8192).any(|&b| b == 0) {
        return (
            vec![],
            vec![input_error(
                &name,
                None,
                "looks binary (contains NUL bytes); skipped".into(),
            )],
        );
    }
    let text = match String::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let at = e.utf8_error().valid_up_to();
            let line = e.as_bytes()[..at].iter().filter(|&&b| b == b'\n').count() + 1;
            return (
                vec![],
                vec![input_error(
                    &name,
                    Some(line),
                    format!("invalid UTF-8 at byte {at}; skipped"),
                )],
            );
        }
    };
    if is_jsonl(source, text.as_bytes()) {
        return read_jsonl(&name, &text, date);
    }
    let id = name.to_string_lossy().into_owned();
    (vec![Document::new(id, text).with_date(date)], vec![])
}

fn input_error(path: &Path, line: Option<usize>, message: String) -> Error {
    Error::Input {
        path: path.to_path_buf(),
        line,
        message,
    }
}

fn read_bytes(source: &Source) -> Result<Vec<u8>> {
    let mut buf = Vec::new();
    match source {
        Source::Stdin => std::io::stdin()
            .lock()
            .read_to_end(&mut buf)
            .map_err(|e| Error::io("-", e))?,
        Source::File(p) => std::fs::File::open(p)
            .and_then(|mut f| f.read_to_end(&mut buf))
            .map_err(|e| Error::io(p, e))?,
    };
    Ok(buf)
}

fn is_jsonl(source: &Source, bytes: &[u8]) -> bool {
    match source {
        Source::File(p)
            if p.extension()
                .and_then(|e| e.to_str())
                .is_some_and(|e| JSONL_EXTENSIONS.contains(&e)) =>
        {
            true
        }
        _ => bytes.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'{'),
    }
}

/// Parses JSON Lines: `{"id", "text", "date"?, …}` per line; other fields are kept as metadata.
fn read_jsonl(name: &Path, text: &str, default_date: Option<Date>) -> (Vec<Document>, Vec<Error>) {
    let mut docs = Vec::new();
    let mut errors = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let n = i + 1;
        if line.trim().is_empty() {
            continue;
        }
        let fail = |m: String| input_error(name, Some(n), m);
        let mut record: BTreeMap<String, serde_json::Value> = match serde_json::from_str(line) {
            Ok(r) => r,
            Err(e) => {
                errors.push(fail(format!("not a JSON object: {e}")));
                continue;
            }
        };
        let text = match record.remove("text") {
            Some(serde_json::Value::String(t)) => t,
            Some(_) => {
                errors.push(fail("`text` must be a string".into()));
                continue;
            }
            None => {
                errors.push(fail("missing `text`".into()));
                continue;
            }
        };
        let id = match record.remove("id") {
            Some(serde_json::Value::String(s)) => s,
            Some(serde_json::Value::Number(x)) => x.to_string(),
            None => format!("{}:{n}", name.display()),
            Some(_) => {
                errors.push(fail("`id` must be a string or a number".into()));
                continue;
            }
        };
        let date = match record.remove("date") {
            Some(serde_json::Value::String(d)) => match Date::parse(&d) {
                Ok(d) => Some(d),
                Err(e) => {
                    errors.push(fail(e.to_string()));
                    continue;
                }
            },
            Some(serde_json::Value::Null) | None => default_date,
            Some(_) => {
                errors.push(fail("`date` must be a string".into()));
                continue;
            }
        };
        docs.push(Document {
            id,
            text,
            date,
            meta: record,
        });
    }
    (docs, errors)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jsonl_records_and_errors() {
        let text = "{\"id\":\"a\",\"text\":\"Hi\",\"date\":\"2020-12-22\",\"url\":\"u\"}\n\nnot json\n{\"id\":\"b\"}\n{\"id\":3,\"text\":\"x\"}\n";
        let (docs, errs) = read_jsonl(Path::new("f.jsonl"), text, None);
        assert_eq!(docs.len(), 2);
        assert_eq!(docs[0].meta["url"], "u");
        assert_eq!(docs[1].id, "3");
        assert_eq!(errs.len(), 2);
        assert!(errs[0].to_string().starts_with("f.jsonl:3:"));
        assert!(errs[1].to_string().contains("missing `text`"));
    }
}
