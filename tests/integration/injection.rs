//! No injection: hostile names and document text survive every format, checked by parsing the
//! output back with a real parser (serde_json, an XML parser, a CSV reader, Graphviz's own
//! JSON output) and comparing with what went in.

use std::process::Command;

use proptest::prelude::*;
use relgraph::export::{self, Format, Provenance};
use relgraph::{Document, Gazetteer, Graph, Pipeline};

/// Pieces that break naive writers of DOT, XML, HTML, CSV and JSON.
fn hostile() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop::sample::select(vec![
            "\"", "\\", "\\N", "<", ">", "&", "&amp;", "]]>", "<!--", "'", ",", ";", "|x", "{",
            "}", "\u{202E}", "שלום", "北京", "🙂", "\u{7}", "--", "->", "%s", "\u{FEFF}", "é",
            "<script>",
        ]),
        1..5,
    )
    .prop_map(|parts| parts.concat())
}

/// Two entities named `Ab<hostile>zq` and `Cd<hostile>zq` (letters at both ends keep them
/// whole-word matches), one relation between them, and hostile text around it.
fn graph_for(a: &str, b: &str, noise: &str) -> (Graph, String, String) {
    let name_a = format!("Ab{a}zq");
    let name_b = format!("Cd{b}zq");
    let tsv = format!("id\ttype\tname\norg:a\tORG\t{name_a}\norg:b\tORG\t{name_b}\n");
    let gaz = Gazetteer::builder()
        .defaults(false)
        .add_str("h.tsv", &tsv)
        .build()
        .unwrap();
    let p = Pipeline::builder().gazetteer(gaz).build().unwrap();
    let text = format!("{noise}\n\n{name_a} backed {name_b}. {noise}\n");
    let mut g = Graph::new();
    g.add(&p.process(&Document::new(format!("doc{noise}"), text)));
    (g, name_a, name_b)
}

fn render(g: &Graph, f: Format, part: usize) -> String {
    let mut out = Vec::new();
    export::write_file(
        g,
        &Provenance::default(),
        &export::DocumentTexts::new(),
        f,
        part,
        &mut out,
    )
    .unwrap();
    String::from_utf8(out).unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn hostile_text_round_trips(a in hostile(), b in hostile(), noise in hostile()) {
        let (g, name_a, name_b) = graph_for(&a, &b, &noise);
        prop_assume!(g.edge_count() == 1);
        let names = [name_a.as_str(), name_b.as_str()];

        // JSON
        let json: serde_json::Value = serde_json::from_str(&render(&g, Format::Json, 0)).unwrap();
        let got: Vec<&str> = json["nodes"].as_array().unwrap().iter().map(|n| n["name"].as_str().unwrap()).collect();
        prop_assert_eq!(&got, &names);
        let sentence = json["edges"][0]["evidence"][0]["sentence"].as_str().unwrap().to_string();
        prop_assert!(sentence.contains(&name_a));

        // Cytoscape JSON
        let cy: serde_json::Value = serde_json::from_str(&render(&g, Format::Cyjs, 0)).unwrap();
        let got: Vec<&str> = cy["elements"]["nodes"].as_array().unwrap().iter().map(|n| n["data"]["name"].as_str().unwrap()).collect();
        prop_assert_eq!(&got, &names);

        // GraphML and GEXF: parse the XML, find the names as text or attribute values.
        // XML 1.0 cannot carry control characters: the writers drop them.
        let xml_names: Vec<String> = names.iter().map(|n| n.chars().filter(|c| !c.is_control() || matches!(c, '\n' | '\t')).collect()).collect();
        for f in [Format::Graphml, Format::Gexf] {
            let xml = render(&g, f, 0);
            let doc = roxmltree::Document::parse(&xml).map_err(|e| TestCaseError::fail(format!("{f:?}: {e}")))?;
            let sentence: String = sentence.chars().filter(|c| !c.is_control() || matches!(c, '\n' | '\t')).collect();
            for name in &xml_names {
                let name = name.as_str();
                let found = doc.descendants().any(|n| {
                    n.text() == Some(name) || n.attributes().any(|a| a.value() == name)
                });
                prop_assert!(found, "{:?} lost {:?}", f, name);
            }
            prop_assert!(doc.descendants().any(|n| n.text().is_some_and(|t| t.contains(&sentence)) || n.attributes().any(|a| a.value().contains(&sentence))), "{:?} lost the evidence", f);
        }

        // Neo4j CSV: read back with a CSV reader.
        let nodes = render(&g, Format::Csv, 0);
        let mut r = csv::ReaderBuilder::new().from_reader(nodes.as_bytes());
        let headers = r.headers().unwrap().clone();
        let name_col = headers.iter().position(|h| h == "name").unwrap();
        let got: Vec<String> = r.records().map(|rec| rec.unwrap()[name_col].to_string()).collect();
        prop_assert_eq!(got, names.to_vec());
        let rels = render(&g, Format::Csv, 1);
        let rows: Vec<_> = csv::Reader::from_reader(rels.as_bytes()).records().collect::<Result<_, _>>().unwrap();
        prop_assert_eq!(rows.len(), 1);

        // HTML: hostile markup never appears unescaped.
        let html = render(&g, Format::Html, 0);
        prop_assert_eq!(html.matches("<script").count(), 1, "only the report's own script");
        for name in names {
            prop_assert!(!name.contains('<') || !html.contains(name), "raw name in HTML: {:?}", name);
        }
    }
}

/// DOT parsed by Graphviz itself: labels come back equal to the names.
#[test]
fn hostile_names_survive_graphviz() {
    if !crate::util::need("dot", "-V", "Graphviz `dot` is not installed") {
        return;
    }
    let mut runner = proptest::test_runner::TestRunner::new(ProptestConfig::with_cases(24));
    runner
        .run(&(hostile(), hostile(), hostile()), |(a, b, noise)| {
            let (g, name_a, name_b) = graph_for(&a, &b, &noise);
            let dot = render(&g, Format::Dot, 0);
            let mut child = Command::new("dot")
                .arg("-Tjson")
                .stdin(std::process::Stdio::piped())
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap();
            use std::io::Write;
            child
                .stdin
                .take()
                .unwrap()
                .write_all(dot.as_bytes())
                .unwrap();
            let out = child.wait_with_output().unwrap();
            prop_assert!(
                out.status.success(),
                "dot rejected: {}\n{}",
                String::from_utf8_lossy(&out.stderr),
                dot
            );
            let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
            let labels: Vec<String> = json["objects"]
                .as_array()
                .unwrap()
                .iter()
                .filter_map(|o| o["label"].as_str())
                // Graphviz reads `\\` as a backslash and HTML entities in labels.
                .map(|l| {
                    l.replace("\\\\", "\\")
                        .replace("&lt;", "<")
                        .replace("&gt;", ">")
                        .replace("&quot;", "\"")
                        .replace("&amp;", "&")
                })
                .collect();
            for name in [&name_a, &name_b] {
                let visible: String = name.chars().filter(|c| !c.is_control()).collect();
                prop_assert!(
                    labels.contains(&visible),
                    "{:?} not among {:?}",
                    visible,
                    labels
                );
            }
            Ok(())
        })
        .unwrap();
}
