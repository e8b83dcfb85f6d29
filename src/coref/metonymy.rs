//! Capitals and seats of government that stand for their governments.
//!
//! A capital is a place unless its context makes it act; a seat of government ("the
//! Kremlin", "Downing Street") acts unless its context makes it a place. The context is the
//! words around the mention, read in this order:
//!
//! 1. a place: a dateline (the name in capitals, or before the dateline's dash), "X-based",
//!    a locative before it ("in", "at", "from", "central"…), "to" after a verb of motion
//!    ("travel to Washington"), a verb whose object is a place ("visited Moscow", "captured
//!    Tripoli"), "the outskirts of", "an offensive on", "X's southern suburbs", a name right
//!    after it ("Berlin Wall");
//! 2. an actor: a verb after it ("Ankara said", "Beijing has accused"), a possessive
//!    ("Moscow's ally"), "X-backed", an apposition or relative clause ("Cairo, which…",
//!    "Washington, Israel's closest ally,"), a preposition of parties before it ("ties with",
//!    "between", "against", "support for", "a partner of"), a verb before it ("accused
//!    Washington");
//! 3. otherwise, a list decides: in "Moscow and Kyiv said" or "between Manila and Beijing"
//!    every member shares the decision of the member the context decided, and a list with a
//!    country, an organization or a person in it is a list of actors.

use std::ops::Range;

use super::words::{
    is, is_verbish, lower, tokenize, Tok, ACTOR_PREPOSITIONS, ADVERBS, LOCATIVES, MOTION,
    PLACE_NOUNS, PLACE_VERBS,
};
use super::{dateline_end, Coref};
use crate::gazetteer::{EntityType, Gazetteer};
use crate::matcher::AliasForm;
use crate::resolve::{Cue, EntityRef, Form, Mention, Resolution, Resolved};

/// What a government does, after its capital's possessive: "Moscow's invasion".
const ACTS: &[&str] = &[
    "invasion",
    "annexation",
    "occupation",
    "offensive",
    "aggression",
    "war",
    "decision",
    "policy",
    "policies",
    "position",
    "stance",
    "refusal",
    "recognition",
    "sanctions",
    "backing",
    "support",
    "ally",
    "allies",
    "actions",
    "claims",
    "crackdown",
    "interference",
];

/// Compounds after which a capital acts ("Tehran-backed").
const ACTING_COMPOUNDS: &[&str] = &[
    "backed",
    "led",
    "allied",
    "aligned",
    "friendly",
    "sponsored",
    "brokered",
    "supported",
    "funded",
    "armed",
    "controlled",
    "imposed",
    "proposed",
    "mediated",
];

/// Processes named by the city that holds them ("the Doha talks", "the Minsk agreements").
const VENUE_NOUNS: &[&str] = &[
    "talks",
    "negotiations",
    "process",
    "format",
    "dialogue",
    "summit",
    "conference",
    "agreement",
    "agreements",
    "accord",
    "accords",
    "declaration",
    "protocol",
    "protocols",
    "round",
    "channel",
];

/// Verbs whose object after "to" is whom they address: a government, not a place.
const ADDRESSED: &[&str] = &[
    "protested",
    "protests",
    "complained",
    "complains",
    "appealed",
    "appeals",
    "wrote",
    "apologised",
    "apologized",
    "turned",
    "protest",
    "complaint",
    "appeal",
];

/// Nouns before "to" or "from" that make a capital its country: envoys, what is given, and
/// recognition or ties.
const ENVOYS_AND_AID: &[&str] = &[
    "ambassador",
    "ambassadors",
    "envoy",
    "envoys",
    "diplomats",
    "aid",
    "assistance",
    "weapons",
    "arms",
    "support",
    "loans",
    "loan",
    "credit",
    "credits",
    "financing",
    "funding",
    "tanks",
    "missiles",
    "drones",
    "jets",
    "munitions",
    "ammunition",
    "shells",
    "equipment",
    "intelligence",
    // "switched recognition to Beijing", "his ties to Moscow".
    "recognition",
    "allegiance",
    "loyalty",
    "ties",
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Reading {
    Place,
    Actor,
    Unknown,
}

/// Posts whose holder's "administration" or "government" is the country's.
pub(super) const LEADER_ROLES: &[&str] = &[
    "President",
    "Prime Minister",
    "Chancellor",
    "Premier",
    "King",
    "Queen",
    "Emir",
    "Sultan",
    "Supreme Leader",
];

/// Who rules from a seat of government: "the government in Mogadishu", "the junta in Bamako".
const RULERS: &[&str] = &[
    "government",
    "governments",
    "authorities",
    "junta",
    "regime",
    "leadership",
    "rulers",
];

/// Words after a leader's name that name the government they lead.
const LEADERS_GOVERNMENT: &[&str] = &["administration", "government", "cabinet"];

/// "The Biden administration", "the Netanyahu government": a leader's government is an
/// organisation of its own (as the annotation guide reads it, and as a reader tells "the
/// Trump administration" from the United States), linked to the country the leader led: the
/// person's own country if they led it, else the one country the lists say they led (a leader
/// of several stays a person). The person's mention grows over the word and becomes one of a
/// discovered organisation named as written, with that country.
pub(super) fn leaders_governments(
    coref: &Coref,
    gaz: &Gazetteer,
    text: &str,
    resolved: &mut Resolved,
) {
    for i in 0..resolved.mentions.len() {
        let Some(EntityRef::Known(person)) = resolved.mentions[i].entity else {
            continue;
        };
        let Some(offices) = coref.offices.get(&person) else {
            continue;
        };
        let Some((word, end)) = word_after(text, resolved.mentions[i].span.end, false) else {
            continue;
        };
        if !LEADERS_GOVERNMENT
            .iter()
            .any(|w| w.eq_ignore_ascii_case(word))
        {
            continue;
        }
        let mut countries: Vec<usize> = offices
            .iter()
            .map(|&o| &gaz.offices()[o])
            .filter(|o| LEADER_ROLES.contains(&o.role.as_str()))
            .filter_map(|o| gaz.index_of(&o.of))
            .filter(|&c| gaz.entities()[c].entity_type() == EntityType::Country)
            .collect();
        countries.sort_unstable();
        countries.dedup();
        // A leader listed for several (a US president for the territories too): the person's
        // own country, when it is one of them.
        let own = gaz.entities()[person]
            .country
            .as_deref()
            .and_then(|c| gaz.index_of(c));
        let country = match (own, countries.as_slice()) {
            (Some(c), _) if countries.contains(&c) => c,
            (_, &[c]) => c,
            _ => continue,
        };
        if blocked(resolved, i, end) {
            continue;
        }
        let name = &text[resolved.mentions[i].span.start..end];
        let d = resolved.discover(name, EntityType::Org, Cue::Government, Some(country));
        let found = (EntityRef::Discovered(d), Resolution::Pattern);
        grow(resolved, i, end, found, Form::Name);
    }
}

/// The word right after a mention ending at `end` (one space between; with `possessive`, a
/// possessive "'s" skipped) and where that word ends.
fn word_after(text: &str, end: usize, possessive: bool) -> Option<(&str, usize)> {
    let rest = &text[end..];
    let rest = match possessive {
        true => rest
            .strip_prefix("'s")
            .or_else(|| rest.strip_prefix("’s"))
            .unwrap_or(rest),
        false => rest,
    };
    let after = rest.strip_prefix(' ')?;
    let len = after
        .find(|c: char| !c.is_alphabetic())
        .unwrap_or(after.len());
    Some((&after[..len], text.len() - after.len() + len))
}

/// Mention `i` grows to `end` and becomes a mention of `entity`, written `written`, unless
/// the next mention starts before `end`.
fn grow(
    resolved: &mut Resolved,
    i: usize,
    end: usize,
    (entity, resolution): (EntityRef, Resolution),
    written: Form,
) {
    if blocked(resolved, i, end) {
        return;
    }
    let m = &mut resolved.mentions[i];
    m.span.end = end;
    m.entity = Some(entity);
    m.form = AliasForm::Name;
    m.written = written;
    m.resolution = resolution;
}

/// Whether the mention after mention `i` starts before `end`, so `i` cannot grow to it.
fn blocked(resolved: &Resolved, i: usize, end: usize) -> bool {
    resolved
        .mentions
        .get(i + 1)
        .is_some_and(|n| n.span.start < end)
}

/// Words after a country's possessive or demonym that name its armed forces.
const ARMY_NOUNS: &[&str] = &["army", "military"];

/// "Sudan's army", "the Sudanese military": where the document names the country's armed
/// forces ("the Sudanese Armed Forces (SAF)"), the phrase is that organization, not the
/// country; the country's mention grows over the word and becomes the army's. Elsewhere the
/// phrase stays the country's (the rules read "Mali's army" as Mali acting).
pub(super) fn countries_armies(
    coref: &Coref,
    gaz: &Gazetteer,
    text: &str,
    resolved: &mut Resolved,
) {
    // The armies the document names, by country; a country with two named stays as it is.
    let mut named: Vec<(usize, usize)> = resolved
        .mentions
        .iter()
        .filter_map(|m| match m.entity {
            Some(EntityRef::Known(e)) if coref.armies.contains(&e) => Some(e),
            _ => None,
        })
        .filter_map(|army| {
            let country = gaz.entities()[army].country.as_deref()?;
            Some((gaz.index_of(country)?, army))
        })
        .collect();
    named.sort_unstable();
    named.dedup();
    if named.is_empty() {
        return;
    }
    for i in 0..resolved.mentions.len() {
        let Some(EntityRef::Known(country)) = resolved.mentions[i].entity else {
            continue;
        };
        let mut armies = named.iter().filter(|(c, _)| *c == country);
        let (Some(&(_, army)), None) = (armies.next(), armies.next()) else {
            continue;
        };
        let Some((word, end)) = word_after(text, resolved.mentions[i].span.end, true) else {
            continue;
        };
        if !ARMY_NOUNS.iter().any(|w| w.eq_ignore_ascii_case(word)) {
            continue;
        }
        // "the Sudanese army chief": the word modifies a post, whose holder is the country's.
        let next_word = text[end..]
            .trim_start()
            .split(|c: char| !c.is_alphanumeric() && c != '\'' && c != '-')
            .next()
            .unwrap_or("");
        let ends_phrase = next_word.is_empty()
            || is(
                &["and", "or", "but", "which", "who", "that", "says", "also"],
                next_word,
            )
            || is_verbish(next_word);
        if ends_phrase {
            grow(
                resolved,
                i,
                end,
                (EntityRef::Known(army), Resolution::Metonymy),
                Form::Description,
            );
        }
    }
}

/// Rewrites the mentions of capitals and seats of government that act.
pub(super) fn apply(
    coref: &Coref,
    gaz: &Gazetteer,
    text: &str,
    sentences: &[Range<usize>],
    resolved: &mut Resolved,
) {
    let government = |m: &Mention| match m.entity {
        Some(EntityRef::Known(e)) => coref.governments.get(&e).copied(),
        _ => None,
    };
    if !resolved.mentions.iter().any(|m| government(m).is_some()) {
        return;
    }
    let mut toks: Vec<Tok> = Vec::new();
    let mut covered: Vec<Range<usize>> = Vec::new();
    let mut readings: Vec<Reading> = Vec::new();
    let (mut m, mut t) = (0, 0);
    let mentions = &mut resolved.mentions;
    let titles = &resolved.titles;
    for sentence in sentences {
        let (m0, t0) = (m, t);
        while m < mentions.len() && mentions[m].span.start < sentence.end {
            m += 1;
        }
        while t < titles.len() && titles[t].span.start < sentence.end {
            t += 1;
        }
        // A mention that runs past its sentence's end is in no sentence (only the last can).
        let mut m1 = m;
        while m1 > m0 && mentions[m1 - 1].span.end > sentence.end {
            m1 -= 1;
        }
        let here = &mentions[m0..m1];
        if !here.iter().any(|x| government(x).is_some()) {
            continue;
        }
        tokenize(text, sentence.clone(), &mut toks);
        covered.clear();
        covered.extend(here.iter().map(|x| x.span.clone()));
        covered.extend(titles[t0..t].iter().map(|t| t.span.clone()));
        covered.sort_by_key(|r| r.start);
        let ctx = Context {
            text,
            toks: &toks,
            covered: &covered,
            dateline: dateline_end(text, &toks).unwrap_or(sentence.start),
        };
        readings.clear();
        let here_titles = &titles[t0..t];
        readings.extend(here.iter().map(|x| match government(x) {
            // "In Moscow, Kremlin spokesman Dmitry Peskov said": a seat of government before
            // a post owns the post, whatever list it seems to stand in.
            Some(g) if g.seat && titled(text, &x.span, here_titles) => Reading::Actor,
            Some(_) => ctx.read(&x.span),
            None => Reading::Unknown,
        }));
        // Lists share a reading.
        let kind = |x: &Mention| match x.entity {
            Some(EntityRef::Known(e)) => Some(gaz.entities()[e].entity_type()),
            Some(EntityRef::Discovered(_)) => Some(EntityType::Person),
            None => None,
        };
        let mut start = 0;
        while start < here.len() {
            let mut end = start + 1;
            while end < here.len() && ctx.joined(&here[end - 1].span, &here[end].span) {
                end += 1;
            }
            let run = start..end;
            start = end;
            if run.len() < 2 {
                continue;
            }
            let govs = run.clone().filter(|&i| government(&here[i]).is_some());
            if govs.clone().count() == 0 {
                continue;
            }
            let place = govs.clone().any(|i| readings[i] == Reading::Place);
            let actor = govs.clone().any(|i| readings[i] == Reading::Actor)
                || run.clone().any(|i| {
                    government(&here[i]).is_none()
                        && kind(&here[i]).is_some_and(|k| k != EntityType::Location)
                });
            let shared = match (place, actor) {
                (true, false) => Reading::Place,
                (false, true) => Reading::Actor,
                _ => continue,
            };
            for i in run {
                if readings[i] == Reading::Unknown {
                    readings[i] = shared;
                }
            }
        }
        for (k, mention) in mentions[m0..m1].iter_mut().enumerate() {
            let Some(g) = government(mention) else {
                continue;
            };
            let acts = match readings[k] {
                Reading::Actor => true,
                Reading::Place => false,
                Reading::Unknown => g.seat,
            };
            if acts {
                mention.entity = Some(EntityRef::Known(g.of));
                mention.form = AliasForm::Name;
                mention.written = Form::Capital;
                mention.resolution = Resolution::Metonymy;
            }
        }
    }
}

/// Whether a title starts right after `span`, only spaces between.
fn titled(text: &str, span: &Range<usize>, titles: &[crate::resolve::TitleMention]) -> bool {
    titles
        .iter()
        .any(|t| t.span.start >= span.end && text[span.end..t.span.start].chars().all(|c| c == ' '))
}

struct Context<'a> {
    text: &'a str,
    toks: &'a [Tok],
    covered: &'a [Range<usize>],
    dateline: usize,
}

impl<'a> Context<'a> {
    fn tok_at(&self, at: usize) -> usize {
        self.toks.partition_point(|t| t.span.start < at)
    }

    fn covered(&self, span: &Range<usize>) -> bool {
        let i = self.covered.partition_point(|c| c.end <= span.start);
        self.covered
            .get(i)
            .is_some_and(|c| c.start < span.end && span.start < c.end)
    }

    /// Token `i` as a lowercase word (None for punctuation, names and non-ASCII).
    fn word(&self, i: usize) -> Option<super::words::Lower<'a>> {
        let t = self.toks.get(i)?;
        if !t.word || self.covered(&t.span) {
            return None;
        }
        lower(&self.text[t.span.clone()])
    }

    fn raw(&self, i: usize) -> Option<&str> {
        self.toks.get(i).map(|t| &self.text[t.span.clone()])
    }

    /// How the context reads the mention at `span`.
    fn read(&self, span: &Range<usize>) -> Reading {
        let text = self.text;
        let name = &text[span.clone()];
        if span.start < self.dateline
            || (name.len() >= 3
                && !name.chars().any(char::is_lowercase)
                && name.chars().any(char::is_uppercase))
        {
            return Reading::Place;
        }
        let after = &text[span.end..];
        // "Tripoli-based", "Tehran-backed".
        if let Some(rest) = after.strip_prefix('-') {
            let word: String = rest
                .chars()
                .take_while(|c| c.is_ascii_alphabetic())
                .collect::<String>()
                .to_ascii_lowercase();
            return if is(ACTING_COMPOUNDS, &word) {
                Reading::Actor
            } else if is(&["based", "born", "bound"], &word) {
                Reading::Place
            } else {
                Reading::Unknown
            };
        }
        // The words before, "the" skipped ("in the Kremlin").
        let mut b = self.tok_at(span.start);
        let mut before = |ctx: &Self| -> Option<super::words::Lower<'a>> {
            while b > 0 {
                b -= 1;
                match ctx.word(b) {
                    Some(w) if w == "the" => continue,
                    w => return w,
                }
            }
            None
        };
        let p1 = before(self);
        let p2 = before(self);
        let p1s = p1.as_deref().unwrap_or("");
        let p2s = p2.as_deref().unwrap_or("");
        // "recalled its ambassador from Addis Ababa", "military aid to Kyiv": a country's
        // envoy or what it is given.
        // (A title such as "ambassador" is a covered span: read as written.)
        let at = self.tok_at(span.start);
        let envoy = at >= 2
            && self
                .raw(at - 2)
                .is_some_and(|w| ENVOYS_AND_AID.iter().any(|e| e.eq_ignore_ascii_case(w)));
        if matches!(p1s, "to" | "from") && (envoy || is(ENVOYS_AND_AID, p2s)) {
            return Reading::Actor;
        }
        // "Baghdad protested to Ankara", "appealed to Washington": whom one addresses.
        if p1s == "to" && is(ADDRESSED, p2s) {
            return Reading::Actor;
        }
        // "the government in Mogadishu", "the authorities in Kabul": the seat names who rules.
        if p1s == "in" && is(RULERS, p2s) {
            return Reading::Actor;
        }
        // "in protest at Moscow's invasion of Ukraine": a locative before the name, but what
        // follows its possessive is the government's act.
        if self.acts_by_possessive(span) {
            return Reading::Actor;
        }
        if is(LOCATIVES, p1s)
            || (p1s == "to" && is(MOTION, p2s))
            || is(PLACE_VERBS, p1s)
            || (matches!(p1s, "of" | "on" | "against" | "to") && is(PLACE_NOUNS, p2s))
        {
            return Reading::Place;
        }
        // The words after.
        let a = self.tok_at(span.end);
        if after.starts_with("'s") || after.starts_with("’s") || after.starts_with('\'') {
            // "Moscow's ally", but "Beirut's southern suburbs".
            let next = self
                .toks
                .get(a)
                .filter(|t| t.span.start <= span.end)
                .map_or(a, |_| a + 1);
            let next = match self.raw(next) {
                Some("s") => next + 1,
                _ => next,
            };
            return match self.word(next) {
                Some(w) if is(PLACE_NOUNS, &w) => Reading::Place,
                _ => Reading::Actor,
            };
        }
        if let Some(t) = self.toks.get(a) {
            let w = &text[t.span.clone()];
            if t.word && !self.covered(&t.span) && w.chars().next().is_some_and(char::is_uppercase)
            {
                return Reading::Place; // "Berlin Wall", "Moscow Exchange"
            }
        }
        // "the Baghdad talks", "the Minsk agreements": a seat naming where a process is held.
        if self.word(a).is_some_and(|w| is(VENUE_NOUNS, &w)) {
            return Reading::Place;
        }
        let mut k = a;
        for _ in 0..3 {
            match self.word(k) {
                Some(w) if is_verbish(&w) || is(super::words::VERBS, &w) || self.present(k) => {
                    return Reading::Actor;
                }
                Some(w) if is(ADVERBS, &w) => k += 1,
                _ => break,
            }
        }
        if self.raw(a) == Some(",") {
            let n = self.toks.get(a + 1);
            let w = self.raw(a + 1).unwrap_or("");
            let possessive_name = n.is_some_and(|t| self.covered(&t.span))
                && self.toks.get(a + 1..a + 4).is_some_and(|ts| {
                    ts.iter().any(|t| {
                        let s = &text[t.span.clone()];
                        s.ends_with("'s") || s.ends_with("’s")
                    })
                });
            // "Riyadh, along with the UAE, Bahrain and Egypt, severed ties": co-agents.
            let co_agent = matches!(w, "along" | "together") && self.raw(a + 2) == Some("with");
            // "Belgrade, backed by Russia and China, has refused": a participle of what
            // governments are.
            let acting = matches!(
                w,
                "backed"
                    | "supported"
                    | "allied"
                    | "aligned"
                    | "angered"
                    | "alarmed"
                    | "emboldened"
            );
            if matches!(w, "which" | "who" | "whose" | "a" | "an")
                || acting
                || possessive_name
                || co_agent
            {
                return Reading::Actor;
            }
        }
        if is(ACTOR_PREPOSITIONS, p1s) {
            return Reading::Actor;
        }
        if !p1s.is_empty() && (is_verbish(p1s) || p1s.ends_with("ing")) {
            return Reading::Actor;
        }
        Reading::Unknown
    }

    /// Whether the name is a possessive followed by a government's act ("Moscow's invasion",
    /// "Beijing's decision"), a word or two of description between.
    fn acts_by_possessive(&self, span: &Range<usize>) -> bool {
        let after = &self.text[span.end..];
        if !(after.starts_with("'s") || after.starts_with("’s")) {
            return false;
        }
        let a = self.tok_at(span.end);
        (a..a + 4).any(|k| self.word(k).is_some_and(|w| is(ACTS, &w)))
    }

    /// Whether the word at `i` reads as a verb in the present tense: an "-s" word before an
    /// article, a possessive pronoun or a name ("Tehran supplies the Houthis", "Moscow arms
    /// separatists in Donbas" is not: a bare noun may follow a plural noun too).
    fn present(&self, i: usize) -> bool {
        let Some(w) = self.word(i) else {
            return false;
        };
        let plain = w.len() > 3
            && w.ends_with('s')
            && !w.ends_with("ss")
            && !w.ends_with("us")
            && !w.ends_with("is");
        plain
            && self.toks.get(i + 1).is_some_and(|t| {
                self.covered(&t.span)
                    || self.word(i + 1).is_some_and(|n| {
                        is(&["the", "a", "an", "its", "his", "her", "their", "as"], &n)
                    })
            })
    }

    /// Whether two mentions are members of one list: only "and", "or", a comma, "&", "/", a
    /// dash, "the" or "both" between them.
    fn joined(&self, a: &Range<usize>, b: &Range<usize>) -> bool {
        let (from, to) = (self.tok_at(a.end), self.tok_at(b.start));
        let mut connector = false;
        for i in from..to {
            match self.raw(i) {
                Some("and" | "or" | "," | "&" | "/" | "-" | "–") => connector = true,
                Some("the" | "both") => {}
                _ => return false,
            }
        }
        connector
    }
}
