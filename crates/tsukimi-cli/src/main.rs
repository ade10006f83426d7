//! The `tsukimi` command.
fn main() {}
