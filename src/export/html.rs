//! The HTML spot-check report: one self-contained file (inline CSS, a small inline script of
//! our own, the graph as inline SVG from Graphviz), no network access. Every piece of input
//! text goes through [`super::xml::escape`]; a Content-Security-Policy allows only the one
//! inline script (by hash), so even markup that slipped through could not run.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::io::{self, Write};

use sha2::{Digest, Sha256};

use super::attrs::{edge_label, role_label};
use super::dot::{self, DotOptions};
use super::xml::escape;
use super::{count_noun, render, DocumentText, DocumentTexts, Provenance};
use crate::filter::GraphFilter;
use crate::graph::{DocumentInfo, Edge, Evidence, Graph, Node, Timeline};

const STYLE: &str = r#"
:root { --person:#cfe2ff; --country:#d1e7dd; --org:#fff3cd; --location:#e2e3e5; --trigger:#ffd166; }
body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", sans-serif; margin: 0 auto; max-width: 78rem; padding: 0 1.2rem 3rem; color: #212529; }
header h1 { margin-bottom: .2rem; }
nav a { margin-right: 1rem; }
.muted, .meta { color: #6c757d; font-size: .9em; }
fieldset { display: inline-block; border: 1px solid #dee2e6; border-radius: 6px; margin: 0 .6rem .6rem 0; }
fieldset label { margin-right: .8rem; white-space: nowrap; }
figure { margin: 0; overflow: auto; border: 1px solid #dee2e6; border-radius: 6px; padding: .5rem; max-height: 80vh; }
figure svg { max-width: 100%; height: auto; }
.notice { background: #fff3cd; border: 1px solid #ffe69c; padding: .6rem .9rem; border-radius: 6px; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; vertical-align: top; padding: .25rem .5rem; border-bottom: 1px solid #dee2e6; }
td.attrs { font-size: .9em; }
.badge { display: inline-block; font-size: .75em; padding: .05rem .4rem; border-radius: 4px; border: 1px solid #adb5bd; }
.t-PERSON { background: var(--person); } .t-COUNTRY { background: var(--country); }
.t-ORG { background: var(--org); } .t-LOCATION { background: var(--location); }
.relation { border-left: 4px solid #adb5bd; padding: .1rem .9rem; margin: 1rem 0; }
.relation h3 { font-size: 1.05rem; margin: .4rem 0; }
.evidence li { margin-bottom: .5rem; }
blockquote { margin: .2rem 0; }
mark { background: none; color: inherit; padding: 0 1px; border-radius: 3px; }
mark.trigger { background: var(--trigger); }
mark.arg { font-weight: 600; box-shadow: inset 0 -.35em 0 rgba(13,110,253,.25); }
pre.text { white-space: pre-wrap; word-wrap: break-word; font: inherit; background: #f8f9fa; padding: .8rem; border-radius: 6px; }
a.m, span.m { text-decoration: none; color: inherit; border-radius: 3px; padding: 0 1px; }
span.m.unresolved { outline: 1px dashed #dc3545; }
.sent:target { outline: 2px solid #fd7e14; background: #fff3cd; }
:target.relation, tr:target { background: #fff8e1; }
.filtered-out { display: none !important; }
.m.muted-type { background: none; }
.chart { display: flex; align-items: flex-end; gap: .6rem; margin: .1rem 0 .4rem; }
svg.timeline { display: block; max-width: 100%; height: auto; }
svg.timeline .axis { stroke: #adb5bd; stroke-width: 1; }
svg.timeline .bar { fill: #0d6efd; }
"#;

const SCRIPT: &str = r#"
(function () {
  "use strict";
  var boxes = document.querySelectorAll("input[data-filter]");
  function apply() {
    var off = {};
    boxes.forEach(function (b) { if (!b.checked) { off[b.getAttribute("data-filter") + ":" + b.value] = true; } });
    document.querySelectorAll("[data-type]").forEach(function (el) {
      var t = el.getAttribute("data-type");
      if (el.classList.contains("m")) { el.classList.toggle("muted-type", !!off["type:" + t]); }
      else { el.classList.toggle("filtered-out", !!off["type:" + t]); }
    });
    document.querySelectorAll("[data-relation]").forEach(function (el) {
      var types = (el.getAttribute("data-types") || "").split(" ");
      var hide = !!off["relation:" + el.getAttribute("data-relation")] ||
        types.some(function (t) { return !!off["type:" + t]; });
      el.classList.toggle("filtered-out", hide);
    });
    // Graph picture: a node or edge links to its entry; hide it with its entry.
    document.querySelectorAll("figure svg a").forEach(function (a) {
      var href = a.getAttribute("xlink:href") || a.getAttribute("href") || "";
      var entry = href.charAt(0) === '#' ? document.getElementById(href.slice(1)) : null;
      var g = a.closest("g.node, g.edge");
      if (entry && g) { g.classList.toggle("filtered-out", entry.classList.contains("filtered-out")); }
    });
    var shown = document.querySelectorAll(".relation:not(.filtered-out)").length;
    var counter = document.getElementById("shown-relations");
    if (counter) { counter.textContent = String(shown); }
  }
  boxes.forEach(function (b) { b.addEventListener("change", apply); });
  apply();
})();
"#;

fn base64(bytes: &[u8]) -> String {
    const A: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(A[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// A highlighted range of a text: byte range, CSS classes, optional link and title.
struct Mark {
    range: std::ops::Range<usize>,
    class: String,
    href: Option<String>,
    title: Option<String>,
    data_type: Option<&'static str>,
    /// Element id, written on the mark's first element only.
    id: Option<String>,
}

/// Writes `text[range]` with non-overlapping `marks` (sorted; overlaps are dropped) as escaped
/// HTML, and empty anchors `anchors` (byte offset → id) wrapping sentences.
fn write_marked(
    w: &mut impl Write,
    text: &str,
    range: std::ops::Range<usize>,
    marks: &[Mark],
    sentences: &[(std::ops::Range<usize>, String)],
) -> io::Result<()> {
    // Cut points: every boundary inside the range.
    let mut cuts: BTreeSet<usize> = [range.start, range.end].into();
    for m in marks {
        cuts.insert(m.range.start.clamp(range.start, range.end));
        cuts.insert(m.range.end.clamp(range.start, range.end));
    }
    for (s, _) in sentences {
        cuts.insert(s.start.clamp(range.start, range.end));
        cuts.insert(s.end.clamp(range.start, range.end));
    }
    let cuts: Vec<usize> = cuts
        .into_iter()
        .filter(|&c| text.is_char_boundary(c))
        .collect();
    let mut open_sentence: Option<usize> = None;
    let mut ids_written: BTreeSet<usize> = BTreeSet::new();
    for pair in cuts.windows(2) {
        let (a, b) = (pair[0], pair[1]);
        if a == b {
            continue;
        }
        let sentence = sentences
            .iter()
            .position(|(s, _)| s.start <= a && b <= s.end);
        if sentence != open_sentence {
            if open_sentence.is_some() {
                w.write_all(b"</span>")?;
            }
            if let Some(i) = sentence {
                write!(w, r#"<span class="sent" id="{}">"#, escape(&sentences[i].1))?;
            }
            open_sentence = sentence;
        }
        let active: Vec<(usize, &Mark)> = marks
            .iter()
            .enumerate()
            .filter(|(_, m)| m.range.start <= a && b <= m.range.end)
            .collect();
        let segment = escape(&text[a..b]);
        if active.is_empty() {
            w.write_all(segment.as_bytes())?;
            continue;
        }
        let class: Vec<&str> = active.iter().map(|(_, m)| m.class.as_str()).collect();
        let href = active.iter().find_map(|(_, m)| m.href.as_deref());
        let title = active.iter().find_map(|(_, m)| m.title.as_deref());
        let data_type = active.iter().find_map(|(_, m)| m.data_type);
        let id = active
            .iter()
            .find(|(k, m)| m.id.is_some() && ids_written.insert(*k))
            .and_then(|(_, m)| m.id.as_deref());
        let (tag, attr) = match href {
            Some(h) => ("a", format!(r#" href="{}""#, escape(h))),
            None if class.iter().any(|c| c.starts_with("m ")) => ("span", String::new()),
            None => ("mark", String::new()),
        };
        write!(w, r#"<{tag} class="{}"{attr}"#, escape(&class.join(" ")))?;
        if let Some(t) = title {
            write!(w, r#" title="{}""#, escape(t))?;
        }
        if let Some(t) = data_type {
            write!(w, r#" data-type="{t}""#)?;
        }
        if let Some(id) = id {
            write!(w, r#" id="{}""#, escape(id))?;
        }
        write!(w, ">{segment}</{tag}>")?;
    }
    if open_sentence.is_some() {
        w.write_all(b"</span>")?;
    }
    Ok(())
}

/// A document's title, source and URL on an evidence line; the URL is a link only when it is
/// `http(s)://` (never `javascript:` or a relative path into the report).
fn write_doc_meta(w: &mut impl Write, m: &crate::graph::DocMeta) -> std::io::Result<()> {
    if let Some(t) = &m.title {
        write!(w, r#" · <cite class="doc-title">{}</cite>"#, escape(t))?;
    }
    if let Some(s) = &m.source {
        write!(w, r#" · <span class="doc-source">{}</span>"#, escape(s))?;
    }
    if let Some(u) = &m.url {
        let lower = u.to_ascii_lowercase();
        if lower.starts_with("https://") || lower.starts_with("http://") {
            write!(
                w,
                r#" · <a class="doc-url" href="{}" rel="noopener noreferrer">{}</a>"#,
                escape(u),
                escape(u)
            )?;
        } else {
            write!(w, r#" · <span class="doc-url">{}</span>"#, escape(u))?;
        }
    }
    Ok(())
}

/// The most entities the report's picture draws.
const PICTURE_MAX_ENTITIES: usize = 150;

/// Writes the report. The picture is rendered with Graphviz when `dot` is installed; otherwise
/// the report says so and shows everything else.
pub fn write(
    graph: &Graph,
    provenance: &Provenance,
    texts: &DocumentTexts,
    out: &mut dyn Write,
) -> io::Result<()> {
    let report = Report::new(graph);
    let picture = report.render_picture(provenance)?;
    let mut w = io::BufWriter::new(out);
    write_head(&mut w)?;
    report.write_header(&mut w, provenance)?;
    report.write_filters(&mut w)?;
    report.write_picture(&mut w, picture)?;
    report.write_entities(&mut w)?;
    report.write_relations(&mut w)?;
    report.write_documents(&mut w, texts)?;
    report.write_unresolved(&mut w)?;
    write_provenance(&mut w, provenance)?;
    write_foot(&mut w)?;
    w.flush()
}

/// What the report's sections share: the graph, its edges in key order, the entities the
/// picture draws, and the numbers that entities and documents are linked by.
struct Report<'a> {
    graph: &'a Graph,
    /// Edges in key order; an edge's position is its number (`rel-N`).
    edges: Vec<&'a Edge>,
    /// The entities the picture draws, when it cannot draw them all.
    shown: Option<BTreeSet<String>>,
    /// How many relations the picture draws.
    drawn_edges: usize,
    /// Entity id → its number (`ent-N`), in id order.
    node_index: BTreeMap<&'a str, usize>,
    /// Document id → its number (`doc-N`), in id order.
    doc_index: BTreeMap<&'a str, usize>,
    /// The months every relation's timeline chart spans, `None` if no evidence is dated
    /// by month.
    axis: Option<MonthAxis>,
}

impl<'a> Report<'a> {
    fn new(graph: &'a Graph) -> Report<'a> {
        // A picture of thousands of entities is neither readable nor quick to lay out: above
        // PICTURE_MAX_ENTITIES it shows the entities with the most relations, and says so.
        let shown = (graph.node_count() > PICTURE_MAX_ENTITIES).then(|| {
            GraphFilter {
                top: Some(PICTURE_MAX_ENTITIES),
                ..GraphFilter::default()
            }
            .kept_nodes(graph)
        });
        let drawn_edges = match &shown {
            Some(only) => graph
                .edges()
                .filter(|e| only.contains(e.key.source()) && only.contains(e.key.target()))
                .count(),
            None => graph.edge_count(),
        };
        let node_index = graph
            .nodes()
            .enumerate()
            .map(|(i, n)| (n.id.as_str(), i))
            .collect();
        let doc_index = graph
            .documents()
            .iter()
            .enumerate()
            .map(|(i, d)| (d.id.as_str(), i))
            .collect();
        let edges: Vec<&Edge> = graph.edges().collect();
        let axis = MonthAxis::of(edges.iter().filter_map(|e| e.timeline.as_deref()));
        Report {
            graph,
            axis,
            edges,
            shown,
            drawn_edges,
            node_index,
            doc_index,
        }
    }

    /// The picture as SVG, or why Graphviz could not draw it (the report goes on without).
    fn render_picture(&self, provenance: &Provenance) -> io::Result<crate::error::Result<Vec<u8>>> {
        let mut source = Vec::new();
        let options = DotOptions {
            links: true,
            only: self.shown.as_ref(),
        };
        dot::write_with(self.graph, provenance, options, &mut source)?;
        Ok(render::render(&source, "svg", self.drawn_edges))
    }

    /// The number of document `id`, for links to its mentions (0 if it is not listed).
    fn doc_number(&self, id: &str) -> usize {
        self.doc_index.get(id).copied().unwrap_or(0)
    }

    /// The anchor of the sentence `ev` was found in, in document `doc`'s text.
    fn sentence_id(&self, doc: &str, ev: &Evidence) -> String {
        format!(
            "doc-{}-s{}",
            self.doc_index.get(doc).copied().unwrap_or(usize::MAX),
            ev.sentence_span().byte_start
        )
    }

    /// Title, counts, provenance line and the navigation bar.
    fn write_header(&self, w: &mut impl Write, provenance: &Provenance) -> io::Result<()> {
        let graph = self.graph;
        let edges = &self.edges;
        writeln!(w, "<header>")?;
        writeln!(w, "<h1>relgraph report</h1>")?;
        writeln!(
            w,
            r#"<p class="summary">{} · {} · {} (<span id="shown-relations">{}</span> shown) · {}</p>"#,
            count_noun(graph.documents().len(), "document", "documents"),
            count_noun(graph.node_count(), "entity", "entities"),
            count_noun(edges.len(), "relation", "relations"),
            edges.len(),
            count_noun(
                graph.unresolved().len(),
                "unresolved mention",
                "unresolved mentions"
            ),
        )?;
        write!(w, r#"<p class="meta">{}"#, escape(&provenance.generated_by))?;
        if let Some(f) = &provenance.filter {
            write!(w, " · filter: {}", escape(f))?;
        }
        writeln!(w, "</p>")?;
        writeln!(
            w,
            r##"<nav><a href="#graph">Graph</a><a href="#entities">Entities</a><a href="#relations">Relations</a><a href="#documents">Documents</a><a href="#unresolved">Unresolved</a><a href="#provenance">Provenance</a></nav>"##
        )?;
        writeln!(w, "</header>")
    }

    /// A checkbox per entity type and relation type, with counts (the script hides the
    /// unchecked ones).
    fn write_filters(&self, w: &mut impl Write) -> io::Result<()> {
        let mut type_counts: BTreeMap<&'static str, usize> = BTreeMap::new();
        for n in self.graph.nodes() {
            *type_counts.entry(n.kind.as_str()).or_default() += 1;
        }
        let mut rel_counts: BTreeMap<&'static str, usize> = BTreeMap::new();
        for e in &self.edges {
            *rel_counts.entry(e.key.kind().as_str()).or_default() += 1;
        }
        writeln!(w, r#"<section id="filters">"#)?;
        writeln!(w, "<fieldset><legend>Entity types</legend>")?;
        for (t, n) in &type_counts {
            writeln!(
                w,
                r#"<label><input type="checkbox" data-filter="type" value="{t}" checked> <span class="badge t-{t}">{t}</span> {n}</label>"#
            )?;
        }
        writeln!(w, "</fieldset>")?;
        writeln!(w, "<fieldset><legend>Relation types</legend>")?;
        for (t, n) in &rel_counts {
            writeln!(
                w,
                r#"<label><input type="checkbox" data-filter="relation" value="{t}" checked> {t} {n}</label>"#
            )?;
        }
        writeln!(w, "</fieldset>")?;
        writeln!(w, "</section>")
    }

    /// The graph as inline SVG, or a notice saying why there is none.
    fn write_picture(
        &self,
        w: &mut impl Write,
        picture: crate::error::Result<Vec<u8>>,
    ) -> io::Result<()> {
        writeln!(w, r#"<section id="graph">"#)?;
        writeln!(w, "<h2>Graph</h2>")?;
        match picture {
            Ok(svg) => {
                let svg = String::from_utf8_lossy(&svg);
                // Graphviz's XML prologue and doctype have no place inside HTML.
                let start = svg.find("<svg").unwrap_or(0);
                if let Some(only) = &self.shown {
                    writeln!(
                        w,
                        r#"<p class="notice" id="picture-part">The picture shows the {} entities with the most relations ({} of {}); every entity and relation is listed below.</p>"#,
                        only.len(),
                        count_noun(self.drawn_edges, "relation", "relations"),
                        self.graph.edge_count()
                    )?;
                }
                writeln!(w, r#"<figure>{}</figure>"#, svg[start..].trim_end())?;
                writeln!(
                    w,
                    r#"<p class="meta">Click a node or an edge to jump to its entry; hover for the first evidence.</p>"#
                )?;
            }
            Err(e) => {
                writeln!(
                    w,
                    r#"<p class="notice" id="no-picture">No picture: {}. Everything else is below.</p>"#,
                    escape(&e.to_string())
                )?;
            }
        }
        writeln!(w, "</section>")
    }

    /// The entity table: one row per entity, linking to its first mention and its relations.
    fn write_entities(&self, w: &mut impl Write) -> io::Result<()> {
        let edges = &self.edges;
        let mut rels_of: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
        for (i, e) in edges.iter().enumerate() {
            rels_of.entry(e.key.source()).or_default().push(i);
            if e.key.target() != e.key.source() {
                rels_of.entry(e.key.target()).or_default().push(i);
            }
        }
        writeln!(w, r#"<section id="entities">"#)?;
        writeln!(w, "<h2>Entities</h2>")?;
        writeln!(
            w,
            "<table><thead><tr><th>Type</th><th>Name</th><th>Id</th><th>Identifiers and offices</th><th>Aliases seen</th><th>Mentions</th><th>Relations</th></tr></thead><tbody>"
        )?;
        for (i, n) in self.graph.nodes().enumerate() {
            let t = n.kind.as_str();
            write!(
                w,
                r#"<tr id="ent-{i}" class="entity" data-type="{t}"><td><span class="badge t-{t}">{t}</span></td><td class="name">{}"#,
                escape(&n.name)
            )?;
            if n.discovered {
                // The space sits inside the span so the name cell's first text node is the name alone.
                write!(w, r#"<span class="meta"> (discovered in the text)</span>"#)?;
            }
            write!(w, "</td><td><code>{}</code></td>", escape(&n.id))?;
            self.write_attrs(w, n)?;
            write!(w, "<td>")?;
            let aliases: Vec<String> = n.aliases.iter().map(|a| escape(a).into_owned()).collect();
            write!(w, "{}</td>", aliases.join(" · "))?;
            write!(w, r#"<td class="mention-count">{}"#, n.mention_count)?;
            if let Some(m) = n.mentions.first() {
                let d = self.doc_number(&m.document);
                write!(
                    w,
                    r##" <a href="#doc-{d}-m{}">first</a>"##,
                    m.span.byte_start
                )?;
            }
            write!(w, "</td><td>")?;
            for r in rels_of.get(n.id.as_str()).into_iter().flatten() {
                write!(
                    w,
                    r##"<a href="#rel-{r}" title="{}">#{r}</a> "##,
                    escape(&edge_label(edges[*r]))
                )?;
            }
            writeln!(w, "</td></tr>")?;
        }
        writeln!(w, "</tbody></table>")?;
        writeln!(w, "</section>")
    }

    /// A node's identifiers and attributes from the gazetteer, as one table cell: the QID as
    /// a link to its Wikidata page, the ISO codes, the country (linked to its row when the
    /// graph has it) and the offices held as of their date, one per line.
    fn write_attrs(&self, w: &mut impl Write, n: &Node) -> io::Result<()> {
        write!(w, r#"<td class="attrs">"#)?;
        let mut lines = Vec::new();
        if let Some(a) = n.attrs.as_deref() {
            if let Some(q) = &a.wikidata {
                let q = escape(q);
                lines.push(format!(
                    r#"<a href="https://www.wikidata.org/wiki/{q}" class="qid">{q}</a>"#
                ));
            }
            let iso: Vec<&str> = [&a.iso, &a.iso3]
                .into_iter()
                .flatten()
                .map(|c| c.as_str())
                .collect();
            if !iso.is_empty() {
                lines.push(format!("ISO {}", escape(&iso.join(" / "))));
            }
            if let Some(c) = &a.country {
                lines.push(format!("country {}", self.entity_link(c)));
            }
            let as_of = a
                .offices_as_of
                .map(|d| format!(" (as of {d})"))
                .unwrap_or_default();
            lines.extend(a.offices.iter().map(|o| format!("{}{as_of}", escape(o))));
        }
        write!(w, "{}</td>", lines.join("<br>"))
    }

    /// Every relation with its evidence.
    fn write_relations(&self, w: &mut impl Write) -> io::Result<()> {
        writeln!(w, r#"<section id="relations">"#)?;
        writeln!(w, "<h2>Relations</h2>")?;
        if self.edges.is_empty() {
            writeln!(w, r#"<p class="muted">No relations found.</p>"#)?;
        }
        for (i, e) in self.edges.iter().enumerate() {
            self.write_relation(w, i, e)?;
        }
        writeln!(w, "</section>")
    }

    /// An entity as a badge linking to its row, or its bare id if the graph lacks it.
    fn entity_link(&self, id: &str) -> String {
        match (self.graph.node_by_id(id), self.node_index.get(id)) {
            (Some(n), Some(k)) => format!(
                r##"<a href="#ent-{k}" class="badge t-{}">{}</a>"##,
                n.kind,
                escape(&n.name)
            ),
            _ => escape(id).into_owned(),
        }
    }

    /// Relation number `i`: its heading, arguments, timeline and evidence list. The entity
    /// types it joins are data attributes, for the filters.
    fn write_relation(&self, w: &mut impl Write, i: usize, e: &Edge) -> io::Result<()> {
        let graph = self.graph;
        let s = graph.node_by_id(e.key.source());
        let t = graph.node_by_id(e.key.target());
        let types: BTreeSet<&str> = [s, t].iter().flatten().map(|n| n.kind.as_str()).collect();
        let types: Vec<&str> = types.into_iter().collect();
        writeln!(
            w,
            r#"<article id="rel-{i}" class="relation" data-relation="{}" data-types="{}">"#,
            e.key.kind(),
            types.join(" ")
        )?;
        let link = |id: &str| self.entity_link(id);
        let arrow = if e.key.kind().is_symmetric() {
            "—"
        } else {
            "→"
        };
        write!(
            w,
            r#"<h3>{} <span class="rel-type">{}"#,
            link(e.key.source()),
            e.key.kind()
        )?;
        if let Some(role) = role_label(e) {
            write!(w, ": {}", escape(&role))?;
        }
        writeln!(
            w,
            r#"</span> {arrow} {} <span class="meta">({})</span></h3>"#,
            link(e.key.target()),
            count_noun(e.evidence_total, "evidence item", "evidence items")
        )?;
        if e.key.args().len() > 2 {
            let args: Vec<String> = e.key.args().iter().map(|a| link(a)).collect();
            writeln!(w, r#"<p class="meta">arguments: {}</p>"#, args.join(", "))?;
        }
        if let Some(t) = &e.timeline {
            write_timeline(w, t, self.axis.as_ref())?;
        }
        writeln!(w, r#"<ol class="evidence">"#)?;
        for ev in &e.evidence {
            self.write_evidence(w, e, ev)?;
        }
        writeln!(w, "</ol>")?;
        writeln!(w, "</article>")
    }

    /// One piece of evidence: its sentence with the trigger and the arguments' mentions
    /// highlighted, then where it comes from (a link to the sentence in its document).
    fn write_evidence(&self, w: &mut impl Write, e: &Edge, ev: &Evidence) -> io::Result<()> {
        let base = ev.sentence_span().byte_start;
        let end = ev.sentence_span().byte_end;
        let mut marks = vec![Mark {
            range: ev.trigger_span().byte_start - base..ev.trigger_span().byte_end - base,
            class: "trigger".into(),
            href: None,
            title: Some(format!("trigger of rule {}", ev.rule)),
            data_type: None,
            id: None,
        }];
        for a in e.key.args() {
            let Some(n) = self.graph.node_by_id(a) else {
                continue;
            };
            for m in n.mentions.iter().filter(|m| {
                m.document == ev.document && m.span.byte_start >= base && m.span.byte_end <= end
            }) {
                marks.push(Mark {
                    range: m.span.byte_start - base..m.span.byte_end - base,
                    class: format!("arg t-{}", n.kind),
                    href: None,
                    title: Some(format!("{} ({})", n.name, n.kind)),
                    data_type: None,
                    id: None,
                });
            }
        }
        write!(w, "<li><blockquote>")?;
        write_marked(w, &ev.sentence, 0..ev.sentence.len(), &marks, &[])?;
        write!(
            w,
            r##"</blockquote><p class="meta">in <a href="#{}">{}</a>, characters {}–{} · rule <code>{}</code>"##,
            self.sentence_id(&ev.document, ev),
            escape(&ev.document),
            ev.sentence_span().start,
            ev.sentence_span().end,
            escape(&ev.rule)
        )?;
        if let Some(date) = ev.date() {
            write!(w, r#" · dated <time>{date}</time>"#)?;
        }
        if let Some(m) = self.graph.document_meta(&ev.document) {
            write_doc_meta(w, m)?;
        }
        if let Some(cameo) = &ev.cameo {
            write!(
                w,
                r#" · CAMEO <code class="cameo">{}</code>"#,
                escape(cameo)
            )?;
        }
        if let Some(plover) = &ev.plover {
            write!(
                w,
                r#" · PLOVER <code class="plover">{}</code>"#,
                escape(plover)
            )?;
        }
        writeln!(w, "</p></li>")
    }

    /// Every listed document's text with every mention highlighted.
    fn write_documents(&self, w: &mut impl Write, texts: &DocumentTexts) -> io::Result<()> {
        let nodes: HashMap<&str, (usize, &Node)> = self
            .graph
            .nodes()
            .enumerate()
            .map(|(k, n)| (n.id.as_str(), (k, n)))
            .collect();
        writeln!(w, r#"<section id="documents">"#)?;
        writeln!(w, "<h2>Documents</h2>")?;
        for (d, info) in self.graph.documents().iter().enumerate() {
            self.write_document(w, d, info, texts, &nodes)?;
        }
        writeln!(w, "</section>")
    }

    /// Document number `d`: its heading and counts, then its text, if it was kept.
    fn write_document(
        &self,
        w: &mut impl Write,
        d: usize,
        info: &DocumentInfo,
        texts: &DocumentTexts,
        nodes: &HashMap<&str, (usize, &Node)>,
    ) -> io::Result<()> {
        writeln!(w, r#"<article id="doc-{d}" class="document">"#)?;
        write!(w, "<h3>{}", escape(&info.id))?;
        if let Some(date) = &info.date {
            write!(w, r#" <span class="meta">{}</span>"#, escape(date))?;
        }
        writeln!(
            w,
            r#"</h3><p class="meta">{} · {} · {}</p>"#,
            count_noun(info.sentences, "sentence", "sentences"),
            count_noun(info.mentions, "mention", "mentions"),
            count_noun(info.relations, "relation", "relations")
        )?;
        let Some(doc) = texts.get(&info.id) else {
            return writeln!(
                w,
                r#"<p class="muted">(text not kept for this document)</p></article>"#
            );
        };
        let text = &doc.text;
        let marks = mention_marks(d, doc, nodes);
        let sentences = self.sentence_anchors(info, text);
        write!(w, r#"<pre class="text">"#)?;
        write_marked(w, text, 0..text.len(), &marks, &sentences)?;
        writeln!(w, "</pre>")?;
        writeln!(w, "</article>")
    }

    /// The sentences of document `info` that evidence links to, as anchors in its `text`
    /// (first one wins where they overlap).
    fn sentence_anchors(
        &self,
        info: &DocumentInfo,
        text: &str,
    ) -> Vec<(std::ops::Range<usize>, String)> {
        let mut sentences: Vec<(std::ops::Range<usize>, String)> = self
            .edges
            .iter()
            .flat_map(|e| e.evidence.iter())
            .filter(|ev| *ev.document == *info.id)
            .map(|ev| {
                (
                    ev.sentence_span().byte_start..ev.sentence_span().byte_end,
                    self.sentence_id(&info.id, ev),
                )
            })
            .collect();
        sentences.sort_by_key(|s| s.0.start);
        sentences.dedup_by_key(|s| s.0.start);
        let mut last = 0;
        sentences.retain(|s| {
            let keep = s.0.start >= last && s.0.end <= text.len();
            if keep {
                last = s.0.end;
            }
            keep
        });
        sentences
    }

    /// The unresolved mentions, each linking to where it stands in its document.
    fn write_unresolved(&self, w: &mut impl Write) -> io::Result<()> {
        let graph = self.graph;
        writeln!(w, r#"<section id="unresolved">"#)?;
        writeln!(w, "<h2>Unresolved mentions</h2>")?;
        if graph.unresolved().is_empty() {
            writeln!(w, r#"<p class="muted">None.</p>"#)?;
        } else {
            writeln!(
                w,
                "<table><thead><tr><th>Text</th><th>Document</th><th>Characters</th><th>Candidates</th></tr></thead><tbody>"
            )?;
            for u in graph.unresolved() {
                let d = self.doc_number(&u.document);
                writeln!(
                    w,
                    r##"<tr><td><a href="#doc-{d}-m{}">{}</a></td><td>{}</td><td>{}–{}</td><td>{}</td></tr>"##,
                    u.span.byte_start,
                    escape(&u.text),
                    escape(&u.document),
                    u.span.start,
                    u.span.end,
                    escape(&u.candidates.join(", "))
                )?;
            }
            writeln!(w, "</tbody></table>")?;
        }
        writeln!(w, "</section>")
    }
}

/// The document head. The Content-Security-Policy names the hashes of the one style and the
/// one script, so nothing else on the page can run.
fn write_head(w: &mut impl Write) -> io::Result<()> {
    let script_hash = base64(&Sha256::digest(SCRIPT.as_bytes()));
    let style_hash = base64(&Sha256::digest(STYLE.as_bytes()));
    writeln!(w, "<!DOCTYPE html>")?;
    writeln!(w, r#"<html lang="en">"#)?;
    writeln!(w, "<head>")?;
    writeln!(w, r#"<meta charset="utf-8">"#)?;
    writeln!(
        w,
        r#"<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src data:; style-src 'sha256-{style_hash}'; script-src 'sha256-{script_hash}'">"#
    )?;
    writeln!(
        w,
        r#"<meta name="viewport" content="width=device-width, initial-scale=1">"#
    )?;
    writeln!(w, "<title>relgraph report</title>")?;
    writeln!(w, "<style>{STYLE}</style>")?;
    writeln!(w, "</head>")?;
    writeln!(w, "<body>")
}

/// The months the timeline charts span: one axis for the whole report, so that the charts of
/// two relations line up and can be compared at a glance. Months are numbered `year * 12 +
/// month - 1`; a span too long for one bar a month gets one bar per `step` months.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct MonthAxis {
    /// The first month, numbered.
    first: i32,
    /// Months per bar.
    step: i32,
    /// Number of bars.
    bars: i32,
    /// Pixels per bar, gap included: wide for a few months, 6 for the most.
    slot: i32,
}

impl MonthAxis {
    /// The most bars a chart draws: 120 (ten years by month) fit a page at 6 pixels a bar.
    const MAX_BARS: i32 = 120;
    /// The width a chart aims at, in pixels: a few months get bars up to 24 pixels wide.
    const WIDTH: i32 = 480;
    /// Height of the tallest bar, in pixels.
    const HEIGHT: i32 = 24;

    /// The axis from the earliest to the latest month of `timelines`.
    fn of<'t>(timelines: impl Iterator<Item = &'t Timeline>) -> Option<MonthAxis> {
        let months = timelines.flat_map(|t| t.months.iter().map(|&(m, _)| month_number(m)));
        let (lo, hi) = months.fold(None, |acc: Option<(i32, i32)>, m| {
            Some(acc.map_or((m, m), |(lo, hi)| (lo.min(m), hi.max(m))))
        })?;
        let span = hi - lo + 1;
        let step = (span + Self::MAX_BARS - 1) / Self::MAX_BARS;
        let bars = (span + step - 1) / step;
        Some(MonthAxis {
            first: lo,
            step,
            bars,
            slot: (Self::WIDTH / bars).clamp(6, 24),
        })
    }

    /// The `YYYY-MM` of month number `m`.
    fn label(m: i32) -> String {
        format!("{:04}-{:02}", m.div_euclid(12), m.rem_euclid(12) + 1)
    }

    /// The months bar `i` covers, as its tooltip names them.
    fn bar_label(&self, i: i32) -> String {
        let start = self.first + i * self.step;
        match self.step {
            1 => MonthAxis::label(start),
            _ => format!(
                "{} to {}",
                MonthAxis::label(start),
                MonthAxis::label(start + self.step - 1)
            ),
        }
    }
}

/// `m` numbered as [`MonthAxis`] numbers months.
fn month_number(m: crate::text::Date) -> i32 {
    m.year() * 12 + i32::from(m.month().unwrap_or(1)) - 1
}

/// An edge's evidence per month as a bar chart on the report's `axis`: inline SVG drawn with
/// classes from the report's style (the Content-Security-Policy allows no other style), one
/// bar per month with evidence, its height relative to the edge's busiest month, and a
/// tooltip (`<title>`) with the month and the count.
fn write_chart(w: &mut impl Write, t: &Timeline, axis: &MonthAxis) -> io::Result<()> {
    let mut bars: BTreeMap<i32, usize> = BTreeMap::new();
    for &(m, n) in &t.months {
        *bars
            .entry((month_number(m) - axis.first) / axis.step)
            .or_default() += n;
    }
    let Some(&peak) = bars.values().max() else {
        return Ok(());
    };
    let (width, height) = (axis.bars * axis.slot, MonthAxis::HEIGHT + 1);
    // A gap of a sixth of the slot (at least a pixel) keeps neighbouring months apart.
    let bar = axis.slot - (axis.slot / 6).max(1);
    let per = if axis.step == 1 {
        "month".to_string()
    } else {
        format!("{} months", axis.step)
    };
    let (from, to) = (
        MonthAxis::label(axis.first),
        MonthAxis::label(axis.first + axis.bars * axis.step - 1),
    );
    write!(
        w,
        r#"<div class="chart"><svg class="timeline" xmlns="http://www.w3.org/2000/svg" role="img" width="{width}" height="{height}" viewBox="0 0 {width} {height}" aria-label="{}">"#,
        escape(&format!(
            "evidence per {per}, {from} to {to}, at most {peak}"
        ))
    )?;
    write!(
        w,
        r#"<line class="axis" x1="0" y1="{h}" x2="{width}" y2="{h}"/>"#,
        h = MonthAxis::HEIGHT
    )?;
    for (&i, &n) in &bars {
        // Integer arithmetic, rounded up: the same bytes on every machine, and a month with
        // any evidence at least one pixel high.
        let h = (n as u64 * MonthAxis::HEIGHT as u64).div_ceil(peak as u64) as i32;
        write!(
            w,
            r#"<rect class="bar" data-count="{n}" x="{}" y="{}" width="{}" height="{h}"><title>{}</title></rect>"#,
            i * axis.slot,
            MonthAxis::HEIGHT - h,
            bar,
            escape(&format!("{}: {n}", axis.bar_label(i)))
        )?;
    }
    // The axis's ends in words: the bars' positions mean nothing without them.
    writeln!(
        w,
        r#"</svg><span class="meta">{} – {} · at most {peak} a {}</span></div>"#,
        escape(&from),
        escape(&to),
        escape(&per)
    )
}

/// An edge's timeline: first and last seen, its evidence per month over all of it, and a
/// chart of that on the report's `axis` (none if no evidence is dated by month).
fn write_timeline(w: &mut impl Write, t: &Timeline, axis: Option<&MonthAxis>) -> io::Result<()> {
    let months: Vec<String> = t.months.iter().map(|(m, n)| format!("{m}: {n}")).collect();
    write!(
        w,
        r#"<p class="meta seen">first seen <time>{}</time> · last seen <time>{}</time>"#,
        t.first, t.last
    )?;
    if !months.is_empty() {
        write!(
            w,
            r#" · per month: <span class="months">{}</span>"#,
            months.join(", ")
        )?;
    }
    writeln!(w, "</p>")?;
    match axis {
        Some(axis) => write_chart(w, t, axis),
        None => Ok(()),
    }
}

/// Every mention in document number `d`'s text as a mark linking to its entity, sorted and
/// without overlaps.
fn mention_marks(d: usize, doc: &DocumentText, nodes: &HashMap<&str, (usize, &Node)>) -> Vec<Mark> {
    let mut marks: Vec<Mark> = Vec::new();
    for (range, entity) in &doc.mentions {
        let mark = match entity {
            // Entities the filter dropped are not linked or highlighted.
            Some(id) => match nodes.get(id.as_str()) {
                Some(&(k, n)) => Mark {
                    range: range.clone(),
                    class: format!("m t-{}", n.kind),
                    href: Some(format!("#ent-{k}")),
                    title: Some(format!("{} ({}) · {}", n.name, n.kind, n.id)),
                    data_type: Some(n.kind.as_str()),
                    id: Some(format!("doc-{d}-m{}", range.start)),
                },
                None => continue,
            },
            None => Mark {
                range: range.clone(),
                class: "m unresolved".into(),
                href: None,
                title: Some("unresolved: several entities share this name".into()),
                data_type: None,
                id: Some(format!("doc-{d}-m{}", range.start)),
            },
        };
        marks.push(mark);
    }
    marks.sort_by_key(|m| (m.range.start, std::cmp::Reverse(m.range.end)));
    let mut last_end = 0;
    marks.retain(|m| {
        let keep = m.range.start >= last_end && m.range.end <= doc.text.len();
        if keep {
            last_end = m.range.end;
        }
        keep
    });
    marks
}

/// The gazetteers and rule files the graph was made with, and their hashes.
fn write_provenance(w: &mut impl Write, provenance: &Provenance) -> io::Result<()> {
    writeln!(w, r#"<section id="provenance">"#)?;
    writeln!(w, "<h2>Provenance</h2><ul>")?;
    for s in provenance.gazetteers.iter().chain(&provenance.rules) {
        write!(w, "<li>{}", escape(&s.name))?;
        if let Some(v) = &s.version {
            write!(w, " {}", escape(v))?;
        }
        writeln!(
            w,
            r#" <span class="meta">sha256 {}</span></li>"#,
            escape(&s.sha256)
        )?;
    }
    writeln!(w, "</ul></section>")
}

/// The script (last, so the page is complete when it runs) and the end of the document.
fn write_foot(w: &mut impl Write) -> io::Result<()> {
    writeln!(w, "<script>{SCRIPT}</script>")?;
    writeln!(w, "</body>")?;
    writeln!(w, "</html>")
}

#[cfg(test)]
mod tests {
    use super::{base64, write_chart, MonthAxis};
    use crate::graph::Timeline;
    use crate::text::Date;

    #[test]
    fn the_month_axis_spans_every_timeline_and_bins_long_spans() {
        let d = |s| Date::parse(s).unwrap();
        let timeline = |a, b| {
            let mut t = Timeline::new(d(a));
            t.add(d(b));
            t
        };
        // A date by year alone is in no month, so not on the axis.
        let (a, b) = (
            timeline("2020-11-03", "2020-12-22"),
            timeline("2021-01-05", "2019"),
        );
        let axis = MonthAxis::of([&a, &b].into_iter()).unwrap();
        let first = 2020 * 12 + 10;
        assert_eq!(
            axis,
            MonthAxis {
                first,
                step: 1,
                bars: 3,
                slot: 24
            }
        );
        assert_eq!(axis.bar_label(2), "2021-01");
        let mut out = Vec::new();
        write_chart(&mut out, &b, &axis).unwrap();
        let svg = String::from_utf8(out).unwrap();
        assert!(svg.contains(r#"<rect class="bar" data-count="1" x="48" y="0" width="20" height="24"><title>2021-01: 1</title></rect>"#), "{svg}");
        // Thirty years: 360 months, three to a bar.
        let long = timeline("1990-01-01", "2019-12-31");
        let axis = MonthAxis::of([&long].into_iter()).unwrap();
        assert_eq!((axis.step, axis.bars), (3, 120));
        assert_eq!(axis.bar_label(0), "1990-01 to 1990-03");
        let mut out = Vec::new();
        write_chart(&mut out, &long, &axis).unwrap();
        let svg = String::from_utf8(out).unwrap();
        assert_eq!(svg.matches("<rect").count(), 2);
        assert!(
            svg.contains("<title>2019-10 to 2019-12: 1</title>"),
            "{svg}"
        );
        assert!(svg.contains(r#"width="720" height="25""#), "{svg}");
        assert!(
            svg.contains(r#"width="5" height="24"><title>1990-01 to 1990-03: 1"#),
            "{svg}"
        );
        assert!(
            svg.contains("1990-01 – 2019-12 · at most 1 a 3 months"),
            "{svg}"
        );
        // No month anywhere: no axis, no chart.
        assert!(MonthAxis::of([&Timeline::new(d("2020"))].into_iter()).is_none());
    }

    #[test]
    fn base64_matches_rfc4648() {
        assert_eq!(base64(b""), "");
        assert_eq!(base64(b"f"), "Zg==");
        assert_eq!(base64(b"fo"), "Zm8=");
        assert_eq!(base64(b"foo"), "Zm9v");
        assert_eq!(base64(b"foobar"), "Zm9vYmFy");
    }
}
