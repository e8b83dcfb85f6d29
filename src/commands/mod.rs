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

/// The gazetteer a run loaded, loaded again from the sources its provenance names: the
/// embedded defaults and the files, if they still hash the same. `None` if that cannot be
/// done (a file moved or changed), so that a graph rebuilt from documents (a stream, a
/// store) gets its nodes' identifiers and attributes from the very lists that resolved them,
/// or none.
pub(crate) fn gazetteer_of(sources: &[crate::gazetteer::SourceInfo]) -> Option<Gazetteer> {
    let mut b = Gazetteer::builder();
    b.defaults(sources.iter().any(|s| s.name.starts_with("default:")));
    for s in sources.iter().filter(|s| !s.name.starts_with("default:")) {
        b.add_path(&s.name);
    }
    b.build().ok().filter(|g| g.sources() == sources)
}

/// Annotates `graph` ([`crate::Graph::annotate`]) with the gazetteer of `sources`, loaded
/// once into `cache` for all the inputs that share them; warns when they cannot be loaded.
pub(crate) fn annotate_from(
    graph: &mut crate::Graph,
    sources: &[crate::gazetteer::SourceInfo],
    cache: &mut Vec<(Vec<crate::gazetteer::SourceInfo>, Option<Gazetteer>)>,
    input: &str,
) {
    let i = match cache.iter().position(|(s, _)| s == sources) {
        Some(i) => i,
        None => {
            cache.push((sources.to_vec(), gazetteer_of(sources)));
            cache.len() - 1
        }
    };
    match &cache[i].1 {
        Some(g) => graph.annotate(g),
        None => ui::warning(&format!(
            "{input}: the gazetteers it was made with cannot be loaded again (moved or \
             changed), so the identifiers and offices of its entities cannot be looked up"
        )),
    }
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
