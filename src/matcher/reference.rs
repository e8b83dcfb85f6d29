//! The matcher as first written, for the property test: one allocation per candidate, the
//! boundaries read as characters, every tier filtered against every kept hit.

use super::*;

/// Checks one occurrence in the folded text against the source: word boundaries and case.
pub(super) fn accept(m: &Matcher, text: &str, span: Range<usize>, p: usize) -> Option<Hit> {
    let found = &text[span.clone()];
    if !at_word_boundaries(text, &span) {
        return None;
    }
    let cased = fold::cased(found);
    let all_caps = is_all_caps(found);
    let mut targets: Vec<Target> = m
        .aliases_of(p)
        .filter(|a| a.any_case || all_caps || case_compatible(a.cased(), &cased))
        .map(|a| a.target)
        .collect();
    targets.dedup();
    (!targets.is_empty()).then_some(Hit { span, targets })
}

fn at_word_boundaries(text: &str, span: &Range<usize>) -> bool {
    let found = &text[span.clone()];
    let (Some(first), Some(last)) = (found.chars().next(), found.chars().next_back()) else {
        return false;
    };
    let before = text[..span.start].chars().next_back();
    let after = text[span.end..].chars().next();
    let ok_before = !is_word_char(first) || !before.is_some_and(is_word_char);
    let ok_after = !is_word_char(last) || !after.is_some_and(is_word_char);
    ok_before && ok_after
}

pub(super) fn leftmost_longest(candidates: Vec<Hit>) -> Vec<Hit> {
    let tier = |h: &Hit| {
        if h.targets
            .iter()
            .any(|t| matches!(t, Target::Entity(_, f) if *f != AliasForm::Surname))
        {
            0
        } else if h.targets.iter().any(|t| matches!(t, Target::Title(_))) {
            1
        } else {
            2
        }
    };
    let mut tiers: [Vec<Hit>; 3] = Default::default();
    for mut c in candidates {
        let t = tier(&c);
        match t {
            0 => c.targets.retain(|t| matches!(t, Target::Entity(..))),
            1 => c.targets.retain(|t| matches!(t, Target::Title(_))),
            _ => {}
        }
        tiers[t].push(c);
    }
    let mut kept: Vec<Hit> = Vec::new();
    for hits in tiers {
        let free: Vec<Hit> = hits
            .into_iter()
            .filter(|h| {
                !kept
                    .iter()
                    .any(|k| k.span.start < h.span.end && h.span.start < k.span.end)
            })
            .collect();
        kept.extend(select(free));
    }
    kept.sort_by_key(|h| h.span.start);
    kept
}

fn select(mut candidates: Vec<Hit>) -> Vec<Hit> {
    candidates.sort_by(|a, b| {
        a.span
            .start
            .cmp(&b.span.start)
            .then(b.span.end.cmp(&a.span.end))
    });
    let mut out: Vec<Hit> = Vec::new();
    let mut end = 0;
    for c in candidates {
        if c.span.start >= end && c.span.end > c.span.start {
            end = c.span.end;
            out.push(c);
        }
    }
    out
}
