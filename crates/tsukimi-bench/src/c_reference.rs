//! c_reference: compiles the ahead-of-time C references in `bench/c/` with gcc.
//!
//! Each `bench/c/<name>.c` is the C version of `bench/programs/<name>.lua`, with the same
//! protocol and checksum. Every configuration in [`CONFIGURATIONS`] becomes one report column
//! and one directory `<target>/bench-c/<column>/` holding a binary per program. All builds
//! use `-ffp-contract=off` so that no fused multiply-add changes a rounding (the checksums
//! print doubles to 9 decimals and must match the Lua versions exactly). A program that fails
//! to compile is left out of its column with a note; no gcc means no C columns, with a note.

use crate::process::{run_measured, Exit};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// Column name and optimisation flags of each C configuration.
pub const CONFIGURATIONS: [(&str, &[&str]); 2] = [
    ("c-O2", &["-O2"]),
    ("c-O3-native", &["-O3", "-march=native"]),
];

/// Compiles every reference; returns the (column name, binary directory) of each
/// configuration in which at least one program compiled.
pub fn build_all(
    root: &Path,
    target_dir: &Path,
    notes: &mut Vec<String>,
) -> Vec<(String, PathBuf)> {
    let Some(gcc) = crate::engines::find_in_path("gcc") else {
        notes.push("C references: gcc is not installed; the C columns are skipped".to_string());
        return Vec::new();
    };
    let sources = match list_sources(&root.join("bench/c")) {
        Ok(sources) => sources,
        Err(why) => {
            notes.push(format!("C references: cannot read bench/c: {why}"));
            return Vec::new();
        }
    };
    let mut columns = Vec::new();
    for (column, flags) in CONFIGURATIONS {
        let dir = target_dir.join("bench-c").join(column);
        if let Err(why) = std::fs::create_dir_all(&dir) {
            notes.push(format!("{column}: cannot create {}: {why}", dir.display()));
            continue;
        }
        let mut built = 0;
        for source in &sources {
            let Some(stem) = source.file_stem().and_then(|s| s.to_str()) else {
                continue;
            };
            match compile(&gcc, source, &dir.join(stem), flags) {
                Ok(()) => built += 1,
                Err(why) => notes.push(format!("{column}: {stem}.c did not compile: {why}")),
            }
        }
        if built > 0 {
            columns.push((column.to_string(), dir));
        }
    }
    columns
}

/// The `.c` files of `dir`, sorted.
fn list_sources(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut sources: Vec<PathBuf> = std::fs::read_dir(dir)?
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| path.extension().is_some_and(|ext| ext == "c"))
        .collect();
    sources.sort();
    Ok(sources)
}

/// The full gcc argument list for one program.
pub fn gcc_args(source: &Path, output: &Path, flags: &[&str]) -> Vec<String> {
    let mut args: Vec<String> = flags.iter().map(|f| f.to_string()).collect();
    args.extend(
        ["-ffp-contract=off", "-std=gnu11", "-o"]
            .iter()
            .map(|s| s.to_string()),
    );
    args.push(output.to_string_lossy().into_owned());
    args.push(source.to_string_lossy().into_owned());
    args.push("-lm".to_string());
    args
}

fn compile(gcc: &Path, source: &Path, output: &Path, flags: &[&str]) -> Result<(), String> {
    let args = gcc_args(source, output, flags);
    let cwd = source.parent().unwrap_or(Path::new("/"));
    let finished =
        run_measured(gcc, &args, cwd, Duration::from_secs(120)).map_err(|e| e.to_string())?;
    if finished.exit == Exit::Code(0) {
        Ok(())
    } else {
        Err(crate::outcome::first_line(&finished.stderr))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gcc_arguments_keep_fp_contraction_off() {
        let args = gcc_args(Path::new("/b/nbody.c"), Path::new("/t/nbody"), &["-O2"]);
        assert_eq!(
            args,
            vec![
                "-O2",
                "-ffp-contract=off",
                "-std=gnu11",
                "-o",
                "/t/nbody",
                "/b/nbody.c",
                "-lm"
            ]
        );
    }
}
