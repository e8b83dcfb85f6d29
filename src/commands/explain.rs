//! `relgraph explain`.

use std::io::Write;

use crate::Pipeline;
use anyhow::Context;

use super::{load_gazetteer, load_rules};
use crate::cli::ExplainArgs;

pub(crate) fn run(args: ExplainArgs) -> anyhow::Result<u8> {
    let text = if args.text == "-" {
        std::io::read_to_string(std::io::stdin()).context("reading stdin")?
    } else if let Some(path) = args.text.strip_prefix('@') {
        std::fs::read_to_string(path).with_context(|| format!("reading {path}"))?
    } else {
        args.text.clone()
    };
    let pipeline = Pipeline::builder()
        .gazetteer(load_gazetteer(&args.gazetteers)?)
        .rules(load_rules(&args.rules.rules, !args.rules.no_default_rules)?)
        .build()?;
    let mut out = std::io::stdout().lock();
    for line in crate::explain::explain(&pipeline, &text, args.document_date) {
        writeln!(out, "{line}")?;
    }
    Ok(0)
}
