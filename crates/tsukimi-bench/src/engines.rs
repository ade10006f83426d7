//! engines: the commands a benchmark can run on, and which of them exist on this machine.
//!
//! An [`Engine`] is a named way to run a program: a Lua interpreter with fixed leading
//! options (`luajit -joff`), or a directory of C reference binaries. The runner never links
//! the tsukimi library: tsukimi is an external command like the others.
//!
//! Detection rules:
//! - `tsukimi` (default tiering) is always in the list, so the report shows ERROR until the
//!   binary works; its other modes (`-joff`, `-jeager`) are listed only once
//!   `tsukimi <mode> -e ''` succeeds, i.e. once that mode exists.
//! - `lua5.4`, `luajit`, `luajit -joff` are listed when `<command> -e ''` succeeds.
//! - The C columns are listed when gcc compiled the references (see `c_reference`).
//!
//! The engine list order is the report's column order.

use crate::manifest::ProgramSpec;
use crate::process::{run_measured, Exit};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// Which family an engine belongs to; decides what it can run and how failures count.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Family {
    /// The runtime under test.
    Tsukimi,
    /// PUC Lua 5.4: the baseline for ratios.
    Lua54,
    /// LuaJIT (Lua 5.1 semantics): cannot run `lua54_only` programs.
    LuaJit,
    /// Ahead-of-time compiled C references (only programs with a `bench/c/<name>.c`).
    NativeC,
}

/// One column of the report.
#[derive(Debug, Clone)]
pub struct Engine {
    /// Column name, also what `--engines` matches.
    pub name: String,
    /// The family.
    pub family: Family,
    /// For Lua engines the interpreter; for C engines the directory of binaries.
    pub command: PathBuf,
    /// Options placed before the script (`-joff`).
    pub leading_args: Vec<String>,
}

/// The name of the ratio baseline.
pub const BASELINE: &str = "lua5.4";
/// The name of the second ratio reference.
pub const LUAJIT: &str = "luajit";

impl Engine {
    /// Whether this engine is a reference (failures of references always fail the run).
    pub fn is_reference(&self) -> bool {
        self.family != Family::Tsukimi
    }

    /// Whether this engine runs Lua scripts (and so takes part in start-up measurements).
    pub fn runs_lua(&self) -> bool {
        self.family != Family::NativeC
    }

    /// The command line that runs `program` at `size` for `iterations`, or `None` when the
    /// engine does not apply (luajit on a 5.4-only program, C without a reference).
    pub fn command_for(
        &self,
        program: &ProgramSpec,
        root: &Path,
        size: u64,
        iterations: u32,
    ) -> Option<(PathBuf, Vec<String>)> {
        let tail = [size.to_string(), iterations.to_string()];
        match self.family {
            Family::NativeC => {
                let binary = self.command.join(&program.name);
                binary.is_file().then(|| (binary, tail.to_vec()))
            }
            Family::LuaJit if program.lua54_only => None,
            _ => {
                let script = root
                    .join("bench/programs")
                    .join(format!("{}.lua", program.name));
                let mut args = self.leading_args.clone();
                args.push(script.to_string_lossy().into_owned());
                args.extend(tail);
                Some((self.command.clone(), args))
            }
        }
    }
}

/// Finds `name` on `PATH` (or takes it as a path when it contains a slash).
pub fn find_in_path(name: &str) -> Option<PathBuf> {
    if name.contains('/') {
        let path = PathBuf::from(name);
        return path.is_file().then_some(path);
    }
    let paths = std::env::var_os("PATH")?;
    std::env::split_paths(&paths)
        .map(|dir| dir.join(name))
        .find(|candidate| candidate.is_file())
}

/// Whether `command leading_args -e ''` exits successfully within a few seconds.
pub fn probe(command: &Path, leading_args: &[String]) -> bool {
    let mut args = leading_args.to_vec();
    args.extend(["-e".to_string(), String::new()]);
    matches!(
        run_measured(command, &args, Path::new("/"), Duration::from_secs(10)),
        Ok(finished) if finished.exit == Exit::Code(0)
    )
}

/// Detects the engines, in report order. `tsukimi` is the binary to test; `c_dirs` are the
/// (name, directory) pairs of C references that compiled. Notes about engines left out are
/// pushed to `notes`.
pub fn detect(
    tsukimi: &Path,
    c_dirs: &[(String, PathBuf)],
    notes: &mut Vec<String>,
) -> Vec<Engine> {
    let mut engines = Vec::new();
    let tsukimi_modes: [(&str, &[&str]); 3] = [
        ("tsukimi-joff", &["-joff"]),
        ("tsukimi", &[]),
        ("tsukimi-jeager", &["-jeager"]),
    ];
    for (name, options) in tsukimi_modes {
        let leading_args: Vec<String> = options.iter().map(|s| s.to_string()).collect();
        let always = options.is_empty();
        if always || (tsukimi.is_file() && probe(tsukimi, &leading_args)) {
            engines.push(Engine {
                name: name.to_string(),
                family: Family::Tsukimi,
                command: tsukimi.to_path_buf(),
                leading_args,
            });
        } else {
            notes.push(format!(
                "{name}: mode not available (`{} {} -e ''` failed)",
                tsukimi.display(),
                options.join(" ")
            ));
        }
    }
    if !tsukimi.is_file() {
        notes.push(format!(
            "tsukimi: no binary at {} (build it, or pass --tsukimi PATH)",
            tsukimi.display()
        ));
    }
    let references: [(&str, &str, Family, &[&str]); 3] = [
        (BASELINE, "lua5.4", Family::Lua54, &[]),
        (LUAJIT, "luajit", Family::LuaJit, &[]),
        ("luajit-joff", "luajit", Family::LuaJit, &["-joff"]),
    ];
    for (name, command, family, options) in references {
        let leading_args: Vec<String> = options.iter().map(|s| s.to_string()).collect();
        match find_in_path(command) {
            Some(path) if probe(&path, &leading_args) => engines.push(Engine {
                name: name.to_string(),
                family,
                command: path,
                leading_args,
            }),
            Some(_) => notes.push(format!("{name}: `{command} -e ''` failed; skipped")),
            None => notes.push(format!("{name}: `{command}` is not installed; skipped")),
        }
    }
    for (name, dir) in c_dirs {
        engines.push(Engine {
            name: name.clone(),
            family: Family::NativeC,
            command: dir.clone(),
            leading_args: Vec::new(),
        });
    }
    engines
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    fn program(name: &str, lua54_only: bool) -> ProgramSpec {
        ProgramSpec {
            name: name.to_string(),
            category: "numeric".to_string(),
            size: 10,
            quick_size: 1,
            steady_size: 5,
            lua54_only,
            checksums: BTreeMap::new(),
        }
    }

    fn engine(name: &str, family: Family, args: &[&str]) -> Engine {
        Engine {
            name: name.to_string(),
            family,
            command: PathBuf::from("/usr/bin/luajit"),
            leading_args: args.iter().map(|s| s.to_string()).collect(),
        }
    }

    #[test]
    fn lua_command_line_puts_options_before_the_script() {
        let joff = engine("luajit-joff", Family::LuaJit, &["-joff"]);
        let (command, args) = joff
            .command_for(&program("fib", false), Path::new("/r"), 30, 5)
            .unwrap();
        assert_eq!(command, PathBuf::from("/usr/bin/luajit"));
        assert_eq!(args, vec!["-joff", "/r/bench/programs/fib.lua", "30", "5"]);
    }

    #[test]
    fn luajit_skips_54_only_programs() {
        let luajit = engine("luajit", Family::LuaJit, &[]);
        assert!(luajit
            .command_for(&program("intarith", true), Path::new("/r"), 1, 1)
            .is_none());
        let lua = engine("lua5.4", Family::Lua54, &[]);
        assert!(lua
            .command_for(&program("intarith", true), Path::new("/r"), 1, 1)
            .is_some());
    }

    #[test]
    fn c_engine_needs_a_binary() {
        let c = Engine {
            name: "c-O2".to_string(),
            family: Family::NativeC,
            command: PathBuf::from("/nonexistent-dir"),
            leading_args: Vec::new(),
        };
        assert!(c
            .command_for(&program("nbody", false), Path::new("/r"), 1, 1)
            .is_none());
        assert!(!c.runs_lua());
        assert!(c.is_reference());
    }
}
