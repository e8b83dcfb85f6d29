//! `relgraph merge`'s readers on arbitrary bytes, as a JSON graph and as a JSON Lines stream:
//! an error or a graph, never a panic; a graph read back merges, writes in the graph formats,
//! and reads back from its own JSON as the same JSON.
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;
use relgraph::export::{self, Format};
use relgraph::graph::Limits;
use relgraph::{import, Graph};

fuzz_target!(|data: &[u8]| {
    let path = Path::new("fuzz");
    let read = [
        import::from_slice(path, data),
        import::read_jsonl(path, data, Limits::default()),
    ];
    for imported in read.into_iter().flatten() {
        let mut merged = Graph::new();
        merged.merge(&imported.graph);
        for format in [Format::Dot, Format::Cyjs, Format::Graphml, Format::Gexf] {
            let mut out = Vec::new();
            export::write(&merged, &imported.provenance, format, &mut out).expect("in memory");
        }
        let mut json = Vec::new();
        export::write(&merged, &imported.provenance, Format::Json, &mut json).expect("in memory");
        let again = import::from_slice(path, &json).expect("a written graph reads back");
        let mut json_again = Vec::new();
        export::write(&again.graph, &again.provenance, Format::Json, &mut json_again)
            .expect("in memory");
        assert_eq!(json, json_again);
    }
});
