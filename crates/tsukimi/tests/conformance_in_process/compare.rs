//! Comparing an in-process run with the script's expectations.
//!
//! The rules are the binary harness's (`crates/tsukimi-cli/tests/conformance/compare.rs`):
//! stdout byte for byte, reported at its first differing line (1-based, lossily decoded and
//! quoted so invisible bytes show); then the exit status; then, for a script expected to
//! fail, the first stderr line. In-process, "the first stderr line" is the first line of the
//! error message, which is what lua.c prints first (after `progname: `) unless the script
//! wrote to stderr itself (see `limits`; the caller then turns that comparison off).

use crate::corpus::{Expected, Script};
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

/// Describes the first differing line of two outputs, or `None` when they are equal.
pub fn first_difference(expected: &[u8], actual: &[u8]) -> Option<String> {
    if expected == actual {
        return None;
    }
    let expected_lines = lines(expected);
    let actual_lines = lines(actual);
    let longest = expected_lines.len().max(actual_lines.len());
    for index in 0..longest {
        let want = expected_lines.get(index);
        let got = actual_lines.get(index);
        if want != got {
            let show = |line: Option<&&[u8]>| line.map_or("<end of output>".into(), |l| quote(l));
            return Some(format!(
                "differs at line {}:\n    expected: {}\n    actual:   {}",
                index + 1,
                show(want),
                show(got)
            ));
        }
    }
    Some("differs only in the newline at the end of the output".to_string())
}

/// The lines of an output, without the empty piece after a final newline.
fn lines(bytes: &[u8]) -> Vec<&[u8]> {
    let mut lines: Vec<&[u8]> = bytes.split(|&b| b == b'\n').collect();
    if lines.last().is_some_and(|last| last.is_empty()) {
        lines.pop();
    }
    lines
}

fn quote(bytes: &[u8]) -> String {
    format!("{:?}", String::from_utf8_lossy(bytes))
}
