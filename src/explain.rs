//! Human-readable account of how a text was read, for analysts and rule authors.

use crate::gazetteer::TitleKind;
use crate::matcher::AliasForm;
use crate::pipeline::describe;
use crate::relate::tagged::{Item, Tagged, TAG_CLOSE, TAG_OPEN};
use crate::resolve::EntityRef;
use crate::text::{Date, Document};
use crate::Pipeline;

/// Explains `text` line by line: each sentence, its mentions (matched alias, entity, how it
/// was resolved), the tagged form the rules see, and each relation with its rule.
pub fn explain(pipeline: &Pipeline, text: &str, date: Option<Date>) -> Vec<String> {
    let gaz = pipeline.gazetteer();
    let (sentences, resolved, _) = pipeline.analyze(text, date);
    let result = pipeline.process(&Document::new("explain", text).with_date(date));
    let mut out = Vec::new();
    for (i, s) in sentences.iter().enumerate() {
        out.push(format!(
            "sentence {} [{}..{}]: {}",
            i + 1,
            s.start,
            s.end,
            &text[s.clone()]
        ));
        let mut items = Vec::new();
        for m in resolved
            .mentions
            .iter()
            .filter(|m| m.span.start >= s.start && m.span.end <= s.end)
        {
            let found = &text[m.span.clone()];
            let form = match m.form {
                AliasForm::Name => "name",
                AliasForm::Demonym => "demonym",
                AliasForm::Surname => "surname",
            };
            let what = match m.entity {
                Some(EntityRef::Known(e)) => {
                    let ent = &gaz.entities()[e];
                    items.push((
                        Item::Entity(m.entity.unwrap(), ent.entity_type(), m.form),
                        m.span.clone(),
                    ));
                    format!("{} {} ({})", ent.entity_type(), ent.id, ent.name)
                }
                Some(EntityRef::Discovered(d)) => {
                    items.push((
                        Item::Entity(m.entity.unwrap(), crate::EntityType::Person, m.form),
                        m.span.clone(),
                    ));
                    let d = &resolved.discovered[d];
                    format!(
                        "PERSON {} ({}), discovered after the title {:?}",
                        d.id,
                        d.name,
                        &text[resolved.titles[d.title].span.clone()]
                    )
                }
                None => {
                    let ids: Vec<&str> = m
                        .candidates
                        .iter()
                        .map(|&c| gaz.entities()[c].id.as_str())
                        .collect();
                    format!("UNRESOLVED between {}", ids.join(", "))
                }
            };
            out.push(format!(
                "  mention {found:?} [{}..{}] as {form} → {what} [{}]",
                m.span.start,
                m.span.end,
                m.resolution.as_str()
            ));
        }
        for t in resolved
            .titles
            .iter()
            .filter(|t| t.span.start >= s.start && t.span.end <= s.end)
        {
            let title = &gaz.titles()[t.title];
            let kind = match title.kind {
                TitleKind::Office => "office",
                TitleKind::Honorific => "honorific",
            };
            items.push((Item::Title(t.title, title.kind), t.span.clone()));
            out.push(format!(
                "  title {:?} [{}..{}] → {} ({kind})",
                &text[t.span.clone()],
                t.span.start,
                t.span.end,
                title.role
            ));
        }
        items.sort_by_key(|(_, span)| span.start);
        let tagged = Tagged::new(text, s.clone(), items);
        let shown = tagged.text.replace(TAG_OPEN, "⟨").replace(TAG_CLOSE, "⟩");
        out.push(format!("  tagged: {shown}"));
        for r in result
            .relations
            .iter()
            .filter(|r| r.sentence_span.byte_start == s.start)
        {
            out.push(format!(
                "  relation {} by rule {} (trigger {:?})",
                describe(r),
                r.rule,
                r.trigger
            ));
        }
    }
    out
}
