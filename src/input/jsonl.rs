//! JSON Lines inputs: one record `{"id", "text", "date"?, …}` a line, streamed one line at a
//! time (at most `max_document_bytes` stored per line), each bad record an error of its own.

use std::collections::BTreeMap;
use std::io::BufRead;
use std::path::{Path, PathBuf};

use super::{input_error, size, ReadOptions, MAX_ID_BYTES};
use crate::error::{Error, Result};
use crate::text::{Date, Document};

pub(super) struct JsonlReader {
    pub(super) name: PathBuf,
    pub(super) reader: Box<dyn BufRead + Send>,
    pub(super) options: ReadOptions,
    pub(super) line: usize,
    pub(super) buf: Vec<u8>,
}

impl JsonlReader {
    /// Reads one line into `buf` (without the newline), storing at most
    /// `max_document_bytes`; returns `None` at end of input, `Some(false)` for an overlong
    /// line (consumed, not stored).
    fn read_line(&mut self) -> std::io::Result<Option<bool>> {
        self.buf.clear();
        let mut seen = false;
        let mut fits = true;
        loop {
            let chunk = match self.reader.fill_buf() {
                Ok(c) => c,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            };
            if chunk.is_empty() {
                return Ok(seen.then_some(fits));
            }
            seen = true;
            let (part, done) = match chunk.iter().position(|&b| b == b'\n') {
                Some(i) => (&chunk[..i], i + 1),
                None => (chunk, chunk.len()),
            };
            if fits {
                if self.buf.len() + part.len() > self.options.max_document_bytes {
                    fits = false;
                    self.buf.clear();
                } else {
                    self.buf.extend_from_slice(part);
                }
            }
            let newline = done > part.len();
            self.reader.consume(done);
            if newline {
                return Ok(Some(fits));
            }
        }
    }

    pub(super) fn next_record(&mut self) -> Option<Result<Document>> {
        loop {
            let fits = match self.read_line() {
                Ok(Some(f)) => f,
                Ok(None) => return None,
                Err(e) => {
                    // A read error ends this input.
                    self.buf = Vec::new();
                    let err = Error::io(&self.name, e);
                    self.reader = Box::new(std::io::empty());
                    return Some(Err(err));
                }
            };
            self.line += 1;
            let fail = |m: String| Some(Err(input_error(&self.name, Some(self.line), m)));
            if !fits {
                return fail(format!(
                    "line longer than the {} record limit (--max-document-size); skipped",
                    size(self.options.max_document_bytes)
                ));
            }
            let decoded;
            let line = match std::str::from_utf8(&self.buf) {
                Ok(l) => l,
                Err(_) if self.options.lossy => {
                    decoded = String::from_utf8_lossy(&self.buf).into_owned();
                    &decoded
                }
                Err(e) => {
                    return fail(format!(
                        "invalid UTF-8 at column {}; skipped (--lossy decodes it with U+FFFD)",
                        e.valid_up_to() + 1
                    ))
                }
            };
            let line = line.strip_suffix('\r').unwrap_or(line);
            if line.trim().is_empty() {
                continue;
            }
            return Some(parse_record(&self.name, self.line, line, self.options.date));
        }
    }
}

/// Parses one JSON Lines record: `{"id", "text", "date"?, …}`; other fields are kept as
/// metadata.
fn parse_record(name: &Path, n: usize, line: &str, default_date: Option<Date>) -> Result<Document> {
    let fail = |m: String| input_error(name, Some(n), m);
    let mut record: BTreeMap<String, serde_json::Value> =
        serde_json::from_str(line).map_err(|e| fail(format!("not a JSON object: {e}")))?;
    let text = match record.remove("text") {
        Some(serde_json::Value::String(t)) => t,
        Some(_) => return Err(fail("`text` must be a string".into())),
        None => return Err(fail("missing `text`".into())),
    };
    let id = match record.remove("id") {
        Some(serde_json::Value::String(s)) => s,
        Some(serde_json::Value::Number(x)) => x.to_string(),
        None => format!("{}:{n}", name.display()),
        Some(_) => return Err(fail("`id` must be a string or a number".into())),
    };
    if id.len() > MAX_ID_BYTES {
        return Err(fail(format!(
            "`id` longer than {MAX_ID_BYTES} bytes; skipped"
        )));
    }
    // A date that is no date does not cost the document: it is read without one (not with
    // `--document-date`, which is for documents that give none), with a warning.
    let mut warnings = Vec::new();
    let date = match record.remove("date") {
        Some(serde_json::Value::String(d)) => match Date::parse(&d) {
            Ok(d) => Some(d),
            Err(e) => {
                warnings.push(format!(
                    "{}:{n}: document {id:?}: {e}; read without a date",
                    name.display()
                ));
                None
            }
        },
        Some(serde_json::Value::Null) | None => default_date,
        Some(other) => {
            warnings.push(format!(
                "{}:{n}: document {id:?}: `date` {other} is not a string; read without a date",
                name.display()
            ));
            None
        }
    };
    Ok(Document {
        id,
        text,
        date,
        meta: record,
        warnings,
    })
}
