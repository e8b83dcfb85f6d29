//! Seeded generator of a news-like JSON Lines corpus for benchmarks (never committed).
//!
//! Entities are drawn with a Zipf-like skew from a seeded shuffle of each list, as in real
//! news. Sentences mix real entity names from the embedded gazetteers (countries, demonyms,
//! leaders, organizations, places) in relation phrasings the rules know (meetings, talks,
//! alliances, offices, mediation, conflict, agreements), the rules' own example sentences,
//! and entity-free filler, at roughly the density of wire copy. Same seed, same bytes.
//!
//! ```sh
//! cargo run --release --example gen_corpus -- --mb 10 --seed 1 > /tmp/corpus-10.jsonl
//! ```

use std::io::Write;

// The crate's own list, so the corpus names days exactly as the tokenizer knows them.
use relgraph::__private::WEEKDAYS;
use relgraph::{EntityType, Pipeline};

#[path = "shared/rng.rs"]
mod rng;
use rng::Rng;

const FILLER: &[&str] = &[
    "Prices rose 3.2 percent in the year to March, the statistics office said on Tuesday.",
    "The announcement came after weeks of speculation about the timing of the decision.",
    "Analysts said the move was widely expected and would have little immediate effect.",
    "Heavy rain disrupted traffic in the capital for a second day, officials said.",
    "The report, which has not been made public, was seen by reporters on Wednesday.",
    "Shares closed slightly lower after a volatile session, traders said.",
    "A spokesman declined to give further details, citing the ongoing investigation.",
    "The talks are expected to continue next week, according to people familiar with the matter.",
    "Turnout was higher than in the previous election, the electoral commission said.",
    "It was not immediately clear how many people were affected by the outage.",
];

fn main() {
    let mut mb = 10.0f64;
    let mut seed = 1u64;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--mb" => mb = args.next().and_then(|v| v.parse().ok()).expect("--mb N"),
            "--seed" => seed = args.next().and_then(|v| v.parse().ok()).expect("--seed N"),
            _ => panic!("usage: gen_corpus [--mb N] [--seed N] > corpus.jsonl"),
        }
    }
    let pipeline = Pipeline::builder()
        .build()
        .expect("embedded gazetteers load");
    let g = pipeline.gazetteer();
    let of = |t: EntityType| -> Vec<String> {
        g.entities()
            .iter()
            .filter(|e| e.entity_type() == t)
            .map(|e| e.name.clone())
            .collect()
    };
    let mut countries = of(EntityType::Country);
    let mut people = of(EntityType::Person);
    let mut orgs = of(EntityType::Org);
    let mut places = of(EntityType::Location);
    let mut demonyms: Vec<String> = g
        .entities()
        .iter()
        .flat_map(|e| e.demonyms.iter().take(1).cloned())
        .collect();
    let examples: Vec<String> = pipeline
        .rules()
        .rules()
        .iter()
        .flat_map(|r| r.examples.iter().map(|e| e.text.clone()))
        .collect();

    let mut rng = Rng(seed);
    rng.shuffle(&mut countries);
    rng.shuffle(&mut people);
    rng.shuffle(&mut orgs);
    rng.shuffle(&mut places);
    rng.shuffle(&mut demonyms);
    let target = (mb * 1e6) as usize;
    let mut written = 0usize;
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let mut n = 0usize;
    while written < target {
        let sentences = 6 + rng.below(30);
        let mut text = String::new();
        for _ in 0..sentences {
            if !text.is_empty() {
                text.push(' ');
            }
            let c1 = rng.zipf(&countries).clone();
            let c2 = rng.zipf(&countries).clone();
            let p1 = rng.zipf(&people).clone();
            let p2 = rng.zipf(&people).clone();
            let o = rng.zipf(&orgs).clone();
            let l = rng.zipf(&places).clone();
            let d = rng.zipf(&demonyms).clone();
            let day = rng.pick(&WEEKDAYS);
            let s = match rng.below(20) {
                0 => format!("{d} President {p1} met {p2} in {l} on {day}."),
                1 => format!("{c1} and {c2} signed an agreement on trade and energy on {day}."),
                2 => format!("{o} said in a statement that {c1} would send more troops to {l}."),
                3 => format!("{c1} accused {c2} of violating the ceasefire near {l}."),
                4 => format!("{p1} told reporters that talks with {c2} would continue next week."),
                5 => format!("{c1} offered to mediate between {c2} and its neighbours."),
                6 => format!("{p1} spoke by phone with {p2} about the situation in {l}."),
                7 => format!("Officials in {l} declined to comment on the report by {o}."),
                8 => format!("{d} Foreign Minister {p1} arrived in {l} for talks with {c2}."),
                9 => format!("{c1} and {c2} remain in conflict over the disputed border."),
                10 | 11 => rng.pick(&examples).clone(),
                _ => rng.pick(FILLER).to_string(),
            };
            text.push_str(&s);
        }
        n += 1;
        let line = serde_json::json!({
            "id": format!("gen-{seed}-{n:08}"),
            "date": format!("20{:02}-{:02}-{:02}", 15 + rng.below(10), 1 + rng.below(12), 1 + rng.below(28)),
            "title": format!("Story {n}"),
            "text": text,
        })
        .to_string();
        written += line.len() + 1;
        writeln!(out, "{line}").expect("write");
    }
    out.flush().expect("flush");
    eprintln!("gen_corpus: {n} documents, {:.1} MB", written as f64 / 1e6);
}
