//! relgraph embedded in another program, through the library's front door only: build a
//! pipeline, process a couple of documents, aggregate them into a graph and write it as
//! node-link JSON and Graphviz DOT to stdout.
//!
//! ```sh
//! cargo run --example embed --no-default-features
//! ```

use std::io::Write;

use relgraph::export::{self, Format, Provenance};
use relgraph::{Date, Document, ErrorKind, Graph, Pipeline};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    // The embedded gazetteers and rules; `Pipeline::builder().gazetteer(..).rules(..)` takes
    // your own.
    let pipeline = Pipeline::builder().build()?;

    let docs = [
        Document::new(
            "ankara",
            "Azeri President Ilham Aliyev spoke by phone with Turkish President Recep Tayyip Erdoğan.",
        )
        .with_date(Some(Date::parse("2020-12-22")?)),
        Document::new("doha", "Qatar mediated between Israel and Hamas."),
    ];

    let mut graph = Graph::new();
    for doc in &docs {
        let result = pipeline.process(doc);
        for r in &result.relations {
            let args: Vec<&str> = r.args.iter().map(|a| a.name.as_ref()).collect();
            eprintln!("{}: {} {:?}", result.document, r.kind.as_str(), args);
        }
        graph.add(&result);
    }

    let provenance = Provenance::of(&pipeline);
    let mut out = std::io::stdout().lock();
    for format in [Format::Json, Format::Dot] {
        export::write(&graph, &provenance, format, &mut out)?;
        writeln!(out)?;
    }

    // Errors say what kind of problem they are.
    let bad = Date::parse("2020-13-45").unwrap_err();
    assert_eq!(bad.kind(), ErrorKind::InvalidValue);
    Ok(())
}
