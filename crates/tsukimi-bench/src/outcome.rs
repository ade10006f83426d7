//! outcome: what one run of one program on one engine amounted to.
//!
//! [`classify`] is the single place that decides between OK, WRONG, ERROR, CRASH and TIMEOUT,
//! from a finished process and the expected checksum. The rules, in order:
//! - killed by our time limit: TIMEOUT;
//! - killed by a signal: CRASH (a runtime bug: never expected from a Lua engine);
//! - non-zero exit: ERROR, with the first non-empty line of stderr as the reason;
//! - protocol violations or no `checksum` line: ERROR;
//! - a checksum different from the manifest's: WRONG (never timed);
//! - otherwise OK with wall time, peak RSS and per-iteration times.
//!
//! When the manifest has no checksum for the size the run is OK but marked unverified.

use crate::process::{Exit, Finished};
use crate::protocol::parse_output;
use serde::Serialize;

/// The result of one run.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum Outcome {
    /// Correct answer (or no expected answer recorded: `verified` is false).
    Ok {
        /// Wall time of the whole process in seconds.
        wall_seconds: f64,
        /// Peak resident set size in KiB.
        peak_rss_kib: u64,
        /// Seconds per iteration when the run asked for several.
        iteration_seconds: Vec<f64>,
        /// Whether the checksum was compared with a recorded one.
        verified: bool,
    },
    /// A checksum that differs from the recorded one.
    Wrong {
        /// The checksum the manifest records.
        expected: String,
        /// What the engine printed.
        got: String,
    },
    /// The engine failed (non-zero exit, could not start, or broke the protocol).
    Error {
        /// First line of the reason, e.g. the engine's first stderr line.
        message: String,
    },
    /// The engine was killed by a signal.
    Crash {
        /// Signal number.
        signal: i32,
        /// First stderr line, if any.
        message: String,
    },
    /// The run exceeded the time limit.
    Timeout {
        /// The limit in seconds.
        limit_seconds: f64,
    },
}

impl Outcome {
    /// The short status word printed in tables.
    pub fn label(&self) -> &'static str {
        match self {
            Outcome::Ok { .. } => "OK",
            Outcome::Wrong { .. } => "WRONG",
            Outcome::Error { .. } => "ERROR",
            Outcome::Crash { .. } => "CRASH",
            Outcome::Timeout { .. } => "TIMEOUT",
        }
    }

    /// Wall seconds for an OK run.
    pub fn wall_seconds(&self) -> Option<f64> {
        match self {
            Outcome::Ok { wall_seconds, .. } => Some(*wall_seconds),
            _ => None,
        }
    }

    /// One line describing a failure (empty for OK).
    pub fn detail(&self) -> String {
        match self {
            Outcome::Ok { .. } => String::new(),
            Outcome::Wrong { expected, got } => format!("expected `{expected}`, got `{got}`"),
            Outcome::Error { message } => message.clone(),
            Outcome::Crash { signal, message } => format!("signal {signal}: {message}"),
            Outcome::Timeout { limit_seconds } => format!("no answer within {limit_seconds} s"),
        }
    }
}

/// Decides the outcome of a finished run (see the module docs for the rules).
pub fn classify(finished: &Finished, expected: Option<&str>, limit_seconds: f64) -> Outcome {
    let first_stderr = first_line(&finished.stderr);
    match finished.exit {
        Exit::TimedOut => return Outcome::Timeout { limit_seconds },
        Exit::Signal(signal) => {
            return Outcome::Crash {
                signal,
                message: first_stderr,
            }
        }
        Exit::Code(0) => {}
        Exit::Code(code) => {
            let message = if first_stderr.is_empty() {
                format!("exit status {code}")
            } else {
                first_stderr
            };
            return Outcome::Error { message };
        }
    }
    let output = match parse_output(&finished.stdout) {
        Ok(output) => output,
        Err(why) => return Outcome::Error { message: why },
    };
    let Some(got) = output.checksum else {
        return Outcome::Error {
            message: "no `checksum` line on stdout".to_string(),
        };
    };
    if let Some(expected) = expected {
        if got != expected {
            return Outcome::Wrong {
                expected: expected.to_string(),
                got,
            };
        }
    }
    Outcome::Ok {
        wall_seconds: finished.wall.as_secs_f64(),
        peak_rss_kib: finished.peak_rss_kib,
        iteration_seconds: output.iteration_seconds,
        verified: expected.is_some(),
    }
}

/// The first non-empty line of `text`, trimmed and capped at 200 characters.
pub fn first_line(text: &str) -> String {
    let line = text
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .unwrap_or("");
    line.chars().take(200).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    fn finished(exit: Exit, stdout: &str, stderr: &str) -> Finished {
        Finished {
            exit,
            wall: Duration::from_millis(1500),
            peak_rss_kib: 2048,
            stdout: stdout.to_string(),
            stderr: stderr.to_string(),
        }
    }

    #[test]
    fn ok_when_checksum_matches() {
        let out = finished(
            Exit::Code(0),
            "iteration 1 0.5\niteration 2 0.4\nchecksum 42\n",
            "",
        );
        match classify(&out, Some("42"), 60.0) {
            Outcome::Ok {
                wall_seconds,
                peak_rss_kib,
                iteration_seconds,
                verified,
            } => {
                assert_eq!(wall_seconds, 1.5);
                assert_eq!(peak_rss_kib, 2048);
                assert_eq!(iteration_seconds, vec![0.5, 0.4]);
                assert!(verified);
            }
            other => panic!("unexpected {other:?}"),
        }
    }

    #[test]
    fn wrong_checksum_is_wrong_not_timed() {
        let out = finished(Exit::Code(0), "checksum 41\n", "");
        let outcome = classify(&out, Some("42"), 60.0);
        assert_eq!(outcome.label(), "WRONG");
        assert_eq!(outcome.wall_seconds(), None);
        assert_eq!(outcome.detail(), "expected `42`, got `41`");
    }

    #[test]
    fn failures_are_classified() {
        let error = classify(
            &finished(
                Exit::Code(1),
                "",
                "\nlua: x.lua:3: attempt to call a nil value\ntrace",
            ),
            Some("1"),
            60.0,
        );
        assert_eq!(
            error,
            Outcome::Error {
                message: "lua: x.lua:3: attempt to call a nil value".to_string()
            }
        );
        let silent = classify(&finished(Exit::Code(2), "", ""), None, 60.0);
        assert_eq!(silent.detail(), "exit status 2");
        let no_sum = classify(&finished(Exit::Code(0), "hi\n", ""), None, 60.0);
        assert_eq!(no_sum.label(), "ERROR");
        let bad_protocol = classify(&finished(Exit::Code(0), "iteration 3 1\n", ""), None, 1.0);
        assert_eq!(bad_protocol.label(), "ERROR");
        let crash = classify(&finished(Exit::Signal(11), "", ""), None, 60.0);
        assert_eq!(crash.label(), "CRASH");
        let timeout = classify(
            &finished(Exit::TimedOut, "checksum 1\n", ""),
            Some("1"),
            9.0,
        );
        assert_eq!(timeout.label(), "TIMEOUT");
    }

    #[test]
    fn unverified_when_no_checksum_recorded() {
        let outcome = classify(&finished(Exit::Code(0), "checksum 7\n", ""), None, 60.0);
        assert!(matches!(
            outcome,
            Outcome::Ok {
                verified: false,
                ..
            }
        ));
    }
}
