//! `relgraph extract`: inputs → pipeline → graph → output files.

use std::time::Instant;

use anyhow::Context;
use relgraph::export::{self, Provenance};
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
    let rules = load_rules(&args.rules.rules, !args.rules.no_default_rules)?;
    let pipeline = Pipeline::builder()
        .gazetteer(gazetteer)
        .rules(rules)
        .build()?;

    let (sources, mut errors) = input::expand(&args.inputs);
    let mut graph = Graph::new();
    let mut documents = 0usize;
    let mut bytes = 0usize;
    for source in &sources {
        let (docs, errs) = input::read(source, args.document_date);
        errors.extend(errs);
        for doc in docs {
            bytes += doc.text.len();
            documents += 1;
            graph.add(&pipeline.process(&doc));
        }
    }
    for e in &errors {
        eprintln!("relgraph: warning: {e}");
    }
    if documents == 0 && !errors.is_empty() {
        anyhow::bail!("no input could be read; no output written");
    }

    std::fs::create_dir_all(&args.output)
        .with_context(|| format!("creating output folder {}", args.output.display()))?;
    let provenance = Provenance::of(&pipeline);
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
            graph.unresolved().len(),
            errors.len(),
            if errors.len() == 1 { "" } else { "s" },
            secs,
            bytes as f64 / 1e6 / secs.max(1e-9),
            written.join(", ")
        );
    }
    Ok(if errors.is_empty() { 0 } else { EXIT_PARTIAL })
}
