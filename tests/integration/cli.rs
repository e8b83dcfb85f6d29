//! The command line as a user meets it: inputs, errors, exit codes, atomic outputs.

use std::fs;

use crate::util::{fixture, relgraph, root, run, run_extract};

fn stderr(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn help_documents_commands_and_exit_codes() {
    let o = run(&["--help"]);
    assert!(o.status.success());
    let help = String::from_utf8_lossy(&o.stdout);
    for word in [
        "extract",
        "explain",
        "rules",
        "gazetteer",
        "EXIT CODES",
        "--help",
    ] {
        assert!(help.contains(word), "{word} missing from --help");
    }
    let o = run(&["extract", "--help"]);
    let help = String::from_utf8_lossy(&o.stdout);
    for flag in [
        "--format",
        "--output",
        "--gazetteer",
        "--no-default-gazetteers",
        "--rules",
        "--document-date",
    ] {
        assert!(help.contains(flag), "{flag} missing from extract --help");
    }
}

#[test]
fn missing_input_is_fatal_and_named() {
    let dir = tempfile::tempdir().unwrap();
    let o = run(&[
        "extract",
        "no/such/file.txt",
        "-o",
        dir.path().to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(3));
    assert!(stderr(&o).contains("no/such/file.txt"), "{}", stderr(&o));
    assert_eq!(
        fs::read_dir(dir.path()).unwrap().count(),
        0,
        "nothing written"
    );
}

#[test]
fn invalid_utf8_input_is_reported_and_the_rest_processed() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.txt");
    fs::write(&bad, b"Turkey and\n Israel \xff\xfe signed a deal.").unwrap();
    let good = dir.path().join("good.txt");
    fs::write(&good, "Turkey and Israel signed a peace deal.").unwrap();
    let out = dir.path().join("out");
    let o = relgraph()
        .args(["extract"])
        .arg(&bad)
        .arg(&good)
        .arg("-o")
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(
        err.contains("bad.txt:2") && err.contains("invalid UTF-8"),
        "{err}"
    );
    let json: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(out.join("graph.json")).unwrap()).unwrap();
    assert_eq!(json["graph"]["documents"].as_array().unwrap().len(), 1);
    assert_eq!(json["edges"][0]["type"], "agreement_with");
}

#[test]
fn empty_whitespace_and_binary_inputs_do_not_panic() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("empty.txt"), "").unwrap();
    fs::write(dir.path().join("blank.txt"), " \n\t\n").unwrap();
    let o = relgraph()
        .arg("extract")
        .arg(dir.path().join("empty.txt"))
        .arg(dir.path().join("blank.txt"))
        .arg("-o")
        .arg(dir.path().join("out"))
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    fs::write(dir.path().join("bin.txt"), b"PK\x03\x04\x00\x00binary").unwrap();
    let o = relgraph()
        .arg("extract")
        .arg(dir.path().join("bin.txt"))
        .arg(dir.path().join("empty.txt"))
        .arg("-o")
        .arg(dir.path().join("out"))
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1));
    // Known by its first bytes: a ZIP archive, refused by name.
    assert!(
        stderr(&o).contains("bin.txt: a ZIP archive; decompress it first"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn malformed_gazetteer_names_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    let g = dir.path().join("mine.tsv");
    fs::write(&g, "# my list\nid\ttype\tname\taliases\norg:acme\tORG\tAcme\tAcme Corp\norg:bad\tBANK\tBad\t\n").unwrap();
    let o = relgraph()
        .args(["extract", "tests/fixtures/seed.txt", "-o"])
        .arg(dir.path().join("out"))
        .arg("--gazetteer")
        .arg(&g)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(3));
    let err = stderr(&o);
    assert!(
        err.contains("mine.tsv:4:") && err.contains("unknown entity type"),
        "{err}"
    );
    assert!(
        !dir.path().join("out").exists(),
        "no output on a fatal error"
    );
}

#[test]
fn malformed_rules_name_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    let r = dir.path().join("rules.toml");
    for (body, needle) in [
        ("[[rule]]\nid = \"x\"\nrelation = \"likes\"\ntokens = 'a:ACTOR <like> b:ACTOR'\n", "unknown relation type"),
        ("\n[[rule]]\nid = \"x\"\nrelation = \"supports\"\ntokens = 'supporter:ACTOR ( <back> supported:ACTOR'\n", "not closed"),
        ("[[rule]]\nid = \"x\"\nrelation = \"supports\"\ntokens = 'supporter:BANK <back> supported:ACTOR'\n", "unknown item \"BANK\""),
        ("[[rule]]\nid = \"x\"\nrelation = \"supports\"\ntokens = '<back>'\n", "captures supporter + supported"),
        ("[[rule]]\nid = \"x\"\nrelation = \"supports\"\ntokens = 'supporter:ACTOR? trigger:<back>? supported:ACTOR?'\n", "empty sequence"),
        ("[[rule]]\nid = \"x\"\nrelation = \"supports\"\ntokens = 'supporter:ACTOR @likes.verb supported:ACTOR'\n", "unknown relation type"),
        ("[[rule]]\nid = \"x\"\nrelation = \"supports\"\npattern = '{supporter:ACTOR} backs {supported:ACTOR}'\n", "regex patterns were replaced by token patterns"),
    ] {
        fs::write(&r, body).unwrap();
        let o = relgraph()
            .args(["extract", "tests/fixtures/seed.txt", "-o"])
            .arg(dir.path().join("out"))
            .arg("--rules")
            .arg(&r)
            .output()
            .unwrap();
        assert_eq!(o.status.code(), Some(3));
        let err = stderr(&o);
        let line = if body.starts_with('\n') { ":2:" } else { ":1:" };
        assert!(err.contains(&format!("rules.toml{line}")) && err.contains(needle), "{err}");
    }
}

/// A user's rule that captures its arguments around a word and a gap runs on the text, and a
/// match that gives no relation (a self-relation) is no panic.
#[test]
fn a_user_token_rule_runs_alone() {
    let dir = tempfile::tempdir().unwrap();
    let r = dir.path().join("mine.toml");
    let rule = r#"[[rule]]
id = "mine"
relation = "talks_with"
tokens = "a:ACTOR trigger:<meet> ...{0,2}? b:ACTOR"
"#;
    fs::write(&r, rule).unwrap();
    let o = relgraph()
        .args([
            "extract",
            "-",
            "--no-default-rules",
            "-f",
            "json",
            "-q",
            "-o",
        ])
        .arg(dir.path().join("out"))
        .arg("--rules")
        .arg(&r)
        .write_stdin("Erdogan met Putin in Sochi. Erdogan met Erdogan again.")
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    let out = fs::read(dir.path().join("out/stdin.json")).unwrap();
    let graph: serde_json::Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(graph["edges"].as_array().map(Vec::len), Some(1), "{graph}");
}

#[test]
fn outputs_are_deterministic_and_named_after_the_input() {
    let dir = tempfile::tempdir().unwrap();
    for sub in ["a", "b"] {
        let o = relgraph()
            .args(["extract", "tests/fixtures/seed.txt", "-q", "-o"])
            .arg(dir.path().join(sub))
            .output()
            .unwrap();
        assert!(o.status.success());
        assert!(o.stderr.is_empty(), "--quiet prints nothing");
    }
    for f in ["seed.json", "seed.dot"] {
        assert_eq!(
            fs::read(dir.path().join("a").join(f)).unwrap(),
            fs::read(dir.path().join("b").join(f)).unwrap(),
            "{f} differs between runs"
        );
    }
}

#[test]
fn failed_write_keeps_the_previous_output_and_leaves_no_temp_files() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    fs::create_dir_all(out.join("seed.json")).unwrap(); // a folder where the JSON should go
    fs::write(out.join("seed.dot"), "previous").unwrap();
    let o = relgraph()
        .args(["extract", "tests/fixtures/seed.txt", "-o"])
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(3));
    assert!(stderr(&o).contains("seed.json"), "{}", stderr(&o));
    let names: Vec<String> = fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(
        names.iter().all(|n| !n.ends_with(".tmp")),
        "temp litter: {names:?}"
    );
}

#[test]
fn output_folder_that_is_a_file_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("file");
    fs::write(&f, "x").unwrap();
    let o = relgraph()
        .args(["extract", "tests/fixtures/seed.txt", "-o"])
        .arg(&f)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(3));
    assert_eq!(fs::read_to_string(&f).unwrap(), "x");
}

#[test]
fn stdin_folders_and_jsonl() {
    let dir = tempfile::tempdir().unwrap();
    let o = relgraph()
        .args(["extract", "-", "-o"])
        .arg(dir.path())
        .write_stdin("Finland joined NATO in 2023.")
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    let json = fs::read_to_string(dir.path().join("stdin.json")).unwrap();
    assert!(json.contains("\"member_of\""));

    let corpus = dir.path().join("corpus");
    fs::create_dir_all(corpus.join("nested")).unwrap();
    fs::write(corpus.join("a.txt"), "Russia invaded Ukraine.").unwrap();
    fs::write(
        corpus.join("nested/b.txt"),
        "Egypt brokered a truce between Israel and Hamas.",
    )
    .unwrap();
    fs::write(corpus.join("skip.bin"), "Russia invaded Georgia.").unwrap();
    fs::write(
        corpus.join("c.jsonl"),
        "{\"id\":\"n1\",\"text\":\"Qatar funds Hamas.\",\"url\":\"https://example.org\"}\nnot json\n",
    )
    .unwrap();
    let o = run_extract(&[&corpus], dir.path(), &[]);
    assert_eq!(
        o.status.code(),
        Some(1),
        "a malformed JSON Lines record is reported"
    );
    assert!(stderr(&o).contains("c.jsonl:2"), "{}", stderr(&o));
    let json: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(dir.path().join("corpus.json")).unwrap()).unwrap();
    let docs: Vec<&str> = json["graph"]["documents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["id"].as_str().unwrap())
        .collect();
    assert_eq!(docs.len(), 3, "{docs:?}");
    assert!(docs.contains(&"n1"));
    let types: Vec<&str> = json["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["type"].as_str().unwrap())
        .collect();
    for t in ["in_conflict_with", "mediates_between", "supports"] {
        assert!(types.contains(&t), "{t} in {types:?}");
    }
    assert!(
        !json.to_string().contains("Georgia"),
        "non-text files in folders are skipped"
    );
}

#[test]
fn bad_flag_values_are_usage_errors() {
    let o = run(&[
        "extract",
        "tests/fixtures/seed.txt",
        "--document-date",
        "yesterday",
    ]);
    assert_eq!(o.status.code(), Some(2));
    let o = run(&["extract", "tests/fixtures/seed.txt", "--format", "pdf"]);
    assert_eq!(o.status.code(), Some(2));
    let o = run(&["extract", "tests/fixtures/seed.txt", "--name", "../escape"]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn rules_test_command_checks_examples() {
    let o = run(&["rules", "test"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stdout));
    let dir = tempfile::tempdir().unwrap();
    let r = dir.path().join("mine.toml");
    fs::write(
        &r,
        r#"[[rule]]
id = "mine.praised"
relation = "supports"
tokens = "supporter:ACTOR trigger:<praise> supported:ACTOR"
examples = [{ text = "Turkey praised Azerbaijan.", expect = ["supports(Turkey, Azerbaijan)"] },
            { text = "Turkey lauded Azerbaijan.", expect = ["supports(Turkey, Azerbaijan)"] }]
counterexamples = ["Turkey did not praise Azerbaijan."]
"#,
    )
    .unwrap();
    let o = relgraph().args(["rules", "test"]).arg(&r).output().unwrap();
    assert_eq!(o.status.code(), Some(3));
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(
        out.contains("FAIL mine.praised") && out.contains("lauded") && out.contains("1 failed"),
        "{out}"
    );
}

#[test]
fn gazetteer_check_reports_counts() {
    let o = run(&["gazetteer", "check"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(out.contains("COUNTRY") && out.ends_with("ok\n"), "{out}");
    let _ = (fixture("seed.txt"), root());
}

#[test]
fn explain_shows_resolution_and_rules() {
    let o = run(&[
        "explain",
        "Azeri President Ilham Aliyev met Erdogan. Aliyev smiled.",
    ]);
    assert!(o.status.success());
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(
        out.contains("\"Azeri\"") && out.contains("demonym") && out.contains("country:az"),
        "{out}"
    );
    assert!(out.contains("office.adjective_title_name"), "{out}");
    assert!(out.contains("[surname]"), "{out}");
}

#[test]
fn explain_shows_references_and_their_antecedents() {
    let o = run(&[
        "explain",
        "Ilham Aliyev arrived in Ankara. He met Recep Tayyip Erdoğan. Turkey and Azerbaijan \
         signed a deal. The two countries then met Armenia. Ankara said it was ready.",
    ]);
    assert!(o.status.success());
    let out = String::from_utf8_lossy(&o.stdout);
    for want in [
        r#"mention "He" [32..34] as pronoun → PERSON person:ilham-aliyev (Ilham Aliyev), antecedent "Ilham Aliyev" [0..12] [antecedent]"#,
        r#"mention "The two countries" [99..116] as description → COUNTRY country:tr (Turkey), antecedent "Turkey" [62..68]"#,
        r#"mention "Ankara" [135..141] as capital → COUNTRY country:tr (Turkey), a capital or seat of government acting for country:tr [metonymy]"#,
        // The rules read the group as the coordination it stands for.
        "tokens: ⟨COUNTRY:x⟩ and[CONJ] ⟨COUNTRY:x⟩ then[ADV] met/meet@talks_with.verb ⟨COUNTRY:armenia⟩ .",
    ] {
        assert!(out.contains(want), "{want}\n{out}");
    }
    // "talks in Ankara" stays the city.
    assert!(
        out.contains(r#"mention "Ankara" [24..30] as name → LOCATION loc:ankara"#),
        "{out}"
    );
}

#[test]
fn explain_shows_aliases_and_rules_that_nearly_fired() {
    let o = crate::util::run(&[
        "explain",
        "Turkey refused to mediate between Russia and Ukraine. Azerbaijan will talk about Israel.",
    ]);
    assert!(o.status.success());
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(
        out.contains(r#"alias "Turkey" of gazetteer entry country:tr"#),
        "{out}"
    );
    assert!(
        out.contains(
            "nearly: rule mediates.verb_between matched tokens 1..8 but was cancelled by negation"
        ),
        "{out}"
    );
    // "talk about Israel": the rule's trigger is here, and the diagnosis names where it stopped.
    assert!(
        out.contains("nearly: rule talks.spoke_with stopped at"),
        "{out}"
    );
}

#[test]
fn color_honours_flag_and_no_color() {
    let args = [
        "extract",
        "/nonexistent/input.txt",
        "-o",
        "/tmp/relgraph-none",
    ];
    let plain = crate::util::relgraph().args(args).output().unwrap();
    assert!(String::from_utf8_lossy(&plain.stderr).contains("relgraph: error: "));
    let always = crate::util::relgraph()
        .args(args)
        .arg("--color=always")
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&always.stderr).contains("\u{1b}["));
    let no_color = crate::util::relgraph()
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    assert!(!String::from_utf8_lossy(&no_color.stderr).contains("\u{1b}["));
}

#[test]
fn gazetteer_lookup_and_shared_aliases() {
    let o = run(&["gazetteer", "lookup", "Erdogan"]);
    assert!(o.status.success());
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(
        out.contains("person:recep-tayyip-erdogan") && out.contains("unique"),
        "{out}"
    );
    let o = run(&["gazetteer", "lookup", "Aliyev"]);
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(
        out.contains("person:ilham-aliyev") && out.contains("surname"),
        "{out}"
    );
    let o = run(&["gazetteer", "lookup", "Nobody Atall"]);
    assert_eq!(o.status.code(), Some(1));
    let o = run(&["gazetteer", "check"]);
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(
        out.contains("shared") && out.contains("resolved by document context"),
        "{out}"
    );
}

#[test]
fn summary_line_counts_in_words_and_leaves_out_a_rate_for_small_inputs() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("one.txt");
    fs::write(&input, "Turkey and Israel held talks in Ankara.\n").unwrap();
    let o = run_extract(&[&input], &dir.path().join("out"), &["-f", "json"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let line = stderr(&o);
    assert!(
        line.contains(
            "relgraph: 1 document, 3 entities, 1 relation, 0 unresolved, 0 skipped inputs;"
        ),
        "{line}"
    );
    assert!(!line.contains("MB/s"), "{line}");
}

#[test]
fn stdout_with_more_than_one_format_is_a_usage_error() {
    for command in [
        &["extract", "tests/fixtures/seed.txt"][..],
        &["merge", "output/seed.json"][..],
    ] {
        for formats in ["json,dot", "jsonl"] {
            let o = relgraph()
                .args(command)
                .args(["-o", "-", "-f", formats])
                .output()
                .unwrap();
            assert_eq!(
                o.status.code(),
                Some(2),
                "{command:?} -f {formats}: {}",
                stderr(&o)
            );
            assert!(o.stdout.is_empty());
            assert!(stderr(&o).contains("stdout"), "{}", stderr(&o));
        }
    }
}

#[test]
fn merge_arguments_that_cannot_work_together_are_usage_errors() {
    let dir = tempfile::tempdir().unwrap();
    for args in [
        &["merge", "-", "-", "-o"][..],
        &["merge", "output/seed.json", "-f", "jsonl", "-o"][..],
    ] {
        let o = relgraph().args(args).arg(dir.path()).output().unwrap();
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", stderr(&o));
        assert!(stderr(&o).contains("error"), "{}", stderr(&o));
        // Nothing was written.
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
    }
}
