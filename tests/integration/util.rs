//! Helpers shared by the integration tests.

use std::path::PathBuf;
use std::process::Output;
use std::sync::OnceLock;

use assert_cmd::Command;
use relgraph::Pipeline;
use serde_json::Value;

/// The repository root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A fixture path.
pub fn fixture(name: &str) -> PathBuf {
    root().join("tests/fixtures").join(name)
}

/// The `relgraph` binary, run from the repository root.
pub fn relgraph() -> Command {
    let mut c = Command::cargo_bin("relgraph").expect("binary built");
    c.current_dir(root()).env_remove("NO_COLOR");
    c
}

/// Runs the binary with `args`, returning its output.
pub fn run(args: &[&str]) -> Output {
    relgraph().args(args).output().expect("runs")
}

/// One pipeline with the default lists, shared by the library-level tests.
pub fn pipeline() -> &'static Pipeline {
    static P: OnceLock<Pipeline> = OnceLock::new();
    P.get_or_init(|| Pipeline::builder().build().expect("defaults load"))
}

/// Runs `extract` on `input` (relative to the repository root, so document ids are stable)
/// into a fresh temporary folder and returns (folder, parsed JSON).
pub fn extract_json(input: &str, extra: &[&str]) -> (tempfile::TempDir, Value) {
    let dir = extract_into(input, extra);
    let json = std::fs::read_to_string(dir.path().join("graph.json")).unwrap();
    (dir, serde_json::from_str(&json).unwrap())
}

/// Relations of a text as `type(Arg, Arg[, role=R])` strings (the rule-example notation).
pub fn relations(text: &str) -> Vec<String> {
    let r = pipeline().process(&relgraph::Document::new("t", text));
    r.relations
        .iter()
        .map(|r| relgraph::pipeline::describe(&r))
        .collect()
}

/// Whether `got` holds `want`, comparing symmetric relations without order.
pub fn has(got: &[String], want: &str) -> bool {
    let w = relgraph::relate::ExpectedRelation::parse(want).expect("valid expectation");
    got.iter().any(|g| {
        let e = relgraph::relate::ExpectedRelation::parse(g).expect("valid description");
        let names: Vec<&str> = e.args.iter().map(String::as_str).collect();
        w.matches(e.kind, &names, e.role.as_deref(), e.former)
    })
}

/// Runs `extract` on `text` (written to `in.txt`) with an extra gazetteer given as TSV, in a
/// fresh folder that also receives the outputs; returns (folder, parsed `in.json`).
pub fn extract_text_with_gazetteer(text: &str, gazetteer_tsv: &str) -> (tempfile::TempDir, Value) {
    let dir = tempfile::tempdir().unwrap();
    let g = dir.path().join("g.tsv");
    std::fs::write(&g, gazetteer_tsv).unwrap();
    let input = dir.path().join("in.txt");
    std::fs::write(&input, text).unwrap();
    let o = relgraph()
        .arg("extract")
        .arg(&input)
        .arg("-g")
        .arg(&g)
        .arg("-o")
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let json = std::fs::read_to_string(dir.path().join("in.json")).unwrap();
    (dir, serde_json::from_str(&json).unwrap())
}

/// A JSON array of strings as `&str`s.
pub fn strs(v: &Value) -> Vec<&str> {
    v.as_array()
        .expect("an array")
        .iter()
        .map(|x| x.as_str().expect("a string"))
        .collect()
}

/// Whether the tests must run every external consumer (set by `.ci/run`, which installs them):
/// then a missing tool fails the test instead of skipping it.
pub fn tools_required() -> bool {
    std::env::var_os("RELGRAPH_REQUIRE_TOOLS").is_some_and(|v| !v.is_empty() && v != "0")
}

/// Says in the test output that a check did not run, and why: `skipped: TEST: reason`. Written
/// to the process's stderr, past the test harness's capture, so it shows in every run, passing
/// or failing, with or without `--nocapture`.
pub fn skipped(reason: &str) {
    use std::io::Write;
    let thread = std::thread::current();
    let test = thread.name().unwrap_or("test");
    let _ = writeln!(std::io::stderr().lock(), "skipped: {test}: {reason}");
}

/// Skips (says so, see [`skipped`], and returns `None`) or, under `RELGRAPH_REQUIRE_TOOLS`,
/// fails: for checks that need a tool the machine may not have.
pub fn skip<T>(what: &str) -> Option<T> {
    if tools_required() {
        panic!("{what} (RELGRAPH_REQUIRE_TOOLS is set, so this check must run)");
    }
    skipped(what);
    None
}

/// Whether `cmd arg` runs; if not, the check that needs it is skipped (see [`skip`]) with
/// `what` as the reason.
pub fn need(cmd: &str, arg: &str, what: &str) -> bool {
    have(cmd, arg) || skip::<()>(what).is_some()
}

/// Whether `cmd arg` runs successfully.
pub fn have(cmd: &str, arg: &str) -> bool {
    std::process::Command::new(cmd)
        .arg(arg)
        .output()
        .is_ok_and(|o| o.status.success())
}

/// A Python with networkx `version` (`"3.3"`, `"3.4"`, `"3.6"`): `$RELGRAPH_PYTHON_NX33`,
/// `$RELGRAPH_PYTHON_NX34` or `$RELGRAPH_PYTHON` (3.6), else `.venv-nx33`, `.venv-nx34` or
/// `.venv` in the repository (what `.ci/run` creates).
pub fn networkx_python(version: &str) -> Option<PathBuf> {
    let (var, venv) = match version {
        "3.3" => ("RELGRAPH_PYTHON_NX33", ".venv-nx33"),
        "3.4" => ("RELGRAPH_PYTHON_NX34", ".venv-nx34"),
        _ => ("RELGRAPH_PYTHON", ".venv"),
    };
    let candidates = std::env::var_os(var)
        .map(PathBuf::from)
        .into_iter()
        .chain([root().join(venv).join("bin/python")]);
    for python in candidates {
        let ok = std::process::Command::new(&python)
            .args(["-c", "import networkx, sys; print(networkx.__version__)"])
            .output()
            .is_ok_and(|o| {
                o.status.success() && String::from_utf8_lossy(&o.stdout).starts_with(version)
            });
        if ok {
            return Some(python);
        }
    }
    skip(&format!(
        "no Python with networkx {version} ({var} or {venv}/)"
    ))
}

/// `node` with the packages of `tests/js` installed (`npm ci` there), or `None` (skipped).
pub fn node_with(package: &str) -> Option<PathBuf> {
    if have("node", "--version") && root().join("tests/js/node_modules").join(package).is_dir() {
        Some(PathBuf::from("node"))
    } else {
        skip(&format!(
            "node with the npm package {package} (run `npm ci` in tests/js)"
        ))
    }
}

/// Runs `extract` on `input` with `extra` arguments into a fresh folder (output name `graph`).
pub fn extract_into(input: &str, extra: &[&str]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let out = relgraph()
        .arg("extract")
        .arg(input)
        .arg("-o")
        .arg(dir.path())
        .args(["--name", "graph", "--quiet"])
        .args(extra)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "extract failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    dir
}

/// Runs a command and returns its stdout, failing the test with its stderr otherwise.
pub fn output_of(cmd: &mut std::process::Command) -> String {
    let out = cmd.output().expect("runs");
    assert!(
        out.status.success(),
        "{cmd:?} failed: {}{}",
        String::from_utf8_lossy(&out.stderr),
        String::from_utf8_lossy(&out.stdout)
    );
    String::from_utf8(out.stdout).expect("UTF-8 output")
}

/// Runs `extract` on `inputs` into `out` with `extra` arguments and returns the output,
/// whatever the exit status.
pub fn run_extract(
    inputs: &[&std::path::Path],
    out: &std::path::Path,
    extra: &[&str],
) -> std::process::Output {
    relgraph()
        .arg("extract")
        .args(inputs)
        .arg("-o")
        .arg(out)
        .args(extra)
        .output()
        .unwrap()
}

/// The installed Graphviz version line (`dot - graphviz version 2.43.0 (0)`) of the program
/// relgraph renders with (`$RELGRAPH_DOT`, else `dot`), or `None` when it cannot be run.
pub fn graphviz_version() -> Option<String> {
    let dot = std::env::var("RELGRAPH_DOT").unwrap_or_else(|_| "dot".to_string());
    let out = std::process::Command::new(dot).arg("-V").output().ok()?;
    let text = String::from_utf8_lossy(&out.stderr).trim().to_string();
    out.status.success().then_some(text)
}
