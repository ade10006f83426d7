//! Parses every fuzz seed (`fuzz/seeds/parse/`) and asserts that none panics.
//!
//! The fuzz target itself needs cargo-fuzz and a nightly compiler; this test gives the seed
//! corpus the same guarantee on every `cargo test`. Each seed runs under `catch_unwind`, so a
//! panic is reported with the file's name. It also runs the seeds through `skip_shebang`
//! first, as `luaL_loadfile` would.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::PathBuf;

fn seed_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../fuzz/seeds/parse")
}

#[test]
fn no_seed_panics() {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(seed_dir())
        .expect("fuzz/seeds/parse exists")
        .map(|entry| entry.expect("readable directory").path())
        .collect();
    entries.sort();
    assert!(
        entries.len() >= 30,
        "expected the seed corpus, found {} files",
        entries.len()
    );
    let mut panicked = Vec::new();
    for path in &entries {
        let source = std::fs::read(path).expect("readable seed");
        let outcome = catch_unwind(AssertUnwindSafe(|| {
            if let Ok(chunk) = tsukimi_syntax::parse(&source, "=seed") {
                assert!(tsukimi_syntax::dump::dump(&chunk).starts_with("chunk"));
            }
            let _ = tsukimi_syntax::parse(tsukimi_syntax::skip_shebang(&source), "@seed.lua");
        }));
        if outcome.is_err() {
            panicked.push(path.display().to_string());
        }
    }
    assert!(panicked.is_empty(), "parsing panicked on: {panicked:?}");
}

#[test]
fn valid_seeds_parse() {
    for name in [
        "01_hello.lua",
        "02_all_statements.lua",
        "03_operators.lua",
        "04_numerals.lua",
        "05_escapes.lua",
        "06_long_strings.lua",
        "30_tables.lua",
    ] {
        let source = std::fs::read(seed_dir().join(name)).expect("seed exists");
        if let Err(error) = tsukimi_syntax::parse(&source, "=seed") {
            panic!("{name}: {error}");
        }
    }
    let shebang = std::fs::read(seed_dir().join("24_shebang.lua")).unwrap();
    assert!(tsukimi_syntax::parse(&shebang, "=seed").is_err());
    assert!(tsukimi_syntax::parse(tsukimi_syntax::skip_shebang(&shebang), "=seed").is_ok());
    let bom = std::fs::read(seed_dir().join("25_bom_shebang.lua")).unwrap();
    let chunk = tsukimi_syntax::parse(tsukimi_syntax::skip_shebang(&bom), "=seed").unwrap();
    assert_eq!(chunk.block.ret.unwrap().line, 2);
}
