//! The bad-input matrix of the README's "Behaviour on bad input" table, through the CLI: each
//! case checks the exit code, the message (file and line or record) and what was still
//! processed.

use std::fs;
use std::path::Path;

use serde_json::Value;

use crate::util::relgraph;

struct Run {
    code: Option<i32>,
    stderr: String,
    json: Option<Value>,
}

fn extract(dir: &Path, inputs: &[&Path], extra: &[&str]) -> Run {
    let out = dir.join("out");
    let o = relgraph()
        .arg("extract")
        .args(inputs)
        .arg("-o")
        .arg(&out)
        .args(["--name", "g"])
        .args(extra)
        .output()
        .unwrap();
    let json = fs::read_to_string(out.join("g.json"))
        .ok()
        .map(|j| serde_json::from_str(&j).unwrap());
    Run {
        code: o.status.code(),
        stderr: String::from_utf8_lossy(&o.stderr).into_owned(),
        json,
    }
}

fn doc_ids(json: &Value) -> Vec<String> {
    json["graph"]["documents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["id"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn jsonl_record_errors_name_the_line_and_the_rest_is_processed() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("c.jsonl");
    let long_id = "x".repeat(2000);
    let lines = [
        r#"{"id":"ok1","text":"Finland joined NATO."}"#.to_string(),
        "{not json".to_string(),
        r#"{"id":"no-text"}"#.to_string(),
        r#"{"id":"bad-text","text":42}"#.to_string(),
        r#"{"id":["bad"],"text":"x"}"#.to_string(),
        r#"{"id":"bad-date","text":"x","date":"yesterday"}"#.to_string(),
        format!(r#"{{"id":"{long_id}","text":"x"}}"#),
        r#"["an","array"]"#.to_string(),
        r#"{"id":"ok1","text":"Sweden joined NATO."}"#.to_string(),
        r#"{"id":7,"text":"Turkey backed Azerbaijan.","source":"wire"}"#.to_string(),
    ];
    fs::write(&f, lines.join("\n")).unwrap();
    let r = extract(dir.path(), &[&f], &[]);
    assert_eq!(r.code, Some(1), "{}", r.stderr);
    for (line, needle) in [
        (2, "not a JSON object"),
        (3, "missing `text`"),
        (4, "`text` must be a string"),
        (5, "`id` must be a string or a number"),
        // A bad date costs the record its date only (a warning naming it).
        (6, "document \"bad-date\": invalid date"),
        (7, "longer than 1024 bytes"),
        (8, "not a JSON object"),
    ] {
        assert!(
            r.stderr.contains(&format!("c.jsonl:{line}: ")) && r.stderr.contains(needle),
            "line {line}: {}",
            r.stderr
        );
    }
    // A document is its id: a second record with the same id and another text replaces the
    // first, with a warning naming it.
    let json = r.json.unwrap();
    let ids = doc_ids(&json);
    assert_eq!(ids.iter().filter(|i| *i == "ok1").count(), 1, "{ids:?}");
    assert!(
        r.stderr.contains("another content") && r.stderr.contains("\"ok1\""),
        "{}",
        r.stderr
    );
    let names: Vec<&str> = json["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["name"].as_str().unwrap())
        .collect();
    assert!(
        names.contains(&"Sweden") && !names.contains(&"Finland"),
        "{names:?}"
    );
    assert!(ids.contains(&"7".to_string()));
    assert!(ids.contains(&"bad-date".to_string()));
    assert!(r.stderr.contains("read without a date"), "{}", r.stderr);
    assert_eq!(json["graph"]["totals"]["documents"], 3);
}

#[test]
fn invalid_utf8_is_skipped_or_decoded_with_lossy() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("bad.txt");
    fs::write(&f, b"Caf\xe9 news.\nTurkey backed Azerbaijan.").unwrap();
    let r = extract(dir.path(), &[&f], &[]);
    assert_eq!(r.code, Some(3), "the only input was skipped: {}", r.stderr);
    assert!(
        r.stderr.contains("bad.txt:1: invalid UTF-8 at byte 3"),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("--lossy"));

    let r = extract(dir.path(), &[&f], &["--lossy"]);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    let json = r.json.unwrap();
    let text = "Caf\u{fffd} news.\nTurkey backed Azerbaijan.";
    let chars: Vec<char> = text.chars().collect();
    for n in json["nodes"].as_array().unwrap() {
        for m in n["mentions"].as_array().unwrap() {
            let (a, b) = (
                m["start"].as_u64().unwrap() as usize,
                m["end"].as_u64().unwrap() as usize,
            );
            assert_eq!(
                chars[a..b].iter().collect::<String>(),
                m["text"].as_str().unwrap()
            );
            let (a, b) = (
                m["byte_start"].as_u64().unwrap() as usize,
                m["byte_end"].as_u64().unwrap() as usize,
            );
            assert_eq!(
                &text[a..b],
                m["text"].as_str().unwrap(),
                "offsets refer to the decoded text"
            );
        }
    }

    // In JSON Lines, one bad line is one skipped record, or decoded with --lossy.
    let j = dir.path().join("bad.jsonl");
    fs::write(&j, b"{\"id\":\"a\",\"text\":\"Caf\xe9 Turkey backed Azerbaijan.\"}\n{\"id\":\"b\",\"text\":\"Finland joined NATO.\"}\n").unwrap();
    let r = extract(dir.path(), &[&j], &[]);
    assert_eq!(r.code, Some(1));
    assert!(
        r.stderr.contains("bad.jsonl:1: invalid UTF-8"),
        "{}",
        r.stderr
    );
    assert_eq!(doc_ids(&r.json.unwrap()), ["b"]);
    let r = extract(dir.path(), &[&j], &["--lossy"]);
    assert_eq!(r.code, Some(0));
    assert_eq!(doc_ids(&r.json.unwrap()), ["a", "b"]);
}

#[test]
fn oversized_documents_and_records_are_skipped_with_the_limit_named() {
    let dir = tempfile::tempdir().unwrap();
    let big = dir.path().join("big.txt");
    fs::write(&big, "Turkey backed Azerbaijan. ".repeat(50_000)).unwrap(); // 1.3 MB
    let small = dir.path().join("small.txt");
    fs::write(&small, "Finland joined NATO.").unwrap();
    let r = extract(dir.path(), &[&big, &small], &["--max-document-size", "1"]);
    assert_eq!(r.code, Some(1));
    assert!(
        r.stderr
            .contains("big.txt: larger than the 1 MiB document limit"),
        "{}",
        r.stderr
    );
    assert_eq!(doc_ids(&r.json.unwrap()).len(), 1);

    let j = dir.path().join("big.jsonl");
    let long = format!(
        "{{\"id\":\"long\",\"text\":\"{}\"}}",
        "Turkey backed Azerbaijan. ".repeat(50_000)
    );
    fs::write(
        &j,
        format!("{long}\n{{\"id\":\"short\",\"text\":\"Finland joined NATO.\"}}\n"),
    )
    .unwrap();
    let r = extract(dir.path(), &[&j], &["--max-document-size", "1"]);
    assert_eq!(r.code, Some(1));
    assert!(
        r.stderr
            .contains("big.jsonl:1: line longer than the 1 MiB record limit"),
        "{}",
        r.stderr
    );
    assert_eq!(doc_ids(&r.json.unwrap()), ["short"]);
}

#[test]
fn a_100_mb_single_line_is_processed() {
    // One line, no newline: 100 MiB of wire-copy sentences with a relation every ~100 KB.
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("line.txt");
    let filler =
        "Markets were quiet and the weather was mild across the region today, officials said. ";
    let block = format!("{} Turkey and Israel signed a deal. ", filler.repeat(1200));
    let n = (100 << 20) / block.len() + 1;
    fs::write(&f, block.repeat(n)).unwrap();
    let r = extract(
        dir.path(),
        &[&f],
        &["--max-evidence", "3", "--max-mentions", "3"],
    );
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    let json = r.json.unwrap();
    let deal = json["edges"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["type"] == "agreement_with")
        .unwrap();
    assert_eq!(deal["weight"], n as u64);
    assert_eq!(deal["evidence"].as_array().unwrap().len(), 3);
}

#[test]
fn a_million_tiny_documents() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("many.jsonl");
    let mut s = String::with_capacity(60 << 20);
    // Mostly one-word documents, one in a thousand with a relation.
    for i in 0..1_000_000 {
        let text = if i % 1000 == 0 {
            "Turkey backed Azerbaijan."
        } else {
            "Hello."
        };
        s.push_str(&format!("{{\"id\":\"d{i:07}\",\"text\":\"{text}\"}}\n"));
    }
    fs::write(&f, s).unwrap();
    let r = extract(dir.path(), &[&f], &[]);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    let json = r.json.unwrap();
    assert_eq!(json["graph"]["totals"]["documents"], 1_000_000);
    let e = &json["edges"][0];
    assert_eq!(
        (e["type"].as_str(), e["weight"].as_u64()),
        (Some("supports"), Some(1_000))
    );
    assert_eq!(
        e["evidence"].as_array().unwrap().len(),
        20,
        "capped by --max-evidence"
    );
}

#[test]
fn nul_bytes_whitespace_and_empty_inputs() {
    let dir = tempfile::tempdir().unwrap();
    let bin = dir.path().join("bin.txt");
    fs::write(&bin, b"Turkey\x00backed\x00Azerbaijan").unwrap();
    let empty = dir.path().join("empty.txt");
    fs::write(&empty, "").unwrap();
    let blank = dir.path().join("blank.txt");
    fs::write(&blank, "\n \t \n").unwrap();
    let r = extract(dir.path(), &[&bin, &empty, &blank], &[]);
    assert_eq!(r.code, Some(1));
    assert!(r.stderr.contains("bin.txt: looks binary"), "{}", r.stderr);
    let json = r.json.unwrap();
    assert_eq!(doc_ids(&json).len(), 2);
    assert!(json["nodes"].as_array().unwrap().is_empty());
}
