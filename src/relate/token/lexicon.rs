//! The trigger lexicon: the words that state relations and events, as data.
//!
//! Each row of `gazetteers/triggers.tsv` (and of a user's file) is
//! `lemma  pos  relation  cameo  plover  polarity`. A lemma may be several words ("sever
//! ties"); the token view joins such a run into one token. An entry never makes a relation on
//! its own: a rule refers to a class of entries (`@tension_with.noun`) and supplies the frame.
//! The irregular inflections (`gazetteers/curated/lemmas.tsv`, `form  lemma`) serve the
//! lemmatiser ([`Lexicon::lemma`]).

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::path::Path;

use crate::error::{Error, Result};
use crate::relate::RelationType;

/// A part of speech in the lexicon.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Pos {
    /// "meet", "sever ties"
    Verb,
    /// "meeting", "rift"
    Noun,
    /// "allied", "hostile", "at odds"
    Adj,
}

impl Pos {
    fn parse(s: &str) -> Option<Pos> {
        Some(match s {
            "verb" => Pos::Verb,
            "noun" => Pos::Noun,
            "adj" => Pos::Adj,
            _ => return None,
        })
    }

    /// The name used in files and patterns.
    pub fn as_str(self) -> &'static str {
        match self {
            Pos::Verb => "verb",
            Pos::Noun => "noun",
            Pos::Adj => "adj",
        }
    }
}

/// One lexicon entry.
#[derive(Debug, Clone, PartialEq)]
pub struct Trigger {
    /// The lemma, words separated by single spaces.
    pub lemma: String,
    /// Part of speech.
    pub pos: Pos,
    /// The relation type it can state in a rule frame, if any.
    pub relation: Option<RelationType>,
    /// CAMEO event code.
    pub cameo: Option<String>,
    /// PLOVER event type.
    pub plover: Option<String>,
    /// +1 cooperative, -1 conflictual, 0 neutral.
    pub polarity: i8,
}

/// The trigger lexicon and the lemmatiser's irregular forms.
#[derive(Debug, Clone, Default)]
pub struct Lexicon {
    entries: Vec<Trigger>,
    /// lemma → entry indices (one per part of speech).
    by_lemma: HashMap<String, Vec<u32>>,
    /// First word of a multi-word lemma → the lemmas' words, longest first.
    phrases: HashMap<String, Vec<Vec<String>>>,
    /// Inflected form → lemma.
    irregular: HashMap<String, String>,
    /// Every lemma the lemmatiser may return for a regular form.
    known: HashSet<String>,
    /// The words of multi-word lemmas ("forces" of "join forces"): a regular form may have
    /// one as its lemma ("sales" → "sale" of "arms sale"), but such a word is not a lemma of
    /// its own ("forces" → "force" where a rule asks for `<force>`).
    phrase_words: HashSet<String>,
}

impl Lexicon {
    /// Adds the rows of a trigger file. A row with the same lemma and part of speech as an
    /// earlier one replaces it (a user's file overrides the defaults).
    pub fn add_triggers(&mut self, path: &Path, text: &str) -> Result<()> {
        for (line_no, fields) in rows(path, text, 6)? {
            let err = |message: String| Error::Rules {
                path: path.to_path_buf(),
                line: line_no,
                message,
            };
            if fields[0] == "lemma" && line_no > 0 && fields[1] == "pos" {
                continue; // the header row
            }
            let lemma = fields[0].split_whitespace().collect::<Vec<_>>().join(" ");
            if lemma.is_empty() || lemma.chars().any(|c| c.is_uppercase()) {
                return Err(err(format!(
                    "lemma {:?} must be non-empty and lower case",
                    fields[0]
                )));
            }
            let pos = Pos::parse(fields[1]).ok_or_else(|| {
                err(format!(
                    "part of speech {:?}: expected verb, noun or adj",
                    fields[1]
                ))
            })?;
            let relation = match fields[2] {
                "-" | "" => None,
                r => Some(r.parse::<RelationType>().map_err(err)?),
            };
            let opt = |s: &str| (s != "-" && !s.is_empty()).then(|| s.to_string());
            let polarity = match fields[5] {
                "+" => 1,
                "-" => -1,
                "0" | "" => 0,
                p => return Err(err(format!("polarity {p:?}: expected +, - or 0"))),
            };
            self.insert(Trigger {
                lemma,
                pos,
                relation,
                cameo: opt(fields[3]),
                plover: opt(fields[4]),
                polarity,
            });
        }
        Ok(())
    }

    /// Adds the rows of an irregular-forms file (`form  lemma`).
    pub fn add_lemmas(&mut self, path: &Path, text: &str) -> Result<()> {
        for (line_no, fields) in rows(path, text, 2)? {
            if fields[0] == "form" && fields[1] == "lemma" {
                continue;
            }
            if fields[0].is_empty() || fields[1].is_empty() {
                return Err(Error::Rules {
                    path: path.to_path_buf(),
                    line: line_no,
                    message: "empty form or lemma".into(),
                });
            }
            let lemma = fields[1].to_lowercase();
            self.known.insert(lemma.clone());
            self.irregular.insert(fields[0].to_lowercase(), lemma);
        }
        Ok(())
    }

    fn insert(&mut self, t: Trigger) {
        let ids = self.by_lemma.entry(t.lemma.clone()).or_default();
        if let Some(&i) = ids.iter().find(|&&i| self.entries[i as usize].pos == t.pos) {
            self.entries[i as usize] = t;
            return;
        }
        ids.push(self.entries.len() as u32);
        let words: Vec<String> = t.lemma.split(' ').map(str::to_string).collect();
        if let [w] = words.as_slice() {
            self.known.insert(w.clone());
        } else {
            self.phrase_words.extend(words.iter().cloned());
        }
        self.add_phrase(words);
        self.entries.push(t);
    }

    /// Makes a lemma of several words one token where its words stand in a row.
    fn add_phrase(&mut self, words: Vec<String>) {
        if words.len() > 1 {
            let list = self.phrases.entry(words[0].clone()).or_default();
            if !list.contains(&words) {
                list.push(words);
                list.sort_by_key(|w| std::cmp::Reverse(w.len()));
            }
        }
    }

    /// Makes `lemma` a lemma the lemmatiser can return (rules' `<lemma>` constraints).
    /// The lemma a rule's `<word>` would be read as by its regular inflection, when that is
    /// another word ("negotiating" -> "negotiate"). Irregular forms are not reported: some are
    /// lemmas of their own ("found" an organisation, not "find").
    pub(crate) fn regular_base<'a>(&'a self, word: &'a str) -> Option<&'a str> {
        if self.irregular.contains_key(word) || word.contains(' ') {
            return None;
        }
        Some(self.lemma(word)).filter(|base| *base != word)
    }

    /// Whether `lemma` is known ([`Lexicon::know`]): then the lemmatiser reads it as itself.
    pub(crate) fn knows(&self, lemma: &str) -> bool {
        self.known.contains(lemma)
    }

    pub(crate) fn know(&mut self, lemma: &str) {
        self.known.insert(lemma.to_string());
    }

    /// Makes `lemma` a scope cue the view keeps as one token: "ruled out" must read as one
    /// negator, as "called off" does by its lexicon entry.
    pub(crate) fn know_cue(&mut self, lemma: &str) {
        self.know(lemma);
        if lemma.contains(' ') {
            let words: Vec<String> = lemma.split(' ').map(str::to_string).collect();
            self.phrase_words.extend(words.iter().cloned());
            self.add_phrase(words);
        }
    }

    /// Every entry.
    pub fn entries(&self) -> &[Trigger] {
        &self.entries
    }

    /// The entries for a lemma (one per part of speech).
    pub fn lookup(&self, lemma: &str) -> &[u32] {
        self.by_lemma.get(lemma).map_or(&[], Vec::as_slice)
    }

    /// The entry that codes the event a trigger states, for evidence: among the entries of
    /// the trigger's whole lemma ("severed ties" → "sever ties"), else of its words from the
    /// left, one of relation `kind` with a CAMEO code first, then any with a CAMEO code.
    /// `None` when no entry carries a code (a title, or a word the lexicon lacks).
    ///
    /// ```
    /// use relgraph::relate::token::Lexicon;
    /// use relgraph::RelationType;
    /// let lex = Lexicon::defaults().unwrap();
    /// let e = lex.event("mediated", RelationType::MediatesBetween).unwrap();
    /// assert_eq!((e.lemma.as_str(), e.cameo.as_deref()), ("mediate", Some("045")));
    /// assert!(lex.event("President", RelationType::HoldsOffice).is_none());
    /// ```
    pub fn event(&self, trigger: &str, kind: RelationType) -> Option<&Trigger> {
        let lemmas: Vec<String> = trigger
            .split(|c: char| !(c.is_alphanumeric() || c == '-' || c == '\''))
            .filter(|w| !w.is_empty())
            .map(|w| self.lemma(&w.to_lowercase()).to_string())
            .collect();
        let whole = lemmas.join(" ");
        std::iter::once(whole.as_str())
            .chain(lemmas.iter().map(String::as_str))
            .find_map(|lemma| self.coded(self.lookup(lemma), kind))
            .map(|i| &self.entries[i as usize])
    }

    /// Among `entries` (a token's, or a lemma's), the index of the one that codes an event
    /// of relation `kind`: one of that relation with a CAMEO code first, then any with a code.
    pub fn coded(&self, entries: &[u32], kind: RelationType) -> Option<u32> {
        let with_code = || {
            entries
                .iter()
                .copied()
                .filter(|&i| self.entries[i as usize].cameo.is_some())
        };
        with_code()
            .find(|&i| self.entries[i as usize].relation == Some(kind))
            .or_else(|| with_code().next())
    }

    /// Multi-word lemmas starting with `word`, longest first.
    pub fn phrases(&self, word: &str) -> &[Vec<String>] {
        self.phrases.get(word).map_or(&[], Vec::as_slice)
    }

    /// The lemma of a lower-case word: an irregular form's lemma, else the first of the
    /// regular candidates ("mediated" → "mediate", "allies" → "ally", "planned" → "plan")
    /// that the lexicon knows, else the word itself.
    ///
    /// ```
    /// use relgraph::relate::token::Lexicon;
    /// let lex = Lexicon::defaults().unwrap();
    /// assert_eq!(lex.lemma("met"), "meet");
    /// assert_eq!(lex.lemma("mediated"), "mediate");
    /// assert_eq!(lex.lemma("talks"), "talks");
    /// ```
    pub fn lemma<'a>(&'a self, word: &'a str) -> &'a str {
        // Called for every word of every sentence: the answer borrows either the word or the
        // lexicon's own copy of the lemma, and candidates are spelled in a stack buffer, so
        // no try allocates.
        if let Some(l) = self.irregular.get(word) {
            return l;
        }
        if self.known.contains(word) || word.len() < 4 || !word.is_ascii() {
            return word;
        }
        let b = word.as_bytes();
        let n = b.len();
        let try_stem = |stem: &str| -> Option<&'a str> {
            if let Some(l) = self.found(stem, None) {
                return Some(l);
            }
            if let Some(l) = self.found(stem, Some(b'e')) {
                return Some(l);
            }
            // "planned" → "plan": a doubled final consonant.
            let sb = stem.as_bytes();
            if sb.len() >= 3 && sb[sb.len() - 1] == sb[sb.len() - 2] {
                return self.found(&stem[..stem.len() - 1], None);
            }
            None
        };
        if let Some(stem) = word
            .strip_suffix("ies")
            .or_else(|| word.strip_suffix("ied"))
        {
            if let Some(l) = self.found(stem, Some(b'y')) {
                return l;
            }
        }
        word.strip_suffix("ing")
            .and_then(try_stem)
            .or_else(|| word.strip_suffix("ed").and_then(try_stem))
            .or_else(|| {
                word.strip_suffix("es")
                    .filter(|_| n > 4)
                    .and_then(|s| self.found(s, None))
            })
            .or_else(|| {
                word.strip_suffix('s')
                    .filter(|_| !word.ends_with("ss") && b[n - 2] != b'u')
                    .and_then(|s| self.found(s, None))
            })
            .unwrap_or(word)
    }

    /// The lexicon's copy of `stem` followed by `tail` (an ASCII letter), if it is a lemma the
    /// lemmatiser may return for a regular form. `stem` is ASCII (the lemmatiser tries
    /// suffixes only on ASCII words).
    fn found(&self, stem: &str, tail: Option<u8>) -> Option<&str> {
        let get = |s: &str| {
            self.known
                .get(s)
                .or_else(|| self.phrase_words.get(s))
                .map(String::as_str)
        };
        let Some(tail) = tail else { return get(stem) };
        // Words longer than the buffer are rare enough to spell on the heap.
        let mut buf = [0u8; 48];
        let n = stem.len();
        if n >= buf.len() {
            return get(&format!("{stem}{}", tail as char));
        }
        buf[..n].copy_from_slice(stem.as_bytes());
        buf[n] = tail;
        std::str::from_utf8(&buf[..=n]).ok().and_then(get)
    }

    /// The embedded default lexicon.
    pub fn defaults() -> Result<Lexicon> {
        let mut lex = Lexicon::default();
        for (name, text) in crate::gazetteer::defaults::LEXICON {
            let path = std::path::PathBuf::from(format!("default:{name}"));
            if name.starts_with("lemmas") {
                lex.add_lemmas(&path, text)?;
            } else {
                lex.add_triggers(&path, text)?;
            }
        }
        Ok(lex)
    }
}

/// Tab-separated rows with `n` fields (trailing empty fields may be omitted), comments and
/// blank lines skipped, with their 1-based line numbers.
fn rows<'t>(path: &Path, text: &'t str, n: usize) -> Result<Vec<(usize, Vec<&'t str>)>> {
    let text = crate::text::strip_bom(text);
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let mut fields: Vec<&str> = line.split('\t').map(str::trim).collect();
        if fields.len() > n || fields.len() < 2 {
            return Err(Error::Rules {
                path: path.to_path_buf(),
                line: i + 1,
                message: format!("expected {n} tab-separated fields, found {}", fields.len()),
            });
        }
        fields.resize(n, "");
        out.push((i + 1, fields));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lex(triggers: &str) -> Lexicon {
        let mut l = Lexicon::default();
        l.add_triggers(Path::new("t.tsv"), triggers).unwrap();
        l.add_lemmas(Path::new("l.tsv"), "met\tmeet\nfought\tfight\n")
            .unwrap();
        l
    }

    #[test]
    fn lemmas_of_regular_and_irregular_forms() {
        let l = lex("meet\tverb\ttalks_with\t036\tCONSULT\t+\nmediate\tverb\tmediates_between\t-\t-\t+\nally\tnoun\tallied_with\t-\t-\t+\nplan\tverb\t-\t-\t-\t0\nbacking\tnoun\tsupports\t-\t-\t+\nback\tverb\tsupports\t-\t-\t+\n");
        for (w, want) in [
            ("met", "meet"),
            ("meets", "meet"),
            ("meeting", "meet"),
            ("mediated", "mediate"),
            ("mediating", "mediate"),
            ("mediates", "mediate"),
            ("allies", "ally"),
            ("planned", "plan"),
            ("backing", "backing"),
            ("backed", "back"),
            ("fought", "fight"),
            ("process", "process"),
            ("status", "status"),
        ] {
            assert_eq!(l.lemma(w), want, "{w}");
        }
    }

    #[test]
    fn phrases_and_overrides() {
        let mut l =
            lex("sever ties\tverb\ttension_with\t161\tREDUCE\t-\nsever\tverb\t-\t-\t-\t-\n");
        assert_eq!(
            l.phrases("sever"),
            &[vec!["sever".to_string(), "ties".to_string()]]
        );
        l.add_triggers(
            Path::new("user.tsv"),
            "sever\tverb\ttension_with\t-\t-\t-\n",
        )
        .unwrap();
        let ids = l.lookup("sever");
        assert_eq!(ids.len(), 1);
        assert_eq!(
            l.entries()[ids[0] as usize].relation,
            Some(RelationType::TensionWith)
        );
    }

    #[test]
    fn malformed_rows_name_the_line() {
        let mut l = Lexicon::default();
        let cases = [
            (
                "meet\tverbish\t-\t-\t-\t0\n",
                "t.tsv:1: part of speech \"verbish\"",
            ),
            (
                "# c\nmeet\tverb\tlikes\t-\t-\t0\n",
                "t.tsv:2: unknown relation type \"likes\"",
            ),
            ("Meet\tverb\t-\t-\t-\t0\n", "lower case"),
            (
                "meet\tverb\t-\t-\t-\t0\textra\n",
                "expected 6 tab-separated fields, found 7",
            ),
            ("meet\tverb\t-\t-\t-\tmaybe\n", "polarity"),
        ];
        for (text, want) in cases {
            let e = l
                .add_triggers(Path::new("t.tsv"), text)
                .unwrap_err()
                .to_string();
            assert!(e.contains(want), "{e}");
        }
    }

    #[test]
    fn defaults_load() {
        let l = Lexicon::defaults().unwrap();
        assert!(l.entries().len() >= 1500, "{}", l.entries().len());
        for t in RelationType::all() {
            for pos in [Pos::Verb, Pos::Noun] {
                if *t == RelationType::HoldsOffice && pos == Pos::Noun {
                    continue;
                }
                assert!(
                    l.entries()
                        .iter()
                        .any(|e| e.relation == Some(*t) && e.pos == pos),
                    "{t} has no {}",
                    pos.as_str()
                );
            }
        }
    }
}
