//! GraphML (Gephi, yEd, networkx `read_graphml`): typed `<key>` declarations from the one
//! attribute schema in [`super::attrs`], lists joined into strings, every string escaped by
//! [`super::xml::escape`].

use std::io::{self, Write};

use super::attrs::{edge_values, node_values, AttrType, EDGE_ATTRS, NODE_ATTRS};
use super::xml::escape;
use super::{edge_id, Provenance};
use crate::graph::Graph;

fn type_name(t: AttrType) -> &'static str {
    match t {
        AttrType::String | AttrType::List => "string",
        AttrType::Int => "long",
        AttrType::Bool => "boolean",
    }
}

/// Writes the graph as GraphML. Node keys are `n0…`, edge keys `e0…`, in schema order; the
/// graph carries `name` and `generated_by`.
pub fn write(graph: &Graph, provenance: &Provenance, out: &mut dyn Write) -> io::Result<()> {
    let mut w = io::BufWriter::new(out);
    writeln!(w, r#"<?xml version="1.0" encoding="UTF-8"?>"#)?;
    writeln!(
        w,
        r#"<graphml xmlns="http://graphml.graphdrawing.org/xmlns" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">"#
    )?;
    writeln!(
        w,
        r#"  <key id="g0" for="graph" attr.name="name" attr.type="string"/>"#
    )?;
    writeln!(
        w,
        r#"  <key id="g1" for="graph" attr.name="generated_by" attr.type="string"/>"#
    )?;
    for (i, (name, t)) in NODE_ATTRS.iter().enumerate() {
        writeln!(
            w,
            r#"  <key id="n{i}" for="node" attr.name="{}" attr.type="{}"/>"#,
            escape(name),
            type_name(*t)
        )?;
    }
    for (i, (name, t)) in EDGE_ATTRS.iter().enumerate() {
        writeln!(
            w,
            r#"  <key id="e{i}" for="edge" attr.name="{}" attr.type="{}"/>"#,
            escape(name),
            type_name(*t)
        )?;
    }
    // Symmetric relations are undirected: the default when all are, else per edge.
    let direction = super::Direction::of(graph);
    let default = if direction == super::Direction::Undirected {
        "undirected"
    } else {
        "directed"
    };
    writeln!(w, r#"  <graph id="G" edgedefault="{default}">"#)?;
    writeln!(w, r#"    <data key="g0">relgraph</data>"#)?;
    writeln!(
        w,
        r#"    <data key="g1">{}</data>"#,
        escape(&provenance.generated_by)
    )?;
    for n in graph.nodes() {
        write!(w, r#"    <node id="{}">"#, escape(&n.id))?;
        for (i, v) in node_values(n).iter().enumerate() {
            if let Some(v) = v {
                write!(w, r#"<data key="n{i}">{}</data>"#, escape(&v.text()))?;
            }
        }
        writeln!(w, "</node>")?;
    }
    for e in graph.edges() {
        let directed = match direction == super::Direction::Mixed && e.key.kind().is_symmetric() {
            true => r#" directed="false""#,
            false => "",
        };
        write!(
            w,
            r#"    <edge id="{}" source="{}" target="{}"{directed}>"#,
            escape(&edge_id(e)),
            escape(e.key.source()),
            escape(e.key.target())
        )?;
        for (i, v) in edge_values(graph, e).iter().enumerate() {
            if let Some(v) = v {
                write!(w, r#"<data key="e{i}">{}</data>"#, escape(&v.text()))?;
            }
        }
        writeln!(w, "</edge>")?;
    }
    writeln!(w, "  </graph>")?;
    writeln!(w, "</graphml>")?;
    w.flush()
}
