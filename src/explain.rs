//! Human-readable account of how a text was read, for analysts and rule authors.

use crate::matcher::AliasForm;
use crate::pipeline::describe;
use crate::resolve::EntityRef;
use crate::resolve::Form;
use crate::text::{Date, Document};
use crate::Pipeline;

/// The legend printed before the token view.
pub const TOKEN_LEGEND: &str = "tokens: word/lemma, [CLASSES], @relation of a lexicon entry; ⟨TYPE:mention⟩ (adj: demonym, 's: possessive), ⟨TITLE:role⟩";

fn show_tokens(pipeline: &Pipeline, tokens: &[crate::relate::token::view::Token]) -> String {
    use crate::relate::token::view::{class, Kind};
    let lex = &pipeline.rules().token_rules().lexicon;
    let gaz = pipeline.gazetteer();
    let mut parts = Vec::new();
    for t in tokens {
        let mut s = match t.kind {
            Kind::Slot(_, ty, form) => format!(
                "⟨{ty}{}:{}{}⟩",
                if form == AliasForm::Demonym {
                    ".adj"
                } else {
                    ""
                },
                t.lower,
                if t.possessive { "'s" } else { "" }
            ),
            Kind::Title(i, _) => format!("⟨TITLE:{}⟩", gaz.titles()[i].role),
            Kind::Word if t.lemma != t.lower => format!("{}/{}", t.lower, t.lemma),
            Kind::Word => t.lower.clone(),
        };
        let classes: Vec<&str> = class::NAMES
            .iter()
            .filter(|(n, b)| t.class & b != 0 && *n != "PUNCT" && *n != "CAP")
            .map(|(n, _)| *n)
            .collect();
        if !classes.is_empty() {
            s.push_str(&format!("[{}]", classes.join(",")));
        }
        for &e in &t.triggers {
            let e = &lex.entries()[e as usize];
            if let Some(r) = e.relation {
                s.push_str(&format!("@{r}.{}", e.pos.as_str()));
            }
        }
        parts.push(s);
    }
    parts.join(" ")
}

/// Explains `text` line by line: each sentence, its mentions (matched alias, entity, how it
/// was resolved), the tagged form the rules see, each relation with its rule, and the rules
/// that nearly fired: a rule whose pattern matched but was cancelled (negation, arguments), or
/// whose trigger words occur in the sentence although its pattern did not match.
pub fn explain(pipeline: &Pipeline, text: &str, date: Option<Date>) -> Vec<String> {
    let gaz = pipeline.gazetteer();
    let crate::pipeline::Analysis {
        sentences,
        resolved,
        ..
    } = pipeline.analyze(text, date);
    let expanded = crate::coref::Expanded::new(text, &sentences, &resolved);
    let result = pipeline.process(&Document::new("explain", text).with_date(date));
    let reasons = pipeline.resolution_reasons(text, date);
    let mut out = vec![TOKEN_LEGEND.to_string()];
    // The sentences come in order: one cursor walks the mentions once.
    let mut items_at = crate::relate::Cursor::default();
    for (i, s) in sentences.iter().enumerate() {
        out.push(format!(
            "sentence {} [{}..{}]: {}",
            i + 1,
            s.start,
            s.end,
            &text[s.clone()]
        ));
        let in_sentence =
            |m: &&crate::resolve::Mention| m.span.start >= s.start && m.span.end <= s.end;
        let shown: Vec<&crate::resolve::Mention> = {
            let mut v: Vec<&crate::resolve::Mention> = resolved
                .mentions
                .iter()
                .chain(&resolved.extra)
                .filter(in_sentence)
                .collect();
            v.sort_by_key(|m| m.span.start);
            v
        };
        for m in shown {
            let found = &text[m.span.clone()];
            let form = m.written.as_str();
            let what = match m.entity {
                Some(EntityRef::Known(e)) => {
                    let ent = &gaz.entities()[e];
                    let key = crate::text::fold::key(found.trim_end_matches(['’', '\'', 's']));
                    let names = || {
                        std::iter::once(&ent.name)
                            .chain(&ent.aliases)
                            .chain(&ent.demonyms)
                    };
                    let exact = names().find(|a| {
                        let k = crate::text::fold::key(a);
                        k == crate::text::fold::key(found) || k == key
                    });
                    let alias = match (m.written, exact) {
                        (Form::Pronoun | Form::Description, _) => String::new(),
                        (Form::Capital, _) => {
                            format!(", a capital or seat of government acting for {}", ent.id)
                        }
                        (_, Some(a)) => format!(", alias {a:?} of gazetteer entry {}", ent.id),
                        (_, None) => names()
                            .find(|a| crate::text::fold::key(a).ends_with(&format!(" {key}")))
                            .map(|a| format!(", surname of {a:?} (gazetteer entry {})", ent.id))
                            .unwrap_or_default(),
                    };
                    format!("{} {} ({}){alias}", ent.entity_type(), ent.id, ent.name)
                }
                Some(EntityRef::Discovered(d)) => {
                    let d = &resolved.discovered[d];
                    format!(
                        "{} {} ({}), discovered {}",
                        d.kind,
                        d.id,
                        d.name,
                        d.cue.describe(text)
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
            let antecedent = m
                .antecedent
                .as_deref()
                .map(|a| {
                    format!(
                        ", antecedent {:?} [{}..{}]",
                        &text[a.clone()],
                        a.start,
                        a.end
                    )
                })
                .unwrap_or_default();
            let reason = reasons
                .iter()
                .find(|(r, _)| *r == m.span)
                .filter(|_| m.entity.is_some() && m.antecedent.is_none())
                .map(|(_, why)| format!(": {why}"))
                .unwrap_or_default();
            out.push(format!(
                "  mention {found:?} [{}..{}] as {form} → {what}{antecedent} [{}{reason}]",
                m.span.start,
                m.span.end,
                m.resolution.as_str()
            ));
        }
        // What the rules read: the sentence with its mentions and titles as tags (a counted
        // group spelled as a list of its members).
        let (view_text, view_sentence, view) = match &expanded {
            Some(e) => (e.text.as_str(), e.sentences[i].clone(), &e.resolved),
            None => (text, s.clone(), &resolved),
        };
        let mut items = Vec::new();
        crate::relate::sentence_items(
            gaz,
            view_text,
            view,
            &view_sentence,
            &mut items_at,
            &mut items,
        );
        let token_rules = pipeline.rules().token_rules();
        let mut tokens = Vec::new();
        crate::relate::token::view::tokens(
            &token_rules.lexicon,
            view_text,
            view_sentence.clone(),
            &items,
            &mut tokens,
        );
        out.push(format!("  tokens: {}", show_tokens(pipeline, &tokens)));
        let fired: Vec<crate::pipeline::RelationOut> = result
            .relations
            .iter()
            .filter(|r| r.sentence_span.byte_start == s.start)
            .collect();
        for r in &fired {
            let mut line = format!(
                "  relation {} by rule {} (trigger {:?}",
                describe(r),
                r.rule,
                r.trigger
            );
            if let Some(cameo) = &r.cameo {
                line.push_str(&format!(", CAMEO {cameo}"));
            }
            if let Some(plover) = &r.plover {
                line.push_str(&format!(", PLOVER {plover}"));
            }
            line.push(')');
            if r.former {
                line.push_str(" [former: not held now]");
            }
            out.push(line);
        }
        for (i, rule) in token_rules.rules().iter().enumerate() {
            if fired.iter().any(|r| r.rule == rule.id) {
                continue;
            }
            use crate::relate::token::Diagnosis;
            let at = |k: usize| {
                tokens
                    .get(k)
                    .map_or("the end of the sentence".to_string(), |t| {
                        format!("{:?} (token {})", &view_text[t.span.clone()], k + 1)
                    })
            };
            let why = match token_rules.diagnose(i, &tokens) {
                Diagnosis::NoTrigger => continue,
                Diagnosis::TooFewMentions(n) => format!("needs {n} mentions"),
                Diagnosis::Stopped(k, want) => format!("stopped at {}: expected {want}", at(k)),
                Diagnosis::Cancelled(r, why) => format!(
                    "matched tokens {}..{} but was cancelled by {why}",
                    r.start + 1,
                    r.end
                ),
                Diagnosis::Matched(r) => format!(
                    "matched tokens {}..{}, but its arguments gave no relation",
                    r.start + 1,
                    r.end
                ),
            };
            out.push(format!("  nearly: rule {} {why}", rule.id));
        }
    }
    out
}
