//! Inputs: files, folders (walked recursively, sorted), stdin, and JSON Lines records.
//!
//! Each input becomes one or more [`Document`]s or an error for that input alone; callers
//! report errors and carry on with the rest.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Read};
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

/// How to read an input.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum InputFormat {
    /// JSON Lines for `.jsonl`/`.ndjson` files and for any input whose first non-blank byte
    /// is `{`; plain text otherwise.
    #[default]
    Auto,
    /// One plain-text document per input.
    Text,
    /// One JSON record per line (an empty input is zero documents).
    Jsonl,
}

/// Longest document id accepted, in bytes.
pub const MAX_ID_BYTES: usize = 1024;

/// How inputs are read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReadOptions {
    /// Date for documents that do not carry one.
    pub date: Option<Date>,
    /// Text, JSON Lines, or decided per input.
    pub format: InputFormat,
    /// Decode invalid UTF-8 with U+FFFD replacement characters instead of skipping the
    /// document; offsets then refer to the decoded text.
    pub lossy: bool,
    /// Largest document (or JSON Lines record) accepted, in bytes.
    pub max_document_bytes: usize,
}

impl Default for ReadOptions {
    fn default() -> ReadOptions {
        ReadOptions {
            date: None,
            format: InputFormat::Auto,
            lossy: false,
            max_document_bytes: MAX_DOCUMENT_BYTES,
        }
    }
}

/// Opens a source and streams its documents: a JSON Lines input is read one line at a time
/// (at most `max_document_bytes` per line), so memory does not grow with the input. Each
/// item is a document or the error for one record (`path:line: reason`) or for the whole
/// input; iteration goes on after a bad record.
pub fn documents(source: &Source, options: &ReadOptions) -> Documents {
    let name = source.name();
    let reader: Box<dyn BufRead + Send> = match source {
        Source::Stdin => Box::new(BufReader::with_capacity(1 << 16, std::io::stdin())),
        Source::File(p) => match std::fs::File::open(p) {
            Ok(f) => Box::new(BufReader::with_capacity(1 << 16, f)),
            Err(e) => return Documents::failed(Error::io(p, e)),
        },
    };
    let format = match (options.format, source) {
        (InputFormat::Auto, Source::File(p))
            if p.extension()
                .and_then(|e| e.to_str())
                .is_some_and(|e| JSONL_EXTENSIONS.contains(&e)) =>
        {
            InputFormat::Jsonl
        }
        (f, _) => f,
    };
    from_reader(name, reader, &ReadOptions { format, ..*options })
}

/// Streams documents from any reader; `name` is used for ids and messages.
pub fn from_reader(
    name: PathBuf,
    mut reader: Box<dyn BufRead + Send>,
    options: &ReadOptions,
) -> Documents {
    let head = match reader.fill_buf() {
        Ok(h) => h,
        Err(e) => return Documents::failed(Error::io(&name, e)),
    };
    if head.iter().take(8192).any(|&b| b == 0) {
        return Documents::failed(input_error(
            &name,
            None,
            "looks binary (contains NUL bytes); skipped".into(),
        ));
    }
    let jsonl = match options.format {
        InputFormat::Jsonl => true,
        InputFormat::Text => false,
        InputFormat::Auto => head.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'{'),
    };
    if jsonl {
        return Documents(Inner::Jsonl(JsonlReader {
            name,
            reader,
            options: *options,
            line: 0,
            buf: Vec::new(),
        }));
    }
    Documents(Inner::One(Some(read_text(&name, reader, options))))
}

/// "1 MiB", "256 MiB", "1000 bytes": the limit as users set it.
fn size(bytes: usize) -> String {
    if bytes >= 1 << 20 && bytes % (1 << 20) == 0 {
        format!("{} MiB", bytes >> 20)
    } else {
        format!("{bytes} bytes")
    }
}

fn read_text(
    name: &Path,
    reader: Box<dyn BufRead + Send>,
    options: &ReadOptions,
) -> Result<Document> {
    let mut bytes = Vec::new();
    reader
        .take(options.max_document_bytes as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| Error::io(name, e))?;
    if bytes.len() > options.max_document_bytes {
        return Err(input_error(
            name,
            None,
            format!(
                "larger than the {} document limit (--max-document-size); skipped",
                size(options.max_document_bytes)
            ),
        ));
    }
    let text = decode(bytes, options.lossy).map_err(|(line, at)| {
        input_error(
            name,
            Some(line),
            format!("invalid UTF-8 at byte {at}; skipped (--lossy decodes it with U+FFFD)"),
        )
    })?;
    let id = name.to_string_lossy().into_owned();
    Ok(Document::new(id, text).with_date(options.date))
}

/// UTF-8 text, or with `lossy` the bytes decoded with replacement characters; the error is
/// (line, byte offset) of the first invalid byte.
fn decode(bytes: Vec<u8>, lossy: bool) -> std::result::Result<String, (usize, usize)> {
    match String::from_utf8(bytes) {
        Ok(t) => Ok(t),
        Err(e) if lossy => Ok(String::from_utf8_lossy(e.as_bytes()).into_owned()),
        Err(e) => {
            let at = e.utf8_error().valid_up_to();
            let line = e.as_bytes()[..at].iter().filter(|&&b| b == b'\n').count() + 1;
            Err((line, at))
        }
    }
}

/// Documents streamed from one input; see [`documents`].
pub struct Documents(Inner);

enum Inner {
    One(Option<Result<Document>>),
    Jsonl(JsonlReader),
}

impl Documents {
    fn failed(e: Error) -> Documents {
        Documents(Inner::One(Some(Err(e))))
    }
}

impl std::fmt::Debug for Documents {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.0 {
            Inner::One(_) => f.write_str("Documents(text)"),
            Inner::Jsonl(r) => write!(f, "Documents(jsonl {} line {})", r.name.display(), r.line),
        }
    }
}

impl Iterator for Documents {
    type Item = Result<Document>;
    fn next(&mut self) -> Option<Result<Document>> {
        match &mut self.0 {
            Inner::One(d) => d.take(),
            Inner::Jsonl(r) => r.next_record(),
        }
    }
}

struct JsonlReader {
    name: PathBuf,
    reader: Box<dyn BufRead + Send>,
    options: ReadOptions,
    line: usize,
    buf: Vec<u8>,
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

    fn next_record(&mut self) -> Option<Result<Document>> {
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

fn input_error(path: &Path, line: Option<usize>, message: String) -> Error {
    Error::Input {
        path: path.to_path_buf(),
        line,
        message,
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

#[cfg(test)]
mod tests {
    use super::*;

    fn jsonl(text: &str, format: InputFormat) -> (Vec<Document>, Vec<Error>) {
        let reader = Box::new(std::io::Cursor::new(text.as_bytes().to_vec()));
        let (mut docs, mut errs) = (vec![], vec![]);
        let options = ReadOptions {
            format,
            ..ReadOptions::default()
        };
        for d in from_reader(PathBuf::from("f.jsonl"), reader, &options) {
            match d {
                Ok(d) => docs.push(d),
                Err(e) => errs.push(e),
            }
        }
        (docs, errs)
    }

    #[test]
    fn jsonl_records_and_errors() {
        let text = "{\"id\":\"a\",\"text\":\"Hi\",\"date\":\"2020-12-22\",\"url\":\"u\"}\n\nnot json\n{\"id\":\"b\"}\n{\"id\":3,\"text\":\"x\"}\r\n{\"text\":\"no id\"}";
        let (docs, errs) = jsonl(text, InputFormat::Auto);
        assert_eq!(docs.len(), 3);
        assert_eq!(docs[0].meta["url"], "u");
        assert_eq!(docs[1].id, "3");
        assert_eq!(
            docs[2].id, "f.jsonl:6",
            "a record without id is named by its line"
        );
        assert_eq!(errs.len(), 2);
        assert!(errs[0].to_string().starts_with("f.jsonl:3:"));
        assert!(errs[1].to_string().contains("missing `text`"));
    }

    #[test]
    fn a_record_with_a_bad_date_is_read_without_one_and_a_warning_naming_it() {
        let text = "{\"id\":\"a\",\"text\":\"Hi\",\"date\":\"last Tuesday\"}\n\
                    {\"id\":\"b\",\"text\":\"Hi\",\"date\":20201222}\n\
                    {\"id\":\"c\",\"text\":\"Hi\",\"date\":\"2021-02-29\"}\n\
                    {\"id\":\"d\",\"text\":\"Hi\",\"date\":\"2024-02-29\"}\n";
        let (docs, errs) = jsonl(text, InputFormat::Jsonl);
        assert!(errs.is_empty());
        assert_eq!(docs.len(), 4);
        for d in &docs[..3] {
            assert_eq!(d.date, None);
            assert_eq!(d.warnings.len(), 1, "{:?}", d.warnings);
            assert!(
                d.warnings[0].contains(&format!("document {:?}", d.id)),
                "{:?}",
                d.warnings
            );
        }
        assert!(docs[0].warnings[0].starts_with("f.jsonl:1: "));
        assert_eq!(
            docs[3].date.map(|d| d.to_string()).as_deref(),
            Some("2024-02-29")
        );
        assert!(docs[3].warnings.is_empty());
    }

    #[test]
    fn an_overlong_line_is_skipped_without_being_stored() {
        let text = format!(
            "{{\"id\":\"a\",\"text\":\"ok\"}}\n{{\"id\":\"b\",\"text\":\"{}\"}}\n{{\"id\":\"c\",\"text\":\"ok\"}}",
            "x".repeat(100_000)
        );
        // A tiny buffer, so the long line arrives in many pieces.
        let reader = Box::new(BufReader::with_capacity(
            64,
            std::io::Cursor::new(text.into_bytes()),
        ));
        let options = ReadOptions {
            format: InputFormat::Jsonl,
            max_document_bytes: 1000,
            ..ReadOptions::default()
        };
        let Documents(Inner::Jsonl(mut r)) =
            from_reader(PathBuf::from("big.jsonl"), reader, &options)
        else {
            panic!("JSON Lines expected");
        };
        assert_eq!(r.next_record().unwrap().unwrap().id, "a");
        let e = r.next_record().unwrap().unwrap_err().to_string();
        assert!(e.starts_with("big.jsonl:2: line longer than"), "{e}");
        assert!(r.buf.capacity() <= 2048, "the long line was buffered");
        assert_eq!(r.next_record().unwrap().unwrap().id, "c");
        assert!(r.next_record().is_none());
    }

    /// Regression (found by the `jsonl` fuzz target): the size limit counts input bytes, and
    /// lossy decoding may make the text longer (each invalid byte becomes a 3-byte U+FFFD).
    #[test]
    fn lossy_decoding_may_grow_a_record_past_the_byte_limit() {
        let mut line = b"{\"id\":\"a\",\"text\":\"".to_vec();
        line.extend(std::iter::repeat_n(0xff, 900));
        line.extend_from_slice(b"\"}\n");
        let options = ReadOptions {
            format: InputFormat::Jsonl,
            lossy: true,
            max_document_bytes: 1024,
            ..ReadOptions::default()
        };
        let docs: Vec<_> = from_reader(
            PathBuf::from("x"),
            Box::new(std::io::Cursor::new(line)),
            &options,
        )
        .collect();
        let doc = docs[0].as_ref().unwrap();
        assert_eq!(doc.text.chars().count(), 900);
        assert_eq!(doc.text.len(), 2700);
    }

    #[test]
    fn invalid_utf8_is_one_bad_record() {
        let mut bytes = b"{\"id\":\"a\",\"text\":\"ok\"}\n{\"id\":\"b\",\"text\":\"".to_vec();
        bytes.extend_from_slice(&[0xff, 0xfe]);
        bytes.extend_from_slice(b"\"}\n{\"id\":\"c\",\"text\":\"ok\"}\n");
        let reader = Box::new(std::io::Cursor::new(bytes));
        let got: Vec<_> = from_reader(
            PathBuf::from("x"),
            reader,
            &ReadOptions {
                format: InputFormat::Jsonl,
                ..ReadOptions::default()
            },
        )
        .collect();
        assert_eq!(got.len(), 3);
        assert!(got[0].is_ok() && got[2].is_ok());
        let e = got[1].as_ref().unwrap_err().to_string();
        assert!(e.starts_with("x:2: invalid UTF-8"), "{e}");
    }

    #[test]
    fn empty_input_is_no_document_in_jsonl_mode_and_one_in_text_mode() {
        assert_eq!(jsonl("", InputFormat::Jsonl).0.len(), 0);
        assert_eq!(jsonl("", InputFormat::Text).0.len(), 1);
        assert_eq!(
            jsonl("  {\"text\":\"a\"}", InputFormat::Text).0[0].text,
            "  {\"text\":\"a\"}"
        );
    }
}
