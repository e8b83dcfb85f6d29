//! One module per subcommand, plus what they share: loading lists and rules, safe file names
//! and atomic writes. Each `run` returns the process exit code.

pub(crate) mod eval;
pub(crate) mod explain;
pub(crate) mod export;
pub(crate) mod extract;
pub(crate) mod gazetteer;
pub(crate) mod merge;
pub(crate) mod outputs;
pub(crate) mod rules;
pub(crate) mod ui;

use std::path::PathBuf;

use crate::{Gazetteer, RuleSet};
use anyhow::Context;

use crate::cli::GazetteerArgs;

/// Exit codes, documented in `--help` and the README.
pub(crate) const EXIT_PARTIAL: u8 = 1;
/// Usage error: flags that do not go together (clap exits with 2 for the ones it checks).
pub(crate) const EXIT_USAGE: u8 = 2;
/// Fatal error: nothing written.
pub(crate) const EXIT_FATAL: u8 = 3;

pub(crate) fn load_gazetteer(args: &GazetteerArgs) -> anyhow::Result<Gazetteer> {
    let mut b = Gazetteer::builder();
    b.defaults(!args.no_default_gazetteers);
    for p in &args.gazetteers {
        b.add_path(p);
    }
    let g = b.build().context("loading gazetteers")?;
    for w in g.warnings() {
        ui::warning(w);
    }
    Ok(g)
}

pub(crate) fn load_rules(files: &[PathBuf], defaults: bool) -> anyhow::Result<RuleSet> {
    let mut all: Vec<(PathBuf, String)> = Vec::new();
    if defaults {
        let (name, text) = crate::gazetteer::defaults::RULES;
        all.push((PathBuf::from(format!("default:{name}")), text.to_string()));
    }
    for f in files {
        let text = std::fs::read_to_string(f)
            .with_context(|| format!("reading rule file {}", f.display()))?;
        all.push((f.clone(), text));
    }
    RuleSet::parse(&all).context("loading relation rules")
}

/// A file name that stays inside the output folder: no separators, no leading dot, no NUL.
pub(crate) fn sanitize(name: &str) -> String {
    let s: String = name
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || matches!(c, '-' | '_' | '.') {
                c
            } else {
                '_'
            }
        })
        .collect();
    s.trim_start_matches('.').to_string()
}
