//! `relgraph merge`: partial results (JSON graphs or JSON Lines streams, one per shard of a
//! corpus) → the graph of the whole corpus, byte-for-byte what one `extract` over the whole
//! corpus writes.

use std::io::{BufRead, BufReader, Read};
use std::path::Path;

use crate::export::Provenance;
use crate::filter::{DateWindow, GraphFilter};
use crate::graph::{Limits, MergeReport};
use crate::import::{self, Imported};
use crate::Graph;
use anyhow::Context;

use crate::cli::scale::MergeArgs;

/// Reads one input, a JSON graph or a JSON Lines stream (told apart by the first line, so
/// stdin and any file name work). A stream is rebuilt into a graph with `limits`, from its
/// documents in `window` (a graph's documents are left to [`DateWindow::apply`]); `true` for a
/// stream.
fn read(path: &Path, limits: Limits, window: &DateWindow) -> anyhow::Result<(Imported, bool)> {
    let reader: Box<dyn Read> = if path.as_os_str() == "-" {
        Box::new(std::io::stdin().lock())
    } else {
        Box::new(std::fs::File::open(path).with_context(|| format!("opening {}", path.display()))?)
    };
    let mut reader = BufReader::with_capacity(1 << 16, reader);
    let mut first = Vec::new();
    reader
        .read_until(b'\n', &mut first)
        .with_context(|| format!("reading {}", path.display()))?;
    let jsonl = import::looks_like_jsonl(&first);
    let whole = std::io::Cursor::new(first).chain(reader);
    Ok(if jsonl {
        (import::read_jsonl_in(path, whole, limits, window)?, true)
    } else {
        (import::read_json(path, whole)?, false)
    })
}

/// Warns about documents read twice, by id (the first few of each kind).
pub(crate) fn warn_repeated(input: &str, report: &MergeReport, how: &str) {
    const SHOWN: usize = 5;
    let list = |ids: &[String]| {
        let mut s: Vec<String> = ids.iter().take(SHOWN).map(|id| format!("{id:?}")).collect();
        if ids.len() > SHOWN {
            s.push(format!("and {} more", ids.len() - SHOWN));
        }
        s.join(", ")
    };
    let n = |k: usize| if k == 1 { "document" } else { "documents" };
    if !report.duplicates.is_empty() {
        super::ui::warning(&format!(
            "{input}: {} {} {how} with the same content, counted once: {}",
            report.duplicates.len(),
            n(report.duplicates.len()),
            list(&report.duplicates)
        ));
    }
    if !report.replaced.is_empty() {
        super::ui::warning(&format!(
            "{input}: {} {} {how} with another content (another SHA-256), replaced by this version: {}",
            report.replaced.len(),
            n(report.replaced.len()),
            list(&report.replaced)
        ));
    }
}

pub(crate) fn run(args: MergeArgs) -> anyhow::Result<u8> {
    let started = std::time::Instant::now();
    if let Some(code) = super::outputs::check_stdout(&args.format, &args.output) {
        return Ok(code);
    }
    // Arguments that cannot work together are usage errors (exit 2), found before any input
    // is read.
    if args.inputs.iter().filter(|p| p.as_os_str() == "-").count() > 1 {
        super::ui::error("`-` (stdin) can be given only once");
        return Ok(super::EXIT_USAGE);
    }
    if let Some(f) = args.format.iter().find(|f| f.is_streamed()) {
        super::ui::error(&format!(
            "--format {f} is written by `extract` while it reads documents; merge writes graphs \
             (dot, json, cyjs, graphml, gexf, csv, svg, png, html)"
        ));
        return Ok(super::EXIT_USAGE);
    }
    let window = DateWindow::new(args.since, args.until)?;
    // Each input is merged as soon as it is read and then dropped, so memory holds the merged
    // graph and one input, however many shards there are. Merging is associative and
    // commutative, and capping early to limits no tighter than the final ones keeps the same
    // smallest items, so this equals merging everything at the end.
    let unbounded = Limits {
        max_evidence: usize::MAX,
        max_mentions: usize::MAX,
        max_documents: usize::MAX,
        max_unresolved: usize::MAX,
    };
    let mut graph = Graph::with_limits(args.limits.over(unbounded));
    let mut kept: Option<Limits> = None;
    let mut provenances: Vec<Provenance> = Vec::with_capacity(args.inputs.len());
    // A stream keeps everything, so it is read straight into the requested caps.
    let stream_limits = args.limits.over(Limits::default());
    let mut outside = 0usize;
    let mut gazetteers = Vec::new();
    for p in &args.inputs {
        let (mut part, stream) = read(p, stream_limits, &window)?;
        // Before merging: documents outside the window never reach the merged graph, so its
        // counts and timelines are the window's, as `extract --since/--until` gives them.
        let taken_out = window
            .apply(&mut part.graph)
            .with_context(|| p.display().to_string())?;
        outside += part.outside + taken_out;
        if stream || taken_out > 0 {
            // A stream holds documents, not nodes, and a graph's offices may be as of a
            // document taken out: the attributes come from the gazetteer the input was made
            // with, as `extract` gives them.
            let input = p.display().to_string();
            let sources = &part.provenance.gazetteers;
            super::annotate_from(&mut part.graph, sources, &mut gazetteers, &input);
        }
        if !part.graph.keeps_ledger() {
            super::ui::warning(&format!(
                "{}: keeps no document ledger (made with --no-ledger): documents it shares with \
                 the other inputs cannot be recognised and are counted twice, and the merged \
                 graph keeps no ledger",
                p.display()
            ));
        }
        if let Some(first) = provenances.first() {
            if let Some(why) = import::provenance_mismatch(first, &part.provenance) {
                let first_name = args.inputs[0].display();
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
        let limits = part.graph.limits();
        kept = Some(kept.map_or(limits, |k| k.min(limits)));
        warn_repeated(&p.display().to_string(), &part.repeated, "more than once");
        let report = graph.merge(&part.graph);
        warn_repeated(&p.display().to_string(), &report, "already merged");
        provenances.push(part.provenance);
    }
    let kept = kept.expect("at least one input");
    let limits = args.limits.over(kept);
    if limits.min(kept) != limits {
        eprintln!(
            "relgraph: warning: the inputs kept at most {} evidence items, {} mentions, {} documents and {} unresolved mentions; the merged graph cannot keep more",
            kept.max_evidence, kept.max_mentions, kept.max_documents, kept.max_unresolved
        );
    }
    debug_assert_eq!(graph.limits(), limits.min(kept));
    if !args.quiet {
        super::outputs::report_outside(outside, &window);
    }
    if args.no_ledger {
        graph.drop_ledger();
    }
    let mut provenance = import::canonical_provenance(&provenances);
    let filter = GraphFilter {
        drop_isolates: args.isolates.drop_isolates,
        ..Default::default()
    };
    if let Some(selection) = super::outputs::describe_selection(&window, &filter) {
        provenance.filter = Some(match provenance.filter.take() {
            Some(f) => format!("{f} {selection}"),
            None => selection,
        });
    }
    let graph = filter.apply(graph);
    let written = super::outputs::write_graph(
        &graph,
        &provenance,
        &crate::export::DocumentTexts::new(),
        &args.format,
        &args.output,
        &args.name,
        super::outputs::Streams::default(),
        args.isolates.keep_isolates,
    )?;
    if !args.quiet {
        eprintln!(
            "relgraph: merged {} graph{} ({} documents): {} entities, {} relations; {:.2} s → {}",
            provenances.len(),
            if provenances.len() == 1 { "" } else { "s" },
            graph.totals().documents,
            graph.node_count(),
            graph.edge_count(),
            started.elapsed().as_secs_f64(),
            written.join(", ")
        );
    }
    Ok(0)
}
