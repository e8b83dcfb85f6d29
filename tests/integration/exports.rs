//! Exports checked with their real consumers (Graphviz, networkx) when installed, and the
//! committed example outputs kept fresh.

use std::process::Command;

use crate::util::{extract_json, extract_text_with_gazetteer, root};

fn have(cmd: &str, arg: &str) -> bool {
    Command::new(cmd)
        .arg(arg)
        .output()
        .is_ok_and(|o| o.status.success())
}

#[test]
fn dot_is_valid_graphviz() {
    let (dir, _) = extract_json("tests/fixtures/seed.txt", &[]);
    let dot = std::fs::read_to_string(dir.path().join("graph.dot")).unwrap();
    assert!(dot.starts_with("digraph \"relgraph\" {"));
    assert!(
        dot.contains("\"country:az\" -> \"country:tr\" [label=\"mediates_between (1)\""),
        "{dot}"
    );
    if !have("dot", "-V") {
        eprintln!("note: Graphviz `dot` not installed; DOT syntax checked by string only");
        return;
    }
    let out = Command::new("dot")
        .arg("-Tsvg")
        .arg(dir.path().join("graph.dot"))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "dot failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("Ilham Aliyev"));
}

#[test]
fn hostile_names_stay_valid_dot_and_json() {
    let (dir, json) = extract_text_with_gazetteer(
        "Evil Corp backed Xland.\n\"quoted\" \\ text",
        "id\ttype\tname\taliases\norg:evil\tORG\tEvil \"Quote\" \\N Corp\tEvil Corp\ncountry:x\tCOUNTRY\tXland <b>&</b>\tXland\n",
    );
    assert_eq!(json["nodes"][1]["name"], "Evil \"Quote\" \\N Corp");
    let dot = std::fs::read_to_string(dir.path().join("in.dot")).unwrap();
    assert!(dot.contains(r#"label="Evil \"Quote\" \\N Corp""#), "{dot}");
    if have("dot", "-V") {
        let out = Command::new("dot")
            .arg("-Tcanon")
            .arg(dir.path().join("in.dot"))
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

#[test]
fn json_loads_in_networkx() {
    let Some(python) = std::env::var_os("RELGRAPH_PYTHON") else {
        eprintln!(
            "note: RELGRAPH_PYTHON not set (a Python with networkx); skipping the networkx check"
        );
        return;
    };
    let (dir, json) = extract_json("tests/fixtures/seed.txt", &[]);
    let script = r#"
import json, sys, networkx as nx
d = json.load(open(sys.argv[1]))
g = nx.node_link_graph(d)
assert g.is_directed() and g.is_multigraph()
print(g.number_of_nodes(), g.number_of_edges())
"#;
    let out = Command::new(python)
        .args(["-c", script])
        .arg(dir.path().join("graph.json"))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let counts = format!(
        "{} {}\n",
        json["nodes"].as_array().unwrap().len(),
        json["edges"].as_array().unwrap().len()
    );
    assert_eq!(String::from_utf8_lossy(&out.stdout), counts);
}

/// `output/` holds the example outputs for the seed; regenerate them with the README command
/// when the pipeline changes.
#[test]
fn committed_example_outputs_are_fresh() {
    let (dir, _) = extract_json("tests/fixtures/seed.txt", &[]);
    for (made, committed) in [("graph.json", "seed.json"), ("graph.dot", "seed.dot")] {
        let fresh = std::fs::read_to_string(dir.path().join(made)).unwrap();
        let old =
            std::fs::read_to_string(root().join("output").join(committed)).unwrap_or_default();
        assert!(
            fresh == old,
            "output/{committed} is stale: run `cargo run --release -- extract tests/fixtures/seed.txt` and commit it"
        );
    }
}
