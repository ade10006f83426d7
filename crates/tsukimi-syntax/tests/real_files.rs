//! Parses real Lua files found on the machine and compares acceptance with `luac5.4 -p`.
//!
//! Looks in `/usr/share/lua/5.4`, `/usr/share/luajit-*`, `/usr/share/lua` and the repository's
//! own `tests/` and `bench/` trees. Every file must parse without panicking; when `luac5.4`
//! is installed, tsukimi must accept exactly the files `luac5.4 -p` accepts (LuaJIT's files
//! are Lua 5.1 and may use syntax 5.4 rejects), and for rejected files report the same
//! message. Skips quietly when nothing is found.

use std::path::{Path, PathBuf};
use std::process::Command;

fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect(&path, out);
        } else if path.extension().is_some_and(|ext| ext == "lua") {
            out.push(path);
        }
    }
}

fn lua_files() -> Vec<PathBuf> {
    let mut files = Vec::new();
    let repo = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..");
    let mut roots = vec![
        PathBuf::from("/usr/share/lua/5.4"),
        PathBuf::from("/usr/share/lua"),
        repo.join("tests"),
        repo.join("bench"),
    ];
    if let Ok(entries) = std::fs::read_dir("/usr/share") {
        roots.extend(entries.flatten().map(|e| e.path()).filter(|p| {
            p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with("luajit"))
        }));
    }
    for root in roots {
        collect(&root, &mut files);
    }
    files.sort();
    files.dedup();
    files
}

/// `luac5.4 -p`'s verdict: `None` if luac is unavailable, else the error message if any
/// (without the `luac5.4: ` prefix).
fn luac_verdict(path: &Path) -> Option<Option<String>> {
    let output = Command::new("luac5.4").arg("-p").arg(path).output().ok()?;
    if output.status.success() {
        return Some(None);
    }
    let text = String::from_utf8_lossy(&output.stderr);
    let first = text
        .lines()
        .next()
        .unwrap_or("")
        .trim_start_matches("luac5.4: ")
        .to_string();
    Some(Some(first))
}

#[test]
fn real_lua_files_parse_like_luac() {
    let files = lua_files();
    if files.is_empty() {
        eprintln!("no Lua files found; skipping");
        return;
    }
    let mut mismatches = Vec::new();
    for path in &files {
        let Ok(source) = std::fs::read(path) else {
            continue;
        };
        let chunkname = format!("@{}", path.display());
        let ours = tsukimi_syntax::parse(tsukimi_syntax::skip_shebang(&source), &chunkname);
        let Some(verdict) = luac_verdict(path) else {
            continue;
        };
        match (&ours, verdict) {
            (Ok(_), None) => {}
            (Err(error), Some(message)) => {
                // The compiler's scope errors (goto, break, const) are not the parser's.
                if error.to_string() != message && !is_compiler_error(&message) {
                    mismatches.push(format!(
                        "{}: ours {:?}, luac {:?}",
                        path.display(),
                        error.to_string(),
                        message
                    ));
                }
            }
            (Ok(_), Some(message)) if is_compiler_error(&message) => {}
            (ours, luac) => mismatches.push(format!(
                "{}: ours {:?}, luac {:?}",
                path.display(),
                ours.as_ref().err().map(|e| e.to_string()),
                luac
            )),
        }
    }
    eprintln!("checked {} files", files.len());
    assert!(mismatches.is_empty(), "{}", mismatches.join("\n"));
}

/// Messages that `lua5.4` raises from scope analysis, which the bytecode compiler owns.
fn is_compiler_error(message: &str) -> bool {
    [
        "break outside loop",
        "no visible label",
        "already defined",
        "jumps into the scope",
        "attempt to assign to const",
        "too many",
        "has more than",
        "control structure too long",
    ]
    .iter()
    .any(|pattern| message.contains(pattern))
}
