//! End-to-end: the runner's `--quick` mode on one program with lua5.4, as CI runs it (but
//! restricted so it takes about a second). Skipped with a message when lua5.4 is absent.

use std::path::{Path, PathBuf};
use std::process::Command;

fn lua54_installed() -> bool {
    Command::new("lua5.4")
        .args(["-e", ""])
        .output()
        .map(|o| o.status.success())
        .unwrap_or(false)
}

fn out_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("tsukimi-bench-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

#[test]
fn quick_run_of_fib_on_lua54_passes_and_writes_results() {
    if !lua54_installed() {
        eprintln!("lua5.4 is not installed; skipping");
        return;
    }
    let out = out_dir("quick");
    let result = Command::new(env!("CARGO_BIN_EXE_tsukimi-bench"))
        .args([
            "--quick",
            "--only",
            "fib",
            "--engines",
            "lua5.4,tsukimi",
            "--out",
        ])
        .arg(&out)
        .arg("--root")
        .arg(root())
        .arg("--tsukimi")
        .arg("/nonexistent/tsukimi")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&result.stderr);
    let stdout = String::from_utf8_lossy(&result.stdout);
    // tsukimi missing is an ERROR, which only --strict turns into a failure
    assert!(
        result.status.success(),
        "stdout:\n{stdout}\nstderr:\n{stderr}"
    );
    assert!(stdout.contains("| fib | ERROR | 1.00 |"), "{stdout}");
    let json = std::fs::read_to_string(out.join("results.json")).unwrap();
    let value: serde_json::Value = serde_json::from_str(&json).unwrap();
    let records = value["records"].as_array().unwrap();
    let fib_ok = records.iter().any(|r| {
        r["program"] == "fib" && r["engine"] == "lua5.4" && r["outcome"]["status"] == "ok"
    });
    assert!(fib_ok, "{json}");
    let steady = records
        .iter()
        .find(|r| r["phase"] == "steady" && r["engine"] == "lua5.4")
        .unwrap();
    assert_eq!(
        steady["outcome"]["iteration_seconds"]
            .as_array()
            .unwrap()
            .len(),
        3
    );
    let csv = std::fs::read_to_string(out.join("runs.csv")).unwrap();
    assert!(
        csv.lines()
            .any(|l| l.starts_with("timed,fib,lua5.4,1,20,1,OK,")),
        "{csv}"
    );
    for chart in ["ratios.svg", "warmup.svg"] {
        assert!(out.join(chart).is_file(), "{chart} missing");
    }

    let strict = Command::new(env!("CARGO_BIN_EXE_tsukimi-bench"))
        .args([
            "--quick",
            "--strict",
            "--no-steady",
            "--no-startup",
            "--only",
            "fib",
        ])
        .args(["--engines", "lua5.4,tsukimi", "--out"])
        .arg(&out)
        .arg("--root")
        .arg(root())
        .arg("--tsukimi")
        .arg("/nonexistent/tsukimi")
        .output()
        .unwrap();
    assert_eq!(strict.status.code(), Some(1));
    let _ = std::fs::remove_dir_all(&out);
}

#[test]
fn usage_errors_exit_with_2() {
    let result = Command::new(env!("CARGO_BIN_EXE_tsukimi-bench"))
        .args(["--runs", "zero"])
        .output()
        .unwrap();
    assert_eq!(result.status.code(), Some(2));
    let unknown = Command::new(env!("CARGO_BIN_EXE_tsukimi-bench"))
        .args(["--only", "no_such_program", "--root"])
        .arg(root())
        .output()
        .unwrap();
    assert_eq!(unknown.status.code(), Some(2));
}
