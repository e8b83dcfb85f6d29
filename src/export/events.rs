//! Event records: one JSON Lines record per relation found, in the shape of event data sets
//! such as PLOVER/POLECAT (who did what to whom, when, with the coded event type), for tools
//! that count and chart events rather than draw graphs.
//!
//! ```text
//! {"event_id":"wire/0412.txt#3","date":"2024-05-02","event_type":"CONSULT","cameo":"045","relation":"mediates_between","symmetric":false,"source":[{"id":"country:qa","name":"Qatar","type":"COUNTRY"}],"target":[{"id":"country:il",…},{"id":"org:hamas",…}],"document":"wire/0412.txt","sentence":"…","sentence_span":{…},"trigger":"mediated","trigger_span":{…},"rule":"mediates.verb_between"}
//! ```
//!
//! Mapping from a relation (see the README, "Event records"): `source` is the first argument
//! (the mediator, supporter, successor, member or office holder) and `target` the others (the
//! parties of a mediation); a symmetric relation (talks, conflict, …) has its arguments in id
//! order and `symmetric: true`. `event_type` is the trigger's PLOVER type and `cameo` its
//! CAMEO code, both absent when the trigger lexicon has none (an office stated by a title).
//! `date` is the document's date and `meta` its JSON Lines metadata (url, source, title, …).
//! Records come per document as documents complete, in input order; `event_id` is the
//! document id and the relation's index in it, stable across runs.

use std::collections::BTreeMap;
use std::io::{self, Write};

use serde::Serialize;

use crate::filter::GraphFilter;
use crate::pipeline::{DocResult, EntityInfo, Span};
use crate::relate::{RelationType, Status};

#[derive(Serialize)]
struct Event<'a> {
    event_id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    date: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    event_type: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    cameo: Option<&'a str>,
    relation: RelationType,
    symmetric: bool,
    source: &'a [EntityInfo<'a>],
    target: &'a [EntityInfo<'a>],
    #[serde(skip_serializing_if = "Option::is_none")]
    role: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    status: Option<&'static str>,
    document: &'a str,
    sentence: &'a str,
    sentence_span: Span,
    trigger: &'a str,
    trigger_span: Span,
    rule: &'a str,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    meta: &'a BTreeMap<String, serde_json::Value>,
}

/// Streams the relations of each document as event records.
#[derive(Debug)]
pub struct EventWriter<W: Write> {
    out: W,
    filter: GraphFilter,
    events: usize,
}

impl<W: Write> EventWriter<W> {
    /// A writer into `out`. As for JSON Lines, only the filter's entity types apply: a
    /// relation with an argument of another type is left out.
    pub fn new(out: W, filter: &GraphFilter) -> EventWriter<W> {
        EventWriter {
            out,
            filter: filter.clone(),
            events: 0,
        }
    }

    /// Writes one record per relation of `doc`, in text order.
    pub fn write_document(&mut self, doc: &DocResult) -> io::Result<()> {
        for (i, r) in doc.relations.iter().enumerate() {
            if !r.args.iter().all(|a| self.filter.keeps_type(a.kind)) {
                continue;
            }
            let (source, target) = r.args.split_at(1.min(r.args.len()));
            let event = Event {
                event_id: format!("{}#{i}", doc.document),
                date: doc.date.as_deref(),
                event_type: r.plover.as_deref(),
                cameo: r.cameo.as_deref(),
                relation: r.kind,
                symmetric: r.kind.is_symmetric(),
                source,
                target,
                role: r.role.as_deref(),
                status: Status::of(r.kind, r.former).map(Status::as_str),
                document: &doc.document,
                sentence: &r.sentence,
                sentence_span: r.sentence_span,
                trigger: &r.trigger,
                trigger_span: r.trigger_span,
                rule: &r.rule,
                meta: &doc.meta,
            };
            serde_json::to_writer(&mut self.out, &event)?;
            self.out.write_all(b"\n")?;
            self.events += 1;
        }
        Ok(())
    }

    /// Flushes and returns the output.
    pub fn finish(mut self) -> io::Result<W> {
        self.out.flush()?;
        Ok(self.out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pipeline::Pipeline;
    use crate::Document;

    fn events(text: &str, date: Option<&str>) -> Vec<serde_json::Value> {
        let p = Pipeline::builder().build().unwrap();
        let mut doc = Document::new("wire/1.txt", text);
        if let Some(d) = date {
            doc.date = Some(crate::text::Date::parse(d).unwrap());
        }
        let mut w = EventWriter::new(Vec::new(), &GraphFilter::default());
        w.write_document(&p.process(&doc)).unwrap();
        let out = String::from_utf8(w.finish().unwrap()).unwrap();
        out.lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect()
    }

    #[test]
    fn a_mediation_is_one_event_from_the_mediator_to_both_parties() {
        let e = events(
            "Egypt mediated between Israel and Hamas on Friday.",
            Some("2024-05-02"),
        );
        assert_eq!(e.len(), 1, "{e:#?}");
        let e = &e[0];
        assert_eq!(e["event_id"], "wire/1.txt#0");
        assert_eq!(e["date"], "2024-05-02");
        assert_eq!(
            (&e["event_type"], &e["cameo"]),
            (&"CONSULT".into(), &"045".into())
        );
        assert_eq!(e["relation"], "mediates_between");
        assert_eq!(e["source"][0]["name"], "Egypt");
        let targets: Vec<&str> = e["target"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t["name"].as_str().unwrap())
            .collect();
        assert_eq!(targets.len(), 2);
        assert!(targets.contains(&"Israel") && targets.contains(&"Hamas"));
        assert_eq!(e["trigger"], "mediated");
    }

    #[test]
    fn an_office_has_no_event_code_and_keeps_its_status() {
        let e = events("Former Turkish President Abdullah Gül spoke.", None);
        assert_eq!(e.len(), 1, "{e:#?}");
        assert_eq!(e[0]["relation"], "holds_office");
        assert_eq!(e[0]["status"], "former");
        assert!(e[0].get("event_type").is_none() && e[0].get("date").is_none());
    }
}
