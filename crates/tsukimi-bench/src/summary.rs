//! summary: turns run records into what the report shows — one cell per (program, engine)
//! with a median, peak RSS and ratios to lua5.4 and luajit, geometric means per engine,
//! steady-state and start-up figures, and the list of failures that decide the exit code.
//!
//! Rules kept here:
//! - a cell is OK only if every run of it was OK; otherwise it shows the first failure (a
//!   flaky engine is not timed on its lucky runs);
//! - a ratio exists only when both cells are OK; a geometric mean is taken over the programs
//!   where the ratio exists, and says over how many;
//! - the exit policy ([`failures`]): any non-OK reference run fails; tsukimi fails on WRONG
//!   and CRASH always, and on ERROR/TIMEOUT only with `--strict` (its library is young).

use crate::engines::Engine;
use crate::outcome::Outcome;
use crate::stats::{fastest, geometric_mean, median, ratio};
use crate::suite::{Phase, RunRecord};
use serde::Serialize;

/// The summary of one (program, engine) pair.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Cell {
    /// "OK", "WRONG", "ERROR", "CRASH", "TIMEOUT" or "n/a".
    pub status: String,
    /// Median wall seconds over the runs (OK cells only).
    pub median_seconds: Option<f64>,
    /// Fastest run's wall seconds (OK cells only).
    pub fastest_seconds: Option<f64>,
    /// Largest peak RSS over the runs in KiB (OK cells only).
    pub peak_rss_kib: Option<u64>,
    /// Failure detail (first stderr line, checksum mismatch...).
    pub detail: String,
}

impl Cell {
    fn not_applicable() -> Cell {
        Cell {
            status: "n/a".to_string(),
            median_seconds: None,
            fastest_seconds: None,
            peak_rss_kib: None,
            detail: String::new(),
        }
    }
}

/// Summarises the records of one (program, engine) pair.
pub fn cell(records: &[&RunRecord]) -> Cell {
    if records.is_empty() {
        return Cell::not_applicable();
    }
    if let Some(failed) = records
        .iter()
        .find(|r| !matches!(r.outcome, Outcome::Ok { .. }))
    {
        return Cell {
            status: failed.outcome.label().to_string(),
            median_seconds: None,
            fastest_seconds: None,
            peak_rss_kib: None,
            detail: failed.outcome.detail(),
        };
    }
    let times: Vec<f64> = records
        .iter()
        .filter_map(|r| r.outcome.wall_seconds())
        .collect();
    let peak = records
        .iter()
        .filter_map(|r| match r.outcome {
            Outcome::Ok { peak_rss_kib, .. } => Some(peak_rss_kib),
            _ => None,
        })
        .max();
    Cell {
        status: "OK".to_string(),
        median_seconds: median(&times),
        fastest_seconds: fastest(&times),
        peak_rss_kib: peak,
        detail: String::new(),
    }
}

/// A table of cells: rows are programs (or start-up cases), columns are engines.
#[derive(Debug, Clone, Serialize)]
pub struct Table {
    /// Row names in order.
    pub rows: Vec<String>,
    /// Column (engine) names in order.
    pub engines: Vec<String>,
    /// `cells[row][column]`.
    pub cells: Vec<Vec<Cell>>,
}

impl Table {
    /// Builds the table of `phase` from `records`.
    pub fn build(
        rows: &[String],
        engines: &[String],
        records: &[RunRecord],
        phase: Phase,
    ) -> Table {
        let cells = rows
            .iter()
            .map(|row| {
                engines
                    .iter()
                    .map(|engine| {
                        let mine: Vec<&RunRecord> = records
                            .iter()
                            .filter(|r| {
                                r.phase == phase && &r.program == row && &r.engine == engine
                            })
                            .collect();
                        cell(&mine)
                    })
                    .collect()
            })
            .collect();
        Table {
            rows: rows.to_vec(),
            engines: engines.to_vec(),
            cells,
        }
    }

    /// The cell at (row, engine name).
    pub fn get(&self, row: usize, engine: &str) -> Option<&Cell> {
        let column = self.engines.iter().position(|e| e == engine)?;
        self.cells.get(row)?.get(column)
    }

    /// `engine`'s median divided by `reference`'s for one row, when both are OK.
    pub fn ratio(&self, row: usize, engine: &str, reference: &str) -> Option<f64> {
        self.ratio_of(Statistic::Median, row, engine, reference)
    }

    /// `engine`'s `statistic` divided by `reference`'s for one row, when both are OK.
    pub fn ratio_of(
        &self,
        statistic: Statistic,
        row: usize,
        engine: &str,
        reference: &str,
    ) -> Option<f64> {
        let time = statistic.of(self.get(row, engine)?)?;
        let base = statistic.of(self.get(row, reference)?)?;
        ratio(time, base)
    }

    /// Geometric mean of `engine`'s median ratios to `reference` over the rows where both
    /// are OK, with the number of rows it covers.
    pub fn geomean_ratio(&self, engine: &str, reference: &str) -> Option<(f64, usize)> {
        self.geomean_ratio_of(Statistic::Median, engine, reference)
    }

    /// As `geomean_ratio`, for ratios of `statistic`.
    pub fn geomean_ratio_of(
        &self,
        statistic: Statistic,
        engine: &str,
        reference: &str,
    ) -> Option<(f64, usize)> {
        let ratios: Vec<f64> = (0..self.rows.len())
            .filter_map(|row| self.ratio_of(statistic, row, engine, reference))
            .collect();
        geometric_mean(&ratios).map(|mean| (mean, ratios.len()))
    }
}

/// Which of a cell's times a ratio compares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Statistic {
    /// The median run: the typical time on this machine, noise included.
    Median,
    /// The fastest run: what interference did not inflate (on a shared machine, the
    /// steadier comparison of CPU-bound programs).
    Fastest,
}

impl Statistic {
    fn of(self, cell: &Cell) -> Option<f64> {
        match self {
            Statistic::Median => cell.median_seconds,
            Statistic::Fastest => cell.fastest_seconds,
        }
    }
}

/// Per-iteration times of one steady-state run.
#[derive(Debug, Clone, Serialize)]
pub struct SteadySeries {
    /// Program name.
    pub program: String,
    /// Engine name.
    pub engine: String,
    /// Seconds per iteration.
    pub iteration_seconds: Vec<f64>,
}

impl SteadySeries {
    /// The first iteration's time (cold: includes JIT warm-up).
    pub fn first(&self) -> Option<f64> {
        self.iteration_seconds.first().copied()
    }

    /// Median of the second half of the iterations: the steady-state time.
    pub fn steady(&self) -> Option<f64> {
        let half = self.iteration_seconds.len() / 2;
        median(&self.iteration_seconds[half..])
    }
}

/// The steady-state series of the OK steady runs, in record order.
pub fn steady_series(records: &[RunRecord]) -> Vec<SteadySeries> {
    records
        .iter()
        .filter(|r| r.phase == Phase::Steady)
        .filter_map(|r| match &r.outcome {
            Outcome::Ok {
                iteration_seconds, ..
            } if !iteration_seconds.is_empty() => Some(SteadySeries {
                program: r.program.clone(),
                engine: r.engine.clone(),
                iteration_seconds: iteration_seconds.clone(),
            }),
            _ => None,
        })
        .collect()
}

/// Reasons the run must exit non-zero (empty when it passes). See the module docs.
pub fn failures(records: &[RunRecord], engines: &[Engine], strict: bool) -> Vec<String> {
    let mut reasons = Vec::new();
    for record in records {
        let Some(engine) = engines.iter().find(|e| e.name == record.engine) else {
            continue;
        };
        let fatal = match &record.outcome {
            Outcome::Ok { .. } => false,
            _ if engine.is_reference() => true,
            Outcome::Wrong { .. } | Outcome::Crash { .. } => true,
            Outcome::Error { .. } | Outcome::Timeout { .. } => strict,
        };
        if fatal {
            reasons.push(format!(
                "{} on {} ({:?}): {} {}",
                record.engine,
                record.program,
                record.phase,
                record.outcome.label(),
                record.outcome.detail()
            ));
        }
    }
    reasons
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engines::Family;
    use std::path::PathBuf;

    fn ok(program: &str, engine: &str, seconds: f64) -> RunRecord {
        record(
            program,
            engine,
            Outcome::Ok {
                wall_seconds: seconds,
                peak_rss_kib: (seconds * 1000.0) as u64,
                iteration_seconds: Vec::new(),
                verified: true,
            },
        )
    }

    fn record(program: &str, engine: &str, outcome: Outcome) -> RunRecord {
        RunRecord {
            phase: Phase::Timed,
            program: program.to_string(),
            engine: engine.to_string(),
            round: 1,
            size: 1,
            iterations: 1,
            outcome,
        }
    }

    fn engine(name: &str, family: Family) -> Engine {
        Engine {
            name: name.to_string(),
            family,
            command: PathBuf::from("x"),
            leading_args: Vec::new(),
        }
    }

    fn names(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn cells_take_medians_and_first_failures() {
        let records = vec![
            ok("fib", "lua5.4", 1.0),
            ok("fib", "lua5.4", 3.0),
            ok("fib", "lua5.4", 2.0),
            ok("fib", "tsukimi", 1.0),
            record(
                "fib",
                "tsukimi",
                Outcome::Error {
                    message: "boom".to_string(),
                },
            ),
        ];
        let table = Table::build(
            &names(&["fib"]),
            &names(&["lua5.4", "tsukimi", "luajit"]),
            &records,
            Phase::Timed,
        );
        let lua = table.get(0, "lua5.4").unwrap();
        assert_eq!(lua.median_seconds, Some(2.0));
        assert_eq!(lua.peak_rss_kib, Some(3000));
        let tsukimi = table.get(0, "tsukimi").unwrap();
        assert_eq!(tsukimi.status, "ERROR");
        assert_eq!(tsukimi.detail, "boom");
        assert_eq!(table.get(0, "luajit").unwrap().status, "n/a");
        assert_eq!(table.ratio(0, "tsukimi", "lua5.4"), None);
    }

    #[test]
    fn ratios_and_geometric_means() {
        let records = vec![
            ok("a", "lua5.4", 2.0),
            ok("a", "luajit", 1.0),
            ok("b", "lua5.4", 1.0),
            ok("b", "luajit", 2.0),
            ok("c", "lua5.4", 1.0),
        ];
        let table = Table::build(
            &names(&["a", "b", "c"]),
            &names(&["lua5.4", "luajit"]),
            &records,
            Phase::Timed,
        );
        assert_eq!(table.ratio(0, "luajit", "lua5.4"), Some(0.5));
        assert_eq!(table.ratio(1, "luajit", "lua5.4"), Some(2.0));
        let (mean, count) = table.geomean_ratio("luajit", "lua5.4").unwrap();
        assert!((mean - 1.0).abs() < 1e-12);
        assert_eq!(count, 2);
        assert_eq!(table.geomean_ratio("nobody", "lua5.4"), None);
    }

    #[test]
    fn steady_state_is_the_median_of_the_second_half() {
        let series = SteadySeries {
            program: "p".to_string(),
            engine: "e".to_string(),
            iteration_seconds: vec![5.0, 2.0, 1.0, 1.2, 0.8, 1.0],
        };
        assert_eq!(series.first(), Some(5.0));
        assert_eq!(series.steady(), Some(1.0));
    }

    #[test]
    fn exit_policy_is_lenient_only_for_tsukimi_errors() {
        let engines = vec![
            engine("tsukimi", Family::Tsukimi),
            engine("lua5.4", Family::Lua54),
        ];
        let error = Outcome::Error {
            message: "no string.rep".to_string(),
        };
        let wrong = Outcome::Wrong {
            expected: "1".to_string(),
            got: "2".to_string(),
        };
        let crash = Outcome::Crash {
            signal: 11,
            message: String::new(),
        };
        let tsukimi_error = vec![record("p", "tsukimi", error.clone())];
        assert!(failures(&tsukimi_error, &engines, false).is_empty());
        assert_eq!(failures(&tsukimi_error, &engines, true).len(), 1);
        assert_eq!(
            failures(&[record("p", "tsukimi", wrong)], &engines, false).len(),
            1
        );
        assert_eq!(
            failures(&[record("p", "tsukimi", crash)], &engines, false).len(),
            1
        );
        assert_eq!(
            failures(&[record("p", "lua5.4", error)], &engines, false).len(),
            1
        );
        assert!(failures(&[ok("p", "lua5.4", 1.0)], &engines, true).is_empty());
    }
}
