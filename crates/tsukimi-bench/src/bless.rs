//! bless: recomputes the checksums in `bench/manifest.toml`.
//!
//! For every program and each of its sizes, lua5.4 (the reference implementation) runs the
//! program and its checksum is recorded. Unless the program is 5.4-only, luajit runs it too
//! and must print the same checksum: the shared programs promise identical answers on both,
//! so a disagreement is reported and nothing is written.

use crate::engines::find_in_path;
use crate::manifest::Manifest;
use crate::process::{run_measured, Exit};
use crate::protocol::parse_output;
use std::path::Path;
use std::time::Duration;

/// Recomputes the checksums of the programs named in `only` (all when `None`) and returns
/// the updated manifest, or the list of problems.
pub fn bless(
    root: &Path,
    manifest: &Manifest,
    only: Option<&[String]>,
) -> Result<Manifest, Vec<String>> {
    let Some(lua) = find_in_path("lua5.4") else {
        return Err(vec!["--bless needs lua5.4 on PATH".to_string()]);
    };
    let luajit = find_in_path("luajit");
    let mut updated = manifest.clone();
    let mut problems = Vec::new();
    for program in &mut updated.programs {
        if only.is_some_and(|names| !names.contains(&program.name)) {
            continue;
        }
        let script = root
            .join("bench/programs")
            .join(format!("{}.lua", program.name));
        for size in program.all_sizes() {
            let args = vec![
                script.to_string_lossy().into_owned(),
                size.to_string(),
                "1".to_string(),
            ];
            let reference = match checksum_of(&lua, &args, root) {
                Ok(sum) => sum,
                Err(why) => {
                    problems.push(format!("{} size {size}: lua5.4: {why}", program.name));
                    continue;
                }
            };
            if let (Some(luajit), false) = (&luajit, program.lua54_only) {
                match checksum_of(luajit, &args, root) {
                    Ok(sum) if sum == reference => {}
                    Ok(sum) => problems.push(format!(
                        "{} size {size}: lua5.4 says `{reference}`, luajit says `{sum}`",
                        program.name
                    )),
                    Err(why) => {
                        problems.push(format!("{} size {size}: luajit: {why}", program.name))
                    }
                }
            }
            eprintln!("blessed {} size {size}: {reference}", program.name);
            program.checksums.insert(size.to_string(), reference);
        }
    }
    if problems.is_empty() {
        Ok(updated)
    } else {
        Err(problems)
    }
}

fn checksum_of(command: &Path, args: &[String], root: &Path) -> Result<String, String> {
    let done =
        run_measured(command, args, root, Duration::from_secs(300)).map_err(|e| e.to_string())?;
    if done.exit != Exit::Code(0) {
        return Err(format!(
            "{:?}: {}",
            done.exit,
            crate::outcome::first_line(&done.stderr)
        ));
    }
    parse_output(&done.stdout)?
        .checksum
        .ok_or_else(|| "no checksum line".to_string())
}
