//! Pictures: the DOT output rendered by Graphviz's `dot` program.

use std::io::Write;
use std::process::{Command, Stdio};

use crate::error::{Error, Result};

/// The Graphviz program to run: `$RELGRAPH_DOT` when set, else `dot` on the `PATH`.
pub fn dot_program() -> String {
    std::env::var("RELGRAPH_DOT").unwrap_or_else(|_| "dot".to_string())
}

/// The installed Graphviz version line (`dot - graphviz version 2.43.0 (0)`), or `None` when
/// `dot` cannot be run.
pub fn graphviz_version() -> Option<String> {
    let out = Command::new(dot_program()).arg("-V").output().ok()?;
    let text = String::from_utf8_lossy(&out.stderr).trim().to_string();
    out.status.success().then_some(text)
}

/// Renders DOT source with `dot -T<format>` (`svg`, `png`, …) and returns the bytes.
///
/// A missing `dot` is [`Error::Tool`] naming the Debian package to install.
pub fn render(dot: &[u8], format: &str) -> Result<Vec<u8>> {
    let program = dot_program();
    let mut child = Command::new(&program)
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
