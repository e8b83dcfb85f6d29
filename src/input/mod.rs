//! Inputs: files, folders (walked recursively, sorted), stdin; plain text, HTML pages and
//! JSON Lines records.
//!
//! Each input becomes one or more [`Document`]s or an error for that input alone; callers
//! report errors and carry on with the rest. Formats relgraph does not read (PDF, Word, images,
//! archives) are refused by name, with the way to make text of them.

mod html;
mod jsonl;
mod scan;
mod sniff;

use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::text::{Date, Document};
use jsonl::JsonlReader;
use scan::has_extension;
#[cfg_attr(not(feature = "cli"), allow(unused_imports))]
pub use scan::{expand, Expanded};
pub use sniff::Refused;

/// Largest document accepted, in bytes.
pub const MAX_DOCUMENT_BYTES: usize = 256 << 20;

/// Extensions (any case) read as JSON Lines and as HTML.
const JSONL_EXTENSIONS: &[&str] = &["jsonl", "ndjson"];
const HTML_EXTENSIONS: &[&str] = &["html", "htm"];

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

/// How to read an input.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum InputFormat {
    /// JSON Lines for `.jsonl`/`.ndjson` files and for any input whose first non-blank byte
    /// is `{`; HTML for `.html`/`.htm` files (any case) and for inputs that open with
    /// `<!DOCTYPE html` or `<html`; plain text otherwise.
    #[default]
    Auto,
    /// One plain-text document per input.
    Text,
    /// One JSON record per line (an empty input is zero documents).
    Jsonl,
    /// One HTML page per input, read as its visible text; its `<title>`, publication date,
    /// canonical address and site name become the document's metadata.
    Html,
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
        (InputFormat::Auto, Source::File(p)) if has_extension(p, JSONL_EXTENSIONS) => {
            InputFormat::Jsonl
        }
        (InputFormat::Auto, Source::File(p)) if has_extension(p, HTML_EXTENSIONS) => {
            InputFormat::Html
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
    let head = &head[..head.len().min(8192)];
    let path = (name.as_os_str() != "-").then_some(name.as_path());
    if let Some(kind) = Refused::by_magic(head, path) {
        return Documents::failed(refused(&name, kind));
    }
    if head.contains(&0) {
        return Documents::failed(refused_by_extension(&name).unwrap_or_else(|| {
            input_error(
                &name,
                None,
                "looks binary (contains NUL bytes); skipped".into(),
            )
        }));
    }
    let format = match options.format {
        InputFormat::Auto => sniff_format(head),
        f => f,
    };
    if format == InputFormat::Jsonl {
        return Documents(Inner::Jsonl(JsonlReader {
            name,
            reader,
            options: *options,
            line: 0,
            buf: Vec::new(),
        }));
    }
    let html = format == InputFormat::Html;
    Documents(Inner::One(Some(read_text(&name, reader, options, html))))
}

/// The format an input's first bytes announce: JSON Lines when the first non-blank byte is
/// `{`, HTML when it opens with `<!DOCTYPE html` or `<html` (after a byte-order mark, blanks
/// and comments aside: only the first tag is looked at), else text.
fn sniff_format(head: &[u8]) -> InputFormat {
    let head = head.strip_prefix("\u{feff}".as_bytes()).unwrap_or(head);
    let start = head.iter().position(|b| !b.is_ascii_whitespace());
    let rest = &head[start.unwrap_or(head.len())..];
    let opens = |tag: &[u8]| rest.len() >= tag.len() && rest[..tag.len()].eq_ignore_ascii_case(tag);
    if rest.first() == Some(&b'{') {
        InputFormat::Jsonl
    } else if opens(b"<!doctype html") || opens(b"<html") {
        InputFormat::Html
    } else {
        InputFormat::Text
    }
}

/// The error for an input in a refused format, naming it and the way out.
fn refused(name: &Path, kind: Refused) -> Error {
    let file = match name.as_os_str() == "-" {
        true => "FILE".to_string(),
        false => name.display().to_string(),
    };
    input_error(name, None, kind.message(&file))
}

/// The error for undecodable bytes in a file whose extension names a refused format.
fn refused_by_extension(name: &Path) -> Option<Error> {
    let kind = Refused::by_extension(name).filter(|_| name.as_os_str() != "-")?;
    Some(refused(name, kind))
}

/// "1 MiB", "256 MiB", "1000 bytes": the limit as users set it.
pub(crate) fn size(bytes: usize) -> String {
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
    html: bool,
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
        refused_by_extension(name).unwrap_or_else(|| {
            input_error(
                name,
                Some(line),
                format!("invalid UTF-8 at byte {at}; skipped (--lossy decodes it with U+FFFD)"),
            )
        })
    })?;
    let id = name.to_string_lossy().into_owned();
    if !html {
        return Ok(Document::new(id, text).with_date(options.date));
    }
    // The page's own date is the record's date of a JSON Lines input: it comes before
    // `--document-date`, which is for documents that give none.
    let page = html::read(&text).map_err(|m| input_error(name, None, m))?;
    let mut doc = Document::new(id, page.text).with_date(page.date.or(options.date));
    for (key, value) in [
        ("title", page.title),
        ("url", page.url),
        ("source", page.source),
    ] {
        if let Some(v) = value {
            doc.meta.insert(key.into(), v.into());
        }
    }
    Ok(doc)
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

pub(crate) fn input_error(path: &Path, line: Option<usize>, message: String) -> Error {
    Error::Input {
        path: path.to_path_buf(),
        line,
        message,
    }
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
