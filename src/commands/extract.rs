//! `relgraph extract`: inputs → pipeline → graph → output files.

use std::time::Instant;

use anyhow::Context;
use relgraph::export::{self, DocumentTexts, Provenance};
use relgraph::filter::GraphFilter;
use relgraph::{input, Graph, Pipeline};

use super::outputs::{JsonlStream, Staged};
use super::{load_gazetteer, load_rules, sanitize, ui, EXIT_PARTIAL};
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
    let filter = GraphFilter {
        types: (!args.types.is_empty()).then(|| args.types.iter().copied().collect()),
        min_weight: args.min_weight,
        top: args.top,
    };
    let name = output_name(&args);
    let mut formats = args.format.clone();
    formats.sort();
    formats.dedup();
    let keep_texts = formats.iter().any(|f| f.needs_texts());
    let mut texts = DocumentTexts::new();
    let mut jsonl = match formats.contains(&export::Format::Jsonl) {
        true => {
            std::fs::create_dir_all(&args.output)
                .with_context(|| format!("creating output folder {}", args.output.display()))?;
            let path = args.output.join(format!("{name}.jsonl"));
            Some(JsonlStream::start(path, &filter)?)
        }
        false => None,
    };
    let bar = ui::progress(sources.len(), args.quiet);
    let mut graph = Graph::new();
    let mut documents = 0usize;
    let mut bytes = 0usize;
    for source in &sources {
        let (docs, errs) = input::read(source, args.document_date);
        errors.extend(errs);
        for doc in docs {
            bytes += doc.text.len();
            documents += 1;
            let result = pipeline.process(&doc);
            if let Some(j) = &mut jsonl {
                j.write(&result)?;
            }
            graph.add(&result);
            if keep_texts {
                texts.insert(doc.id, doc.text);
            }
        }
        bar.inc(1);
        bar.set_message(format!("{documents} documents"));
    }
    bar.finish_and_clear();
    for e in &errors {
        ui::warning(&e.to_string());
    }
    if documents == 0 && !errors.is_empty() {
        anyhow::bail!("no input could be read; no output written");
    }

    std::fs::create_dir_all(&args.output)
        .with_context(|| format!("creating output folder {}", args.output.display()))?;
    let mut provenance = Provenance::of(&pipeline);
    let graph = filter.apply(&graph);
    if !filter.is_identity() {
        provenance.filter = Some(filter.describe());
    }
    let mut staged = Staged::default();
    for format in formats {
        if format.is_streamed() {
            let Some(j) = jsonl.take() else { continue };
            let summary = export::jsonl::Summary {
                generated_by: provenance.generated_by.clone(),
                entities: graph.node_count(),
                edges: graph.edge_count(),
                skipped: errors.len(),
                ..Default::default()
            };
            j.finish(&summary, &mut staged)?;
            continue;
        }
        for (part, suffix) in format.files().iter().enumerate() {
            let path = args.output.join(format!("{name}.{suffix}"));
            staged.stage(path, |w| {
                export::write_file(&graph, &provenance, &texts, format, part, w)
            })?;
        }
    }
    let written: Vec<String> = staged
        .commit()?
        .iter()
        .map(|p| p.display().to_string())
        .collect();
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
