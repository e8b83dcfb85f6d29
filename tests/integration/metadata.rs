//! JSON Lines metadata (`title`, `url`, `source`) in every format: stored once per document in
//! the graph (`graph.document_meta`) and cited from evidence by document id.

use std::fs;

use serde_json::Value;

use crate::util::{extract_into, relgraph};

const DATED: &str = "tests/fixtures/dated.jsonl";

#[test]
fn metadata_reaches_every_format_once_per_document() {
    let dir = extract_into(
        DATED,
        &["-f", "json,cyjs,graphml,gexf,csv,html,jsonl,events"],
    );
    let read = |ext: &str| fs::read_to_string(dir.path().join(format!("graph.{ext}"))).unwrap();
    let json: Value = serde_json::from_str(&read("json")).unwrap();
    let meta = json["graph"]["document_meta"].as_array().unwrap();
    // Every document the evidence cites that has metadata, by id, once; the undated one has
    // none, and a document with a `source` only lists just that.
    let ids: Vec<&str> = meta.iter().map(|m| m["id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["web-3", "web-4", "wire-1", "wire-2"]);
    assert_eq!(
        meta[2],
        serde_json::json!({"id": "wire-1", "title": "Turkey and Israel hold talks",
                           "url": "https://news.example/wire-1", "source": "Example Wire"})
    );
    assert_eq!(
        meta[1],
        serde_json::json!({"id": "web-4", "source": "Example Web"})
    );
    // Evidence cites the document by id only: no copy of the strings per piece of evidence.
    let json_text = read("json");
    assert_eq!(json_text.matches("https://news.example/wire-1").count(), 1);
    let cyjs: Value = serde_json::from_str(&read("cyjs")).unwrap();
    assert_eq!(
        cyjs["data"]["document_meta"],
        json["graph"]["document_meta"]
    );
    // Flat formats: the first evidence's document, and every URL of the kept evidence.
    let graphml = read("graphml");
    assert!(graphml.contains(r#"attr.name="doc_url" attr.type="string""#));
    assert!(graphml.contains(">https://news.example/wire-1</data>"));
    let gexf = read("gexf");
    assert!(
        gexf.contains(r#"value="Turkey and Israel hold talks"/>"#),
        "{gexf}"
    );
    let csv = read("relationships.csv");
    assert!(csv
        .lines()
        .next()
        .unwrap()
        .ends_with(",doc_title,doc_url,doc_source,urls:string[]"));
    assert!(csv.contains(
        ",https://web.example/3;https://news.example/wire-1;https://news.example/wire-2\r\n"
    ));
    let html = read("html");
    assert!(html.contains(
        r#"<cite class="doc-title">Turkey and Israel hold talks</cite> · <span class="doc-source">Example Wire</span> · <a class="doc-url" href="https://news.example/wire-1" rel="noopener noreferrer">"#
    ));
    // The streamed formats carry each record's metadata as before.
    assert!(read("jsonl").contains("https://news.example/wire-2"));
    assert!(read("events.jsonl").contains("https://news.example/wire-2"));
}

#[test]
fn metadata_survives_merge_and_a_hostile_url_is_not_a_link() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in.jsonl");
    fs::write(
        &input,
        "{\"id\":\"a\",\"url\":\"javascript:alert(1)\",\"title\":\"<b>x</b>\",\"text\":\"Turkey and Israel held talks.\"}\n",
    )
    .unwrap();
    let o = relgraph()
        .arg("extract")
        .arg(&input)
        .arg("-o")
        .arg(dir.path())
        .args(["-f", "json,html", "-q"])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let html = fs::read_to_string(dir.path().join("in.html")).unwrap();
    assert!(!html.contains("href=\"javascript:"));
    assert!(html.contains(r#"<span class="doc-url">javascript:alert(1)</span>"#));
    assert!(html.contains("&lt;b&gt;x&lt;/b&gt;"));
    let o = relgraph()
        .arg("merge")
        .arg(dir.path().join("in.json"))
        .arg("-o")
        .arg(dir.path().join("m"))
        .args(["-f", "json", "-q"])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let read = |p: &str| -> Value {
        serde_json::from_str(&fs::read_to_string(dir.path().join(p)).unwrap()).unwrap()
    };
    assert_eq!(
        read("m/merged.json")["graph"]["document_meta"],
        read("in.json")["graph"]["document_meta"]
    );
}
