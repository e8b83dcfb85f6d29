//! The shipped gazetteers: counts and invariants over the committed files, spot checks of names
//! far from the seed (every continent and type), and precision on ordinary sentences.

// The matcher is internal; `__private` exposes it for checks of the shipped lists.
use relgraph::__private::{AliasForm, Target};
use relgraph::{Document, EntityType};

use crate::util::pipeline;

#[test]
fn committed_lists_are_broad_and_sourced() {
    let g = pipeline().gazetteer();
    let count = |k: EntityType| g.entities().iter().filter(|e| e.entity_type() == k).count();
    assert!(
        count(EntityType::Country) >= 249,
        "countries: {}",
        count(EntityType::Country)
    );
    assert!(
        count(EntityType::Org) >= 1500,
        "orgs: {}",
        count(EntityType::Org)
    );
    assert!(
        count(EntityType::Person) >= 8000,
        "people: {}",
        count(EntityType::Person)
    );
    let dated: std::collections::BTreeSet<&str> = g
        .offices()
        .iter()
        .filter(|o| o.start.is_some())
        .map(|o| o.person.as_str())
        .collect();
    assert!(
        dated.len() >= 2000,
        "people with dated offices: {}",
        dated.len()
    );
    let forms: usize = g.titles().iter().map(|t| t.forms.len()).sum();
    assert!(forms >= 300, "title forms: {forms}");
    // Countries without a demonym are uninhabited or have none in use (Antarctica, Heard
    // Island…): a handful at most.
    let without: Vec<&str> = g
        .entities()
        .iter()
        .filter(|e| e.entity_type() == EntityType::Country && e.demonyms.is_empty())
        .map(|e| e.name.as_str())
        .collect();
    assert!(
        without.len() <= 15,
        "countries without demonyms: {without:?}"
    );
    let unsourced: Vec<&str> = g
        .entities()
        .iter()
        .filter(|e| e.attr("source").is_none_or(str::is_empty))
        .map(|e| e.id.as_str())
        .take(5)
        .collect();
    assert!(
        unsourced.is_empty(),
        "entries without a source: {unsourced:?}"
    );
    // Ids unique and aliases non-empty are enforced by the loader, which loaded these lists.
    assert!(g
        .entities()
        .iter()
        .all(|e| e.aliases.iter().all(|a| !a.trim().is_empty())));
}

/// Names far from the seed, each resolving to the right entry.
const SPOT_CHECKS: &[(&str, &str)] = &[
    ("Timor-Leste", "country:tl"),
    ("East Timor", "country:tl"),
    ("Cabo Verde", "country:cv"),
    ("Cape Verde", "country:cv"),
    ("Omani", "country:om"),
    ("Turkmen", "country:tm"),
    ("Kiribati", "country:ki"),
    ("Kyrgyz", "country:kg"),
    ("Uruguayan", "country:uy"),
    ("Icelandic", "country:is"),
    ("Nepali", "country:np"),
    ("Filipino", "country:ph"),
    ("Sri Lankan", "country:lk"),
    ("Hamas", "org:hamas"),
    ("NATO", "org:nato"),
    ("European Commission", "org:european-commission"),
    ("World Bank", "org:world-bank"),
    ("International Monetary Fund", "org:imf"),
    ("al-Shabaab", "org:so-al-shabaab"),
    ("Taliban", "org:af-taliban"),
    ("Hezbollah", "org:hezbollah"),
    ("Houthis", "org:ye-houthis"),
    ("Reuters", "org:reuters"),
    ("Al Jazeera", "org:al-jazeera"),
    ("BBC", "org:bbc"),
    ("Kremlin", "org:kremlin"),
    ("Pentagon", "org:pentagon"),
    ("Knesset", "org:il-knesset"),
    ("Bundestag", "org:de-bundestag"),
    ("Israel Defense Forces", "org:il-idf"),
    ("António Guterres", "person:antonio-guterres"),
    ("Volodymyr Zelenskyy", "person:volodymyr-zelenskyy"),
    ("Narendra Modi", "person:narendra-modi"),
    ("Xi Jinping", "person:xi-jinping"),
    ("Joko Widodo", "person:joko-widodo"),
    ("Emmanuel Macron", "person:emmanuel-macron"),
    ("Lula", "person:luiz-inacio-lula-da-silva"),
    ("Cyril Ramaphosa", "person:cyril-ramaphosa"),
    ("Bola Tinubu", "person:bola-tinubu"),
    ("Abiy Ahmed", "person:abiy-ahmed"),
    ("William Ruto", "person:william-ruto"),
    ("Paul Kagame", "person:paul-kagame"),
    ("Javier Milei", "person:javier-milei"),
    ("Gustavo Petro", "person:gustavo-petro"),
    ("Claudia Sheinbaum", "person:claudia-sheinbaum"),
    ("Justin Trudeau", "person:justin-trudeau"),
    ("Anthony Albanese", "person:anthony-albanese"),
    ("Fumio Kishida", "person:fumio-kishida"),
    ("Yoon Suk Yeol", "person:yoon-suk-yeol"),
    ("Kim Jong Un", "person:kim-jong-un"),
    ("Shehbaz Sharif", "person:shehbaz-sharif"),
    ("Sheikh Hasina", "person:sheikh-hasina"),
    ("Abdel Fattah el-Sisi", "person:abdel-fattah-el-sisi"),
    ("Viktor Orbán", "person:viktor-orban"),
    ("Viktor Orban", "person:viktor-orban"),
    ("Giorgia Meloni", "person:giorgia-meloni"),
    ("Pedro Sánchez", "person:pedro-sanchez"),
    ("Keir Starmer", "person:keir-starmer"),
    ("Ursula von der Leyen", "person:ursula-von-der-leyen"),
];

#[test]
fn spot_checks_beyond_the_seed_resolve() {
    let g = pipeline().gazetteer();
    let m = pipeline().matcher();
    let mut wrong = Vec::new();
    for (name, id) in SPOT_CHECKS {
        let ids: Vec<&str> = m
            .lookup(name)
            .into_iter()
            .filter_map(|t| match t {
                Target::Entity(e, AliasForm::Name | AliasForm::Demonym) => {
                    Some(g.entities()[e].id.as_str())
                }
                _ => None,
            })
            .collect();
        if ids != [*id] {
            wrong.push(format!("{name}: {ids:?}, want {id}"));
        }
    }
    assert!(SPOT_CHECKS.len() >= 50);
    assert!(wrong.is_empty(), "{wrong:#?}");
    // In running text, with the title before it.
    let r = pipeline().process(&Document::new(
        "t",
        "Secretary-General António Guterres met Narendra Modi.",
    ));
    let ids: Vec<String> = r
        .mentions
        .iter()
        .filter_map(|m| m.entity().map(|e| e.id.to_string()))
        .collect();
    assert_eq!(ids, ["person:antonio-guterres", "person:narendra-modi"]);
}

#[test]
fn ordinary_sentences_produce_no_entities() {
    for text in [
        "We met on Monday in March and again in May, when the weather turned.",
        "The Chair said the Committee would Review the Proposal in June.",
        "Sales of turkey and china rose; the bank will review the case.",
        "After the General Assembly of shareholders, the Speaker thanked Staff.",
        "Brown and Young left early, and Hill stayed.",
    ] {
        let r = pipeline().process(&Document::new("t", text));
        let found: Vec<(&str, Option<&str>)> = r
            .mentions
            .iter()
            .map(|m| (m.text(), m.entity().map(|e| &*e.id)))
            .collect();
        assert!(found.is_empty(), "{text}: {found:?}");
    }
}

/// Files saved by Windows editors start with a byte-order mark: a gazetteer, a rule file and a
/// trigger file read the same with it, and a text keeps it (offsets count it).
#[test]
fn a_byte_order_mark_is_accepted_in_every_file() {
    let bom = "\u{feff}";
    let (_, json) = crate::util::extract_text_with_gazetteer(
        &format!("{bom}Zorro Vega met Turkish President Erdogan."),
        &format!("{bom}id\ttype\tname\taliases\tdemonyms\nperson:zv\tPERSON\tZorro Vega\t\t\n"),
    );
    let zorro = json["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|n| n["id"] == "person:zv")
        .expect("the BOM gazetteer's entity is found");
    assert_eq!(zorro["mentions"][0]["start"], 1);

    let dir = tempfile::tempdir().unwrap();
    let rules = dir.path().join("r.toml");
    std::fs::write(
        &rules,
        format!("{bom}[[rule]]\nid = \"u.hail\"\nrelation = \"supports\"\ntokens = \"supporter:ACTOR <hail> supported:ACTOR\"\nexamples = [{{ text = \"Qatar hailed Egypt.\", expect = [\"supports(Qatar, Egypt)\"] }}]\n"),
    )
    .unwrap();
    let triggers = dir.path().join("t.tsv");
    std::fs::write(&triggers, format!("{bom}lemma\tpos\trelation\tcameo\tplover\tpolarity\nhail\tverb\tsupports\t051\tCONSULT\t+\n")).unwrap();
    crate::util::relgraph()
        .args(["rules", "test"])
        .arg(&rules)
        .arg(&triggers)
        .assert()
        .success();
}
