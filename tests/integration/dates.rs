//! Time-aware graphs through the CLI: document dates from JSON Lines, `--document-date` and
//! the text's own publication line or dateline; first and last seen dates and counts per
//! month on edges; `--since` and `--until`; merging dated graphs.

use std::fs;

use serde_json::Value;

use crate::util::{extract_json, relgraph, root};

const DATED: &str = "tests/fixtures/dated.jsonl";

fn edge<'a>(json: &'a Value, source: &str, kind: &str, target: &str) -> &'a Value {
    json["edges"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["source"] == source && e["type"] == kind && e["target"] == target)
        .unwrap_or_else(|| panic!("no edge {source} {kind} {target}"))
}

/// (document, date) of an edge's evidence.
fn evidence_dates(e: &Value) -> Vec<(String, Option<String>)> {
    e["evidence"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| {
            (
                v["document"].as_str().unwrap().to_string(),
                v.get("date").map(|d| d.as_str().unwrap().to_string()),
            )
        })
        .collect()
}

#[test]
fn a_dated_corpus_gives_edges_first_and_last_seen_and_months() {
    let (_dir, json) = extract_json(DATED, &[]);
    let talks = edge(&json, "country:il", "talks_with", "country:tr");
    assert_eq!(talks["weight"], 5);
    assert_eq!(talks["first_seen"], "2020-11-03");
    assert_eq!(talks["last_seen"], "2021-01-05");
    assert_eq!(
        talks["months"],
        serde_json::json!({"2020-11": 1, "2020-12": 2, "2021-01": 1})
    );
    let s = |x: &str| Some(x.to_string());
    assert_eq!(
        evidence_dates(talks),
        [
            ("undated-5".into(), None),
            // "Published Jan 5, 2021" in its first lines.
            ("web-3".into(), s("2021-01-05")),
            // `"date": "2020"` and the dateline "WASHINGTON, Dec. 1".
            ("web-4".into(), s("2020-12-01")),
            ("wire-1".into(), s("2020-11-03")),
            // A timestamp: its day.
            ("wire-2".into(), s("2020-12-22")),
        ]
    );
    let docs = json["graph"]["documents"].as_array().unwrap();
    let dates: Vec<Option<&str>> = docs.iter().map(|d| d["date"].as_str()).collect();
    assert_eq!(
        dates,
        [
            None,
            Some("2021-01-05"),
            Some("2020-12-01"),
            Some("2020-11-03"),
            Some("2020-12-22")
        ]
    );
}

#[test]
fn flat_formats_carry_first_and_last_seen_and_gexf_has_spells() {
    let dir = crate::util::extract_into(DATED, &["-f", "graphml,gexf,csv,html"]);
    let read = |ext: &str| fs::read_to_string(dir.path().join(format!("graph.{ext}"))).unwrap();
    let gexf = read("gexf");
    assert!(gexf.contains(r#"<graph mode="dynamic" timeformat="date" defaultedgetype="directed">"#));
    assert!(
        gexf.contains(r#"weight="5" start="2020-11-03" end="2021-01-05">"#),
        "{gexf}"
    );
    let graphml = read("graphml");
    assert!(graphml.contains(r#"attr.name="first_seen" attr.type="string""#));
    assert!(graphml.contains(">2021-01-05</data>"));
    let csv = read("relationships.csv");
    let header = csv.lines().next().unwrap();
    assert!(header.contains(",first_seen,last_seen,"), "{header}");
    assert!(csv.contains(",2020-11-03,2021-01-05,"), "{csv}");
    let html = read("html");
    assert!(html.contains("first seen <time>2020-11-03</time> · last seen <time>2021-01-05</time>"));
    assert!(html.contains("2020-12: 2"));
    assert!(html.contains("dated <time>2020-12-22</time>"));
}

#[test]
fn an_undated_graph_stays_static() {
    let (dir, json) = extract_json("tests/fixtures/seed.txt", &["-f", "json,gexf"]);
    assert!(json["edges"]
        .as_array()
        .unwrap()
        .iter()
        .all(|e| e.get("first_seen").is_none() && e.get("months").is_none()));
    let gexf = fs::read_to_string(dir.path().join("graph.gexf")).unwrap();
    assert!(gexf.contains(r#"<graph mode="static""#));
    assert!(!gexf.contains(" start="));
}

#[test]
fn since_and_until_keep_the_documents_of_a_window() {
    let ids = |json: &Value| -> Vec<String> {
        json["graph"]["documents"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d["id"].as_str().unwrap().to_string())
            .collect()
    };
    let (_d, json) = extract_json(DATED, &["--since", "2020-12"]);
    assert_eq!(ids(&json), ["web-3", "web-4", "wire-2"]);
    let talks = edge(&json, "country:il", "talks_with", "country:tr");
    assert_eq!(
        (talks["weight"].as_u64(), &talks["first_seen"]),
        (Some(3), &"2020-12-01".into())
    );
    assert_eq!(json["graph"]["filter"], "--since 2020-12");
    let (_d, json) = extract_json(DATED, &["--until", "2020-12-01"]);
    assert_eq!(ids(&json), ["web-4", "wire-1"]);
    let (_d, json) = extract_json(DATED, &["--since", "2020-12-02", "--until", "2020-12-31"]);
    assert_eq!(ids(&json), ["wire-2"]);
    assert_eq!(json["graph"]["totals"]["documents"], 1);
    // A window with nothing in it: an empty graph, not an error.
    let (_d, json) = extract_json(DATED, &["--since", "2030"]);
    assert!(ids(&json).is_empty() && json["edges"].as_array().unwrap().is_empty());
    // A window that ends before it starts is refused.
    let o = relgraph()
        .args(["extract", DATED, "--since", "2021", "--until", "2020", "-o"])
        .arg(tempfile::tempdir().unwrap().path())
        .output()
        .unwrap();
    assert_eq!(
        o.status.code(),
        Some(3),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert!(String::from_utf8_lossy(&o.stderr).contains("--since 2021 is after --until 2020"));
    // Streamed formats leave the same documents out.
    let dir = crate::util::extract_into(DATED, &["--since", "2021", "-f", "jsonl,events"]);
    let jsonl = fs::read_to_string(dir.path().join("graph.jsonl")).unwrap();
    assert!(jsonl.contains("\"web-3\"") && !jsonl.contains("\"wire-1\""));
    let events = fs::read_to_string(dir.path().join("graph.events.jsonl")).unwrap();
    assert!(events.contains("web-3") && !events.contains("wire-2"));
}

#[test]
fn a_text_file_dates_itself_by_its_published_line() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("story.txt");
    fs::write(
        &input,
        "Turkey and Israel resume talks\nBy Jane Roe\nPublished Dec 22, 2020\n\nTurkey and Israel held talks in Ankara.\n",
    )
    .unwrap();
    let out = dir.path().join("out");
    let o = relgraph()
        .arg("extract")
        .arg(&input)
        .arg("-o")
        .arg(&out)
        .args(["-f", "json", "--quiet"])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let json: Value =
        serde_json::from_str(&fs::read_to_string(out.join("story.json")).unwrap()).unwrap();
    let talks = edge(&json, "country:il", "talks_with", "country:tr");
    assert_eq!(talks["first_seen"], "2020-12-22");
    assert_eq!(talks["evidence"][0]["date"], "2020-12-22");
    // `--document-date` is for documents that give none: a full one wins over the text.
    let o = relgraph()
        .arg("extract")
        .arg(&input)
        .arg("-o")
        .arg(&out)
        .args(["-f", "json", "--quiet", "--document-date", "2021-03-04"])
        .output()
        .unwrap();
    assert!(o.status.success());
    let json: Value =
        serde_json::from_str(&fs::read_to_string(out.join("story.json")).unwrap()).unwrap();
    assert_eq!(
        edge(&json, "country:il", "talks_with", "country:tr")["first_seen"],
        "2021-03-04"
    );
}

#[test]
fn a_bad_jsonl_date_is_a_warning_naming_the_document_and_no_date() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in.jsonl");
    fs::write(
        &input,
        "{\"id\":\"bad\",\"date\":\"22/12/20\",\"text\":\"Turkey and Israel held talks.\"}\n\
         {\"id\":\"good\",\"date\":\"2020-12-22\",\"text\":\"Turkey and Israel held talks.\"}\n",
    )
    .unwrap();
    let o = relgraph()
        .arg("extract")
        .arg(&input)
        .arg("-o")
        .arg(dir.path())
        .args(["-f", "json"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(0), "{stderr}");
    assert!(
        stderr.contains("in.jsonl:1: document \"bad\": "),
        "{stderr}"
    );
    assert!(stderr.contains("read without a date"), "{stderr}");
    let json: Value =
        serde_json::from_str(&fs::read_to_string(dir.path().join("in.json")).unwrap()).unwrap();
    let talks = edge(&json, "country:il", "talks_with", "country:tr");
    assert_eq!(talks["weight"], 2);
    assert_eq!(talks["months"], serde_json::json!({"2020-12": 1}));
}

/// `relgraph merge` of two dated graphs gives the bytes of one extraction of both.
#[test]
fn merging_dated_graphs_equals_extracting_both() {
    let dir = tempfile::tempdir().unwrap();
    let lines: Vec<String> = fs::read_to_string(root().join(DATED))
        .unwrap()
        .lines()
        .map(String::from)
        .collect();
    let parts = [(&lines[..2], "a"), (&lines[2..], "b")];
    for (part, name) in parts {
        fs::write(
            dir.path().join(format!("{name}.jsonl")),
            part.join("\n") + "\n",
        )
        .unwrap();
    }
    fs::write(dir.path().join("all.jsonl"), lines.join("\n") + "\n").unwrap();
    for name in ["a", "b", "all"] {
        let o = relgraph()
            .arg("extract")
            .arg(dir.path().join(format!("{name}.jsonl")))
            .arg("-o")
            .arg(dir.path())
            .args(["-f", "json", "--quiet"])
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    }
    let o = relgraph()
        .arg("merge")
        .arg(dir.path().join("b.json"))
        .arg(dir.path().join("a.json"))
        .arg("-o")
        .arg(dir.path().join("merged"))
        .args(["--name", "all", "-f", "json", "--quiet"])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let read = |p: &str| -> Value {
        serde_json::from_str(&fs::read_to_string(dir.path().join(p)).unwrap()).unwrap()
    };
    let (merged, whole) = (read("merged/all.json"), read("all.json"));
    assert_eq!(merged["edges"], whole["edges"]);
    assert_eq!(merged["graph"]["documents"], whole["graph"]["documents"]);
    assert_eq!(
        edge(&merged, "country:il", "talks_with", "country:tr")["months"],
        serde_json::json!({"2020-11": 1, "2020-12": 2, "2021-01": 1})
    );
}

/// The HTML report charts each relation's evidence per month (inline SVG, one axis for the
/// whole report): one bar per month with evidence, counting what the JSON's `months` count;
/// a relation with no evidence dated by month has no chart, and an undated report none.
#[test]
fn the_report_charts_each_dated_relation_per_month() {
    let dir = crate::util::extract_into(DATED, &["-f", "json,html"]);
    let json: Value =
        serde_json::from_str(&fs::read_to_string(dir.path().join("graph.json")).unwrap()).unwrap();
    let html = fs::read_to_string(dir.path().join("graph.html")).unwrap();
    // The relations section, cut per relation (`rel-N` in the JSON's edge order).
    let section = &html[html.find(r#"<section id="relations">"#).unwrap()..];
    let section = &section[..section.find("</section>").unwrap()];
    let articles: Vec<&str> = section.split(r#"<article id="rel-"#).skip(1).collect();
    let edges = json["edges"].as_array().unwrap();
    assert_eq!(articles.len(), edges.len());
    let mut charted = 0;
    for (e, a) in edges.iter().zip(&articles) {
        let months: Vec<u64> = e
            .get("months")
            .and_then(Value::as_object)
            .map(|m| m.values().map(|n| n.as_u64().unwrap()).collect())
            .unwrap_or_default();
        let counts: Vec<u64> = a
            .split(r#"<rect class="bar" data-count=""#)
            .skip(1)
            .map(|r| r[..r.find('"').unwrap()].parse().unwrap())
            .collect();
        assert_eq!(counts, months, "{}", e["key"]);
        assert_eq!(a.contains(r#"<svg class="timeline""#), !months.is_empty());
        charted += usize::from(!months.is_empty());
    }
    assert!(charted >= 2, "{charted}");
    // Il–Tr talks: 2020-11 to 2021-01 on an axis of three months, its busiest month full
    // height, each bar named by its month.
    let talks = html
        .split(r#"<article id="rel-"#)
        .find(|a| a.contains(r#"data-relation="talks_with""#) && a.contains("2020-12: 2"))
        .unwrap();
    assert!(talks.contains(r#"aria-label="evidence per month, 2020-11 to 2021-01, at most 2""#));
    assert!(talks.contains(
        r#"data-count="2" x="24" y="0" width="20" height="24"><title>2020-12: 2</title>"#
    ));
    assert!(talks.contains(
        r#"data-count="1" x="0" y="12" width="20" height="12"><title>2020-11: 1</title>"#
    ));
    assert!(talks.contains("2020-11 – 2021-01 · at most 2 a month"));
    // Undated: no chart anywhere, and the report still reads.
    let undated = crate::util::extract_into("tests/fixtures/seed.txt", &["-f", "html"]);
    let html = fs::read_to_string(undated.path().join("graph.html")).unwrap();
    assert!(!html.contains(r#"class="timeline""#) && html.contains(r#"<article id="rel-0""#));
}

/// `merge --since/--until` keeps the documents of a window as `extract --since/--until`
/// does, from graphs and streams alike: the same bytes.
#[test]
fn merge_keeps_the_documents_of_a_window() {
    let dir = tempfile::tempdir().unwrap();
    let run = |args: &[&str]| {
        let o = relgraph()
            .current_dir(root())
            .args(args)
            .args(["-q", "-o"])
            .arg(dir.path())
            .output()
            .unwrap();
        (
            o.status.code(),
            String::from_utf8_lossy(&o.stderr).into_owned(),
        )
    };
    let read = |name: &str| fs::read(dir.path().join(name)).unwrap();
    assert_eq!(
        run(&["extract", DATED, "-f", "json,jsonl", "--name", "all"]).0,
        Some(0)
    );
    for window in [
        &["--since", "2020-12"][..],
        &["--until", "2020-12-01"],
        &["--since", "2020-12-02", "--until", "2020-12-31"],
        &["--since", "2030"],
    ] {
        let mut args = vec!["extract", DATED, "-f", "json", "--name", "want"];
        args.extend(window);
        assert_eq!(run(&args).0, Some(0));
        let want = read("want.json");
        for input in ["all.json", "all.jsonl"] {
            let input = dir.path().join(input);
            let input = input.to_str().unwrap();
            let mut args = vec!["merge", input, "-f", "json", "--name", "got"];
            args.extend(window);
            let (code, stderr) = run(&args);
            assert_eq!(code, Some(0), "{stderr}");
            assert_eq!(
                String::from_utf8_lossy(&read("got.json")),
                String::from_utf8_lossy(&want),
                "{input} {window:?}"
            );
        }
    }
    let all = dir.path().join("all.json");
    let all = all.to_str().unwrap();
    let (code, stderr) = run(&["merge", all, "--since", "2021", "--until", "2020"]);
    assert_eq!(code, Some(3));
    assert!(
        stderr.contains("--since 2021 is after --until 2020"),
        "{stderr}"
    );
    // A graph without a ledger has no document dates to filter by: refused, by name.
    assert_eq!(
        run(&[
            "extract",
            DATED,
            "-f",
            "json",
            "--name",
            "bare",
            "--no-ledger"
        ])
        .0,
        Some(0)
    );
    let bare = dir.path().join("bare.json");
    let (code, stderr) = run(&["merge", bare.to_str().unwrap(), "--since", "2020-12"]);
    assert_eq!(code, Some(3));
    assert!(
        stderr.contains("bare.json: the graph keeps no document ledger"),
        "{stderr}"
    );
}
