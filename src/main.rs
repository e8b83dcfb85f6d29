//! The `relgraph` command: the allocator, then [`relgraph::cli::main`], which parses the
//! flags, runs the subcommand (`src/commands/`) and maps its result to an exit code.

use std::process::ExitCode;

// The pipeline builds many small per-document records; mimalloc's thread-local free lists make
// that 1.4–1.6x faster end to end than the system allocator and scale better across threads
// (benches/RESULTS.md). The library leaves the choice of allocator to its users.
//
// mimalloc asks for transparent huge pages on its 1 GiB arena (`madvise(MADV_HUGEPAGE)`); under
// Linux's default THP mode (`madvise`) every touched 2 MiB region then becomes resident whole:
// 43 MiB more at start-up and 45–50 MiB more at the peak of a 200 MB corpus, while without them
// a run takes 7–18 % more CPU (more TLB misses). The `no-thp` feature builds it without them,
// for tight memory.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// How long mimalloc keeps freed memory resident before returning it to the system, in
/// milliseconds, unless `MIMALLOC_PURGE_DELAY` says otherwise.
///
/// mimalloc v3 waits a second (v2 waited 10 ms). A second is long in a run whose graph grows
/// by doubling vectors: when petgraph's edge list outgrew 262k edges, the 21 MB it left behind
/// stayed resident next to the new list for most of a second, and that was the peak of the
/// whole run. At 100 ms the generated 200 MB corpus peaks 8–15 MB lower on two threads, for
/// 1–4 % more time (benches/RESULTS.md, entry 31).
const PURGE_DELAY_MS: std::ffi::c_long = 100;

fn tune_allocator() {
    // `mi_option_purge_delay` in mimalloc.h (v2 and v3); options keep their numbers across
    // versions, and the default is checked so that a different option is never touched.
    const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;
    const V3_DEFAULT: std::ffi::c_long = 1000;
    if std::env::var_os("MIMALLOC_PURGE_DELAY").is_some() {
        return;
    }
    // SAFETY: plain calls into the allocator's option table, with a valid option number.
    unsafe {
        if libmimalloc_sys::mi_option_get(MI_OPTION_PURGE_DELAY) == V3_DEFAULT {
            libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, PURGE_DELAY_MS);
        }
    }
}

fn main() -> ExitCode {
    tune_allocator();
    relgraph::cli::main()
}
