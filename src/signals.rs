//! Interruption safety for the binary.
//!
//! Outputs are written to temporary files and renamed into place; `tempfile` removes a
//! temporary file when it is dropped, but SIGINT/SIGTERM end the process without running
//! destructors. So the binary keeps the paths of the temporary files being written in a
//! process-wide list (signals are process-wide, so this is the one place global state is
//! right), and the signal handler removes them before exiting with 130. The previous output
//! files are untouched because they are only ever replaced by an atomic rename.
//!
//! SIGXFSZ (file size limit exceeded) is ignored so that hitting a size limit becomes an
//! ordinary write error, reported and cleaned up like a full disk.

use std::path::{Path, PathBuf};
use std::sync::Mutex;

static IN_PROGRESS: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

/// Exit code after an interruption (128 + SIGINT, the shell convention).
const EXIT_INTERRUPTED: i32 = 130;

/// Installs the handlers. Call once at start-up.
pub(crate) fn install() {
    let _ = ctrlc::set_handler(|| {
        // The list stays locked until the process is gone, so no file can be created (see
        // [`create_tracked`]) between the removal and the exit.
        let mut paths = lock();
        for p in paths.drain(..) {
            let _ = std::fs::remove_file(p);
        }
        eprintln!("relgraph: interrupted; partial outputs removed, previous outputs kept");
        std::process::exit(EXIT_INTERRUPTED);
    });
    #[cfg(unix)]
    // SAFETY: setting a signal's disposition to SIG_IGN has no preconditions.
    unsafe {
        libc::signal(libc::SIGXFSZ, libc::SIG_IGN);
    }
}

/// The list, even if a thread panicked while holding it (a list of paths is never left
/// half-changed).
fn lock() -> std::sync::MutexGuard<'static, Vec<PathBuf>> {
    IN_PROGRESS
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Creates a temporary file (`create`, which returns it) and registers its path until the
/// returned guard drops, as one step for the signal handler: a signal between creating the
/// file and registering it would otherwise leave the file behind (it did, under load, in the
/// interruption tests).
pub(crate) fn create_tracked<F>(
    create: impl FnOnce() -> std::io::Result<F>,
    path: impl FnOnce(&F) -> &Path,
) -> std::io::Result<(F, Tracked)> {
    let mut paths = lock();
    let file = create()?;
    let p = path(&file).to_path_buf();
    paths.push(p.clone());
    Ok((file, Tracked(p)))
}

/// Unregisters its temporary file when dropped.
pub(crate) struct Tracked(PathBuf);

impl Drop for Tracked {
    fn drop(&mut self) {
        lock().retain(|x| x != &self.0);
    }
}

/// Test hook: `RELGRAPH_TEST_PAUSE_BEFORE_RENAME_MS` holds a finished temporary file for a
/// while before the rename, so the interruption tests can signal the process mid-write.
pub(crate) fn test_pause() {
    if let Some(ms) = std::env::var("RELGRAPH_TEST_PAUSE_BEFORE_RENAME_MS")
        .ok()
        .and_then(|v| v.parse::<u64>().ok())
    {
        std::thread::sleep(std::time::Duration::from_millis(ms));
    }
}
