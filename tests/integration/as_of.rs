//! Issue 19, item 1: offices are open "as of" a snapshot, and a term that a later leader
//! snapshot gives to someone else is bounded (`end_before`): `gazetteer lookup` says so and
//! takes `--date`, and resolution by document date follows the bound.

use crate::util::run;

fn stdout(args: &[&str]) -> String {
    let o = run(args);
    assert!(
        o.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8_lossy(&o.stdout).into_owned()
}

#[test]
fn lookup_prints_bounds_and_what_was_held_on_a_date() {
    let out = stdout(&["gazetteer", "lookup", "Sheikh Hasina"]);
    assert!(
        out.contains("Prime Minister of country:bd from 2009, ended by 2024-08-08"),
        "{out}"
    );
    assert!(!out.contains("to now"), "{out}");
    let out = stdout(&["gazetteer", "lookup", "Muhammad Yunus"]);
    assert!(
        out.contains("Prime Minister of country:bd from 2024-08-08, open as of 2026-02"),
        "{out}"
    );
    let out = stdout(&["gazetteer", "lookup", "Fayez al-Sarraj"]);
    assert!(
        out.contains("Chairman of country:ly from 2016, ended by 2021"),
        "{out}"
    );

    let on = |date: &str| stdout(&["gazetteer", "lookup", "Sheikh Hasina", "--date", date]);
    assert!(on("2020-06-01").contains("on 2020-06-01: Prime Minister of country:bd"));
    let later = on("2025-06-01");
    assert!(!later.contains("on 2025-06-01: Prime Minister"), "{later}");
    assert!(later.contains("on 2025-06-01: no office"), "{later}");

    let o = run(&[
        "gazetteer",
        "lookup",
        "Sheikh Hasina",
        "--date",
        "2025-13-01",
    ]);
    assert_eq!(o.status.code(), Some(2), "a bad --date is a usage error");
}

#[test]
fn a_malformed_bound_is_fatal_and_names_the_line() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("mine.tsv");
    std::fs::write(
        &path,
        "person\trole\tof\tstart\tend\tend_before\n\
         person:sheikh-hasina\tPrime Minister\tcountry:bd\t2009\t\t2024-8\n",
    )
    .unwrap();
    let o = run(&["gazetteer", "check", path.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(3));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("mine.tsv:2:") && err.contains("`end_before`"),
        "{err}"
    );
}

#[test]
fn gazetteer_check_counts_posts_with_two_open_holders() {
    let out = stdout(&["gazetteer", "check"]);
    let line = out
        .lines()
        .find(|l| l.starts_with("open "))
        .unwrap_or_else(|| panic!("no open-holders line: {out}"));
    let n: usize = line.split_whitespace().nth(1).unwrap().parse().unwrap();
    assert!(n <= 10, "{line}");
    assert!(!out.contains("not a documented case"), "{out}");
}

/// "The Bangladeshi Prime Minister" is the named person who held the post on the document's
/// date: Sheikh Hasina in 2020; no longer in 2025, after her bound.
#[test]
fn resolution_by_document_date_follows_the_bound() {
    let text = "Sheikh Hasina and Muhammad Yunus attended the ceremony in Dhaka. \
                The Bangladeshi Prime Minister said the talks had been useful.";
    let holder = |date: &str| -> String {
        let out = stdout(&["explain", text, "--document-date", date]);
        out.lines()
            .find(|l| l.contains("mention \"Prime Minister\"") && l.contains("person:"))
            .unwrap_or_else(|| panic!("no resolved description on {date}: {out}"))
            .to_string()
    };
    let early = holder("2020-06-01");
    assert!(early.contains("person:sheikh-hasina"), "{early}");
    let late = holder("2025-06-01");
    assert!(
        late.contains("person:muhammad-yunus") && !late.contains("person:sheikh-hasina"),
        "{late}"
    );
}
