//! The `relgraph` command, built with the `cli` feature: [`main`], the command-line flags
//! (clap derive) and their resolution into library configuration. The subcommands live in
//! `commands/`.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};

use crate::{commands, signals};

pub(crate) mod scale;

/// Runs the `relgraph` command with the process's arguments and returns its exit code: 0
/// success, 1 some inputs skipped, 2 usage error, 3 fatal error (see `--help`). The binary
/// is this call after choosing its allocator; it is not part of the library's API.
pub fn main() -> ExitCode {
    signals::install();
    let cli = Cli::parse();
    commands::ui::init(cli.color);
    let result = match cli.command {
        Command::Extract(args) => commands::extract::run(args),
        Command::Merge(args) => commands::merge::run(args),
        Command::Export(args) => commands::export::run(args),
        Command::Explain(args) => commands::explain::run(args),
        Command::Eval(args) => commands::eval::run(args),
        Command::Rules(RulesCommand::Test { files, gazetteers }) => {
            commands::rules::test(&files, &gazetteers)
        }
        Command::Gazetteer(GazetteerCommand::Check {
            files,
            no_default_gazetteers,
            all,
        }) => commands::gazetteer::check(&files, no_default_gazetteers, all),
        Command::Gazetteer(GazetteerCommand::Lookup {
            name,
            date,
            gazetteers,
        }) => commands::gazetteer::lookup(&name, date, &gazetteers),
    };
    match result {
        Ok(code) => ExitCode::from(code),
        Err(e) => {
            if e.chain().any(|c| {
                c.downcast_ref::<std::io::Error>()
                    .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
            }) {
                return ExitCode::SUCCESS;
            }
            commands::ui::error(&format!("{e:#}"));
            ExitCode::from(crate::commands::EXIT_FATAL)
        }
    }
}

/// Turn news text into a relationship graph of people, countries and organizations.
///
/// relgraph finds entities with gazetteers (aliases, demonyms, titles, surnames), extracts
/// relations with readable rules (mediation, alliances, offices, talks, support, conflict,
/// tension, succession, membership, negotiations, agreements), and writes the graph as
/// Graphviz DOT and node-link JSON with the evidence for every edge.
#[derive(Debug, Parser)]
#[command(name = "relgraph", version, max_term_width = 100)]
#[command(after_long_help = "EXIT CODES:
    0  success (also when nothing was found)
    1  some inputs were skipped (unreadable, invalid UTF-8, binary or an unsupported format such
       as PDF or Word, bad JSON Lines records), or a folder held no file to read;
       the outputs for the rest were written
    2  usage error (bad flag or value, flags that do not go together such as `-o -` with
       more than one format)
    3  fatal error: a gazetteer or rule file is malformed, no input could be read, an output
       could not be written, or rule examples failed; no output file was changed

EXAMPLES:
    relgraph extract tests/fixtures/seed.txt            # writes output/seed.dot and output/seed.json
    relgraph extract news/ -o graphs --format json      # a folder, recursively
    relgraph extract seed.txt -f html,svg,graphml       # a report, a picture, a Gephi file
    relgraph extract news/ -f svg --top 30 --min-weight 2 --types PERSON,COUNTRY
    cat story.txt | relgraph extract - --name story     # stdin
    relgraph extract corpus.jsonl --document-date 2020-12-22
    relgraph extract - --input-format jsonl -f json -o - > part.json   # a stream to stdout
    relgraph merge part-*.json -o graphs                # partial graphs → one graph
    relgraph extract today.jsonl --store news.db        # add (or replace) documents in a store
    relgraph export --store news.db --since 2020-12 --until 2020-12 -f gexf   # a month of it
    relgraph rules test my-rules.toml --gazetteer my-people.tsv
    relgraph gazetteer check my-people.tsv")]
pub(crate) struct Cli {
    #[command(subcommand)]
    pub(crate) command: Command,
    /// When to colour the `error:` and `warning:` prefixes: auto (a terminal, and NO_COLOR
    /// unset), always, never.
    #[arg(
        long,
        global = true,
        value_enum,
        default_value = "auto",
        value_name = "WHEN"
    )]
    pub(crate) color: crate::commands::ui::ColorChoice,
}

#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// Extract entities and relations from text and write the graph.
    Extract(ExtractArgs),
    /// Merge graphs extracted from parts of a corpus into the graph of the whole corpus.
    Merge(scale::MergeArgs),
    /// Write the graph of a store (`extract --store`), or of a date window of it, in any
    /// format.
    Export(ExportArgs),
    /// Show how a text is read: sentences, mentions and how each was resolved, the tagged
    /// sentences the rules see, and the relations found with the rule that fired.
    Explain(ExplainArgs),
    /// Work with relation rule files.
    #[command(subcommand)]
    Rules(RulesCommand),
    /// Work with gazetteer files.
    #[command(subcommand)]
    Gazetteer(GazetteerCommand),
    /// Score a run against gold annotations (precision, recall and F1 of entities, relations
    /// per type and linked pairs; the misses per document).
    Eval(EvalArgs),
}

#[derive(Debug, Args)]
pub(crate) struct EvalArgs {
    /// Gold annotations, JSON Lines, one document a line (repeatable; see SCORING.md).
    #[arg(long, required = true, value_name = "GOLD.jsonl")]
    pub(crate) gold: Vec<PathBuf>,
    /// The annotated texts: files or folders; a gold `doc` names a file by its name.
    #[arg(required = true, value_name = "PATH")]
    pub(crate) inputs: Vec<PathBuf>,
    /// `text` for people, `json` for machines.
    #[arg(long, value_enum, default_value = "text")]
    pub(crate) format: EvalFormat,
    /// Print only the scores, not the misses per document.
    #[arg(long)]
    pub(crate) summary: bool,
    #[command(flatten)]
    pub(crate) gazetteers: GazetteerArgs,
    #[command(flatten)]
    pub(crate) rules: RuleArgs,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub(crate) enum EvalFormat {
    Text,
    Json,
}

#[derive(Debug, Args)]
pub(crate) struct ExplainArgs {
    /// The text to explain (or `-` to read it from stdin, or `@FILE` to read a file).
    pub(crate) text: String,
    #[command(flatten)]
    pub(crate) gazetteers: GazetteerArgs,
    #[command(flatten)]
    pub(crate) rules: RuleArgs,
    /// Document date for date-aware resolution.
    #[arg(long, value_parser = parse_date, value_name = "DATE")]
    pub(crate) document_date: Option<crate::Date>,
}

#[derive(Debug, Subcommand)]
pub(crate) enum RulesCommand {
    /// Check every rule's examples and counterexamples (default rules when no FILE is given).
    Test {
        /// Rule files to test (TOML).
        files: Vec<PathBuf>,
        #[command(flatten)]
        gazetteers: GazetteerArgs,
    },
}

#[derive(Debug, Subcommand)]
pub(crate) enum GazetteerCommand {
    /// Validate gazetteer files. Without FILE: statistics of the default lists, shared aliases
    /// and likely duplicate people. With FILEs: what each file adds, extends (`+id` rows),
    /// replaces, the office terms it adds, and what it conflicts with.
    Check {
        /// Gazetteer files or folders (TSV).
        files: Vec<PathBuf>,
        /// Check only the given files, without the embedded defaults (prints the statistics).
        #[arg(long)]
        no_default_gazetteers: bool,
        /// List every shared alias and likely duplicate (default: the first 20 of each).
        #[arg(long, alias = "all-shared")]
        all: bool,
    },
    /// Show what a name resolves to and why: every gazetteer entry with that alias, its form
    /// (name, demonym, surname), offices, and how a shared alias is decided.
    Lookup {
        /// The name as it would appear in text ("Erdogan", "Azeri", "AFP").
        name: String,
        /// Also say which offices each person held on this date (`YYYY`, `YYYY-MM` or
        /// `YYYY-MM-DD`), as date-aware resolution reads them.
        #[arg(long, value_parser = parse_date, value_name = "DATE")]
        date: Option<crate::Date>,
        #[command(flatten)]
        gazetteers: GazetteerArgs,
    },
}

/// Gazetteer selection, shared by the subcommands.
#[derive(Debug, Args, Clone)]
pub(crate) struct GazetteerArgs {
    /// Add a gazetteer file or folder (repeatable); its entries replace defaults with the same id.
    #[arg(long = "gazetteer", short = 'g', value_name = "PATH")]
    pub(crate) gazetteers: Vec<PathBuf>,
    /// Do not load the embedded default gazetteers.
    #[arg(long)]
    pub(crate) no_default_gazetteers: bool,
}

/// Rule selection, shared by the subcommands that run the pipeline.
#[derive(Debug, Args, Clone)]
pub(crate) struct RuleArgs {
    /// Add a relation rule file (repeatable).
    #[arg(long = "rules", short = 'r', value_name = "PATH")]
    pub(crate) rules: Vec<PathBuf>,
    /// Do not load the embedded default rules.
    #[arg(long)]
    pub(crate) no_default_rules: bool,
}

#[derive(Debug, Args)]
pub(crate) struct ExtractArgs {
    /// Input files, folders (read recursively: *.txt, *.text, *.md, *.html, *.htm, *.jsonl,
    /// *.ndjson, in any case) or `-` for stdin. HTML is read as its visible text. JSON Lines
    /// records are `{"id", "text", "date"?, …}`. PDF, Word, images and archives are refused.
    #[arg(required = true, value_name = "PATH")]
    pub(crate) inputs: Vec<PathBuf>,
    /// Output formats, comma-separated or repeated: dot, json, cyjs, graphml, gexf, csv (Neo4j:
    /// NAME.nodes.csv + NAME.relationships.csv), jsonl, events (NAME.events.jsonl: one event
    /// record per relation), svg, png, html (svg, png and the html picture need Graphviz).
    #[arg(long, short = 'f', value_delimiter = ',', default_value = "dot,json")]
    pub(crate) format: Vec<crate::export::Format>,
    /// Keep only entities of these types (comma-separated: PERSON, COUNTRY, ORG, LOCATION) and
    /// the relations between them, in every format.
    #[arg(long, value_delimiter = ',', value_name = "TYPES")]
    pub(crate) types: Vec<crate::EntityType>,
    /// Keep only relations with at least N pieces of evidence (and, for N > 1, the entities
    /// that still have a relation), in every format.
    #[arg(long, default_value_t = 1, value_name = "N")]
    pub(crate) min_weight: usize,
    /// Keep only the N entities with the most relations (ties by the weight of their
    /// relations, then by id) and the relations among them, in every format.
    #[arg(long, value_name = "N")]
    pub(crate) top: Option<usize>,
    #[command(flatten)]
    pub(crate) isolates: IsolateArgs,
    /// Output folder (created if missing), or `-` to write the one format to stdout.
    #[arg(long, short = 'o', default_value = "output", value_name = "DIR")]
    pub(crate) output: PathBuf,
    /// Base name of the output files (default: derived from the input: `seed.txt` → `seed`).
    #[arg(long, value_parser = parse_name)]
    pub(crate) name: Option<String>,
    /// Also store every document's results in this SQLite file (created if missing; a
    /// document already in it is replaced), for `relgraph export --store`.
    #[arg(long, value_name = "FILE.db")]
    pub(crate) store: Option<PathBuf>,
    #[command(flatten)]
    pub(crate) gazetteers: GazetteerArgs,
    #[command(flatten)]
    pub(crate) rules: RuleArgs,
    /// Publication date (YYYY, YYYY-MM or YYYY-MM-DD) for documents without one; used to choose
    /// between people who share a name by who held office then.
    #[arg(long, value_parser = parse_date, value_name = "DATE")]
    pub(crate) document_date: Option<crate::Date>,
    /// Keep only documents dated on or after DATE (YYYY, YYYY-MM or YYYY-MM-DD); undated
    /// documents are left out when --since or --until is given.
    #[arg(long, value_parser = parse_date, value_name = "DATE")]
    pub(crate) since: Option<crate::Date>,
    /// Keep only documents dated on or before DATE (a month or year includes all its days);
    /// undated documents are left out when --since or --until is given.
    #[arg(long, value_parser = parse_date, value_name = "DATE")]
    pub(crate) until: Option<crate::Date>,
    /// Keep no document ledger (content hashes and per-document counts) in the graph: less
    /// memory and a smaller JSON graph on large runs, but a document read twice is counted
    /// twice, and `merge` cannot recognise the graph's documents (it warns, and counts a
    /// document two inputs share twice) nor apply --since/--until to it.
    #[arg(long)]
    pub(crate) no_ledger: bool,
    /// Print nothing but errors.
    #[arg(long, short = 'q')]
    pub(crate) quiet: bool,
    /// Decode invalid UTF-8 with U+FFFD replacement characters instead of skipping the
    /// document (offsets then refer to the decoded text).
    #[arg(long)]
    pub(crate) lossy: bool,
    /// Largest document or JSON Lines record accepted, in MiB; larger ones are skipped with a
    /// message.
    #[arg(long, value_name = "MIB", default_value_t = 256, value_parser = clap::value_parser!(u32).range(1..=4096))]
    pub(crate) max_document_size: u32,
    #[command(flatten)]
    pub(crate) scale: scale::ScaleArgs,
}

/// Entities without relations.
#[derive(Debug, Args, Clone, Default)]
pub(crate) struct IsolateArgs {
    /// Drop entities without any relation, in every format.
    #[arg(long, conflicts_with = "keep_isolates")]
    pub(crate) drop_isolates: bool,
    /// Keep entities without relations in svg and png pictures too (they are left out of
    /// pictures by default).
    #[arg(long)]
    pub(crate) keep_isolates: bool,
}

#[derive(Debug, Args)]
pub(crate) struct ExportArgs {
    /// The store (`extract --store FILE.db`).
    #[arg(long, required = true, value_name = "FILE.db")]
    pub(crate) store: PathBuf,
    /// Output formats, comma-separated or repeated (as for extract; `jsonl` and `events` are
    /// written from the stored documents, in id order).
    #[arg(long, short = 'f', value_delimiter = ',', default_value = "dot,json")]
    pub(crate) format: Vec<crate::export::Format>,
    /// Keep only entities of these types (as for extract).
    #[arg(long, value_delimiter = ',', value_name = "TYPES")]
    pub(crate) types: Vec<crate::EntityType>,
    /// Keep only relations with at least N pieces of evidence (as for extract).
    #[arg(long, default_value_t = 1, value_name = "N")]
    pub(crate) min_weight: usize,
    /// Keep only the N entities with the most relations (as for extract).
    #[arg(long, value_name = "N")]
    pub(crate) top: Option<usize>,
    #[command(flatten)]
    pub(crate) isolates: IsolateArgs,
    /// Keep only documents dated on or after DATE (as for extract).
    #[arg(long, value_parser = parse_date, value_name = "DATE")]
    pub(crate) since: Option<crate::Date>,
    /// Keep only documents dated on or before DATE (as for extract).
    #[arg(long, value_parser = parse_date, value_name = "DATE")]
    pub(crate) until: Option<crate::Date>,
    /// Output folder (created if missing), or `-` to write the one format to stdout.
    #[arg(long, short = 'o', default_value = "output", value_name = "DIR")]
    pub(crate) output: PathBuf,
    /// Base name of the output files (default: the store's file name without extension).
    #[arg(long, value_parser = parse_name)]
    pub(crate) name: Option<String>,
    #[command(flatten)]
    pub(crate) limits: scale::LimitArgs,
    /// Print nothing but errors.
    #[arg(long, short = 'q')]
    pub(crate) quiet: bool,
}

fn parse_date(s: &str) -> Result<crate::Date, String> {
    crate::Date::parse(s).map_err(|e| e.to_string())
}

pub(crate) fn parse_name(s: &str) -> Result<String, String> {
    if !s.is_empty() && crate::commands::sanitize(s) == s {
        Ok(s.to_string())
    } else {
        Err(
            "must be a plain file name (letters, digits, `-`, `_`, `.`; not starting with `.`)"
                .into(),
        )
    }
}
