//! Command-line parsing, following `collectargs` and `runargs` of lua 5.4.4's `lua.c`.
//!
//! The command line is `tsukimi [options] [script [args]]`. Options are read left to right
//! until the first argument that is not an option (the script), `--` (the script, if any, is
//! the next argument) or `-` (the script is standard input). Everything is kept as raw bytes:
//! arguments reach Lua unchanged, even when they are not UTF-8.
//!
//! Invariants kept by [`parse`]:
//! - `script` is an index into the argument vector, `1 <= script <= argv.len()`, and
//!   `script == argv.len()` exactly when there is no script; every argument before `script`
//!   (from index 1) is an option or an option's argument, every argument from it on belongs
//!   to the script.
//! - `actions` holds the options that run Lua code or change the state (`-e`, `-l`, `-W`) in
//!   command-line order, because `lua.c` runs them in that order after `LUA_INIT`.
//! - A bad option is reported like `lua.c`: `-e`, `-l` (and tsukimi's `-j`) without an
//!   argument say "'-e' needs argument", anything else "unrecognized option '-x'"; both are
//!   followed by the usage text and exit status 1.
//!
//! tsukimi adds one option family to lua's: `-j cmd` (also written `-jcmd`), the JIT control
//! of the design (`-jon`, `-joff`). Only the interpreter exists today, so both values run the
//! same code; an unknown command is a usage error rather than being silently ignored.

/// An option that runs in command-line order once the state is ready (`runargs`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Action {
    /// `-e stat`: run the text as a chunk named `=(command line)`.
    Execute(Vec<u8>),
    /// `-l mod` or `-l g=mod`: `g = require(mod)` (`g` defaults to `mod`).
    Require(Vec<u8>),
    /// `-W`: turn warnings on (`warn("@on")`).
    WarningsOn,
}

/// How compiled code may be used (`-j` option).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum JitMode {
    /// Default tiering (today: the interpreter alone, as no compiler is built yet).
    #[default]
    On,
    /// Interpreter only.
    Off,
}

impl JitMode {
    /// The mode named by a `-j` command, if it is one tsukimi knows.
    fn from_command(command: &[u8]) -> Option<JitMode> {
        match command {
            b"on" => Some(JitMode::On),
            b"off" => Some(JitMode::Off),
            _ => None,
        }
    }
}

/// The parsed command line.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Options {
    /// `-i`: enter the REPL after the script.
    pub interactive: bool,
    /// `-v` (or `-i`): print the version line first.
    pub show_version: bool,
    /// At least one `-e` was given (then a missing script does not mean "read stdin").
    pub has_execute: bool,
    /// `-E`: ignore `LUA_INIT*` and the package path variables.
    pub ignore_env: bool,
    /// The last `-j` command given.
    pub jit: JitMode,
    /// `-e`, `-l` and `-W`, in command-line order.
    pub actions: Vec<Action>,
    /// Index of the script in the argument vector (`argv.len()` when there is none).
    pub script: usize,
}

impl Options {
    /// Whether a script (a file, or `-` for stdin) was named.
    pub fn has_script(&self, argc: usize) -> bool {
        self.script < argc
    }
}

/// Why the command line was rejected.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum UsageError {
    /// An option that takes an argument (`-e`, `-l`, `-j`) had none.
    NeedsArgument(Vec<u8>),
    /// An option tsukimi does not know (or known letters with extra characters).
    Unrecognized(Vec<u8>),
    /// A `-j` command tsukimi does not know (the command, without `-j`).
    UnknownJitCommand(Vec<u8>),
}

impl UsageError {
    /// The first line of the complaint, after `progname: ` (without newline).
    pub fn describe(&self) -> Vec<u8> {
        let (before, what, after): (&[u8], &[u8], &[u8]) = match self {
            UsageError::NeedsArgument(opt) => (b"'", opt, b"' needs argument"),
            UsageError::Unrecognized(opt) => (b"unrecognized option '", opt, b"'"),
            UsageError::UnknownJitCommand(cmd) => (
                b"unrecognized JIT command '",
                cmd,
                b"' (known: -jon, -joff)",
            ),
        };
        [before, what, after].concat()
    }
}

/// Parses `argv` (program name at index 0) like `lua.c`'s `collectargs`.
pub fn parse(argv: &[Vec<u8>]) -> Result<Options, UsageError> {
    let mut options = Options::default();
    let mut i = 1;
    while i < argv.len() {
        let arg = argv[i].as_slice();
        if arg.first() != Some(&b'-') {
            options.script = i;
            return Ok(options);
        }
        let letter = arg.get(1).copied();
        let rest = arg.get(2..).unwrap_or(&[]);
        match letter {
            None => {
                // "-": the script is standard input.
                options.script = i;
                return Ok(options);
            }
            Some(b'-') => {
                if !rest.is_empty() {
                    return Err(UsageError::Unrecognized(arg.to_vec()));
                }
                options.script = i + 1;
                return Ok(options);
            }
            Some(b'E') | Some(b'W') | Some(b'i') | Some(b'v') if !rest.is_empty() => {
                return Err(UsageError::Unrecognized(arg.to_vec()));
            }
            Some(b'E') => options.ignore_env = true,
            Some(b'W') => options.actions.push(Action::WarningsOn),
            Some(b'i') => {
                options.interactive = true;
                options.show_version = true;
            }
            Some(b'v') => options.show_version = true,
            Some(letter @ (b'e' | b'l' | b'j')) => {
                let value = if rest.is_empty() {
                    // The argument is the next word, which may not look like an option.
                    match argv.get(i + 1) {
                        Some(next) if next.first() != Some(&b'-') => {
                            i += 1;
                            next.clone()
                        }
                        _ => return Err(UsageError::NeedsArgument(arg.to_vec())),
                    }
                } else {
                    rest.to_vec()
                };
                match letter {
                    b'e' => {
                        options.has_execute = true;
                        options.actions.push(Action::Execute(value));
                    }
                    b'l' => options.actions.push(Action::Require(value)),
                    _ => {
                        options.jit = JitMode::from_command(&value)
                            .ok_or(UsageError::UnknownJitCommand(value))?;
                    }
                }
            }
            Some(_) => return Err(UsageError::Unrecognized(arg.to_vec())),
        }
        i += 1;
    }
    options.script = argv.len();
    Ok(options)
}

/// Whether the script argument means standard input: `-`, unless it came right after `--`.
pub fn script_is_stdin(argv: &[Vec<u8>], script: usize) -> bool {
    argv.get(script).is_some_and(|a| a == b"-")
        && !(script > 0 && argv.get(script - 1).is_some_and(|p| p == b"--"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn argv(words: &[&str]) -> Vec<Vec<u8>> {
        std::iter::once("tsukimi")
            .chain(words.iter().copied())
            .map(|w| w.as_bytes().to_vec())
            .collect()
    }

    fn parse_words(words: &[&str]) -> Result<Options, UsageError> {
        parse(&argv(words))
    }

    #[test]
    fn no_arguments_means_no_script() {
        let o = parse_words(&[]).unwrap();
        assert_eq!(o.script, 1);
        assert!(!o.has_script(1));
        assert!(!o.interactive && !o.show_version && !o.has_execute);
    }

    #[test]
    fn script_stops_option_handling() {
        let o = parse_words(&["-v", "a.lua", "-e", "x"]).unwrap();
        assert_eq!(o.script, 2);
        assert!(o.show_version);
        assert!(o.actions.is_empty());
    }

    #[test]
    fn execute_and_require_keep_order_with_both_spellings() {
        let o = parse_words(&["-ex=1", "-l", "m", "-W", "-e", "print(x)", "-lg=mod"]).unwrap();
        assert_eq!(
            o.actions,
            vec![
                Action::Execute(b"x=1".to_vec()),
                Action::Require(b"m".to_vec()),
                Action::WarningsOn,
                Action::Execute(b"print(x)".to_vec()),
                Action::Require(b"g=mod".to_vec()),
            ]
        );
        assert!(o.has_execute);
        assert_eq!(o.script, 8);
    }

    #[test]
    fn dash_dash_and_dash() {
        assert_eq!(parse_words(&["--"]).unwrap().script, 2);
        assert_eq!(parse_words(&["--", "-x"]).unwrap().script, 2);
        assert_eq!(parse_words(&["-", "a"]).unwrap().script, 1);
        assert_eq!(
            parse_words(&["--x"]),
            Err(UsageError::Unrecognized(b"--x".to_vec()))
        );
    }

    #[test]
    fn interactive_implies_version() {
        let o = parse_words(&["-i"]).unwrap();
        assert!(o.interactive && o.show_version);
    }

    #[test]
    fn extra_characters_are_rejected() {
        for bad in ["-ix", "-vv", "-E5", "-Wx", "-x"] {
            assert_eq!(
                parse_words(&[bad]),
                Err(UsageError::Unrecognized(bad.as_bytes().to_vec())),
                "{bad}"
            );
        }
    }

    #[test]
    fn missing_arguments() {
        for (words, bad) in [
            (&["-e"][..], "-e"),
            (&["-l"][..], "-l"),
            (&["-e", "-v"][..], "-e"),
            (&["-j"][..], "-j"),
            (&["-l", "--"][..], "-l"),
        ] {
            assert_eq!(
                parse_words(words),
                Err(UsageError::NeedsArgument(bad.as_bytes().to_vec()))
            );
        }
        assert_eq!(
            UsageError::NeedsArgument(b"-e".to_vec()).describe(),
            b"'-e' needs argument"
        );
    }

    #[test]
    fn jit_commands() {
        assert_eq!(parse_words(&["-joff"]).unwrap().jit, JitMode::Off);
        assert_eq!(parse_words(&["-j", "off"]).unwrap().jit, JitMode::Off);
        assert_eq!(parse_words(&["-joff", "-jon"]).unwrap().jit, JitMode::On);
        let err = parse_words(&["-jfast"]).unwrap_err();
        assert_eq!(err, UsageError::UnknownJitCommand(b"fast".to_vec()));
        assert_eq!(
            err.describe(),
            b"unrecognized JIT command 'fast' (known: -jon, -joff)"
        );
    }

    #[test]
    fn stdin_script_unless_after_dash_dash() {
        let a = argv(&["-", "x"]);
        assert!(script_is_stdin(&a, 1));
        let a = argv(&["--", "-"]);
        assert!(!script_is_stdin(&a, 2));
        let a = argv(&["f.lua"]);
        assert!(!script_is_stdin(&a, 1));
    }

    #[test]
    fn non_utf8_arguments_pass_through() {
        let mut a = argv(&["-e"]);
        a.push(vec![b'x', 0xff]);
        let o = parse(&a).unwrap();
        assert_eq!(o.actions, vec![Action::Execute(vec![b'x', 0xff])]);
    }

    #[test]
    fn empty_argv_is_no_script() {
        let o = parse(&[]).unwrap();
        assert_eq!(o.script, 0);
    }
}
