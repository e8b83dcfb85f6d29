//! Unit and property tests of the matcher.

use super::*;
use proptest::prelude::*;

fn gaz(rows: &str) -> Gazetteer {
    let mut text = String::from("id\ttype\tname\taliases\tdemonyms\n");
    text.push_str(rows);
    Gazetteer::builder()
        .defaults(false)
        .add_str("t.tsv", &text)
        .add_str(
            "titles.tsv",
            "title\trole\tkind\nPresident\tPresident\toffice\nPM\tPrime Minister\toffice\n",
        )
        .build()
        .unwrap()
}

const SMALL: &str = concat!(
    "country:om\tCOUNTRY\tOman\t\tOmani\n",
    "country:ir\tCOUNTRY\tIran\t\t\n",
    "country:tr\tCOUNTRY\tTurkey\t\tTurkish\n",
    "country:us\tCOUNTRY\tUnited States\tU.S.|US\tAmerican\n",
    "person:ea\tPERSON\tRecep Tayyip Erdoğan\tErdoğan\t\n",
    "org:x\tORG\tIsraeli Foreign Ministry\t\t\n",
    "country:il\tCOUNTRY\tIsrael\t\tIsraeli\n",
    "loc:em\tLOCATION\teastern Mediterranean\t\t\n",
);

fn small() -> Matcher {
    Matcher::new(&gaz(SMALL)).unwrap()
}

fn small_transducer() -> Matcher {
    let m = Matcher::build(&gaz(SMALL), 0, PART_KEYS).unwrap();
    assert!(matches!(m.index, Index::Transducer(_)));
    m
}

/// The small lists' trie or transducer in as many parts as four threads take (one part
/// per key allowed), as a million aliases are built.
fn small_in_parts(transducer_from: usize) -> Matcher {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(4)
        .build()
        .unwrap();
    let m = pool
        .install(|| Matcher::build(&gaz(SMALL), transducer_from, 1))
        .unwrap();
    let parts = match &m.index {
        Index::Trie(p) => p.parts.len(),
        Index::Transducer(p) => p.parts.len(),
    };
    assert!(parts > 1, "{parts} parts");
    m
}

fn found(m: &Matcher, text: &str) -> Vec<String> {
    m.find(text)
        .into_iter()
        .map(|h| text[h.span].to_string())
        .collect()
}

#[test]
fn whole_words_only() {
    let m = small();
    assert_eq!(found(&m, "Romania and Iranian"), Vec::<String>::new());
    assert_eq!(found(&m, "Oman, Iran; Omani"), ["Oman", "Iran", "Omani"]);
}

#[test]
fn case_rules() {
    let m = small();
    assert!(found(&m, "a roast turkey for us").is_empty());
    assert_eq!(found(&m, "TURKEY AND THE US"), ["TURKEY", "US"]);
    assert_eq!(
        found(&m, "Eastern Mediterranean gas"),
        ["Eastern Mediterranean"]
    );
    assert_eq!(found(&m, "the president and the PM"), ["president", "PM"]);
    assert!(found(&m, "3 pm").is_empty());
}

#[test]
fn name_particles_match_in_either_case() {
    let m = Matcher::new(&gaz(concat!(
        "person:m\tPERSON\tMohamed bin Zayed Al-Nahyan\t\t\n",
        "org:q\tORG\tAl Qaeda\t\t\n",
    )))
    .unwrap();
    assert_eq!(
        found(&m, "Sheikh Mohamed bin Zayed al-Nahyan met"),
        ["Mohamed bin Zayed al-Nahyan"]
    );
    // Only a particle inside a name: the name's first word keeps its case.
    assert!(found(&m, "al Qaeda").is_empty());
}

#[test]
fn diacritics_possessives_and_longest() {
    let m = small();
    assert_eq!(found(&m, "Erdogan’s and Erdoğan's"), ["Erdogan", "Erdoğan"]);
    assert_eq!(
        found(&m, "The Israeli Foreign Ministry said"),
        ["Israeli Foreign Ministry"]
    );
    assert_eq!(found(&m, "U.S.-led talks"), ["U.S."]);
}

#[test]
fn rejected_longest_does_not_hide_shorter_or_inner_matches() {
    let m = Matcher::new(&gaz(concat!(
        "org:a\tORG\tNew York Times\t\t\n",
        "loc:b\tLOCATION\tNew York\t\t\n",
        "loc:c\tLOCATION\tYork\t\t\n",
    )))
    .unwrap();
    // "New York Timesx" fails the boundary; "New York" at the same start is still found.
    assert_eq!(found(&m, "New York Timesx"), ["New York"]);
    // "new York Times" fails the case check at 0; "York" inside it is still found.
    assert_eq!(found(&m, "new York Times"), ["York"]);
}

#[test]
fn surnames_are_derived() {
    let m = small();
    let hits = m.find("Tayyip and Erdoğan");
    assert_eq!(hits.len(), 1);
    assert!(hits[0]
        .targets
        .contains(&Target::Entity(4, AliasForm::Surname)));
}

#[test]
fn east_asian_family_names_come_first() {
    // "Kim" and "Moon" are family names written first; "Carrie Lam" is in Western order.
    let g = Gazetteer::builder()
        .defaults(false)
        .add_str(
            "t.tsv",
            "id\ttype\tname\taliases\tcountry\n\
             country:kr\tCOUNTRY\tSouth Korea\t\t\n\
             country:hk\tCOUNTRY\tHong Kong\t\t\n\
             person:kim-a\tPERSON\tKim Jong Un\t\tcountry:kr\n\
             person:kim-b\tPERSON\tKim Yo Jong\t\tcountry:kr\n\
             person:kim-c\tPERSON\tKim Dae-jung\t\tcountry:kr\n\
             person:moon\tPERSON\tMoon Jae-in\t\tcountry:kr\n\
             person:lam\tPERSON\tCarrie Lam\t\tcountry:hk\n",
        )
        .build()
        .unwrap();
    let m = Matcher::new(&g).unwrap();
    let surname_of = |text: &str| -> Vec<String> {
        m.find(text)
            .iter()
            .flat_map(|h| h.targets.iter())
            .filter_map(|t| match *t {
                Target::Entity(e, AliasForm::Surname) => Some(g.entities()[e].id.clone()),
                _ => None,
            })
            .collect()
    };
    assert_eq!(surname_of("Moon said"), ["person:moon"]);
    assert_eq!(surname_of("Kim said").len(), 3);
    assert!(surname_of("Carrie said").is_empty());
    assert_eq!(surname_of("Lam said"), ["person:lam"]);
}

#[test]
fn no_aliases_no_matches() {
    let g = Gazetteer::builder().defaults(false).build().unwrap();
    for (transducer_from, part_keys) in [(0, PART_KEYS), (TRANSDUCER_FROM, 1)] {
        let m = Matcher::build(&g, transducer_from, part_keys).unwrap();
        assert_eq!(m.pattern_count(), 0);
        assert!(m.find("Oman and Iran").is_empty());
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]
    #[test]
    fn equals_naive_reference(
        words in proptest::collection::vec(
            prop_oneof![
                Just("Oman"), Just("Omani"), Just("Iran"), Just("Iranian"), Just("US"),
                Just("us"), Just("U.S."), Just("Erdoğan"), Just("Erdog\u{306}an"),
                Just("Israeli"), Just("Foreign"), Just("Ministry"), Just("TURKEY"),
                Just("turkey"), Just("’s"), Just("-"), Just("x"), Just("é"), Just("İ"),
                Just("eastern"), Just("Mediterranean"), Just("President"), Just("PM"),
            ],
            0..14,
        ),
        seps in proptest::collection::vec(prop_oneof![Just(" "), Just(""), Just(", ")], 14),
    ) {
        let mut text = String::new();
        for (w, s) in words.iter().zip(&seps) {
            text.push_str(w);
            text.push_str(s);
        }
        let m = small();
        let fast = m.find(&text);
        prop_assert_eq!(&fast, &m.find_naive(&text));
        for h in &fast {
            prop_assert!(text.is_char_boundary(h.span.start) && text.is_char_boundary(h.span.end));
        }
        prop_assert_eq!(&fast, &small_transducer().find(&text));
        prop_assert_eq!(&fast, &small_in_parts(TRANSDUCER_FROM).find(&text));
        prop_assert_eq!(&fast, &small_in_parts(0).find(&text));
    }
}

#[test]
fn a_text_in_pieces_gives_the_hits_of_the_whole() {
    // The embedded lists (every key byte a real index has) over the seed article as it is,
    // as one line, and with its ASCII spaces made non-breaking (no cut but the punctuation).
    let m = Matcher::new(&Gazetteer::builder().build().unwrap()).unwrap();
    let seed = include_str!("../../tests/fixtures/seed.txt");
    let one_line = seed.replace('\n', " ");
    let ascii: String = seed.chars().filter(char::is_ascii).collect();
    let nbsp = one_line.replace(' ', "\u{a0}");
    for text in [seed, &one_line, &ascii, &nbsp] {
        let text = text.repeat(3);
        let whole = m.find_in_pieces(&text, usize::MAX);
        assert!(whole.len() > 300, "{}", whole.len());
        for piece in [1, 7, 64, 500, 4096] {
            assert_eq!(m.find_in_pieces(&text, piece), whole, "pieces of {piece}");
        }
    }
}

#[test]
fn pieces_end_after_a_byte_no_key_holds() {
    let m = small();
    // "U.S." has a period: a cut after one would split the alias.
    let text = "The U.S. and Oman. Iran, Turkey";
    let mut start = 0;
    while start < text.len() {
        let end = m.piece_end(text, start, 4);
        let last = text.as_bytes()[end - 1];
        assert!(end == text.len() || (last != b'.' && !last.is_ascii_alphanumeric()));
        start = end;
    }
    assert_eq!(
        m.find_in_pieces(text, 4),
        m.find_in_pieces(text, usize::MAX)
    );
}

#[test]
fn a_spanish_name_with_two_given_names_keeps_them_together() {
    // "José Manuel Albares" is two given names and a surname: no short form "José Manuel"
    // (which took any other Jose Manuel for the Spanish minister), while a paternal and a
    // maternal surname still shorten ("Iván Duque" for Iván Duque Márquez).
    let m = Matcher::new(&Gazetteer::builder().build().unwrap()).unwrap();
    let text = "Interior Minister Jose Manuel Ortega met Jose Albares and Iván Duque.";
    let got = found(&m, text);
    assert!(!got.iter().any(|s| s == "Jose Manuel"), "{got:?}");
    assert!(got.iter().any(|s| s == "Jose Albares"), "{got:?}");
    assert!(got.iter().any(|s| s == "Iván Duque"), "{got:?}");
}

#[test]
fn a_short_forms_surname_names_the_person() {
    // Spanish names end in a paternal and a maternal surname; news shortens "Rodrigo Paz
    // Pereira" to "Rodrigo Paz", then to "Paz".
    let rows = "id\ttype\tname\taliases\tcountry\n\
                country:bo\tCOUNTRY\tBolivia\t\t\n\
                person:rp\tPERSON\tRodrigo Paz Pereira\t\tcountry:bo\n";
    let g = Gazetteer::builder()
        .defaults(false)
        .add_str("t.tsv", rows)
        .build()
        .unwrap();
    let m = Matcher::new(&g).unwrap();
    assert_eq!(
        found(&m, "Rodrigo Paz won. Paz said"),
        ["Rodrigo Paz", "Paz"]
    );
}
