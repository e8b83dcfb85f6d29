//! The SQLite store: `extract --store` then `export --store` gives the bytes of a direct
//! extraction; re-runs are idempotent; a killed run, a newer schema and a second writer leave
//! the store as it was; Python's `sqlite3` runs the README's documented query.

use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::{Duration, Instant};

use crate::util::{relgraph, root, skip};

const INPUTS: [&str; 2] = ["tests/fixtures/seed.txt", "tests/fixtures/dated.jsonl"];

/// `extract INPUTS --store db` (plus `extra`), asserting success.
fn store_run(db: &Path, out: &Path, extra: &[&str]) {
    let o = relgraph()
        .current_dir(root())
        .arg("extract")
        .args(INPUTS)
        .arg("--store")
        .arg(db)
        .arg("-o")
        .arg(out)
        .args(["--name", "graph", "-q"])
        .args(extra)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
}

fn export(db: &Path, out: &Path, extra: &[&str]) -> std::process::Output {
    relgraph()
        .arg("export")
        .arg("--store")
        .arg(db)
        .arg("-o")
        .arg(out)
        .args(["--name", "graph", "-q"])
        .args(extra)
        .output()
        .unwrap()
}

/// Every row of every table, in key order: what "the same store contents" means.
fn dump(db: &Path) -> String {
    let conn = rusqlite::Connection::open(db).unwrap();
    let tables: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let mut out = String::new();
    for t in tables {
        let mut stmt = conn
            .prepare(&format!("SELECT * FROM {t} ORDER BY 1, 2"))
            .unwrap();
        let n = stmt.column_count();
        let mut rows = stmt.query([]).unwrap();
        while let Some(r) = rows.next().unwrap() {
            let cells: Vec<String> = (0..n)
                .map(|i| match r.get_ref(i).unwrap() {
                    rusqlite::types::ValueRef::Text(t) => {
                        format!("{:?}", String::from_utf8_lossy(t))
                    }
                    v => format!("{v:?}"),
                })
                .collect();
            out.push_str(&format!("{t}: {}\n", cells.join(" | ")));
        }
    }
    let version: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    out.push_str(&format!("user_version {version}\n"));
    out
}

#[test]
fn export_from_the_store_equals_a_direct_extraction() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("graph.db");
    let direct = dir.path().join("direct");
    let formats = "json,dot,gexf,graphml,cyjs,csv,jsonl,events";
    store_run(&db, &direct, &["-f", formats]);
    let exported = dir.path().join("exported");
    let o = export(&db, &exported, &["-f", formats]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let read = |d: &Path, f: &str| std::fs::read_to_string(d.join(f)).unwrap();
    // The graph formats, byte for byte.
    for f in [
        "graph.json",
        "graph.dot",
        "graph.gexf",
        "graph.graphml",
        "graph.cyjs",
        "graph.nodes.csv",
        "graph.relationships.csv",
    ] {
        assert_eq!(read(&direct, f), read(&exported, f), "{f}");
    }
    // The streams hold the same records, in the store's id order instead of input order
    // (and the summary does not count skipped inputs, which the store never saw).
    for f in ["graph.jsonl", "graph.events.jsonl"] {
        let sorted = |s: String| {
            let mut l: Vec<String> = s
                .lines()
                .filter(|l| !l.contains(r#""type":"summary""#))
                .map(String::from)
                .collect();
            l.sort();
            l
        };
        assert_eq!(sorted(read(&direct, f)), sorted(read(&exported, f)), "{f}");
    }
    // A date window and filters: the same as extracting with them.
    let window = [
        "--since",
        "2020-11",
        "--until",
        "2020-12",
        "--types",
        "PERSON,COUNTRY",
        "--top",
        "5",
    ];
    let direct_w = dir.path().join("direct-w");
    let o = relgraph()
        .current_dir(root())
        .arg("extract")
        .args(INPUTS)
        .arg("-o")
        .arg(&direct_w)
        .args(["--name", "graph", "-q", "-f", "json"])
        .args(window)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let exported_w = dir.path().join("exported-w");
    let mut args = vec!["-f", "json"];
    args.extend(window);
    assert!(export(&db, &exported_w, &args).status.success());
    assert_eq!(
        read(&direct_w, "graph.json"),
        read(&exported_w, "graph.json")
    );
}

#[test]
fn running_the_same_input_twice_leaves_the_same_store() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("graph.db");
    store_run(&db, dir.path(), &["-f", "json"]);
    let once = dump(&db);
    assert!(once.contains("documents: \"wire-1\""), "{once}");
    store_run(&db, dir.path(), &["-f", "json"]);
    assert_eq!(dump(&db), once);
    // A changed document replaces its stored version; the others stay.
    let changed = dir.path().join("changed.jsonl");
    std::fs::write(
        &changed,
        r#"{"id": "wire-1", "date": "2020-11-03", "text": "Greece and Cyprus held talks."}"#,
    )
    .unwrap();
    let o = relgraph()
        .arg("extract")
        .arg(&changed)
        .arg("--store")
        .arg(&db)
        .arg("-o")
        .arg(dir.path())
        .args(["-q", "-f", "json"])
        .output()
        .unwrap();
    assert!(o.status.success());
    let after = dump(&db);
    assert!(
        after.contains("Greece") && after.contains("wire-2"),
        "{after}"
    );
    assert!(
        !after.contains("Turkey and Israel held talks in Ankara"),
        "{after}"
    );
}

#[test]
fn a_store_of_a_newer_schema_is_refused_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("graph.db");
    store_run(&db, dir.path(), &["-f", "json"]);
    rusqlite::Connection::open(&db)
        .unwrap()
        .execute_batch("PRAGMA user_version = 99")
        .unwrap();
    let before = std::fs::read(&db).unwrap();
    for write in [true, false] {
        let o = if write {
            relgraph()
                .current_dir(root())
                .args(["extract", INPUTS[0], "-q", "--store"])
                .arg(&db)
                .arg("-o")
                .arg(dir.path())
                .output()
                .unwrap()
        } else {
            export(&db, dir.path(), &[])
        };
        let stderr = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(3), "{stderr}");
        assert!(
            stderr.contains("schema version 99 is newer") && stderr.contains("nothing was changed"),
            "{stderr}"
        );
        assert_eq!(std::fs::read(&db).unwrap(), before);
    }
    // Not a store at all, and no store.
    let other = dir.path().join("other.db");
    std::fs::write(
        &other,
        "not a database, just text, long enough to have a header....",
    )
    .unwrap();
    let o = export(&other, dir.path(), &[]);
    assert!(String::from_utf8_lossy(&o.stderr).contains("not a relgraph store"));
    let o = export(&dir.path().join("missing.db"), dir.path(), &[]);
    assert!(String::from_utf8_lossy(&o.stderr).contains("no such store"));
}

#[cfg(unix)]
#[test]
fn a_run_killed_mid_write_leaves_the_previous_store() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("graph.db");
    store_run(&db, dir.path(), &["-f", "json"]);
    let before = dump(&db);
    let changed = dir.path().join("changed.jsonl");
    std::fs::write(
        &changed,
        r#"{"id": "wire-1", "text": "Greece and Cyprus held talks."}
{"id": "new-1", "text": "Egypt brokered a ceasefire between Israel and Hamas."}"#,
    )
    .unwrap();
    let out = dir.path().join("out");
    std::fs::create_dir_all(&out).unwrap();
    // Every document is in the store's open transaction by the time the output files are
    // staged; the test hook holds the run there.
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("relgraph"))
        .arg("extract")
        .arg(&changed)
        .arg("--store")
        .arg(&db)
        .arg("-o")
        .arg(&out)
        .env("RELGRAPH_TEST_PAUSE_BEFORE_RENAME_MS", "20000")
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let start = Instant::now();
    let staged = |d: &Path| {
        std::fs::read_dir(d)
            .unwrap()
            .flatten()
            .any(|e| e.file_name().to_string_lossy().starts_with(".relgraph-"))
    };
    while !staged(&out) {
        assert!(
            start.elapsed() < Duration::from_secs(60),
            "no staged output"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    // SIGKILL: no handler runs, nothing is rolled back by the process itself.
    child.kill().unwrap();
    child.wait().unwrap();
    assert_eq!(dump(&db), before);
    // And the store is still writable.
    store_run(&db, dir.path(), &["-f", "json"]);
    assert_eq!(dump(&db), before);
}

#[test]
fn a_second_writer_is_refused_with_a_clear_message() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("graph.db");
    store_run(&db, dir.path(), &["-f", "json"]);
    let before = dump(&db);
    // Another writer holds the store's write lock.
    let holder = rusqlite::Connection::open(&db).unwrap();
    holder.execute_batch("BEGIN IMMEDIATE").unwrap();
    let started = Instant::now();
    let o = relgraph()
        .current_dir(root())
        .args(["extract", INPUTS[0], "-q", "--store"])
        .arg(&db)
        .arg("-o")
        .arg(dir.path())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(3), "{stderr}");
    assert!(stderr.contains("another relgraph is writing"), "{stderr}");
    assert!(
        started.elapsed() >= Duration::from_secs(4),
        "it waited first"
    );
    // Reading is not blocked by a writer.
    assert!(export(&db, &dir.path().join("e"), &["-f", "json"])
        .status
        .success());
    holder.execute_batch("ROLLBACK").unwrap();
    drop(holder);
    assert_eq!(dump(&db), before);
}

/// A Python with `sqlite3`: `$RELGRAPH_PYTHON`, `.venv/bin/python`, or `python3`.
fn python() -> Option<PathBuf> {
    let candidates = std::env::var_os("RELGRAPH_PYTHON")
        .map(PathBuf::from)
        .into_iter()
        .chain([root().join(".venv/bin/python"), PathBuf::from("python3")]);
    for p in candidates {
        let ok = std::process::Command::new(&p)
            .args(["-c", "import sqlite3"])
            .output()
            .is_ok_and(|o| o.status.success());
        if ok {
            return Some(p);
        }
    }
    skip("no Python with sqlite3 (RELGRAPH_PYTHON, .venv/bin/python or python3)")
}

/// The README's documented query (the SQL block after "The 10 edges with the most evidence
/// in a month").
fn documented_query() -> String {
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    let start = readme
        .find("-- The 10 edges with the most evidence in a month")
        .expect("the documented query in the README");
    let end = readme[start..].find("```").unwrap();
    readme[start..start + end].to_string()
}

#[test]
fn python_sqlite3_runs_the_documented_query() {
    let Some(python) = python() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("graph.db");
    store_run(&db, dir.path(), &["-f", "json"]);
    let script = r#"
import json, sqlite3, sys
db, query, month = sys.argv[1], sys.argv[2], sys.argv[3]
con = sqlite3.connect(db)
rows = con.execute(query, {"month": month}).fetchall()
print(json.dumps([list(r) for r in rows]))
"#;
    let out = std::process::Command::new(&python)
        .args(["-c", script])
        .arg(&db)
        .arg(documented_query())
        .arg("2020-12")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let rows: Vec<(String, String, String, u64)> = serde_json::from_slice(&out.stdout).unwrap();
    // The same counts as the JSON graph's evidence per month.
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.path().join("graph.json")).unwrap())
            .unwrap();
    let mut want: Vec<(String, String, String, u64)> = json["edges"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|e| {
            let n = e["months"]["2020-12"].as_u64()?;
            Some((
                e["source"].as_str()?.to_string(),
                e["type"].as_str()?.to_string(),
                e["target"].as_str()?.to_string(),
                n,
            ))
        })
        .collect();
    want.sort_by(|a, b| {
        b.3.cmp(&a.3)
            .then_with(|| (&a.0, &a.1, &a.2).cmp(&(&b.0, &b.1, &b.2)))
    });
    want.truncate(10);
    assert!(!want.is_empty());
    assert_eq!(rows, want);
}
