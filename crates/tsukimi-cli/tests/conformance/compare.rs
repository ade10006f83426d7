//! Comparing a run with its expectations and describing the first difference.
//!
//! stdout is compared byte for byte; the report names the first differing line (1-based)
//! with expected and actual text, lossily decoded and quoted so invisible bytes show.
//! stderr is compared only on its first line, after removing the program-name prefix that
//! `lua.c` puts before uncaught error messages (`argv[0]: `, which may be a full path, or
//! its file name, or one of the known engine names).

use std::path::Path;

use crate::corpus::{Expected, Script};
use crate::diff::{first_difference, quote};
use crate::runner::{Outcome, SCRIPT_TIMEOUT};

/// Program names whose `name: ` prefix is removed from the first stderr line.
const KNOWN_PROGRAM_NAMES: &[&str] = &["tsukimi", "lua5.4", "lua"];

/// `None` when the run matches; otherwise a one-paragraph description of the mismatch.
pub fn check(script: &Script, engine: &Path, outcome: &Outcome) -> Option<String> {
    let expected = match &script.expected {
        Ok(expected) => expected,
        Err(message) => return Some(format!("bad expectations: {message}")),
    };
    match outcome {
        Outcome::Broken(message) => Some(message.clone()),
        Outcome::TimedOut { stdout } => Some(format!(
            "TIMEOUT after {}s (stdout so far: {} lines)",
            SCRIPT_TIMEOUT.as_secs(),
            stdout.split(|&b| b == b'\n').count().saturating_sub(1)
        )),
        Outcome::Finished {
            stdout,
            stderr,
            status,
        } => check_finished(expected, engine, stdout, stderr, *status),
    }
}

fn check_finished(
    expected: &Expected,
    engine: &Path,
    stdout: &[u8],
    stderr: &[u8],
    status: Option<i32>,
) -> Option<String> {
    let actual_first_stderr = strip_program_name(first_line(stderr), engine);
    if let Some(difference) = first_difference(&expected.stdout, stdout) {
        let hint = if status == Some(expected.status) {
            String::new()
        } else {
            format!(
                " (exit status {}, stderr: {})",
                show_status(status),
                quote(actual_first_stderr)
            )
        };
        return Some(format!("stdout {difference}{hint}"));
    }
    if status != Some(expected.status) {
        return Some(format!(
            "exit status: expected {}, actual {}; stderr: {}",
            expected.status,
            show_status(status),
            quote(actual_first_stderr)
        ));
    }
    if let Some(expected_stderr) = &expected.stderr_first_line {
        if expected_stderr.as_slice() != actual_first_stderr {
            return Some(format!(
                "stderr first line:\n    expected: {}\n    actual:   {}",
                quote(expected_stderr),
                quote(actual_first_stderr)
            ));
        }
    }
    None
}

fn show_status(status: Option<i32>) -> String {
    status.map_or_else(|| "killed by a signal".to_string(), |code| code.to_string())
}

fn first_line(bytes: &[u8]) -> &[u8] {
    bytes.split(|&b| b == b'\n').next().unwrap_or(&[])
}

/// Removes `argv0: ` (full path or file name) or `known-name: ` from the start of `line`.
pub fn strip_program_name<'a>(line: &'a [u8], engine: &Path) -> &'a [u8] {
    let full = engine.to_string_lossy().into_owned();
    let base = engine
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let candidates = [full.as_str(), base.as_str()];
    for name in candidates.iter().chain(KNOWN_PROGRAM_NAMES) {
        if name.is_empty() {
            continue;
        }
        let prefix = format!("{name}: ");
        if let Some(rest) = line.strip_prefix(prefix.as_bytes()) {
            return rest;
        }
    }
    line
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn program_name_prefixes_are_removed() {
        let engine = Path::new("/usr/bin/lua5.4");
        assert_eq!(
            strip_program_name(b"/usr/bin/lua5.4: x.lua:1: boom", engine),
            b"x.lua:1: boom"
        );
        assert_eq!(strip_program_name(b"lua5.4: boom", engine), b"boom");
        assert_eq!(strip_program_name(b"tsukimi: boom", engine), b"boom");
        assert_eq!(
            strip_program_name(b"Lua warning: hi", engine),
            b"Lua warning: hi"
        );
    }

    #[test]
    fn first_difference_names_the_line() {
        assert_eq!(first_difference(b"a\nb\n", b"a\nb\n"), None);
        let report = first_difference(b"a\nb\n", b"a\nc\n").unwrap_or_default();
        assert!(report.contains("line 2") && report.contains("\"b\"") && report.contains("\"c\""));
        let shorter = first_difference(b"a\nb\n", b"a\n").unwrap_or_default();
        assert!(shorter.contains("line 2") && shorter.contains("<end of output>"));
        let newline = first_difference(b"a\n", b"a").unwrap_or_default();
        assert!(newline.contains("newline at the end"));
    }
}
