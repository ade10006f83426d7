//! manifest: the list of benchmark programs, their sizes and their expected checksums.
//!
//! `bench/manifest.toml` is an array of `[[program]]` tables, in report order. Each names a
//! program `bench/programs/<name>.lua`, three sizes (`size` for timed runs, about one second
//! under lua5.4; `quick_size` for the `--quick` smoke run; `steady_size` for the
//! per-iteration steady-state run), whether it is Lua 5.4 only (luajit cannot run it), and
//! a `checksums` table mapping each size (as a string) to the exact checksum text.
//!
//! Invariants established by [`Manifest::parse`]: at least one program; names unique and made
//! of `[a-z0-9_]`; every size positive. Missing checksums are allowed here (a program can be
//! added before it is blessed) and show up through [`ProgramSpec::expected_checksum`].
//! [`Manifest::render`] writes the canonical text that `--bless` saves, and parsing that text
//! gives back the same manifest.

use serde::Deserialize;
use std::collections::{BTreeMap, BTreeSet};

/// Which of a program's sizes a run uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SizeKind {
    /// The timed run (about one second under lua5.4).
    Timed,
    /// The `--quick` smoke run.
    Quick,
    /// The steady-state run (several iterations in one process).
    Steady,
}

/// One benchmark program.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProgramSpec {
    /// File stem in `bench/programs/` (and in `bench/c/` when a C reference exists).
    pub name: String,
    /// Group shown in the report: numeric, tables, objects, strings, calls.
    pub category: String,
    /// Size for timed runs.
    pub size: u64,
    /// Size for `--quick`.
    pub quick_size: u64,
    /// Size for the steady-state run.
    pub steady_size: u64,
    /// True when the program uses Lua 5.4-only syntax or semantics (luajit is skipped).
    #[serde(default)]
    pub lua54_only: bool,
    /// Size (decimal string) -> exact checksum text.
    #[serde(default)]
    pub checksums: BTreeMap<String, String>,
}

impl ProgramSpec {
    /// The size used for `kind`.
    pub fn size_for(&self, kind: SizeKind) -> u64 {
        match kind {
            SizeKind::Timed => self.size,
            SizeKind::Quick => self.quick_size,
            SizeKind::Steady => self.steady_size,
        }
    }

    /// The checksum expected at `size`, if the manifest records one.
    pub fn expected_checksum(&self, size: u64) -> Option<&str> {
        self.checksums.get(&size.to_string()).map(String::as_str)
    }

    /// The three sizes without duplicates, ascending.
    pub fn all_sizes(&self) -> Vec<u64> {
        let set: BTreeSet<u64> = [self.size, self.quick_size, self.steady_size].into();
        set.into_iter().collect()
    }
}

/// The whole suite, in report order.
#[derive(Debug, Clone, PartialEq)]
pub struct Manifest {
    /// Programs in the order they are run and reported.
    pub programs: Vec<ProgramSpec>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ManifestFile {
    program: Vec<ProgramSpec>,
}

impl Manifest {
    /// Parses and validates manifest text.
    pub fn parse(text: &str) -> Result<Manifest, String> {
        let file: ManifestFile = toml::from_str(text).map_err(|e| e.to_string())?;
        let manifest = Manifest {
            programs: file.program,
        };
        manifest.validate()?;
        Ok(manifest)
    }

    fn validate(&self) -> Result<(), String> {
        if self.programs.is_empty() {
            return Err("the manifest lists no programs".to_string());
        }
        let mut seen = BTreeSet::new();
        for program in &self.programs {
            let name = &program.name;
            let well_formed = !name.is_empty()
                && name
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_');
            if !well_formed {
                return Err(format!("program name {name:?} must be [a-z0-9_]+"));
            }
            if !seen.insert(name.as_str()) {
                return Err(format!("program {name:?} is listed twice"));
            }
            if program.size == 0 || program.quick_size == 0 || program.steady_size == 0 {
                return Err(format!("program {name:?} has a zero size"));
            }
            for size in program.checksums.keys() {
                if size.parse::<u64>().is_err() {
                    return Err(format!(
                        "program {name:?}: checksum key {size:?} is not a size"
                    ));
                }
            }
        }
        Ok(())
    }

    /// The program called `name`.
    pub fn program(&self, name: &str) -> Option<&ProgramSpec> {
        self.programs.iter().find(|p| p.name == name)
    }

    /// The canonical manifest text (what `--bless` writes): a header comment, then one
    /// `[[program]]` table per program with its checksums sorted by numeric size.
    pub fn render(&self) -> String {
        let mut text = String::from(MANIFEST_HEADER);
        for program in &self.programs {
            text.push_str("\n[[program]]\n");
            text.push_str(&format!("name = {}\n", quote(&program.name)));
            text.push_str(&format!("category = {}\n", quote(&program.category)));
            text.push_str(&format!("size = {}\n", program.size));
            text.push_str(&format!("quick_size = {}\n", program.quick_size));
            text.push_str(&format!("steady_size = {}\n", program.steady_size));
            if program.lua54_only {
                text.push_str("lua54_only = true\n");
            }
            let mut sizes: Vec<(u64, &String)> = program
                .checksums
                .iter()
                .filter_map(|(size, sum)| size.parse::<u64>().ok().map(|s| (s, sum)))
                .collect();
            sizes.sort();
            text.push_str("[program.checksums]\n");
            for (size, checksum) in sizes {
                text.push_str(&format!(
                    "{} = {}\n",
                    quote(&size.to_string()),
                    quote(checksum)
                ));
            }
        }
        text
    }
}

const MANIFEST_HEADER: &str = "\
# The tsukimi benchmark suite: one [[program]] per bench/programs/<name>.lua, in report order.
# size: timed runs (about 1 s under lua5.4); quick_size: `--quick`; steady_size: one process
# running the kernel several times (warm-up). checksums: size -> exact `checksum` text.
# Regenerate checksums with `cargo run --release -p tsukimi-bench -- --bless` (runs lua5.4,
# cross-checks luajit); this file is rewritten in this canonical form.
";

/// A TOML basic string: quotes, backslashes and control characters escaped.
fn quote(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = r#"
[[program]]
name = "fib"
category = "calls"
size = 36
quick_size = 20
steady_size = 30
[program.checksums]
"20" = "6765"
"36" = "14930352"

[[program]]
name = "intarith"
category = "numeric"
size = 100
quick_size = 10
steady_size = 10
lua54_only = true
"#;

    #[test]
    fn parses_programs_in_order() {
        let manifest = Manifest::parse(SAMPLE).unwrap();
        assert_eq!(manifest.programs.len(), 2);
        let fib = &manifest.programs[0];
        assert_eq!(fib.name, "fib");
        assert!(!fib.lua54_only);
        assert_eq!(fib.size_for(SizeKind::Quick), 20);
        assert_eq!(fib.expected_checksum(36), Some("14930352"));
        assert_eq!(fib.expected_checksum(30), None);
        assert_eq!(fib.all_sizes(), vec![20, 30, 36]);
        let int = manifest.program("intarith").unwrap();
        assert!(int.lua54_only);
        assert!(int.checksums.is_empty());
        assert_eq!(int.all_sizes(), vec![10, 100]);
    }

    #[test]
    fn rejects_bad_manifests() {
        assert!(Manifest::parse("").is_err());
        assert!(Manifest::parse("program = []").is_err());
        let duplicate = format!(
            "{SAMPLE}\n{}",
            &SAMPLE[..SAMPLE.find("[program.checksums]").unwrap()]
        );
        assert!(Manifest::parse(&duplicate).unwrap_err().contains("twice"));
        let bad_name = SAMPLE.replace("\"fib\"", "\"Fib!\"");
        assert!(Manifest::parse(&bad_name).is_err());
        let zero = SAMPLE.replace("quick_size = 20", "quick_size = 0");
        assert!(Manifest::parse(&zero).is_err());
        let unknown = SAMPLE.replace("lua54_only = true", "lua54_only = true\ncolour = 1");
        assert!(Manifest::parse(&unknown).is_err());
        let bad_key = SAMPLE.replace("\"20\" = ", "\"twenty\" = ");
        assert!(Manifest::parse(&bad_key).is_err());
    }

    #[test]
    fn render_round_trips() {
        let mut manifest = Manifest::parse(SAMPLE).unwrap();
        manifest.programs[1]
            .checksums
            .insert("10".to_string(), "a \"quoted\" \\ value".to_string());
        let text = manifest.render();
        assert_eq!(Manifest::parse(&text).unwrap(), manifest);
        // sizes sort numerically, not as strings
        manifest.programs[0]
            .checksums
            .insert("100".to_string(), "x".to_string());
        let text = manifest.render();
        let at_20 = text.find("\"20\" =").unwrap();
        let at_100 = text.find("\"100\" =").unwrap();
        assert!(at_20 < at_100);
    }

    /// The suite in the repository is consistent: every program file exists, opens with a
    /// header comment, uses the shared harness, and has a checksum for each of its sizes;
    /// the C references named in the task exist.
    #[test]
    fn repository_suite_is_complete() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
        let text = std::fs::read_to_string(root.join("bench/manifest.toml")).unwrap();
        let manifest = Manifest::parse(&text).unwrap();
        assert!(manifest.programs.len() >= 20);
        for program in &manifest.programs {
            let path = root
                .join("bench/programs")
                .join(format!("{}.lua", program.name));
            let source = std::fs::read_to_string(&path).unwrap();
            assert!(
                source.starts_with(&format!("-- {}", program.name)),
                "{}",
                program.name
            );
            assert!(source.contains("-- harness: the shared benchmark protocol"));
            for size in program.all_sizes() {
                assert!(
                    program.expected_checksum(size).is_some(),
                    "{} {size}",
                    program.name
                );
            }
        }
        for name in ["nbody", "spectralnorm", "mandelbrot", "fannkuch"] {
            assert!(
                root.join("bench/c").join(format!("{name}.c")).is_file(),
                "{name}.c"
            );
            assert!(manifest.program(name).is_some());
        }
        assert_eq!(Manifest::parse(&manifest.render()).unwrap(), manifest);
    }
}
