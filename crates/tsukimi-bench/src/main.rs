//! tsukimi-bench: the benchmark runner. It runs the Lua programs of `bench/programs/` on
//! tsukimi (every mode that exists) and on every installed reference — lua5.4, luajit,
//! luajit -joff and the C references compiled with gcc — in one run, alternating engines
//! run by run, and reports median wall time, ratios to lua5.4 and luajit, peak RSS, geometric
//! means, start-up times and per-iteration steady-state times, as tables, JSON/CSV and SVG
//! charts.
//!
//! Engines are external commands only: this crate never links the tsukimi library, so it
//! measures exactly what a user runs. The flow is `main` below; each step lives in its own
//! module (see their essays). The exit status follows `summary::failures`.

mod bless;
mod c_reference;
mod charts;
mod docs;
mod engines;
mod machine;
mod manifest;
mod options;
mod outcome;
mod output;
mod process;
mod protocol;
mod report;
mod stats;
mod suite;
mod summary;

use engines::Engine;
use manifest::{Manifest, SizeKind};
use options::Options;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;
use suite::{Phase, Plan, RunRecord};
use summary::Table;

fn main() -> ExitCode {
    let options = match options::parse(std::env::args().skip(1)) {
        Ok(options) => options,
        Err(why) => {
            eprintln!("tsukimi-bench: {why}\n\n{}", options::USAGE);
            return ExitCode::from(2);
        }
    };
    if options.help {
        print!("{}", options::USAGE);
        return ExitCode::SUCCESS;
    }
    match run(&options) {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::from(1),
        Err(why) => {
            eprintln!("tsukimi-bench: {why}");
            ExitCode::from(2)
        }
    }
}

/// The repository root: `--root`, else the nearest ancestor of the current directory with a
/// `bench/manifest.toml`, else the workspace this binary was built from.
fn find_root(options: &Options) -> PathBuf {
    if let Some(root) = &options.root {
        return root.clone();
    }
    if let Ok(cwd) = std::env::current_dir() {
        if let Some(found) = cwd
            .ancestors()
            .find(|d| d.join("bench/manifest.toml").is_file())
        {
            return found.to_path_buf();
        }
    }
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Runs everything; `Ok(passed)`, or `Err` for setup problems (bad manifest, bad names).
fn run(options: &Options) -> Result<bool, String> {
    let root = find_root(options);
    let root = root.canonicalize().unwrap_or(root);
    let manifest_path = root.join("bench/manifest.toml");
    let text = std::fs::read_to_string(&manifest_path)
        .map_err(|e| format!("cannot read {}: {e}", manifest_path.display()))?;
    let manifest =
        Manifest::parse(&text).map_err(|e| format!("{}: {e}", manifest_path.display()))?;
    if let Some(only) = &options.only {
        if let Some(unknown) = only.iter().find(|name| manifest.program(name).is_none()) {
            return Err(format!(
                "--only: no program named {unknown:?} in the manifest"
            ));
        }
    }
    if options.bless {
        return match bless::bless(&root, &manifest, options.only.as_deref()) {
            Ok(updated) => {
                std::fs::write(&manifest_path, updated.render()).map_err(|e| e.to_string())?;
                eprintln!("wrote {}", manifest_path.display());
                Ok(true)
            }
            Err(problems) => {
                for problem in problems {
                    eprintln!("bless: {problem}");
                }
                Ok(false)
            }
        };
    }
    let programs: Vec<_> = manifest
        .programs
        .iter()
        .filter(|p| {
            options
                .only
                .as_ref()
                .is_none_or(|only| only.contains(&p.name))
        })
        .cloned()
        .collect();

    let target_dir = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .map(|dir| {
            if dir.is_absolute() {
                dir
            } else {
                root.join(dir)
            }
        })
        .unwrap_or_else(|| root.join("target"));
    if options.build_tsukimi {
        build_tsukimi(&root)?;
    }
    let tsukimi = options
        .tsukimi
        .clone()
        .unwrap_or_else(|| target_dir.join("release/tsukimi"));
    let mut notes = Vec::new();
    let wants = |name: &str| {
        options
            .engines
            .as_ref()
            .is_none_or(|list| list.iter().any(|e| e == name))
    };
    let c_wanted = c_reference::CONFIGURATIONS
        .iter()
        .any(|(name, _)| wants(name));
    let c_dirs = if c_wanted {
        c_reference::build_all(&root, &target_dir, &mut notes)
    } else {
        Vec::new()
    };
    let engines: Vec<Engine> = engines::detect(&tsukimi, &c_dirs, &mut notes)
        .into_iter()
        .filter(|e| wants(&e.name))
        .collect();
    if let Some(list) = &options.engines {
        for name in list {
            if !engines.iter().any(|e| &e.name == name) {
                notes.push(format!(
                    "--engines: {name} is not available on this machine"
                ));
            }
        }
    }
    if engines.is_empty() {
        return Err("no engine to run (see --engines)".to_string());
    }
    for note in &notes {
        eprintln!("note: {note}");
    }
    let engine_names: Vec<String> = engines.iter().map(|e| e.name.clone()).collect();
    eprintln!("engines: {}", engine_names.join(", "));

    let limit = Duration::from_secs_f64(options.timeout.unwrap_or(if options.quick {
        30.0
    } else {
        120.0
    }));
    let plan = Plan {
        root: &root,
        engines: &engines,
        programs: &programs,
        limit,
    };
    let (timed_kind, rounds, steady_kind, iterations, startup_rounds) = if options.quick {
        (SizeKind::Quick, 1, SizeKind::Quick, 3, 2)
    } else {
        (
            SizeKind::Timed,
            options.runs,
            SizeKind::Steady,
            options.iterations,
            10,
        )
    };
    let mut progress = |record: &RunRecord| {
        let what = match record.outcome.wall_seconds() {
            Some(seconds) => report::format_seconds(seconds),
            None => record.outcome.detail(),
        };
        eprintln!(
            "[{:?} {}] {} on {}: {} {}",
            record.phase,
            record.round,
            record.program,
            record.engine,
            record.outcome.label(),
            what
        );
    };
    let mut records = Vec::new();
    if !options.no_startup {
        records.extend(suite::run_startup(&plan, startup_rounds, &mut progress));
    }
    records.extend(suite::run_timed(&plan, timed_kind, rounds, &mut progress));
    if !options.no_steady {
        records.extend(suite::run_steady(
            &plan,
            steady_kind,
            iterations,
            &mut progress,
        ));
    }

    let program_names: Vec<String> = programs.iter().map(|p| p.name.clone()).collect();
    let timed = Table::build(&program_names, &engine_names, &records, Phase::Timed);
    let startup_names = vec![
        suite::STARTUP_EMPTY.to_string(),
        suite::STARTUP_SCRIPT.to_string(),
    ];
    let lua_engines: Vec<String> = engines
        .iter()
        .filter(|e| e.runs_lua())
        .map(|e| e.name.clone())
        .collect();
    let startup = Table::build(&startup_names, &lua_engines, &records, Phase::Startup);
    let steady_table = Table::build(&program_names, &engine_names, &records, Phase::Steady);
    let series = summary::steady_series(&records);

    let mut text = String::new();
    text.push_str("## Time relative to lua5.4\n\n");
    text.push_str(&report::ratios(&timed, engines::BASELINE));
    text.push_str("\n## Fastest round relative to lua5.4\n\n");
    text.push_str(&report::ratios_of(
        &timed,
        engines::BASELINE,
        summary::Statistic::Fastest,
    ));
    text.push_str("\n## Time relative to luajit\n\n");
    text.push_str(&report::ratios(&timed, engines::LUAJIT));
    text.push_str("\n## Median wall time\n\n");
    text.push_str(&report::times(&timed));
    text.push_str("\n## Peak RSS (MiB)\n\n");
    text.push_str(&report::memory(&timed));
    if !options.no_startup {
        text.push_str("\n## Start-up\n\n");
        text.push_str(&report::startup(&startup));
    }
    if !options.no_steady {
        text.push_str("\n## Steady state (first / steady iteration)\n\n");
        text.push_str(&report::steady(&program_names, &engine_names, &series));
    }
    // A program that fails in the timed runs usually fails the same way in the steady run:
    // list each distinct line once.
    let mut failure_text = String::new();
    for list in [&timed, &steady_table, &startup].map(report::failure_list) {
        for line in list.lines() {
            if !failure_text.lines().any(|seen| seen == line) {
                failure_text.push_str(line);
                failure_text.push('\n');
            }
        }
    }
    if !failure_text.is_empty() {
        text.push_str("\n## Failures\n\n");
        text.push_str(&failure_text);
    }
    println!("{text}");

    let out = options
        .out
        .clone()
        .unwrap_or_else(|| root.join("bench/results"));
    let machine = machine::describe(&engines);
    let git_commit = output::git_commit(&root);
    let timestamp = output::now();
    let results = output::Results {
        schema: output::SCHEMA,
        git_commit: git_commit.clone(),
        timestamp: timestamp.clone(),
        quick: options.quick,
        runs: rounds,
        iterations,
        machine: machine.clone(),
        engines: engines
            .iter()
            .map(|e| output::EngineInfo {
                name: e.name.clone(),
                command: e.command.to_string_lossy().into_owned(),
                args: e.leading_args.clone(),
            })
            .collect(),
        notes: notes.clone(),
        records: records.clone(),
    };
    output::write(&out, &results).map_err(|e| format!("cannot write {}: {e}", out.display()))?;
    std::fs::write(out.join("report.md"), &text).map_err(|e| e.to_string())?;
    if let Err(why) = charts::ratios(&out.join("ratios.svg"), &timed, engines::BASELINE) {
        eprintln!("note: ratio chart not drawn: {why}");
    }
    if !series.is_empty() {
        if let Err(why) = charts::warmup(&out.join("warmup.svg"), &engine_names, &series) {
            eprintln!("note: warm-up chart not drawn: {why}");
        }
    }
    eprintln!("results written to {}", out.display());

    if options.write_docs {
        let page = docs::Page {
            root: &root,
            manifest: &manifest,
            machine: &machine,
            git_commit: &git_commit,
            timestamp: &timestamp,
            runs: rounds,
            iterations,
            timed: &timed,
            startup: &startup,
            steady: &series,
            notes: &notes,
        };
        docs::write(&root, &out, &docs::render(&page))
            .map_err(|e| format!("cannot write docs: {e}"))?;
        eprintln!("wrote docs/benchmarks.md and docs/bench/");
    }

    let failures = summary::failures(&records, &engines, options.strict);
    for failure in &failures {
        eprintln!("FAIL: {failure}");
    }
    Ok(failures.is_empty())
}

/// `cargo build --release -p tsukimi-cli`, with this process's environment (so a
/// `CARGO_TARGET_DIR` applies to both).
fn build_tsukimi(root: &Path) -> Result<(), String> {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    eprintln!("building tsukimi: cargo build --release -p tsukimi-cli");
    let status = std::process::Command::new(cargo)
        .args(["build", "--release", "-p", "tsukimi-cli"])
        .current_dir(root)
        .status()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("building tsukimi failed ({status})"))
    }
}
