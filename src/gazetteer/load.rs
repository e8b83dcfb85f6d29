//! Parsing and validating gazetteer files.
//!
//! Files are tab-separated with a header; the header tells the file kind (entities, offices,
//! titles, abbreviations or given names). Cross-references (a person's country, an office's holder) are
//! checked after every file is read, so files may come in any order.

use std::borrow::Cow;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::rc::Rc;

use sha2::{Digest, Sha256};

use super::{
    ChangeKind, Entity, EntityType, Gazetteer, Office, Seat, SourceInfo, Title, TitleKind,
    UserChange,
};
use crate::error::{Error, Result};
use crate::text::Date;

/// Longest alias accepted, in bytes. Longer "aliases" are almost always a broken line.
pub const MAX_ALIAS_LEN: usize = 256;

/// Builds a [`Gazetteer`] from the embedded defaults and/or user files.
///
/// ```
/// use relgraph::Gazetteer;
/// let gaz = Gazetteer::builder()
///     .defaults(false)
///     .add_str("mine.tsv", "id\ttype\tname\taliases\norg:acme\tORG\tAcme Corp\tAcme\n")
///     .build()
///     .unwrap();
/// assert_eq!(gaz.entities().len(), 1);
/// ```
#[derive(Debug, Clone)]
pub struct GazetteerBuilder {
    defaults: bool,
    user: Vec<(PathBuf, Option<String>)>,
}

impl Default for GazetteerBuilder {
    fn default() -> Self {
        Self::new()
    }
}

/// Where a parsed row came from, for messages about cross-references.
#[derive(Debug, Clone)]
struct Origin {
    /// Shared by every row of a file rather than copied into each.
    path: Rc<Path>,
    line: usize,
    user: bool,
}

impl Origin {
    fn error(&self, message: impl Into<String>) -> Error {
        Error::Gazetteer {
            path: self.path.to_path_buf(),
            line: self.line,
            message: message.into(),
        }
    }
}

/// An entity row: a whole entry, or (`+id`) aliases and demonyms for an entry loaded earlier.
struct EntityRow {
    entity: Entity,
    origin: Origin,
    extends: bool,
}

#[derive(Default)]
struct Collected {
    entities: Vec<EntityRow>,
    offices: Vec<(Office, Origin)>,
    titles: Vec<Title>,
    abbreviations: Vec<String>,
    given_names: Vec<String>,
    seats: Vec<(Seat, Origin)>,
    /// Known-distinct pairs of person ids (`person`, `other`).
    distinct: Vec<((String, String), Origin)>,
    sources: Vec<SourceInfo>,
}

impl GazetteerBuilder {
    /// A builder that includes the embedded defaults.
    pub fn new() -> GazetteerBuilder {
        GazetteerBuilder {
            defaults: true,
            user: Vec::new(),
        }
    }

    /// Whether to load the embedded default lists (default: yes).
    pub fn defaults(&mut self, yes: bool) -> &mut GazetteerBuilder {
        self.defaults = yes;
        self
    }

    /// Adds a user file, or every `*.tsv`/`*.txt` file of a folder (sorted). A user entity with
    /// the id of a default entity replaces it (with a warning, see [`Gazetteer::warnings`]); a
    /// row whose id is written `+id` adds its aliases and demonyms to the entity loaded earlier.
    pub fn add_path(&mut self, path: impl Into<PathBuf>) -> &mut GazetteerBuilder {
        self.user.push((path.into(), None));
        self
    }

    /// Adds a user list given as a string (`name` is used in messages).
    pub fn add_str(&mut self, name: impl Into<PathBuf>, contents: &str) -> &mut GazetteerBuilder {
        self.user.push((name.into(), Some(contents.to_string())));
        self
    }

    /// Reads, parses and validates everything.
    pub fn build(&self) -> Result<Gazetteer> {
        let mut c = Collected::default();
        if self.defaults {
            for (name, text) in super::defaults::FILES {
                parse_file(
                    &PathBuf::from(format!("default:{name}")),
                    text,
                    false,
                    &mut c,
                )?;
            }
        }
        for (path, contents) in &self.user {
            match contents {
                Some(text) => parse_file(path, text, true, &mut c)?,
                None => {
                    for file in expand(path)? {
                        let bytes = std::fs::read(&file).map_err(|e| Error::io(&file, e))?;
                        let text = String::from_utf8(bytes).map_err(|e| Error::Gazetteer {
                            path: file.clone(),
                            line: line_of_byte(e.as_bytes(), e.utf8_error().valid_up_to()),
                            message: "invalid UTF-8; gazetteers must be UTF-8 text".into(),
                        })?;
                        parse_file(&file, &text, true, &mut c)?;
                    }
                }
            }
        }
        assemble(c)
    }
}

fn line_of_byte(bytes: &[u8], at: usize) -> usize {
    bytes[..at].iter().filter(|&&b| b == b'\n').count() + 1
}

/// A file, or the sorted gazetteer files of a folder.
fn expand(path: &Path) -> Result<Vec<PathBuf>> {
    let meta = std::fs::metadata(path).map_err(|e| Error::io(path, e))?;
    if !meta.is_dir() {
        return Ok(vec![path.to_path_buf()]);
    }
    let mut files = Vec::new();
    for entry in std::fs::read_dir(path).map_err(|e| Error::io(path, e))? {
        let p = entry.map_err(|e| Error::io(path, e))?.path();
        if p.is_file() && matches!(p.extension().and_then(|e| e.to_str()), Some("tsv" | "txt")) {
            files.push(p);
        }
    }
    files.sort();
    Ok(files)
}

#[derive(Clone, Copy, PartialEq)]
enum Kind {
    Entities,
    Offices,
    Titles,
    Abbreviations,
    GivenNames,
    Seats,
    Distinct,
}

const ENTITY_COLUMNS: &[&str] = &[
    "id", "type", "name", "aliases", "demonyms", "country", "wikidata", "iso2", "iso3", "capital",
    "source", "note",
];
const OFFICE_COLUMNS: &[&str] = &[
    "person",
    "role",
    "of",
    "start",
    "end",
    "as_of",
    "end_before",
    "source",
    "note",
];
const TITLE_COLUMNS: &[&str] = &["title", "role", "kind", "note"];
const SEAT_COLUMNS: &[&str] = &["seat", "of", "source", "note"];
const DISTINCT_COLUMNS: &[&str] = &["person", "other", "reason", "source"];

fn parse_file(path: &Path, text: &str, user: bool, c: &mut Collected) -> Result<()> {
    let shared: Rc<Path> = Rc::from(path);
    let origin = |line: usize| Origin {
        path: Rc::clone(&shared),
        line,
        user,
    };
    let digest = Sha256::digest(text.as_bytes());
    let text = crate::text::strip_bom(text);
    let mut version = None;
    let mut header: Option<(Kind, Vec<String>)> = None;
    for (i, raw) in text.lines().enumerate() {
        let at = origin(i + 1);
        let line = raw.strip_suffix('\r').unwrap_or(raw);
        if line.trim().is_empty() {
            continue;
        }
        if let Some(comment) = line.strip_prefix('#') {
            if header.is_none() {
                if let Some(v) = comment.trim().strip_prefix("version:") {
                    version = Some(v.trim().to_string());
                }
            }
            continue;
        }
        let fields = line
            .split('\t')
            .enumerate()
            .map(|(n, f)| unquote(f.trim(), n + 1, &at))
            .collect::<Result<Vec<Cow<str>>>>()?;
        let Some((kind, columns)) = &header else {
            let parsed = parse_header(&fields, &at)?;
            if parsed.0 == Kind::Entities {
                // Growing the vector of large rows one doubling at a time moves them repeatedly.
                c.entities
                    .reserve(text.bytes().filter(|&b| b == b'\n').count());
            }
            header = Some(parsed);
            continue;
        };
        if fields.len() > columns.len() {
            return Err(at.error(format!(
                "{} fields but the header names {} columns (a stray tab?)",
                fields.len(),
                columns.len()
            )));
        }
        let get = Row {
            columns,
            fields: &fields,
        };
        match kind {
            Kind::Entities => {
                let (entity, extends) = parse_entity(&get, columns, &at)?;
                c.entities.push(EntityRow {
                    entity,
                    origin: at,
                    extends,
                });
            }
            Kind::Offices => c.offices.push((parse_office(&get, &at)?, at)),
            Kind::Titles => c.titles.push(parse_title(&get, &at)?),
            Kind::Abbreviations => c.abbreviations.push(required(&get, "abbreviation", &at)?),
            Kind::GivenNames => c.given_names.push(given_name(&get, &at)?),
            Kind::Seats => {
                let seat = Seat {
                    seat: required(&get, "seat", &at)?,
                    of: required(&get, "of", &at)?,
                };
                c.seats.push((seat, at));
            }
            Kind::Distinct => {
                let pair = (
                    required(&get, "person", &at)?,
                    required(&get, "other", &at)?,
                );
                // The reason is what makes the row reviewable: two namesakes kept apart on
                // someone's word alone would hide a real duplicate.
                required(&get, "reason", &at)?;
                c.distinct.push((pair, at));
            }
        }
    }
    if header.is_none() {
        return Err(origin(1).error("no header line: the file is empty or only comments"));
    }
    c.sources.push(SourceInfo {
        name: path.display().to_string(),
        version,
        sha256: digest.iter().take(8).map(|b| format!("{b:02x}")).collect(),
    });
    Ok(())
}

/// A field as written, or the inside of a field wholly wrapped in double quotes, with `""` for a
/// quote inside (`"say ""hi"" now"` reads `say "hi" now`), as spreadsheets export them. A field that
/// starts with a quote but is not one quoted field (`"a`, `"a"b"`, or a quoted field cut by a
/// tab) is refused: gazetteer fields need no quotes.
fn unquote<'a>(field: &'a str, n: usize, at: &Origin) -> Result<Cow<'a, str>> {
    let Some(rest) = field.strip_prefix('"') else {
        return Ok(Cow::Borrowed(field));
    };
    let refuse = || {
        at.error(format!(
            "field {n} starts with a double quote but is not one quoted field (\"…\" with \"\" \
             for a quote inside); gazetteer fields need no quotes: remove them"
        ))
    };
    let inner = rest.strip_suffix('"').ok_or_else(refuse)?;
    if inner.replace("\"\"", "").contains('"') {
        return Err(refuse());
    }
    Ok(Cow::Owned(inner.replace("\"\"", "\"").trim().to_string()))
}

fn parse_header(fields: &[Cow<str>], at: &Origin) -> Result<(Kind, Vec<String>)> {
    let fields: Vec<&str> = fields.iter().map(AsRef::as_ref).collect();
    let has = |c: &str| fields.contains(&c);
    let (kind, allowed) = if has("id") && has("type") && has("name") {
        (Kind::Entities, ENTITY_COLUMNS)
    } else if has("person") && has("other") {
        (Kind::Distinct, DISTINCT_COLUMNS)
    } else if has("person") && has("role") && has("of") {
        (Kind::Offices, OFFICE_COLUMNS)
    } else if has("title") && has("role") && has("kind") {
        (Kind::Titles, TITLE_COLUMNS)
    } else if has("seat") && has("of") {
        (Kind::Seats, SEAT_COLUMNS)
    } else if fields == ["abbreviation"] {
        (Kind::Abbreviations, &["abbreviation"][..])
    } else if fields == ["given_name"] {
        (Kind::GivenNames, &["given_name"][..])
    } else {
        return Err(at.error(format!(
            "unrecognised header {:?}: expected entity columns (id, type, name, …), office \
             columns (person, role, of, …), title columns (title, role, kind), seat columns \
             (seat, of), known-distinct people (person, other, reason), `abbreviation` or \
             `given_name`",
            fields.join("\t")
        )));
    };
    for (i, f) in fields.iter().enumerate() {
        if !allowed.contains(f) {
            return Err(at.error(format!(
                "unknown column {f:?}; allowed: {}",
                allowed.join(", ")
            )));
        }
        if fields[..i].contains(f) {
            return Err(at.error(format!("column {f:?} appears twice")));
        }
    }
    Ok((kind, fields.iter().map(|f| f.to_string()).collect()))
}

/// One data line, with its fields looked up by column name.
struct Row<'a> {
    columns: &'a [String],
    fields: &'a [Cow<'a, str>],
}

impl<'a> Row<'a> {
    /// The field under `name`, or `""` when the column is absent or the line is short.
    fn get(&self, name: &str) -> &'a str {
        self.columns
            .iter()
            .position(|c| *c == name)
            .and_then(|i| self.fields.get(i))
            .map_or("", AsRef::as_ref)
    }
}

fn required(get: &Row, col: &str, at: &Origin) -> Result<String> {
    let v = get.get(col);
    if v.is_empty() {
        Err(at.error(format!("empty `{col}`")))
    } else {
        Ok(v.to_string())
    }
}

fn list(get: &Row, col: &str, at: &Origin) -> Result<Vec<String>> {
    let v = get.get(col);
    if v.is_empty() {
        return Ok(Vec::new());
    }
    let mut out: Vec<String> = Vec::new();
    for item in v.split('|').map(str::trim) {
        if item.is_empty() {
            return Err(at.error(format!(
                "empty item in `{col}` (check for `||` or a trailing `|`)"
            )));
        }
        if item.len() > MAX_ALIAS_LEN {
            return Err(at.error(format!(
                "an item in `{col}` is longer than {MAX_ALIAS_LEN} bytes"
            )));
        }
        if !item.chars().any(char::is_alphanumeric) {
            return Err(at.error(format!("`{col}` item {item:?} has no letter or digit")));
        }
        if !out.iter().any(|o| o == item) {
            out.push(item.to_string());
        }
    }
    Ok(out)
}

/// A given name: one word, a letter first (hyphens and apostrophes inside: "Abdel-Aziz").
fn given_name(get: &Row, at: &Origin) -> Result<String> {
    let name = required(get, "given_name", at)?;
    let ok = name.chars().next().is_some_and(char::is_alphabetic)
        && name
            .chars()
            .all(|c| c.is_alphabetic() || matches!(c, '-' | '\'' | '’'))
        && name.len() <= MAX_ALIAS_LEN;
    if !ok {
        return Err(at.error(format!(
            "given name {name:?} is not one word of letters (hyphens and apostrophes inside)"
        )));
    }
    Ok(name)
}

fn valid_id(id: &str) -> bool {
    let mut parts = id.splitn(2, ':');
    let (prefix, rest) = (parts.next().unwrap_or(""), parts.next().unwrap_or(""));
    !prefix.is_empty()
        && !rest.is_empty()
        && prefix.bytes().all(|b| b.is_ascii_lowercase())
        && rest
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-' | b':'))
}

/// Columns a `+id` row may fill: what it adds, and its own provenance.
const EXTEND_COLUMNS: &[&str] = &[
    "id", "type", "name", "aliases", "demonyms", "source", "note",
];

/// An entity row, and whether it extends an earlier entry (`+id`).
fn parse_entity(get: &Row, columns: &[String], at: &Origin) -> Result<(Entity, bool)> {
    let raw = required(get, "id", at)?;
    let (id, extends) = match raw.strip_prefix('+') {
        Some(id) => (id.trim().to_string(), true),
        None => (raw, false),
    };
    if !valid_id(&id) {
        return Err(at.error(format!(
            "invalid id {id:?}: use `prefix:slug` with ASCII letters, digits and `._-:` \
             (e.g. `person:ilham-aliyev`)"
        )));
    }
    if extends {
        return parse_extension(get, columns, id, at).map(|e| (e, true));
    }
    let kind: EntityType = required(get, "type", at)?
        .parse()
        .map_err(|e: String| at.error(e))?;
    let name = required(get, "name", at)?;
    if name.len() > MAX_ALIAS_LEN {
        return Err(at.error(format!("name longer than {MAX_ALIAS_LEN} bytes")));
    }
    let demonyms = list(get, "demonyms", at)?;
    if !demonyms.is_empty() && kind != EntityType::Country {
        return Err(at.error("`demonyms` is only allowed for COUNTRY entities"));
    }
    let country = Some(get.get("country").to_string()).filter(|c| !c.is_empty());
    let attrs = columns
        .iter()
        .filter(|c| {
            !matches!(
                c.as_str(),
                "id" | "type" | "name" | "aliases" | "demonyms" | "country"
            )
        })
        .filter_map(|c| {
            Some((c.to_string(), get.get(c).to_string())).filter(|(_, v)| !v.is_empty())
        })
        .collect();
    let entity = Entity {
        aliases: list(get, "aliases", at)?,
        id,
        kind: Some(kind),
        name,
        demonyms,
        country,
        attrs,
    };
    Ok((entity, false))
}

/// A `+id` row: `type` (optional, checked against the entry), `name` (added as an alias),
/// `aliases` and `demonyms`; `source` and `note` document the row. Other columns belong to the
/// entry itself: changing them means replacing it.
fn parse_extension(get: &Row, columns: &[String], id: String, at: &Origin) -> Result<Entity> {
    if let Some(c) = columns
        .iter()
        .find(|c| !EXTEND_COLUMNS.contains(&c.as_str()) && !get.get(c).is_empty())
    {
        return Err(at.error(format!(
            "`+{id}` adds aliases and demonyms only, but `{c}` is filled; to change `{c}`, \
             replace the entry (its id without `+`, every column)"
        )));
    }
    let kind = match get.get("type") {
        "" => None,
        t => Some(t.parse().map_err(|e: String| at.error(e))?),
    };
    let mut aliases = list(get, "aliases", at)?;
    let name = get.get("name");
    if !name.is_empty() && !aliases.iter().any(|a| a == name) {
        aliases.insert(0, name.to_string());
    }
    let demonyms = list(get, "demonyms", at)?;
    if aliases.is_empty() && demonyms.is_empty() {
        return Err(at.error(format!(
            "`+{id}` adds nothing: give `aliases`, `demonyms` or a `name` to add as an alias"
        )));
    }
    Ok(Entity {
        id,
        kind,
        aliases,
        demonyms,
        ..Entity::default()
    })
}

fn parse_date(get: &Row, col: &str, at: &Origin) -> Result<Option<Date>> {
    match get.get(col) {
        "" => Ok(None),
        v => Date::parse(v)
            .map(Some)
            .map_err(|e| at.error(format!("`{col}`: {e}"))),
    }
}

fn parse_office(get: &Row, at: &Origin) -> Result<Office> {
    let office = Office {
        person: required(get, "person", at)?,
        role: required(get, "role", at)?,
        of: required(get, "of", at)?,
        start: parse_date(get, "start", at)?,
        end: parse_date(get, "end", at)?,
        as_of: parse_date(get, "as_of", at)?,
        end_before: parse_date(get, "end_before", at)?,
    };
    if let (Some(s), Some(e)) = (office.start, office.end) {
        if s.first_day() > e.last_day() {
            return Err(at.error(format!("office starts ({s}) after it ends ({e})")));
        }
    }
    if office.end.is_some() && (office.as_of.is_some() || office.end_before.is_some()) {
        return Err(at.error(
            "`as_of` and `end_before` are for terms without an `end`; this office has one",
        ));
    }
    if let (Some(s), Some(b)) = (office.start, office.end_before) {
        if s.first_day() > b.last_day() {
            return Err(at.error(format!(
                "office starts ({s}) after its `end_before` bound ({b})"
            )));
        }
    }
    if let (Some(a), Some(b)) = (office.as_of, office.end_before) {
        if a.first_day() > b.last_day() {
            return Err(at.error(format!(
                "office is open as of {a}, after its `end_before` bound ({b})"
            )));
        }
    }
    Ok(office)
}

fn parse_title(get: &Row, at: &Origin) -> Result<Title> {
    let forms = list(get, "title", at)?;
    if forms.is_empty() {
        return Err(at.error("empty `title`"));
    }
    let kind = match get.get("kind") {
        "office" => TitleKind::Office,
        "honorific" => TitleKind::Honorific,
        other => {
            return Err(at.error(format!(
                "unknown title kind {other:?} (expected `office` or `honorific`)"
            )))
        }
    };
    Ok(Title {
        forms,
        role: required(get, "role", at)?,
        kind,
    })
}

/// Merges collected rows: duplicate ids, user overrides and cross-references.
fn assemble(c: Collected) -> Result<Gazetteer> {
    let mut entities: Vec<Entity> = Vec::with_capacity(c.entities.len());
    let mut origins: Vec<Origin> = Vec::with_capacity(c.entities.len());
    let mut by_id: HashMap<String, usize> = HashMap::with_capacity(c.entities.len());
    let mut warnings = Vec::new();
    let mut changes = Vec::new();
    for EntityRow {
        entity,
        origin,
        extends,
    } in c.entities
    {
        let change = |kind, aliases: Vec<String>| UserChange {
            path: origin.path.to_path_buf(),
            line: origin.line,
            id: entity.id.clone(),
            kind,
            aliases,
            office: None,
        };
        if extends {
            let Some(&i) = by_id.get(&entity.id) else {
                warnings.push(format!(
                    "{}:{}: `+{}` extends no entry loaded before it; the row is ignored",
                    origin.path.display(),
                    origin.line,
                    entity.id
                ));
                changes.push(change(ChangeKind::ExtendsUnknown, Vec::new()));
                continue;
            };
            let added = extend(&mut entities[i], &entity, &origin)?;
            if origin.user {
                changes.push(change(ChangeKind::Extends, added));
            }
            continue;
        }
        match by_id.get(&entity.id) {
            Some(&i) if origin.user && !origins[i].user => {
                warnings.push(format!(
                    "{}:{}: replaces the built-in entry {:?} ({}:{}), dropping its aliases; \
                     write the id as `+{}` to add aliases to it instead",
                    origin.path.display(),
                    origin.line,
                    entity.id,
                    origins[i].path.display(),
                    origins[i].line,
                    entity.id
                ));
                changes.push(change(ChangeKind::Replaces, names_of(&entity)));
                entities[i] = entity;
                origins[i] = origin;
            }
            Some(&i) => {
                return Err(origin.error(format!(
                    "duplicate id {:?} (first defined at {}:{})",
                    entity.id,
                    origins[i].path.display(),
                    origins[i].line
                )))
            }
            None => {
                if origin.user {
                    changes.push(change(ChangeKind::Adds, names_of(&entity)));
                }
                by_id.insert(entity.id.clone(), entities.len());
                entities.push(entity);
                origins.push(origin);
            }
        }
    }
    for (entity, origin) in entities.iter().zip(&origins) {
        if let Some(country) = &entity.country {
            let ok = by_id
                .get(country)
                .is_some_and(|&i| entities[i].kind == Some(EntityType::Country));
            if !ok {
                return Err(origin.error(format!(
                    "`country` {country:?} of {:?} is not a COUNTRY id in the loaded gazetteers",
                    entity.id
                )));
            }
        }
    }
    let roles: std::collections::HashSet<&str> = c.titles.iter().map(|t| t.role.as_str()).collect();
    let mut offices = Vec::with_capacity(c.offices.len());
    for (office, origin) in c.offices {
        let person_ok = by_id
            .get(&office.person)
            .is_some_and(|&i| entities[i].kind == Some(EntityType::Person));
        if !person_ok {
            return Err(origin.error(format!(
                "office holder {:?} is not a PERSON id in the loaded gazetteers",
                office.person
            )));
        }
        if !by_id.contains_key(&office.of) {
            return Err(origin.error(format!("unknown entity id {:?} in `of`", office.of)));
        }
        if !roles.is_empty() && !roles.contains(office.role.as_str()) {
            return Err(origin.error(format!(
                "role {:?} is not a canonical role in the titles list",
                office.role
            )));
        }
        if origin.user {
            // Counted for `gazetteer check FILE` like the entity rows, so a file of terms
            // does not report that it changes nothing.
            changes.push(UserChange {
                path: origin.path.to_path_buf(),
                line: origin.line,
                id: office.person.clone(),
                kind: ChangeKind::AddsOffice,
                aliases: Vec::new(),
                office: Some(offices.len()),
            });
        }
        offices.push(office);
    }
    let mut offices_by_person: HashMap<usize, Vec<usize>> = HashMap::new();
    for (i, o) in offices.iter().enumerate() {
        if let Some(&p) = by_id.get(&o.person) {
            offices_by_person.entry(p).or_default().push(i);
        }
    }
    let mut seats: Vec<Seat> = Vec::with_capacity(c.seats.len());
    for (seat, origin) in c.seats {
        let kind = |id: &str| by_id.get(id).and_then(|&i| entities[i].kind);
        if !matches!(
            kind(&seat.seat),
            Some(EntityType::Location | EntityType::Org)
        ) {
            return Err(origin.error(format!(
                "seat {:?} is not a LOCATION or ORG id in the loaded gazetteers",
                seat.seat
            )));
        }
        if !matches!(kind(&seat.of), Some(EntityType::Country | EntityType::Org)) {
            return Err(origin.error(format!(
                "`of` {:?} is not a COUNTRY or ORG id in the loaded gazetteers",
                seat.of
            )));
        }
        seats.retain(|s| s.seat != seat.seat);
        seats.push(seat);
    }
    let mut distinct = std::collections::BTreeSet::new();
    for ((a, b), origin) in c.distinct {
        for id in [&a, &b] {
            let person = by_id
                .get(id)
                .is_some_and(|&i| entities[i].kind == Some(EntityType::Person));
            if !person {
                return Err(origin.error(format!(
                    "{id:?} is not a PERSON id in the loaded gazetteers"
                )));
            }
        }
        if a == b {
            return Err(origin.error(format!("{a:?} is listed as distinct from itself")));
        }
        distinct.insert(if a < b { (a, b) } else { (b, a) });
    }
    Ok(Gazetteer {
        entities,
        by_id,
        offices,
        offices_by_person,
        title_keys: title_keys(&c.titles),
        titles: c.titles,
        abbreviations: c.abbreviations,
        given_names: c
            .given_names
            .iter()
            .map(|n| crate::text::fold::key(n))
            .collect(),
        seats,
        distinct,
        sources: c.sources,
        warnings,
        changes,
    })
}

/// Every title form, folded ([`crate::text::fold::key`]), to its title's index; the first
/// title that lists a form keeps it.
fn title_keys(titles: &[Title]) -> HashMap<String, usize> {
    let mut keys = HashMap::new();
    for (i, t) in titles.iter().enumerate() {
        for f in &t.forms {
            keys.entry(crate::text::fold::key(f)).or_insert(i);
        }
    }
    keys
}

/// The name, aliases and demonyms of an entry (what a user row makes match).
fn names_of(e: &Entity) -> Vec<String> {
    std::iter::once(&e.name)
        .chain(&e.aliases)
        .chain(&e.demonyms)
        .cloned()
        .collect()
}

/// Adds a `+id` row's aliases and demonyms to `target`; returns the forms that were new.
fn extend(target: &mut Entity, row: &Entity, at: &Origin) -> Result<Vec<String>> {
    if let Some(kind) = row.kind.filter(|&k| Some(k) != target.kind) {
        return Err(at.error(format!(
            "`+{}` says {kind}, but {:?} is a {}",
            row.id,
            row.id,
            target.entity_type()
        )));
    }
    if !row.demonyms.is_empty() && target.kind != Some(EntityType::Country) {
        return Err(at.error("`demonyms` is only allowed for COUNTRY entities"));
    }
    let mut added = Vec::new();
    for a in &row.aliases {
        if *a != target.name && !target.aliases.contains(a) {
            target.aliases.push(a.clone());
            added.push(a.clone());
        }
    }
    for d in &row.demonyms {
        if !target.demonyms.contains(d) {
            target.demonyms.push(d.clone());
            added.push(d.clone());
        }
    }
    Ok(added)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load(text: &str) -> Result<Gazetteer> {
        Gazetteer::builder()
            .defaults(false)
            .add_str("t.tsv", text)
            .build()
    }

    fn err_line(text: &str) -> (usize, String) {
        match load(text).unwrap_err() {
            Error::Gazetteer { line, message, .. } => (line, message),
            other => panic!("unexpected {other:?}"),
        }
    }

    #[test]
    fn given_names_fold_case_and_diacritics_and_reject_phrases() {
        let g = load("# names\ngiven_name\nJay\nAbdel-Aziz\nJosé\n").unwrap();
        assert_eq!(g.given_names(), 3);
        for name in ["Jay", "JAY", "abdel-aziz", "Jose", "José"] {
            assert!(g.is_given_name(name), "{name}");
        }
        assert!(!g.is_given_name("Monday"));
        assert_eq!(err_line("given_name\nJay\nMary Ann\n").0, 3);
        assert_eq!(err_line("given_name\n-Jay\n").0, 2);
        let defaults = Gazetteer::builder().build().unwrap();
        assert!(defaults.given_names() > 5000);
        for not_a_name in [
            "Jordan", "Georgia", "Will", "Said", "Monday", "Sheikh", "General",
        ] {
            assert!(!defaults.is_given_name(not_a_name), "{not_a_name}");
        }
    }

    #[test]
    fn a_name_opens_with_its_longest_title() {
        let g = load("title\trole\tkind\nKing\tKing\toffice\nCrown Prince\tCrown Prince\toffice\nPrince\tPrince\thonorific\n").unwrap();
        let role = |name: &str| {
            g.title_prefix(name)
                .map(|(t, len)| (g.titles()[t].role.clone(), name[..len].to_string()))
        };
        let some = |r: &str, w: &str| Some((r.to_string(), w.to_string()));
        assert_eq!(role("King Mohammed VI"), some("King", "King"));
        assert_eq!(
            role("crown prince Mohammed"),
            some("Crown Prince", "crown prince")
        );
        assert_eq!(role("King"), None);
        assert_eq!(role("Kingsley Amis"), None);
        assert_eq!(role("Mohammed VI"), None);
    }

    #[test]
    fn defaults_load_and_cross_reference() {
        let g = Gazetteer::builder().build().unwrap();
        assert!(g.entity("person:ilham-aliyev").is_some());
        assert!(!g.titles().is_empty());
        assert!(g.abbreviations().iter().any(|a| a == "Gen."));
        assert!(g.sources().iter().all(|s| s.sha256.len() == 16));
    }

    /// Issue 19, item 1: open terms of the main posts are bounded by the 2026 leader
    /// snapshots; only documented posts keep two open holders.
    #[test]
    fn shipped_main_posts_have_one_open_holder_except_documented_cases() {
        let g = Gazetteer::builder().build().unwrap();
        let open = g.open_holders(&["President", "Prime Minister"]);
        assert!(
            open.len() <= 10,
            "{} posts with 2+ open holders: {open:?}",
            open.len()
        );
        for (of, role, holders) in &open {
            assert!(
                super::super::OPEN_HOLDER_CASES
                    .iter()
                    .any(|(o, r, _)| o == of && r == role),
                "{role} of {of} has open holders {holders:?} and is not a documented case"
            );
        }
        let d = |s: &str| Date::parse(s).unwrap();
        let term = |person: &str, role: &str| {
            g.offices()
                .iter()
                .find(|o| o.person == person && o.role == role && o.end.is_none())
                .unwrap_or_else(|| panic!("{person} {role}"))
        };
        let hasina = term("person:sheikh-hasina", "Prime Minister");
        assert!(hasina.end_before.is_some() && !hasina.is_open());
        assert!(hasina.active_on(d("2020-06-01")) && !hasina.active_on(d("2025-06-01")));
        let sarraj = term("person:fayez-al-sarraj", "Chairman");
        assert!(!sarraj.is_open() && !sarraj.active_on(d("2026-06-01")));
        // The holders the snapshots name stay open, as of their snapshot.
        for (person, role) in [
            ("person:muhammad-yunus", "Prime Minister"),
            ("person:mohamed-al-menfi", "Chairman"),
        ] {
            let o = term(person, role);
            assert!(o.is_open() && o.as_of.is_some(), "{o:?}");
        }
    }

    #[test]
    fn malformed_lines_name_the_line() {
        let h = "# comment\nid\ttype\tname\taliases\n";
        assert_eq!(err_line(&format!("{h}x:1\tORG\tX\ta||b\n")).0, 3);
        assert!(err_line(&format!("{h}x:1\tBANK\tX\n"))
            .1
            .contains("unknown entity type"));
        assert!(err_line(&format!("{h}bad id\tORG\tX\n"))
            .1
            .contains("invalid id"));
        assert!(err_line(&format!("{h}x:1\tORG\t\n"))
            .1
            .contains("empty `name`"));
        assert!(err_line(&format!("{h}x:1\tORG\tX\tA\textra\n"))
            .1
            .contains("stray tab"));
        let dup = err_line(&format!("{h}x:1\tORG\tX\nx:1\tORG\tY\n"));
        assert_eq!(dup.0, 4);
        assert!(dup.1.contains("duplicate id"));
        assert!(err_line("id\ttype\tnom\n")
            .1
            .contains("unrecognised header"));
        assert!(err_line("id\ttype\tname\tcolour\n")
            .1
            .contains("unknown column"));
        assert!(err_line("# only a comment\n").1.contains("no header"));
        let places = "id\ttype\tname\nloc:a\tLOCATION\tA\ncountry:b\tCOUNTRY\tB\n";
        let seats = |rows: &str| {
            Gazetteer::builder()
                .defaults(false)
                .add_str("p.tsv", places)
                .add_str("s.tsv", &format!("seat\tof\tsource\n{rows}"))
                .build()
        };
        assert_eq!(seats("loc:a\tcountry:b\tx\n").unwrap().seats().len(), 1);
        for bad in [
            "country:b\tcountry:b\n",
            "loc:a\tloc:a\n",
            "loc:zz\tcountry:b\n",
        ] {
            let e = seats(bad).unwrap_err().to_string();
            assert!(e.contains("s.tsv:2:"), "{e}");
        }
        assert!(
            err_line("id\ttype\tname\tcountry\np:1\tPERSON\tP\tcountry:zz\n")
                .1
                .contains("not a COUNTRY")
        );
    }

    fn offices(rows: &str) -> Result<Gazetteer> {
        Gazetteer::builder()
            .defaults(false)
            .add_str(
                "e.tsv",
                "id\ttype\tname\nperson:a\tPERSON\tA\ncountry:b\tCOUNTRY\tB\n",
            )
            .add_str(
                "o.tsv",
                &format!("person\trole\tof\tstart\tend\tas_of\tend_before\n{rows}"),
            )
            .build()
    }

    #[test]
    fn open_terms_are_open_as_of_a_date_or_bounded() {
        let d = |s: &str| Date::parse(s).unwrap();
        let g = offices(
            "person:a\tPrime Minister\tcountry:b\t2009\t\t2022\t2024-08-08\n\
             person:a\tPresident\tcountry:b\t2024-08-08\t\t2026-03\t\n",
        )
        .unwrap();
        let (pm, pres) = (&g.offices()[0], &g.offices()[1]);
        assert_eq!(pm.as_of, Some(d("2022")));
        assert_eq!(pm.end_before, Some(d("2024-08-08")));
        assert!(!pm.is_open());
        assert!(pm.active_on(d("2020-06-01")));
        assert!(pm.active_on(d("2024-08-08")));
        assert!(!pm.active_on(d("2025-06-01")));
        assert!(pres.is_open());
        assert_eq!(pres.as_of, Some(d("2026-03")));
        // `as_of` says nothing about later dates: the term stays open.
        assert!(pres.active_on(d("2027-01-01")));
        assert!(!pres.active_on(d("2020-01-01")));
    }

    #[test]
    fn malformed_bounds_name_the_line() {
        let err = |rows: &str| match offices(rows).unwrap_err() {
            Error::Gazetteer {
                path,
                line,
                message,
            } => (path.display().to_string(), line, message),
            other => panic!("unexpected {other:?}"),
        };
        let (path, line, message) = err("person:a\tPresident\tcountry:b\t2009\t\t\t2024-13\n");
        assert_eq!((path.as_str(), line), ("o.tsv", 2));
        assert!(message.contains("`end_before`"), "{message}");
        assert!(err("person:a\tPresident\tcountry:b\t2009\t\tsoon\t\n")
            .2
            .contains("`as_of`"));
        assert!(err("person:a\tPresident\tcountry:b\t2009\t2014\t\t2020\n")
            .2
            .contains("without an `end`"));
        assert!(err("person:a\tPresident\tcountry:b\t2009\t\t\t2001\n")
            .2
            .contains("after its `end_before`"));
        assert!(err("person:a\tPresident\tcountry:b\t2009\t\t2024\t2020\n")
            .2
            .contains("open as of 2024"));
    }

    #[test]
    fn regex_metacharacters_and_crlf_are_plain_text() {
        let g =
            load("id\ttype\tname\taliases\r\norg:x\tORG\tC++ (.*) Group\t[A-Z]+|a.b\r\n").unwrap();
        let e = g.entity("org:x").unwrap();
        assert_eq!(e.name, "C++ (.*) Group");
        assert_eq!(e.aliases, ["[A-Z]+", "a.b"]);
    }

    /// Issue 19, item 5: a `+id` row adds names to an entry without copying it.
    #[test]
    fn plus_rows_extend_an_entry_and_report_what_they_added() {
        let base = "id\ttype\tname\taliases\tdemonyms\n\
                    country:b\tCOUNTRY\tBorduria\tBordurian Republic\tBordurian\n\
                    person:k\tPERSON\tKurvi Tasch\t\t\n";
        let user = |rows: &str| {
            Gazetteer::builder()
                .defaults(false)
                .add_str("base.tsv", base)
                .add_str(
                    "u.tsv",
                    &format!("id\ttype\tname\taliases\tdemonyms\tsource\n{rows}"),
                )
                .build()
        };
        let g = user(
            "+person:k\t\tPlekszy-Gladz\tKurvi|Kurvi Tasch\t\tmy reading\n\
             +country:b\tCOUNTRY\t\t\tBordurians\t\n",
        )
        .unwrap();
        let k = g.entity("person:k").unwrap();
        assert_eq!(k.name, "Kurvi Tasch");
        assert_eq!(k.aliases, ["Plekszy-Gladz", "Kurvi"]);
        let b = g.entity("country:b").unwrap();
        assert_eq!(b.aliases, ["Bordurian Republic"]);
        assert_eq!(b.demonyms, ["Bordurian", "Bordurians"]);
        assert!(g.warnings().is_empty(), "{:?}", g.warnings());
        let kinds: Vec<(ChangeKind, usize)> = g
            .changes()
            .iter()
            .filter(|c| c.path == Path::new("u.tsv"))
            .map(|c| (c.kind, c.aliases.len()))
            .collect();
        assert_eq!(kinds, [(ChangeKind::Extends, 2), (ChangeKind::Extends, 1)]);

        let err = |rows: &str| user(rows).unwrap_err().to_string();
        assert!(err("+person:k\tORG\t\tK\t\t\n").contains("u.tsv:2: `+person:k` says ORG"));
        assert!(err("+person:k\t\t\t\tKurvian\t\n").contains("only allowed for COUNTRY"));
        assert!(err("+person:k\t\t\t\t\tx\n").contains("adds nothing"));
        let country = Gazetteer::builder()
            .defaults(false)
            .add_str("base.tsv", base)
            .add_str(
                "u.tsv",
                "id\ttype\tname\tcountry\n+person:k\t\t\tcountry:b\n",
            )
            .build()
            .unwrap_err()
            .to_string();
        assert!(country.contains("`country` is filled"), "{country}");
        // An id nobody defined: a warning naming the line, the row ignored.
        let g = user("person:new\tPERSON\tNew Man\t\t\t\n+person:none\t\t\tX\t\t\n").unwrap();
        assert_eq!(g.warnings().len(), 1);
        assert!(g.warnings()[0].starts_with("u.tsv:3: `+person:none` extends no entry"));
        assert!(g.entity("person:none").is_none());
        let kinds: Vec<ChangeKind> = g
            .changes()
            .iter()
            .filter(|c| c.path == Path::new("u.tsv"))
            .map(|c| c.kind)
            .collect();
        assert_eq!(kinds, [ChangeKind::Adds, ChangeKind::ExtendsUnknown]);
    }

    #[test]
    fn quoted_fields_are_unquoted_or_refused_with_the_line() {
        let g =
            load("id\ttype\tname\taliases\norg:x\tORG\t\"Acme \"\"Big\"\" Corp\"\t\"A, B|Acme\"\n")
                .unwrap();
        let e = g.entity("org:x").unwrap();
        assert_eq!(e.name, "Acme \"Big\" Corp");
        assert_eq!(e.aliases, ["A, B", "Acme"]);
        // A quote inside an unquoted field is text ("Mad Dog" nicknames).
        let g = load("id\ttype\tname\norg:y\tORG\tThe \"Y\" Group\n").unwrap();
        assert_eq!(g.entity("org:y").unwrap().name, "The \"Y\" Group");
        for bad in ["\"Acme", "\"Ac\"me\"", "\"Acme\"x"] {
            let (line, message) = err_line(&format!("# c\nid\ttype\tname\norg:z\tORG\t{bad}\n"));
            assert_eq!(line, 3, "{bad}");
            assert!(
                message.contains("field 3 starts with a double quote"),
                "{message}"
            );
        }
    }

    #[test]
    fn likely_duplicate_people_by_qid_name_and_office() {
        let g = Gazetteer::builder()
            .defaults(false)
            .add_str(
                "e.tsv",
                "id\ttype\tname\twikidata\n\
                 country:c\tCOUNTRY\tC\t\n\
                 person:a\tPERSON\tAna Maria Pol\tQ1\n\
                 person:a2\tPERSON\tAna Pol\t\n\
                 person:b\tPERSON\tBo Li\tQ2\n\
                 person:b2\tPERSON\tBo Li\tQ3\n\
                 person:d\tPERSON\tDa Wu\tQ4\n\
                 person:d2\tPERSON\tDa Wu Jr\tQ4\n\
                 person:e\tPERSON\tEla Ruiz\t\n\
                 person:e2\tPERSON\tEla Ruiz\t\n",
            )
            .add_str(
                "o.tsv",
                "person\trole\tof\nperson:a\tPresident\tcountry:c\n\
                 person:a2\tPresident\tcountry:c\nperson:b\tPresident\tcountry:c\n\
                 person:b2\tPresident\tcountry:c\n",
            )
            .build()
            .unwrap();
        let found: Vec<(String, Vec<String>)> = g.likely_duplicate_people();
        let ids: Vec<Vec<&str>> = found
            .iter()
            .map(|(_, ids)| ids.iter().map(String::as_str).collect())
            .collect();
        // Bo Li twice with two QIDs: two people.
        assert_eq!(
            ids,
            [
                vec!["person:a", "person:a2"],
                vec!["person:d", "person:d2"],
                vec!["person:e", "person:e2"]
            ]
        );
        assert!(found[0].0.contains("President of country:c"), "{found:?}");
        assert!(found[1].0.contains("same QID"));
    }

    #[test]
    fn known_distinct_people_are_not_reported_and_must_be_people() {
        let people = "id\ttype\tname\ncountry:c\tCOUNTRY\tC\n\
                      person:e\tPERSON\tEla Ruiz\nperson:e2\tPERSON\tEla Ruiz\n\
                      person:f\tPERSON\tFe Lu\nperson:f2\tPERSON\tFe Lu\n";
        let load = |distinct: &str| {
            Gazetteer::builder()
                .defaults(false)
                .add_str("e.tsv", people)
                .add_str("d.tsv", distinct)
                .build()
        };
        // Written either way round.
        let g = load("person\tother\treason\nperson:e2\tperson:e\ttwo careers\n").unwrap();
        let ids: Vec<Vec<String>> = g
            .likely_duplicate_people()
            .into_iter()
            .map(|(_, ids)| ids)
            .collect();
        assert_eq!(ids, [vec!["person:f".to_string(), "person:f2".to_string()]]);
        assert_eq!(g.distinct_people().len(), 1);
        for (rows, want) in [
            (
                "person:e\tcountry:c\tx\n",
                "d.tsv:2: \"country:c\" is not a PERSON id",
            ),
            (
                "person:e\tperson:e\tx\n",
                "d.tsv:2: \"person:e\" is listed as distinct from itself",
            ),
            ("person:e\tperson:e2\t\n", "d.tsv:2:"),
        ] {
            let err = load(&format!("person\tother\treason\n{rows}")).unwrap_err();
            assert!(err.to_string().contains(want), "{err}");
        }
    }

    #[test]
    fn user_files_replace_default_entries() {
        let g = Gazetteer::builder()
            .add_str("mine.tsv", "id\ttype\tname\naliases_test\n")
            .build();
        assert!(g.is_err());
        let g = Gazetteer::builder()
            .add_str(
                "mine.tsv",
                "id\ttype\tname\ncountry:az\tCOUNTRY\tAzerbaijan Republic\n",
            )
            .build()
            .unwrap();
        assert_eq!(g.entity("country:az").unwrap().name, "Azerbaijan Republic");
        let w = g.warnings();
        assert_eq!(w.len(), 1, "{w:?}");
        assert!(
            w[0].starts_with(
                "mine.tsv:2: replaces the built-in entry \"country:az\" (default:countries.tsv:"
            ),
            "{w:?}"
        );
        assert!(w[0].contains("`+country:az`"));
        assert_eq!(g.changes()[0].kind, ChangeKind::Replaces);
    }
}
