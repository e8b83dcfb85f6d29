//! Every format loaded by its real consumer, compared with relgraph's own JSON: networkx 3.3,
//! 3.4 and 3.6 (`node_link_graph`), networkx 3.6 (`read_graphml`, `read_gexf`,
//! `cytoscape_graph`), Cytoscape.js (headless, from npm), Graphviz (`dot`), Python's `csv`
//! module for the Neo4j CSV files, on the seed and on a document full of special characters
//! (quotes, backslashes, `<`, `&`, newlines, right-to-left and CJK text, emoji, markup).
//! Without a tool the check is skipped with a notice, unless `RELGRAPH_REQUIRE_TOOLS` is set
//! (as `.ci/run` does after installing them all).

use std::process::Command;

use serde_json::Value;

use crate::util::{extract_into, need, networkx_python, node_with, output_of, root};

const SEED: (&str, &[&str]) = ("tests/fixtures/seed.txt", &[]);
const SPECIAL: (&str, &[&str]) = (
    "tests/fixtures/special.txt",
    &["--gazetteer", "tests/fixtures/special.tsv"],
);
/// Dated documents (JSON Lines dates, a "Published" line, wire datelines) and one undated:
/// edges with first and last seen dates, and a dynamic GEXF.
const DATED: (&str, &[&str]) = ("tests/fixtures/dated.jsonl", &[]);

/// Runs extract with every format; returns the folder and the parsed JSON.
fn run_all((input, extra): (&str, &[&str])) -> (tempfile::TempDir, Value) {
    let mut args = extra.to_vec();
    args.extend(["-f", "dot,json,cyjs,graphml,gexf,csv,jsonl"]);
    let dir = extract_into(input, &args);
    let json = std::fs::read_to_string(dir.path().join("graph.json")).unwrap();
    (dir, serde_json::from_str(&json).unwrap())
}

fn read_with_networkx(python: &std::path::Path, format: &str, path: &std::path::Path) -> Value {
    let out = output_of(
        Command::new(python)
            .arg(root().join("tests/py/read_graph.py"))
            .arg(format)
            .arg(path),
    );
    serde_json::from_str(&out).unwrap()
}

fn join(v: &Value) -> String {
    v.as_array()
        .unwrap()
        .iter()
        .map(|s| s.as_str().unwrap())
        .collect::<Vec<_>>()
        .join(";")
}

fn edge_id(e: &Value) -> String {
    format!(
        "{}|{}|{}",
        e["source"].as_str().unwrap(),
        e["key"].as_str().unwrap(),
        e["target"].as_str().unwrap()
    )
}

/// Checks what networkx read from `format` against relgraph's JSON: counts, node names,
/// types, mention counts and aliases, edge keys, types, weights, roles and first evidence.
fn compare(format: &str, read: &Value, json: &Value) {
    let nodes = json["nodes"].as_array().unwrap();
    let edges = json["edges"].as_array().unwrap();
    assert_eq!(read["directed"], true, "{format}: not directed");
    if format == "gexf" {
        // networkx's GEXF reader makes a multigraph only when there are parallel edges.
        let mut pairs: Vec<(&Value, &Value)> =
            edges.iter().map(|e| (&e["source"], &e["target"])).collect();
        let n = pairs.len();
        pairs.sort_by_key(|p| (p.0.to_string(), p.1.to_string()));
        pairs.dedup();
        assert_eq!(read["multigraph"], pairs.len() < n, "{format}: multigraph");
    } else {
        assert_eq!(read["multigraph"], true, "{format}: not a multigraph");
    }
    assert_eq!(
        read["nodes"].as_object().unwrap().len(),
        nodes.len(),
        "{format}: node count"
    );
    assert_eq!(
        read["edges"].as_array().unwrap().len(),
        edges.len(),
        "{format}: edge count"
    );
    let flat = matches!(format, "graphml" | "gexf");
    if flat {
        // Symmetric relations, and only they, are undirected (by default or per edge).
        let mut symmetric: Vec<String> = edges
            .iter()
            .filter(|e| e["symmetric"] == true)
            .map(edge_id)
            .collect();
        symmetric.sort();
        let undirected: Vec<String> = read["undirected"]
            .as_array()
            .unwrap_or_else(|| panic!("{format}: no edge directions read"))
            .iter()
            .map(|v| v.as_str().unwrap().to_string())
            .collect();
        assert_eq!(undirected, symmetric, "{format}: undirected edges");
    }
    for n in nodes {
        let id = n["id"].as_str().unwrap();
        let got = &read["nodes"][id];
        assert!(got.is_object(), "{format}: node {id} missing");
        assert_eq!(got["name"], n["name"], "{format}: name of {id}");
        assert_eq!(got["type"], n["type"], "{format}: type of {id}");
        if format != "json" {
            assert_eq!(got["label"], n["name"], "{format}: label of {id}");
        }
        assert_eq!(
            got["mention_count"], n["mention_count"],
            "{format}: mentions of {id}"
        );
        if flat {
            assert_eq!(
                got["aliases"].as_str().unwrap(),
                join(&n["aliases"]),
                "{format}: aliases of {id}"
            );
            assert_eq!(
                got["discovered"],
                n.get("discovered").cloned().unwrap_or(Value::Bool(false))
            );
        } else {
            assert_eq!(got["aliases"], n["aliases"], "{format}: aliases of {id}");
        }
    }
    let read_edges = read["edges"].as_array().unwrap();
    for e in edges {
        let key = if flat {
            edge_id(e)
        } else {
            e["key"].as_str().unwrap().to_string()
        };
        let got = read_edges
            .iter()
            .find(|r| r[0] == e["source"] && r[1] == e["target"] && r[2] == key.as_str())
            .unwrap_or_else(|| panic!("{format}: edge {key} missing"));
        let attrs = &got[3];
        assert_eq!(attrs["type"], e["type"], "{format}: type of {key}");
        assert_eq!(
            attrs["weight"].as_f64(),
            e["weight"].as_f64(),
            "{format}: weight of {key}"
        );
        assert_eq!(attrs.get("role"), e.get("role"), "{format}: role of {key}");
        for field in ["first_seen", "last_seen"] {
            assert_eq!(attrs.get(field), e.get(field), "{format}: {field} of {key}");
        }
        if format == "gexf" {
            // The spell Gephi's timeline plays: from the first date to the last.
            assert_eq!(
                attrs.get("start"),
                e.get("first_seen"),
                "gexf: start of {key}"
            );
            assert_eq!(attrs.get("end"), e.get("last_seen"), "gexf: end of {key}");
        } else if !flat {
            assert_eq!(
                attrs.get("months"),
                e.get("months"),
                "{format}: months of {key}"
            );
        }
        let first = &e["evidence"][0];
        if flat {
            assert_eq!(
                attrs["evidence"], first["sentence"],
                "{format}: evidence of {key}"
            );
            assert_eq!(
                attrs["trigger"], first["trigger"],
                "{format}: trigger of {key}"
            );
            assert_eq!(
                attrs["args"].as_str().unwrap(),
                join(&e["args"]),
                "{format}: args of {key}"
            );
            // The first evidence's document's URL, from the graph's metadata table.
            let url = json["graph"]["document_meta"]
                .as_array()
                .into_iter()
                .flatten()
                .find(|m| m["id"] == first["document"])
                .and_then(|m| m.get("url"));
            assert_eq!(attrs.get("doc_url"), url, "{format}: doc_url of {key}");
        } else {
            assert_eq!(
                attrs["evidence"], e["evidence"],
                "{format}: evidence of {key}"
            );
        }
    }
}

#[test]
fn json_loads_in_networkx_3_3_3_4_and_3_6() {
    for input in [SEED, SPECIAL, DATED] {
        let (dir, json) = run_all(input);
        for version in ["3.3", "3.4", "3.6"] {
            let Some(python) = networkx_python(version) else {
                continue;
            };
            let read = read_with_networkx(&python, "json", &dir.path().join("graph.json"));
            assert!(read["networkx"].as_str().unwrap().starts_with(version));
            compare("json", &read, &json);
        }
    }
}

#[test]
fn graphml_gexf_and_cyjs_load_in_networkx_3_6() {
    let Some(python) = networkx_python("3.6") else {
        return;
    };
    for input in [SEED, SPECIAL, DATED] {
        let (dir, json) = run_all(input);
        for format in ["graphml", "gexf", "cyjs"] {
            let read =
                read_with_networkx(&python, format, &dir.path().join(format!("graph.{format}")));
            compare(format, &read, &json);
        }
    }
}

#[test]
fn cyjs_loads_in_cytoscape_js() {
    let Some(node) = node_with("cytoscape") else {
        return;
    };
    for input in [SEED, SPECIAL, DATED] {
        let (dir, json) = run_all(input);
        let out = output_of(
            Command::new(&node)
                .arg(root().join("tests/js/load_cyjs.mjs"))
                .arg(dir.path().join("graph.cyjs")),
        );
        let cy: Value = serde_json::from_str(&out).unwrap();
        let nodes = json["nodes"].as_array().unwrap();
        let edges = json["edges"].as_array().unwrap();
        assert_eq!(cy["nodes"].as_array().unwrap().len(), nodes.len());
        assert_eq!(cy["edges"].as_array().unwrap().len(), edges.len());
        for (got, n) in cy["nodes"].as_array().unwrap().iter().zip(nodes) {
            assert_eq!(got["id"], n["id"]);
            assert_eq!(got["name"], n["name"]);
            assert_eq!(got["type"], n["type"]);
        }
        for (got, e) in cy["edges"].as_array().unwrap().iter().zip(edges) {
            assert_eq!(got["id"].as_str().unwrap(), edge_id(e), "stable edge id");
            assert_eq!(got["source"], e["source"]);
            assert_eq!(got["target"], e["target"]);
            assert_eq!(got["weight"], e["weight"]);
            assert_eq!(got["trigger"], e["evidence"][0]["trigger"]);
        }
        let persons = nodes.iter().filter(|n| n["type"] == "PERSON").count();
        assert_eq!(cy["persons"], persons, "selector on data(type)");
    }
}

#[test]
fn dot_renders_with_graphviz_and_keeps_special_characters() {
    for input in [SEED, SPECIAL, DATED] {
        let (dir, json) = run_all(input);
        let dot = std::fs::read_to_string(dir.path().join("graph.dot")).unwrap();
        assert!(dot.contains("subgraph \"cluster_legend\""), "legend");
        if !need("dot", "-V", "Graphviz `dot` is not installed") {
            return;
        }
        // -Tplain gives the labels as laid out: every node's name must come back unchanged.
        let svg = output_of(
            Command::new("dot")
                .arg("-Tsvg")
                .arg(dir.path().join("graph.dot")),
        );
        // The text the picture shows, with Graphviz's character references decoded.
        let shown = svg
            .replace("&#45;", "-")
            .replace("&#39;", "'")
            .replace("&quot;", "\"")
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&amp;", "&");
        for n in json["nodes"].as_array().unwrap() {
            let name = n["name"].as_str().unwrap();
            assert!(
                shown.contains(&format!(">{name}</text>")),
                "the picture does not show {name:?}"
            );
        }
        for e in json["edges"].as_array().unwrap() {
            assert!(shown.contains(&format!(">{}", e["type"].as_str().unwrap())));
        }
    }
}

#[test]
fn neo4j_csv_headers_and_values_parse_back_with_python_csv() {
    if !need("python3", "--version", "python3 is not installed") {
        return;
    }
    for input in [SEED, SPECIAL, DATED] {
        let (dir, json) = run_all(input);
        let script = r#"
import csv, json, sys
out = {}
for part in ("nodes", "relationships"):
    with open(sys.argv[1] + "/graph." + part + ".csv", newline="", encoding="utf-8") as f:
        out[part] = list(csv.reader(f, strict=True))
json.dump(out, sys.stdout, ensure_ascii=False)
"#;
        let out = output_of(Command::new("python3").args(["-c", script]).arg(dir.path()));
        let csv: Value = serde_json::from_str(&out).unwrap();
        let nodes = csv["nodes"].as_array().unwrap();
        let rels = csv["relationships"].as_array().unwrap();
        // The header forms of `neo4j-admin database import`.
        let nh: Vec<&str> = nodes[0]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap())
            .collect();
        assert_eq!(nh[0], "id:ID");
        assert_eq!(*nh.last().unwrap(), ":LABEL");
        assert!(nh.contains(&"mention_count:int") && nh.contains(&"aliases:string[]"));
        let rh: Vec<&str> = rels[0]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap())
            .collect();
        assert_eq!(&rh[..3], &[":START_ID", ":END_ID", ":TYPE"]);
        assert!(rh.contains(&"weight:int") && rh.contains(&"symmetric:boolean"));
        for h in nh.iter().chain(&rh) {
            let ty = h.rsplit_once(':').map_or("", |(_, t)| t);
            assert!(
                ["", "ID", "LABEL", "START_ID", "END_ID", "TYPE", "int", "boolean", "string[]"]
                    .contains(&ty),
                "unexpected header {h}"
            );
        }
        let jn = json["nodes"].as_array().unwrap();
        assert_eq!(nodes.len() - 1, jn.len());
        let col = |h: &[&str], name: &str| h.iter().position(|x| *x == name).unwrap();
        for (row, n) in nodes[1..].iter().zip(jn) {
            assert_eq!(row[0], n["id"]);
            assert_eq!(row[col(&nh, "name")], n["name"]);
            assert_eq!(
                row[col(&nh, "aliases:string[]")].as_str().unwrap(),
                join(&n["aliases"])
            );
            assert!(row[col(&nh, ":LABEL")]
                .as_str()
                .unwrap()
                .starts_with("Entity;"));
        }
        let je = json["edges"].as_array().unwrap();
        assert_eq!(rels.len() - 1, je.len());
        for (row, e) in rels[1..].iter().zip(je) {
            assert_eq!(row[0], e["source"]);
            assert_eq!(row[1], e["target"]);
            assert_eq!(
                row[2].as_str().unwrap(),
                e["type"].as_str().unwrap().to_uppercase()
            );
            assert_eq!(
                row[col(&rh, "weight:int")].as_str().unwrap(),
                e["weight"].to_string()
            );
            assert_eq!(row[col(&rh, "evidence")], e["evidence"][0]["sentence"]);
        }
    }
}

#[test]
fn jsonl_records_match_the_graph_and_keep_special_characters() {
    for input in [SEED, SPECIAL] {
        let (dir, json) = run_all(input);
        let text = std::fs::read_to_string(dir.path().join("graph.jsonl")).unwrap();
        let records: Vec<Value> = text
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        assert_eq!(records[0]["type"], "document");
        let last = records.last().unwrap();
        assert_eq!(last["type"], "summary");
        assert_eq!(last["documents"], 1);
        assert_eq!(last["entities"], json["nodes"].as_array().unwrap().len());
        let rels: Vec<&Value> = records.iter().filter(|r| r["type"] == "relation").collect();
        assert_eq!(last["relations"], rels.len());
        assert_eq!(records[0]["relations"], rels.len());
        let mentions = records.iter().filter(|r| r["type"] == "mention").count();
        assert_eq!(last["mentions"], mentions);
        // Every evidence sentence of the graph appears in a relation record, byte for byte.
        for e in json["edges"].as_array().unwrap() {
            for ev in e["evidence"].as_array().unwrap() {
                assert!(rels.iter().any(|r| r["sentence"] == ev["sentence"]));
            }
        }
    }
}

#[test]
fn special_characters_survive_in_every_format() {
    let (dir, json) = run_all(SPECIAL);
    let names: Vec<&str> = json["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["name"].as_str().unwrap())
        .collect();
    for want in [
        "Xland 北京 🙂",
        "יִשְׂרָאֵל Yland",
        r#"Evil "Quote" \N Corp <b>&amp;</b>"#,
        r#"Zed "><img src=x onerror=alert(1)>"#,
    ] {
        assert!(names.contains(&want), "{want:?} not among {names:?}");
    }
    let sentence = json["edges"][0]["evidence"][0]["sentence"]
        .as_str()
        .unwrap();
    assert!(
        sentence.contains("\"peace\" \\ <script>alert(1)</script> & 北京 🙂 שלום\nin the capital."),
        "{sentence:?}"
    );
    // The XML formats escape markup in one place: no raw injected tag survives.
    for f in ["graphml", "gexf"] {
        let xml = std::fs::read_to_string(dir.path().join(format!("graph.{f}"))).unwrap();
        assert!(!xml.contains("<script>") && !xml.contains("<img"), "{f}");
        assert!(xml.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), "{f}");
        assert!(
            xml.contains("&#10;in the capital."),
            "{f}: newline kept as a character reference"
        );
    }
    // DOT: quotes and backslashes escaped, newline as \n.
    let dot = std::fs::read_to_string(dir.path().join("graph.dot")).unwrap();
    assert!(
        dot.contains(r#"label="Evil \"Quote\" \\N Corp <b>&amp;amp;</b>""#),
        "{dot}"
    );
    assert!(dot.contains(r#"שלום\nin the capital."#), "{dot}");
    // The other formats are read back by their consumers in the tests above.
}
