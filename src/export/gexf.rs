//! GEXF 1.3 (Gephi's native format; networkx `read_gexf`): typed attribute declarations from
//! the one schema in [`super::attrs`], node and edge labels and edge weights as GEXF's own
//! attributes, every string escaped by [`super::xml::escape`].

use std::io::{self, Write};

use super::attrs::{edge_values, node_values, AttrType, EDGE_ATTRS, NODE_ATTRS};
use super::xml::escape;
use super::{edge_id, Provenance};
use crate::graph::{Edge, Graph};

fn type_name(t: AttrType) -> &'static str {
    match t {
        AttrType::String | AttrType::List => "string",
        AttrType::Int => "long",
        AttrType::Bool => "boolean",
    }
}

/// Attributes written as GEXF's own XML attributes rather than `<attvalue>`s.
const BUILTIN: &[&str] = &["label", "weight"];

/// An edge's spell for Gephi's timeline: the first day of its first date to the last day of
/// its last (`timeformat="date"` wants full dates).
fn spell(e: &Edge) -> Option<(String, String)> {
    let t = e.timeline.as_ref()?;
    let day = |(y, m, d): (i32, u8, u8)| format!("{y:04}-{m:02}-{d:02}");
    Some((day(t.first.first_day()), day(t.last.last_day())))
}

/// Writes the graph as GEXF 1.3 (parallel edges allowed). Symmetric relations (talks,
/// alliances, …) are undirected: a graph of only those is `defaultedgetype="undirected"`, one
/// of only directed relations `"directed"`, and a mixed graph is directed by default with
/// `type="undirected"` on each symmetric edge (Gephi reads mixed graphs; networkx does not,
/// see the README). A graph with
/// dated edges is `mode="dynamic"` with `timeformat="date"`, each dated edge `start`ing on its
/// first date and `end`ing on its last, so Gephi's timeline plays it; undated edges and the
/// nodes have no spell (always present).
pub fn write(graph: &Graph, provenance: &Provenance, out: &mut dyn Write) -> io::Result<()> {
    let mut w = io::BufWriter::new(out);
    writeln!(w, r#"<?xml version="1.0" encoding="UTF-8"?>"#)?;
    writeln!(
        w,
        r#"<gexf xmlns="http://gexf.net/1.3" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://gexf.net/1.3 http://gexf.net/1.3/gexf.xsd" version="1.3">"#
    )?;
    writeln!(
        w,
        "  <meta><creator>{}</creator><description>relgraph</description></meta>",
        escape(&provenance.generated_by)
    )?;
    let direction = super::Direction::of(graph);
    let default = if direction == super::Direction::Undirected {
        "undirected"
    } else {
        "directed"
    };
    if graph.edges().any(|e| e.timeline.is_some()) {
        writeln!(
            w,
            r#"  <graph mode="dynamic" timeformat="date" defaultedgetype="{default}">"#
        )?;
    } else {
        writeln!(w, r#"  <graph mode="static" defaultedgetype="{default}">"#)?;
    }
    for (class, attrs) in [("node", NODE_ATTRS), ("edge", EDGE_ATTRS)] {
        writeln!(w, r#"    <attributes class="{class}">"#)?;
        for (i, (name, t)) in attrs.iter().enumerate() {
            if BUILTIN.contains(name) {
                continue;
            }
            writeln!(
                w,
                r#"      <attribute id="{i}" title="{}" type="{}"/>"#,
                escape(name),
                type_name(*t)
            )?;
        }
        writeln!(w, "    </attributes>")?;
    }
    writeln!(w, "    <nodes>")?;
    for n in graph.nodes() {
        writeln!(
            w,
            r#"      <node id="{}" label="{}">"#,
            escape(&n.id),
            escape(&n.name)
        )?;
        write_attvalues(&mut w, NODE_ATTRS, &node_values(n))?;
        writeln!(w, "      </node>")?;
    }
    writeln!(w, "    </nodes>")?;
    writeln!(w, "    <edges>")?;
    for e in graph.edges() {
        let values = edge_values(graph, e);
        let label = values[EDGE_ATTRS.iter().position(|a| a.0 == "label").unwrap()]
            .as_ref()
            .map(|v| v.text())
            .unwrap_or_default();
        let spell = spell(e)
            .map(|(start, end)| format!(r#" start="{start}" end="{end}""#))
            .unwrap_or_default();
        let kind = match direction == super::Direction::Mixed && e.key.kind().is_symmetric() {
            true => r#" type="undirected""#,
            false => "",
        };
        writeln!(
            w,
            r#"      <edge id="{}" source="{}" target="{}"{kind} label="{}" weight="{}"{spell}>"#,
            escape(&edge_id(e)),
            escape(e.key.source()),
            escape(e.key.target()),
            escape(&label),
            e.evidence_total
        )?;
        write_attvalues(&mut w, EDGE_ATTRS, &values)?;
        writeln!(w, "      </edge>")?;
    }
    writeln!(w, "    </edges>")?;
    writeln!(w, "  </graph>")?;
    writeln!(w, "</gexf>")?;
    w.flush()
}

fn write_attvalues(
    w: &mut impl Write,
    attrs: &[(&str, AttrType)],
    values: &[Option<super::attrs::Value>],
) -> io::Result<()> {
    writeln!(w, "        <attvalues>")?;
    for (i, ((name, _), v)) in attrs.iter().zip(values).enumerate() {
        if let (false, Some(v)) = (BUILTIN.contains(name), v) {
            writeln!(
                w,
                r#"          <attvalue for="{i}" value="{}"/>"#,
                escape(&v.text())
            )?;
        }
    }
    writeln!(w, "        </attvalues>")
}
