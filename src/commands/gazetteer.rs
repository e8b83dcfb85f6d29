//! `relgraph gazetteer check` and `relgraph gazetteer lookup`.

use std::io::Write;
use std::path::PathBuf;

use crate::gazetteer::Office;
use crate::EntityType;

use super::load_gazetteer;
use crate::cli::GazetteerArgs;

/// "President of country:x from 2009 to 2014", "… from 2024-08-08, open as of 2026-02",
/// "… from 2009, ended by 2024-08-08 (no end date; a later snapshot names another holder)".
fn describe_office(o: &Office) -> String {
    let from = o.start.map_or("?".to_string(), |d| d.to_string());
    let head = format!("{} of {} from {from}", o.role, o.of);
    match (o.end, o.end_before, o.as_of) {
        (Some(e), _, _) => format!("{head} to {e}"),
        (None, Some(b), _) => format!(
            "{head}, ended by {b} (no end date; a later leader snapshot names another holder)"
        ),
        (None, None, Some(a)) => format!("{head}, open as of {a}"),
        (None, None, None) => format!("{head}, no end date in its source"),
    }
}

pub(crate) fn check(files: &[PathBuf], no_defaults: bool, all: bool) -> anyhow::Result<u8> {
    let args = GazetteerArgs {
        gazetteers: files.to_vec(),
        no_default_gazetteers: no_defaults,
    };
    let g = load_gazetteer(&args)?;
    let matcher = crate::matcher::Matcher::new(&g)?;
    let mut out = std::io::stdout().lock();
    if !files.is_empty() && !no_defaults {
        user_report(&g, &matcher, &mut out)?;
        writeln!(out, "ok")?;
        return Ok(0);
    }
    for kind in [
        EntityType::Country,
        EntityType::Person,
        EntityType::Org,
        EntityType::Location,
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
    writeln!(out, "given names {}", g.given_names())?;
    writeln!(
        out,
        "aliases   {} distinct folded forms",
        matcher.pattern_count()
    )?;
    let shared = matcher.shared_aliases();
    writeln!(
        out,
        "shared    {} aliases name several entities; resolved by document context, then office dates, else left unresolved",
        shared.len()
    )?;
    let shown = if all { shared.len() } else { 20 };
    for (alias, ids) in shared.iter().take(shown) {
        let names: Vec<&str> = ids.iter().map(|&i| g.entities()[i].id.as_str()).collect();
        writeln!(out, "  {alias:?}: {}", names.join(", "))?;
    }
    if shared.len() > shown {
        writeln!(out, "  … {} more (--all)", shared.len() - shown)?;
    }
    let dups = g.likely_duplicate_people();
    writeln!(
        out,
        "duplicates {} groups of person entries that are likely one person (same QID, same name, \
         or one name within the other's for the same post)",
        dups.len()
    )?;
    let shown = if all { dups.len() } else { 20 };
    for (why, ids) in dups.iter().take(shown) {
        writeln!(out, "  {}: {why}", ids.join(", "))?;
    }
    if dups.len() > shown {
        writeln!(out, "  … {} more (--all)", dups.len() - shown)?;
    }
    writeln!(
        out,
        "distinct  {} pairs of namesakes known to be two people (curated/distinct_people.tsv), not reported",
        g.distinct_people().len()
    )?;
    let open = g.open_holders(&["President", "Prime Minister"]);
    writeln!(
        out,
        "open      {} (country, President or Prime Minister) posts with two or more open holders",
        open.len()
    )?;
    for (of, role, holders) in &open {
        let why = crate::gazetteer::OPEN_HOLDER_CASES
            .iter()
            .find(|(o, r, _)| o == of && r == role)
            .map_or("not a documented case", |(_, _, why)| why);
        writeln!(out, "  {role} of {of}: {} ({why})", holders.join(", "))?;
    }
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

/// `gazetteer check FILE…`: per user file, the entries it adds, extends (`+id`) and replaces,
/// the office terms it adds, and its conflicts: names that now match another entity too, `+id`
/// rows without an entry, terms loaded before, and President or Prime Minister terms that
/// overlap another holder's.
fn user_report(
    g: &crate::Gazetteer,
    matcher: &crate::matcher::Matcher,
    out: &mut impl Write,
) -> std::io::Result<()> {
    use crate::gazetteer::ChangeKind;
    use crate::matcher::{AliasForm, Target};
    let mut files: Vec<&std::path::Path> = Vec::new();
    for c in g.changes() {
        if !files.contains(&c.path.as_path()) {
            files.push(&c.path);
        }
    }
    for s in g
        .sources()
        .iter()
        .filter(|s| !s.name.starts_with("default:"))
    {
        let path = std::path::Path::new(&s.name);
        if !files.contains(&path) {
            files.push(path);
        }
    }
    for file in files {
        writeln!(out, "{}", super::ui::clean(&file.display().to_string()))?;
        let changes: Vec<_> = g.changes().iter().filter(|c| c.path == file).collect();
        let of = |kind| changes.iter().filter(move |c| c.kind == kind);
        for (kind, label, what) in [
            (ChangeKind::Adds, "adds", "new entries"),
            (ChangeKind::Extends, "extends", "entries (+id: names added)"),
            (
                ChangeKind::Replaces,
                "replaces",
                "built-in entries (their aliases are dropped)",
            ),
        ] {
            writeln!(out, "  {label:<9} {} {what}", of(kind).count())?;
            for c in of(kind) {
                let names = match kind {
                    ChangeKind::Adds => String::new(),
                    _ => format!(": {}", c.aliases.join(" | ")),
                };
                writeln!(out, "    line {}: {}{names}", c.line, c.id)?;
            }
        }
        let terms: Vec<(usize, &Office)> = of(ChangeKind::AddsOffice)
            .filter_map(|c| Some((c.line, g.offices().get(c.office?)?)))
            .collect();
        writeln!(
            out,
            "  offices   {} terms (office rows, each added to its holder)",
            terms.len()
        )?;
        for (line, o) in &terms {
            let term = super::ui::clean(&format!("{}: {}", o.person, describe_office(o)));
            writeln!(out, "    line {line}: {term}")?;
        }
        let mut conflicts = Vec::new();
        for c in &changes {
            if let Some(i) = c.office {
                conflicts
                    .extend(office_conflicts(g, i).map(|why| format!("line {}: {why}", c.line)));
                continue;
            }
            if c.kind == ChangeKind::ExtendsUnknown {
                conflicts.push(format!(
                    "line {}: +{} extends no entry loaded before it (ignored)",
                    c.line, c.id
                ));
                continue;
            }
            let Some(me) = g.index_of(&c.id) else {
                continue;
            };
            for alias in &c.aliases {
                let mut others: Vec<&str> = matcher
                    .lookup(alias)
                    .into_iter()
                    .filter_map(|t| match t {
                        Target::Entity(e, f) if e != me && f != AliasForm::Surname => {
                            Some(g.entities()[e].id.as_str())
                        }
                        _ => None,
                    })
                    .collect();
                others.sort_unstable();
                others.dedup();
                if !others.is_empty() {
                    conflicts.push(format!(
                        "line {}: {alias:?} of {} also names {}",
                        c.line,
                        c.id,
                        others.join(", ")
                    ));
                }
            }
        }
        writeln!(out, "  conflicts {}", conflicts.len())?;
        for c in conflicts {
            writeln!(out, "    {}", super::ui::clean(&c))?;
        }
    }
    Ok(())
}

/// The posts whose holders decide resolution by date: a second holder at the same time is
/// a conflict (as `gazetteer check` counts open holders of these).
const MAIN_POSTS: &[&str] = &["President", "Prime Minister"];

/// Whether two terms certainly share more than a day: each starts before the other ends,
/// whatever days a date given by month or year stands for. A handover on the day one term
/// ends and the next starts is no overlap. A missing start is open to the past, a missing end
/// (or `end_before` bound) to the future, as [`Office::active_on`] reads them.
fn overlap(a: &Office, b: &Office) -> bool {
    let starts_before_end = |x: &Office, y: &Office| {
        x.start
            .zip(y.end.or(y.end_before))
            .is_none_or(|(s, e)| s.last_day() < e.first_day())
    };
    starts_before_end(a, b) && starts_before_end(b, a)
}

/// What the user office row at `index` of [`crate::Gazetteer::offices`] conflicts with: the
/// same term loaded before it (same holder, post and start), and, for a President or Prime
/// Minister of a country, other people holding that post in an overlapping term.
fn office_conflicts(g: &crate::Gazetteer, index: usize) -> impl Iterator<Item = String> + '_ {
    let offices = g.offices();
    let o = &offices[index];
    let post = |x: &Office| x.role == o.role && x.of == o.of;
    let repeat = offices[..index]
        .iter()
        .any(|x| post(x) && x.person == o.person && x.start == o.start)
        .then(|| {
            let start = o.start.map_or("?".to_string(), |d| d.to_string());
            format!(
                "{}: {} of {} from {start} repeats a term loaded before",
                o.person, o.role, o.of
            )
        });
    let main = MAIN_POSTS.contains(&o.role.as_str())
        && g.entity(&o.of)
            .is_some_and(|e| e.entity_type() == EntityType::Country);
    let mut others: Vec<&str> = offices
        .iter()
        .enumerate()
        .filter(|&(j, x)| main && j != index && post(x) && x.person != o.person && overlap(o, x))
        .map(|(_, x)| x.person.as_str())
        .collect();
    others.sort_unstable();
    others.dedup();
    let shared = (!others.is_empty()).then(|| {
        format!(
            "{} of {} for {} overlaps the term of {} (resolution by date cannot choose)",
            o.role,
            o.of,
            o.person,
            others.join(", ")
        )
    });
    repeat.into_iter().chain(shared)
}

pub(crate) fn lookup(
    name: &str,
    date: Option<crate::Date>,
    args: &GazetteerArgs,
) -> anyhow::Result<u8> {
    use crate::matcher::{AliasForm, Target};
    let g = load_gazetteer(args)?;
    let matcher = crate::matcher::Matcher::new(&g)?;
    let targets = matcher.lookup(name);
    let mut out = std::io::stdout().lock();
    if targets.is_empty() {
        writeln!(
            out,
            "{name:?}: no gazetteer entry has this alias or title (case and whole words apply)"
        )?;
        return Ok(1);
    }
    let entities: Vec<(usize, AliasForm)> = targets
        .iter()
        .filter_map(|t| match *t {
            Target::Entity(e, f) => Some((e, f)),
            Target::Title(_) => None,
        })
        .collect();
    for t in &targets {
        match *t {
            Target::Entity(e, form) => {
                let ent = &g.entities()[e];
                let form = match form {
                    AliasForm::Name => "name",
                    AliasForm::Demonym => "demonym",
                    AliasForm::Surname => {
                        "surname (used only when the full name is in the same document)"
                    }
                };
                writeln!(
                    out,
                    "{} {} {:?} as {form}",
                    ent.entity_type(),
                    ent.id,
                    ent.name
                )?;
                if let Some(c) = &ent.country {
                    writeln!(out, "  country {c}")?;
                }
                let held: Vec<&crate::gazetteer::Office> =
                    g.offices().iter().filter(|o| o.person == ent.id).collect();
                for o in &held {
                    writeln!(out, "  office {}", describe_office(o))?;
                }
                if let (Some(d), EntityType::Person) = (date, ent.entity_type()) {
                    let on: Vec<_> = held.iter().filter(|o| o.active_on(d)).collect();
                    if on.is_empty() {
                        writeln!(out, "  on {d}: no office by the gazetteer's dates")?;
                    }
                    for o in on {
                        writeln!(out, "  on {d}: {} of {}", o.role, o.of)?;
                    }
                }
            }
            Target::Title(i) => {
                let t = &g.titles()[i];
                writeln!(
                    out,
                    "TITLE {:?} (role {}, {:?}); ignored where an entity alias also matches",
                    name, t.role, t.kind
                )?;
            }
        }
    }
    let strong = entities
        .iter()
        .filter(|(_, f)| *f != AliasForm::Surname)
        .count();
    let verdict = match strong {
        0 if !entities.is_empty() => "a surname: resolves only to a person named in full in the same document",
        0 => "a title: marks a role, and a following unknown capitalised name as a discovered person",
        1 => "unique: always resolves to this entity",
        _ => "shared: resolved by the entities the document names, then by who held office on the document date, else left unresolved",
    };
    writeln!(out, "resolution: {verdict}")?;
    Ok(0)
}
