//! The conformance corpus, run in-process through the embedding API.
//!
//! The `tsukimi-cli` harness (`crates/tsukimi-cli/tests/conformance.rs`) runs every script of
//! `tests/conformance/<group>/<name>.lua` through the `tsukimi` binary. This test runs the
//! same scripts, with the same expectations and skip rules, in a fresh [`tsukimi::Lua`] state
//! each, the way an embedder would: `print`/`io.write` captured through `Lua::set_output`,
//! the `arg` table built with `create_table`/`table_set`, the script loaded with
//! `Lua::load_file` (chunkname `@name.lua`) and run with `Lua::call_traceback` (lua.c's
//! message handler), GC stress switched on with `Lua::set_gc_stress` rather than the
//! environment variable. Comparison rules are the binary harness's: stdout byte for byte;
//! for a script expected to fail, the first line of the error message against `<name>.stderr`
//! and the status (1 for any failure, as lua.c) against `<name>.status`.
//!
//! The file discovery and expectation parsing are the binary harness's own `corpus.rs`
//! (included by path) and its skipped groups are read from its source (`skip_list`), so both
//! harnesses follow the corpus conventions from one place. The binary harness's `interp` mode
//! passes `-joff`; the API has no JIT switch yet (only the interpreter exists), so `interp`
//! here is simply a default state.
//!
//! Invariants:
//! - exactly one `#[test]` here touches the process's current directory (every script runs
//!   with its own directory as the working directory, and the working directory is global):
//!   scripts run one after another, and the original directory is restored at the end. (The
//!   included `corpus.rs` brings one pure unit test of its own, which never touches files.)
//! - the harness never hangs and never dies with a script: each run happens on its own
//!   thread with a large native stack, a watchdog interrupts it after
//!   [`runner::SCRIPT_TIMEOUT`], and a runtime panic is caught and reported as a failure.
//! - what an in-process run cannot reproduce (`os.exit` ends the test process; the test's
//!   standard input is not `/dev/null` like the binary harness's) is skipped with its reason
//!   printed and counted apart; what it cannot observe (warnings and `io.stderr` go to the
//!   process's stderr, which no API redirects) is reported as a note, and the stderr line of
//!   such scripts is not compared.
//! - GC stress starts once `Lua::new` has opened the libraries (the environment variable of
//!   the binary harness also covers library opening); everything the script does runs under
//!   it.
//!
//! Environment: `TSUKIMI_CONFORMANCE_FILTER=substring` keeps only scripts whose
//! `group/name.lua` contains the substring; `TSUKIMI_CONFORMANCE_CORPUS=dir` runs another
//! corpus with the same layout (used to check the harness itself on timeouts, failures and
//! skips). Run with `-- --nocapture` to see the summary of a passing run, and with
//! `< /dev/null` so the scripts that read standard input run too.

#[path = "conformance_in_process/capture.rs"]
mod capture;
#[path = "conformance_in_process/compare.rs"]
mod compare;
#[path = "../../tsukimi-cli/tests/conformance/corpus.rs"]
mod corpus;
#[path = "../../tsukimi-cli/tests/conformance/diff.rs"]
mod diff;
#[path = "conformance_in_process/limits.rs"]
mod limits;
#[path = "conformance_in_process/runner.rs"]
mod runner;
#[path = "conformance_in_process/skip_list.rs"]
mod skip_list;

use std::path::PathBuf;

use corpus::Script;
use limits::Limitation;

/// One way of running every script in-process.
#[derive(Clone, Copy, Debug)]
pub struct Mode {
    /// Short name shown in reports.
    pub name: &'static str,
    /// Whether the state collects garbage at every safe point (`Lua::set_gc_stress`).
    pub gc_stress: bool,
}

/// Every mode each script runs in (scripts marked `skip-gc-stress` skip the stress mode).
pub const MODES: &[Mode] = &[
    Mode {
        name: "interp",
        gc_stress: false,
    },
    Mode {
        name: "gc-stress",
        gc_stress: true,
    },
];

fn corpus_root() -> PathBuf {
    match std::env::var_os("TSUKIMI_CONFORMANCE_CORPUS") {
        Some(dir) if !dir.is_empty() => PathBuf::from(dir),
        _ => PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/conformance"),
    }
}

/// What happened to one `(script, mode)` pair.
enum Verdict {
    Passed { notes: Vec<String> },
    Failed(String),
    Skipped(String),
}

fn run_one(script: &Script, mode: Mode, stdin_is_null: bool) -> Verdict {
    let source = match std::fs::read(script.directory.join(&script.file_name)) {
        Ok(source) => source,
        Err(e) => return Verdict::Failed(format!("cannot read the script: {e}")),
    };
    let limitations = limits::detect(&source, stdin_is_null);
    if let Some(reason) = limitations.iter().find_map(Limitation::skip_reason) {
        return Verdict::Skipped(reason);
    }
    let compare_stderr = !limitations.contains(&Limitation::WritesStderr);
    if let Err(e) = std::env::set_current_dir(&script.directory) {
        return Verdict::Failed(format!("cannot enter {}: {e}", script.directory.display()));
    }
    let outcome = runner::run(script, mode);
    match compare::check(script, &outcome, compare_stderr) {
        Some(failure) => Verdict::Failed(failure),
        None => Verdict::Passed {
            notes: limitations.iter().filter_map(Limitation::note).collect(),
        },
    }
}

#[test]
fn conformance_in_process() {
    let filter = std::env::var("TSUKIMI_CONFORMANCE_FILTER").unwrap_or_default();
    let scripts = match corpus::discover(&corpus_root()) {
        Ok(scripts) => scripts,
        Err(message) => panic!("cannot read the conformance corpus: {message}"),
    };
    let skipped_groups = match skip_list::skipped_groups() {
        Ok(groups) => groups,
        Err(message) => panic!("cannot read the binary harness's skipped groups: {message}"),
    };
    let original_directory = std::env::current_dir().ok();
    let stdin_is_null = limits::stdin_is_dev_null();

    let mut failures = Vec::new();
    let mut skips = Vec::new();
    let mut notes = Vec::new();
    let mut passed = 0usize;
    for script in scripts.iter().filter(|s| s.display_name.contains(&filter)) {
        if skipped_groups.contains(&script.group) {
            continue;
        }
        for &mode in MODES {
            if mode.gc_stress && script.directives.skip_gc_stress {
                continue;
            }
            let label = format!("{} [{}]", script.display_name, mode.name);
            match run_one(script, mode, stdin_is_null) {
                Verdict::Passed {
                    notes: script_notes,
                } => {
                    passed += 1;
                    notes.extend(script_notes.into_iter().map(|n| format!("{label}: {n}")));
                }
                Verdict::Failed(failure) => failures.push(format!("{label}: {failure}")),
                Verdict::Skipped(reason) => skips.push(format!("{label}: {reason}")),
            }
        }
    }
    if let Some(directory) = original_directory {
        let _ = std::env::set_current_dir(directory);
    }

    println!(
        "in-process conformance (tsukimi::Lua, corpus {})",
        corpus_root().display()
    );
    println!("groups skipped (as the binary harness): {skipped_groups:?}");
    for note in &notes {
        println!("NOTE {note}");
    }
    for skip in &skips {
        println!("SKIP {skip}");
    }
    for failure in &failures {
        println!("FAIL {failure}");
    }
    let failed = failures.len();
    println!("{} skipped (cannot run in-process)", skips.len());
    let summary = format!("{passed} passed, {failed} failed");
    println!("{summary}");
    assert!(
        failed == 0 && passed > 0,
        "{summary}\n{}",
        failures.join("\n")
    );
}
