//! `relgraph export`: a store (`extract --store`) → the graph of its documents (in a date
//! window, if asked) → output files, through the same writers as `extract`.

use crate::export::DocumentTexts;
use crate::filter::{DateWindow, GraphFilter};
use crate::graph::Limits;
use crate::store::Store;
use crate::Graph;

use super::outputs::{write_graph, Stream, Streams};
use super::sanitize;
use crate::cli::ExportArgs;

pub(crate) fn run(args: ExportArgs) -> anyhow::Result<u8> {
    let started = std::time::Instant::now();
    let store = Store::open_read_only(&args.store)?;
    let Some(mut provenance) = store.provenance()? else {
        anyhow::bail!(
            "{}: no run has been stored in it yet (relgraph extract … --store FILE)",
            args.store.display()
        );
    };
    let window = DateWindow::new(args.since, args.until)?;
    let filter = GraphFilter {
        types: (!args.types.is_empty()).then(|| args.types.iter().copied().collect()),
        min_weight: args.min_weight,
        top: args.top,
        drop_isolates: args.isolates.drop_isolates,
    };
    let name = match &args.name {
        Some(n) => n.clone(),
        None => args
            .store
            .file_stem()
            .map(|s| sanitize(&s.to_string_lossy()))
            .filter(|s| !s.is_empty())
            .unwrap_or_else(|| "graph".into()),
    };
    let mut streams = Stream::start_all(&args.format, &args.output, &name, &filter)?;
    let mut graph = Graph::with_limits(args.limits.over(Limits::default()));
    let documents = store.documents(&window, |doc| {
        for s in &mut streams {
            s.write(&doc)?;
        }
        graph.add(&doc);
        Ok::<(), anyhow::Error>(())
    })?;
    // The store holds documents, not nodes: attributes come from the run's gazetteer.
    let input = args.store.display().to_string();
    super::annotate_from(&mut graph, &provenance.gazetteers, &mut Vec::new(), &input);
    let graph = filter.apply(graph);
    if let Some(selection) = super::outputs::describe_selection(&window, &filter) {
        provenance.filter = Some(selection);
    }
    let summary = crate::export::jsonl::Summary {
        provenance: provenance.clone(),
        entities: graph.node_count(),
        edges: graph.edge_count(),
        ..Default::default()
    };
    let written = write_graph(
        &graph,
        &provenance,
        &DocumentTexts::new(),
        &args.format,
        &args.output,
        &name,
        Streams {
            open: streams,
            summary,
        },
        args.isolates.keep_isolates,
    )?;
    if !args.quiet {
        eprintln!(
            "relgraph: exported {documents} document{} from {}: {} entities, {} relations; {:.2} s → {}",
            if documents == 1 { "" } else { "s" },
            args.store.display(),
            graph.node_count(),
            graph.edge_count(),
            started.elapsed().as_secs_f64(),
            written.join(", ")
        );
    }
    Ok(0)
}
