//! Hostile and broken conditions: interruption mid-write, a full disk, malformed lists and
//! rules given through the CLI. Each case checks the exit code, the message and that previous
//! outputs survive without temporary litter.

use std::fs;
use std::path::Path;
use std::process::Stdio;
use std::time::{Duration, Instant};

use crate::util::{extract_text_with_gazetteer, relgraph, run_extract, strs};

fn litter(dir: &Path) -> Vec<String> {
    fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".tmp"))
        .collect()
}

fn previous_outputs(dir: &Path) {
    fs::create_dir_all(dir).unwrap();
    fs::write(dir.join("seed.json"), "previous json").unwrap();
    fs::write(dir.join("seed.dot"), "previous dot").unwrap();
}

#[cfg(unix)]
fn interrupt_mid_write(signal: i32) {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    previous_outputs(&out);
    let bin = assert_cmd::cargo::cargo_bin("relgraph");
    let mut child = std::process::Command::new(bin)
        .current_dir(crate::util::root())
        .args(["extract", "tests/fixtures/seed.txt", "-o"])
        .arg(&out)
        .env("RELGRAPH_TEST_PAUSE_BEFORE_RENAME_MS", "20000")
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let start = Instant::now();
    while litter(&out).is_empty() {
        assert!(
            start.elapsed() < Duration::from_secs(60),
            "no temporary file appeared"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    // SAFETY: sending a signal to our own child process.
    unsafe {
        libc::kill(child.id() as i32, signal);
    }
    let status = child.wait().unwrap();
    assert_eq!(status.code(), Some(130));
    assert!(
        litter(&out).is_empty(),
        "temporary files left: {:?}",
        litter(&out)
    );
    assert_eq!(
        fs::read_to_string(out.join("seed.dot")).unwrap(),
        "previous dot"
    );
    assert_eq!(
        fs::read_to_string(out.join("seed.json")).unwrap(),
        "previous json"
    );
}

#[cfg(unix)]
#[test]
fn sigint_mid_write_keeps_previous_outputs() {
    interrupt_mid_write(libc::SIGINT);
}

#[cfg(unix)]
#[test]
fn sigterm_mid_write_keeps_previous_outputs() {
    interrupt_mid_write(libc::SIGTERM);
}

#[cfg(unix)]
#[test]
fn full_disk_is_an_error_not_a_truncated_file() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    previous_outputs(&out);
    let bin = assert_cmd::cargo::cargo_bin("relgraph");
    // A 16 KiB file size limit stands in for a full disk: writes fail with EFBIG.
    let o = std::process::Command::new("sh")
        .current_dir(crate::util::root())
        .arg("-c")
        .arg(format!(
            "ulimit -f 16; exec '{}' extract tests/fixtures/seed.txt -o '{}'",
            bin.display(),
            out.display()
        ))
        .output()
        .unwrap();
    assert_eq!(
        o.status.code(),
        Some(3),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("writing") && err.contains("seed."), "{err}");
    assert!(litter(&out).is_empty(), "temporary files left");
    assert_eq!(
        fs::read_to_string(out.join("seed.json")).unwrap(),
        "previous json"
    );
}

#[test]
fn unwritable_output_folder_is_reported() {
    if unsafe { libc::geteuid() } == 0 {
        crate::util::skipped("running as root: file permissions do not apply");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("ro");
    fs::create_dir(&out).unwrap();
    use std::os::unix::fs::PermissionsExt;
    fs::set_permissions(&out, fs::Permissions::from_mode(0o555)).unwrap();
    let o = relgraph()
        .args(["extract", "tests/fixtures/seed.txt", "-o"])
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(3));
    assert!(String::from_utf8_lossy(&o.stderr).contains("temporary file"));
}

/// Gazetteer files that must be rejected with `file:line: reason`.
#[test]
fn gazetteer_matrix() {
    let h = "id\ttype\tname\taliases\n";
    let cases: &[(&str, String, usize, &str)] = &[
        (
            "duplicate ids",
            format!("{h}org:a\tORG\tA\t\norg:a\tORG\tB\t\n"),
            3,
            "duplicate id",
        ),
        (
            "empty alias",
            format!("{h}org:a\tORG\tA\tX||Y\n"),
            2,
            "empty item",
        ),
        (
            "trailing pipe",
            format!("{h}org:a\tORG\tA\tX|\n"),
            2,
            "empty item",
        ),
        (
            "tab inside a field",
            format!("{h}org:a\tORG\tA\tX\tY\n"),
            2,
            "stray tab",
        ),
        (
            "unknown type",
            format!("{h}org:a\tCOMPANY\tA\t\n"),
            2,
            "unknown entity type",
        ),
        ("bad id", format!("{h}org a\tORG\tA\t\n"), 2, "invalid id"),
        ("no header", "# nothing\n".to_string(), 1, "no header"),
        (
            "huge alias",
            format!("{h}org:a\tORG\tA\t{}\n", "x".repeat(300)),
            2,
            "longer than",
        ),
    ];
    let dir = tempfile::tempdir().unwrap();
    for (what, body, line, needle) in cases {
        let g = dir.path().join("g.tsv");
        fs::write(&g, body).unwrap();
        let o = relgraph()
            .args(["gazetteer", "check", "--no-default-gazetteers"])
            .arg(&g)
            .output()
            .unwrap();
        assert_eq!(o.status.code(), Some(3), "{what}");
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(
            err.contains(&format!("g.tsv:{line}:")) && err.contains(needle),
            "{what}: {err}"
        );
    }
    // Invalid UTF-8 in a gazetteer names the line.
    let g = dir.path().join("g.tsv");
    fs::write(&g, b"id\ttype\tname\norg:a\tORG\tA\xff\n").unwrap();
    let o = relgraph()
        .args(["gazetteer", "check", "--no-default-gazetteers"])
        .arg(&g)
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&o.stderr).contains("g.tsv:2: invalid UTF-8"));
}

#[test]
fn regex_metacharacters_in_aliases_are_literal() {
    let (_dir, json) = extract_text_with_gazetteer(
        "The C++ (.*) Group and [A-Z]+ met. AXB and a.b spoke.",
        "id\ttype\tname\taliases\norg:x\tORG\tC++ (.*) Group\t[A-Z]+|a.b\n",
    );
    let node = json["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|n| n["id"] == "org:x")
        .unwrap();
    assert_eq!(strs(&node["aliases"]), ["C++ (.*) Group", "[A-Z]+", "a.b"]);
}

#[test]
fn a_large_gazetteer_loads() {
    let mut body = String::from("id\ttype\tname\taliases\n");
    for i in 0..200_000 {
        body.push_str(&format!("org:gen-{i}\tORG\tGenerated Org {i}\tGO{i}\n"));
    }
    let (_dir, json) =
        extract_text_with_gazetteer("Generated Org 199999 backed Generated Org 7.", &body);
    let json = json.to_string();
    assert!(json.contains("org:gen-199999") && json.contains("\"supports\""));
}

#[cfg(unix)]
#[test]
fn folders_with_symlink_loops_and_unreadable_files() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus");
    fs::create_dir_all(corpus.join("sub")).unwrap();
    fs::write(corpus.join("a.txt"), "Russia invaded Ukraine.").unwrap();
    std::os::unix::fs::symlink(&corpus, corpus.join("sub/loop")).unwrap();
    std::os::unix::fs::symlink(&corpus, corpus.join("sub/loop2")).unwrap();
    std::os::unix::fs::symlink(corpus.join("missing.txt"), corpus.join("dangling.txt")).unwrap();
    let o = run_extract(&[&corpus], dir.path(), &[]);
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("symlink loop") && err.contains("dangling.txt"),
        "{err}"
    );
    let json = fs::read_to_string(dir.path().join("corpus.json")).unwrap();
    assert!(json.contains("in_conflict_with"));
}

#[cfg(unix)]
#[test]
fn non_utf8_file_names_are_read() {
    use std::os::unix::ffi::OsStrExt;
    let dir = tempfile::tempdir().unwrap();
    let name = std::ffi::OsStr::from_bytes(b"caf\xe9.txt");
    let path = dir.path().join(name);
    if fs::write(&path, "Finland joined NATO.").is_err() {
        crate::util::skipped("this file system rejects non-UTF-8 names");
        return;
    }
    let o = relgraph()
        .arg("extract")
        .arg(dir.path())
        .arg("-o")
        .arg(dir.path().join("out"))
        .args(["--name", "g"])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let json = fs::read_to_string(dir.path().join("out/g.json")).unwrap();
    assert!(
        json.contains("caf\u{fffd}.txt") && json.contains("member_of"),
        "{json}"
    );
}
