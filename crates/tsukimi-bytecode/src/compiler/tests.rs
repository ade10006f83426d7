//! Unit tests of the compiler: small programs compiled and checked against `luac5.4`-exact
//! instruction sequences (written as listing text), plus the semantic errors.

use super::test_parser;
use crate::listing::instruction_text;
use crate::proto::Proto;
use crate::verify::verify;

/// Compiles `src` with the test parser and verifies the result.
pub(crate) fn compile_str(src: &str) -> Result<Proto, String> {
    let chunk = test_parser::parse(src.as_bytes())?;
    let proto = super::compile(&chunk, "=test").map_err(|e| e.message)?;
    verify(&proto)?;
    Ok(proto)
}

/// The instruction column of the main function, one instruction per line, comments dropped.
fn code_of(p: &Proto) -> String {
    (0..p.code.len())
        .map(|pc| {
            let text = instruction_text(p, pc, &[]);
            let text = text.split('\t').take(2).collect::<Vec<_>>().join(" ");
            text.split_whitespace().collect::<Vec<_>>().join(" ")
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn assert_code(src: &str, expected: &str) {
    let p = compile_str(src).unwrap_or_else(|e| panic!("{src}: {e}"));
    let expected: Vec<&str> = expected
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    assert_eq!(code_of(&p), expected.join("\n"), "program: {src}");
}

fn assert_error(src: &str, expected: &str) {
    match compile_str(src) {
        Ok(_) => panic!("{src}: compiled, expected error {expected}"),
        Err(e) => assert_eq!(e, expected, "program: {src}"),
    }
}

#[test]
fn locals_and_globals() {
    assert_code(
        "local a = 1\nx = 5\nreturn x",
        "VARARGPREP 0
         LOADI 0 1
         SETTABUP 0 0 1k
         GETTABUP 1 0 0
         RETURN 1 2 1
         RETURN 1 1 1",
    );
}
