//! Graph merge: associative, commutative, and equal to one run over the whole corpus, proven
//! with property tests on shards of real news text; and `relgraph merge` through the CLI.

use std::fs;
use std::sync::OnceLock;

use proptest::prelude::*;
use relgraph::export::{self, Format, Provenance};
use relgraph::graph::Limits;
use relgraph::{import, DocResult, Document, Graph};

use crate::util::{fixture, pipeline, relgraph};

/// Sentences of real-ish news text: the seed article's sentences and every rule example,
/// with entities, relations, unresolved names and noise.
fn sentences() -> Vec<String> {
    let seed = fs::read_to_string(fixture("seed.txt")).unwrap();
    let mut out: Vec<String> = seed
        .split(". ")
        .map(|s| s.trim().to_string())
        .filter(|s| s.len() > 20)
        .collect();
    for rule in pipeline().rules().rules() {
        out.extend(rule.examples.iter().map(|e| e.text.clone()));
    }
    out
}

/// The date of the pool's document `i`: most full dates over two years, some by month or year
/// alone, some none, so the edges' timelines go through every merge and round trip too.
fn date_of(i: usize) -> Option<relgraph::Date> {
    let text = match i % 6 {
        0 => return None,
        1 => format!("{}", 2020 + i % 2),
        2 => format!("{}-{:02}", 2020 + i % 2, 1 + i % 12),
        _ => format!(
            "{}-{:02}-{:02}",
            2020 + i % 2,
            1 + (i * 5) % 12,
            1 + (i * 3) % 28
        ),
    };
    Some(relgraph::Date::parse(&text).unwrap())
}

/// A fixed pool of documents, processed once; the property tests pick from it.
fn pool() -> &'static [DocResult<'static>] {
    static POOL: OnceLock<Vec<DocResult<'static>>> = OnceLock::new();
    POOL.get_or_init(|| {
        let s = sentences();
        (0..40)
            .map(|i| {
                // Four to eight sentences per document, chosen by a fixed stride.
                let n = 4 + i % 5;
                let text: Vec<&str> = (0..n)
                    .map(|k| s[(i * 7 + k * 13) % s.len()].as_str())
                    .collect();
                let mut doc = Document::new(format!("doc-{:02}", (i * 17) % 40), text.join(" "))
                    .with_date(date_of(i));
                // Metadata on most documents (title, URL, source: stored once per document and
                // merged like the rest); a field that is not a string is not kept.
                if i % 4 != 0 {
                    doc.meta
                        .insert("url".into(), format!("https://news.example/{i}").into());
                    doc.meta
                        .insert("source".into(), ["Wire", "Web"][i % 2].into());
                }
                if i % 3 == 0 {
                    doc.meta.insert("title".into(), format!("Story {i}").into());
                    doc.meta.insert("lang".into(), 3.into());
                }
                pipeline().process(&doc)
            })
            .collect()
    })
}

fn json(graph: &Graph) -> String {
    let mut out = Vec::new();
    export::write(graph, &Provenance::of(pipeline()), Format::Json, &mut out).unwrap();
    String::from_utf8(out).unwrap()
}

fn dot(graph: &Graph) -> String {
    let mut out = Vec::new();
    export::write(graph, &Provenance::of(pipeline()), Format::Dot, &mut out).unwrap();
    String::from_utf8(out).unwrap()
}

/// The documents as a JSON Lines stream, as `extract --format jsonl` writes it.
fn stream(docs: &[usize]) -> Vec<u8> {
    let filter = relgraph::filter::GraphFilter::default();
    let mut w = export::JsonlWriter::new(Vec::new(), &filter);
    for &d in docs {
        w.write_document(&pool()[d]).unwrap();
    }
    let summary = export::Summary {
        provenance: Provenance::of(pipeline()),
        ..Default::default()
    };
    w.finish(&summary).unwrap()
}

/// Through the file format, as `relgraph merge` sees it.
fn roundtrip(graph: &Graph) -> Graph {
    import::from_slice("part.json".as_ref(), json(graph).as_bytes())
        .unwrap()
        .graph
}

fn limits() -> impl Strategy<Value = Limits> {
    (0usize..4, 0usize..4, 0usize..6, 0usize..6).prop_map(|(e, m, d, u)| Limits {
        max_evidence: e,
        max_mentions: m,
        max_documents: d,
        max_unresolved: u,
    })
}

fn graph_of(docs: &[usize], limits: Limits) -> Graph {
    let mut g = Graph::with_limits(limits);
    for &d in docs {
        g.add(&pool()[d]);
    }
    g
}

/// [`graph_of`] with the nodes' gazetteer attributes (offices as of each node's latest
/// document date), as `relgraph extract` writes it.
fn annotated_of(docs: &[usize], limits: Limits) -> Graph {
    let mut g = graph_of(docs, limits);
    g.annotate(pipeline().gazetteer());
    g
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    /// Any split of a corpus (documents repeated or not), extracted shard by shard, written,
    /// read back and merged in any order and grouping, gives the bytes of one run.
    #[test]
    fn merging_shards_equals_one_run(
        docs in prop::collection::vec(0usize..40, 0..30),
        shards in 1usize..6,
        assign in prop::collection::vec(0usize..6, 30),
        picks in prop::collection::vec(0usize..100, 10),
        limits in limits(),
    ) {
        let whole = annotated_of(&docs, limits);
        let mut parts: Vec<Vec<usize>> = vec![vec![]; shards];
        for (i, &d) in docs.iter().enumerate() {
            parts[assign[i] % shards].push(d);
        }
        let mut graphs: Vec<Graph> =
            parts.iter().map(|p| roundtrip(&annotated_of(p, limits))).collect();
        // Merge two graphs picked at random until one is left: a random merge tree.
        let mut k = 0;
        while graphs.len() > 1 {
            let a = graphs.remove(picks[k % picks.len()] % graphs.len());
            k += 1;
            let b = graphs.remove(picks[k % picks.len()] % graphs.len());
            k += 1;
            let mut m = a;
            m.merge(&b);
            graphs.push(if k % 4 == 0 { roundtrip(&m) } else { m });
        }
        let merged = graphs.pop().unwrap();
        prop_assert_eq!(json(&merged), json(&whole));
        prop_assert_eq!(dot(&merged), dot(&whole));
    }

    /// A JSON Lines stream read back gives the graph of its documents, and merges with graphs
    /// like any other part.
    #[test]
    fn streams_read_back_into_the_graph_of_their_documents(
        a in prop::collection::vec(0usize..40, 0..12),
        b in prop::collection::vec(0usize..40, 0..12),
        limits in limits(),
    ) {
        let read = |docs: &[usize]| {
            import::read_jsonl("s.jsonl".as_ref(), &stream(docs)[..], limits).unwrap()
        };
        let sa = read(&a);
        prop_assert_eq!(&sa.provenance, &Provenance::of(pipeline()));
        prop_assert_eq!(json(&sa.graph), json(&graph_of(&a, limits)));
        let mut m = roundtrip(&graph_of(&b, limits));
        m.merge(&sa.graph);
        let all: Vec<usize> = a.iter().chain(&b).copied().collect();
        prop_assert_eq!(json(&m), json(&graph_of(&all, limits)));
    }

    /// (a ∪ b) ∪ c = a ∪ (b ∪ c) and a ∪ b = b ∪ a, also when the parts were made with
    /// different limits (the result has the tighter ones).
    #[test]
    fn merge_is_associative_and_commutative(
        a in prop::collection::vec(0usize..40, 0..10),
        b in prop::collection::vec(0usize..40, 0..10),
        c in prop::collection::vec(0usize..40, 0..10),
        la in limits(),
        lb in limits(),
        lc in limits(),
    ) {
        let (ga, gb, gc) = (annotated_of(&a, la), annotated_of(&b, lb), annotated_of(&c, lc));
        let mut ab = ga.clone();
        ab.merge(&gb);
        let mut ba = gb.clone();
        ba.merge(&ga);
        prop_assert_eq!(json(&ab), json(&ba));
        let mut ab_c = ab.clone();
        ab_c.merge(&gc);
        let mut bc = gb.clone();
        bc.merge(&gc);
        let mut a_bc = ga.clone();
        a_bc.merge(&bc);
        prop_assert_eq!(json(&ab_c), json(&a_bc));
        // And equal to one run with the tightest limits.
        let all: Vec<usize> = a.iter().chain(&b).chain(&c).copied().collect();
        prop_assert_eq!(json(&ab_c), json(&annotated_of(&all, la.min(lb).min(lc))));
    }
}

#[test]
fn caps_keep_the_earliest_and_count_everything() {
    let text = "Turkey and Israel held talks. Israel and Turkey held talks again.";
    let mut g = Graph::with_limits(Limits {
        max_evidence: 2,
        max_mentions: 3,
        ..Limits::default()
    });
    for i in (0..10).rev() {
        g.add(&pipeline().process(&Document::new(format!("d{i}"), text)));
    }
    let e = g.edges().next().unwrap();
    assert_eq!(e.evidence_total, 20);
    let kept: Vec<(&str, usize)> = e
        .evidence
        .iter()
        .map(|ev| (&*ev.document, ev.sentence_span().start))
        .collect();
    assert_eq!(kept, [("d0", 0), ("d0", 30)]);
    let israel = g.node_by_id("country:il").unwrap();
    assert_eq!(israel.mention_count, 20);
    assert_eq!(israel.mentions.len(), 3);
    assert_eq!(g.totals().documents, 10);
    let v: serde_json::Value = serde_json::from_str(&json(&g)).unwrap();
    assert_eq!(v["edges"][0]["weight"], 20);
    assert_eq!(v["edges"][0]["evidence"].as_array().unwrap().len(), 2);
}

/// An edge's first and last dates and its months count every piece of evidence, not only
/// the ones kept; undated documents count in none, documents dated by year in no month.
#[test]
fn timelines_count_all_evidence_and_survive_the_json_round_trip() {
    let text = "Turkey and Israel held talks.";
    let mut g = Graph::with_limits(Limits {
        max_evidence: 1,
        ..Limits::default()
    });
    for (id, date) in [
        ("a", Some("2020-12-22")),
        ("b", Some("2020-11-03")),
        ("c", Some("2021-01-05")),
        ("d", Some("2020-12-01")),
        ("e", Some("2020")),
        ("f", None),
    ] {
        let date = date.map(|d| relgraph::Date::parse(d).unwrap());
        g.add(&pipeline().process(&Document::new(id, text).with_date(date)));
    }
    let v: serde_json::Value = serde_json::from_str(&json(&g)).unwrap();
    let e = &v["edges"][0];
    assert_eq!(e["weight"], 6);
    assert_eq!(e["evidence"].as_array().unwrap().len(), 1);
    assert_eq!(e["evidence"][0]["date"], "2020-12-22");
    assert_eq!(e["first_seen"], "2020");
    assert_eq!(e["last_seen"], "2021-01-05");
    assert_eq!(
        e["months"],
        serde_json::json!({"2020-11": 1, "2020-12": 2, "2021-01": 1})
    );
    assert_eq!(json(&roundtrip(&g)), json(&g));
    // An edge with no dated evidence has none of the fields.
    let mut undated = Graph::new();
    undated.add(&pipeline().process(&Document::new("u", text)));
    let v: serde_json::Value = serde_json::from_str(&json(&undated)).unwrap();
    let e = v["edges"][0].as_object().unwrap();
    assert!(["first_seen", "last_seen", "months"]
        .iter()
        .all(|k| !e.contains_key(*k)));
    assert!(!v["edges"][0]["evidence"][0]
        .as_object()
        .unwrap()
        .contains_key("date"));
}

/// A written timeline that contradicts itself is refused, not imported.
#[test]
fn import_refuses_a_broken_timeline() {
    let mut g = Graph::new();
    let doc = Document::new("a", "Turkey and Israel held talks.")
        .with_date(relgraph::Date::parse("2020-12-22").ok());
    g.add(&pipeline().process(&doc));
    let good = json(&g);
    for (from, to) in [
        (
            r#""last_seen": "2020-12-22""#,
            r#""last_seen": "2019-01-01""#,
        ),
        (r#""last_seen": "2020-12-22","#, ""),
        (r#""2020-12": 1"#, r#""2020-12-05": 1"#),
        (
            r#""first_seen": "2020-12-22""#,
            r#""first_seen": "2020-02-30""#,
        ),
    ] {
        assert!(good.contains(from), "{from}");
        let bad = good.replacen(from, to, 1);
        assert!(
            import::from_slice("x.json".as_ref(), bad.as_bytes()).is_err(),
            "{to}"
        );
    }
}

fn write_jsonl(path: &std::path::Path, docs: &[(String, String)]) {
    let lines: Vec<String> = docs
        .iter()
        .map(|(id, text)| {
            let mut record = serde_json::json!({"id": id, "text": text, "source": "test"});
            let n: usize = id.trim_start_matches("news-").parse().unwrap();
            if let Some(d) = date_of(n) {
                record["date"] = d.to_string().into();
            }
            record.to_string()
        })
        .collect();
    fs::write(path, lines.join("\n") + "\n").unwrap();
}

fn corpus() -> Vec<(String, String)> {
    let s = sentences();
    (0..60)
        .map(|i| {
            let text: Vec<&str> = (0..5)
                .map(|k| s[(i * 11 + k * 7) % s.len()].as_str())
                .collect();
            (format!("news-{i:03}"), text.join(" "))
        })
        .collect()
}

#[test]
fn cli_shards_merged_in_any_order_equal_one_run() {
    let dir = tempfile::tempdir().unwrap();
    let docs = corpus();
    let all = dir.path().join("all.jsonl");
    write_jsonl(&all, &docs);
    // Uneven shards, one of them empty.
    let cuts = [0, 7, 7, 31, 60];
    let mut shards = Vec::new();
    for (i, w) in cuts.windows(2).enumerate() {
        let p = dir.path().join(format!("shard{i}.jsonl"));
        write_jsonl(&p, &docs[w[0]..w[1]]);
        shards.push(p);
    }
    let extract_capped = |input: &std::path::Path, out: &str, threads: &str, cap: &str| {
        let o = relgraph()
            .arg("extract")
            .arg(input)
            .args(["--input-format", "jsonl", "-o"])
            .arg(dir.path().join(out))
            .args([
                "--name",
                "g",
                "-f",
                "dot,json,jsonl",
                "--threads",
                threads,
                "--max-evidence",
                cap,
                "-q",
            ])
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        dir.path().join(out)
    };
    let extract = |input: &std::path::Path, out: &str, threads: &str| {
        extract_capped(input, out, threads, "3")
    };
    let whole = extract(&all, "whole", "2");
    let parts: Vec<_> = shards
        .iter()
        .enumerate()
        .map(|(i, s)| extract(s, &format!("part{i}"), if i % 2 == 0 { "1" } else { "2" }))
        .collect();
    for order in [[0, 1, 2, 3], [3, 1, 0, 2]] {
        let out = dir.path().join(format!("merged{}", order[0]));
        let o = relgraph()
            .arg("merge")
            .args(order.map(|i| parts[i].join("g.json")))
            .arg("-o")
            .arg(&out)
            .args(["--name", "g", "-q"])
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        for ext in ["json", "dot"] {
            let a = fs::read(whole.join(format!("g.{ext}"))).unwrap();
            let b = fs::read(out.join(format!("g.{ext}"))).unwrap();
            assert!(
                a == b,
                "merged g.{ext} differs from one run (order {order:?})"
            );
        }
    }
    // Merging to stdout gives the same bytes too.
    let o = relgraph()
        .arg("merge")
        .args(parts.iter().map(|p| p.join("g.json")))
        .args(["-o", "-", "-f", "json"])
        .output()
        .unwrap();
    assert!(o.status.success());
    assert_eq!(o.stdout, fs::read(whole.join("g.json")).unwrap());
    // JSON Lines streams, alone or mixed with graphs, one of them on stdin. A stream keeps
    // every evidence item, so the merge is told the caps the whole run used.
    let want = fs::read(whole.join("g.json")).unwrap();
    for streams in [[true, true, true, true], [true, false, false, true]] {
        let o = relgraph()
            .arg("merge")
            .args(
                parts
                    .iter()
                    .zip(streams)
                    .skip(1)
                    .map(|(p, s)| p.join(if s { "g.jsonl" } else { "g.json" })),
            )
            .arg("-")
            .write_stdin(fs::read(parts[0].join("g.jsonl")).unwrap())
            .args(["-o", "-", "-f", "json", "--max-evidence", "3"])
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        assert!(
            o.stdout == want,
            "merged streams {streams:?} differ from one run"
        );
    }
    // Told to keep less, the merge keeps what one run with that cap keeps; told to keep more
    // than its inputs did, it says so and keeps what they kept.
    let tighter = extract_capped(&all, "whole2", "2", "2");
    assert_ne!(
        fs::read(tighter.join("g.json")).unwrap(),
        fs::read(whole.join("g.json")).unwrap(),
        "the corpus must have edges with more than two pieces of evidence"
    );
    for (cap, like, warns) in [("2", &tighter, false), ("50", &whole, true)] {
        let o = relgraph()
            .arg("merge")
            .args(parts.iter().map(|p| p.join("g.json")))
            .args(["-o", "-", "-f", "json", "--max-evidence", cap])
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        assert!(
            o.stdout == fs::read(like.join("g.json")).unwrap(),
            "merged with --max-evidence {cap} differs from the run it should equal"
        );
        let stderr = String::from_utf8_lossy(&o.stderr);
        assert_eq!(stderr.contains("cannot keep more"), warns, "{stderr}");
    }
}

/// Writes `text` to `dir/name`, merges it, and checks that the merge is refused (exit code 3)
/// with nothing written; returns the message.
fn refused_merge(dir: &std::path::Path, name: &str, text: String) -> String {
    let p = dir.join(name);
    fs::write(&p, text).unwrap();
    let out = dir.join(format!("out-{name}"));
    let o = relgraph()
        .arg("merge")
        .arg(&p)
        .arg("-o")
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(3), "{name}");
    assert!(!out.exists(), "{name}: an output was written");
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn merge_refuses_an_incomplete_stream_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("a.txt");
    fs::write(&input, fs::read_to_string(fixture("seed.txt")).unwrap()).unwrap();
    let o = relgraph()
        .arg("extract")
        .arg(&input)
        .arg("-o")
        .arg(dir.path())
        .args(["--name", "s", "-f", "jsonl", "-q"])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let stream = fs::read_to_string(dir.path().join("s.jsonl")).unwrap();
    let lines: Vec<&str> = stream.lines().collect();
    let merge = |name: &str, text: String| refused_merge(dir.path(), name, text);
    // Cut before the summary: a writer that was killed.
    let err = merge("cut.jsonl", lines[..lines.len() - 1].join("\n"));
    assert!(
        err.contains("cut.jsonl") && err.contains("incomplete"),
        "{err}"
    );
    // A mention line lost in the middle: caught at the next document or the summary, with
    // its line number.
    let mut lost = lines.clone();
    lost.remove(5);
    let err = merge("lost.jsonl", lost.join("\n"));
    assert!(
        err.contains(&format!("lost.jsonl:{}", lines.len() - 1)) && err.contains("announced"),
        "{err}"
    );
    // A record of another document in the middle.
    let mut alien = lines.clone();
    let moved = lines[3].replace("\"document\":\"", "\"document\":\"other-");
    alien[3] = &moved;
    let err = merge("alien.jsonl", alien.join("\n"));
    assert!(
        err.contains("alien.jsonl:4") && err.contains("outside that document"),
        "{err}"
    );
}

#[test]
fn merge_refuses_graphs_made_with_different_rules_unless_forced() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("a.txt");
    fs::write(&input, "Turkey and Israel held talks.").unwrap();
    let rules = dir.path().join("extra.toml");
    fs::write(&rules, "").unwrap();
    let mk = |name: &str, extra: &[&str]| {
        let o = relgraph()
            .arg("extract")
            .arg(&input)
            .arg("-o")
            .arg(dir.path())
            .args(["--name", name, "-f", "json", "-q"])
            .args(extra)
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        dir.path().join(format!("{name}.json"))
    };
    let a = mk("a", &[]);
    let b = mk("b", &["--rules", rules.to_str().unwrap()]);
    let merge = |force: bool| {
        let mut c = relgraph();
        c.arg("merge")
            .arg(&a)
            .arg(&b)
            .arg("-o")
            .arg(dir.path().join("m"));
        if force {
            c.arg("--force");
        }
        c.output().unwrap()
    };
    let o = merge(false);
    assert_eq!(o.status.code(), Some(3));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("different rules") && err.contains("--force"),
        "{err}"
    );
    let o = merge(true);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
}

#[test]
fn merge_reports_a_file_that_is_not_a_graph() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("x.json");
    fs::write(&p, "{\"nodes\": []}\n").unwrap();
    let o = relgraph()
        .arg("merge")
        .arg(&p)
        .arg("-o")
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(3));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("x.json:1: not a relgraph JSON graph"), "{err}");
}

/// An edge's `args` name its source first and its target among the others (the graph stores
/// the ids once, in `args`); a hand-edited graph that breaks that is refused with the edge
/// named, and nothing is written.
#[test]
fn merge_refuses_an_edge_whose_args_disagree_with_its_ends() {
    let (dir, graph) = crate::util::extract_json("tests/fixtures/seed.txt", &["-f", "json"]);
    for (tamper, message) in [
        (
            (|e: &mut serde_json::Value| e["args"][0] = "nobody".into()) as fn(&mut _),
            "args must start with its source",
        ),
        (
            |e: &mut serde_json::Value| e["args"] = serde_json::json!([e["source"]]),
            "its target is not in its args",
        ),
    ] {
        let mut bad = graph.clone();
        let edge = &mut bad["edges"][0];
        tamper(edge);
        let edge = format!("edge {} -> {}", edge["source"], edge["target"]).replace('"', "");
        let err = refused_merge(dir.path(), "bad.json", bad.to_string());
        assert!(err.contains(&edge) && err.contains(message), "{err}");
    }
}

/// A trigger is read from its sentence by its span (the graph stores it once); a graph or a
/// stream whose trigger text is not what its span covers is refused with a message, and
/// nothing is written.
#[test]
fn merge_refuses_a_trigger_that_is_not_in_its_sentence() {
    let dir = crate::util::extract_into("tests/fixtures/seed.txt", &["-f", "json,jsonl"]);
    let read = |name: &str| fs::read_to_string(dir.path().join(name)).unwrap();
    let mut graph: serde_json::Value = serde_json::from_str(&read("graph.json")).unwrap();
    let evidence = &mut graph["edges"][0]["evidence"][0];
    let trigger = evidence["trigger"].as_str().unwrap().to_string();
    evidence["trigger"] = format!("{trigger}x").into();
    let err = refused_merge(dir.path(), "bad.json", graph.to_string());
    assert!(err.contains("is not the text of its span"), "{err}");

    let stream = read("graph.jsonl");
    let line = stream
        .lines()
        .position(|l| l.contains("\"trigger\""))
        .expect("a relation record");
    let mut lines: Vec<String> = stream.lines().map(String::from).collect();
    let mut record: serde_json::Value = serde_json::from_str(&lines[line]).unwrap();
    record["trigger_span"]["byte_end"] =
        (record["trigger_span"]["byte_end"].as_u64().unwrap() + 1).into();
    lines[line] = record.to_string();
    let err = refused_merge(dir.path(), "bad.jsonl", lines.join("\n"));
    assert!(
        err.contains(&format!("bad.jsonl:{}", line + 1))
            && err.contains("is not the text of its span"),
        "{err}"
    );
}

/// A relation record with fewer arguments than its type takes (one for `talks_with`, two for
/// `mediates_between`) is refused with its line number; it used to stop the merge with a
/// panic.
#[test]
fn merge_refuses_a_relation_missing_an_argument() {
    let dir = crate::util::extract_into("tests/fixtures/seed.txt", &["-f", "jsonl"]);
    let stream = fs::read_to_string(dir.path().join("graph.jsonl")).unwrap();
    let lines: Vec<&str> = stream.lines().collect();
    for mediation in [false, true] {
        let line = lines
            .iter()
            .position(|l| {
                let r: serde_json::Value = serde_json::from_str(l).unwrap();
                r.get("trigger").is_some() && (r["relation"] == "mediates_between") == mediation
            })
            .expect("a relation record of each kind");
        let mut record: serde_json::Value = serde_json::from_str(lines[line]).unwrap();
        record["args"].as_array_mut().unwrap().pop();
        let mut cut: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
        cut[line] = record.to_string();
        let name = format!("short-{mediation}.jsonl");
        let err = refused_merge(dir.path(), &name, cut.join("\n"));
        assert!(
            err.contains(&format!("{name}:{}", line + 1)) && err.contains("arguments"),
            "{err}"
        );
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 32, ..ProptestConfig::default() })]

    /// Merging is idempotent on documents: a graph merged with itself, with any part of
    /// itself, or with a stream of documents it already holds is unchanged, whatever the
    /// caps; parts that overlap merge into the graph of their union, in either order.
    #[test]
    fn documents_already_merged_count_once(
        a in prop::collection::vec(0usize..40, 0..12),
        b in prop::collection::vec(0usize..40, 0..12),
        keep in prop::collection::vec(any::<bool>(), 12),
        limits in limits(),
    ) {
        let ga = roundtrip(&graph_of(&a, limits));
        let mut twice = ga.clone();
        let report = twice.merge(&ga);
        prop_assert_eq!(json(&twice), json(&ga));
        let mut ids: Vec<String> = a.iter().map(|&d| pool()[d].document.clone()).collect();
        ids.sort();
        ids.dedup();
        prop_assert_eq!(&report.duplicates, &ids);
        prop_assert!(report.replaced.is_empty());
        let part: Vec<usize> = a.iter().zip(&keep).filter(|(_, k)| **k).map(|(d, _)| *d).collect();
        let mut with_part = ga.clone();
        with_part.merge(&roundtrip(&graph_of(&part, limits)));
        prop_assert_eq!(json(&with_part), json(&ga));
        let mut with_stream = ga.clone();
        with_stream.merge(
            &import::read_jsonl("s.jsonl".as_ref(), &stream(&part)[..], limits).unwrap().graph,
        );
        prop_assert_eq!(json(&with_stream), json(&ga));
        // Overlapping parts.
        let gb = roundtrip(&graph_of(&b, limits));
        let mut ab = ga.clone();
        ab.merge(&gb);
        let mut ba = gb.clone();
        ba.merge(&ga);
        let all: Vec<usize> = a.iter().chain(&b).copied().collect();
        prop_assert_eq!(json(&ab), json(&graph_of(&all, limits)));
        prop_assert_eq!(json(&ab), json(&ba));
    }
}

/// A document with the same id and another text: the later version wins, everywhere.
#[test]
fn a_changed_document_replaces_its_earlier_version() {
    let p = pipeline();
    let old = p.process(&Document::new("d1", "Turkey and Israel held talks."));
    let new = p.process(&Document::new("d1", "Greece and Cyprus held talks."));
    let other = p.process(&Document::new("d2", "Egypt and Qatar held talks."));
    assert_ne!(old.sha256, new.sha256);
    let mut a = Graph::new();
    a.add(&old);
    a.add(&other);
    let mut b = Graph::new();
    b.add(&new);
    let report = a.merge(&roundtrip(&b));
    assert_eq!(report.replaced, ["d1"]);
    let mut want = Graph::new();
    want.add(&other);
    want.add(&new);
    assert_eq!(json(&a), json(&want));
    // Graph::add does the same with the same id read twice.
    let mut g = Graph::new();
    assert_eq!(g.add(&old), relgraph::graph::Added::New);
    assert_eq!(g.add(&old), relgraph::graph::Added::Duplicate);
    g.add(&other);
    assert_eq!(g.add(&new), relgraph::graph::Added::Replaced);
    assert_eq!(json(&g), json(&want));
    assert!(
        g.node_by_id("country:tr").is_none(),
        "Turkey came only from the old text"
    );
}

#[test]
fn merging_a_graph_with_itself_gives_it_back_and_names_the_documents() {
    let dir = tempfile::tempdir().unwrap();
    let parts = dir.path().join("parts");
    let o = relgraph()
        .current_dir(crate::util::root())
        .args([
            "extract",
            "tests/fixtures/seed.txt",
            "tests/fixtures/dated.jsonl",
        ])
        .args(["-f", "json,jsonl", "-q", "--name", "a", "-o"])
        .arg(&parts)
        .output()
        .unwrap();
    assert!(o.status.success());
    let a = parts.join("a.json");
    let stream = parts.join("a.jsonl");
    let out = dir.path().join("out");
    for inputs in [[&a, &a], [&a, &stream], [&stream, &a]] {
        let o = relgraph()
            .arg("merge")
            .args(inputs)
            .args(["-f", "json", "--name", "a", "-o"])
            .arg(&out)
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&o.stderr);
        assert!(o.status.success(), "{stderr}");
        assert!(
            stderr.contains("6 documents already merged with the same content, counted once")
                && stderr.contains("\"tests/fixtures/seed.txt\""),
            "{stderr}"
        );
        assert_eq!(fs::read(out.join("a.json")).unwrap(), fs::read(&a).unwrap());
    }
}

/// A replaced document takes its dates with it: the edges' first and last dates and months
/// are those of the documents that remain, as if the earlier version had never been read,
/// whether the replacement comes through `Graph::add` or `Graph::merge`.
#[test]
fn a_replaced_document_takes_its_dates_with_it() {
    let p = pipeline();
    let doc = |id: &str, text: &str, date: &str| {
        p.process(&Document::new(id, text).with_date(relgraph::Date::parse(date).ok()))
    };
    let old = doc("d1", "Turkey and Israel held talks.", "2020-11-03");
    let other = doc("d2", "Turkey and Israel held talks.", "2020-12-22");
    // A corrected story: the same edge, dated later; or another edge altogether.
    for new in [
        doc("d1", "Turkey and Israel held new talks.", "2021-01-05"),
        doc("d1", "Greece and Cyprus held talks.", "2021-01-05"),
    ] {
        let want = added(&[&other, &new]);
        let mut g = added(&[&old, &other]);
        assert_eq!(g.add(&new), relgraph::graph::Added::Replaced);
        assert_eq!(json(&g), json(&want));
        let b = roundtrip(&added(&[&new]));
        let mut a = added(&[&old, &other]);
        assert_eq!(a.merge(&b).replaced, ["d1"]);
        assert_eq!(json(&a), json(&want));
        let mut a = roundtrip(&added(&[&old, &other]));
        a.merge(&b);
        assert_eq!(json(&a), json(&want));
    }
}

/// The graph of `docs`, added in this order.
fn added(docs: &[&DocResult]) -> Graph {
    let mut g = Graph::new();
    for d in docs {
        g.add(d);
    }
    g
}

/// `json` of a graph as it would be without its ledger: `graph.ledger` and the nodes' and
/// edges' `documents` taken out.
fn without_ledger_fields(json: &str) -> serde_json::Value {
    let mut v: serde_json::Value = serde_json::from_str(json).unwrap();
    v["graph"].as_object_mut().unwrap().remove("ledger");
    for list in ["nodes", "edges", "links"] {
        for item in v[list].as_array_mut().unwrap() {
            item.as_object_mut().unwrap().remove("documents");
        }
    }
    v
}

/// A graph without a ledger is the same graph but for the ledger and the per-document
/// counts; a merge with one cannot recognise documents (shared ones count twice), says so
/// and keeps no ledger, in either order, and equals one run for inputs that share none.
#[test]
fn a_graph_without_a_ledger_merges_blind_and_says_so() {
    let (docs_a, docs_b): (Vec<usize>, Vec<usize>) = ((0..20).collect(), (20..40).collect());
    let a = graph_of(&docs_a, Limits::default());
    let bare_a = graph_of(&docs_a, Limits::default()).without_ledger();
    assert!(a.keeps_ledger() && !bare_a.keeps_ledger());
    // Kept without a ledger from the start, or dropped later: the same graph.
    let mut built_bare = Graph::new().without_ledger();
    for &d in &docs_a {
        assert_eq!(built_bare.add(&pool()[d]), relgraph::graph::Added::New);
    }
    assert_eq!(json(&built_bare), json(&bare_a));
    assert_eq!(
        serde_json::from_str::<serde_json::Value>(&json(&bare_a)).unwrap(),
        without_ledger_fields(&json(&a))
    );
    assert!(json(&bare_a).len() < json(&a).len());
    // The JSON round trip keeps it without a ledger.
    let back = roundtrip(&bare_a);
    assert!(!back.keeps_ledger());
    assert_eq!(json(&back), json(&bare_a));
    // Disjoint inputs: blind merges in either order give one run's graph, without a ledger.
    let b = roundtrip(&graph_of(&docs_b, Limits::default()));
    let bare_b = b.clone().without_ledger();
    let mut ab = roundtrip(&a);
    let report = ab.merge(&bare_b);
    assert!(report.without_ledger && report.duplicates.is_empty());
    let mut ba = bare_b.clone();
    assert!(ba.merge(&roundtrip(&a)).without_ledger);
    let mut whole = roundtrip(&a);
    assert!(!whole.merge(&b).without_ledger);
    whole.drop_ledger();
    assert_eq!(json(&ab), json(&whole));
    assert_eq!(json(&ba), json(&whole));
    // A document both hold is counted twice: nothing tells it apart.
    let mut twice = bare_a.clone();
    twice.merge(&a);
    assert_eq!(twice.totals().documents, 2 * a.totals().documents);
    assert!(twice.ledger().is_empty());
}

/// `extract --no-ledger` writes no ledger; `merge` warns about such an input by name and
/// counts what it shares twice; `merge --no-ledger` drops the ledger after counting each
/// document once.
#[test]
fn cli_no_ledger_is_warned_about_when_merged() {
    let dir = tempfile::tempdir().unwrap();
    let run = |args: &[&str]| {
        let o = relgraph()
            .current_dir(crate::util::root())
            .args(args)
            .arg("-o")
            .arg(dir.path())
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        String::from_utf8_lossy(&o.stderr).into_owned()
    };
    let read = |name: &str| fs::read_to_string(dir.path().join(name)).unwrap();
    let value = |name: &str| serde_json::from_str::<serde_json::Value>(&read(name)).unwrap();
    let extract = [
        "extract",
        "tests/fixtures/seed.txt",
        "tests/fixtures/dated.jsonl",
    ];
    run(&[&extract[..], &["-f", "json", "-q", "--name", "full"]].concat());
    run(&[
        &extract[..],
        &["-f", "json", "-q", "--name", "bare", "--no-ledger"],
    ]
    .concat());
    let bare = value("bare.json");
    assert!(bare["graph"].get("ledger").is_none());
    assert!(bare["nodes"][0].get("documents").is_none());
    assert!(bare["edges"][0].get("documents").is_none());
    assert_eq!(bare, without_ledger_fields(&read("full.json")));
    assert!(read("bare.json").len() < read("full.json").len());
    // Merged with itself: both inputs named in a warning, every count doubled.
    let full = dir.path().join("full.json");
    let bare_path = dir.path().join("bare.json");
    let stderr = run(&[
        "merge",
        bare_path.to_str().unwrap(),
        bare_path.to_str().unwrap(),
        "-f",
        "json",
        "--name",
        "twice",
    ]);
    assert!(
        stderr.contains("bare.json: keeps no document ledger (made with --no-ledger)")
            && stderr.contains("counted twice"),
        "{stderr}"
    );
    let twice = value("twice.json");
    assert_eq!(
        twice["graph"]["totals"]["documents"].as_u64().unwrap(),
        2 * bare["graph"]["totals"]["documents"].as_u64().unwrap()
    );
    assert_eq!(
        twice["edges"][0]["weight"].as_u64().unwrap(),
        2 * bare["edges"][0]["weight"].as_u64().unwrap()
    );
    // With a ledger, `merge --no-ledger` counts once, then writes the graph without it.
    run(&[
        "merge",
        full.to_str().unwrap(),
        full.to_str().unwrap(),
        "-q",
        "-f",
        "json",
        "--name",
        "once",
        "--no-ledger",
    ]);
    assert_eq!(read("once.json"), read("bare.json"));
}
