//! The library alone: `default-features = false` leaves out every dependency only the
//! `relgraph` command needs.

use std::process::Command;

use crate::util::root;

/// Crates that only the command uses; none may reach a library user's build. (`libc` is a
/// direct dependency of the command only, but tempfile and scraper bring it in anyway.)
const CLI_ONLY: &[&str] = &[
    "clap",
    "anyhow",
    "indicatif",
    "ctrlc",
    "anstyle",
    "mimalloc",
    "libmimalloc-sys",
];

/// The names of the packages in the normal dependency tree, one per line (`cargo tree
/// --prefix none` prints `name vX.Y.Z (...)`).
fn tree(features: &[&str]) -> Vec<String> {
    let manifest = root().join("Cargo.toml");
    let out = Command::new(env!("CARGO"))
        .args(["tree", "--offline", "-e", "normal", "--prefix", "none"])
        .args(features)
        .arg("--manifest-path")
        .arg(&manifest)
        // `cargo test` sets these for the test; they must not change what `cargo tree` sees.
        .env_remove("CARGO_TARGET_DIR")
        .env_remove("RUSTFLAGS")
        .output()
        .expect("cargo runs");
    assert!(
        out.status.success(),
        "cargo tree failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout)
        .expect("UTF-8")
        .lines()
        .filter_map(|l| l.split_whitespace().next())
        .map(str::to_string)
        .collect()
}

#[test]
fn the_library_alone_has_no_cli_dependencies() {
    let lib = tree(&["--no-default-features"]);
    assert!(
        lib.iter().any(|n| n == "petgraph"),
        "the tree lists the library's own dependencies: {lib:?}"
    );
    let leaked: Vec<&&str> = CLI_ONLY
        .iter()
        .filter(|c| lib.iter().any(|n| n == **c))
        .collect();
    assert!(leaked.is_empty(), "the library alone depends on {leaked:?}");

    // The check can fail: with the default `cli` feature, the same tree has them.
    let full = tree(&[]);
    for c in ["clap", "anyhow", "mimalloc"] {
        assert!(full.iter().any(|n| n == c), "{c} missing from {full:?}");
    }
}
