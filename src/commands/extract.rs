//! `relgraph extract`: inputs → pipeline → graph → output files.

use std::time::Instant;

use anyhow::Context;
use relgraph::export::{self, Provenance};
use relgraph::graph::Limits;
use relgraph::parallel::{self, Batching};
use relgraph::{input, Graph, Pipeline};

use super::{load_gazetteer, load_rules, sanitize, write_atomically, EXIT_PARTIAL};
use crate::cli::ExtractArgs;

fn output_name(args: &ExtractArgs) -> String {
    if let Some(n) = &args.name {
        return n.clone();
    }
    match &args.inputs[..] {
        [one] if one.as_os_str() == "-" => "stdin".into(),
        [one] => one
            .file_stem()
            .map(|s| s.to_owned())
            .or_else(|| one.canonicalize().ok()?.file_name().map(|n| n.to_owned()))
            .map(|s| sanitize(&s.to_string_lossy()))
            .filter(|s| !s.is_empty())
            .unwrap_or_else(|| "graph".into()),
        _ => "graph".into(),
    }
}

pub fn run(args: ExtractArgs) -> anyhow::Result<u8> {
    let started = Instant::now();
    let gazetteer = load_gazetteer(&args.gazetteers)?;
    let rules = load_rules(&args.rules, !args.no_default_rules)?;
    let pipeline = Pipeline::builder()
        .gazetteer(gazetteer)
        .rules(rules)
        .build()?;

    let (sources, errors) = input::expand(&args.inputs);
    let mut skipped = errors.len();
    for e in &errors {
        eprintln!("relgraph: warning: {e}");
    }
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(args.scale.threads())
        .build()
        .context("starting worker threads")?;
    let mut graph = Graph::with_limits(args.scale.limits.over(Limits::default()));
    let mut documents = 0usize;
    let mut bytes = 0usize;
    // Streams every input; a bad record or input is reported as it is met, and skipped.
    let input_format = args.scale.input_format.into();
    let docs = sources
        .iter()
        .flat_map(|source| input::documents(source, args.document_date, input_format))
        .filter_map(|d| match d {
            Ok(d) => Some(d),
            Err(e) => {
                eprintln!("relgraph: warning: {e}");
                skipped += 1;
                None
            }
        });
    // Results arrive in input order whatever the thread count; per-document writers plug in
    // here, next to the graph.
    parallel::process_in_order(&pipeline, &pool, docs, Batching::default(), |result| {
        bytes += result.bytes;
        documents += 1;
        graph.add(&result);
        Ok::<(), anyhow::Error>(())
    })?;
    if documents == 0 && skipped > 0 {
        anyhow::bail!("no input could be read; no output written");
    }

    let provenance = Provenance::of(&pipeline);
    if args.output.as_os_str() == "-" {
        super::merge::write_stdout(&graph, &provenance, &args.format)?;
        return Ok(if skipped == 0 { 0 } else { EXIT_PARTIAL });
    }
    std::fs::create_dir_all(&args.output)
        .with_context(|| format!("creating output folder {}", args.output.display()))?;
    let name = output_name(&args);
    let mut formats = args.format.clone();
    formats.sort();
    formats.dedup();
    let mut written = Vec::new();
    for format in formats {
        let path = args.output.join(format!("{name}.{}", format.extension()));
        write_atomically(&path, |w| export::write(&graph, &provenance, format, w))?;
        written.push(path.display().to_string());
    }
    if !args.quiet {
        let secs = started.elapsed().as_secs_f64();
        eprintln!(
            "relgraph: {documents} document{}, {} entities, {} relations, {} unresolved, {} skipped input{}; {:.2} s, {:.1} MB/s → {}",
            if documents == 1 { "" } else { "s" },
            graph.node_count(),
            graph.edge_count(),
            graph.totals().unresolved,
            skipped,
            if skipped == 1 { "" } else { "s" },
            secs,
            bytes as f64 / 1e6 / secs.max(1e-9),
            written.join(", ")
        );
    }
    Ok(if skipped == 0 { 0 } else { EXIT_PARTIAL })
}
