//! The `relgraph` command. `main` maps results to exit codes; each subcommand has one function.

mod cli;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use anyhow::Context;
use clap::Parser;
use relgraph::export::{self, Provenance};
use relgraph::{input, Gazetteer, Graph, Pipeline, RuleSet};

use cli::{Cli, Command, ExplainArgs, ExtractArgs, GazetteerArgs, GazetteerCommand, RulesCommand};

/// Exit codes, documented in `--help` and the README.
const EXIT_PARTIAL: u8 = 1;
const EXIT_FATAL: u8 = 3;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Extract(args) => extract(args),
        Command::Explain(args) => explain(args),
        Command::Rules(RulesCommand::Test { files, gazetteers }) => rules_test(&files, &gazetteers),
        Command::Gazetteer(GazetteerCommand::Check {
            files,
            no_default_gazetteers,
        }) => gazetteer_check(&files, no_default_gazetteers),
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
            eprintln!("relgraph: error: {e:#}");
            ExitCode::from(EXIT_FATAL)
        }
    }
}

fn load_gazetteer(args: &GazetteerArgs) -> anyhow::Result<Gazetteer> {
    let mut b = Gazetteer::builder();
    b.defaults(!args.no_default_gazetteers);
    for p in &args.gazetteers {
        b.add_path(p);
    }
    b.build().context("loading gazetteers")
}

fn load_rules(files: &[PathBuf], defaults: bool) -> anyhow::Result<RuleSet> {
    let mut all: Vec<(PathBuf, String)> = Vec::new();
    if defaults {
        let (name, text) = relgraph::gazetteer::defaults::RULES;
        all.push((PathBuf::from(format!("default:{name}")), text.to_string()));
    }
    for f in files {
        let text = std::fs::read_to_string(f)
            .with_context(|| format!("reading rule file {}", f.display()))?;
        all.push((f.clone(), text));
    }
    RuleSet::parse(&all).context("loading relation rules")
}

fn output_name(args: &ExtractArgs) -> String {
    if let Some(n) = &args.name {
        return n.clone();
    }
    match &args.inputs[..] {
        [one] if one.as_os_str() == "-" => "stdin".into(),
        [one] => one
            .file_stem()
            .map(|s| s.to_owned())
            .or_else(|| one.canonicalize().ok()?.file_name().map(|n| n.to_owned()))
            .map(|s| sanitize(&s.to_string_lossy()))
            .filter(|s| !s.is_empty())
            .unwrap_or_else(|| "graph".into()),
        _ => "graph".into(),
    }
}

/// A file name that stays inside the output folder: no separators, no leading dot, no NUL.
fn sanitize(name: &str) -> String {
    let s: String = name
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || matches!(c, '-' | '_' | '.') {
                c
            } else {
                '_'
            }
        })
        .collect();
    s.trim_start_matches('.').to_string()
}

fn extract(args: ExtractArgs) -> anyhow::Result<u8> {
    let started = Instant::now();
    let gazetteer = load_gazetteer(&args.gazetteers)?;
    let rules = load_rules(&args.rules, !args.no_default_rules)?;
    let pipeline = Pipeline::builder()
        .gazetteer(gazetteer)
        .rules(rules)
        .build()?;

    let (sources, mut errors) = input::expand(&args.inputs);
    let mut graph = Graph::new();
    let mut documents = 0usize;
    let mut bytes = 0usize;
    for source in &sources {
        let (docs, errs) = input::read(source, args.document_date);
        errors.extend(errs);
        for doc in docs {
            bytes += doc.text.len();
            documents += 1;
            graph.add(&pipeline.process(&doc));
        }
    }
    for e in &errors {
        eprintln!("relgraph: warning: {e}");
    }
    if documents == 0 && !errors.is_empty() {
        anyhow::bail!("no input could be read; no output written");
    }

    std::fs::create_dir_all(&args.output)
        .with_context(|| format!("creating output folder {}", args.output.display()))?;
    let provenance = Provenance::of(&pipeline);
    let name = output_name(&args);
    let mut formats = args.format.clone();
    formats.sort();
    formats.dedup();
    let mut written = Vec::new();
    for format in formats {
        let path = args.output.join(format!("{name}.{}", format.extension()));
        write_atomically(&path, |w| export::write(&graph, &provenance, format, w))?;
        written.push(path.display().to_string());
    }
    if !args.quiet {
        let secs = started.elapsed().as_secs_f64();
        eprintln!(
            "relgraph: {documents} document{}, {} entities, {} relations, {} unresolved, {} skipped input{}; {:.2} s, {:.1} MB/s → {}",
            if documents == 1 { "" } else { "s" },
            graph.node_count(),
            graph.edge_count(),
            graph.unresolved().len(),
            errors.len(),
            if errors.len() == 1 { "" } else { "s" },
            secs,
            bytes as f64 / 1e6 / secs.max(1e-9),
            written.join(", ")
        );
    }
    Ok(if errors.is_empty() { 0 } else { EXIT_PARTIAL })
}

/// Writes through a temporary file in the same folder, renamed into place only when complete,
/// so a failure never leaves a half-written output or clobbers the previous one.
fn write_atomically(
    path: &Path,
    write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> anyhow::Result<()> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let mut tmp = tempfile::Builder::new()
        .prefix(".relgraph-")
        .suffix(".tmp")
        .tempfile_in(dir)
        .with_context(|| format!("creating a temporary file in {}", dir.display()))?;
    write(tmp.as_file_mut())
        .and_then(|()| tmp.as_file_mut().sync_all())
        .with_context(|| format!("writing {}", path.display()))?;
    tmp.persist(path)
        .with_context(|| format!("replacing {}", path.display()))?;
    Ok(())
}

fn rules_test(files: &[PathBuf], gazetteers: &GazetteerArgs) -> anyhow::Result<u8> {
    let rules = load_rules(files, files.is_empty())?;
    let count = rules.rules().len();
    let examples: usize = rules
        .rules()
        .iter()
        .map(|r| r.examples.len() + r.counterexamples.len())
        .sum();
    let pipeline = Pipeline::builder()
        .gazetteer(load_gazetteer(gazetteers)?)
        .rules(rules)
        .build()?;
    let failures = pipeline.test_rules();
    let mut out = std::io::stdout().lock();
    for f in &failures {
        writeln!(
            out,
            "FAIL {} ({})\n  text: {}\n  {}",
            f.rule, f.origin, f.text, f.problem
        )?;
    }
    writeln!(
        out,
        "{count} rules, {examples} examples and counterexamples: {} failed",
        failures.len()
    )?;
    Ok(if failures.is_empty() { 0 } else { EXIT_FATAL })
}

fn gazetteer_check(files: &[PathBuf], no_defaults: bool) -> anyhow::Result<u8> {
    let args = GazetteerArgs {
        gazetteers: files.to_vec(),
        no_default_gazetteers: no_defaults,
    };
    let g = load_gazetteer(&args)?;
    let matcher = relgraph::Matcher::new(&g)?;
    let mut out = std::io::stdout().lock();
    for kind in [
        relgraph::EntityType::Country,
        relgraph::EntityType::Person,
        relgraph::EntityType::Org,
        relgraph::EntityType::Location,
    ] {
        let n = g
            .entities()
            .iter()
            .filter(|e| e.entity_type() == kind)
            .count();
        writeln!(out, "{kind:<9} {n}")?;
    }
    writeln!(out, "offices   {}", g.offices().len())?;
    writeln!(out, "titles    {}", g.titles().len())?;
    writeln!(
        out,
        "aliases   {} distinct folded forms",
        matcher.pattern_count()
    )?;
    for s in g.sources() {
        writeln!(
            out,
            "loaded    {} {} {}",
            s.name,
            s.version.as_deref().unwrap_or("-"),
            s.sha256
        )?;
    }
    writeln!(out, "ok")?;
    Ok(0)
}

fn explain(args: ExplainArgs) -> anyhow::Result<u8> {
    let text = if args.text == "-" {
        std::io::read_to_string(std::io::stdin()).context("reading stdin")?
    } else if let Some(path) = args.text.strip_prefix('@') {
        std::fs::read_to_string(path).with_context(|| format!("reading {path}"))?
    } else {
        args.text.clone()
    };
    let pipeline = Pipeline::builder()
        .gazetteer(load_gazetteer(&args.gazetteers)?)
        .rules(load_rules(&args.rules, !args.no_default_rules)?)
        .build()?;
    let mut out = std::io::stdout().lock();
    for line in relgraph::explain::explain(&pipeline, &text, args.document_date) {
        writeln!(out, "{line}")?;
    }
    Ok(0)
}
