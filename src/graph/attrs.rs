//! Identifiers and attributes a node takes from its gazetteer entity: its Wikidata QID, ISO
//! codes, country and (for a person) the offices held as of the node's latest document date.
//!
//! They are looked up once per node, when the graph is complete ([`Graph::annotate`]), not per
//! mention, and merge field by field by taking the larger value, so [`Graph::merge`] stays
//! associative and commutative.

use serde::{Deserialize, Serialize};

use super::{Graph, Node};
use crate::gazetteer::{EntityType, Gazetteer, Office};
use crate::text::Date;

/// A node's identifiers and attributes from the gazetteer. Every field is absent when the
/// gazetteer has no value (and all are, for a discovered entity).
///
/// The offices are those held on [`NodeAttrs::offices_as_of`], the latest date of the
/// documents that mention the node; with no dated document, they are the terms the gazetteer
/// knows open.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct NodeAttrs {
    /// Wikidata QID (`Q43`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wikidata: Option<String>,
    /// ISO 3166-1 alpha-2 code (`TR`; countries only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub iso: Option<String>,
    /// ISO 3166-1 alpha-3 code (`TUR`; countries only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub iso3: Option<String>,
    /// Id of the entity's country (`country:tr`; people, organizations, places).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
    /// Offices held, as `ROLE of ID` (`President of country:tr`), sorted (people only).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub offices: Vec<String>,
    /// The date the offices are as of; absent when no document mentioning the person is
    /// dated (the offices are then the open terms).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub offices_as_of: Option<Date>,
}

impl NodeAttrs {
    /// The attributes of entity `index` of `gaz` as of `date` (`None` if it has none).
    pub fn of(gaz: &Gazetteer, index: usize, date: Option<Date>) -> Option<NodeAttrs> {
        let e = gaz.entities().get(index)?;
        let attr = |k: &str| e.attr(k).filter(|v| !v.is_empty()).map(str::to_string);
        let country = e.entity_type() == EntityType::Country;
        let person = e.entity_type() == EntityType::Person;
        let attrs = NodeAttrs {
            wikidata: attr("wikidata"),
            iso: attr("iso2").filter(|_| country),
            iso3: attr("iso3").filter(|_| country),
            country: e.country.clone().filter(|c| !c.is_empty()),
            offices: if person {
                offices_on(gaz, index, date)
            } else {
                Vec::new()
            },
            offices_as_of: date.filter(|_| person),
        };
        (attrs != NodeAttrs::default()).then_some(attrs)
    }

    /// Takes in `other`'s values: the larger of each field (a value over none), and the
    /// offices of the later date. Associative and commutative.
    pub fn merge(&mut self, other: &NodeAttrs) {
        for (mine, theirs) in [
            (&mut self.wikidata, &other.wikidata),
            (&mut self.iso, &other.iso),
            (&mut self.iso3, &other.iso3),
            (&mut self.country, &other.country),
        ] {
            if *theirs > *mine {
                mine.clone_from(theirs);
            }
        }
        if (other.offices_as_of, &other.offices) > (self.offices_as_of, &self.offices) {
            self.offices_as_of = other.offices_as_of;
            self.offices.clone_from(&other.offices);
        }
    }
}

/// Merges `theirs` into `mine` (see [`NodeAttrs::merge`]).
pub(super) fn merge_attrs(mine: &mut Option<Box<NodeAttrs>>, theirs: Option<&NodeAttrs>) {
    match (mine, theirs) {
        (Some(m), Some(t)) => m.merge(t),
        (m @ None, Some(t)) => *m = Some(Box::new(t.clone())),
        (_, None) => {}
    }
}

/// An office as the outputs show it: `President of country:tr`.
pub fn office_label(o: &Office) -> String {
    format!("{} of {}", o.role, o.of)
}

/// The offices person `index` held on `date` (with no date, the open terms), sorted and
/// without repeats: the question the resolver asks of a date.
fn offices_on(gaz: &Gazetteer, index: usize, date: Option<Date>) -> Vec<String> {
    let mut held: Vec<String> = gaz
        .offices_of(index)
        .iter()
        .map(|&o| &gaz.offices()[o])
        .filter(|o| date.map_or_else(|| o.is_open(), |d| o.active_on(d)))
        .map(office_label)
        .collect();
    held.sort_unstable();
    held.dedup();
    held
}

impl Graph {
    /// Gives every node of a gazetteer entity its identifiers and attributes from `gaz`
    /// ([`NodeAttrs`]), the offices as of the node's latest document date. Call it once the
    /// documents are in: one lookup per node, none per mention. Nodes `gaz` does not know keep
    /// what they have (from a merged graph, say).
    pub fn annotate(&mut self, gaz: &Gazetteer) {
        let found: Vec<_> = self
            .nodes
            .values()
            .filter_map(|&n| {
                let node = &self.graph[n];
                let index = gaz.index_of(&node.id).filter(|_| !node.discovered)?;
                Some((n, NodeAttrs::of(gaz, index, self.latest_date(node))))
            })
            .collect();
        for (n, attrs) in found {
            self.graph[n].attrs = attrs.map(Box::new);
        }
    }

    /// The latest date of the documents that mention `node`: from the ledger when the graph
    /// keeps one, else from the documents of the mentions kept (as far as the documents list
    /// has their dates).
    pub fn latest_date(&self, node: &Node) -> Option<Date> {
        if self.keeps_ledger() && !node.documents.is_empty() {
            return node
                .documents
                .iter()
                .filter_map(|(d, _)| self.ledger.get(d.as_str())?.date)
                .max();
        }
        node.mentions
            .iter()
            .filter_map(|m| {
                let i = self
                    .documents
                    .binary_search_by(|d| d.id.as_str().cmp(&m.document))
                    .ok()?;
                Date::parse(self.documents[i].date.as_deref()?).ok()
            })
            .max()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Document, Pipeline};

    fn date(s: &str) -> Option<Date> {
        Some(Date::parse(s).unwrap())
    }

    fn attrs_of(gaz: &Gazetteer, id: &str, on: Option<Date>) -> NodeAttrs {
        NodeAttrs::of(gaz, gaz.index_of(id).unwrap(), on).unwrap()
    }

    #[test]
    fn a_country_has_its_qid_and_iso_codes_and_no_offices() {
        let gaz = Gazetteer::builder().build().unwrap();
        let tr = attrs_of(&gaz, "country:tr", date("2020-12-22"));
        assert_eq!(tr.wikidata.as_deref(), Some("Q43"));
        assert_eq!(
            (tr.iso.as_deref(), tr.iso3.as_deref()),
            (Some("TR"), Some("TUR"))
        );
        assert_eq!((tr.country, tr.offices_as_of), (None, None));
        assert!(tr.offices.is_empty());
    }

    #[test]
    fn a_persons_offices_are_those_held_on_the_date() {
        let gaz = Gazetteer::builder().build().unwrap();
        let gul = |on: Option<Date>| attrs_of(&gaz, "person:abdullah-gul", on);
        assert_eq!(gul(None).country.as_deref(), Some("country:tr"));
        assert_eq!(gul(date("2010-01-01")).offices, ["President of country:tr"]);
        assert_eq!(
            gul(date("2004-01-01")).offices,
            [
                "Deputy Prime Minister of country:tr",
                "Foreign Minister of country:tr"
            ]
        );
        assert_eq!(gul(date("2004-01")).offices_as_of, date("2004-01"));
        // Undated: only open terms, and he holds none.
        let erdogan = |on| attrs_of(&gaz, "person:recep-tayyip-erdogan", on);
        assert!(gul(None).offices.is_empty());
        assert_eq!(erdogan(None).offices, ["President of country:tr"]);
        assert_eq!(
            erdogan(date("2010-01-01")).offices,
            ["Prime Minister of country:tr"]
        );
    }

    #[test]
    fn merging_attributes_is_associative_and_commutative() {
        let a = |q: Option<&str>, on: Option<&str>, offices: &[&str]| NodeAttrs {
            wikidata: q.map(Into::into),
            country: Some("country:tr".into()),
            offices: offices.iter().map(|o| o.to_string()).collect(),
            offices_as_of: on.and_then(date),
            ..NodeAttrs::default()
        };
        let all = [
            a(Some("Q1"), Some("2010"), &["President of country:tr"]),
            a(
                None,
                Some("2004-01-01"),
                &["Foreign Minister of country:tr"],
            ),
            a(Some("Q2"), None, &[]),
            a(None, Some("2010"), &["Prime Minister of country:tr"]),
        ];
        let merged = |xs: &[&NodeAttrs]| {
            let mut m = xs[0].clone();
            for x in &xs[1..] {
                m.merge(x);
            }
            m
        };
        for x in &all {
            for y in &all {
                assert_eq!(merged(&[x, y]), merged(&[y, x]));
                for z in &all {
                    let yz = merged(&[y, z]);
                    assert_eq!(merged(&[x, y, z]), merged(&[x, &yz]));
                }
            }
        }
        let m = merged(&all.iter().collect::<Vec<_>>());
        assert_eq!(m.wikidata.as_deref(), Some("Q2"));
        assert_eq!(m.offices, ["Prime Minister of country:tr"]);
        assert_eq!(m.offices_as_of, date("2010"));
    }

    #[test]
    fn offices_are_as_of_the_latest_document_and_merge_to_the_whole() {
        let p = Pipeline::builder().build().unwrap();
        let text = "Turkish President Abdullah Gül met Azeri President Ilham Aliyev in Baku.";
        let doc = |id: &str, on: &str| p.process(&Document::new(id, text).with_date(date(on)));
        let (early, late) = (doc("a", "2004-01-01"), doc("b", "2010-01-01"));
        let annotated_in = |mut g: Graph, docs: &[&crate::DocResult]| {
            for d in docs {
                g.add(d);
            }
            g.annotate(p.gazetteer());
            g
        };
        let annotated = |docs: &[&crate::DocResult]| annotated_in(Graph::new(), docs);
        let whole = annotated(&[&early, &late]);
        // Without a ledger, the dates come from the documents list.
        let unledgered = annotated_in(Graph::new().without_ledger(), &[&late, &early]);
        let node = |g: &Graph| g.node_by_id("person:abdullah-gul").unwrap().attrs.clone();
        assert_eq!(node(&unledgered), node(&whole));
        let gul = whole.node_by_id("person:abdullah-gul").unwrap();
        let attrs = gul.attrs.as_deref().unwrap();
        assert_eq!(attrs.offices, ["President of country:tr"]);
        assert_eq!(attrs.offices_as_of, date("2010-01-01"));
        for (x, y) in [(&early, &late), (&late, &early)] {
            let mut m = annotated(&[x]);
            m.merge(&annotated(&[y]));
            let merged = m.node_by_id("person:abdullah-gul").unwrap();
            assert_eq!(merged.attrs, gul.attrs);
        }
        let tr = whole.node_by_id("country:tr").unwrap();
        assert_eq!(tr.attrs.as_deref().unwrap().iso.as_deref(), Some("TR"));
    }
}
