//! Pictures: the DOT output rendered by Graphviz's `dot` program.
//!
//! `dot`'s ranked layout reads best but grows far faster than the graph: on this project's
//! news graphs it takes 0.5 s for 460 edges, 13 s for 1 000 and minutes for 2 000, and curved
//! edges cost as much again. Above [`RANKED_LAYOUT_MAX_EDGES`] the picture is laid out by
//! force (`sfdp`, from the same Graphviz package) with straight edges: 2 s for 2 000 edges.

use std::io::Write;
use std::process::{Command, Stdio};

use crate::error::{Error, Result};

/// The Graphviz program to run: `$RELGRAPH_DOT` when set, else `dot` on the `PATH`.
pub fn dot_program() -> String {
    std::env::var("RELGRAPH_DOT").unwrap_or_else(|_| "dot".to_string())
}

/// The most edges drawn with `dot`'s own ranked layout; larger graphs are laid out by force.
pub const RANKED_LAYOUT_MAX_EDGES: usize = 500;

/// Renders DOT source of a graph with `edges` edges with `dot -T<format>` (`svg`, `png`, …)
/// and returns the bytes.
///
/// A missing `dot` is [`Error::Tool`] naming the Debian package to install.
pub fn render(dot: &[u8], format: &str, edges: usize) -> Result<Vec<u8>> {
    let program = dot_program();
    let mut command = Command::new(&program);
    if edges > RANKED_LAYOUT_MAX_EDGES {
        // Command-line attributes override the file's (`splines=true`).
        command.args(["-Ksfdp", "-Gsplines=false"]);
    }
    let mut child = command
        .arg(format!("-T{format}"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| Error::Tool {
            tool: program.clone(),
            message: if e.kind() == std::io::ErrorKind::NotFound {
                "Graphviz is not installed (the `dot` program was not found on PATH); install \
                 the Debian/Ubuntu package `graphviz` (`apt-get install graphviz`), or choose \
                 formats that need no rendering (dot, json, …)"
                    .to_string()
            } else {
                format!("could not run it: {e}")
            },
        })?;
    // Feed stdin from a thread so a large graph cannot deadlock on full pipes.
    let mut stdin = child.stdin.take().expect("piped");
    let input = dot.to_vec();
    let feeder = std::thread::spawn(move || stdin.write_all(&input));
    let out = child.wait_with_output().map_err(|e| Error::Tool {
        tool: program.clone(),
        message: format!("waiting for it failed: {e}"),
    })?;
    let fed = feeder.join().expect("feeder thread does not panic");
    if !out.status.success() {
        return Err(Error::Tool {
            tool: program,
            message: format!(
                "failed ({}): {}",
                out.status,
                String::from_utf8_lossy(&out.stderr).trim()
            ),
        });
    }
    fed.map_err(|e| Error::Tool {
        tool: program,
        message: format!("writing its input failed: {e}"),
    })?;
    Ok(out.stdout)
}
