//! Graphviz DOT, written by hand rather than with petgraph's debugging writer so that ids are
//! stable, every string is escaped, and styling is ours.

use std::collections::BTreeSet;
use std::io::{self, Write};

use super::attrs::{edge_label, gazetteer_values};
use super::{count_noun, edge_key, Provenance};
use crate::gazetteer::EntityType;
use crate::graph::Graph;

/// Quotes and escapes a string for DOT: `\` and `"` escaped, `&` as `&amp;` (Graphviz reads
/// entities such as `&amp;` or `&alpha;` in every label, so a literal `&` must be one),
/// newlines as `\n`, carriage returns and other control characters dropped. Every string
/// written goes through here.
pub fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '&' => out.push_str("&amp;"),
            '\n' => out.push_str("\\n"),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// (shape, fill colour) per entity type.
fn style(kind: EntityType) -> (&'static str, &'static str) {
    match kind {
        EntityType::Person => ("box", "#cfe2ff"),
        EntityType::Country => ("ellipse", "#d1e7dd"),
        EntityType::Org => ("component", "#fff3cd"),
        EntityType::Location => ("house", "#e2e3e5"),
    }
}

fn shorten(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        s.to_string()
    } else {
        let mut t: String = s.chars().take(max).collect();
        t.push('…');
        t
    }
}

/// Options of the DOT writer.
#[derive(Debug, Clone, Copy, Default)]
pub struct DotOptions<'a> {
    /// Link every node to `#ent-<i>` and every edge to `#rel-<i>` (the positions in sorted
    /// order, as the HTML report numbers its entries).
    pub links: bool,
    /// Draw only these entities (by id) and the relations among them; positions stay those
    /// of the whole graph.
    pub only: Option<&'a BTreeSet<String>>,
}

impl DotOptions<'_> {
    /// Whether the options draw entity `id`.
    fn draws(&self, id: &str) -> bool {
        self.only.is_none_or(|only| only.contains(id))
    }
}

/// Entity types in legend order.
const LEGEND: &[(EntityType, &str)] = &[
    (EntityType::Person, "person"),
    (EntityType::Country, "country"),
    (EntityType::Org, "organization"),
    (EntityType::Location, "location"),
];

/// Writes the graph as DOT.
pub fn write(graph: &Graph, provenance: &Provenance, out: &mut dyn Write) -> io::Result<()> {
    write_with(graph, provenance, DotOptions::default(), out)
}

/// Writes the graph as DOT with options.
pub fn write_with(
    graph: &Graph,
    provenance: &Provenance,
    options: DotOptions,
    out: &mut dyn Write,
) -> io::Result<()> {
    let mut w = io::BufWriter::new(out);
    writeln!(w, "digraph \"relgraph\" {{")?;
    writeln!(
        w,
        "  graph [charset=\"UTF-8\", rankdir=LR, overlap=false, splines=true, nodesep=0.3, ranksep=0.8, ordering=out, fontname=\"Helvetica\", comment={}];",
        quote(&provenance.generated_by)
    )?;
    writeln!(
        w,
        "  node [style=\"rounded,filled\", fontname=\"Helvetica\"];"
    )?;
    writeln!(w, "  edge [fontname=\"Helvetica\", fontsize=10];")?;
    let present: BTreeSet<EntityType> = graph
        .nodes()
        .filter(|n| options.draws(&n.id))
        .map(|n| n.kind)
        .collect();
    if !present.is_empty() {
        writeln!(w, "  subgraph \"cluster_legend\" {{")?;
        writeln!(
            w,
            "    graph [label=\"Legend\", fontsize=10, style=\"rounded,dashed\", color=\"#adb5bd\"];"
        )?;
        for (kind, word) in LEGEND.iter().filter(|(k, _)| present.contains(k)) {
            let (shape, fill) = style(*kind);
            writeln!(
                w,
                "    {} [label={}, shape={shape}, fillcolor=\"{fill}\", fontsize=10, tooltip={}];",
                quote(&format!("relgraph:legend:{kind}")),
                quote(kind.as_str()),
                quote(&format!("{word} ({kind})"))
            )?;
        }
        writeln!(w, "  }}")?;
    }
    for (i, n) in graph.nodes().enumerate() {
        if !options.draws(&n.id) {
            continue;
        }
        let (shape, fill) = style(n.kind);
        let docs: BTreeSet<&str> = n.mentions.iter().map(|m| m.document.as_ref()).collect();
        let tooltip = format!(
            "{} ({}): {} in {}",
            n.name,
            n.kind,
            count_noun(n.mention_count, "mention", "mentions"),
            // Only the first mentions are kept; past the cap the document count is a floor.
            if n.mention_count > n.mentions.len() {
                format!("{}+ documents", docs.len())
            } else {
                count_noun(docs.len(), "document", "documents")
            }
        );
        let link = if options.links {
            format!(", URL={}, target=\"_self\"", quote(&format!("#ent-{i}")))
        } else {
            String::new()
        };
        // The gazetteer's identifiers as custom attributes: dot ignores them, but they survive
        // in `-Tcanon` and pydot or networkx's `read_dot` read them, as from the other formats.
        let ids: String = gazetteer_values(n)
            .into_iter()
            .map(|(name, value)| format!(", {name}={}", quote(&value)))
            .collect();
        writeln!(
            w,
            "  {} [label={}, type={}{ids}, shape={shape}, fillcolor=\"{fill}\", tooltip={}{link}];",
            quote(&n.id),
            quote(&n.name),
            quote(n.kind.as_str()),
            quote(&tooltip)
        )?;
    }
    for (i, e) in graph.edges().enumerate() {
        if !(options.draws(e.key.source()) && options.draws(e.key.target())) {
            continue;
        }
        let label = edge_label(e);
        let tooltip = e
            .evidence
            .first()
            .map(|ev| format!("{}: {}", ev.document, shorten(&ev.sentence, 300)))
            .unwrap_or_default();
        let mut dir = if e.key.kind().is_symmetric() {
            ", dir=none".to_string()
        } else {
            String::new()
        };
        if options.links {
            dir.push_str(&format!(
                ", URL={}, target=\"_self\"",
                quote(&format!("#rel-{i}"))
            ));
        }
        writeln!(
            w,
            "  {} -> {} [label={}, relation={}, key={}, weight={}, penwidth={:.1}, tooltip={}{dir}];",
            quote(e.key.source()),
            quote(e.key.target()),
            quote(&label),
            quote(e.key.kind().as_str()),
            quote(&edge_key(e)),
            e.evidence_total,
            1.0 + (e.evidence_total as f64).ln(),
            quote(&tooltip)
        )?;
    }
    writeln!(w, "}}")?;
    w.flush()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_part_is_drawn_with_the_whole_graphs_numbers() {
        let p = crate::Pipeline::builder().build().unwrap();
        let mut whole = Graph::new();
        let text = "Egypt and Qatar held talks. Turkey and Israel signed a deal. Greece and \
                    Cyprus held talks. Egypt and Israel held talks.";
        whole.add(&p.process(&crate::Document::new("d", text)));
        let filter = crate::filter::GraphFilter {
            types: None,
            min_weight: 1,
            top: Some(2),
            drop_isolates: false,
        };
        // The part the filter makes, to compare with what the writer draws.
        let part = filter.apply(whole.clone());
        assert!(part.node_count() < whole.node_count() && part.edge_count() > 0);
        let only = filter.kept_nodes(&whole);
        let mut dot = Vec::new();
        let options = DotOptions {
            links: true,
            only: Some(&only),
        };
        let provenance = Provenance::of(&p);
        write_with(&whole, &provenance, options, &mut dot).unwrap();
        let dot = String::from_utf8(dot).unwrap();
        for (i, n) in whole.nodes().enumerate() {
            let drawn = part.nodes().any(|m| m.id == n.id);
            let line = dot
                .lines()
                .find(|l| l.starts_with(&format!("  {} [", quote(&n.id))));
            assert_eq!(line.is_some(), drawn, "{}", n.id);
            if let Some(line) = line {
                assert!(line.contains(&format!("URL=\"#ent-{i}\"")), "{line}");
            }
        }
        for (i, e) in whole.edges().enumerate() {
            let drawn = part.edges().any(|f| f.key == e.key);
            let wanted = format!("URL=\"#rel-{i}\"");
            assert_eq!(dot.contains(&wanted), drawn, "{wanted}");
        }
    }

    #[test]
    fn escaping() {
        assert_eq!(quote(r#"a"b\c"#), r#""a\"b\\c""#);
        assert_eq!(quote("x\r\ny\u{7}"), r#""x\ny""#);
        assert_eq!(quote(r"ends\"), r#""ends\\""#);
        assert_eq!(quote("\\N"), r#""\\N""#);
        assert_eq!(quote("A & B &amp;"), r#""A &amp; B &amp;amp;""#);
    }
}
