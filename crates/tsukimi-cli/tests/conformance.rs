//! Conformance harness: every script of `tests/conformance/<group>/<name>.lua` runs through
//! the `tsukimi` binary and must behave exactly like `lua5.4` did when the expected files
//! beside it were generated (`scripts/regen-expected.py`).
//!
//! For each script and each [`MODES`] entry the harness runs the engine with the script's
//! directory as the working directory and compares:
//! - stdout, byte for byte, with `<name>.stdout`;
//! - when `<name>.stderr` exists, the first line of stderr (with the `progname: ` prefix
//!   removed) with that file, and the exit status with `<name>.status`;
//! - otherwise, that the exit status is 0.
//!
//! All failures are collected and summarised before the test fails; the last line of the
//! summary is always `N passed, N failed`.
//!
//! Environment:
//! - `TSUKIMI_CONFORMANCE_ENGINE=/usr/bin/lua5.4` runs another binary (used to validate the
//!   corpus itself). A foreign engine only runs the first mode and no group is skipped.
//! - `TSUKIMI_CONFORMANCE_FILTER=substring` keeps only scripts whose `group/name.lua` path
//!   contains the substring.
//! - `TSUKIMI_CONFORMANCE_JOBS=n` runs n scripts at once (default: CPUs, at most 4).
//!
//! Run with `-- --nocapture` to see the summary of a passing run too.
//!
//! Invariants: a run never hangs (each script run has [`runner::SCRIPT_TIMEOUT`]) and the
//! harness itself never panics on malformed expectations; it reports them as failures.

// The crate root of an integration test resolves modules like a `mod.rs`, hence the paths.
#[path = "conformance/compare.rs"]
mod compare;
#[path = "conformance/corpus.rs"]
mod corpus;
#[path = "conformance/diff.rs"]
mod diff;
#[path = "conformance/runner.rs"]
mod runner;

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

use corpus::Script;

/// One way of running every script.
pub struct Mode {
    /// Short name shown in failure reports.
    pub name: &'static str,
    /// Extra command-line options placed before the script name.
    pub args: &'static [&'static str],
    /// Extra environment variables.
    pub env: &'static [(&'static str, &'static str)],
    /// Whether scripts marked `skip-gc-stress` are left out of this mode.
    pub is_gc_stress: bool,
}

impl Mode {
    /// A mode that only adds command-line options, e.g. `Mode::options("jeager", &["-jeager"])`.
    pub const fn options(name: &'static str, args: &'static [&'static str]) -> Mode {
        Mode {
            name,
            args,
            env: &[],
            is_gc_stress: false,
        }
    }

    /// A mode that collects garbage at every allocation (set through the environment).
    pub const fn gc_stress(
        name: &'static str,
        env: &'static [(&'static str, &'static str)],
    ) -> Mode {
        Mode {
            name,
            args: &[],
            env,
            is_gc_stress: true,
        }
    }
}

/// Every mode each script runs in, for the tsukimi engine. The first one is the reference
/// mode, the only one used for a foreign engine. A JIT mode is one more line, e.g.
/// `Mode::options("jeager", &["-jeager"]),`.
pub const MODES: &[Mode] = &[
    Mode::options("interp", &["-joff"]),
    Mode::gc_stress("gc-stress", &[("TSUKIMI_GC_STRESS", "1")]),
];

/// The single mode a foreign engine (`TSUKIMI_CONFORMANCE_ENGINE`) runs in.
const REFERENCE_MODE: Mode = Mode::options("reference", &[]);

/// Groups that need libraries tsukimi does not provide yet; skipped for the tsukimi engine.
/// Empty since the standard library landed; kept so a future group can be parked here.
pub const SKIPPED_GROUPS: &[&str] = &[];

fn corpus_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/conformance")
}

/// How many script runs proceed at once: `TSUKIMI_CONFORMANCE_JOBS`, else the number of
/// CPUs (at most 4, the machine is shared). Results are reported in corpus order regardless.
fn parallel_jobs() -> usize {
    if let Some(jobs) = std::env::var("TSUKIMI_CONFORMANCE_JOBS")
        .ok()
        .and_then(|v| v.parse::<usize>().ok())
    {
        return jobs.max(1);
    }
    std::thread::available_parallelism().map_or(1, |n| n.get().min(4))
}

/// Runs every `(script, mode)` pair on `jobs` worker threads; the result for pair `i` is at
/// index `i` of the returned vector (`None` = passed, `Some(description)` = failed).
fn run_all(engine: &Path, runs: &[(&Script, &Mode)], jobs: usize) -> Vec<Option<String>> {
    let next = AtomicUsize::new(0);
    let results = Mutex::new(vec![None; runs.len()]);
    std::thread::scope(|scope| {
        for _ in 0..jobs.min(runs.len()).max(1) {
            scope.spawn(|| loop {
                let index = next.fetch_add(1, Ordering::Relaxed);
                let Some((script, mode)) = runs.get(index) else {
                    break;
                };
                let outcome = runner::run(engine, mode, script);
                let verdict = compare::check(script, engine, &outcome);
                // A poisoned lock only means another worker panicked; keep the results.
                let mut results = results.lock().unwrap_or_else(|e| e.into_inner());
                results[index] = verdict;
            });
        }
    });
    results.into_inner().unwrap_or_else(|e| e.into_inner())
}

#[test]
fn conformance() {
    let foreign_engine = std::env::var_os("TSUKIMI_CONFORMANCE_ENGINE");
    let is_tsukimi = foreign_engine.is_none();
    let engine = foreign_engine
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_BIN_EXE_tsukimi")));
    let filter = std::env::var("TSUKIMI_CONFORMANCE_FILTER").unwrap_or_default();

    let scripts = match corpus::discover(&corpus_root()) {
        Ok(scripts) => scripts,
        Err(message) => panic!("cannot read the conformance corpus: {message}"),
    };
    // Another engine (lua5.4, to validate the corpus) knows none of tsukimi's options.
    let modes: &[Mode] = if is_tsukimi {
        MODES
    } else {
        std::slice::from_ref(&REFERENCE_MODE)
    };

    let mut runs = Vec::new();
    for script in scripts.iter().filter(|s| s.display_name.contains(&filter)) {
        if is_tsukimi && SKIPPED_GROUPS.contains(&script.group.as_str()) {
            continue;
        }
        for mode in modes {
            if !(mode.is_gc_stress && script.directives.skip_gc_stress) {
                runs.push((script, mode));
            }
        }
    }
    let results = run_all(&engine, &runs, parallel_jobs());

    println!("conformance engine: {}", engine.display());
    let mut failed = 0usize;
    for ((script, mode), result) in runs.iter().zip(&results) {
        if let Some(failure) = result {
            failed += 1;
            println!("FAIL {} [{}]: {}", script.display_name, mode.name, failure);
        }
    }
    let passed = runs.len() - failed;
    let summary = format!("{passed} passed, {failed} failed");
    println!("{summary}");
    assert!(failed == 0 && passed > 0, "{summary}");
}
