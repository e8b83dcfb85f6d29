//! Scalar attributes of nodes and edges for the formats that allow only scalars (GraphML, GEXF,
//! CSV). One schema, declared once, so every flat format carries the same attributes with the
//! same types; lists are joined with [`LIST_SEPARATOR`].

use std::collections::BTreeSet;

use super::edge_key;
use crate::graph::{DocMeta, Edge, Graph, Node, NodeAttrs};
use crate::relate::Status;

/// Separator for lists flattened into one string (also Neo4j's default array delimiter).
pub const LIST_SEPARATOR: &str = ";";

/// Type of a scalar attribute.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AttrType {
    /// Text.
    String,
    /// Integer.
    Int,
    /// Boolean.
    Bool,
    /// A list, joined with [`LIST_SEPARATOR`] (a string in GraphML and GEXF, an array in CSV).
    List,
}

/// A scalar attribute value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    /// Text.
    Str(String),
    /// Integer.
    Int(i64),
    /// Boolean.
    Bool(bool),
}

impl Value {
    /// The value as text (`true`/`false` for booleans).
    pub fn text(&self) -> String {
        match self {
            Value::Str(s) => s.clone(),
            Value::Int(i) => i.to_string(),
            Value::Bool(b) => b.to_string(),
        }
    }
}

/// Node attributes, in output order. `wikidata` (QID), `iso` and `iso3` (ISO 3166-1 alpha-2
/// and alpha-3, countries only), `country` (the country's id) and `offices` (`ROLE of ID`, as
/// of `offices_as_of`, the node's latest document date) come from the gazetteer
/// ([`crate::graph::NodeAttrs`]) and are absent when it has no value.
pub const NODE_ATTRS: &[(&str, AttrType)] = &[
    ("label", AttrType::String),
    ("name", AttrType::String),
    ("type", AttrType::String),
    ("discovered", AttrType::Bool),
    ("wikidata", AttrType::String),
    ("iso", AttrType::String),
    ("iso3", AttrType::String),
    ("country", AttrType::String),
    ("offices", AttrType::List),
    ("offices_as_of", AttrType::String),
    ("aliases", AttrType::List),
    ("mention_count", AttrType::Int),
    ("documents", AttrType::List),
];

/// Edge attributes, in output order. `role` and `status` are absent when the relation has
/// none (every type but `holds_office`); `cameo` and `plover` list the distinct event codes
/// of the evidence kept; `first_seen` and `last_seen` (`YYYY-MM-DD`, or shorter for a
/// document dated by month or year) are absent when no evidence is dated; `doc_title`,
/// `doc_url` and `doc_source` are the metadata (JSON Lines `title`, `url`, `source`) of the
/// first piece of evidence's document, and `urls` the distinct URLs of the kept evidence's
/// documents.
pub const EDGE_ATTRS: &[(&str, AttrType)] = &[
    ("relation_key", AttrType::String),
    ("label", AttrType::String),
    ("type", AttrType::String),
    ("role", AttrType::String),
    ("status", AttrType::String),
    ("args", AttrType::List),
    ("symmetric", AttrType::Bool),
    ("weight", AttrType::Int),
    ("documents", AttrType::List),
    ("rules", AttrType::List),
    ("cameo", AttrType::List),
    ("plover", AttrType::List),
    ("evidence", AttrType::String),
    ("trigger", AttrType::String),
    ("first_seen", AttrType::String),
    ("last_seen", AttrType::String),
    ("doc_title", AttrType::String),
    ("doc_url", AttrType::String),
    ("doc_source", AttrType::String),
    ("urls", AttrType::List),
];

fn join<'a>(items: impl IntoIterator<Item = &'a str>) -> String {
    items.into_iter().collect::<Vec<_>>().join(LIST_SEPARATOR)
}

/// Distinct values in first-seen order.
fn distinct<'a>(items: impl IntoIterator<Item = &'a str>) -> Vec<&'a str> {
    let mut seen = BTreeSet::new();
    items.into_iter().filter(|s| seen.insert(*s)).collect()
}

/// The label shown for an edge: relation type, role, evidence count.
pub fn edge_label(e: &Edge) -> String {
    let mut label = e.key.kind().as_str().to_string();
    if let Some(role) = role_label(e) {
        label = format!("{label}: {role}");
    }
    format!("{label} ({})", e.evidence_total)
}

/// The role as shown to a reader: "president", or "former president" for an office no
/// longer held.
pub fn role_label(e: &Edge) -> Option<String> {
    let role = e.key.role()?;
    Some(match e.key.status() {
        Some(Status::Former) => format!("former {role}"),
        _ => role.to_string(),
    })
}

/// A node's attributes, in [`NODE_ATTRS`] order (`None` = absent).
pub fn node_values(n: &Node) -> Vec<Option<Value>> {
    let a = n.attrs.as_deref();
    let text = |f: fn(&NodeAttrs) -> &Option<String>| a.and_then(|a| f(a).clone()).map(Value::Str);
    vec![
        Some(Value::Str(n.name.clone())),
        Some(Value::Str(n.name.clone())),
        Some(Value::Str(n.kind.as_str().into())),
        Some(Value::Bool(n.discovered)),
        text(|a| &a.wikidata),
        text(|a| &a.iso),
        text(|a| &a.iso3),
        text(|a| &a.country),
        a.filter(|a| !a.offices.is_empty())
            .map(|a| Value::Str(join(a.offices.iter().map(String::as_str)))),
        a.and_then(|a| a.offices_as_of)
            .map(|d| Value::Str(d.to_string())),
        Some(Value::Str(join(n.aliases.iter().map(|a| a.as_str())))),
        Some(Value::Int(n.mention_count as i64)),
        Some(Value::Str(join(distinct(
            n.mentions.iter().map(|m| m.document.as_ref()),
        )))),
    ]
}

/// The node attributes that come from the gazetteer ([`crate::graph::NodeAttrs`]), a subset
/// of [`NODE_ATTRS`]. Formats that draw rather than tabulate (DOT) carry only these, beside
/// their own label and styling.
pub const GAZETTEER_NODE_ATTRS: &[&str] = &[
    "wikidata",
    "iso",
    "iso3",
    "country",
    "offices",
    "offices_as_of",
];

/// A node's gazetteer attributes that have a value, as `(name, text)` in [`NODE_ATTRS`] order
/// (lists joined with [`LIST_SEPARATOR`]), taken from [`node_values`] so that every format
/// writes the same values.
pub fn gazetteer_values(n: &Node) -> Vec<(&'static str, String)> {
    NODE_ATTRS
        .iter()
        .zip(node_values(n))
        .filter(|((name, _), _)| GAZETTEER_NODE_ATTRS.contains(name))
        .filter_map(|((name, _), v)| Some((*name, v?.text())))
        .collect()
}

/// An edge's attributes, in [`EDGE_ATTRS`] order (`None` = absent). `evidence` and `trigger`
/// are those of the first piece of evidence, and so is the document metadata (from `graph`).
pub fn edge_values(graph: &Graph, e: &Edge) -> Vec<Option<Value>> {
    let first = e.evidence.first();
    let first_meta = first.and_then(|v| graph.document_meta(&v.document));
    let meta_field =
        |f: fn(&DocMeta) -> &Option<String>| first_meta.and_then(|m| f(m).clone()).map(Value::Str);
    let urls = distinct(e.evidence.iter().filter_map(|v| {
        graph
            .document_meta(&v.document)
            .and_then(|m| m.url.as_deref())
    }));
    vec![
        Some(Value::Str(edge_key(e))),
        Some(Value::Str(edge_label(e))),
        Some(Value::Str(e.key.kind().as_str().into())),
        e.key.role().map(|r| Value::Str(r.into())),
        e.key.status().map(|s| Value::Str(s.as_str().into())),
        Some(Value::Str(join(e.key.args().iter().map(|a| &**a)))),
        Some(Value::Bool(e.key.kind().is_symmetric())),
        Some(Value::Int(e.evidence_total as i64)),
        Some(Value::Str(join(distinct(
            e.evidence.iter().map(|v| v.document.as_ref()),
        )))),
        Some(Value::Str(join(distinct(
            e.evidence.iter().map(|v| v.rule.as_ref()),
        )))),
        Some(Value::Str(join(distinct(
            e.evidence.iter().filter_map(|v| v.cameo.as_deref()),
        )))),
        Some(Value::Str(join(distinct(
            e.evidence.iter().filter_map(|v| v.plover.as_deref()),
        )))),
        first.map(|v| Value::Str(v.sentence.to_string())),
        first.map(|v| Value::Str(v.trigger().to_string())),
        e.timeline.as_ref().map(|t| Value::Str(t.first.to_string())),
        e.timeline.as_ref().map(|t| Value::Str(t.last.to_string())),
        meta_field(|m| &m.title),
        meta_field(|m| &m.url),
        meta_field(|m| &m.source),
        (!urls.is_empty()).then(|| Value::Str(join(urls))),
    ]
}
