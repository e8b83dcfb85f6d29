//! Formats users have: HTML pages read as their visible text with their metadata, PDF, Word,
//! images and archives refused by name, and folder scans that say what they left out.

use std::fs;
use std::path::Path;
use std::process::Output;

use serde_json::Value;

use crate::util::{relgraph, run_extract};

const ARTICLE: &str = r#"<!DOCTYPE html>
<html lang="en"><head>
<meta charset="utf-8">
<title>Egypt brokers a truce | Example Wire</title>
<meta property="article:published_time" content="2020-12-22T10:00:00Z">
<meta property="og:site_name" content="Example Wire">
<link rel="canonical" href="https://wire.example/truce">
<style>.nav { color: red } /* Russia invaded Georgia. */</style>
<script>var teaser = "Russia invaded Georgia.";</script>
</head><body>
<header><nav><a href="/">Home</a> | Turkey backed Armenia.</nav></header>
<article>
<h1>Egypt brokers a truce</h1>
<p>Egypt brokered a truce between Israel and Hamas&nbsp;on Tuesday.</p><p>Qatar funds Hamas.</p>
<aside>Read more: Iran supports Hezbollah.</aside>
</article>
<footer>&copy; Example Wire. Russia invaded Georgia.</footer>
</body></html>
"#;

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn read_json(path: &Path) -> Value {
    serde_json::from_str(&fs::read_to_string(path).unwrap()).unwrap()
}

fn edge_types(json: &Value) -> Vec<String> {
    json["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["type"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn an_html_article_is_read_as_its_visible_text_with_its_title_and_date() {
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("truce.HTML");
    fs::write(&page, ARTICLE).unwrap();
    let o = run_extract(&[&page], dir.path(), &[]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let json = read_json(&dir.path().join("truce.json"));
    let types = edge_types(&json);
    for t in ["mediates_between", "supports"] {
        assert!(types.contains(&t.to_string()), "{t} in {types:?}");
    }
    let text = json.to_string();
    for hidden in ["Georgia", "Armenia", "Hezbollah", "teaser"] {
        assert!(
            !text.contains(hidden),
            "{hidden}: scripts, styles, navigation, asides and footers are not text"
        );
    }
    let doc = &json["graph"]["documents"][0];
    assert_eq!(doc["date"], "2020-12-22", "{doc}");
    let meta = &json["graph"]["document_meta"][0];
    assert_eq!(meta["title"], "Egypt brokers a truce | Example Wire");
    assert_eq!(meta["url"], "https://wire.example/truce");
    assert_eq!(meta["source"], "Example Wire");
    // Evidence quotes the extracted text: no markup, entities decoded, and its offsets are
    // character offsets into that text.
    let evidence = json["edges"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["type"] == "mediates_between")
        .unwrap()["evidence"][0]
        .clone();
    assert_eq!(
        evidence["sentence"],
        "Egypt brokered a truce between Israel and Hamas on Tuesday."
    );
    let extracted =
        "Egypt brokers a truce\n\nEgypt brokered a truce between Israel and Hamas on Tuesday.";
    let start = evidence["sentence_span"]["start"].as_u64().unwrap() as usize;
    assert_eq!(start, extracted.find("Egypt brokered").unwrap());
}

#[test]
fn the_pages_own_date_comes_before_document_date_like_a_records() {
    let dir = tempfile::tempdir().unwrap();
    let dated = dir.path().join("dated.htm");
    fs::write(&dated, ARTICLE).unwrap();
    let undated = dir.path().join("undated.htm");
    fs::write(
        &undated,
        "<html><body><p>Qatar funds Hamas.</p></body></html>",
    )
    .unwrap();
    let o = run_extract(
        &[&dated, &undated],
        dir.path(),
        &["--document-date", "2019-05-01", "--name", "g"],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let json = read_json(&dir.path().join("g.json"));
    let dates: Vec<(String, String)> = json["graph"]["documents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            let id = d["id"].as_str().unwrap();
            let name = Path::new(id).file_name().unwrap().to_string_lossy();
            (name.into_owned(), d["date"].as_str().unwrap().to_string())
        })
        .collect();
    assert_eq!(
        dates,
        [
            ("dated.htm".to_string(), "2020-12-22".to_string()),
            ("undated.htm".to_string(), "2019-05-01".to_string())
        ]
    );
}

#[test]
fn html_on_stdin_is_recognised_by_its_doctype() {
    let dir = tempfile::tempdir().unwrap();
    let o = relgraph()
        .args(["extract", "-", "-o"])
        .arg(dir.path())
        .write_stdin(ARTICLE)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let json = read_json(&dir.path().join("stdin.json"));
    assert_eq!(json["graph"]["document_meta"][0]["source"], "Example Wire");
    assert!(!json.to_string().contains("Georgia"));
}

/// A few bytes with the right magic numbers stand for each format: the files are refused by
/// what they start with, not by their names.
fn fake_pdf() -> Vec<u8> {
    b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj << /Type /Catalog >> endobj\n".to_vec()
}

fn fake_docx() -> Vec<u8> {
    let mut b = b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00".to_vec();
    b.extend_from_slice(b"\x13\x00\x00\x00[Content_Types].xml\x8d\x92\xcbN\xc30");
    b.extend_from_slice(b"PK\x03\x04\x14\x00\x06\x00word/document.xml\xa4\x94");
    b
}

#[test]
fn pdf_and_word_files_are_refused_by_name_with_the_way_to_convert_them() {
    let dir = tempfile::tempdir().unwrap();
    let pdf = dir.path().join("article.pdf");
    fs::write(&pdf, fake_pdf()).unwrap();
    let docx = dir.path().join("report.docx");
    fs::write(&docx, fake_docx()).unwrap();
    // A PDF renamed to .txt is still known by its first bytes.
    let renamed = dir.path().join("renamed.txt");
    fs::write(&renamed, fake_pdf()).unwrap();
    let gz = dir.path().join("notes.txt.gz");
    fs::write(&gz, b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03").unwrap();
    let good = dir.path().join("good.txt");
    fs::write(&good, "Qatar funds Hamas.").unwrap();

    let o = run_extract(&[&pdf, &docx, &renamed, &gz, &good], dir.path(), &[]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "the rest is written: {err}");
    assert!(
        err.contains(&format!(
            "{}: PDF is not supported; convert it to text first, e.g. `pdftotext {}`",
            pdf.display(),
            pdf.display()
        )),
        "{err}"
    );
    assert!(
        err.contains(&format!(
            "{}: Word (DOCX) is not supported; convert it to text first, e.g. `pandoc -t plain",
            docx.display()
        )),
        "{err}"
    );
    assert!(
        err.contains(&format!("{}: PDF is not supported", renamed.display())),
        "{err}"
    );
    assert!(
        err.contains("gzip-compressed; decompress it first"),
        "{err}"
    );
    assert!(
        !err.contains("invalid UTF-8") && !err.contains("--lossy"),
        "{err}"
    );
    assert!(err.contains("4 skipped inputs"), "{err}");

    // Alone, nothing could be read: the fatal exit, nothing written.
    let out = dir.path().join("alone");
    let o = run_extract(&[&pdf], &out, &[]);
    assert_eq!(o.status.code(), Some(3), "{}", stderr(&o));
    assert!(stderr(&o).contains("PDF is not supported"));
    assert!(!out.exists());
}

#[test]
fn a_folder_scan_reads_any_case_and_says_what_it_skipped_in_one_line() {
    let dir = tempfile::tempdir().unwrap();
    let news = dir.path().join("news");
    fs::create_dir_all(news.join("deep")).unwrap();
    fs::write(news.join("a.TXT"), "Russia invaded Ukraine.").unwrap();
    fs::write(news.join("b.Md"), "Qatar funds Hamas.").unwrap();
    fs::write(news.join("deep/c.HTML"), ARTICLE).unwrap();
    fs::write(
        news.join("d.JSONL"),
        "{\"id\":\"n1\",\"text\":\"Finland joined NATO.\"}\n",
    )
    .unwrap();
    fs::write(news.join("e.pdf"), fake_pdf()).unwrap();
    fs::write(news.join("deep/f.PDF"), fake_pdf()).unwrap();
    fs::write(news.join("g.png"), b"\x89PNG\r\n\x1a\n").unwrap();
    fs::write(news.join("h.csv"), "a,b\n").unwrap();
    fs::write(news.join(".hidden.pdf"), fake_pdf()).unwrap();

    let o = run_extract(&[&news], dir.path(), &[]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(0), "{err}");
    let warnings: Vec<&str> = err.lines().filter(|l| l.contains("warning")).collect();
    assert_eq!(warnings.len(), 1, "{err}");
    assert!(
        warnings[0].ends_with(&format!(
            "{}: skipped 4 files: 2 *.pdf (PDF is not supported; convert it to text first, \
             e.g. `pdftotext FILE`), 1 *.csv (not a text file), 1 *.png (not text)",
            news.display()
        )),
        "{err}"
    );
    let json = read_json(&dir.path().join("news.json"));
    assert_eq!(json["graph"]["documents"].as_array().unwrap().len(), 4);
    let types = edge_types(&json);
    for t in [
        "in_conflict_with",
        "supports",
        "mediates_between",
        "member_of",
    ] {
        assert!(types.contains(&t.to_string()), "{t} in {types:?}");
    }
}

#[test]
fn an_empty_folder_or_one_with_nothing_readable_is_a_warning_and_exit_1() {
    let dir = tempfile::tempdir().unwrap();
    let empty = dir.path().join("empty");
    fs::create_dir(&empty).unwrap();
    let o = run_extract(&[&empty], &dir.path().join("out"), &[]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(
        stderr(&o).contains(&format!("{}: no file to read", empty.display())),
        "{}",
        stderr(&o)
    );

    let pdfs = dir.path().join("pdfs");
    fs::create_dir(&pdfs).unwrap();
    fs::write(pdfs.join("a.pdf"), fake_pdf()).unwrap();
    let good = dir.path().join("good.txt");
    fs::write(&good, "Qatar funds Hamas.").unwrap();
    let o = run_extract(&[&pdfs, &good], &dir.path().join("out"), &[]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(
        stderr(&o).contains(&format!(
            "{}: no readable file (skipped 1 file: 1 *.pdf",
            pdfs.display()
        )),
        "{}",
        stderr(&o)
    );
    let json = read_json(&dir.path().join("out/graph.json"));
    assert!(edge_types(&json).contains(&"supports".to_string()));
}
