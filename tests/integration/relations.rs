//! Relation phrasings from real-world news style, beyond the seed and beyond each rule's own
//! examples, plus what must not be extracted: co-occurrence, negation, wrong direction.

use crate::util::{has, relations};

/// (text, relations that must be found)
const POSITIVE: &[(&str, &[&str])] = &[
    // mediates_between
    ("Qatar and Egypt have been mediating between Israel and Hamas since the war began.", &["mediates_between(Qatar, Israel, Hamas)", "mediates_between(Egypt, Israel, Hamas)"]),
    ("The talks between Armenia and Azerbaijan, brokered by the United States, ended with a handshake.", &["mediates_between(United States, Armenia, Azerbaijan)"]),
    // a negation inside the subject's closed relative clause is the aside's
    ("Hamas, which has not recognised Israel, held indirect talks with Israel in Cairo.", &["negotiates_with(Hamas, Israel)"]),
    // a relative clause on an apposition's head is the subject's
    ("Poland and Hungary, both countries that joined NATO in 1999, objected to the plan.", &["member_of(Poland, NATO)", "member_of(Hungary, NATO)"]),
    // a listed name that opens with a title holds that title's office
    ("Moroccan King Mohammed VI received the French president in Rabat.", &["holds_office(Mohammed VI, Morocco, role=King)"]),
    ("Saudi King Salman received the Turkish president in Riyadh.", &["holds_office(Salman bin Abdulaziz, Saudi Arabia, role=King)"]),
    // a visit paid or begun; a subject's long relative clause after its age
    ("French President Emmanuel Macron began a three-day visit to southern Nigeria on Sunday.", &["talks_with(Emmanuel Macron, Nigeria)"]),
    ("Paul Kagame, 66, who has ruled Rwanda since 2000 and won a fourth term last year with almost every vote cast, paid a state visit to Angola.", &["talks_with(Paul Kagame, Angola)"]),
    // angering another government is tension
    ("Seoul angered Beijing by deploying a US missile shield.", &["tension_with(South Korea, China)"]),
    // talks_with: every pair of the people at one meeting named by a noun
    ("Lula gave a joint press conference with Cyril Ramaphosa, the summit's host, and India's prime minister, Narendra Modi.", &["talks_with(Luiz Inácio Lula da Silva, Cyril Ramaphosa)", "talks_with(Luiz Inácio Lula da Silva, Narendra Modi)", "talks_with(Cyril Ramaphosa, Narendra Modi)"]),
    // allied_with
    ("Moscow's closest ally, Belarus, allowed Russian troops onto its territory. Russia's closest ally, Belarus, agreed.", &["allied_with(Russia, Belarus)"]),
    ("AZERBAIJAN AND TURKEY ARE CLOSE ALLIES, OFFICIALS SAY", &["allied_with(Azerbaijan, Turkey)"]),
    // holds_office
    ("\"We are ready,\" Ukrainian President Volodymyr Zelenskyy told reporters.", &["holds_office(Volodymyr Zelenskyy, Ukraine, role=President)"]),
    ("Russian Foreign Minister Sergei Lavrov and U.S. Secretary of State Antony Blinken met in Geneva.", &["holds_office(Sergey Lavrov, Russia, role=Foreign Minister)", "holds_office(Antony Blinken, United States, role=Secretary of State)", "talks_with(Sergey Lavrov, Antony Blinken)"]),
    ("The statement came from Benjamin Netanyahu, Israel's prime minister.", &["holds_office(Benjamin Netanyahu, Israel, role=Prime Minister)"]),
    // a bare national post the lists do not give the person: the person's country, named nearby
    ("France banned the imports. Agriculture Minister Annie Genevard said the ban was temporary.", &["holds_office(Annie Genevard, France, role=Agriculture Minister)"]),
    // talks_with
    ("Erdogan and Putin spoke by phone on Friday, the Kremlin said.", &["talks_with(Recep Tayyip Erdoğan, Vladimir Putin)"]),
    ("Xi Jinping hosted Emmanuel Macron in Guangzhou last week.", &["talks_with(Xi Jinping, Emmanuel Macron)"]),
    ("Blinken arrived in Ankara for talks with Turkish Foreign Minister Mevlüt Çavuşoğlu.", &["talks_with(Antony Blinken, Mevlüt Çavuşoğlu)"]),
    // supports
    ("Washington has pledged more than $40 billion in security assistance to Ukraine.", &[]),
    ("The United States has pledged more than $40 billion in security assistance to Ukraine.", &["supports(United States, Ukraine)"]),
    ("Iran-backed Hezbollah and Iranian-backed Hamas fired rockets.", &["supports(Iran, Hezbollah)", "supports(Iran, Hamas)"]),
    // in_conflict_with
    ("In September 2023, Azerbaijan launched a lightning offensive against Armenia.", &["in_conflict_with(Azerbaijan, Armenia)"]),
    ("Russian forces shelled Ukraine's second city overnight? Russian forces shelled Ukraine overnight.", &["in_conflict_with(Russia, Ukraine)"]),
    // tension_with
    ("Ankara recalled its envoy? Turkey recalled its ambassador from Israel in protest.", &["tension_with(Turkey, Israel)"]),
    ("Relations between Greece and Turkey, two NATO allies, have been strained for decades.", &[]),
    ("China accused Japan and the Philippines of provocations.", &["tension_with(China, Japan)"]),
    // a government acting for its country
    ("The Israeli government accused Turkey of supporting Hamas.", &["tension_with(Israel, Turkey)"]),
    ("Sudan's government accused Chad of arming the RSF.", &["tension_with(Sudan, Chad)"]),
    ("The U.S. administration imposed sanctions on Iran.", &["tension_with(United States, Iran)"]),
    ("The Biden administration imposed new sanctions on Iran.", &["tension_with(Biden administration, Iran)"]),
    ("The Netanyahu government signed a deal with the United Arab Emirates.", &["agreement_with(Netanyahu government, United Arab Emirates)"]),
    ("Somalia's federal government accused Kenya of meddling.", &["tension_with(Somalia, Kenya)"]),
    ("Mali's army-led government cut ties with Ukraine in 2024.", &["tension_with(Mali, Ukraine)"]),
    // a name followed by its own acronym in brackets is one name
    ("Ethiopia and the Tigray People's Liberation Front (TPLF) signed a ceasefire.", &["agreement_with(Ethiopia, Tigray People's Liberation Front)"]),
    // succeeds
    ("Olaf Scholz, who succeeded Angela Merkel in 2021, lost the election.", &["succeeds(Olaf Scholz, Angela Merkel)"]),
    // member_of
    ("Turkey, a NATO member since 1952, blocked the bid.", &[]),
    ("Turkey, a member of NATO since 1952, blocked Sweden's bid.", &["member_of(Turkey, NATO)"]),
    // negotiates_with
    ("Hamas is negotiating indirectly with Israel through Qatari mediators.", &["negotiates_with(Hamas, Israel)"]),
    // references and scope added in round 9
    ("Hungary again blocked the statement. Prime Minister Viktor Orban said the aid was wasted.", &["holds_office(Viktor Orbán, Hungary, role=Prime Minister)"]),
    ("NATO ministers met in Brussels. Secretary-General Mark Rutte met Ukrainian Defence Minister Rustem Umerov.", &["holds_office(Mark Rutte, NATO, role=Secretary-General)"]),
    ("The Gulf mediators said the deal ended eleven months of fighting between Israel and Hamas.", &["in_conflict_with(Israel, Hamas)"]),
    ("Turkey dropped its veto on Stockholm's NATO application. Hungary has yet to vote. Sweden applied with Finland in 2022. Norway backed them. Finland joined the alliance in April.", &["member_of(Finland, NATO)"]),
    ("Trump spoke by phone to the presidents of Rwanda and Uganda on Sunday.", &["talks_with(Donald Trump, Rwanda)", "talks_with(Donald Trump, Uganda)"]),
    ("The talks between Serbia and Kosovo were held under the auspices of the European Union.", &["mediates_between(European Union, Serbia, Kosovo)"]),
    ("Tehran supplies the Houthis with drones, U.S. officials say.", &["supports(Iran, Houthis)"]),
    ("Hezbollah, another Iranian ally, agreed to a separate truce with Israel.", &["agreement_with(Hezbollah, Israel)"]),
    ("Lai Ching-te took office in May, replacing Tsai Ing-wen.", &["succeeds(Lai Ching-te, Tsai Ing-wen)"]),
    ("Ethiopia and Somalia agreed to restore ties. The deal came after Somali President Hassan Sheikh Mohamud met Ethiopian Prime Minister Abiy Ahmed. Turkish President Tayyip Erdogan, who brokered a first accord between the two neighbours in December, welcomed it.", &["mediates_between(Recep Tayyip Erdoğan, Ethiopia, Somalia)"]),
    // agreement_with
    ("In 2020 Morocco and Israel agreed to normalize relations? Morocco and Israel signed a normalization agreement in 2020.", &["agreement_with(Morocco, Israel)"]),
    ("Sudan agreed to normalize ties with Israel? Sudan normalized ties with Israel in 2020.", &["agreement_with(Sudan, Israel)"]),
];

/// (text, relation types that must NOT appear at all)
const NEGATIVE: &[(&str, &[&str])] = &[
    // co-occurrence is not a relation
    ("Turkey and Israel both played key roles in the war.", &["talks_with", "allied_with", "tension_with", "supports"]),
    ("Officials from Greece, Cyprus and Israel attended the conference in Athens.", &["talks_with", "allied_with", "agreement_with"]),
    ("Putin and Biden were both mentioned in the report.", &["talks_with", "tension_with"]),
    // negation
    ("Erdoğan has not spoken with Netanyahu since 2018.", &["talks_with"]),
    // an offer is no act (ANNOTATION.md: offers and hypotheticals are no relation)
    ("Turkey has offered to broker peace between Russia and Ukraine, Erdoğan said on Tuesday.", &["mediates_between"]),
    ("Israel won't harm its relations with Greece and Cyprus in order to mend relations with Turkey.", &["tension_with", "agreement_with"]),
    ("Germany denied that it supplied weapons to Ukraine.", &["supports"]),
    ("Saudi Arabia has refused to normalize relations with Israel.", &["agreement_with"]),
    ("Russia never invaded Finland, the minister insisted.", &["in_conflict_with"]),
    ("Sweden did not join NATO until 2024? Ukraine is not a member of NATO.", &["member_of"]),
    ("The Israeli Foreign Ministry declined to comment for this story.", &["talks_with"]),
    // an object of a preposition starts no relation of its own
    ("Japan announced new sanctions on Russia and more aid for Ukraine.", &["supports"]),
    ("Minsk hosts Russian troops and welcomed Moscow's decision.", &["talks_with"]),
    ("Canada froze trade talks with India last year.", &["talks_with", "negotiates_with"]),
    ("Orban has repeatedly clashed with Brussels over aid to Ukraine.", &["supports"]),
];

/// Directed relations must keep their direction.
const DIRECTION: &[(&str, &str, &str)] = &[
    (
        "Azerbaijan seeks to mediate between Turkey and Israel.",
        "mediates_between(Azerbaijan, Turkey, Israel)",
        "mediates_between(Israel, Turkey, Azerbaijan)",
    ),
    (
        "Hezbollah, backed by Iran, fired rockets.",
        "supports(Iran, Hezbollah)",
        "supports(Hezbollah, Iran)",
    ),
    (
        "Barr will be replaced by Jeffrey Rosen. Bill Barr left.",
        "succeeds(Jeffrey Rosen, Bill Barr)",
        "succeeds(Bill Barr, Jeffrey Rosen)",
    ),
    (
        "Biden succeeded Trump.",
        "succeeds(Joe Biden, Donald Trump)",
        "succeeds(Donald Trump, Joe Biden)",
    ),
    (
        "NATO member Turkey objected.",
        "member_of(Turkey, NATO)",
        "member_of(NATO, Turkey)",
    ),
];

/// The first half of a compound ("Iran-backed") modifies the list member after it.
#[test]
fn a_compound_modifier_is_no_list_member() {
    let text = "A truce between Israel and Iran-backed Hezbollah ended 14 months of fighting.";
    let got = relations(text);
    for want in [
        "agreement_with(Israel, Hezbollah)",
        "in_conflict_with(Israel, Hezbollah)",
        "supports(Iran, Hezbollah)",
    ] {
        assert!(has(&got, want), "{want}: {got:?}");
    }
    for not in [
        "agreement_with(Israel, Iran)",
        "in_conflict_with(Israel, Iran)",
    ] {
        let reversed = not.replace("Israel, Iran", "Iran, Israel");
        assert!(!has(&got, not) && !has(&got, &reversed), "{not}: {got:?}");
    }
}

/// "Separate meetings", "separately", "both" and a journey's participle are as many
/// meetings: no talks among the guests. One host meeting several people at once is one
/// meeting, every pair of its principals (ANNOTATION.md).
#[test]
fn separate_meetings_pair_no_guests() {
    let got = relations("Joe Biden met Xi Jinping and Narendra Modi.");
    assert!(
        has(&got, "talks_with(Xi Jinping, Narendra Modi)")
            || has(&got, "talks_with(Narendra Modi, Xi Jinping)"),
        "{got:?}"
    );
    for text in [
        "Joe Biden held separate meetings with Xi Jinping and Narendra Modi.",
        "Joe Biden met Xi Jinping and Narendra Modi separately.",
        "Joe Biden met both Xi Jinping and Narendra Modi.",
        "Joe Biden toured Asia, holding talks with Xi Jinping and Narendra Modi.",
    ] {
        let got = relations(text);
        assert!(
            has(&got, "talks_with(Joe Biden, Xi Jinping)"),
            "{text}: {got:?}"
        );
        assert!(
            !has(&got, "talks_with(Xi Jinping, Narendra Modi)")
                && !has(&got, "talks_with(Narendra Modi, Xi Jinping)"),
            "{text}: {got:?}"
        );
    }
}

#[test]
fn real_world_phrasings_are_extracted() {
    let mut failures = Vec::new();
    for (text, wanted) in POSITIVE {
        let got = relations(text);
        for w in *wanted {
            if !has(&got, w) {
                failures.push(format!("{text}\n  want {w}\n  got {got:?}"));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn co_occurrence_and_negation_give_nothing() {
    let mut failures = Vec::new();
    for (text, forbidden) in NEGATIVE {
        let got = relations(text);
        for g in &got {
            if forbidden.iter().any(|f| g.starts_with(&format!("{f}("))) {
                failures.push(format!("{text}\n  unexpected {g}"));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn direction_is_kept() {
    for (text, right, wrong) in DIRECTION {
        let got = relations(text);
        assert!(has(&got, right), "{text}: want {right}, got {got:?}");
        assert!(
            !has(&got, wrong),
            "{text}: wrong direction {wrong} in {got:?}"
        );
    }
}

#[test]
fn every_relation_type_has_rules_with_five_examples() {
    let rules = crate::util::pipeline().rules();
    for kind in relgraph::RelationType::all() {
        let examples: usize = rules
            .rules()
            .iter()
            .filter(|r| r.relation_type() == Some(*kind))
            .map(|r| r.examples.len())
            .sum();
        let counter: usize = rules
            .rules()
            .iter()
            .filter(|r| r.relation_type() == Some(*kind))
            .map(|r| r.counterexamples.len())
            .sum();
        assert!(examples >= 5, "{kind}: {examples} examples");
        assert!(counter >= 1, "{kind}: no counterexamples");
    }
}

/// An office no longer held is kept, marked `status=former`, and never counts as the current
/// one: before the title ("former", "then-", "ex-", "the late") or inside an apposition.
#[test]
fn former_offices_are_marked_not_dropped() {
    let cases = [
        (
            "Former Turkish President Abdullah Gül met Netanyahu.",
            "holds_office(Abdullah Gül, Turkey, role=President, status=former)",
        ),
        (
            "Then-Russian Foreign Minister Sergei Lavrov met Blinken.",
            "holds_office(Sergey Lavrov, Russia, role=Foreign Minister, status=former)",
        ),
        (
            "Ex-British Prime Minister Boris Johnson visited Kyiv.",
            "holds_office(Boris Johnson, United Kingdom, role=Prime Minister, status=former)",
        ),
        (
            "The late Iranian President Ebrahim Raisi visited Moscow.",
            "holds_office(Ebrahim Raisi, Iran, role=President, status=former)",
        ),
        (
            "Abdullah Gül, a former president of Turkey, met Netanyahu.",
            "holds_office(Abdullah Gül, Turkey, role=President, status=former)",
        ),
        (
            "Abdullah Gül, Turkey's former president, spoke.",
            "holds_office(Abdullah Gül, Turkey, role=President, status=former)",
        ),
        // A post lost in the act reported, or with its holder's death.
        (
            "Parliament removed Ukrainian President Viktor Yanukovych in 2014.",
            "holds_office(Viktor Yanukovych, Ukraine, role=President, status=former)",
        ),
        (
            "Iran's president, Ebrahim Raisi, died in a helicopter crash.",
            "holds_office(Ebrahim Raisi, Iran, role=President, status=former)",
        ),
        // Or handed on or given up in the act reported.
        (
            "Britain's outgoing Prime Minister Rishi Sunak handed power to Keir Starmer on Friday.",
            "holds_office(Rishi Sunak, United Kingdom, role=Prime Minister, status=former)",
        ),
        (
            "British Prime Minister Boris Johnson resigned on Thursday.",
            "holds_office(Boris Johnson, United Kingdom, role=Prime Minister, status=former)",
        ),
    ];
    for (text, want) in cases {
        let got = relations(text);
        assert!(has(&got, want), "{text}: {got:?}");
        let current = want.replace(", status=former", "");
        assert!(!has(&got, &current), "{text}: {got:?}");
    }
    // Handing over documents leaves the holder in office.
    let got =
        relations("Finnish Foreign Minister Pekka Haavisto handed over the ratification papers.");
    assert!(
        has(
            &got,
            "holds_office(Pekka Haavisto, Finland, role=Foreign Minister)"
        ),
        "{got:?}"
    );
    // Dismissing what a holder said leaves the holder in office.
    let got = relations("Moscow dismissed Ukrainian President Volodymyr Zelensky's peace plan.");
    assert!(
        has(
            &got,
            "holds_office(Volodymyr Zelenskyy, Ukraine, role=President)"
        ),
        "{got:?}"
    );
    let got = relations("Turkish President Recep Tayyip Erdoğan met Abdullah Gül.");
    assert!(
        has(
            &got,
            "holds_office(Recep Tayyip Erdoğan, Turkey, role=President)"
        ),
        "{got:?}"
    );
}

const SANCTIONS: &str = r#"
[[relation]]
name = "imposes_sanctions_on"
symmetric = false
description = "a imposes sanctions on b"

[[rule]]
id = "user.sanctions"
relation = "imposes_sanctions_on"
tokens = "a:ACTOR+ {aux} trigger:<impose|slap> ...{0,3}? <sanction> ( on | against ) {pre} b:ACTOR+"
examples = [
  { text = "The European Union imposed new sanctions on Russia.", expect = ["imposes_sanctions_on(European Union, Russia)"] },
  { text = "The United States slapped sanctions on Iran and Venezuela.", expect = ["imposes_sanctions_on(United States, Iran)", "imposes_sanctions_on(United States, Venezuela)"] },
]
counterexamples = ["The European Union did not impose sanctions on Russia."]
"#;

/// A rule file declares a relation type (name, symmetric or not); its relations flow through
/// every export, read back through `merge`, and score in `eval`. Bad declarations are
/// `path:line` errors.
#[test]
fn a_rule_file_declares_a_new_relation_type() {
    use crate::util::{relgraph, run_extract};
    let dir = tempfile::tempdir().unwrap();
    let rules = dir.path().join("sanctions.toml");
    std::fs::write(&rules, SANCTIONS).unwrap();
    relgraph()
        .args(["rules", "test"])
        .arg(&rules)
        .assert()
        .success();

    let input = dir.path().join("a.txt");
    std::fs::write(
        &input,
        "The European Union imposed new sanctions on Russia on Friday.\n",
    )
    .unwrap();
    let out = dir.path().join("out");
    let rules_arg = rules.to_str().unwrap();
    let formats = "json,jsonl,events,graphml,gexf,csv,dot,html";
    let run = run_extract(
        &[&input],
        &out,
        &["--rules", rules_arg, "-f", formats, "--name", "g", "-q"],
    );
    assert!(run.status.success(), "{run:?}");
    for file in [
        "g.json",
        "g.jsonl",
        "g.events.jsonl",
        "g.graphml",
        "g.gexf",
        "g.relationships.csv",
        "g.dot",
        "g.html",
    ] {
        let text = std::fs::read_to_string(out.join(file)).unwrap();
        assert!(
            text.contains("imposes_sanctions_on"),
            "{file} lacks the declared type"
        );
    }
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("g.json")).unwrap()).unwrap();
    let edge = json["edges"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["type"] == "imposes_sanctions_on")
        .unwrap();
    assert_eq!(
        (&edge["source"], &edge["target"], &edge["symmetric"]),
        (&"org:eu".into(), &"country:ru".into(), &false.into())
    );

    // Read back by a process that never saw the rule file: the graph and the stream.
    for (input, name) in [("g.json", "m1"), ("g.jsonl", "m2")] {
        relgraph()
            .args(["merge", "-f", "json", "-q", "--name", name, "-o"])
            .arg(dir.path())
            .arg(out.join(input))
            .assert()
            .success();
        let m: serde_json::Value = serde_json::from_str(
            &std::fs::read_to_string(dir.path().join(format!("{name}.json"))).unwrap(),
        )
        .unwrap();
        assert_eq!(m["edges"], json["edges"], "{input}");
    }

    // Gold may name the declared type.
    let gold = dir.path().join("gold.jsonl");
    std::fs::write(&gold, r#"{"doc": "a.txt", "entities": [{"name": "European Union", "type": "ORG"}, {"name": "Russia", "type": "COUNTRY"}], "relations": [{"type": "imposes_sanctions_on", "args": ["European Union", "Russia"]}]}
"#).unwrap();
    let eval = relgraph()
        .args(["eval", "--format", "json", "--rules", rules_arg, "--gold"])
        .arg(&gold)
        .arg(&input)
        .assert()
        .success();
    let report: serde_json::Value = serde_json::from_slice(&eval.get_output().stdout).unwrap();
    assert_eq!(
        report["by_type"]["imposes_sanctions_on"]["tp"], 1,
        "{report:#}"
    );

    for (declaration, message) in [
        (
            "[[relation]]\nname = \"talks_with\"\nsymmetric = true\n",
            "is built in",
        ),
        (
            "[[relation]]\nname = \"Sanctions On\"\nsymmetric = true\n",
            "snake_case",
        ),
        (
            "[[relation]]\nname = \"hosts\"\narity = 3\nsymmetric = false\n",
            "only binary",
        ),
        (
            "[[relation]]\nname = \"imposes_sanctions_on\"\nsymmetric = true\n\n",
            "already declared directed",
        ),
        (
            "[[rule]]\nid = \"x\"\nrelation = \"likes\"\ntokens = \"a:ACTOR <like> b:ACTOR\"\n",
            "unknown relation type",
        ),
    ] {
        let bad = dir.path().join("bad.toml");
        std::fs::write(&bad, format!("{SANCTIONS}\n{declaration}")).unwrap();
        let r = relgraph()
            .args(["rules", "test"])
            .arg(&bad)
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&r.stderr);
        assert_eq!(r.status.code(), Some(3), "{declaration}: {err}");
        assert!(
            err.contains(message) && err.contains("bad.toml:"),
            "{declaration}: {err}"
        );
    }
}

/// A rule may name a trigger in each alternative; it must fire from either one (the
/// prefilter once started rules at the first alternative's trigger only).
#[test]
fn a_rule_fires_from_the_trigger_of_any_alternative() {
    use crate::util::relgraph;
    let dir = tempfile::tempdir().unwrap();
    let rules = dir.path().join("two.toml");
    std::fs::write(
        &rules,
        r#"version = "1"

[[rule]]
id = "user.expelled_or_ordered_out"
relation = "tension_with"
tokens = "a:COUNTRY ( trigger:<expel> b:COUNTRY.adj <diplomat> | trigger:<order> b:COUNTRY.adj <troop> to leave )"
examples = [
  { text = "Russia expelled Estonian diplomats.", expect = ["tension_with(Russia, Estonia)"] },
  { text = "Niger ordered French troops to leave.", expect = ["tension_with(Niger, France)"] },
]
counterexamples = ["Niger asked French troops to stay."]
"#,
    )
    .unwrap();
    // `rules test` fails unless every example fires and no counterexample does.
    relgraph()
        .args(["rules", "test"])
        .arg(&rules)
        .assert()
        .success();
}

/// A deal an infinitive aims at is none yet; one brokered with help is.
#[test]
fn a_deal_aimed_at_is_no_agreement() {
    let got = relations("Efforts by Qatar to broker a truce between Israel and Hamas stalled.");
    assert!(
        !has(&got, "agreement_with(Israel, Hamas)") && !has(&got, "agreement_with(Hamas, Israel)"),
        "{got:?}"
    );
    let got = relations("Qatar helped to broker a truce between Israel and Hamas.");
    assert!(
        has(&got, "agreement_with(Israel, Hamas)") || has(&got, "agreement_with(Hamas, Israel)"),
        "{got:?}"
    );
}
