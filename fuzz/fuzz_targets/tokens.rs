//! One token pattern, as a user writes it in a rule file, through the rule parser, the
//! compiler and the matcher: an error naming the file and line, or a rule that runs over news
//! text without panicking, whose relations all lie inside their sentence. The input is the
//! pattern itself (wrapped in a rule here), so the fuzzer spends its time in the pattern
//! language rather than in TOML syntax.
#![no_main]

use std::path::PathBuf;
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use relgraph::{Document, Gazetteer, Pipeline, RuleSet};

/// A small gazetteer with the text's actors, so each run is cheap (the defaults take a second
/// to index) while patterns still meet entity, demonym, possessive, title and list tokens.
fn gazetteer() -> &'static Gazetteer {
    static G: OnceLock<Gazetteer> = OnceLock::new();
    G.get_or_init(|| {
        let mut entities = String::from("id\ttype\tname\taliases\tdemonyms\n");
        for row in [
            "country:az\tCOUNTRY\tAzerbaijan\t\tAzeri",
            "country:tr\tCOUNTRY\tTurkey\tAnkara\tTurkish",
            "country:il\tCOUNTRY\tIsrael\t\tIsraeli",
            "country:ee\tCOUNTRY\tEstonia\t\t",
            "country:lv\tCOUNTRY\tLatvia\t\t",
            "country:lt\tCOUNTRY\tLithuania\t\t",
            "country:ru\tCOUNTRY\tRussia\t\tRussian",
            "country:qa\tCOUNTRY\tQatar\t\tQatari",
            "country:eg\tCOUNTRY\tEgypt\t\tEgyptian",
            "org:nato\tORG\tNATO\t\t",
            "org:hamas\tORG\tHamas\t\t",
            "person:erdogan\tPERSON\tRecep Tayyip Erdoğan\tErdoğan\t",
            "person:aliyev\tPERSON\tIlham Aliyev\tAliyev\t",
            "person:netanyahu\tPERSON\tBenjamin Netanyahu\tNetanyahu\t",
            "person:bennett\tPERSON\tNaftali Bennett\tBennett\t",
        ] {
            entities.push_str(row);
            entities.push('\n');
        }
        Gazetteer::builder()
            .defaults(false)
            .add_str("e.tsv", &entities)
            .add_str(
                "t.tsv",
                "title\trole\tkind\nPresident\tPresident\toffice\nPrime Minister\tPrime Minister\toffice\n",
            )
            .build()
            .expect("small gazetteer loads")
    })
}

const TEXT: &str = "Scoop: Azerbaijan seeks to mediate between Turkey and Israel. Turkish President \
Recep Tayyip Erdoğan, a close ally of Azeri President Ilham Aliyev, met Netanyahu in Ankara. \
Estonia, Latvia and Lithuania joined NATO in 2004; Russia did not attack them. The two \
countries' talks, brokered by Qatar, ended. Former Israeli Prime Minister Naftali Bennett \
said Egypt's support for Hamas was \"not\" new.";

fuzz_target!(|data: &[u8]| {
    let Ok(pattern) = std::str::from_utf8(data) else {
        return;
    };
    // Split off an optional relation type on the first line, to reach every argument check.
    let (relation, pattern) = match pattern.split_once('\n') {
        Some((r, p)) if r.len() < 24 && r.chars().all(|c| c.is_ascii_lowercase() || c == '_') => (r, p),
        _ => ("talks_with", pattern),
    };
    if pattern.contains("'''") {
        return;
    }
    let file = format!(
        "[define]\nparty = \"{{pre}} ACTOR\"\n\n[[rule]]\nid = \"fuzz\"\nrelation = \"{relation}\"\ntokens = '''{pattern}'''\n"
    );
    let Ok(rules) = RuleSet::parse(&[(PathBuf::from("fuzz.toml"), file)]) else {
        return;
    };
    let p = Pipeline::builder()
        .gazetteer(gazetteer().clone())
        .rules(rules)
        .build()
        .expect("a parsed rule set builds");
    let r = p.process(&Document::new("f", TEXT));
    for rel in &r.relations {
        let (s, t) = (rel.sentence_span, rel.trigger_span);
        assert!(s.byte_start <= t.byte_start && t.byte_end <= s.byte_end, "{rel:?}");
        assert_eq!(&TEXT[t.byte_start..t.byte_end], rel.trigger);
    }
});
