//! The texts of the errors `lparser.c` raises about names: gotos, labels and read-only
//! variables.
//!
//! The parser raises these while it parses, where `lua5.4` does (so such an error comes
//! before any later syntax error); the bytecode compiler, which resolves the same gotos and
//! names again to generate code, words its own checks with these same functions.

/// `undefgoto`: a pending `goto` (or a `break`, when `name` is `None`) still unresolved when
/// its function ends.
pub fn undefined_goto(name: Option<&str>, line: u32) -> String {
    match name {
        None => format!("break outside loop at line {line}"),
        Some(name) => format!("no visible label '{name}' for <goto> at line {line}"),
    }
}

/// `jumpscopeerror`: a forward `goto` whose label lies in the scope of a local declared
/// after it (`local` names that local).
pub fn jump_into_scope(name: &str, line: u32, local: &str) -> String {
    format!("<goto {name}> at line {line} jumps into the scope of local '{local}'")
}

/// `checkrepeated`: a label already visible in the function.
pub fn repeated_label(name: &str, defined: u32) -> String {
    format!("label '{name}' already defined on line {defined}")
}

/// `check_readonly`: an assignment to a `<const>` or `<close>` variable.
pub fn assign_to_const(name: &str) -> String {
    format!("attempt to assign to const variable '{name}'")
}
