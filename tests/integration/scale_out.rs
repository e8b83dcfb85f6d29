//! The scale-out recipes, run for real: Apache Spark (`RDD.pipe` over JSON Lines, `local[2]`)
//! and GNU parallel, each compared byte for byte with one process over the whole corpus.
//! Skipped, with a notice, when PySpark/Java or GNU parallel are not installed; `.ci/run`
//! installs them and sets `RELGRAPH_SPARK_PYTHON`.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::util::root;

fn corpus(dir: &Path, bad_line: bool) -> PathBuf {
    let texts = [
        "Azerbaijan seeks to mediate between Turkey and Israel.",
        "Turkish President Recep Tayyip Erdoğan spoke by phone with Azeri President Ilham Aliyev.",
        "Israel and Iran remain in conflict, officials in Jerusalem said.",
        "Russia and Ukraine held talks in Istanbul on Tuesday.",
        "The weather was mild in Baku.",
        "Egypt and Qatar brokered a truce between Israel and Hamas.",
    ];
    let mut lines: Vec<String> = (0..90)
        .map(|i| {
            let t: Vec<&str> = (0..4).map(|k| texts[(i * 5 + k) % texts.len()]).collect();
            serde_json::json!({"id": format!("s{i:03}"), "text": t.join(" "), "date": "2022-03-01"})
                .to_string()
        })
        .collect();
    if bad_line {
        lines.insert(45, "{\"id\": \"broken\", \"text\": ".into());
    }
    let p = dir.join(if bad_line {
        "bad.jsonl"
    } else {
        "corpus.jsonl"
    });
    fs::write(&p, lines.join("\n") + "\n").unwrap();
    p
}

fn bin() -> &'static str {
    env!("CARGO_BIN_EXE_relgraph")
}

fn single_run(dir: &Path, input: &Path) -> PathBuf {
    let out = dir.join("single");
    let o = Command::new(bin())
        .arg("extract")
        .arg(input)
        .args(["-f", "json,dot", "--name", "corpus", "-q", "-o"])
        .arg(&out)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    out
}

fn same_outputs(a: &Path, b: &Path) {
    for f in ["corpus.json", "corpus.dot"] {
        let (x, y) = (fs::read(a.join(f)).unwrap(), fs::read(b.join(f)).unwrap());
        assert!(
            x == y,
            "{f} differs between {} and {}",
            a.display(),
            b.display()
        );
    }
}

fn spark_python() -> Option<String> {
    let python = std::env::var("RELGRAPH_SPARK_PYTHON").unwrap_or_else(|_| "python3".into());
    let ok = Command::new(&python)
        .args(["-c", "import pyspark"])
        .output()
        .is_ok_and(|o| o.status.success())
        && Command::new("java")
            .arg("-version")
            .output()
            .is_ok_and(|o| o.status.success());
    ok.then_some(python)
}

fn spark(python: &str, input: &Path, out: &Path) -> std::process::Output {
    Command::new(python)
        .arg(root().join("scripts/spark_relgraph.py"))
        .arg(input)
        .arg("-o")
        .arg(out)
        .args([
            "--relgraph",
            bin(),
            "--master",
            "local[2]",
            "--partitions",
            "3",
        ])
        .args(["--name", "corpus", "--format", "json,dot"])
        .env("SPARK_LOCAL_IP", "127.0.0.1")
        .env("PYSPARK_PYTHON", python)
        .output()
        .unwrap()
}

#[test]
fn spark_pipe_then_merge_equals_one_process() {
    let Some(python) = spark_python() else {
        if std::env::var_os("RELGRAPH_SPARK_PYTHON").is_some() {
            panic!("RELGRAPH_SPARK_PYTHON is set but pyspark or java is missing");
        }
        // Not `skip`: CI runs without Java when the machine has none (`.ci/run` says so).
        crate::util::skipped(
            "pyspark or java not found (set RELGRAPH_SPARK_PYTHON to a Python with pyspark)",
        );
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let input = corpus(dir.path(), false);
    let single = single_run(dir.path(), &input);
    let out = dir.path().join("spark");
    let o = spark(&python, &input, &out);
    assert!(
        o.status.success(),
        "spark job failed: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    same_outputs(&single, &out);

    // A record relgraph cannot read fails its task (exit status 1, checkCode=True), and so
    // the job: nothing is written.
    let bad = corpus(dir.path(), true);
    let out = dir.path().join("spark-bad");
    let o = spark(&python, &bad, &out);
    assert!(!o.status.success(), "a bad record must fail the Spark job");
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("-:") && err.contains("not a JSON object"),
        "the task's error names the record: {err}"
    );
    assert!(!out.join("corpus.json").exists());
}

#[test]
fn gnu_parallel_shards_then_merge_equals_one_process() {
    if !crate::util::need("parallel", "--version", "GNU parallel is not installed") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let input = corpus(dir.path(), false);
    let single = single_run(dir.path(), &input);
    let out = dir.path().join("par");
    let o = Command::new(root().join("scripts/parallel_relgraph.sh"))
        .arg(&input)
        .arg(&out)
        .arg("3")
        .env("RELGRAPH", bin())
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    // parallel_relgraph.sh writes dot and json named after the input.
    same_outputs(&single, &out);
}
