//! Gold annotations: one JSON object a line, validated as they are read.

use std::path::Path;

use serde::Deserialize;

use crate::error::{Error, Result};
use crate::gazetteer::EntityType;
use crate::relate::RelationType;

use super::normal::normal_form;

/// The gold annotation of one document.
#[derive(Debug, Clone)]
pub struct GoldDoc {
    /// The document's file name (or id), as given in `doc`.
    pub doc: String,
    /// The document's date, if the annotation gives one (`YYYY[-MM[-DD]]`).
    pub date: Option<String>,
    /// Every entity of the document.
    pub entities: Vec<GoldEntity>,
    /// The relations a reader sees.
    pub relations: Vec<GoldRelation>,
}

/// A gold entity: one real-world referent.
#[derive(Debug, Clone)]
pub struct GoldEntity {
    /// Its usual name.
    pub name: String,
    /// Its type.
    pub kind: EntityType,
    /// Every other surface form the document uses for it.
    pub aliases: Vec<String>,
}

/// A gold relation.
#[derive(Debug, Clone)]
pub struct GoldRelation {
    /// Relation type.
    pub kind: RelationType,
    /// Indices into the document's entities, in the type's argument order.
    pub args: Vec<usize>,
    /// Role, for `holds_office`.
    pub role: Option<String>,
    /// A former office (not scored).
    pub former: bool,
    /// The sentence that states it, when the annotator gave one.
    pub sentence: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDoc {
    doc: String,
    #[serde(default)]
    date: Option<String>,
    #[serde(default)]
    entities: Vec<RawEntity>,
    #[serde(default)]
    relations: Vec<RawRelation>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawEntity {
    name: String,
    #[serde(rename = "type")]
    kind: String,
    #[serde(default)]
    aliases: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRelation {
    #[serde(rename = "type")]
    kind: String,
    args: Vec<String>,
    #[serde(default)]
    role: Option<String>,
    #[serde(default)]
    former: bool,
    #[serde(default)]
    sentence: Option<String>,
}

/// Reads gold annotations from the text of a JSON Lines file. Blank lines and lines starting
/// with `#` are skipped. A malformed line, an unknown entity or relation type, a relation
/// argument that names no entity of its document, the wrong number of arguments or the same
/// document twice is an error naming `path:line`.
pub fn parse_gold(path: &Path, text: &str) -> Result<Vec<GoldDoc>> {
    let mut docs: Vec<GoldDoc> = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let line_no = i + 1;
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let fail = |message: String| Error::Input {
            path: path.to_path_buf(),
            line: Some(line_no),
            message,
        };
        let raw: RawDoc = serde_json::from_str(line).map_err(|e| fail(e.to_string()))?;
        if docs.iter().any(|d| d.doc == raw.doc) {
            return Err(fail(format!("document {:?} is annotated twice", raw.doc)));
        }
        docs.push(convert(raw).map_err(fail)?);
    }
    Ok(docs)
}

fn convert(raw: RawDoc) -> std::result::Result<GoldDoc, String> {
    let mut entities = Vec::with_capacity(raw.entities.len());
    for e in raw.entities {
        let kind = e
            .kind
            .parse::<EntityType>()
            .map_err(|m| format!("entity {:?}: {m}", e.name))?;
        if normal_form(&e.name).is_empty() {
            return Err("an entity has an empty name".into());
        }
        entities.push(GoldEntity {
            name: e.name,
            kind,
            aliases: e.aliases,
        });
    }
    let find = |arg: &str| -> Option<usize> {
        entities.iter().position(|e| e.name == arg).or_else(|| {
            let key = normal_form(arg);
            entities.iter().position(|e| {
                normal_form(&e.name) == key || e.aliases.iter().any(|a| normal_form(a) == key)
            })
        })
    };
    let mut relations = Vec::with_capacity(raw.relations.len());
    for r in raw.relations {
        let kind = r.kind.parse::<RelationType>()?;
        if !kind.takes_args(r.args.len()) {
            return Err(format!(
                "{} relation {:?} has {} argument(s)",
                r.kind,
                r.args,
                r.args.len()
            ));
        }
        let args = r
            .args
            .iter()
            .map(|a| {
                find(a).ok_or_else(|| {
                    format!("{} argument {a:?} names no entity of the document", r.kind)
                })
            })
            .collect::<std::result::Result<Vec<_>, _>>()?;
        relations.push(GoldRelation {
            kind,
            args,
            role: r.role,
            former: r.former,
            sentence: r.sentence,
        });
    }
    Ok(GoldDoc {
        doc: raw.doc,
        date: raw.date,
        entities,
        relations,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Vec<GoldDoc>> {
        parse_gold(Path::new("gold.jsonl"), text)
    }

    #[test]
    fn reads_a_document() {
        let docs = parse(concat!(
            "# comment\n\n",
            r#"{"doc": "a.txt", "date": "2020-01-02", "entities": [{"name": "Qatar", "type": "COUNTRY", "aliases": ["Qatari"]}, {"name": "Oman", "type": "COUNTRY"}], "relations": [{"type": "talks_with", "args": ["Qatari", "Oman"]}]}"#
        ))
        .unwrap();
        assert_eq!(docs.len(), 1);
        assert_eq!(docs[0].relations[0].args, vec![0, 1]);
    }

    #[test]
    fn errors_name_the_line_and_the_fault() {
        let cases = [
            ("{\"doc\": ", "gold.jsonl:1: EOF"),
            (
                r#"{"doc": "a", "entities": [{"name": "X", "type": "THING"}]}"#,
                "gold.jsonl:1: entity \"X\"",
            ),
            (
                r#"{"doc": "a", "relations": [{"type": "likes", "args": ["A", "B"]}]}"#,
                "unknown relation type \"likes\"",
            ),
            (
                r#"{"doc": "a", "entities": [{"name": "A", "type": "COUNTRY"}], "relations": [{"type": "talks_with", "args": ["A", "B"]}]}"#,
                "argument \"B\" names no entity",
            ),
            (
                r#"{"doc": "a", "entities": [{"name": "A", "type": "COUNTRY"}], "relations": [{"type": "talks_with", "args": ["A"]}]}"#,
                "has 1 argument",
            ),
            (
                r#"{"doc": "a", "entities": [], "extra": 1}"#,
                "unknown field `extra`",
            ),
        ];
        for (line, want) in cases {
            let err = parse(line).unwrap_err().to_string();
            assert!(err.contains(want), "{line}: {err}");
        }
        let twice = "{\"doc\": \"a\"}\n{\"doc\": \"a\"}";
        assert!(parse(twice)
            .unwrap_err()
            .to_string()
            .starts_with("gold.jsonl:2: document \"a\" is annotated twice"));
    }
}
