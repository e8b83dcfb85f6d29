//! `relgraph extract`: inputs → pipeline (all cores, results in input order) → graph →
//! output files.

use std::time::Instant;

use crate::export::{self, count_noun, DocumentTexts, Provenance};
use crate::filter::{DateWindow, GraphFilter};
use crate::graph::Limits;
use crate::parallel::{self, Batching};
use crate::{input, Graph, Pipeline};
use anyhow::Context;

use super::outputs::{write_graph, Stream, Streams};
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

/// The summary's relation count: the graph's relations, and the statements they rest on
/// (`graph.totals.relations`) where a relation is stated more than once.
fn relations_line(edges: usize, statements: usize) -> String {
    let mut line = count_noun(edges, "relation", "relations");
    if statements != edges {
        line.push_str(&format!(
            " ({})",
            count_noun(statements, "statement", "statements")
        ));
    }
    line
}

pub(crate) fn run(args: ExtractArgs) -> anyhow::Result<u8> {
    if let Some(code) = super::outputs::check_stdout(&args.format, &args.output) {
        return Ok(code);
    }
    let started = Instant::now();
    let gazetteer = load_gazetteer(&args.gazetteers)?;
    let rules = load_rules(&args.rules.rules, !args.rules.no_default_rules)?;
    let pipeline = Pipeline::builder()
        .gazetteer(gazetteer)
        .rules(rules)
        .build()?;

    let input::Expanded {
        sources,
        errors,
        folders,
    } = input::expand(&args.inputs);
    let mut skipped = errors.len();
    for e in &errors {
        ui::warning(&e.to_string());
    }
    // A folder scan that left files out says so in one line; one with nothing to read makes
    // the run partial (exit 1), whatever else was read.
    for scan in &folders {
        if let Some(line) = scan.describe() {
            ui::warning(&line);
        }
    }
    let empty_folders = folders.iter().filter(|f| f.is_empty()).count();
    let filter = GraphFilter {
        types: (!args.types.is_empty()).then(|| args.types.iter().copied().collect()),
        min_weight: args.min_weight,
        top: args.top,
        drop_isolates: args.isolates.drop_isolates,
    };
    let window = DateWindow::new(args.since, args.until)?;
    // Documents outside the window: read and processed (their date may come from their
    // text), then left out of every output.
    let mut outside = 0usize;
    let name = output_name(&args);
    let keep_texts = args.format.iter().any(|f| f.needs_texts());
    let mut texts = DocumentTexts::new();
    // JSON Lines and event records are written as documents complete, in input order.
    let mut streams = Stream::start_all(&args.format, &args.output, &name, &filter)?;
    // The store is opened (and a store it cannot write refused) before any work.
    let mut store = match &args.store {
        Some(p) => Some(crate::store::Store::open(p)?),
        None => None,
    };
    let mut store_writer = match &mut store {
        Some(s) => Some(s.begin()?),
        None => None,
    };
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(args.scale.threads())
        .build()
        .context("starting worker threads")?;
    let mut graph = Graph::with_limits(args.scale.limits.over(Limits::default()));
    if args.no_ledger {
        graph.drop_ledger();
    }
    let mut documents = 0usize;
    let mut bytes = 0usize;
    // Every mention of each document, for the report (the graph keeps only the first few per
    // entity); joined with the texts once reading is done.
    let mut doc_mentions: Vec<(String, Vec<export::TextMention>)> = Vec::new();
    let mut repeated = crate::graph::MergeReport::default();
    let bar = ui::progress(sources.len(), args.quiet);
    // Streams every input; a bad record or input is reported as it is met, and skipped.
    let read_options = input::ReadOptions {
        date: args.document_date,
        format: args.scale.input_format.into(),
        lossy: args.lossy,
        max_document_bytes: (args.max_document_size as usize) << 20,
    };
    let docs = sources
        .iter()
        .inspect(|_| bar.inc(1))
        .flat_map(|source| input::documents(source, &read_options))
        .filter_map(|d| match d {
            Ok(d) => {
                for w in &d.warnings {
                    ui::warning(w);
                }
                if keep_texts {
                    texts.insert(
                        d.id.clone(),
                        export::DocumentText {
                            text: d.text.clone(),
                            mentions: Vec::new(),
                        },
                    );
                }
                Some(d)
            }
            Err(e) => {
                ui::warning(&e.to_string());
                skipped += 1;
                None
            }
        });
    // Results arrive in input order whatever the thread count.
    parallel::process_in_order(&pipeline, &pool, docs, Batching::default(), |result| {
        bytes += result.bytes;
        if !window.keeps(&result) {
            outside += 1;
            return Ok(());
        }
        documents += 1;
        if let Some(w) = &mut store_writer {
            w.put(&result)?;
        }
        for stream in &mut streams {
            stream.write(&result)?;
        }
        if keep_texts {
            doc_mentions.push((
                result.document.clone(),
                result
                    .mentions
                    .iter()
                    .map(|m| {
                        (
                            m.span().byte_start..m.span().byte_end,
                            m.entity().map(|e| e.id.to_string()),
                        )
                    })
                    .collect(),
            ));
        }
        match graph.add(&result) {
            crate::graph::Added::New => {}
            crate::graph::Added::Duplicate => repeated.duplicates.push(result.document.clone()),
            crate::graph::Added::Replaced => repeated.replaced.push(result.document.clone()),
        }
        bar.set_message(format!("{documents} documents"));
        Ok::<(), anyhow::Error>(())
    })?;
    bar.finish_and_clear();
    super::merge::warn_repeated("input", &repeated, "read more than once");
    for (id, mentions) in doc_mentions {
        if let Some(t) = texts.get_mut(&id) {
            t.mentions = mentions;
        }
    }
    if documents == 0 && skipped > 0 && outside == 0 {
        anyhow::bail!("no input could be read; no output written");
    }
    if !args.quiet {
        super::outputs::report_outside(outside, &window);
    }

    // One gazetteer lookup per node, now that every document's date is in.
    graph.annotate(pipeline.gazetteer());
    let mut provenance = Provenance::of(&pipeline);
    let unfiltered = provenance.clone();
    // Nothing below needs the pipeline. Its automata, gazetteer and every worker's regex
    // caches (60 MiB on two threads) go back to the allocator for the writers to reuse: the
    // write phase of a large run no longer adds to the peak (7 ms).
    drop(pipeline);
    let graph = filter.apply(graph);
    if let Some(selection) = super::outputs::describe_selection(&window, &filter) {
        provenance.filter = Some(selection);
    }
    let summary = export::jsonl::Summary {
        provenance: provenance.clone(),
        entities: graph.node_count(),
        edges: graph.edge_count(),
        skipped,
        ..Default::default()
    };
    // On the run's pool: writers that serialize in parallel keep to `--threads`.
    let written = pool.install(|| {
        write_graph(
            &graph,
            &provenance,
            &texts,
            &args.format,
            &args.output,
            &name,
            Streams {
                open: streams,
                summary,
            },
            args.isolates.keep_isolates,
        )
    })?;
    // Last: a run that failed before this point leaves the store as it was.
    if let Some(mut w) = store_writer {
        if let Some(old) = w.set_provenance(&unfiltered)? {
            if let Some(why) = crate::import::provenance_mismatch(&old, &unfiltered) {
                ui::warning(&format!(
                    "{}: its documents so far were {why}; the store now names this run's",
                    args.store.as_ref().expect("a store").display()
                ));
            }
        }
        w.commit()?;
    }
    if !args.quiet {
        let secs = started.elapsed().as_secs_f64();
        // A rate over less than a megabyte says more about start-up than about speed.
        let rate = match bytes >= 1_000_000 {
            true => format!(", {:.1} MB/s", bytes as f64 / 1e6 / secs.max(1e-9)),
            false => String::new(),
        };
        eprintln!(
            "relgraph: {}, {}, {}, {} unresolved, {}; {secs:.2} s{rate} → {}",
            count_noun(documents, "document", "documents"),
            count_noun(graph.node_count(), "entity", "entities"),
            relations_line(graph.edge_count(), graph.totals().relations),
            graph.totals().unresolved,
            count_noun(skipped, "skipped input", "skipped inputs"),
            written.join(", ")
        );
    }
    // The process exits next: freeing the graph and the texts record by record would take
    // longer than the kernel takes to reclaim their pages (half a second for a graph of 300k
    // edges), and it would be serial time at the end of a parallel run.
    std::mem::forget((graph, texts));
    Ok(if skipped + empty_folders == 0 {
        0
    } else {
        EXIT_PARTIAL
    })
}
