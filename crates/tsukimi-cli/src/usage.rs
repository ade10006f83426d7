//! The texts the command prints about itself: the version line and the usage message.
//!
//! The usage message is lua 5.4.4's, line for line, with the program name substituted and
//! tsukimi's `-j` lines added after `-W`; scripts and people who know `lua`'s help find the
//! same options at the same places.
//!
//! The version line starts with `Lua 5.4` so that scripts which parse `lua -v` to find the
//! language version keep working; the implementation and its version follow
//! (`Lua 5.4  tsukimi 0.1.0`). It is also the REPL's banner.

/// The language version tsukimi implements (`_VERSION`).
pub const LANGUAGE_VERSION: &str = "Lua 5.4";

/// `Lua 5.4  tsukimi X.Y.Z` (no newline).
pub fn version_line() -> String {
    format!("{LANGUAGE_VERSION}  tsukimi {}", env!("CARGO_PKG_VERSION"))
}

/// The usage text printed after a bad option (ends with a newline).
pub fn usage_text(progname: &[u8]) -> Vec<u8> {
    let mut text = b"usage: ".to_vec();
    text.extend_from_slice(progname);
    text.extend_from_slice(
        b" [options] [script [args]]\n\
          Available options are:\n  \
          -e stat   execute string 'stat'\n  \
          -i        enter interactive mode after executing 'script'\n  \
          -l mod    require library 'mod' into global 'mod'\n  \
          -l g=mod  require library 'mod' into global 'g'\n  \
          -v        show version information\n  \
          -E        ignore environment variables\n  \
          -W        turn warnings on\n  \
          -jon      JIT compilation on (default)\n  \
          -joff     interpreter only (this build has only the interpreter:\n            \
          both run the same code)\n  \
          -bl file  list the bytecode of 'file' and exit (first option only)\n  \
          --        stop handling options\n  \
          -         stop handling options and execute stdin\n",
    );
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn version_line_starts_with_the_language_version() {
        let v = version_line();
        assert!(v.starts_with("Lua 5.4  tsukimi "), "{v}");
        assert!(!v.ends_with('\n'));
    }

    #[test]
    fn usage_names_the_program_and_every_option() {
        let text = String::from_utf8(usage_text(b"tsk")).unwrap();
        assert!(text.starts_with("usage: tsk [options] [script [args]]\n"));
        for opt in [
            "-e stat", "-i ", "-l mod", "-l g=mod", "-v ", "-E ", "-W ", "-jon", "-joff", "--",
            "- ",
        ] {
            assert!(text.contains(&format!("  {opt}")), "{opt} missing");
        }
        assert!(text.ends_with("execute stdin\n"));
    }
}
