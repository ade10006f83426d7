//! options: the runner's command line.
//!
//! Accepted forms are `--flag`, `--name value` and `--name=value`; lists are comma
//! separated. Parsing is pure (it takes the arguments as strings) and reports unknown or
//! malformed options as errors, which `main` prints with the usage text.

use std::path::PathBuf;

/// The usage text printed by `--help` and on errors.
pub const USAGE: &str = "\
tsukimi-bench: run the benchmark suite on tsukimi, lua5.4, luajit and the C references

usage: cargo run --release -p tsukimi-bench -- [options]

  --quick             smoke run: tiny sizes, one round, checksums verified (what CI runs)
  --runs N            timed rounds per program and engine (default 3)
  --iterations N      iterations of the steady-state run (default 10)
  --engines A,B       only these engines (e.g. lua5.4,luajit,tsukimi)
  --only P,Q          only these programs (names from bench/manifest.toml)
  --out DIR           where results go (default bench/results/)
  --tsukimi PATH      the tsukimi binary (default <target>/release/tsukimi)
  --build-tsukimi     run `cargo build --release -p tsukimi-cli` first
  --timeout SECS      time limit per process (default 120, quick 30)
  --no-steady         skip the steady-state (per-iteration) runs
  --no-startup        skip the start-up runs
  --strict            also fail when tsukimi reports ERROR or TIMEOUT
  --write-docs        regenerate docs/benchmarks.md and docs/bench/*.svg from this run
  --bless             recompute the manifest's checksums with lua5.4 (cross-checked with
                      luajit) and rewrite bench/manifest.toml; runs nothing else
  --root DIR          the repository root (default: found from the current directory)
  --help              this text

exit status: 0 when every reference run is OK and tsukimi gave no WRONG answer and did not
crash (with --strict: no tsukimi failure at all), 1 otherwise, 2 for usage errors.
";

/// Parsed options.
#[derive(Debug, Clone, PartialEq)]
pub struct Options {
    /// `--quick`.
    pub quick: bool,
    /// `--strict`.
    pub strict: bool,
    /// `--runs`.
    pub runs: u32,
    /// `--iterations`.
    pub iterations: u32,
    /// `--engines`.
    pub engines: Option<Vec<String>>,
    /// `--only`.
    pub only: Option<Vec<String>>,
    /// `--out`.
    pub out: Option<PathBuf>,
    /// `--tsukimi`.
    pub tsukimi: Option<PathBuf>,
    /// `--build-tsukimi`.
    pub build_tsukimi: bool,
    /// `--timeout` in seconds.
    pub timeout: Option<f64>,
    /// `--no-steady`.
    pub no_steady: bool,
    /// `--no-startup`.
    pub no_startup: bool,
    /// `--write-docs`.
    pub write_docs: bool,
    /// `--bless`.
    pub bless: bool,
    /// `--root`.
    pub root: Option<PathBuf>,
    /// `--help`.
    pub help: bool,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            quick: false,
            strict: false,
            runs: 3,
            iterations: 10,
            engines: None,
            only: None,
            out: None,
            tsukimi: None,
            build_tsukimi: false,
            timeout: None,
            no_steady: false,
            no_startup: false,
            write_docs: false,
            bless: false,
            root: None,
            help: false,
        }
    }
}

/// Parses the arguments after the program name.
pub fn parse<I: IntoIterator<Item = String>>(args: I) -> Result<Options, String> {
    let mut options = Options::default();
    let mut args = args.into_iter();
    while let Some(arg) = args.next() {
        let (name, inline) = match arg.split_once('=') {
            Some((name, value)) if name.starts_with("--") => {
                (name.to_string(), Some(value.to_string()))
            }
            _ => (arg.clone(), None),
        };
        let mut value = |what: &str| -> Result<String, String> {
            inline
                .clone()
                .or_else(|| args.next())
                .ok_or_else(|| format!("{name} needs {what}"))
        };
        match name.as_str() {
            "--quick" => options.quick = true,
            "--strict" => options.strict = true,
            "--build-tsukimi" => options.build_tsukimi = true,
            "--no-steady" => options.no_steady = true,
            "--no-startup" => options.no_startup = true,
            "--write-docs" => options.write_docs = true,
            "--bless" => options.bless = true,
            "--help" | "-h" => options.help = true,
            "--runs" => options.runs = positive(&name, &value("a number")?)?,
            "--iterations" => options.iterations = positive(&name, &value("a number")?)?,
            "--engines" => options.engines = Some(list(&value("a list")?)),
            "--only" => options.only = Some(list(&value("a list")?)),
            "--out" => options.out = Some(PathBuf::from(value("a directory")?)),
            "--tsukimi" => options.tsukimi = Some(PathBuf::from(value("a path")?)),
            "--root" => options.root = Some(PathBuf::from(value("a directory")?)),
            "--timeout" => {
                let text = value("seconds")?;
                match text.parse::<f64>() {
                    Ok(s) if s.is_finite() && s > 0.0 => options.timeout = Some(s),
                    _ => return Err(format!("--timeout: {text:?} is not a positive number")),
                }
            }
            _ => return Err(format!("unknown option {arg:?}")),
        }
    }
    Ok(options)
}

fn positive(name: &str, text: &str) -> Result<u32, String> {
    match text.parse::<u32>() {
        Ok(n) if n > 0 => Ok(n),
        _ => Err(format!("{name}: {text:?} is not a positive integer")),
    }
}

fn list(text: &str) -> Vec<String> {
    text.split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_str(args: &[&str]) -> Result<Options, String> {
        parse(args.iter().map(|s| s.to_string()))
    }

    #[test]
    fn defaults() {
        assert_eq!(parse_str(&[]).unwrap(), Options::default());
    }

    #[test]
    fn flags_values_and_lists() {
        let o = parse_str(&[
            "--quick",
            "--runs",
            "5",
            "--engines=lua5.4,luajit",
            "--only",
            "fib, nbody",
            "--timeout=2.5",
            "--out",
            "/tmp/x",
            "--strict",
        ])
        .unwrap();
        assert!(o.quick && o.strict);
        assert_eq!(o.runs, 5);
        assert_eq!(
            o.engines,
            Some(vec!["lua5.4".to_string(), "luajit".to_string()])
        );
        assert_eq!(o.only, Some(vec!["fib".to_string(), "nbody".to_string()]));
        assert_eq!(o.timeout, Some(2.5));
        assert_eq!(o.out, Some(PathBuf::from("/tmp/x")));
    }

    #[test]
    fn errors() {
        assert!(parse_str(&["--runs"]).is_err());
        assert!(parse_str(&["--runs", "0"]).is_err());
        assert!(parse_str(&["--runs", "x"]).is_err());
        assert!(parse_str(&["--timeout", "-1"]).is_err());
        assert!(parse_str(&["--frobnicate"]).is_err());
        assert!(parse_str(&["fib"]).is_err());
    }
}
