//! Terminal output: coloured `error:`/`warning:` prefixes (`--color`, `NO_COLOR`), control
//! characters of untrusted text made visible, and the progress bar.

use std::io::IsTerminal;
use std::sync::OnceLock;

use anstyle::{AnsiColor, Style};

/// `--color`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum ColorChoice {
    /// Colour when stderr is a terminal and `NO_COLOR` is unset or empty.
    Auto,
    /// Always colour (overrides `NO_COLOR`).
    Always,
    /// Never colour.
    Never,
}

static COLOR: OnceLock<bool> = OnceLock::new();

/// Decides once whether stderr gets colour.
pub(crate) fn init(choice: ColorChoice) {
    let on = match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                && std::io::stderr().is_terminal()
        }
    };
    let _ = COLOR.set(on);
}

fn color() -> bool {
    *COLOR.get().unwrap_or(&false)
}

fn prefix(word: &str, style: Style) -> String {
    if color() {
        format!("{style}{word}:{style:#}")
    } else {
        format!("{word}:")
    }
}

/// Makes control characters (from file names or news text) visible as escapes, so they cannot
/// drive the terminal.
pub(crate) fn clean(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if c.is_control() && c != '\n' && c != '\t' {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    out
}

/// Prints `relgraph: warning: …` to stderr.
pub(crate) fn warning(message: &str) {
    let style = Style::new().fg_color(Some(AnsiColor::Yellow.into())).bold();
    eprintln!("relgraph: {} {}", prefix("warning", style), clean(message));
}

/// Prints `relgraph: error: …` to stderr.
pub(crate) fn error(message: &str) {
    let style = Style::new().fg_color(Some(AnsiColor::Red.into())).bold();
    eprintln!("relgraph: {} {}", prefix("error", style), clean(message));
}

/// A progress bar over `len` inputs on stderr, shown only when stderr is a terminal, output is
/// not quiet, and there is more than one input; hidden otherwise.
pub(crate) fn progress(len: usize, quiet: bool) -> indicatif::ProgressBar {
    if quiet || len < 2 || !std::io::stderr().is_terminal() {
        return indicatif::ProgressBar::hidden();
    }
    let bar = indicatif::ProgressBar::with_draw_target(
        Some(len as u64),
        indicatif::ProgressDrawTarget::stderr(),
    );
    bar.set_style(
        indicatif::ProgressStyle::with_template(
            "{spinner} [{elapsed_precise}] {bar:30} {pos}/{len} inputs, {msg} ({eta} left)",
        )
        .expect("valid template")
        .progress_chars("=> "),
    );
    bar
}
