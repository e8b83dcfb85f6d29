//! The HTML report in headless Chromium (Debian's `/usr/bin/chromium`, driven by playwright-core
//! from `tests/js`): entities and relations shown match the JSON output, evidence is
//! highlighted and linked to the document text, the type filters work, and injected markup
//! never runs. Screenshots go to the temporary folder; with `RELGRAPH_UPDATE_SCREENSHOT=1` the
//! seed report's replaces the committed `output/seed-report.png` (a test run must not change
//! tracked files).

use std::process::Command;

use crate::util::{extract_into, node_with, output_of, root, skip};

fn chromium() -> Option<String> {
    let path = std::env::var("RELGRAPH_CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into());
    if std::path::Path::new(&path).exists() {
        Some(path)
    } else {
        skip(&format!(
            "Chromium not found at {path} (apt-get install chromium)"
        ))
    }
}

fn open_report(input: &str, extra: &[&str], screenshot: &std::path::Path, mode: &str) {
    let (Some(node), Some(chromium)) = (node_with("playwright-core"), chromium()) else {
        return;
    };
    let mut args = extra.to_vec();
    args.extend(["-f", "json,html"]);
    let dir = extract_into(input, &args);
    let html = std::fs::read_to_string(dir.path().join("graph.html")).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>"));
    let out = output_of(
        Command::new(node)
            .env("RELGRAPH_CHROMIUM", chromium)
            .arg(root().join("tests/js/report.mjs"))
            .arg(dir.path().join("graph.html"))
            .arg(dir.path().join("graph.json"))
            .arg(screenshot)
            .arg(mode),
    );
    eprintln!("{out}");
    assert!(screenshot.exists());
}

#[test]
fn seed_report_in_chromium_matches_the_json() {
    let shots = tempfile::tempdir().unwrap();
    let update = std::env::var_os("RELGRAPH_UPDATE_SCREENSHOT").is_some_and(|v| v == "1");
    let shot = match update {
        true => root().join("output/seed-report.png"),
        false => shots.path().join("seed-report.png"),
    };
    open_report("tests/fixtures/seed.txt", &[], &shot, "seed");
}

/// A dated corpus: every relation's timeline chart is drawn and counts what the JSON does.
#[test]
fn dated_report_in_chromium_charts_its_timelines() {
    let shots = tempfile::tempdir().unwrap();
    open_report(
        "tests/fixtures/dated.jsonl",
        &[],
        &shots.path().join("dated-report.png"),
        "dated",
    );
}

#[test]
fn injected_markup_in_the_report_does_not_run() {
    let shots = tempfile::tempdir().unwrap();
    open_report(
        "tests/fixtures/special.txt",
        &["--gazetteer", "tests/fixtures/special.tsv"],
        &shots.path().join("special-report.png"),
        "hostile",
    );
}

#[test]
fn report_escapes_input_text() {
    // Independent of a browser: the raw payloads never appear unescaped in the file.
    let dir = extract_into(
        "tests/fixtures/special.txt",
        &["--gazetteer", "tests/fixtures/special.tsv", "-f", "html"],
    );
    let html = std::fs::read_to_string(dir.path().join("graph.html")).unwrap();
    assert!(!html.contains("<script>alert"));
    assert!(!html.contains("<img src=x"));
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(html.contains("Zed &quot;&gt;&lt;img src=x onerror=alert(1)&gt;"));
    assert_eq!(
        html.matches("<script>").count(),
        1,
        "only relgraph's own script"
    );
    assert!(html.contains("Content-Security-Policy"));
}
