//! Pictures an analyst can read: symmetric relations undirected in GEXF and GraphML,
//! entities without relations left out of pictures (or everywhere, with --drop-isolates),
//! and `--top N` without orphans, ties broken by weight.

use relgraph::filter::GraphFilter;
use relgraph::{Document, Graph};

use crate::util::{extract_into, have, pipeline, relgraph};

fn graph_of(texts: &[&str]) -> Graph {
    let mut g = Graph::new();
    for (i, t) in texts.iter().enumerate() {
        g.add(&pipeline().process(&Document::new(format!("d{i}"), *t)));
    }
    g
}

fn write(g: &Graph, f: relgraph::export::Format) -> String {
    let mut out = Vec::new();
    relgraph::export::write(g, &Default::default(), f, &mut out).unwrap();
    String::from_utf8(out).unwrap()
}

/// (edge id, direction) of every edge: GEXF `type` or GraphML `directed`, else the default.
fn directions(xml: &str) -> (String, Vec<(String, bool)>) {
    let doc = roxmltree::Document::parse(xml).unwrap();
    let graph = doc.descendants().find(|n| n.has_tag_name("graph")).unwrap();
    let default = graph
        .attribute("defaultedgetype")
        .or(graph.attribute("edgedefault"))
        .unwrap()
        .to_string();
    let edges = doc
        .descendants()
        .filter(|n| n.has_tag_name("edge"))
        .map(|e| {
            let directed = match (e.attribute("type"), e.attribute("directed")) {
                (Some(t), _) => t == "directed",
                (_, Some(d)) => d == "true",
                _ => default == "directed",
            };
            (e.attribute("id").unwrap().to_string(), directed)
        })
        .collect();
    (default, edges)
}

#[test]
fn symmetric_relations_are_undirected_in_gexf_and_graphml() {
    use relgraph::export::Format::{Gexf, Graphml};
    let mixed = graph_of(&[
        "Turkey and Israel held talks.",
        "Azerbaijan seeks to mediate between Turkey and Israel.",
    ]);
    let talks_only = graph_of(&["Turkey and Israel held talks. Greece and Cyprus held talks."]);
    let directed_only = graph_of(&["Azerbaijan seeks to mediate between Turkey and Israel."]);
    for format in [Gexf, Graphml] {
        let (default, edges) = directions(&write(&mixed, format));
        assert_eq!(default, "directed", "{format}");
        for (id, directed) in &edges {
            assert_eq!(*directed, !id.contains("|talks_with|"), "{format}: {id}");
        }
        assert!(edges.iter().any(|e| e.1) && edges.iter().any(|e| !e.1));
        let xml = write(&talks_only, format);
        let (default, edges) = directions(&xml);
        assert_eq!(default, "undirected", "{format}");
        assert!(edges.iter().all(|e| !e.1));
        assert!(!xml.contains(r#" type="undirected""#) && !xml.contains(r#" directed="false""#));
        let (default, edges) = directions(&write(&directed_only, format));
        assert_eq!(default, "directed", "{format}");
        assert!(edges.iter().all(|e| e.1));
    }
}

const WITH_ISOLATE: &str = "Turkey and Israel held talks. The weather in Norway was mild.";

fn names(json: &serde_json::Value) -> Vec<String> {
    json["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["name"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn drop_isolates_removes_entities_without_relations() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in.txt");
    std::fs::write(&input, WITH_ISOLATE).unwrap();
    let input = input.to_str().unwrap();
    let read = |d: &tempfile::TempDir| -> serde_json::Value {
        serde_json::from_str(&std::fs::read_to_string(d.path().join("graph.json")).unwrap())
            .unwrap()
    };
    let all = read(&extract_into(input, &["-f", "json"]));
    assert!(
        names(&all).contains(&"Norway".to_string()),
        "{:?}",
        names(&all)
    );
    let dropped = read(&extract_into(input, &["-f", "json", "--drop-isolates"]));
    assert_eq!(names(&dropped), ["Israel", "Turkey"]);
    assert_eq!(dropped["graph"]["filter"], "drop-isolates");
    // Both flags together make no sense.
    let o = relgraph()
        .args(["extract", input, "--drop-isolates", "--keep-isolates"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn pictures_leave_isolates_out_by_default_and_other_formats_keep_them() {
    if !have("dot", "-V") {
        crate::util::skip::<()>("Graphviz `dot` for svg");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in.txt");
    std::fs::write(&input, WITH_ISOLATE).unwrap();
    let input = input.to_str().unwrap();
    let d = extract_into(input, &["-f", "json,svg,dot"]);
    let svg = std::fs::read_to_string(d.path().join("graph.svg")).unwrap();
    let dot = std::fs::read_to_string(d.path().join("graph.dot")).unwrap();
    assert!(svg.contains("Turkey") && !svg.contains("Norway"));
    assert!(dot.contains("Norway"), "the DOT file keeps every entity");
    let d = extract_into(input, &["-f", "svg", "--keep-isolates"]);
    let svg = std::fs::read_to_string(d.path().join("graph.svg")).unwrap();
    assert!(svg.contains("Norway"));
}

#[test]
fn top_keeps_the_best_connected_without_orphans_ties_by_weight() {
    // Turkey: three relations; Israel, Greece and Cyprus two each (Greece–Cyprus twice as
    // much evidence); Egypt one.
    let g = graph_of(&[
        "Turkey and Israel held talks. Turkey and Greece held talks. Turkey and Egypt held talks.",
        "Israel and Cyprus held talks. Greece and Cyprus held talks.",
        "Greece and Cyprus held talks.",
    ]);
    let top = |n| {
        let kept = GraphFilter {
            top: Some(n),
            ..Default::default()
        }
        .kept_nodes(&g);
        kept.into_iter().collect::<Vec<_>>()
    };
    // Degree ties between Israel, Greece and Cyprus (2 each): Greece and Cyprus have the
    // heavier relations (weight 3 each against Israel's 2), whatever their ids.
    assert_eq!(top(3), ["country:cy", "country:gr", "country:tr"]);
    // The top 2 by rank, Turkey and Cyprus, have no relation between them: Cyprus waits,
    // and Greece (linked to Turkey) comes in with Turkey.
    assert_eq!(top(2), ["country:gr", "country:tr"]);
    // One entity alone has no relation to show.
    assert!(top(1).is_empty());
    let two = top(2);
    for id in &two {
        let linked = g.edges().any(|e| {
            (e.key.source() == id || e.key.target() == id)
                && two
                    .iter()
                    .any(|o| o != id && (e.key.source() == o || e.key.target() == o))
        });
        assert!(linked, "{id} is an orphan in {two:?}");
    }
    // The filtered graph has no entity without a relation.
    let f = GraphFilter {
        top: Some(4),
        ..Default::default()
    }
    .apply(g.clone());
    for n in f.nodes() {
        assert!(
            f.edges()
                .any(|e| e.key.source() == n.id || e.key.target() == n.id),
            "{} orphaned",
            n.id
        );
    }
}
