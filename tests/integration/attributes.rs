//! Identifiers and attributes from the gazetteer (Wikidata QID, ISO codes, country, offices as
//! of the document date) on the nodes of every graph format, through the CLI.

use std::collections::BTreeMap;

use serde_json::Value;

use crate::util::{extract_into, need, run};

/// The seed article, dated 2020-12-22 (its own dateline, which is too far down to be read).
const DATED: &[&str] = &[
    "--document-date",
    "2020-12-22",
    "-f",
    "json,cyjs,graphml,gexf,csv,dot",
];

const TURKEY: &str = "country:tr";
const ERDOGAN: &str = "person:recep-tayyip-erdogan";

fn read(dir: &tempfile::TempDir, file: &str) -> String {
    std::fs::read_to_string(dir.path().join(file)).unwrap()
}

fn json_node<'a>(nodes: &'a Value, id: &str) -> &'a Value {
    let found = nodes.as_array().unwrap().iter().find(|n| {
        // Cytoscape.js keeps a node's fields under `data`.
        n.get("data").unwrap_or(n)["id"] == id
    });
    let n = found.unwrap_or_else(|| panic!("no node {id}"));
    n.get("data").unwrap_or(n)
}

/// The node's values by attribute name, from a GraphML or GEXF file: `key` names the
/// declaration element and its attributes, `value` the value element and its attributes.
fn xml_node(xml: &str, id: &str, key: [&str; 3], value: [&str; 3]) -> BTreeMap<String, String> {
    // `tag` is what follows the element name and its space.
    let attr = |tag: &str, name: &str| {
        let tag = format!(" {tag}");
        let at = tag.find(&format!(" {name}=\""))? + name.len() + 3;
        Some(tag[at..at + tag[at..].find('"')?].to_string())
    };
    // GEXF declares node and edge attributes in sections of their own, with the same ids.
    let decls = match xml.find("<attributes class=\"node\"") {
        Some(i) => &xml[i..i + xml[i..].find("</attributes>").unwrap()],
        None => xml,
    };
    let names: BTreeMap<String, String> = decls
        .split(&format!("<{} ", key[0]))
        .skip(1)
        .filter(|t| !t.contains("for=\"edge\"") && !t.contains("for=\"graph\""))
        .filter_map(|t| Some((attr(t, key[1])?, attr(t, key[2])?)))
        .collect();
    let start = xml.find(&format!("<node id=\"{id}\"")).unwrap();
    let node = &xml[start..start + xml[start..].find("</node>").unwrap()];
    node.split(&format!("<{} ", value[0]))
        .skip(1)
        .filter_map(|t| {
            let v = match value[2] {
                "" => t[t.find('>')? + 1..t.find('<')?].to_string(),
                name => attr(t, name)?,
            };
            Some((names.get(&attr(t, value[1])?)?.clone(), v))
        })
        .collect()
}

fn csv_node(csv: &str, id: &str) -> BTreeMap<String, String> {
    let mut r = csv::Reader::from_reader(csv.as_bytes());
    let head: Vec<String> = r.headers().unwrap().iter().map(Into::into).collect();
    let row = r
        .records()
        .map(Result::unwrap)
        .find(|row| &row[0] == id)
        .unwrap();
    // `offices:string[]` → `offices`.
    let name = |h: &str| h.split(':').next().unwrap().to_string();
    head.iter()
        .zip(row.iter())
        .filter(|(_, v)| !v.is_empty())
        .map(|(h, v)| (name(h), v.to_string()))
        .collect()
}

/// The attributes of node `id` in a DOT file as written by relgraph: its line
/// `  "id" [name="value", name=value, …];`, with `\"` and `\\` unescaped in quoted values.
fn dot_node(dot: &str, id: &str) -> BTreeMap<String, String> {
    let head = format!("  \"{id}\" [");
    let line = dot.lines().find(|l| l.starts_with(&head));
    let rest = line.unwrap_or_else(|| panic!("no DOT node {id}"));
    let mut chars = rest[head.len()..].chars().peekable();
    let mut attrs = BTreeMap::new();
    loop {
        let name: String = chars.by_ref().take_while(|&c| c != '=').collect();
        let name = name.trim_start_matches([',', ' ']).to_string();
        if name.is_empty() || name.starts_with(']') {
            return attrs;
        }
        let mut value = String::new();
        if chars.peek() == Some(&'"') {
            chars.next();
            while let Some(c) = chars.next() {
                match c {
                    '\\' => value.extend(chars.next()),
                    '"' => break,
                    c => value.push(c),
                }
            }
        } else {
            while let Some(&c) = chars.peek() {
                if c == ',' || c == ']' {
                    break;
                }
                value.push(c);
                chars.next();
            }
        }
        attrs.insert(name, value);
    }
}

/// Turkey's QID and ISO codes, and Erdoğan's country and office as of the document date.
fn check(format: &str, get: impl Fn(&str, &str) -> Option<String>) {
    let want = [
        (TURKEY, "wikidata", "Q43"),
        (TURKEY, "iso", "TR"),
        (TURKEY, "iso3", "TUR"),
        (ERDOGAN, "wikidata", "Q39259"),
        (ERDOGAN, "country", "country:tr"),
        (ERDOGAN, "offices", "President of country:tr"),
        (ERDOGAN, "offices_as_of", "2020-12-22"),
    ];
    for (id, attr, value) in want {
        assert_eq!(
            get(id, attr).as_deref(),
            Some(value),
            "{format}: {id} {attr}"
        );
    }
    for (id, attr) in [(TURKEY, "country"), (TURKEY, "offices"), (ERDOGAN, "iso")] {
        assert_eq!(get(id, attr), None, "{format}: {id} {attr} is absent");
    }
}

fn json_value(v: &Value) -> Option<String> {
    match v {
        Value::Null => None,
        Value::String(s) => Some(s.clone()),
        Value::Array(a) => Some(
            a.iter()
                .map(|x| x.as_str().unwrap())
                .collect::<Vec<_>>()
                .join(";"),
        ),
        other => Some(other.to_string()),
    }
}

#[test]
fn every_format_carries_identifiers_and_offices_as_of_the_document_date() {
    let dir = extract_into("tests/fixtures/seed.txt", DATED);
    let json: Value = serde_json::from_str(&read(&dir, "graph.json")).unwrap();
    check("json", |id, a| {
        json_value(&json_node(&json["nodes"], id)[a])
    });
    let cyjs: Value = serde_json::from_str(&read(&dir, "graph.cyjs")).unwrap();
    let cy_nodes = &cyjs["elements"]["nodes"];
    check("cyjs", |id, a| json_value(&json_node(cy_nodes, id)[a]));
    let graphml = read(&dir, "graph.graphml");
    let (key, data) = (["key", "id", "attr.name"], ["data", "key", ""]);
    check("graphml", |id, a| {
        xml_node(&graphml, id, key, data).remove(a)
    });
    let gexf = read(&dir, "graph.gexf");
    let (key, value) = (["attribute", "id", "title"], ["attvalue", "for", "value"]);
    check("gexf", |id, a| xml_node(&gexf, id, key, value).remove(a));
    let csv = read(&dir, "graph.nodes.csv");
    check("csv", |id, a| csv_node(&csv, id).remove(a));
    let dot = read(&dir, "graph.dot");
    check("dot", |id, a| dot_node(&dot, id).remove(a));
    // The attributes are ones Graphviz reads without a word and keeps (`-Tcanon`), so that
    // pydot and networkx's `read_dot` see them.
    if need("dot", "-V", "Graphviz `dot` is not installed") {
        let path = dir.path().join("graph.dot");
        for format in ["-Tsvg", "-Tcanon"] {
            let out = std::process::Command::new("dot")
                .arg(format)
                .arg(&path)
                .output()
                .unwrap();
            let stderr = String::from_utf8_lossy(&out.stderr);
            assert!(
                out.status.success() && stderr.is_empty(),
                "dot {format}: {stderr}"
            );
            if format == "-Tcanon" {
                let canon = String::from_utf8_lossy(&out.stdout);
                assert!(canon.contains("\"President of country:tr\""), "{canon}");
                assert!(canon.contains("wikidata=Q39259"), "{canon}");
            }
        }
    }

    // On that date Biden held no office the gazetteer lists; Trump was President.
    let offices = |id: &str| json_value(&json_node(&json["nodes"], id)["offices"]);
    assert_eq!(offices("person:joe-biden"), None);
    assert!(offices("person:donald-trump")
        .unwrap()
        .contains("President of country:us"));
    // A discovered entity has no gazetteer attributes.
    let discovered = json_node(&json["nodes"], "person:discovered:barak-ravid");
    let discovered_dot = dot_node(&dot, "person:discovered:barak-ravid");
    for a in [
        "wikidata",
        "iso",
        "iso3",
        "country",
        "offices",
        "offices_as_of",
    ] {
        assert!(discovered.get(a).is_none(), "{a}: {discovered}");
        assert!(
            !discovered_dot.contains_key(a),
            "dot {a}: {discovered_dot:?}"
        );
    }
}

#[test]
fn undated_offices_are_the_open_terms_and_merge_keeps_every_attribute() {
    let dir = extract_into("tests/fixtures/seed.txt", &["-f", "json"]);
    let json: Value = serde_json::from_str(&read(&dir, "graph.json")).unwrap();
    let erdogan = json_node(&json["nodes"], ERDOGAN);
    assert_eq!(erdogan["offices"][0], "President of country:tr");
    assert!(erdogan.get("offices_as_of").is_none(), "{erdogan}");
    // Read back and written again: the same nodes, attributes and all.
    let input = dir.path().join("graph.json");
    let (input, out) = (input.to_str().unwrap(), dir.path().to_str().unwrap());
    let merge = run(&[
        "merge", input, "-f", "json", "--name", "merged", "-q", "-o", out,
    ]);
    let stderr = String::from_utf8_lossy(&merge.stderr);
    assert!(merge.status.success(), "{stderr}");
    let merged: Value = serde_json::from_str(&read(&dir, "merged.json")).unwrap();
    assert_eq!(merged["nodes"], json["nodes"]);
}

/// Each node's offices and their date.
fn offices(json: &Value) -> Vec<(Value, Value, Value)> {
    let nodes = json["nodes"].as_array().unwrap().iter();
    nodes
        .map(|n| {
            (
                n["id"].clone(),
                n["offices"].clone(),
                n["offices_as_of"].clone(),
            )
        })
        .collect()
}

#[test]
fn a_merge_window_dates_offices_as_extract_does() {
    let dated = "tests/fixtures/dated.jsonl";
    let dir = extract_into(dated, &["-f", "json"]);
    let input = dir.path().join("graph.json");
    let (input, out) = (input.to_str().unwrap(), dir.path().to_str().unwrap());
    let until = ["--until", "2020-12-01"];
    let args = ["merge", input, "-f", "json", "--name", "w", "-q", "-o", out];
    let merge = run(&[&args[..], &until[..]].concat());
    assert!(
        merge.status.success(),
        "{}",
        String::from_utf8_lossy(&merge.stderr)
    );
    let merged: Value = serde_json::from_str(&read(&dir, "w.json")).unwrap();
    let whole: Value = serde_json::from_str(&read(&dir, "graph.json")).unwrap();
    let one = extract_into(dated, &[&["-f", "json"][..], &until[..]].concat());
    let window: Value = serde_json::from_str(&read(&one, "graph.json")).unwrap();
    assert_eq!(offices(&merged), offices(&window));
    // The window changed the date the offices are as of.
    assert_ne!(offices(&whole), offices(&window));
}

/// A stream's attributes come from the gazetteer files it was made with, while they hash the
/// same; once a file changed, `merge` says it cannot look them up.
#[test]
fn a_stream_gets_attributes_from_its_own_gazetteer_files() {
    let dir = tempfile::tempdir().unwrap();
    let path = |name: &str| dir.path().join(name).to_str().unwrap().to_string();
    let (g, text, out) = (path("g.tsv"), path("in.txt"), path(""));
    let gazetteer = |qid: &str| {
        let tsv =
            format!("id\ttype\tname\taliases\twikidata\ncountry:x\tCOUNTRY\tXland\t\t{qid}\n");
        std::fs::write(&g, tsv).unwrap();
    };
    gazetteer("Q1");
    std::fs::write(&text, "Xland held talks with Turkey.").unwrap();
    let made = run(&["extract", &text, "-g", &g, "-f", "jsonl", "-q", "-o", &out]);
    assert!(
        made.status.success(),
        "{}",
        String::from_utf8_lossy(&made.stderr)
    );
    let merge = |name: &str| {
        let o = run(&[
            "merge",
            &path("in.jsonl"),
            "-f",
            "json",
            "--name",
            name,
            "-o",
            &out,
        ]);
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        let json: Value = serde_json::from_str(&read(&dir, &format!("{name}.json"))).unwrap();
        let qid = json_node(&json["nodes"], "country:x")["wikidata"].clone();
        (qid, String::from_utf8_lossy(&o.stderr).into_owned())
    };
    let (qid, stderr) = merge("same");
    assert_eq!(
        (qid.as_str(), stderr.contains("cannot be loaded again")),
        (Some("Q1"), false)
    );
    gazetteer("Q2");
    let (qid, stderr) = merge("changed");
    assert_eq!(
        (qid, stderr.contains("cannot be loaded again")),
        (Value::Null, true),
        "{stderr}"
    );
}
