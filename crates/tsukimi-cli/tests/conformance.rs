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
//!
//! Invariants: a run never hangs (each script run has [`runner::SCRIPT_TIMEOUT`]) and the
//! harness itself never panics on malformed expectations; it reports them as failures.

// The crate root of an integration test resolves modules like a `mod.rs`, hence the paths.
#[path = "conformance/compare.rs"]
mod compare;
#[path = "conformance/corpus.rs"]
mod corpus;
#[path = "conformance/runner.rs"]
mod runner;

use std::path::PathBuf;

/// One way of running every script. Adding a tier mode (e.g. `-jeager`) is one line here.
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

/// Every mode each script runs in, for the tsukimi engine. The first one is the reference
/// mode, the only one used for a foreign engine.
pub const MODES: &[Mode] = &[
    Mode { name: "interp", args: &[], env: &[], is_gc_stress: false },
    Mode { name: "gc-stress", args: &[], env: &[("TSUKIMI_GC_STRESS", "1")], is_gc_stress: true },
];

/// Groups that need libraries tsukimi does not provide yet; skipped for the tsukimi engine.
pub const SKIPPED_GROUPS: &[&str] = &["stdlib"];

fn corpus_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/conformance")
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
    let modes: &[Mode] = if is_tsukimi { MODES } else { &MODES[..1] };

    let mut passed = 0usize;
    let mut failures = Vec::new();
    for script in scripts.iter().filter(|s| s.display_name.contains(&filter)) {
        if is_tsukimi && SKIPPED_GROUPS.contains(&script.group.as_str()) {
            continue;
        }
        for mode in modes {
            if mode.is_gc_stress && script.directives.skip_gc_stress {
                continue;
            }
            let outcome = runner::run(&engine, mode, script);
            match compare::check(script, &engine, &outcome) {
                None => passed += 1,
                Some(failure) => failures.push(format!(
                    "FAIL {} [{}]: {}",
                    script.display_name, mode.name, failure
                )),
            }
        }
    }

    println!("conformance engine: {}", engine.display());
    for failure in &failures {
        println!("{failure}");
    }
    let summary = format!("{} passed, {} failed", passed, failures.len());
    println!("{summary}");
    assert!(failures.is_empty() && passed > 0, "{summary}");
}
