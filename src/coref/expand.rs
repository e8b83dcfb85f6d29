//! Counted groups as the relation rules see them.
//!
//! A group ("the two countries") has several members, and the rules take an argument list
//! only from a coordination ("Turkey and Armenia"): one mention per member over the same
//! words would overlap, and adjacent mentions with nothing between read as a modifier and
//! its head. So the rules read a copy of the text in which each group's words are replaced
//! by one placeholder per member joined like a list — "the two countries agreed" reads
//! "X and X agreed", "the three countries' leaders" reads "X, X and X' leaders" — with a
//! member mention on each placeholder. Offsets of what the rules find are mapped back to the
//! source; a trigger inside a group maps to the group's words.
//!
//! Only documents with a group pay for the copy.

use std::ops::Range;

use crate::resolve::{Mention, Resolved};

/// The word that stands for each member of a group in the rewritten text.
const PLACEHOLDER: &str = "X";

/// Whether a token (lower case) of the rewritten text is a group's member.
pub(crate) fn is_group_member(lower: &str) -> bool {
    lower.eq_ignore_ascii_case(PLACEHOLDER)
}

/// A document's text with its counted groups spelled as coordinations, for the rules.
#[derive(Debug, Clone)]
pub struct Expanded {
    /// The rewritten text.
    pub text: String,
    /// The sentences, in the rewritten text.
    pub sentences: Vec<Range<usize>>,
    /// The mentions and titles, in the rewritten text, group members included.
    pub resolved: Resolved,
    /// Each replaced group: its range in the rewritten text and in the source, in order.
    pieces: Vec<(Range<usize>, Range<usize>)>,
    /// The source sentences, for mapping back.
    source_sentences: Vec<Range<usize>>,
}

impl Expanded {
    /// The rewritten document, or `None` when it has no group (the rules then read the
    /// source as it is).
    pub fn new(text: &str, sentences: &[Range<usize>], resolved: &Resolved) -> Option<Expanded> {
        // The groups: runs of two or more members with one span (a possessive pronoun is
        // alone on its span).
        let extra = &resolved.extra;
        let groups: Vec<(Range<usize>, &[Mention])> =
            resolved.groups().map(|g| (g[0].span.clone(), g)).collect();
        if groups.is_empty() {
            return None;
        }
        let mut out = String::with_capacity(text.len() + 16 * groups.len());
        let mut pieces = Vec::with_capacity(groups.len());
        let mut members = Vec::new();
        let mut at = 0;
        for (span, group) in &groups {
            // A group that ends a coordination ("between Ethiopia and the two downstream
            // states") joins it: "Ethiopia, X and X", one list the rules can read, where
            // "Ethiopia and X and X" would be none.
            // Not when the group opens a clause of its own: "Wang met Mata'afa and the two
            // countries signed" has two clauses, the group the second one's subject.
            let next: String = text[span.end..]
                .trim_start_matches(' ')
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '-' || *c == '\'')
                .collect::<String>()
                .to_lowercase();
            // ("Talks between Ethiopia and the two states stalled": one coordination, the
            // talks' verb after it.)
            let before = &text[at..span.start];
            let between = before
                .rsplit(' ')
                .skip(1)
                .take(6)
                .any(|w| w.eq_ignore_ascii_case("between"));
            let clause = before.ends_with(" and ") && !between && super::words::is_verbish(&next);
            let lead = if before.ends_with(" and ") && !clause {
                " and ".len()
            } else {
                0
            };
            out.push_str(&text[at..span.start - lead]);
            let start = out.len();
            if lead > 0 {
                out.push_str(", ");
            } else if text[at..span.start].trim_end().ends_with(',') || clause {
                // After a comma the group opens a list of its own: "read by Gonsalves, the
                // two neighbours agreed" is no list of three.
                out.push_str("both ");
            }
            for (k, m) in group.iter().enumerate() {
                if k > 0 {
                    out.push_str(if k + 1 == group.len() { " and " } else { ", " });
                }
                let p = out.len();
                out.push_str(PLACEHOLDER);
                members.push(Mention {
                    span: p..p + PLACEHOLDER.len(),
                    ..m.clone()
                });
            }
            pieces.push((start..out.len(), span.start - lead..span.end));
            at = span.end;
        }
        out.push_str(&text[at..]);
        let mut e = Expanded {
            text: out,
            sentences: Vec::new(),
            resolved: Resolved {
                mentions: Vec::with_capacity(resolved.mentions.len() + members.len()),
                titles: Vec::with_capacity(resolved.titles.len()),
                discovered: resolved.discovered.clone(),
                extra: Vec::new(),
            },
            pieces,
            source_sentences: sentences.to_vec(),
        };
        e.sentences = sentences
            .iter()
            .map(|s| e.forward(s.start)..e.forward(s.end))
            .collect();
        let mut mentions: Vec<Mention> = resolved
            .mentions
            .iter()
            .map(|m| Mention {
                span: e.forward(m.span.start)..e.forward(m.span.end),
                ..m.clone()
            })
            .chain(members)
            .collect();
        mentions.sort_by_key(|m| m.span.start);
        e.resolved.mentions = mentions;
        // Possessive pronouns, alone on their spans, keep their place for `.pron` items.
        e.resolved.extra = extra
            .iter()
            .enumerate()
            .filter(|&(i, _)| resolved.extra_alone(i))
            .map(|(_, m)| Mention {
                span: e.forward(m.span.start)..e.forward(m.span.end),
                ..m.clone()
            })
            .collect();
        e.resolved.titles = resolved
            .titles
            .iter()
            .map(|t| crate::resolve::TitleMention {
                span: e.forward(t.span.start)..e.forward(t.span.end),
                title: t.title,
            })
            .collect();
        Some(e)
    }

    /// A source offset outside every group, in the rewritten text.
    fn forward(&self, at: usize) -> usize {
        let i = self.pieces.partition_point(|(_, src)| src.end <= at);
        let shift = |k: usize| -> isize {
            self.pieces[..k]
                .last()
                .map_or(0, |(new, src)| new.end as isize - src.end as isize)
        };
        (at as isize + shift(i)) as usize
    }

    /// A rewritten offset in the source: inside a group, its start (or its end, for the end
    /// of a range).
    pub fn source_offset(&self, at: usize, end: bool) -> usize {
        let i = self.pieces.partition_point(|(new, _)| new.end <= at);
        if let Some((new, src)) = self.pieces.get(i) {
            if new.start < at {
                return if end { src.end } else { src.start };
            }
        }
        let shift = self.pieces[..i]
            .last()
            .map_or(0, |(new, src)| new.end as isize - src.end as isize);
        (at as isize - shift) as usize
    }

    /// The source sentence of a rewritten sentence range.
    pub fn source_sentence(&self, r: &Range<usize>) -> Range<usize> {
        let i = self.sentences.partition_point(|s| s.start < r.start);
        self.source_sentences
            .get(i)
            .cloned()
            .unwrap_or(self.source_offset(r.start, false)..self.source_offset(r.end, true))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::matcher::AliasForm;
    use crate::resolve::{EntityRef, Form, Resolution};

    fn mention(span: Range<usize>, e: usize) -> Mention {
        Mention {
            span,
            form: AliasForm::Name,
            written: Form::Description,
            antecedent: None,
            entity: Some(EntityRef::Known(e)),
            candidates: Default::default(),
            resolution: Resolution::Antecedent,
        }
    }

    #[test]
    fn groups_read_as_lists_and_map_back() {
        let text = "Ankara and Yerevan met. The three countries agreed. Done.";
        let g = text.find("three countries").unwrap() - 4; // "The three countries"
        let g = g..g + "The three countries".len();
        let resolved = Resolved {
            mentions: vec![mention(0..6, 1), mention(11..18, 2)],
            extra: vec![
                mention(g.clone(), 1),
                mention(g.clone(), 2),
                mention(g.clone(), 3),
                // A possessive pronoun: alone on its span, not a group.
                Mention {
                    written: Form::Pronoun,
                    ..mention(text.len() - 5..text.len() - 1, 1)
                },
            ],
            ..Resolved::default()
        };
        let sentences = vec![0..23, 24..51, 52..57];
        let e = Expanded::new(text, &sentences, &resolved).unwrap();
        assert_eq!(e.text, "Ankara and Yerevan met. X, X and X agreed. Done.");
        assert_eq!(&e.text[e.sentences[1].clone()], "X, X and X agreed.");
        assert_eq!(&e.text[e.sentences[2].clone()], "Done.");
        assert_eq!(e.resolved.mentions.len(), 5);
        let spans: Vec<&str> = e
            .resolved
            .mentions
            .iter()
            .map(|m| &e.text[m.span.clone()])
            .collect();
        assert_eq!(spans, ["Ankara", "Yerevan", "X", "X", "X"]);
        // Back: a trigger after the group, one inside it, the sentences.
        let agreed = e.text.find("agreed").unwrap();
        assert_eq!(
            &text[e.source_offset(agreed, false)..e.source_offset(agreed + 6, true)],
            "agreed"
        );
        let x = e.text.find("X and").unwrap();
        assert_eq!(
            &text[e.source_offset(x, false)..e.source_offset(x + 1, true)],
            "The three countries"
        );
        assert_eq!(e.source_sentence(&e.sentences[1]), sentences[1]);
        assert_eq!(e.source_sentence(&e.sentences[2]), sentences[2]);
        assert!(Expanded::new(text, &sentences, &Resolved::default()).is_none());
    }

    /// `text` as one sentence with a mention on `name` and a group of two on `group`.
    fn with_group(text: &str, name: &str, group: &str) -> Expanded {
        let at = |w: &str| text.find(w).map(|i| i..i + w.len()).unwrap();
        let g = at(group);
        let resolved = Resolved {
            mentions: vec![mention(at(name), 1)],
            extra: vec![mention(g.clone(), 2), mention(g, 3)],
            ..Resolved::default()
        };
        let whole = 0..text.len();
        Expanded::new(text, std::slice::from_ref(&whole), &resolved).unwrap()
    }

    #[test]
    fn a_group_after_and_joins_the_coordination() {
        let text = "Talks between Ethiopia and the two states stalled.";
        let e = with_group(text, "Ethiopia", "the two states");
        assert_eq!(e.text, "Talks between Ethiopia, X and X stalled.");
        assert_eq!(&e.text[e.resolved.mentions[0].span.clone()], "Ethiopia");
        let stalled = e.text.find("stalled").unwrap();
        assert_eq!(&text[e.source_offset(stalled, false)..], "stalled.");
    }

    #[test]
    fn a_group_that_opens_a_clause_joins_no_coordination() {
        // "the two countries" is the subject of "signed", not a second object of "met".
        let text = "Wang met Mataafa and the two countries signed deals.";
        let e = with_group(text, "Mataafa", "the two countries");
        assert_eq!(e.text, "Wang met Mataafa and both X and X signed deals.");
    }
}
