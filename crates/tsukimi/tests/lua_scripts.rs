//! Runs the scripts in `tests/lua/` through the embedding API and compares what they print
//! with what lua5.4 printed for them (`<name>.stdout`, and for scripts ending in an uncaught
//! error `<name>.stderr`, which holds `lua5.4: <message>` plus the traceback exactly as
//! `lua.c` writes it). Regenerate the expectations with:
//! `cd crates/tsukimi/tests/lua && for f in *.lua; do lua5.4 $f > ${f%.lua}.stdout 2> ${f%.lua}.stderr; done`
//! (then delete empty `.stderr` files).

use std::io::Write;
use std::path::Path;
use std::sync::{Arc, Mutex};

use tsukimi::Lua;

#[derive(Clone, Default)]
struct Capture(Arc<Mutex<Vec<u8>>>);

impl Write for Capture {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

fn run_script(dir: &Path, name: &str) -> (String, String) {
    let source = std::fs::read(dir.join(name)).unwrap();
    let mut lua = Lua::new();
    let cap = Capture::default();
    lua.set_output(Box::new(cap.clone()));
    let mut stderr = String::new();
    let result = lua
        .load(&source, &format!("@{name}"))
        .and_then(|f| lua.call_traceback(&f, &[]));
    if let Err(e) = result {
        stderr = format!("lua5.4: {}", e.message);
        if let Some(tb) = &e.traceback {
            stderr.push('\n');
            stderr.push_str(tb);
        }
        stderr.push('\n');
    }
    lua.flush_output();
    if let Err(problems) = lua.verify_heap() {
        stderr.push_str(&format!("heap verifier: {problems}\n"));
    }
    drop(lua);
    let stdout = String::from_utf8_lossy(&cap.0.lock().unwrap()).into_owned();
    (stdout, stderr)
}

#[test]
fn scripts_print_what_lua54_prints() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/lua");
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter(|n| n.ends_with(".lua"))
        .collect();
    names.sort();
    assert!(names.len() >= 5);
    let mut failures = Vec::new();
    for name in &names {
        let base = name.trim_end_matches(".lua");
        let want_out = std::fs::read_to_string(dir.join(format!("{base}.stdout"))).unwrap();
        let want_err =
            std::fs::read_to_string(dir.join(format!("{base}.stderr"))).unwrap_or_default();
        let (out, err) = run_script(&dir, name);
        if out != want_out {
            failures.push(format!(
                "{name}: stdout\n--- got\n{out}--- want\n{want_out}"
            ));
        }
        if err != want_err {
            failures.push(format!(
                "{name}: stderr\n--- got\n{err}--- want\n{want_err}"
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
