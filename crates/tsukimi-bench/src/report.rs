//! report: renders summaries as Markdown tables — the same text is printed on the terminal
//! and written into `docs/benchmarks.md`.
//!
//! Cells show a number for OK results and the status word otherwise (ERROR, WRONG, CRASH,
//! TIMEOUT, or n/a when an engine does not run a program); the reasons for failures follow
//! the tables as a list, so tables stay narrow. Times are medians; ratios are
//! `engine time / reference time` (below 1 is faster than the reference), of the medians or
//! of the fastest runs.

use crate::summary::{Cell, Statistic, SteadySeries, Table};

/// Formats seconds with a sensible unit and precision.
pub fn format_seconds(seconds: f64) -> String {
    if seconds >= 1.0 {
        format!("{seconds:.2} s")
    } else if seconds >= 0.01 {
        format!("{seconds:.3} s")
    } else {
        format!("{:.2} ms", seconds * 1000.0)
    }
}

/// Formats a ratio: three significant digits or so.
pub fn format_ratio(value: f64) -> String {
    if value >= 100.0 {
        format!("{value:.0}")
    } else if value >= 10.0 {
        format!("{value:.1}")
    } else if value >= 0.1 {
        format!("{value:.2}")
    } else {
        format!("{value:.3}")
    }
}

fn status_or(cell: Option<&Cell>, ok: impl FnOnce(&Cell) -> Option<String>) -> String {
    match cell {
        None => "n/a".to_string(),
        Some(cell) if cell.status == "OK" => ok(cell).unwrap_or_else(|| "?".to_string()),
        Some(cell) => cell.status.clone(),
    }
}

fn header(first: &str, engines: &[String]) -> String {
    let mut text = format!("| {first} |");
    for engine in engines {
        text.push_str(&format!(" {engine} |"));
    }
    text.push_str("\n|---|");
    for _ in engines {
        text.push_str("---:|");
    }
    text.push('\n');
    text
}

/// Median wall time per program and engine.
pub fn times(table: &Table) -> String {
    let mut text = header("program", &table.engines);
    for (row, name) in table.rows.iter().enumerate() {
        text.push_str(&format!("| {name} |"));
        for engine in &table.engines {
            let value = status_or(table.get(row, engine), |c| {
                c.median_seconds.map(format_seconds)
            });
            text.push_str(&format!(" {value} |"));
        }
        text.push('\n');
    }
    text
}

/// Ratio of medians to `reference` per program and engine, with a geometric-mean row.
pub fn ratios(table: &Table, reference: &str) -> String {
    ratios_of(table, reference, Statistic::Median)
}

/// Ratio of `statistic` to `reference` per program and engine, with a geometric-mean row.
pub fn ratios_of(table: &Table, reference: &str, statistic: Statistic) -> String {
    let mut text = header("program", &table.engines);
    for (row, name) in table.rows.iter().enumerate() {
        text.push_str(&format!("| {name} |"));
        for engine in &table.engines {
            let value = status_or(table.get(row, engine), |_| {
                table
                    .ratio_of(statistic, row, engine, reference)
                    .map(format_ratio)
            });
            let value = if value == "?" {
                "–".to_string()
            } else {
                value
            };
            text.push_str(&format!(" {value} |"));
        }
        text.push('\n');
    }
    text.push_str("| **geometric mean** |");
    for engine in &table.engines {
        let value = match table.geomean_ratio_of(statistic, engine, reference) {
            Some((mean, count)) => {
                format!("**{}** ({count}/{})", format_ratio(mean), table.rows.len())
            }
            None => "–".to_string(),
        };
        text.push_str(&format!(" {value} |"));
    }
    text.push('\n');
    text
}

/// Peak RSS in MiB per program and engine.
pub fn memory(table: &Table) -> String {
    let mut text = header("program", &table.engines);
    for (row, name) in table.rows.iter().enumerate() {
        text.push_str(&format!("| {name} |"));
        for engine in &table.engines {
            let value = status_or(table.get(row, engine), |c| {
                c.peak_rss_kib
                    .map(|kib| format!("{:.1}", kib as f64 / 1024.0))
            });
            text.push_str(&format!(" {value} |"));
        }
        text.push('\n');
    }
    text
}

/// Start-up: median wall time of each start-up case per engine (engines are rows here,
/// since there are only two cases). No peak RSS: these processes live about a millisecond,
/// too short for `process` to sample, and `ru_maxrss` would only show the runner's own floor.
pub fn startup(table: &Table) -> String {
    let mut text = String::from("| engine |");
    for case in &table.rows {
        text.push_str(&format!(" `{case}` |"));
    }
    text.push_str("\n|---|");
    for _ in &table.rows {
        text.push_str("---:|");
    }
    text.push('\n');
    for engine in &table.engines {
        text.push_str(&format!("| {engine} |"));
        for row in 0..table.rows.len() {
            let time = status_or(table.get(row, engine), |c| {
                c.median_seconds.map(format_seconds)
            });
            text.push_str(&format!(" {time} |"));
        }
        text.push('\n');
    }
    text
}

/// Steady state: first iteration and steady time (median of the second half) per program
/// and engine, as `first / steady`.
pub fn steady(programs: &[String], engines: &[String], series: &[SteadySeries]) -> String {
    let mut text = header("program (first / steady)", engines);
    for program in programs {
        text.push_str(&format!("| {program} |"));
        for engine in engines {
            let found = series
                .iter()
                .find(|s| &s.program == program && &s.engine == engine);
            let value = match found.and_then(|s| Some((s.first()?, s.steady()?))) {
                Some((first, steady)) => {
                    format!("{} / {}", format_seconds(first), format_seconds(steady))
                }
                None => "–".to_string(),
            };
            text.push_str(&format!(" {value} |"));
        }
        text.push('\n');
    }
    text
}

/// The failures of a table as a Markdown list (empty string when there are none).
pub fn failure_list(table: &Table) -> String {
    let mut text = String::new();
    for (row, name) in table.rows.iter().enumerate() {
        for engine in &table.engines {
            if let Some(cell) = table.get(row, engine) {
                if cell.status != "OK" && cell.status != "n/a" {
                    let detail = cell.detail.replace('|', "\\|").replace('`', "'");
                    text.push_str(&format!(
                        "- {engine} on {name}: {} — `{detail}`\n",
                        cell.status
                    ));
                }
            }
        }
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::outcome::Outcome;
    use crate::suite::{Phase, RunRecord};

    fn ok(program: &str, engine: &str, seconds: f64) -> RunRecord {
        RunRecord {
            phase: Phase::Timed,
            program: program.to_string(),
            engine: engine.to_string(),
            round: 1,
            size: 1,
            iterations: 1,
            outcome: Outcome::Ok {
                wall_seconds: seconds,
                peak_rss_kib: 2048,
                iteration_seconds: Vec::new(),
                verified: true,
            },
        }
    }

    #[test]
    fn units_and_precision() {
        assert_eq!(format_seconds(1.234), "1.23 s");
        assert_eq!(format_seconds(0.1234), "0.123 s");
        assert_eq!(format_seconds(0.001234), "1.23 ms");
        assert_eq!(format_ratio(0.5), "0.50");
        assert_eq!(format_ratio(12.34), "12.3");
        assert_eq!(format_ratio(0.0123), "0.012");
    }

    #[test]
    fn tables_show_numbers_statuses_and_geomeans() {
        let mut records = vec![ok("fib", "lua5.4", 2.0), ok("fib", "luajit", 0.5)];
        records.push(RunRecord {
            outcome: Outcome::Error {
                message: "bad | thing".to_string(),
            },
            ..ok("fib", "tsukimi", 0.0)
        });
        let engines: Vec<String> = ["tsukimi", "lua5.4", "luajit"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let table = Table::build(&["fib".to_string()], &engines, &records, Phase::Timed);
        let text = times(&table);
        assert!(
            text.contains("| fib | ERROR | 2.00 s | 0.500 s |"),
            "{text}"
        );
        let text = ratios(&table, "lua5.4");
        assert!(text.contains("| fib | ERROR | 1.00 | 0.25 |"), "{text}");
        assert!(text.contains("**0.25** (1/1)"), "{text}");
        assert!(memory(&table).contains("| 2.0 |"));
        let failures = failure_list(&table);
        assert_eq!(failures, "- tsukimi on fib: ERROR — `bad \\| thing`\n");
    }

    #[test]
    fn fastest_round_ratios_use_each_engines_minimum() {
        // tsukimi: rounds 1.0, 3.0, 3.2 (median 3.0); lua5.4: 2.0, 2.2, 2.4 (median 2.2).
        let records: Vec<RunRecord> = [
            ("tsukimi", 1.0),
            ("tsukimi", 3.0),
            ("tsukimi", 3.2),
            ("lua5.4", 2.0),
            ("lua5.4", 2.2),
            ("lua5.4", 2.4),
        ]
        .iter()
        .map(|&(engine, seconds)| ok("fib", engine, seconds))
        .collect();
        let engines: Vec<String> = ["tsukimi", "lua5.4"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let table = Table::build(&["fib".to_string()], &engines, &records, Phase::Timed);
        let medians = ratios(&table, "lua5.4");
        assert!(medians.contains("| fib | 1.36 | 1.00 |"), "{medians}");
        let fastest = ratios_of(&table, "lua5.4", Statistic::Fastest);
        assert!(fastest.contains("| fib | 0.50 | 1.00 |"), "{fastest}");
        assert!(fastest.contains("**0.50** (1/1)"), "{fastest}");
    }
}
