//! Seeded sentences in the shape of tagged text, made from the rules' own examples, for tests
//! that check a way of running the rules against running every rule plainly.

use proptest::prelude::Rng;
use proptest::test_runner::{RngAlgorithm, TestRng};

use super::RuleSet;

/// `count` ASCII sentences built from the words of `rules`' examples and counterexamples and
/// from tags of every kind, the same for the same rules: every other one is random words, the
/// rest an example with its capitalised words turned into random tags and one word changed
/// (near misses, which the rules must tell apart).
pub(crate) fn tagged_sentences(rules: &RuleSet, count: usize) -> Vec<String> {
    let mut words: Vec<String> = rules
        .rules()
        .iter()
        .flat_map(|r| {
            let examples = r.examples.iter().map(|e| e.text.as_str());
            examples.chain(r.counterexamples.iter().map(String::as_str))
        })
        .flat_map(str::split_whitespace)
        .filter(|w| w.is_ascii())
        .map(str::to_string)
        .collect();
    words.sort();
    words.dedup();
    for (i, tag) in ["Pn", "Ps", "Cn", "Ca", "On", "Ln", "To", "Th"]
        .iter()
        .enumerate()
    {
        for _ in 0..words.len() / 40 {
            words.push(format!("\x01{tag}{i}\x02"));
        }
    }
    words.extend(["'s", ",", "-", "and", "with", "between", "of"].map(String::from));
    // proptest's deterministic generator: the same sentences on every run.
    let mut rng = TestRng::deterministic_rng(RngAlgorithm::ChaCha);
    let mut next = move |n: usize| (rng.next_u64() % n as u64) as usize;
    let tags: Vec<String> = words
        .iter()
        .filter(|w| w.starts_with('\x01'))
        .cloned()
        .collect();
    let examples: Vec<&str> = rules
        .rules()
        .iter()
        .flat_map(|r| r.examples.iter().map(|e| e.text.as_str()))
        .filter(|t| t.is_ascii())
        .collect();
    (0..count)
        .map(|round| {
            if round % 2 == 0 {
                // Random words.
                let len = 2 + next(14);
                let sentence: Vec<&str> = (0..len)
                    .map(|_| words[next(words.len())].as_str())
                    .collect();
                sentence.join(" ")
            } else {
                // An example with its capitalised words as random tags, and one word changed.
                let mut sentence: Vec<&str> = examples[next(examples.len())]
                    .split_whitespace()
                    .map(|w| match w.starts_with(|c: char| c.is_ascii_uppercase()) {
                        true => tags[next(tags.len())].as_str(),
                        false => w,
                    })
                    .collect();
                let at = next(sentence.len());
                sentence[at] = words[next(words.len())].as_str();
                sentence.join(" ")
            }
        })
        .collect()
}
