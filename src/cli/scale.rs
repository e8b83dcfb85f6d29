//! Flags for running at scale: threads, caps on what the graph keeps, input format, and the
//! `merge` subcommand. Kept apart from `cli.rs` so each concern stays in one place.

use std::path::PathBuf;

use crate::graph::Limits;
use crate::input::InputFormat;
use clap::{Args, ValueEnum};

/// `extract` flags for threads, bounded memory and input format.
#[derive(Debug, Args, Clone)]
pub(crate) struct ScaleArgs {
    /// Worker threads (default: all cores). The output does not depend on it.
    #[arg(long, short = 'j', value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
    pub(crate) threads: Option<u16>,
    #[command(flatten)]
    pub(crate) limits: LimitArgs,
    /// How to read inputs: `auto` (JSON Lines for .jsonl/.ndjson files and for inputs that
    /// start with `{`, HTML for .html/.htm files and for inputs that start with `<!DOCTYPE
    /// html` or `<html`), `text` (one document per input), `jsonl` (an empty input is no
    /// document; use it for stdin in pipelines) or `html` (the page's visible text).
    #[arg(long, value_enum, default_value = "auto", value_name = "FORMAT")]
    pub(crate) input_format: InputFormatArg,
}

impl ScaleArgs {
    pub(crate) fn threads(&self) -> usize {
        match self.threads {
            Some(n) => n as usize,
            None => std::thread::available_parallelism().map_or(1, |n| n.get()),
        }
    }
}

/// Caps on the lists that would otherwise grow with every document; counts stay complete.
#[derive(Debug, Args, Clone)]
pub(crate) struct LimitArgs {
    /// Evidence items kept per edge: the earliest by (document id, offset); `weight` counts all
    /// [default: 20].
    #[arg(long, value_name = "N")]
    pub(crate) max_evidence: Option<usize>,
    /// Mentions kept per node: the earliest by (document id, offset); `mention_count` counts
    /// all [default: 20].
    #[arg(long, value_name = "N")]
    pub(crate) max_mentions: Option<usize>,
    /// Document summaries kept in the graph metadata: the smallest ids; `totals` counts all
    /// [default: 1000].
    #[arg(long, value_name = "N")]
    pub(crate) max_documents: Option<usize>,
    /// Unresolved mentions kept in the graph metadata: the earliest by (document id, offset);
    /// `totals.unresolved` counts all [default: 1000].
    #[arg(long, value_name = "N")]
    pub(crate) max_unresolved: Option<usize>,
}

impl LimitArgs {
    /// The limits with every unset flag taken from `base`.
    pub(crate) fn over(&self, base: Limits) -> Limits {
        Limits {
            max_evidence: self.max_evidence.unwrap_or(base.max_evidence),
            max_mentions: self.max_mentions.unwrap_or(base.max_mentions),
            max_documents: self.max_documents.unwrap_or(base.max_documents),
            max_unresolved: self.max_unresolved.unwrap_or(base.max_unresolved),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum InputFormatArg {
    Auto,
    Text,
    Jsonl,
    Html,
}

impl From<InputFormatArg> for InputFormat {
    fn from(f: InputFormatArg) -> InputFormat {
        match f {
            InputFormatArg::Auto => InputFormat::Auto,
            InputFormatArg::Text => InputFormat::Text,
            InputFormatArg::Jsonl => InputFormat::Jsonl,
            InputFormatArg::Html => InputFormat::Html,
        }
    }
}

/// `relgraph merge`.
#[derive(Debug, Args)]
pub(crate) struct MergeArgs {
    /// relgraph JSON graphs or JSON Lines streams (`extract --format json` or `--format
    /// jsonl` outputs, told apart by content) to merge, or `-` for one on stdin.
    #[arg(required = true, value_name = "GRAPH.json|STREAM.jsonl")]
    pub(crate) inputs: Vec<PathBuf>,
    /// Output formats, comma-separated or repeated.
    #[arg(long, short = 'f', value_delimiter = ',', default_value = "dot,json")]
    pub(crate) format: Vec<crate::export::Format>,
    /// Output folder (created if missing), or `-` to write the one format to stdout.
    #[arg(long, short = 'o', default_value = "output", value_name = "DIR")]
    pub(crate) output: PathBuf,
    /// Base name of the output files.
    #[arg(long, default_value = "merged", value_parser = super::parse_name)]
    pub(crate) name: String,
    /// Merge graphs made with different relgraph versions, gazetteers or rules (the output
    /// then names one of them).
    #[arg(long)]
    pub(crate) force: bool,
    /// Caps for the merged graph; each defaults to the smallest cap among the input graphs (a
    /// JSON Lines stream keeps everything and is read with these caps or the defaults), and can
    /// only be lowered (a graph cannot give back what it did not keep).
    #[command(flatten)]
    pub(crate) limits: LimitArgs,
    #[command(flatten)]
    pub(crate) isolates: super::IsolateArgs,
    /// Keep only documents dated on or after DATE (YYYY, YYYY-MM or YYYY-MM-DD), as `extract
    /// --since` does; undated documents are left out when --since or --until is given. A
    /// graph input needs its document ledger (not made with --no-ledger).
    #[arg(long, value_parser = super::parse_date, value_name = "DATE")]
    pub(crate) since: Option<crate::Date>,
    /// Keep only documents dated on or before DATE (a month or year includes all its days),
    /// as `extract --until` does.
    #[arg(long, value_parser = super::parse_date, value_name = "DATE")]
    pub(crate) until: Option<crate::Date>,
    /// Write the merged graph without its document ledger (as `extract --no-ledger`): a
    /// smaller graph that later merges cannot recognise documents in.
    #[arg(long)]
    pub(crate) no_ledger: bool,
    /// Print nothing but errors.
    #[arg(long, short = 'q')]
    pub(crate) quiet: bool,
}
