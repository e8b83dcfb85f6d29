//! Evidence records: compact spans, their order, and their serde form.

use std::cmp::Ordering;

use serde::{Deserialize, Serialize};

use super::ArcStr;
use crate::pipeline::Span;
use crate::text::Date;

/// One piece of evidence for an edge. Ordered by (document, sentence span, trigger span,
/// rule, sentence, trigger): a total order, so capped lists keep a canonical subset.
///
/// Evidence is most of a large graph, so its strings are thin shared pointers, its trigger is
/// read from the sentence, and its two spans are stored as 32-bit offsets whenever they fit
/// (every document under 4 GiB), with the document's 4-byte [`Date`] in the room the spans
/// leave: 80 bytes a record (with its two event codes and its date). Read them with
/// [`Evidence::trigger`], [`Evidence::sentence_span`], [`Evidence::trigger_span`] and
/// [`Evidence::date`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Evidence {
    /// Document id.
    pub document: ArcStr,
    /// The sentence.
    pub sentence: ArcStr,
    /// Rule id.
    pub rule: ArcStr,
    /// The trigger's CAMEO event code, when the trigger lexicon has one.
    pub cameo: Option<ArcStr>,
    /// The PLOVER event type of that code.
    pub plover: Option<ArcStr>,
    spans: Spans,
}

/// The sentence span and the trigger span of a piece of evidence, and its document's date
/// (which fits in the padding the enum's tag leaves). Always `Narrow` when every offset fits
/// in 32 bits, so equal spans are stored equally.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Spans {
    /// Sentence then trigger, each as (start, end, byte start, byte end).
    Narrow([u32; 8], Option<Date>),
    /// Offsets past 4 GiB, out of line so the common case stays small.
    Wide(Box<[Span; 2]>, Option<Date>),
}

impl Spans {
    fn new(sentence: Span, trigger: Span) -> Spans {
        let offsets = [sentence, trigger].map(|s| [s.start, s.end, s.byte_start, s.byte_end]);
        let mut narrow = [0u32; 8];
        for (n, &o) in narrow.iter_mut().zip(offsets.as_flattened()) {
            match u32::try_from(o) {
                Ok(o) => *n = o,
                Err(_) => return Spans::Wide(Box::new([sentence, trigger]), None),
            }
        }
        Spans::Narrow(narrow, None)
    }

    fn date(&self) -> Option<Date> {
        match self {
            Spans::Narrow(_, d) | Spans::Wide(_, d) => *d,
        }
    }

    fn set_date(&mut self, date: Option<Date>) {
        match self {
            Spans::Narrow(_, d) | Spans::Wide(_, d) => *d = date,
        }
    }

    /// Span `i` (0 the sentence, 1 the trigger).
    fn get(&self, i: usize) -> Span {
        match self {
            Spans::Narrow(n, _) => {
                let o = |j: usize| n[4 * i + j] as usize;
                Span {
                    start: o(0),
                    end: o(1),
                    byte_start: o(2),
                    byte_end: o(3),
                }
            }
            Spans::Wide(w, _) => w[i],
        }
    }
}

impl Evidence {
    /// A piece of evidence: the sentence it was found in (`sentence_span` in the document) and
    /// the trigger's span inside it (see [`Evidence::trigger`]).
    pub(crate) fn new(
        document: ArcStr,
        sentence: ArcStr,
        sentence_span: Span,
        trigger_span: Span,
        rule: ArcStr,
    ) -> Evidence {
        Evidence {
            document,
            sentence,
            rule,
            cameo: None,
            plover: None,
            spans: Spans::new(sentence_span, trigger_span),
        }
    }

    /// The evidence with the trigger's event codes (CAMEO code, PLOVER type).
    pub(crate) fn with_codes(mut self, cameo: Option<ArcStr>, plover: Option<ArcStr>) -> Evidence {
        self.cameo = cameo;
        self.plover = plover;
        self
    }

    /// The evidence with its document's date.
    pub(crate) fn with_date(mut self, date: Option<Date>) -> Evidence {
        self.spans.set_date(date);
        self
    }

    /// The date of the document the evidence was found in, if known.
    pub fn date(&self) -> Option<Date> {
        self.spans.date()
    }

    /// The trigger text: the part of the sentence its span covers (empty if the spans do not
    /// fit the sentence, which the pipeline and the importers never produce).
    pub fn trigger(&self) -> &str {
        trigger_in(&self.sentence, self.sentence_span(), self.trigger_span()).unwrap_or("")
    }

    /// The sentence's span in the document.
    pub fn sentence_span(&self) -> Span {
        self.spans.get(0)
    }

    /// The trigger's span in the document.
    pub fn trigger_span(&self) -> Span {
        self.spans.get(1)
    }

    #[allow(clippy::type_complexity)]
    fn sort_key(&self) -> (&str, Span, Span, &str, &str, &str, Option<Date>) {
        (
            &self.document,
            self.sentence_span(),
            self.trigger_span(),
            &self.rule,
            &self.sentence,
            self.trigger(),
            self.date(),
        )
    }
}

/// The text of `trigger` (a span of the document) in `sentence` (the text of `sentence_span`),
/// if it lies inside it on character boundaries.
pub(crate) fn trigger_in(sentence: &str, sentence_span: Span, trigger: Span) -> Option<&str> {
    if sentence_span.byte_end.checked_sub(sentence_span.byte_start) != Some(sentence.len()) {
        return None;
    }
    let start = trigger.byte_start.checked_sub(sentence_span.byte_start)?;
    let end = trigger.byte_end.checked_sub(sentence_span.byte_start)?;
    sentence.get(start..end)
}

impl Ord for Evidence {
    fn cmp(&self, other: &Evidence) -> Ordering {
        self.sort_key().cmp(&other.sort_key())
    }
}

impl PartialOrd for Evidence {
    fn partial_cmp(&self, other: &Evidence) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// Evidence as written (`T = &str`) and read (`T = ArcStr`): the fields in their historical
/// order, spans inline.
#[derive(Serialize, Deserialize)]
struct EvidenceRecord<T> {
    document: T,
    sentence: T,
    sentence_span: Span,
    trigger: T,
    trigger_span: Span,
    rule: T,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    cameo: Option<T>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    plover: Option<T>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    date: Option<Date>,
}

impl Serialize for Evidence {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        EvidenceRecord::<&str> {
            document: &self.document,
            sentence: &self.sentence,
            sentence_span: self.sentence_span(),
            trigger: self.trigger(),
            trigger_span: self.trigger_span(),
            rule: &self.rule,
            cameo: self.cameo.as_deref(),
            plover: self.plover.as_deref(),
            date: self.date(),
        }
        .serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for Evidence {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Evidence, D::Error> {
        let e = EvidenceRecord::<ArcStr>::deserialize(deserializer)?;
        if trigger_in(&e.sentence, e.sentence_span, e.trigger_span) != Some(&*e.trigger) {
            return Err(serde::de::Error::custom(format!(
                "evidence trigger {:?} is not the text of its span in its sentence",
                e.trigger
            )));
        }
        Ok(Evidence::new(
            e.document,
            e.sentence,
            e.sentence_span,
            e.trigger_span,
            e.rule,
        )
        .with_codes(e.cameo, e.plover)
        .with_date(e.date))
    }
}
