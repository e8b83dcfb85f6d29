//! Output files staged as temporary files in the output folder and renamed into place together
//! at the end, so a failure in any format leaves every previous output untouched.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::Context;
use tempfile::NamedTempFile;

/// Files written but not yet renamed into place.
#[derive(Default)]
pub(crate) struct Staged {
    files: Vec<(Temp, PathBuf)>,
}

/// A temporary output file, known to the signal handler (which removes it on SIGINT or
/// SIGTERM) for as long as it exists.
pub(crate) struct Temp {
    file: NamedTempFile,
    _tracked: crate::signals::Tracked,
}

impl Temp {
    /// The open file.
    pub(crate) fn as_file(&self) -> &std::fs::File {
        self.file.as_file()
    }
}

/// A temporary file in `path`'s folder.
pub(crate) fn temp_for(path: &Path) -> anyhow::Result<Temp> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let (file, tracked) = crate::signals::create_tracked(
        || {
            tempfile::Builder::new()
                .prefix(".relgraph-")
                .suffix(".tmp")
                .tempfile_in(dir)
        },
        |f| f.path(),
    )
    .with_context(|| format!("creating a temporary file in {}", dir.display()))?;
    Ok(Temp {
        file,
        _tracked: tracked,
    })
}

impl Staged {
    /// Writes `path`'s future content into a temporary file.
    pub(crate) fn stage(
        &mut self,
        path: PathBuf,
        write: impl FnOnce(&mut StagedFile) -> std::io::Result<()>,
    ) -> anyhow::Result<()> {
        let tmp = temp_for(&path)?;
        let written = Writeback::of(&tmp).and_then(|file| {
            let mut out = StagedFile {
                // Buffered: the JSON writer makes one small write per token.
                buffered: std::io::BufWriter::with_capacity(1 << 16, file),
                path: tmp.file.path(),
                written: 0,
            };
            write(&mut out).and_then(|()| out.flush())
        });
        written.with_context(|| format!("writing {}", path.display()))?;
        self.add(tmp, path)
    }

    /// Adds a temporary file written elsewhere (the JSON Lines stream).
    pub(crate) fn add(&mut self, tmp: Temp, path: PathBuf) -> anyhow::Result<()> {
        // Temporary files are private (0600); outputs are ordinary files.
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            tmp.as_file()
                .set_permissions(std::fs::Permissions::from_mode(0o644))
                .with_context(|| format!("writing {}", path.display()))?;
        }
        tmp.as_file()
            .sync_all()
            .with_context(|| format!("writing {}", path.display()))?;
        self.files.push((tmp, path));
        Ok(())
    }

    /// Renames every staged file into place; returns the paths.
    pub(crate) fn commit(self) -> anyhow::Result<Vec<PathBuf>> {
        crate::signals::test_pause();
        let mut done = Vec::new();
        for (tmp, path) in self.files {
            tmp.file
                .persist(&path)
                .with_context(|| format!("replacing {}", path.display()))?;
            done.push(path);
        }
        Ok(done)
    }
}

/// A staged output file as its writer sees it: buffered, written back to disk as it goes
/// ([`Writeback`]), and able to append a copy of what it holds (the JSON graph repeats its
/// `edges` array as `links`), which it reads back through a handle of its own.
pub(crate) struct StagedFile<'t> {
    buffered: std::io::BufWriter<Writeback>,
    /// The temporary file's path, to read it back from.
    path: &'t Path,
    written: u64,
}

impl Write for StagedFile<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.buffered.write(buf)?;
        self.written += n as u64;
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.buffered.flush()
    }
}

impl crate::export::json::Repeat for StagedFile<'_> {
    fn written(&self) -> u64 {
        self.written
    }

    fn repeat(&mut self, range: std::ops::Range<u64>) -> std::io::Result<()> {
        use std::io::{Read, Seek};
        if range.start > range.end || range.end > self.written {
            return Err(std::io::Error::other(
                "repeat: range outside what was written",
            ));
        }
        self.buffered.flush()?;
        // A handle of its own: the writing handles share one file position.
        let mut reader = std::fs::File::open(self.path)?;
        reader.seek(std::io::SeekFrom::Start(range.start))?;
        let len = range.end - range.start;
        // Past the empty buffer, straight to the file.
        let copied = self.buffered.get_mut().copy_from(&mut reader.take(len))?;
        self.written += copied;
        match copied == len {
            true => Ok(()),
            false => Err(std::io::ErrorKind::UnexpectedEof.into()),
        }
    }
}

/// A file being written from its start that asks the kernel to write each finished stretch back
/// to disk while the rest is being written (Linux `sync_file_range`), so that the `fsync`
/// before the rename finds little left to flush: on an 887 MB JSON graph that `fsync` took
/// 0.54 s at the end of the run, with every other thread idle (6 ms with this). Elsewhere it
/// is a plain file.
struct Writeback {
    file: std::fs::File,
    /// Bytes per request: large enough to cost nothing, small enough to keep the disk busy.
    step: u64,
    written: u64,
    requested: u64,
}

impl Writeback {
    /// Writes to `tmp` (through a second handle to it).
    fn of(tmp: &Temp) -> std::io::Result<Writeback> {
        Ok(Writeback::with_step(tmp.as_file().try_clone()?, 32 << 20))
    }

    fn with_step(file: std::fs::File, step: u64) -> Writeback {
        Writeback {
            file,
            step: step.max(1),
            written: 0,
            requested: 0,
        }
    }

    /// Starts writing back what was written since the last request. Advisory: if the kernel
    /// refuses, the final `fsync` does it all, as without this.
    fn start_writeback(&mut self) {
        #[cfg(target_os = "linux")]
        {
            use std::os::fd::AsRawFd;
            if let (Ok(from), Ok(len)) = (
                i64::try_from(self.requested),
                i64::try_from(self.written - self.requested),
            ) {
                // SAFETY: a plain system call on a file descriptor this struct owns; it reads
                // and writes no memory of ours.
                unsafe {
                    libc::sync_file_range(
                        self.file.as_raw_fd(),
                        from,
                        len,
                        libc::SYNC_FILE_RANGE_WRITE,
                    );
                }
            }
        }
        self.requested = self.written;
    }
}

impl Writeback {
    /// Appends what `from` reads. File to file, so the kernel copies it (`copy_file_range`
    /// on Linux, through `std::io::copy`) without passing it through this process.
    fn copy_from(&mut self, from: &mut std::io::Take<std::fs::File>) -> std::io::Result<u64> {
        let n = std::io::copy(from, &mut self.file)?;
        self.written += n;
        if self.written - self.requested >= self.step {
            self.start_writeback();
        }
        Ok(n)
    }
}

impl Write for Writeback {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.file.write(buf)?;
        self.written += n as u64;
        if self.written - self.requested >= self.step {
            self.start_writeback();
        }
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.file.flush()
    }
}

/// A format written while documents are processed: JSON Lines or event records.
enum StreamWriter {
    Jsonl(crate::export::jsonl::JsonlWriter<std::io::BufWriter<Writeback>>),
    Events(crate::export::events::EventWriter<std::io::BufWriter<Writeback>>),
}

/// Says how many documents the date window left out, if any.
pub(crate) fn report_outside(outside: usize, window: &crate::filter::DateWindow) {
    if outside > 0 {
        eprintln!(
            "relgraph: {outside} document{} outside {} (or undated) left out",
            if outside == 1 { "" } else { "s" },
            window.describe()
        );
    }
}

/// What a run kept of its documents and graph, for the provenance (`None`: everything).
pub(crate) fn describe_selection(
    window: &crate::filter::DateWindow,
    filter: &crate::filter::GraphFilter,
) -> Option<String> {
    let described: Vec<String> = [
        (!window.is_open()).then(|| window.describe()),
        (!filter.is_identity()).then(|| filter.describe()),
    ]
    .into_iter()
    .flatten()
    .collect();
    (!described.is_empty()).then(|| described.join(" "))
}

/// A streamed output (see [`crate::export::Format::is_streamed`]), staged in a temporary
/// file beside its path until the run succeeds.
pub(crate) struct Stream {
    writer: StreamWriter,
    tmp: Temp,
    path: PathBuf,
}

impl Stream {
    /// Starts every streamed format among `formats` (each once) in `output`, named `name`;
    /// none when the run writes to stdout. The output folder is created first.
    pub(crate) fn start_all(
        formats: &[crate::export::Format],
        output: &std::path::Path,
        name: &str,
        filter: &crate::filter::GraphFilter,
    ) -> anyhow::Result<Vec<Stream>> {
        let to_stdout = output.as_os_str() == "-";
        let mut streamed: Vec<crate::export::Format> = formats
            .iter()
            .copied()
            .filter(|f| f.is_streamed() && !to_stdout)
            .collect();
        streamed.sort();
        streamed.dedup();
        if !streamed.is_empty() {
            std::fs::create_dir_all(output)
                .with_context(|| format!("creating output folder {}", output.display()))?;
        }
        streamed
            .into_iter()
            .map(|f| Stream::start(f, output.join(format!("{name}.{}", f.files()[0])), filter))
            .collect()
    }

    /// Starts `format` at `path`.
    pub(crate) fn start(
        format: crate::export::Format,
        path: PathBuf,
        filter: &crate::filter::GraphFilter,
    ) -> anyhow::Result<Self> {
        use crate::export::{events::EventWriter, jsonl::JsonlWriter, Format};
        let tmp = temp_for(&path)?;
        let file = Writeback::of(&tmp).with_context(|| format!("writing {}", path.display()))?;
        let out = std::io::BufWriter::new(file);
        let writer = match format {
            Format::Events => StreamWriter::Events(EventWriter::new(out, filter)),
            _ => StreamWriter::Jsonl(JsonlWriter::new(out, filter)),
        };
        Ok(Stream { writer, tmp, path })
    }

    /// Writes one document's records.
    pub(crate) fn write(&mut self, doc: &crate::DocResult) -> anyhow::Result<()> {
        match &mut self.writer {
            StreamWriter::Jsonl(w) => w.write_document(doc),
            StreamWriter::Events(w) => w.write_document(doc),
        }
        .with_context(|| format!("writing {}", self.path.display()))
    }

    /// Writes the summary (JSON Lines only) and stages the file.
    pub(crate) fn finish(
        self,
        summary: &crate::export::jsonl::Summary,
        staged: &mut Staged,
    ) -> anyhow::Result<()> {
        let out = match self.writer {
            StreamWriter::Jsonl(w) => w.finish(summary),
            StreamWriter::Events(w) => w.finish(),
        };
        out.and_then(|mut out| out.flush())
            .with_context(|| format!("writing {}", self.path.display()))?;
        staged.add(self.tmp, self.path)
    }
}

/// The streamed outputs a run started, and the summary JSON Lines ends with.
#[derive(Default)]
pub(crate) struct Streams {
    /// Started outputs.
    pub(crate) open: Vec<Stream>,
    /// The JSON Lines summary.
    pub(crate) summary: crate::export::jsonl::Summary,
}

/// The one format `-o -` writes to stdout, or why `formats` cannot be written there (a usage
/// error: the callers check it before any work, with exit code 2).
pub(crate) fn stdout_format(
    formats: &[crate::export::Format],
) -> Result<crate::export::Format, String> {
    let mut formats = formats.to_vec();
    formats.sort();
    formats.dedup();
    let [format] = formats[..] else {
        return Err("`-o -` writes one format to stdout; choose one with --format".into());
    };
    if format.is_streamed() || format.files().len() != 1 {
        return Err(format!(
            "--format {format} cannot be written to stdout; give an output folder"
        ));
    }
    Ok(format)
}

/// For `-o -`: `None` when `formats` can be written to stdout, else the usage error reported
/// and its exit code.
pub(crate) fn check_stdout(formats: &[crate::export::Format], output: &Path) -> Option<u8> {
    if output.as_os_str() != "-" {
        return None;
    }
    let message = stdout_format(formats).err()?;
    super::ui::error(&message);
    Some(super::EXIT_USAGE)
}

/// Writes `graph` in every (non-streamed) format into `output/name.ext`, all renamed into
/// place together at the end, or to stdout when `output` is `-` (one format only). The
/// streamed files already started by the caller are finished and staged with the rest.
/// Returns what was written, for the summary line.
// Each argument is one setting of the run; a struct of them would only be unpacked here.
#[allow(clippy::too_many_arguments)]
pub(crate) fn write_graph(
    graph: &crate::Graph,
    provenance: &crate::export::Provenance,
    texts: &crate::export::DocumentTexts,
    formats: &[crate::export::Format],
    output: &Path,
    name: &str,
    streams: Streams,
    keep_isolates: bool,
) -> anyhow::Result<Vec<String>> {
    use crate::export::Format;
    let mut formats = formats.to_vec();
    formats.sort();
    formats.dedup();
    // Pictures leave out entities without relations (unless --keep-isolates): a cloud of
    // unconnected names hides the graph. The other formats keep them.
    let drop = crate::filter::GraphFilter {
        drop_isolates: true,
        ..Default::default()
    };
    let picture = (!keep_isolates
        && formats
            .iter()
            .any(|f| matches!(f, Format::Svg | Format::Png))
        && drop.kept_nodes(graph).len() < graph.node_count())
    .then(|| drop.apply(graph.clone()));
    let graph_for = |f: Format| match (&picture, f) {
        (Some(p), Format::Svg | Format::Png) => p,
        _ => graph,
    };
    if output.as_os_str() == "-" {
        let format = stdout_format(&formats).map_err(anyhow::Error::msg)?;
        let stdout = std::io::stdout();
        let mut out = std::io::BufWriter::new(stdout.lock());
        crate::export::write_file(graph_for(format), provenance, texts, format, 0, &mut out)
            .and_then(|()| out.flush())
            .context("writing to stdout")?;
        return Ok(vec!["stdout".into()]);
    }
    std::fs::create_dir_all(output)
        .with_context(|| format!("creating output folder {}", output.display()))?;
    let mut staged = Staged::default();
    for stream in streams.open {
        stream.finish(&streams.summary, &mut staged)?;
    }
    for format in formats.into_iter().filter(|f| !f.is_streamed()) {
        for (part, suffix) in format.files().iter().enumerate() {
            let path = output.join(format!("{name}.{suffix}"));
            staged.stage(path, |w| {
                crate::export::write_file_repeating(
                    graph_for(format),
                    provenance,
                    texts,
                    format,
                    part,
                    w,
                )
            })?;
        }
    }
    Ok(staged
        .commit()?
        .iter()
        .map(|p| p.display().to_string())
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writeback_writes_every_byte_in_order_and_requests_each_step() {
        let tmp = tempfile::NamedTempFile::new().unwrap();
        let mut w = Writeback::with_step(tmp.reopen().unwrap(), 1000);
        let data: Vec<u8> = (0..10_000u32).map(|i| (i % 251) as u8).collect();
        for piece in data.chunks(333) {
            w.write_all(piece).unwrap();
        }
        w.flush().unwrap();
        // Requests go out once a step is complete: the last full one ended at or after 9000.
        assert!(w.requested >= 9000 && w.requested <= w.written);
        assert_eq!(w.written, 10_000);
        assert_eq!(std::fs::read(tmp.path()).unwrap(), data);
    }

    #[test]
    fn a_staged_file_repeats_what_it_holds() {
        use crate::export::json::Repeat;
        let dir = tempfile::tempdir().unwrap();
        let mut staged = Staged::default();
        let path = dir.path().join("out.txt");
        // More than the write buffer, so that part of it is still buffered when the copy
        // starts.
        let data: Vec<u8> = (0..(1u32 << 17)).map(|i| (i % 251) as u8).collect();
        staged
            .stage(path.clone(), |out| {
                out.write_all(b"head:")?;
                let start = out.written();
                out.write_all(&data)?;
                let end = out.written();
                out.write_all(b":again:")?;
                out.repeat(start..end)?;
                out.repeat(0..4)?;
                assert!(out.repeat(0..out.written() + 1).is_err());
                assert!(out.repeat(std::ops::Range { start: 3, end: 2 }).is_err());
                out.write_all(b".")
            })
            .unwrap();
        staged.commit().unwrap();
        let mut expected = b"head:".to_vec();
        expected.extend(&data);
        expected.extend(b":again:");
        expected.extend(&data);
        expected.extend(b"head.");
        assert_eq!(std::fs::read(&path).unwrap(), expected);
    }
}
