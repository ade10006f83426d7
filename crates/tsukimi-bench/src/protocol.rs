//! protocol: reading what a benchmark program prints.
//!
//! Every program in `bench/programs/` (and every C reference in `bench/c/`) follows one small
//! protocol, documented in `bench/README.md`: it is run as `program [size] [iterations]`,
//! prints `iteration <i> <seconds>` once per iteration when more than one iteration was
//! asked for, and finally `checksum <text>`, where `<text>` is the rest of the line. This
//! module turns standard output into [`ProgramOutput`]; it never panics on odd output and
//! reports malformed protocol lines as errors. Lines that are not part of the protocol are
//! ignored, so a program may print diagnostics.

/// What a program reported on standard output.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ProgramOutput {
    /// The text after `checksum ` on the last checksum line, if any.
    pub checksum: Option<String>,
    /// Seconds per iteration, in iteration order (empty for a single-iteration run).
    pub iteration_seconds: Vec<f64>,
}

/// Parses a program's standard output. Errors name the offending line.
pub fn parse_output(stdout: &str) -> Result<ProgramOutput, String> {
    let mut output = ProgramOutput::default();
    for line in stdout.lines() {
        let line = line.trim_end_matches('\r');
        if let Some(rest) = line.strip_prefix("checksum ") {
            output.checksum = Some(rest.trim().to_string());
        } else if let Some(rest) = line.strip_prefix("iteration ") {
            let seconds = parse_iteration(rest, output.iteration_seconds.len() + 1)
                .map_err(|why| format!("bad iteration line {line:?}: {why}"))?;
            output.iteration_seconds.push(seconds);
        }
    }
    Ok(output)
}

/// Parses `<i> <seconds>` and checks that `i` is the iteration expected next.
fn parse_iteration(rest: &str, expected_index: usize) -> Result<f64, String> {
    let mut fields = rest.split_whitespace();
    let (Some(index), Some(seconds), None) = (fields.next(), fields.next(), fields.next()) else {
        return Err("expected `iteration <i> <seconds>`".to_string());
    };
    let index: usize = index
        .parse()
        .map_err(|_| "iteration number is not an integer")?;
    if index != expected_index {
        return Err(format!("expected iteration {expected_index}, got {index}"));
    }
    let seconds: f64 = seconds.parse().map_err(|_| "seconds is not a number")?;
    if !seconds.is_finite() || seconds < 0.0 {
        return Err("seconds is negative or not finite".to_string());
    }
    Ok(seconds)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_checksum_and_iterations() {
        let out = "iteration 1 0.500000\niteration 2 0.250000\nchecksum 9227465 extra words\n";
        let parsed = parse_output(out).unwrap();
        assert_eq!(parsed.checksum.as_deref(), Some("9227465 extra words"));
        assert_eq!(parsed.iteration_seconds, vec![0.5, 0.25]);
    }

    #[test]
    fn missing_checksum_is_none() {
        let parsed = parse_output("hello\n").unwrap();
        assert_eq!(parsed.checksum, None);
        assert!(parsed.iteration_seconds.is_empty());
    }

    #[test]
    fn crlf_and_noise_are_tolerated() {
        let parsed = parse_output("debug: x\r\nchecksum 42\r\n").unwrap();
        assert_eq!(parsed.checksum.as_deref(), Some("42"));
    }

    #[test]
    fn malformed_iterations_are_errors() {
        assert!(parse_output("iteration 2 0.1\n").is_err());
        assert!(parse_output("iteration 1\n").is_err());
        assert!(parse_output("iteration 1 fast\n").is_err());
        assert!(parse_output("iteration 1 -1\n").is_err());
        assert!(parse_output("iteration 1 0.1 0.2\n").is_err());
    }
}
