//! `relgraph merge`: partial graphs (one per shard of a corpus) → the graph of the whole
//! corpus, byte-for-byte what one `extract` over the whole corpus writes.

use std::path::Path;

use anyhow::Context;
use relgraph::graph::Limits;
use relgraph::import::{self, Imported};
use relgraph::Graph;

use crate::cli::scale::MergeArgs;

fn read(path: &Path) -> anyhow::Result<Imported> {
    if path.as_os_str() == "-" {
        return Ok(import::read_json(Path::new("-"), std::io::stdin().lock())?);
    }
    let f = std::fs::File::open(path).with_context(|| format!("opening {}", path.display()))?;
    Ok(import::read_json(path, f)?)
}

pub fn run(args: MergeArgs) -> anyhow::Result<u8> {
    let started = std::time::Instant::now();
    if args.inputs.iter().filter(|p| p.as_os_str() == "-").count() > 1 {
        anyhow::bail!("`-` (stdin) can be given only once");
    }
    let mut parts: Vec<(String, Imported)> = Vec::with_capacity(args.inputs.len());
    for p in &args.inputs {
        let part = read(p)?;
        if let Some((first_name, first)) = parts.first() {
            if let Some(why) = import::provenance_mismatch(&first.provenance, &part.provenance) {
                if !args.force {
                    anyhow::bail!(
                        "{} and {} were {why}; their graphs cannot be compared (use --force to merge anyway)",
                        first_name,
                        p.display()
                    );
                }
                eprintln!(
                    "relgraph: warning: {} and {} were {why}; merging anyway (--force)",
                    first_name,
                    p.display()
                );
            }
        }
        parts.push((p.display().to_string(), part));
    }
    let kept = parts
        .iter()
        .map(|(_, p)| p.graph.limits())
        .reduce(Limits::min)
        .expect("at least one input");
    let limits = args.limits.over(kept);
    if limits.min(kept) != limits {
        eprintln!(
            "relgraph: warning: the inputs kept at most {} evidence items, {} mentions, {} documents and {} unresolved mentions; the merged graph cannot keep more",
            kept.max_evidence, kept.max_mentions, kept.max_documents, kept.max_unresolved
        );
    }
    let provenance = import::canonical_provenance(parts.iter().map(|(_, p)| &p.provenance));
    let mut graph = Graph::with_limits(limits.min(kept));
    for (_, p) in &parts {
        graph.merge(&p.graph);
    }
    let written = super::outputs::write_graph(
        &graph,
        &provenance,
        &relgraph::export::DocumentTexts::new(),
        &args.format,
        &args.output,
        &args.name,
        None,
    )?;
    if !args.quiet {
        eprintln!(
            "relgraph: merged {} graph{} ({} documents): {} entities, {} relations; {:.2} s → {}",
            parts.len(),
            if parts.len() == 1 { "" } else { "s" },
            graph.totals().documents,
            graph.node_count(),
            graph.edge_count(),
            started.elapsed().as_secs_f64(),
            written.join(", ")
        );
    }
    Ok(0)
}
