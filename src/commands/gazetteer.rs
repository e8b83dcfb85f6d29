//! `relgraph gazetteer check`.

use std::io::Write;
use std::path::PathBuf;

use super::load_gazetteer;
use crate::cli::GazetteerArgs;

pub fn check(files: &[PathBuf], no_defaults: bool) -> anyhow::Result<u8> {
    let args = GazetteerArgs {
        gazetteers: files.to_vec(),
        no_default_gazetteers: no_defaults,
    };
    let g = load_gazetteer(&args)?;
    let matcher = relgraph::Matcher::new(&g)?;
    let mut out = std::io::stdout().lock();
    for kind in [
        relgraph::EntityType::Country,
        relgraph::EntityType::Person,
        relgraph::EntityType::Org,
        relgraph::EntityType::Location,
    ] {
        let n = g
            .entities()
            .iter()
            .filter(|e| e.entity_type() == kind)
            .count();
        writeln!(out, "{kind:<9} {n}")?;
    }
    writeln!(out, "offices   {}", g.offices().len())?;
    writeln!(out, "titles    {}", g.titles().len())?;
    writeln!(
        out,
        "aliases   {} distinct folded forms",
        matcher.pattern_count()
    )?;
    for s in g.sources() {
        writeln!(
            out,
            "loaded    {} {} {}",
            s.name,
            s.version.as_deref().unwrap_or("-"),
            s.sha256
        )?;
    }
    writeln!(out, "ok")?;
    Ok(0)
}
