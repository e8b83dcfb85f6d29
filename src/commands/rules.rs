//! `relgraph rules test`.

use std::io::Write;
use std::path::PathBuf;

use crate::Pipeline;

use super::{load_gazetteer, load_rules, EXIT_FATAL};
use crate::cli::GazetteerArgs;

pub(crate) fn test(files: &[PathBuf], gazetteers: &GazetteerArgs) -> anyhow::Result<u8> {
    let rules = load_rules(files, files.is_empty())?;
    let count = rules.rules().len();
    let examples: usize = rules
        .rules()
        .iter()
        .map(|r| r.examples.len() + r.counterexamples.len())
        .sum();
    let pipeline = Pipeline::builder()
        .gazetteer(load_gazetteer(gazetteers)?)
        .rules(rules)
        .build()?;
    let failures = pipeline.test_rules();
    let mut out = std::io::stdout().lock();
    for f in &failures {
        writeln!(
            out,
            "FAIL {} ({})\n  text: {}\n  {}",
            f.rule, f.origin, f.text, f.problem
        )?;
    }
    writeln!(
        out,
        "{count} rules, {examples} examples and counterexamples: {} failed",
        failures.len()
    )?;
    Ok(if failures.is_empty() { 0 } else { EXIT_FATAL })
}
