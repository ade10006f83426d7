//! What an in-process run cannot reproduce, found by reading the script's source.
//!
//! The binary harness runs each script in its own process, with standard input from
//! `/dev/null` and both output streams captured. In-process, three things differ:
//! - `os.exit` ends the process, and here the process is the test: a script that mentions
//!   `os.exit` is skipped (the API has no way to intercept it as an exit status);
//! - standard input is the test process's own: a script that mentions `io.read`,
//!   `io.stdin`, `io.lines()` (no file name: the default input) or `debug.debug` (reads
//!   commands from stdin) is skipped, unless the test's standard input is `/dev/null`
//!   itself, where the run is exactly the binary's;
//! - warnings (`warn`), `io.stderr` and `debug.debug`'s prompt write to the process's
//!   stderr, which no API redirects: such a script runs, but the first stderr line is not
//!   compared (the error message may not be the first thing lua5.4 wrote there) and a note
//!   says so.
//!
//! The detection is a plain substring search, so it errs towards skipping: a mention inside
//! a comment or a string counts. That is the safe side; it never lets a script end the test.

/// One way a script's in-process run differs from the binary's.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Limitation {
    /// Mentions `os.exit`.
    CallsOsExit,
    /// Mentions standard input while the test's stdin is not `/dev/null`.
    ReadsStdin,
    /// Mentions `warn(`, `io.stderr` or `debug.debug`.
    WritesStderr,
}

impl Limitation {
    /// Why the script is skipped, for limitations that prevent running it.
    pub fn skip_reason(&self) -> Option<String> {
        match self {
            Limitation::CallsOsExit => Some(
                "calls os.exit, which would end the test process (no API hook to turn it into \
                 an exit status)"
                    .to_string(),
            ),
            Limitation::ReadsStdin => Some(
                "reads standard input, and the test's stdin is not /dev/null (run the test \
                 with `< /dev/null` to include it)"
                    .to_string(),
            ),
            Limitation::WritesStderr => None,
        }
    }

    /// A note for limitations that only narrow the comparison.
    pub fn note(&self) -> Option<String> {
        match self {
            Limitation::WritesStderr => Some(
                "may write to stderr (warn, io.stderr, debug.debug), which no API \
                 captures: stdout and status compared, the error line not"
                    .to_string(),
            ),
            Limitation::CallsOsExit | Limitation::ReadsStdin => None,
        }
    }
}

/// The limitations that apply to a script with this source.
pub fn detect(source: &[u8], stdin_is_null: bool) -> Vec<Limitation> {
    let mentions = |needle: &str| {
        source
            .windows(needle.len())
            .any(|window| window == needle.as_bytes())
    };
    let mut found = Vec::new();
    if mentions("os.exit") {
        found.push(Limitation::CallsOsExit);
    }
    let reads_stdin = mentions("io.read")
        || mentions("io.stdin")
        || mentions("io.lines()")
        || mentions("debug.debug");
    if reads_stdin && !stdin_is_null {
        found.push(Limitation::ReadsStdin);
    }
    if mentions("warn(") || mentions("io.stderr") || mentions("debug.debug") {
        found.push(Limitation::WritesStderr);
    }
    found
}

/// Whether this process's standard input is the `/dev/null` device (the binary harness
/// gives every script that stdin).
pub fn stdin_is_dev_null() -> bool {
    use std::os::unix::fs::{FileTypeExt, MetadataExt};
    // `/dev/stdin` links to the file descriptor 0's file; metadata follows the link.
    match (
        std::fs::metadata("/dev/stdin"),
        std::fs::metadata("/dev/null"),
    ) {
        (Ok(stdin), Ok(null)) => stdin.file_type().is_char_device() && stdin.rdev() == null.rdev(),
        _ => false,
    }
}
