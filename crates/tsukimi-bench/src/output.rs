//! output: the machine-readable results — `results.json` (everything: machine, engines,
//! every run, summaries) and `runs.csv` (one row per run) — so runs can be compared across
//! commits with ordinary tools.
//!
//! The JSON carries `schema` (bumped when a field changes meaning), the git commit and a UTC
//! timestamp. CSV fields are quoted when they contain a comma, quote or newline.

use crate::machine::Machine;
use crate::suite::RunRecord;
use serde::Serialize;
use std::path::Path;

/// Version of the JSON layout.
pub const SCHEMA: u32 = 1;

/// One engine as run.
#[derive(Debug, Clone, Serialize)]
pub struct EngineInfo {
    /// Column name.
    pub name: String,
    /// Interpreter or binary directory.
    pub command: String,
    /// Leading options.
    pub args: Vec<String>,
}

/// Everything a run produced.
#[derive(Debug, Clone, Serialize)]
pub struct Results {
    /// JSON layout version.
    pub schema: u32,
    /// `git rev-parse HEAD` of the tree, if available.
    pub git_commit: String,
    /// UTC time the run finished, ISO 8601.
    pub timestamp: String,
    /// Whether this was a `--quick` run.
    pub quick: bool,
    /// Timed rounds.
    pub runs: u32,
    /// Iterations of the steady-state runs.
    pub iterations: u32,
    /// The machine.
    pub machine: Machine,
    /// Engines in column order.
    pub engines: Vec<EngineInfo>,
    /// Notes about skipped engines or programs.
    pub notes: Vec<String>,
    /// Every run (timed, steady, start-up).
    pub records: Vec<RunRecord>,
}

/// Writes `results.json` and `runs.csv` into `dir`.
pub fn write(dir: &Path, results: &Results) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    let json = serde_json::to_string_pretty(results).map_err(std::io::Error::other)?;
    std::fs::write(dir.join("results.json"), json + "\n")?;
    std::fs::write(dir.join("runs.csv"), csv(&results.records))?;
    Ok(())
}

/// The CSV text of `records` with a header row.
pub fn csv(records: &[RunRecord]) -> String {
    let mut text = String::from(
        "phase,program,engine,round,size,iterations,status,wall_seconds,peak_rss_kib,iteration_seconds,detail\n",
    );
    for record in records {
        let (wall, rss, iterations) = match &record.outcome {
            crate::outcome::Outcome::Ok {
                wall_seconds,
                peak_rss_kib,
                iteration_seconds,
                ..
            } => (
                format!("{wall_seconds:.6}"),
                peak_rss_kib.to_string(),
                iteration_seconds
                    .iter()
                    .map(|s| format!("{s:.6}"))
                    .collect::<Vec<_>>()
                    .join(";"),
            ),
            _ => (String::new(), String::new(), String::new()),
        };
        let phase = serde_json::to_value(record.phase)
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default();
        let fields = [
            phase,
            record.program.clone(),
            record.engine.clone(),
            record.round.to_string(),
            record.size.to_string(),
            record.iterations.to_string(),
            record.outcome.label().to_string(),
            wall,
            rss,
            iterations,
            record.outcome.detail(),
        ];
        let line: Vec<String> = fields.iter().map(|f| csv_field(f)).collect();
        text.push_str(&line.join(","));
        text.push('\n');
    }
    text
}

fn csv_field(field: &str) -> String {
    if field.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", field.replace('"', "\"\""))
    } else {
        field.to_string()
    }
}

/// `git rev-parse HEAD` in `root`, or "unknown".
pub fn git_commit(root: &Path) -> String {
    let args = vec!["rev-parse".to_string(), "HEAD".to_string()];
    let git = crate::engines::find_in_path("git");
    git.and_then(|git| {
        crate::process::run_measured(&git, &args, root, std::time::Duration::from_secs(10)).ok()
    })
    .map(|done| done.stdout.trim().to_string())
    .filter(|s| !s.is_empty())
    .unwrap_or_else(|| "unknown".to_string())
}

/// Formats seconds since the Unix epoch as `YYYY-MM-DDTHH:MM:SSZ`.
pub fn iso8601(epoch_seconds: u64) -> String {
    let days = (epoch_seconds / 86_400) as i64;
    let secs = epoch_seconds % 86_400;
    // Civil-from-days (Howard Hinnant's algorithm), valid for all dates after 1970.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
        secs / 3600,
        secs % 3600 / 60,
        secs % 60
    )
}

/// The current UTC time as ISO 8601.
pub fn now() -> String {
    let seconds = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    iso8601(seconds)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::outcome::Outcome;
    use crate::suite::Phase;

    #[test]
    fn iso_dates() {
        assert_eq!(iso8601(0), "1970-01-01T00:00:00Z");
        assert_eq!(iso8601(951_782_400), "2000-02-29T00:00:00Z");
        assert_eq!(iso8601(1_700_000_000), "2023-11-14T22:13:20Z");
    }

    #[test]
    fn csv_rows_quote_what_needs_it() {
        let records = vec![
            RunRecord {
                phase: Phase::Steady,
                program: "fib".to_string(),
                engine: "lua5.4".to_string(),
                round: 1,
                size: 30,
                iterations: 2,
                outcome: Outcome::Ok {
                    wall_seconds: 0.5,
                    peak_rss_kib: 100,
                    iteration_seconds: vec![0.25, 0.2],
                    verified: true,
                },
            },
            RunRecord {
                phase: Phase::Timed,
                program: "fib".to_string(),
                engine: "tsukimi".to_string(),
                round: 2,
                size: 36,
                iterations: 1,
                outcome: Outcome::Error {
                    message: "x.lua:1: bad \"thing\", here".to_string(),
                },
            },
        ];
        let text = csv(&records);
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 3);
        assert_eq!(
            lines[1],
            "steady,fib,lua5.4,1,30,2,OK,0.500000,100,0.250000;0.200000,"
        );
        assert_eq!(
            lines[2],
            "timed,fib,tsukimi,2,36,1,ERROR,,,,\"x.lua:1: bad \"\"thing\"\", here\""
        );
    }
}
