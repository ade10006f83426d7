//! Golden listing tests and the comparisons with `luac5.4`.
//!
//! Every `tests/listings/*.lua` program is compiled, verified, and its `listing()` compared
//! with the `.lst` file next to it (`TSUKIMI_BLESS=1` rewrites the expectations). When
//! `luac5.4` is on PATH, two more comparisons run against `luac5.4 -l -l`:
//!
//! - the instruction column (opcode and operands of every instruction of every function,
//!   comments and addresses ignored) must be identical for every program;
//! - the whole listing (line of each instruction, constants, locals with their pc ranges,
//!   upvalues, headers), addresses and the source name aside, must be identical too, except
//!   for the programs in `KNOWN_FULL_LISTING_DIFFERENCES` (none today: block ends, loop
//!   back jumps and final returns get PUC's lines from the AST's `last_line`s).

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::listing::listing;
use crate::verify::verify;

/// Programs whose instruction column knowingly differs from `luac5.4`'s, with the reason.
const KNOWN_LUAC_DIFFERENCES: &[(&str, &str)] = &[];

/// Programs whose full listing knowingly differs from `luac5.4`'s, with the reason.
const KNOWN_FULL_LISTING_DIFFERENCES: &[(&str, &str)] = &[];

fn listings_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/listings")
}

fn programs() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(listings_dir())
        .expect("tests/listings exists")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "lua"))
        .collect();
    files.sort();
    files
}

fn compile_file(path: &Path) -> crate::proto::Proto {
    let src = std::fs::read(path).expect("readable program");
    let name = format!(
        "@{}",
        path.file_name().and_then(|n| n.to_str()).unwrap_or("?")
    );
    let proto =
        super::load_source(&src, &name).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    if let Err(e) = verify(&proto) {
        panic!("{}: verify: {e}", path.display());
    }
    proto
}

#[test]
fn golden_listings() {
    let bless = std::env::var_os("TSUKIMI_BLESS").is_some_and(|v| v == "1");
    let mut failures = Vec::new();
    let all = programs();
    assert!(all.len() >= 12, "expected at least 12 listing programs");
    for path in all {
        let text = listing(&compile_file(&path));
        let expected_path = path.with_extension("lst");
        if bless {
            std::fs::write(&expected_path, &text).expect("write .lst");
            continue;
        }
        match std::fs::read_to_string(&expected_path) {
            Ok(expected) if expected == text => {}
            Ok(_) => failures.push(format!("{}: listing differs", path.display())),
            Err(_) => failures.push(format!(
                "{}: no .lst (run with TSUKIMI_BLESS=1)",
                path.display()
            )),
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The instruction column of a `luac -l` style listing, per function.
fn instruction_columns(text: &str) -> Vec<Vec<String>> {
    let mut functions: Vec<Vec<String>> = Vec::new();
    for line in text.lines() {
        if line.starts_with("main <") || line.starts_with("function <") {
            functions.push(Vec::new());
            continue;
        }
        let fields: Vec<&str> = line.split('\t').collect();
        // "", pc, [line], OPNAME, operands, ; comment
        if fields.len() >= 4 && fields[0].is_empty() && fields[2].starts_with('[') {
            let operands = fields.get(4).copied().unwrap_or("");
            let column = format!("{} {}", fields[3].trim(), operands.trim());
            if let Some(f) = functions.last_mut() {
                f.push(column.trim().to_string());
            }
        }
    }
    functions
}

fn luac_listing(path: &Path) -> Option<String> {
    let out = Command::new("luac5.4")
        .arg("-l")
        .arg("-l")
        .arg("-p")
        .arg(path)
        .output()
        .ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).into_owned())
}

/// Describes the differences between two instruction columns (empty when equal).
fn compare_columns(ours: &[Vec<String>], theirs: &[Vec<String>]) -> Vec<String> {
    let mut diffs = Vec::new();
    if ours.len() != theirs.len() {
        diffs.push(format!(
            "{} functions vs luac's {}",
            ours.len(),
            theirs.len()
        ));
    }
    for (n, (a, b)) in ours.iter().zip(theirs).enumerate() {
        let len = a.len().max(b.len());
        for pc in 0..len {
            let x = a.get(pc).map_or("<none>", String::as_str);
            let y = b.get(pc).map_or("<none>", String::as_str);
            if x != y {
                diffs.push(format!("function {n} pc {}: ours `{x}` luac `{y}`", pc + 1));
                break;
            }
        }
    }
    diffs
}

#[test]
fn instruction_columns_match_luac() {
    if Command::new("luac5.4").arg("-v").output().is_err() {
        eprintln!("luac5.4 not on PATH: skipping the comparison with luac");
        return;
    }
    let mut failures = Vec::new();
    for path in programs() {
        let Some(theirs) = luac_listing(&path) else {
            failures.push(format!("{}: luac5.4 rejected it", path.display()));
            continue;
        };
        let ours = listing(&compile_file(&path));
        let diffs = compare_columns(&instruction_columns(&ours), &instruction_columns(&theirs));
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("?");
        if diffs.is_empty() {
            continue;
        }
        let report = format!("{name}:\n  {}", diffs.join("\n  "));
        if KNOWN_LUAC_DIFFERENCES.iter().any(|(n, _)| *n == name) {
            eprintln!("known difference: {report}");
        } else {
            failures.push(report);
        }
    }
    assert!(
        failures.is_empty(),
        "differences with luac5.4:\n{}",
        failures.join("\n")
    );
}

#[test]
fn full_listings_match_luac() {
    if Command::new("luac5.4").arg("-v").output().is_err() {
        eprintln!("luac5.4 not on PATH: skipping the comparison with luac");
        return;
    }
    let mut failures = Vec::new();
    for path in programs() {
        let Some(theirs) = luac_listing(&path) else {
            continue;
        };
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("?");
        let (ours, theirs) = (
            normalized_listing(&listing(&compile_file(&path))),
            normalized_listing(&theirs),
        );
        let first_difference = ours.iter().zip(&theirs).find(|(a, b)| a != b);
        let report = match first_difference {
            Some((a, b)) => format!("{name}: ours `{a}` luac `{b}`"),
            None if ours.len() != theirs.len() => format!("{name}: listing lengths differ"),
            None => continue,
        };
        if KNOWN_FULL_LISTING_DIFFERENCES
            .iter()
            .any(|(n, _)| *n == name)
        {
            eprintln!("known difference: {report}");
        } else {
            failures.push(report);
        }
    }
    assert!(
        failures.is_empty(),
        "differences with luac5.4 -l -l:\n{}",
        failures.join("\n")
    );
}

/// Prints our listing and luac's for `TSUKIMI_LISTING_FILE` (a development aid).
#[test]
#[ignore]
fn dump_listing() {
    let Some(file) = std::env::var_os("TSUKIMI_LISTING_FILE") else {
        return;
    };
    let path = PathBuf::from(file);
    let ours = listing(&compile_file(&path));
    println!("{ours}");
    if let Some(theirs) = luac_listing(&path) {
        let diffs = compare_columns(&instruction_columns(&ours), &instruction_columns(&theirs));
        println!("DIFFS:\n{}", diffs.join("\n"));
    }
}

/// A listing without what legitimately differs from luac's: addresses/function ids, the
/// source name in headers, blank lines.
pub(crate) fn normalized_listing(text: &str) -> Vec<String> {
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let l = match l.find(" at ") {
                Some(i) if l.ends_with(')') => format!("{})", &l[..i]),
                _ => l.to_string(),
            };
            let l = match (l.find(" for "), l.ends_with(':')) {
                (Some(i), true) => l[..i].to_string(),
                _ => l,
            };
            let l = match l.find('<') {
                Some(i) if l.starts_with("main <") || l.starts_with("function <") => {
                    let rest = &l[i..];
                    let colon = rest.find(':').unwrap_or(0);
                    format!("{}{}", &l[..i], &rest[colon..])
                }
                _ => l,
            };
            match (l.starts_with('\t'), l.contains("CLOSURE"), l.rfind("; ")) {
                (true, true, Some(i)) => l[..i].to_string(),
                _ => l,
            }
        })
        .collect()
}

/// Compares every file listed (one path per line) in `TSUKIMI_COMPARE_LIST` with `luac5.4`:
/// instruction columns, verification, panics. A development aid for corpus runs.
#[test]
#[ignore]
fn compare_corpus() {
    let Some(list) = std::env::var_os("TSUKIMI_COMPARE_LIST") else {
        return;
    };
    let list = std::fs::read_to_string(list).expect("list file");
    let (mut same, mut differ, mut rejected) = (0, 0, 0);
    for path in list.lines().map(PathBuf::from) {
        let Ok(src) = std::fs::read(&path) else {
            continue;
        };
        let luac = luac_listing(&path);
        let started = std::time::Instant::now();
        let result = std::panic::catch_unwind(|| {
            super::load_source(tsukimi_syntax::skip_shebang(&src), "=corpus")
        });
        if std::env::var_os("TSUKIMI_COMPARE_TIMES").is_some() {
            let total = started.elapsed();
            let started = std::time::Instant::now();
            let _ = tsukimi_syntax::parse(tsukimi_syntax::skip_shebang(&src), "=corpus");
            println!(
                "TIME total {total:?} (parse alone {:?}) {}",
                started.elapsed(),
                path.display()
            );
        }
        let proto = match result {
            Err(_) => {
                println!("PANIC {}", path.display());
                continue;
            }
            Ok(Err(e)) => {
                if luac.is_some() {
                    println!("REJECTED {}: {e}", path.display());
                } else {
                    // Both reject: compare the messages (luac prints "luac5.4: <msg>").
                    let chunkname = format!("@{}", path.display());
                    let ours = super::load_source(tsukimi_syntax::skip_shebang(&src), &chunkname)
                        .err()
                        .map(|e| e.to_string())
                        .unwrap_or_default();
                    let theirs = Command::new("luac5.4")
                        .arg("-p")
                        .arg(&path)
                        .output()
                        .map(|o| String::from_utf8_lossy(&o.stderr).into_owned())
                        .unwrap_or_default();
                    let theirs = theirs.trim_end().trim_start_matches("luac5.4: ");
                    if ours != theirs {
                        println!("ERRMSG {}: ours `{ours}` luac `{theirs}`", path.display());
                    }
                }
                rejected += 1;
                continue;
            }
            Ok(Ok(p)) => p,
        };
        if let Err(e) = verify(&proto) {
            println!("VERIFY {}: {e}", path.display());
        }
        let Some(theirs) = luac else {
            println!("ACCEPTED-BUT-LUAC-REJECTS {}", path.display());
            continue;
        };
        let ours = listing(&proto);
        let diffs = compare_columns(&instruction_columns(&ours), &instruction_columns(&theirs));
        if diffs.is_empty() && std::env::var_os("TSUKIMI_COMPARE_FULL").is_some() {
            let (a, b) = (normalized_listing(&ours), normalized_listing(&theirs));
            if let Some((x, y)) = a.iter().zip(&b).find(|(x, y)| x != y) {
                println!("FULLDIFF {}: ours `{x}` luac `{y}`", path.display());
            } else if a.len() != b.len() {
                println!(
                    "FULLDIFF {}: {} lines vs {}",
                    path.display(),
                    a.len(),
                    b.len()
                );
            }
        }
        if diffs.is_empty() {
            same += 1;
        } else {
            differ += 1;
            println!(
                "DIFF {}: {}",
                path.display(),
                diffs[..diffs.len().min(3)].join(" | ")
            );
        }
    }
    println!("same {same}, differ {differ}, rejected {rejected}");
}
