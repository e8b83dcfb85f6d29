//! Neo4j import CSV: `<name>.nodes.csv` and `<name>.relationships.csv` with the header form of
//! `neo4j-admin database import` (`id:ID`, `:LABEL`, `:START_ID`, `:END_ID`, `:TYPE`, typed
//! properties such as `weight:int` and `aliases:string[]`). The attributes are those of the one
//! schema in [`super::attrs`]; arrays use Neo4j's default delimiter `;`. Fields are quoted by
//! [`field`] only (RFC 4180). Evidence sentences may contain line breaks inside quoted fields:
//! import with `--multiline-fields=true`.

use std::io::{self, Write};

use super::attrs::{edge_values, node_values, AttrType, Value, EDGE_ATTRS, NODE_ATTRS};
use crate::gazetteer::EntityType;
use crate::graph::Graph;

/// Quotes one CSV field (RFC 4180): a field containing a comma, quote, line break, or leading or
/// trailing space, or an empty string, is enclosed in double quotes with `"` doubled; NUL is
/// dropped. `None` is an empty unquoted field (no property in Neo4j). Every field goes through
/// here.
pub fn field(s: Option<&str>) -> String {
    let Some(s) = s else {
        return String::new();
    };
    let s = s.replace('\0', "");
    let needs = s.is_empty()
        || s.contains([',', '"', '\n', '\r'])
        || s.starts_with(char::is_whitespace)
        || s.ends_with(char::is_whitespace);
    if needs {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s
    }
}

fn row(w: &mut impl Write, fields: &[String]) -> io::Result<()> {
    // CRLF line ends, as RFC 4180 asks; Neo4j and Python's csv module read both.
    write!(w, "{}\r\n", fields.join(","))
}

fn header(name: &str, t: AttrType) -> String {
    match t {
        AttrType::String => name.to_string(),
        AttrType::Int => format!("{name}:int"),
        AttrType::Bool => format!("{name}:boolean"),
        AttrType::List => format!("{name}:string[]"),
    }
}

/// Neo4j labels of an entity: `Entity` plus its type (`Entity;Person`).
pub fn labels(kind: EntityType) -> &'static str {
    match kind {
        EntityType::Person => "Entity;Person",
        EntityType::Country => "Entity;Country",
        EntityType::Org => "Entity;Organization",
        EntityType::Location => "Entity;Location",
    }
}

fn cell(v: &Option<Value>) -> String {
    field(v.as_ref().map(|v| v.text()).as_deref())
}

/// Writes the nodes file: `id:ID,label,name,type,…,:LABEL`.
pub fn write_nodes(graph: &Graph, out: &mut dyn Write) -> io::Result<()> {
    let mut w = io::BufWriter::new(out);
    let mut head = vec![field(Some("id:ID"))];
    head.extend(NODE_ATTRS.iter().map(|(n, t)| field(Some(&header(n, *t)))));
    head.push(field(Some(":LABEL")));
    row(&mut w, &head)?;
    for n in graph.nodes() {
        let mut r = vec![field(Some(&n.id))];
        r.extend(node_values(n).iter().map(cell));
        r.push(field(Some(labels(n.kind))));
        row(&mut w, &r)?;
    }
    w.flush()
}

/// Writes the relationships file: `:START_ID,:END_ID,:TYPE,key,…`; `:TYPE` is the relation
/// type in upper case (`HOLDS_OFFICE`).
pub fn write_relationships(graph: &Graph, out: &mut dyn Write) -> io::Result<()> {
    let mut w = io::BufWriter::new(out);
    let mut head: Vec<String> = [":START_ID", ":END_ID", ":TYPE"]
        .iter()
        .map(|h| field(Some(h)))
        .collect();
    head.extend(EDGE_ATTRS.iter().map(|(n, t)| field(Some(&header(n, *t)))));
    row(&mut w, &head)?;
    for e in graph.edges() {
        let mut r = vec![
            field(Some(e.key.source())),
            field(Some(e.key.target())),
            field(Some(&e.key.kind().as_str().to_ascii_uppercase())),
        ];
        r.extend(edge_values(graph, e).iter().map(cell));
        row(&mut w, &r)?;
    }
    w.flush()
}

#[cfg(test)]
mod tests {
    use super::field;

    #[test]
    fn quoting() {
        assert_eq!(field(None), "");
        assert_eq!(field(Some("")), "\"\"");
        assert_eq!(field(Some("plain")), "plain");
        assert_eq!(field(Some("a,b")), "\"a,b\"");
        assert_eq!(field(Some("say \"hi\"")), "\"say \"\"hi\"\"\"");
        assert_eq!(field(Some("two\nlines")), "\"two\nlines\"");
        assert_eq!(field(Some(" pad")), "\" pad\"");
        assert_eq!(field(Some("nul\0")), "nul");
    }
}
