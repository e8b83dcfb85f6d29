//! The `relgraph` command with the system allocator, for heap profilers (heaptrack, valgrind's
//! massif and dhat), which do not see the allocations of the command's mimalloc:
//!
//! ```sh
//! cargo build --release --example memprof
//! heaptrack target/release/examples/memprof extract /tmp/relgraph-bench/seed-8.txt -o /tmp/out -q
//! ```
//!
//! Peak RSS differs from the command's (another allocator); what each structure holds does not.

fn main() -> std::process::ExitCode {
    relgraph::cli::main()
}
