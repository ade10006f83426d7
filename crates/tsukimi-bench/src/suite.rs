//! suite: runs the measurements — timed runs, steady-state runs and start-up runs.
//!
//! Timed runs are organised in rounds: every round runs each (program, engine) pair once, and
//! the order of engines rotates from one program and one round to the next, so slow drift on
//! the machine (thermal, other users of the two cores) affects every engine alike rather than
//! always hitting the one that runs last. Steady-state runs start one process per (program,
//! engine) that runs the kernel `iterations` times and reports each iteration's time, so the
//! warm-up of a JIT is visible. Start-up runs time `-e ''` and a tiny script.
//!
//! Everything here only produces [`RunRecord`]s; deciding what they mean is `summary`'s job.

use crate::engines::Engine;
use crate::manifest::{ProgramSpec, SizeKind};
use crate::outcome::{classify, Outcome};
use crate::process::{run_measured, Exit};
use serde::Serialize;
use std::path::Path;
use std::time::Duration;

/// Which measurement a record belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Phase {
    /// Whole-process wall time of one kernel run.
    Timed,
    /// One process running the kernel several times.
    Steady,
    /// Engine start-up (`-e ''` or the tiny script).
    Startup,
}

/// One run of one program on one engine.
#[derive(Debug, Clone, Serialize)]
pub struct RunRecord {
    /// The measurement.
    pub phase: Phase,
    /// Program name (for start-up: `-e ''` or `hello.lua`).
    pub program: String,
    /// Engine (column) name.
    pub engine: String,
    /// Round number, from 1.
    pub round: u32,
    /// Size argument given to the program (0 for start-up).
    pub size: u64,
    /// Iterations asked for.
    pub iterations: u32,
    /// What happened.
    pub outcome: Outcome,
}

/// What to run.
pub struct Plan<'a> {
    /// Repository root (for `bench/programs`).
    pub root: &'a Path,
    /// Engines, in report order.
    pub engines: &'a [Engine],
    /// Programs, in report order.
    pub programs: &'a [ProgramSpec],
    /// Time limit per process.
    pub limit: Duration,
}

/// The name used for the start-up run of `-e ''`.
pub const STARTUP_EMPTY: &str = "-e ''";
/// The name used for the start-up run of the tiny script.
pub const STARTUP_SCRIPT: &str = "hello.lua";

/// The order of `count` engines in `round` for program number `program_index`: a rotation,
/// so each engine goes first equally often over rounds and programs.
pub fn rotation(count: usize, round: usize, program_index: usize) -> Vec<usize> {
    if count == 0 {
        return Vec::new();
    }
    let shift = (round + program_index) % count;
    (0..count).map(|i| (i + shift) % count).collect()
}

/// Runs `rounds` rounds of every program on every applicable engine at `kind`'s size.
pub fn run_timed(
    plan: &Plan,
    kind: SizeKind,
    rounds: u32,
    progress: &mut dyn FnMut(&RunRecord),
) -> Vec<RunRecord> {
    let mut records = Vec::new();
    for round in 0..rounds {
        for (index, program) in plan.programs.iter().enumerate() {
            for engine_index in rotation(plan.engines.len(), round as usize, index) {
                let engine = &plan.engines[engine_index];
                let size = program.size_for(kind);
                if let Some(record) =
                    run_program(plan, engine, program, Phase::Timed, round + 1, size, 1)
                {
                    progress(&record);
                    records.push(record);
                }
            }
        }
    }
    records
}

/// Runs each program once per applicable engine with `iterations` iterations at `kind`'s size.
pub fn run_steady(
    plan: &Plan,
    kind: SizeKind,
    iterations: u32,
    progress: &mut dyn FnMut(&RunRecord),
) -> Vec<RunRecord> {
    let mut records = Vec::new();
    for (index, program) in plan.programs.iter().enumerate() {
        for engine_index in rotation(plan.engines.len(), 0, index) {
            let engine = &plan.engines[engine_index];
            let size = program.size_for(kind);
            if let Some(record) =
                run_program(plan, engine, program, Phase::Steady, 1, size, iterations)
            {
                progress(&record);
                records.push(record);
            }
        }
    }
    records
}

fn run_program(
    plan: &Plan,
    engine: &Engine,
    program: &ProgramSpec,
    phase: Phase,
    round: u32,
    size: u64,
    iterations: u32,
) -> Option<RunRecord> {
    let (command, args) = engine.command_for(program, plan.root, size, iterations)?;
    let limit_seconds = plan.limit.as_secs_f64();
    let outcome = match run_measured(&command, &args, plan.root, plan.limit) {
        Ok(finished) => classify(&finished, program.expected_checksum(size), limit_seconds),
        Err(why) => Outcome::Error {
            message: format!("cannot run {}: {why}", command.display()),
        },
    };
    Some(RunRecord {
        phase,
        program: program.name.clone(),
        engine: engine.name.clone(),
        round,
        size,
        iterations,
        outcome,
    })
}

/// Times `-e ''` and `bench/startup/hello.lua` on every Lua engine, `rounds` times each,
/// alternating engines.
pub fn run_startup(
    plan: &Plan,
    rounds: u32,
    progress: &mut dyn FnMut(&RunRecord),
) -> Vec<RunRecord> {
    let lua_engines: Vec<&Engine> = plan.engines.iter().filter(|e| e.runs_lua()).collect();
    let script = plan.root.join("bench/startup/hello.lua");
    let cases: [(&str, Vec<String>, Option<&str>); 2] = [
        (STARTUP_EMPTY, vec!["-e".to_string(), String::new()], None),
        (
            STARTUP_SCRIPT,
            vec![script.to_string_lossy().into_owned()],
            Some("hello"),
        ),
    ];
    let mut records = Vec::new();
    for round in 0..rounds {
        for (case_index, (name, case_args, expected)) in cases.iter().enumerate() {
            for engine_index in rotation(lua_engines.len(), round as usize, case_index) {
                let engine = lua_engines[engine_index];
                let mut args = engine.leading_args.clone();
                args.extend(case_args.iter().cloned());
                let limit_seconds = plan.limit.as_secs_f64();
                let outcome = match run_measured(&engine.command, &args, plan.root, plan.limit) {
                    Ok(finished) => startup_outcome(&finished, *expected, limit_seconds),
                    Err(why) => Outcome::Error {
                        message: format!("cannot run {}: {why}", engine.command.display()),
                    },
                };
                let record = RunRecord {
                    phase: Phase::Startup,
                    program: name.to_string(),
                    engine: engine.name.clone(),
                    round: round + 1,
                    size: 0,
                    iterations: 1,
                    outcome,
                };
                progress(&record);
                records.push(record);
            }
        }
    }
    records
}

/// Like `classify`, but `-e ''` prints nothing: a clean exit with empty output is OK. Peak
/// RSS is recorded as 0 (not measured): a process that lives a millisecond cannot be sampled
/// reliably (see `process`).
fn startup_outcome(
    finished: &crate::process::Finished,
    expected: Option<&str>,
    limit_seconds: f64,
) -> Outcome {
    let outcome = if expected.is_none()
        && finished.exit == Exit::Code(0)
        && finished.stdout.trim().is_empty()
    {
        Outcome::Ok {
            wall_seconds: finished.wall.as_secs_f64(),
            peak_rss_kib: 0,
            iteration_seconds: Vec::new(),
            verified: true,
        }
    } else {
        classify(finished, expected, limit_seconds)
    };
    match outcome {
        Outcome::Ok {
            wall_seconds,
            iteration_seconds,
            verified,
            ..
        } => Outcome::Ok {
            wall_seconds,
            peak_rss_kib: 0,
            iteration_seconds,
            verified,
        },
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rotation_alternates_who_goes_first() {
        assert_eq!(rotation(3, 0, 0), vec![0, 1, 2]);
        assert_eq!(rotation(3, 1, 0), vec![1, 2, 0]);
        assert_eq!(rotation(3, 1, 1), vec![2, 0, 1]);
        assert_eq!(rotation(0, 5, 5), Vec::<usize>::new());
        let firsts: Vec<usize> = (0..3).map(|round| rotation(3, round, 0)[0]).collect();
        assert_eq!(firsts, vec![0, 1, 2]);
    }
}
