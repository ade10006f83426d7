//! Finding the corpus scripts and their expectations.
//!
//! A script is any `*.lua` file directly inside a group directory
//! `tests/conformance/<group>/`; files in deeper directories are helpers (loaded by
//! `loadfile`/`dofile`) and are never run on their own. Expectations sit beside the script:
//! `<name>.stdout` (always), and for a script that exits with a failure `<name>.stderr`
//! (first stderr line, program name removed) and `<name>.status` (exit code in decimal).
//!
//! The first line of a script may carry directives:
//! `-- conformance: skip-gc-stress args a b c` — `skip-gc-stress` leaves the script out of
//! the GC stress mode; `args` passes every following word as a script argument.
//!
//! Scripts are returned sorted by path so runs and reports are reproducible.

use std::fs;
use std::path::{Path, PathBuf};

/// Per-script options read from its first line.
#[derive(Debug, Default, Clone)]
pub struct Directives {
    pub skip_gc_stress: bool,
    pub args: Vec<String>,
}

/// What the reference engine did with the script.
#[derive(Debug, Clone)]
pub struct Expected {
    pub stdout: Vec<u8>,
    /// First line of stderr, without the program name prefix; `None` when it exited with 0.
    pub stderr_first_line: Option<Vec<u8>>,
    pub status: i32,
}

/// One runnable script.
#[derive(Debug, Clone)]
pub struct Script {
    pub group: String,
    /// `group/name.lua`, used for filtering and reports.
    pub display_name: String,
    pub directory: PathBuf,
    pub file_name: String,
    pub directives: Directives,
    /// `Err` when the expectation files are missing or malformed: reported as a failure.
    pub expected: Result<Expected, String>,
}

/// All scripts under `root`, sorted by `group/name`.
pub fn discover(root: &Path) -> Result<Vec<Script>, String> {
    let mut scripts = Vec::new();
    for group_dir in sorted_entries(root)? {
        if !group_dir.is_dir() {
            continue;
        }
        let group = file_name_of(&group_dir);
        for path in sorted_entries(&group_dir)? {
            if path.is_file() && path.extension().is_some_and(|ext| ext == "lua") {
                scripts.push(load_script(&group, &path)?);
            }
        }
    }
    Ok(scripts)
}

fn sorted_entries(dir: &Path) -> Result<Vec<PathBuf>, String> {
    let reader = fs::read_dir(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let mut paths = Vec::new();
    for entry in reader {
        paths.push(entry.map_err(|e| format!("{}: {e}", dir.display()))?.path());
    }
    paths.sort();
    Ok(paths)
}

fn file_name_of(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

fn load_script(group: &str, path: &Path) -> Result<Script, String> {
    let source = fs::read(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let file_name = file_name_of(path);
    Ok(Script {
        group: group.to_string(),
        display_name: format!("{group}/{file_name}"),
        directory: path.parent().map(Path::to_path_buf).unwrap_or_default(),
        file_name,
        directives: parse_directives(&source),
        expected: load_expected(path),
    })
}

/// Reads `-- conformance: word word ...` from the first line, if present.
pub fn parse_directives(source: &[u8]) -> Directives {
    let first_line = source.split(|&b| b == b'\n').next().unwrap_or(&[]);
    let first_line = String::from_utf8_lossy(first_line);
    let mut directives = Directives::default();
    let Some(rest) = first_line.trim().strip_prefix("-- conformance:") else {
        return directives;
    };
    let mut words = rest.split_whitespace();
    while let Some(word) = words.next() {
        match word {
            "skip-gc-stress" => directives.skip_gc_stress = true,
            "args" => {
                directives.args = words.by_ref().map(str::to_string).collect();
            }
            _ => {}
        }
    }
    directives
}

fn load_expected(script: &Path) -> Result<Expected, String> {
    let with_ext = |ext: &str| script.with_extension(ext);
    let stdout = fs::read(with_ext("stdout"))
        .map_err(|e| format!("missing expected stdout (run scripts/regen-expected.py): {e}"))?;
    let stderr_path = with_ext("stderr");
    if !stderr_path.exists() {
        return Ok(Expected {
            stdout,
            stderr_first_line: None,
            status: 0,
        });
    }
    let stderr = fs::read(&stderr_path).map_err(|e| format!("{}: {e}", stderr_path.display()))?;
    let first_line = stderr.split(|&b| b == b'\n').next().unwrap_or(&[]).to_vec();
    let status_text = fs::read_to_string(with_ext("status"))
        .map_err(|e| format!("missing expected status file: {e}"))?;
    let status = status_text
        .trim()
        .parse::<i32>()
        .map_err(|e| format!("malformed status file {status_text:?}: {e}"))?;
    Ok(Expected {
        stdout,
        stderr_first_line: Some(first_line),
        status,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn directives_are_read_from_the_first_line_only() {
        let parsed = parse_directives(b"-- conformance: skip-gc-stress args a b\nprint(1)\n");
        assert!(parsed.skip_gc_stress);
        assert_eq!(parsed.args, ["a", "b"]);
        let later = parse_directives(b"print(1)\n-- conformance: skip-gc-stress\n");
        assert!(!later.skip_gc_stress && later.args.is_empty());
    }
}
