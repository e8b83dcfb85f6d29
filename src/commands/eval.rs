//! `relgraph eval`: runs the pipeline over annotated texts and scores it against the gold.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::PathBuf;

use crate::eval::{parse_gold, Counts, Report};
use crate::input::{self, Source};
use crate::{Date, Document, Pipeline};
use anyhow::{bail, Context};

use super::{load_gazetteer, load_rules};
use crate::cli::{EvalArgs, EvalFormat};

pub(crate) fn run(args: EvalArgs) -> anyhow::Result<u8> {
    let pipeline = Pipeline::builder()
        .gazetteer(load_gazetteer(&args.gazetteers)?)
        .rules(load_rules(&args.rules.rules, !args.rules.no_default_rules)?)
        .build()?;
    let mut gold = Vec::new();
    // After the rules: gold may name the relation types they declare.
    for path in &args.gold {
        let text =
            std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
        gold.extend(parse_gold(path, &text)?);
    }
    let input::Expanded {
        sources, errors, ..
    } = input::expand(&args.inputs);
    if let Some(e) = errors.into_iter().next() {
        return Err(e.into());
    }
    // A gold `doc` names a file by its name; the folders may hold other files (the gold itself).
    let mut files: BTreeMap<String, PathBuf> = BTreeMap::new();
    for s in sources {
        if let Source::File(p) = s {
            if let Some(name) = p.file_name().and_then(|n| n.to_str()) {
                files.entry(name.to_string()).or_insert(p);
            }
        }
    }
    let mut report = Report::default();
    for g in &gold {
        let Some(path) = files.get(&g.doc) else {
            bail!("the gold document {:?} is not among the inputs", g.doc);
        };
        let text =
            std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
        let date = g
            .date
            .as_deref()
            .map(Date::parse)
            .transpose()
            .with_context(|| format!("the gold date of {}", g.doc))?;
        let doc = Document::new(g.doc.clone(), text).with_date(date);
        report.add(g, &pipeline.process(&doc));
    }
    let mut out = std::io::stdout().lock();
    match args.format {
        EvalFormat::Json => {
            serde_json::to_writer_pretty(&mut out, &report)?;
            writeln!(out)?;
        }
        EvalFormat::Text => write_text(&mut out, &report, !args.summary)?,
    }
    Ok(0)
}

fn write_text(out: &mut impl Write, r: &Report, details: bool) -> std::io::Result<()> {
    if details {
        for d in &r.docs {
            let lists = [
                ("missed entity", &d.entity_fn),
                ("extra entity", &d.entity_fp),
                ("missed", &d.relation_fn),
                ("wrong", &d.relation_fp),
            ];
            if lists.iter().all(|(_, l)| l.is_empty()) {
                continue;
            }
            writeln!(out, "{}", d.doc)?;
            for (label, list) in lists {
                for m in list {
                    write!(out, "  {label:<13} {}", m.item)?;
                    if let Some(rule) = &m.rule {
                        write!(out, " [{rule}]")?;
                    }
                    match &m.sentence {
                        Some(s) => writeln!(out, "\n      \u{201c}{}\u{201d}", s.trim())?,
                        None => writeln!(out)?,
                    }
                }
            }
        }
        writeln!(out)?;
    }
    writeln!(out, "{} documents", r.documents)?;
    writeln!(
        out,
        "{:<18} {:>6} {:>6} {:>6} {:>5} {:>5} {:>5}",
        "", "P", "R", "F1", "tp", "fp", "fn"
    )?;
    let row = |out: &mut dyn Write, name: &str, c: &Counts| {
        writeln!(
            out,
            "{name:<18} {:>6.3} {:>6.3} {:>6.3} {:>5} {:>5} {:>5}",
            c.precision(),
            c.recall(),
            c.f1(),
            c.tp,
            c.fp,
            c.fn_
        )
    };
    row(out, "entities", &r.entities)?;
    row(out, "relations", &r.relations)?;
    row(out, "pairs", &r.pairs)?;
    for (t, c) in &r.by_type {
        row(out, &format!("  {t}"), c)?;
    }
    if r.roles.1 > 0 {
        writeln!(
            out,
            "roles of matched holds_office: {}/{} agree",
            r.roles.0, r.roles.1
        )?;
    }
    Ok(())
}
