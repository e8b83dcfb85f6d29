//! Seeded generator of a large synthetic gazetteer for benchmarks (never committed): N
//! aliases of made-up people and organizations, loaded with `--gazetteer` on top of the real
//! lists.
//!
//! ```sh
//! cargo run --release --example gen_gazetteer -- --aliases 100000 > /tmp/gaz-100k.tsv
//! relgraph extract corpus.jsonl --gazetteer /tmp/gaz-100k.tsv
//! ```

use std::collections::HashSet;
use std::io::Write;

#[path = "shared/rng.rs"]
mod rng;
use rng::Rng;

const ONSETS: &[&str] = &[
    "b", "d", "f", "g", "k", "l", "m", "n", "p", "r", "s", "t", "v", "z", "br", "dr", "kr", "st",
    "tr", "sh", "ch", "gr",
];
const VOWELS: &[&str] = &["a", "e", "i", "o", "u", "ai", "ou", "ia", "é", "ö"];
const CODAS: &[&str] = &["", "", "n", "r", "s", "l", "v", "k", "m", "nd", "st"];

fn word(rng: &mut Rng, syllables: usize) -> String {
    let mut w = String::new();
    for _ in 0..syllables {
        w.push_str(ONSETS[rng.below(ONSETS.len())]);
        w.push_str(VOWELS[rng.below(VOWELS.len())]);
    }
    w.push_str(CODAS[rng.below(CODAS.len())]);
    let mut c = w.chars();
    let first = c.next().unwrap().to_uppercase().collect::<String>();
    first + c.as_str()
}

fn main() {
    let mut aliases = 100_000usize;
    let mut seed = 7u64;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--aliases" => aliases = args.next().and_then(|v| v.parse().ok()).expect("N"),
            "--seed" => seed = args.next().and_then(|v| v.parse().ok()).expect("N"),
            _ => panic!("usage: gen_gazetteer [--aliases N] [--seed N] > gazetteer.tsv"),
        }
    }
    let mut rng = Rng(seed);
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    writeln!(
        out,
        "# synthetic gazetteer for benchmarks, seed {seed}, {aliases} aliases"
    )
    .unwrap();
    writeln!(out, "id\ttype\tname\taliases").unwrap();
    let mut seen = HashSet::new();
    let mut count = 0usize;
    let mut n = 0usize;
    while count < aliases {
        n += 1;
        let person = rng.below(2) == 0;
        let name = if person {
            let syllables = 2 + rng.below(2);
            format!("{} {}", word(&mut rng, 2), word(&mut rng, syllables))
        } else {
            format!(
                "{} {} {}",
                word(&mut rng, 2),
                word(&mut rng, 3),
                [
                    "Group",
                    "Holdings",
                    "Institute",
                    "Front",
                    "Party",
                    "Council"
                ][rng.below(6)]
            )
        };
        if !seen.insert(name.clone()) {
            continue;
        }
        // Each entity: its name plus zero to two aliases (initials, a short form).
        let mut extra = Vec::new();
        if rng.below(2) == 0 {
            let alt = format!("{} {}", word(&mut rng, 1), name);
            if seen.insert(alt.clone()) {
                extra.push(alt);
            }
        }
        let (ty, prefix) = if person {
            ("PERSON", "person")
        } else {
            ("ORG", "org")
        };
        count += 1 + extra.len();
        writeln!(out, "{prefix}:syn-{n}\t{ty}\t{name}\t{}", extra.join("|")).unwrap();
    }
    out.flush().unwrap();
}
