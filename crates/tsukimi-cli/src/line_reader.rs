//! Where the REPL's lines come from.
//!
//! - [`EditorReader`]: standard input is a terminal. Line editing and history come from
//!   `rustyline`. History lives in memory, and in a file only when the user names one with
//!   `TSUKIMI_HISTORY` (loaded at start, each new entry appended at once, so nothing is lost
//!   if the session ends through `os.exit`); by default nothing is written to `$HOME`.
//!   Ctrl-C at a prompt gives [`ReadOutcome::Interrupted`], Ctrl-D on an empty line
//!   [`ReadOutcome::End`].
//! - [`PlainReader`]: standard input is not a terminal (`tsukimi -i < file`), or the editor
//!   could not start. Reads bytes up to each newline. With `echo` it writes the prompt and
//!   then the line it read to stdout, which is what lua5.4 (built with GNU readline) shows
//!   for piped input, so transcripts match; without `echo` (a terminal without the editor)
//!   the terminal itself echoes.
//!
//! Lines are returned without their newline. The editor works on UTF-8 text (terminal input
//! is UTF-8 in practice); the plain reader passes any bytes through.

use std::io::{BufRead, Write};
use std::path::PathBuf;

use rustyline::error::ReadlineError;
use rustyline::history::DefaultHistory;
use rustyline::{Config, Editor};

/// The result of asking for one line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ReadOutcome {
    Line(Vec<u8>),
    /// Ctrl-C at the prompt: drop what was typed so far.
    Interrupted,
    /// End of input (Ctrl-D, or end of the piped text).
    End,
}

/// A source of REPL lines.
pub trait LineReader {
    /// Shows `prompt` and reads one line.
    fn read_line(&mut self, prompt: &[u8]) -> ReadOutcome;
    /// Remembers a complete entry (possibly several lines) in the history.
    fn add_history(&mut self, entry: &[u8]);
}

/// How many entries the editor keeps.
const HISTORY_SIZE: usize = 1000;

/// The line editor for terminals.
pub struct EditorReader {
    editor: Editor<(), DefaultHistory>,
    history_file: Option<PathBuf>,
}

impl EditorReader {
    /// An editor, with history loaded from `history_file` if given (a missing file is fine:
    /// it is created with the first entry). `None` if the terminal cannot be used.
    pub fn new(history_file: Option<PathBuf>) -> Option<EditorReader> {
        let config = Config::builder()
            .max_history_size(HISTORY_SIZE)
            .ok()?
            .history_ignore_dups(true)
            .ok()?
            .auto_add_history(false)
            .build();
        let mut editor = Editor::with_config(config).ok()?;
        if let Some(path) = &history_file {
            let _ = editor.load_history(path);
        }
        Some(EditorReader {
            editor,
            history_file,
        })
    }
}

impl LineReader for EditorReader {
    fn read_line(&mut self, prompt: &[u8]) -> ReadOutcome {
        let prompt = String::from_utf8_lossy(prompt);
        match self.editor.readline(&*prompt) {
            Ok(line) => ReadOutcome::Line(line.into_bytes()),
            Err(ReadlineError::Interrupted) => ReadOutcome::Interrupted,
            Err(ReadlineError::Eof) => ReadOutcome::End,
            Err(e) => {
                let _ = writeln!(std::io::stderr(), "cannot read the terminal: {e}");
                ReadOutcome::End
            }
        }
    }

    fn add_history(&mut self, entry: &[u8]) {
        let text = String::from_utf8_lossy(entry).into_owned();
        if let Ok(true) = self.editor.add_history_entry(text) {
            if let Some(path) = &self.history_file {
                let _ = self.editor.append_history(path);
            }
        }
    }
}

/// Bytes up to and including the next newline.
pub trait LineInput {
    fn read_through_newline(&mut self, line: &mut Vec<u8>) -> std::io::Result<usize>;
}

/// Standard input is locked for each line only, never while Lua code runs: code run from the
/// REPL may read stdin itself (`io.read`), which locks it too.
impl LineInput for std::io::Stdin {
    fn read_through_newline(&mut self, line: &mut Vec<u8>) -> std::io::Result<usize> {
        self.lock().read_until(b'\n', line)
    }
}

impl LineInput for &[u8] {
    fn read_through_newline(&mut self, line: &mut Vec<u8>) -> std::io::Result<usize> {
        self.read_until(b'\n', line)
    }
}

/// Line reading without editing (pipes, files, terminals without the editor).
pub struct PlainReader<R> {
    input: R,
    echo: bool,
}

impl<R: LineInput> PlainReader<R> {
    pub fn new(input: R, echo: bool) -> PlainReader<R> {
        PlainReader { input, echo }
    }
}

impl<R: LineInput> LineReader for PlainReader<R> {
    fn read_line(&mut self, prompt: &[u8]) -> ReadOutcome {
        let mut stdout = std::io::stdout().lock();
        let _ = stdout.write_all(prompt);
        let _ = stdout.flush();
        let mut line = Vec::new();
        match self.input.read_through_newline(&mut line) {
            Ok(0) | Err(_) => ReadOutcome::End,
            Ok(_) => {
                if line.last() == Some(&b'\n') {
                    line.pop();
                }
                if self.echo {
                    let _ = stdout.write_all(&line);
                    let _ = stdout.write_all(b"\n");
                    let _ = stdout.flush();
                }
                ReadOutcome::Line(line)
            }
        }
    }

    fn add_history(&mut self, _entry: &[u8]) {}
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_reader_splits_lines_and_ends() {
        let mut reader = PlainReader::new(&b"a\n\nb\xff"[..], false);
        assert_eq!(reader.read_line(b""), ReadOutcome::Line(b"a".to_vec()));
        assert_eq!(reader.read_line(b""), ReadOutcome::Line(Vec::new()));
        assert_eq!(reader.read_line(b""), ReadOutcome::Line(b"b\xff".to_vec()));
        assert_eq!(reader.read_line(b""), ReadOutcome::End);
    }
}
