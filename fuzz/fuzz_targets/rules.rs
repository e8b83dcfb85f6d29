//! The rule parser on arbitrary files: an error or a rule set, never a panic; whatever loads
//! must run over text.
#![no_main]

use std::path::PathBuf;
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use relgraph::{Document, Gazetteer, Pipeline, RuleSet};

/// A small gazetteer keeps each run cheap (the defaults take a second to index).
fn gazetteer() -> &'static Gazetteer {
    static G: OnceLock<Gazetteer> = OnceLock::new();
    G.get_or_init(|| {
        Gazetteer::builder()
            .defaults(false)
            .add_str(
                "c.tsv",
                "id\ttype\tname\taliases\tdemonyms\ncountry:tr\tCOUNTRY\tTurkey\t\tTurkish\n\
                 country:il\tCOUNTRY\tIsrael\t\tIsraeli\ncountry:az\tCOUNTRY\tAzerbaijan\t\tAzeri\n\
                 person:a\tPERSON\tIlham Aliyev\t\t\n",
            )
            .add_str("t.tsv", "title\trole\tkind\nPresident\tPresident\toffice\n")
            .build()
            .expect("small gazetteer loads")
    })
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(rules) = RuleSet::parse(&[(PathBuf::from("fuzz.toml"), text.to_string())]) {
        let p = Pipeline::builder()
            .gazetteer(gazetteer().clone())
            .rules(rules)
            .build()
            .expect("builds");
        let _ = p.process(&Document::new("f", "Turkey and Israel signed a deal. Azerbaijan seeks to mediate between Turkey and Israel."));
        let _ = p.test_rules();
    }
});
