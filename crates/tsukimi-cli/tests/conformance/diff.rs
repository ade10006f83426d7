//! Line-oriented comparison of a script's output with its expectation, shared by the
//! conformance harness that runs the binary (`crates/tsukimi-cli/tests/conformance.rs`) and
//! the one that runs in-process (`crates/tsukimi/tests/conformance_in_process.rs`), which
//! includes this file by path: both report a difference the same way.

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
pub fn lines(bytes: &[u8]) -> Vec<&[u8]> {
    let mut lines: Vec<&[u8]> = bytes.split(|&b| b == b'\n').collect();
    if lines.last().is_some_and(|last| last.is_empty()) {
        lines.pop();
    }
    lines
}

/// A line shown in a report: lossily decoded, quoted and escaped.
pub fn quote(bytes: &[u8]) -> String {
    format!("{:?}", String::from_utf8_lossy(bytes))
}
