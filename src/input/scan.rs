//! Command-line paths to sources: `-` is stdin, a file is itself, a folder is walked
//! recursively (sorted, hidden entries skipped) for the files relgraph reads, and every other
//! file met is counted with the reason it was left.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::sniff;
use super::Source;
use crate::error::Error;

/// Extensions (compared without case) of the files a folder scan reads.
pub const READ_EXTENSIONS: &[&str] = &["txt", "text", "md", "html", "htm", "jsonl", "ndjson"];

/// Groups of skipped files listed in a scan's warning; the rest are summed up.
const LISTED_GROUPS: usize = 4;

/// The lower-case extension of `path`, if it has one in UTF-8.
pub(crate) fn extension(path: &Path) -> Option<String> {
    path.extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
}

/// Whether `path`'s extension (any case) is one of `list`.
pub(crate) fn has_extension(path: &Path, list: &[&str]) -> bool {
    extension(path).is_some_and(|e| list.contains(&e.as_str()))
}

/// What [`expand`] found.
#[derive(Debug, Default)]
pub struct Expanded {
    /// The sources to read, in order.
    pub sources: Vec<Source>,
    /// Paths that could not be read (missing, a symlink loop), one error each.
    pub errors: Vec<Error>,
    /// One report per folder scanned, in the order given.
    pub folders: Vec<FolderScan>,
}

/// One folder given on the command line and what its scan left out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FolderScan {
    /// The folder as given.
    pub path: PathBuf,
    /// Files found to read.
    pub read: usize,
    /// Files left out, with the reason: (extension pattern such as `*.pdf`, reason) → count.
    pub skipped: BTreeMap<(String, String), usize>,
}

impl FolderScan {
    /// Files left out.
    pub fn skipped_files(&self) -> usize {
        self.skipped.values().sum()
    }

    /// Whether nothing in the folder can be read.
    pub fn is_empty(&self) -> bool {
        self.read == 0
    }

    /// One line for the user, or `None` when the scan read every file it met:
    /// `news: skipped 3 files: 2 *.pdf (PDF is not supported; …), 1 *.png (not text)`, and
    /// for a folder with nothing to read, `news: no file to read (…)`. At most a few groups
    /// are listed, the largest first.
    pub fn describe(&self) -> Option<String> {
        let n = self.skipped_files();
        let files = |n: usize| if n == 1 { "file" } else { "files" };
        let mut groups: Vec<(&(String, String), &usize)> = self.skipped.iter().collect();
        groups.sort_by(|a, b| b.1.cmp(a.1).then_with(|| a.0.cmp(b.0)));
        let mut listed: Vec<String> = groups
            .iter()
            .take(LISTED_GROUPS)
            .map(|((pattern, why), count)| format!("{count} {pattern} ({why})"))
            .collect();
        if groups.len() > LISTED_GROUPS {
            let rest: usize = groups[LISTED_GROUPS..].iter().map(|g| g.1).sum();
            listed.push(format!("{rest} other {}", files(rest)));
        }
        let skipped = format!("skipped {n} {}: {}", files(n), listed.join(", "));
        let folder = self.path.display();
        match (self.read, n) {
            (0, 0) => Some(format!(
                "{folder}: no file to read (the folder holds no *.{} file); nothing read from it",
                READ_EXTENSIONS.join(", *.")
            )),
            (0, _) => Some(format!(
                "{folder}: no readable file ({skipped}); nothing read from it"
            )),
            (_, 0) => None,
            _ => Some(format!("{folder}: {skipped}")),
        }
    }
}

/// Expands command-line paths into sources: `-` is stdin, a folder gives the files it holds
/// with a [`READ_EXTENSIONS`] extension (in any case), recursively in sorted order (hidden
/// entries skipped), a file is itself whatever its name. Unreadable paths are returned as
/// errors alongside the sources found; each folder's scan says what it left out.
pub fn expand(paths: &[PathBuf]) -> Expanded {
    let mut out = Expanded::default();
    for p in paths {
        if p.as_os_str() == "-" {
            out.sources.push(Source::Stdin);
            continue;
        }
        match std::fs::metadata(p) {
            Ok(m) if m.is_dir() => {
                let before = out.sources.len();
                let mut scan = FolderScan {
                    path: p.clone(),
                    read: 0,
                    skipped: BTreeMap::new(),
                };
                walk(p, &mut out, &mut scan, &mut Vec::new());
                scan.read = out.sources.len() - before;
                out.folders.push(scan);
            }
            Ok(_) => out.sources.push(Source::File(p.clone())),
            Err(e) => out.errors.push(Error::io(p, e)),
        }
    }
    out
}

/// Why a file met in a folder is not read: the format it is named as, else "not a text file".
fn skip_reason(path: &Path) -> String {
    match sniff::Refused::by_extension(path) {
        Some(kind) => kind.short_reason(),
        None => "not a text file".into(),
    }
}

/// Walks a folder. `ancestors` holds the canonical paths of the folders above, so a symlink
/// that points back up (a loop) is reported and skipped instead of followed forever.
fn walk(dir: &Path, out: &mut Expanded, scan: &mut FolderScan, ancestors: &mut Vec<PathBuf>) {
    let canonical = match std::fs::canonicalize(dir) {
        Ok(c) => c,
        Err(e) => return out.errors.push(Error::io(dir, e)),
    };
    if ancestors.contains(&canonical) {
        out.errors.push(Error::Input {
            path: dir.to_path_buf(),
            line: None,
            message: "symlink loop (the folder contains itself); skipped".into(),
        });
        return;
    }
    ancestors.push(canonical);
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) => {
            out.errors.push(Error::io(dir, e));
            ancestors.pop();
            return;
        }
    };
    let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    for p in paths {
        let hidden = p
            .file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| n.starts_with('.'));
        if hidden {
            continue;
        }
        match std::fs::metadata(&p) {
            Ok(m) if m.is_dir() => walk(&p, out, scan, ancestors),
            Ok(_) if has_extension(&p, READ_EXTENSIONS) => out.sources.push(Source::File(p)),
            Ok(_) => {
                let pattern = match extension(&p) {
                    Some(e) => format!("*.{e}"),
                    None => "without extension".into(),
                };
                *scan.skipped.entry((pattern, skip_reason(&p))).or_default() += 1;
            }
            Err(e) => out.errors.push(Error::io(&p, e)),
        }
    }
    ancestors.pop();
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scan(skipped: &[(&str, &str, usize)], read: usize) -> FolderScan {
        FolderScan {
            path: PathBuf::from("news"),
            read,
            skipped: skipped
                .iter()
                .map(|&(p, w, n)| ((p.to_string(), w.to_string()), n))
                .collect(),
        }
    }

    #[test]
    fn a_scan_is_one_line_with_the_largest_groups_first_and_the_rest_summed() {
        assert_eq!(scan(&[], 3).describe(), None);
        assert_eq!(
            scan(&[("*.png", "not text", 1), ("*.pdf", "PDF", 2)], 1)
                .describe()
                .unwrap(),
            "news: skipped 3 files: 2 *.pdf (PDF), 1 *.png (not text)"
        );
        let many = scan(
            &[
                ("*.a", "x", 1),
                ("*.b", "x", 1),
                ("*.c", "x", 1),
                ("*.d", "x", 1),
                ("*.e", "x", 5),
                ("*.f", "x", 2),
            ],
            1,
        );
        assert_eq!(
            many.describe().unwrap(),
            "news: skipped 11 files: 5 *.e (x), 2 *.f (x), 1 *.a (x), 1 *.b (x), 2 other files"
        );
    }

    #[test]
    fn a_folder_with_nothing_to_read_says_so() {
        let empty = scan(&[], 0).describe().unwrap();
        assert!(empty.starts_with("news: no file to read"), "{empty}");
        let only_pdf = scan(&[("*.pdf", "PDF", 1)], 0).describe().unwrap();
        assert_eq!(
            only_pdf,
            "news: no readable file (skipped 1 file: 1 *.pdf (PDF)); nothing read from it"
        );
    }

    #[test]
    fn extensions_are_compared_without_case() {
        for name in ["a.TXT", "b.Md", "c.JSONL", "d.HTML", "e.htm"] {
            assert!(has_extension(Path::new(name), READ_EXTENSIONS), "{name}");
        }
        assert!(!has_extension(Path::new("f.pdf"), READ_EXTENSIONS));
        assert!(!has_extension(Path::new("txt"), READ_EXTENSIONS));
    }
}
