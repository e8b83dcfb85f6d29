//! Acceptance: the seed article's expected entities and relations, through the CLI's JSON.

use std::collections::HashMap;

use serde_json::Value;

use crate::util::{extract_json, fixture};

struct Seed {
    graph: Value,
    expected: Value,
    names: HashMap<String, String>,
}

fn seed() -> Seed {
    let (_dir, graph) = extract_json("tests/fixtures/seed.txt", &[]);
    let expected: Value =
        serde_json::from_str(&std::fs::read_to_string(fixture("seed.expected.json")).unwrap())
            .unwrap();
    let names = graph["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| {
            (
                n["id"].as_str().unwrap().to_string(),
                n["name"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    Seed {
        graph,
        expected,
        names,
    }
}

fn entity_found(s: &Seed, e: &Value) -> Result<(), String> {
    let name = e["name"].as_str().unwrap();
    let node = s.graph["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|n| n["name"] == name)
        .ok_or(format!("entity {name} not found"))?;
    if node["type"] != e["type"] {
        return Err(format!("{name}: type {} != {}", node["type"], e["type"]));
    }
    let aliases: Vec<&str> = node["aliases"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a.as_str().unwrap())
        .collect();
    for m in e["mentions"].as_array().unwrap() {
        let m = m.as_str().unwrap();
        if !aliases.contains(&m) {
            return Err(format!("{name}: mention {m:?} not among {aliases:?}"));
        }
    }
    Ok(())
}

fn relation_found(s: &Seed, r: &Value) -> bool {
    let want_args: Vec<&str> = r["args"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a.as_str().unwrap())
        .collect();
    let kind = r["type"].as_str().unwrap();
    s.graph["edges"].as_array().unwrap().iter().any(|e| {
        if e["type"] != kind {
            return false;
        }
        if let Some(role) = r.get("role") {
            if e.get("role") != Some(role) {
                return false;
            }
        }
        let mut got: Vec<&str> = e["args"]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| s.names[a.as_str().unwrap()].as_str())
            .collect();
        let mut want = want_args.clone();
        let symmetric = e["symmetric"].as_bool().unwrap();
        if symmetric {
            got.sort_unstable();
            want.sort_unstable();
        } else if kind == "mediates_between" {
            got[1..].sort_unstable();
            want[1..].sort_unstable();
        }
        got == want
    })
}

#[test]
fn required_entities_are_found() {
    let s = seed();
    let failures: Vec<String> = s.expected["entities"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["level"] == "required")
        .filter_map(|e| entity_found(&s, e).err())
        .collect();
    assert!(failures.is_empty(), "{failures:#?}");
}

#[test]
fn required_relations_are_found_and_must_not_are_absent() {
    let s = seed();
    let missing: Vec<&Value> = s.expected["relations"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["level"] == "required" && !relation_found(&s, r))
        .collect();
    assert!(missing.is_empty(), "missing: {missing:#?}");
    let wrong: Vec<&Value> = s.expected["must_not"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| relation_found(&s, r))
        .collect();
    assert!(wrong.is_empty(), "must not be found: {wrong:#?}");
}

/// The stretch goals reached so far; a regression here means a rule or list got worse.
#[test]
fn stretch_goals_reached_stay_reached() {
    let s = seed();
    let reached_entities = [
        "Agence France-Presse",
        "Getty Images",
        "Temple Mount",
        "East Africa",
        "Eastern Mediterranean",
    ];
    for e in s.expected["entities"].as_array().unwrap() {
        if reached_entities.contains(&e["name"].as_str().unwrap()) {
            entity_found(&s, e).unwrap();
        }
    }
    let reached: Vec<&Value> = s.expected["relations"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["level"] == "stretch" && relation_found(&s, r))
        .collect();
    let talks_trump = reached
        .iter()
        .filter(|r| r["type"] == "talks_with" && r["args"][0] == "Donald Trump")
        .count();
    assert_eq!(
        talks_trump, 2,
        "Trump's call to the leaders of Sudan and Israel"
    );
}

#[test]
fn every_edge_carries_checkable_evidence() {
    let s = seed();
    let text = std::fs::read_to_string(fixture("seed.txt")).unwrap();
    let chars: Vec<char> = text.chars().collect();
    for e in s.graph["edges"].as_array().unwrap() {
        for ev in e["evidence"].as_array().unwrap() {
            let span = &ev["sentence_span"];
            let (a, b) = (
                span["start"].as_u64().unwrap() as usize,
                span["end"].as_u64().unwrap() as usize,
            );
            let by_chars: String = chars[a..b].iter().collect();
            assert_eq!(by_chars, ev["sentence"].as_str().unwrap());
            let (ba, bb) = (
                span["byte_start"].as_u64().unwrap() as usize,
                span["byte_end"].as_u64().unwrap() as usize,
            );
            assert_eq!(&text[ba..bb], ev["sentence"].as_str().unwrap());
            let t = &ev["trigger_span"];
            let (ta, tb) = (
                t["start"].as_u64().unwrap() as usize,
                t["end"].as_u64().unwrap() as usize,
            );
            let trig: String = chars[ta..tb].iter().collect();
            assert_eq!(trig, ev["trigger"].as_str().unwrap());
            assert!(ta >= a && tb <= b, "trigger inside its sentence");
            assert!(ev["rule"].as_str().unwrap().contains('.'));
            assert_eq!(ev["document"], "tests/fixtures/seed.txt");
        }
    }
    for n in s.graph["nodes"].as_array().unwrap() {
        for m in n["mentions"].as_array().unwrap() {
            let (a, b) = (
                m["start"].as_u64().unwrap() as usize,
                m["end"].as_u64().unwrap() as usize,
            );
            let by_chars: String = chars[a..b].iter().collect();
            assert_eq!(by_chars, m["text"].as_str().unwrap());
        }
    }
}
