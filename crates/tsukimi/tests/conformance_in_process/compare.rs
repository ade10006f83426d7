//! Comparing an in-process run with the script's expectations.
//!
//! The rules are the binary harness's (`crates/tsukimi-cli/tests/conformance/compare.rs`):
//! stdout byte for byte, reported at its first differing line (1-based, lossily decoded and
//! quoted so invisible bytes show); then the exit status; then, for a script expected to
//! fail, the first stderr line. In-process, "the first stderr line" is the first line of the
//! error message, which is what lua.c prints first (after `progname: `) unless the script
//! wrote to stderr itself (see `limits`; the caller then turns that comparison off).

use crate::corpus::{Expected, Script};
use crate::diff::{first_difference, lines, quote};
use crate::runner::{Outcome, SCRIPT_TIMEOUT};

/// `None` when the run matches; otherwise a one-paragraph description of the mismatch.
pub fn check(script: &Script, outcome: &Outcome, compare_stderr: bool) -> Option<String> {
    let expected = match &script.expected {
        Ok(expected) => expected,
        Err(message) => return Some(format!("bad expectations: {message}")),
    };
    match outcome {
        Outcome::Broken(message) => Some(message.clone()),
        Outcome::TimedOut { stdout, stopped } => Some(format!(
            "TIMEOUT after {}s ({}; stdout so far: {} lines)",
            SCRIPT_TIMEOUT.as_secs(),
            if *stopped {
                "stopped by the interrupt flag"
            } else {
                "did not stop when interrupted; its thread was abandoned"
            },
            lines(stdout).len()
        )),
        Outcome::Panicked { stdout, message } => Some(format!(
            "PANIC in the runtime: {message} (stdout so far: {} lines)",
            lines(stdout).len()
        )),
        Outcome::Finished {
            stdout,
            error_first_line,
            status,
        } => check_finished(
            expected,
            stdout,
            error_first_line.as_deref(),
            *status,
            compare_stderr,
        ),
    }
}

fn check_finished(
    expected: &Expected,
    stdout: &[u8],
    error_first_line: Option<&[u8]>,
    status: i32,
    compare_stderr: bool,
) -> Option<String> {
    let actual_error = error_first_line.unwrap_or_default();
    if let Some(difference) = first_difference(&expected.stdout, stdout) {
        let hint = if status == expected.status {
            String::new()
        } else {
            format!(" (status {status}, error: {})", quote(actual_error))
        };
        return Some(format!("stdout {difference}{hint}"));
    }
    if status != expected.status {
        return Some(format!(
            "status: expected {}, actual {status}; error: {}",
            expected.status,
            quote(actual_error)
        ));
    }
    match &expected.stderr_first_line {
        Some(expected_line) if compare_stderr && expected_line.as_slice() != actual_error => {
            Some(format!(
                "error message (first stderr line):\n    expected: {}\n    actual:   {}",
                quote(expected_line),
                quote(actual_error)
            ))
        }
        _ => None,
    }
}
