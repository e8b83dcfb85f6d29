//! Writers: every format is produced from one [`Graph`], iterated in sorted order, and
//! escaped in exactly one place per format (`dot::quote`, `xml::escape` for GraphML, GEXF
//! and HTML, `csv::field`, serde for JSON).
//!
//! Filters ([`crate::filter::GraphFilter`]) are applied to the graph before any writer runs.

pub(crate) mod attrs;
pub(crate) mod csv;
pub(crate) mod cyjs;
pub(crate) mod dot;
pub(crate) mod events;
pub(crate) mod gexf;
pub(crate) mod graphml;
pub(crate) mod html;
pub(crate) mod json;
pub(crate) mod jsonl;

pub use events::EventWriter;
pub use jsonl::{JsonlWriter, Summary};
pub(crate) mod render;
pub(crate) mod xml;

use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;

use serde::Serialize;

use crate::gazetteer::SourceInfo;
use crate::graph::Graph;

/// Output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Format {
    /// Graphviz DOT.
    Dot,
    /// Node-link JSON (networkx, D3).
    Json,
    /// Cytoscape.js elements JSON (also networkx `cytoscape_graph`).
    Cyjs,
    /// GraphML (Gephi, yEd, networkx).
    Graphml,
    /// GEXF 1.3 (Gephi, networkx).
    Gexf,
    /// Neo4j import CSV: a nodes file and a relationships file.
    Csv,
    /// JSON Lines: document, mention, relation and summary records, streamed per document.
    Jsonl,
    /// Event records (PLOVER/POLECAT-style JSON Lines), one per relation, streamed per
    /// document.
    Events,
    /// SVG picture rendered by Graphviz.
    Svg,
    /// PNG picture rendered by Graphviz.
    Png,
    /// Self-contained HTML spot-check report.
    Html,
}

impl Format {
    /// The format's name, as given to `--format`, and its file extension.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Dot => "dot",
            Format::Json => "json",
            Format::Cyjs => "cyjs",
            Format::Graphml => "graphml",
            Format::Gexf => "gexf",
            Format::Csv => "csv",
            Format::Jsonl => "jsonl",
            Format::Events => "events",
            Format::Svg => "svg",
            Format::Png => "png",
            Format::Html => "html",
        }
    }

    /// Every format.
    pub fn all() -> &'static [Format] {
        &[
            Format::Dot,
            Format::Json,
            Format::Cyjs,
            Format::Graphml,
            Format::Gexf,
            Format::Csv,
            Format::Jsonl,
            Format::Events,
            Format::Svg,
            Format::Png,
            Format::Html,
        ]
    }

    /// The files a format writes, as suffixes after `<name>.`: one per format, two for CSV
    /// (`nodes.csv`, `relationships.csv`).
    pub fn files(self) -> &'static [&'static str] {
        match self {
            Format::Dot => &["dot"],
            Format::Json => &["json"],
            Format::Cyjs => &["cyjs"],
            Format::Graphml => &["graphml"],
            Format::Gexf => &["gexf"],
            Format::Csv => &["nodes.csv", "relationships.csv"],
            Format::Jsonl => &["jsonl"],
            Format::Events => &["events.jsonl"],
            Format::Svg => &["svg"],
            Format::Png => &["png"],
            Format::Html => &["html"],
        }
    }

    #[cfg_attr(not(feature = "cli"), allow(dead_code))]
    /// Whether the format is written per document while documents are processed
    /// ([`jsonl::JsonlWriter`], [`events::EventWriter`]) rather than from the finished graph.
    pub(crate) fn is_streamed(self) -> bool {
        matches!(self, Format::Jsonl | Format::Events)
    }

    #[cfg_attr(not(feature = "cli"), allow(dead_code))]
    /// Whether the format needs the documents' texts ([`DocumentTexts`]).
    pub(crate) fn needs_texts(self) -> bool {
        self == Format::Html
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.extension())
    }
}

impl FromStr for Format {
    type Err = String;
    fn from_str(s: &str) -> Result<Format, String> {
        Format::all()
            .iter()
            .copied()
            .find(|f| f.extension() == s)
            .ok_or_else(|| {
                let names: Vec<&str> = Format::all().iter().map(|f| f.extension()).collect();
                format!(
                    "unknown format {s:?} (expected one of {})",
                    names.join(", ")
                )
            })
    }
}

/// Document texts by document id, kept only for outputs that show them (the HTML report).
pub type DocumentTexts = BTreeMap<String, DocumentText>;

/// A document's text and every mention in it (not only the ones the graph keeps under its
/// caps), for the HTML report's highlighted document view.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DocumentText {
    /// The text.
    pub text: String,
    /// Every mention.
    pub mentions: Vec<TextMention>,
}

/// A mention's byte range in its document and its entity id (`None` when unresolved).
pub type TextMention = (std::ops::Range<usize>, Option<String>);

/// Provenance written into every output.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct Provenance {
    /// `relgraph <version>`.
    pub generated_by: String,
    /// Gazetteer files loaded.
    pub gazetteers: Vec<SourceInfo>,
    /// Rule files loaded, with hashes.
    pub rules: Vec<SourceInfo>,
    /// The filter applied to the graph (`types=PERSON min-weight=2 top=10`), if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub filter: Option<String>,
}

impl Provenance {
    /// Provenance for a pipeline.
    pub fn of(pipeline: &crate::Pipeline) -> Provenance {
        Provenance {
            generated_by: format!("relgraph {}", env!("CARGO_PKG_VERSION")),
            gazetteers: pipeline.gazetteer().sources().to_vec(),
            rules: pipeline
                .rules()
                .sources
                .iter()
                .map(|(name, sha)| SourceInfo {
                    name: name.clone(),
                    version: None,
                    sha256: sha.clone(),
                })
                .collect(),
            filter: None,
        }
    }
}

/// Writes `graph` in a single-file `format` (every format but CSV, which has two files, and
/// JSON Lines, which is streamed: see [`write_file`] and [`jsonl::JsonlWriter`]).
pub fn write(
    graph: &Graph,
    provenance: &Provenance,
    format: Format,
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    write_file(graph, provenance, &DocumentTexts::new(), format, 0, out)
}

/// Writes file number `part` of `format` (an index into [`Format::files`]). `texts` holds the
/// document texts for the HTML report (documents without a text are listed without it).
pub fn write_file(
    graph: &Graph,
    provenance: &Provenance,
    texts: &DocumentTexts,
    format: Format,
    part: usize,
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    use std::io::{Error, ErrorKind};
    match (format, part) {
        (Format::Dot, 0) => dot::write(graph, provenance, out),
        (Format::Json, 0) => json::write(graph, provenance, out),
        (Format::Cyjs, 0) => cyjs::write(graph, provenance, out),
        (Format::Graphml, 0) => graphml::write(graph, provenance, out),
        (Format::Gexf, 0) => gexf::write(graph, provenance, out),
        (Format::Csv, 0) => csv::write_nodes(graph, out),
        (Format::Csv, 1) => csv::write_relationships(graph, out),
        (Format::Svg | Format::Png, 0) => {
            let mut source = Vec::new();
            dot::write(graph, provenance, &mut source)?;
            let picture = render::render(&source, format.extension(), graph.edge_count())
                .map_err(Error::other)?;
            out.write_all(&picture)
        }
        (Format::Html, 0) => html::write(graph, provenance, texts, out),
        (Format::Jsonl | Format::Events, _) => Err(Error::new(
            ErrorKind::InvalidInput,
            "JSON Lines and event records are written per document (export::jsonl::JsonlWriter, \
             export::events::EventWriter)",
        )),
        (f, p) => Err(Error::new(
            ErrorKind::InvalidInput,
            format!("format {f} has no file number {p}"),
        )),
    }
}

#[cfg_attr(not(feature = "cli"), allow(dead_code))]
/// [`write_file`] into an output that can copy what it has written (a file): the formats that
/// repeat part of themselves (the JSON graph's `links` array) copy it instead of writing it
/// again. The bytes are the same.
pub(crate) fn write_file_repeating<R: json::Repeat>(
    graph: &Graph,
    provenance: &Provenance,
    texts: &DocumentTexts,
    format: Format,
    part: usize,
    out: &mut R,
) -> std::io::Result<()> {
    match (format, part) {
        (Format::Json, 0) => json::write_repeating(graph, provenance, out),
        _ => write_file(graph, provenance, texts, format, part, out),
    }
}

/// A sequence serialized straight from an iterator, one item at a time: the JSON writers'
/// per-edge records would otherwise all be built before the first byte is written.
pub(crate) struct Streamed<F>(pub(crate) F);

impl<F, I> Serialize for Streamed<F>
where
    F: Fn() -> I,
    I: Iterator,
    I::Item: Serialize,
{
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq((self.0)())
    }
}

/// "1 relation", "3 relations": a count with its noun in the number it takes.
pub(crate) fn count_noun(n: usize, one: &str, many: &str) -> String {
    match n {
        1 => format!("1 {one}"),
        n => format!("{n} {many}"),
    }
}

/// A stable, unique edge id: `source|key|target` (see [`edge_key`]).
pub(crate) fn edge_id(e: &crate::graph::Edge) -> String {
    format!("{}|{}|{}", e.key.source(), edge_key(e), e.key.target())
}

/// Whether a graph's relations are all directed, all symmetric (undirected), or both: what
/// GEXF and GraphML write as the default edge type and per edge.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Direction {
    /// No symmetric relation (also an empty graph).
    Directed,
    /// Only symmetric relations.
    Undirected,
    /// Both.
    Mixed,
}

impl Direction {
    /// The direction of `graph`'s edges.
    pub(crate) fn of(graph: &crate::Graph) -> Direction {
        let (mut sym, mut dir) = (false, false);
        for e in graph.edges() {
            match e.key.kind().is_symmetric() {
                true => sym = true,
                false => dir = true,
            }
        }
        match (sym, dir) {
            (true, false) => Direction::Undirected,
            (true, true) => Direction::Mixed,
            _ => Direction::Directed,
        }
    }
}

/// The key that tells parallel edges apart in a multigraph: the relation type, plus the role,
/// `former` for an office no longer held, and (for mediation) the other party.
pub(crate) fn edge_key(e: &crate::graph::Edge) -> String {
    let mut key = e.key.kind().as_str().to_string();
    if let Some(role) = &e.key.role() {
        key.push('/');
        key.push_str(role);
    }
    if e.key.status() == Some(crate::relate::Status::Former) {
        key.push_str("/former");
    }
    if e.key.args().len() > 2 {
        for a in e
            .key
            .args()
            .iter()
            .skip(1)
            .filter(|a| **a != e.key.target())
        {
            key.push('/');
            key.push_str(a);
        }
    }
    key
}
