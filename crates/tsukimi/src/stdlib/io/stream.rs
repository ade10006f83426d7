//! A C-stdio-like buffered byte stream: what a `FILE*` is to `liolib.c`.
//!
//! The io library needs more than `BufReader`/`BufWriter` give: one-byte look-ahead with
//! push-back (`getc`/`ungetc`, for `read("n")`), reads and writes on the same file (`"r+"`),
//! `fseek`/`ftell` that account for buffered bytes, a sticky error flag (`ferror`, cleared by
//! `clearerr` at the start of every `read`), and the three buffering modes of `setvbuf`.
//!
//! Output is buffered by an [`OutputBuffer`], which flushes exactly when glibc would (see
//! `buffer.rs`), so bytes reach a shared descriptor in lua5.4's order. Reads go through a
//! buffer of the same size (one byte once unbuffered) and, like glibc's `fread`, requests of
//! a buffer's size or more read whole blocks straight into the result; so a child process
//! sharing a descriptor (`os.execute("cat")` after `io.read`) starts where lua5.4's would.
//!
//! The standard streams live on the process's descriptors 0, 1 and 2, and seek there with
//! `lseek` (`fd.rs`) when the descriptor is a file, failing with `ESPIPE` on pipes and
//! terminals, as lua5.4's do:
//! - standard output has no buffer here: it writes through the VM's output sink (the one
//!   `print` uses, so the two keep their order), which the io library wrapped when it was
//!   opened (`stdout.rs`); buffering modes and seeks go through that wrapper's control, and
//!   once an embedder replaced the sink, seeking fails with `ESPIPE`;
//! - standard input reads through std's `Stdin`, whose own buffer the REPL, `debug.debug` and
//!   `dofile()` share. Every read asks for at least [`STDIN_DRAIN_SIZE`] bytes, more than std
//!   buffers, so std hands over whatever it holds and its buffer is empty after each read of
//!   ours. A seek first checks that descriptor 0 can seek at all (so it never blocks on a
//!   terminal or pipe), then drains std's buffer into ours (on a seekable descriptor that
//!   read cannot block), so the logical position is the descriptor's minus our unread bytes;
//!   the seek then discards our buffer. After `setvbuf`, reads bypass std and read the
//!   descriptor directly, one byte at a time for `"no"`, as glibc's unbuffered `stdin` does.
//!   As in glibc, reading a line-buffered (a terminal's) or unbuffered standard input first
//!   flushes standard output if that is line-buffered, so prompts show before the read.
//!
//! Invariants:
//! - at most one of the two buffers holds data: before reading, pending writes are flushed;
//!   before writing, unread buffered input is given back to the OS with a relative seek (when
//!   the backend cannot seek, it is simply dropped, as glibc does on pipes);
//! - the logical position (`tell`) is the OS position minus unread buffered bytes plus
//!   pending written bytes;
//! - a stream opened without read (write) permission fails reads (writes) with `EBADF`
//!   immediately, like glibc's `_IO_NO_READS`/`_IO_NO_WRITES` checks.
//!
//! Errors are `std::io::Error`s; `errno` values come from `raw_os_error` (see [`os_error`]).

use std::fs::File;
use std::io::{self, Read, Write};
use std::process::{ChildStdin, ChildStdout};
use std::sync::Arc;

use super::buffer::OutputBuffer;
use super::fd::{self, StandardFd, Whence};
use super::stdout::StdoutControl;

/// Smallest read from std's `Stdin`: larger than std's own buffer (8 KiB), so a read of ours
/// always empties it (see the module essay).
pub const STDIN_DRAIN_SIZE: usize = 32 * 1024;

/// Most bytes one direct read (a large `read(n)`, see [`Stream::read_up_to`]) asks for: a
/// multiple of every buffer size.
const DIRECT_READ_LIMIT: usize = 64 * 1024;

/// `setvbuf` modes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BufferMode {
    /// `_IONBF`: every write goes out at once.
    Unbuffered,
    /// `_IOLBF`: flushed at each newline.
    Line,
    /// `_IOFBF`: flushed when the buffer is full.
    Full,
}

/// Where the bytes of a stream come from or go to.
pub enum Backend {
    /// A regular file (or anything `open` can open: directories, devices, FIFOs).
    File(File),
    /// The process's standard input, and the control of standard output (reading a
    /// line-buffered standard input first flushes a line-buffered standard output).
    Stdin(io::Stdin, Arc<StdoutControl>),
    /// The VM's output sink (standard output as `print` sees it), with the control shared
    /// with the sink wrapper the io library installed.
    VmOutput(Arc<StdoutControl>),
    /// The process's standard error (unbuffered, like C's `stderr`).
    Stderr(io::Stderr),
    /// The read end of a `popen(cmd, "r")` pipe.
    PipeFromChild(ChildStdout),
    /// The write end of a `popen(cmd, "w")` pipe.
    PipeToChild(ChildStdin),
}

/// `errno` of an I/O error (`EIO` when the error did not come from the OS).
pub fn os_error(e: &io::Error) -> i32 {
    e.raw_os_error().unwrap_or(libc::EIO)
}

/// `strerror(code)` as glibc words it.
pub fn strerror(code: i32) -> String {
    let text = io::Error::from_raw_os_error(code).to_string();
    match text.rfind(" (os error ") {
        Some(cut) => text[..cut].to_string(),
        None => text,
    }
}

/// A buffered stream over a [`Backend`].
pub struct Stream {
    backend: Backend,
    readable: bool,
    writable: bool,
    read_buf: Vec<u8>,
    read_pos: usize,
    output: OutputBuffer,
    /// `setvbuf` was called: standard input then reads its descriptor directly.
    explicit_buffering: bool,
    /// `feof`: set when the backend reported end of file; cleared by [`Stream::clear_error`]
    /// and by seeks.
    eof: bool,
    /// `ferror`: the errno of the last failure since [`Stream::clear_error`].
    error: Option<i32>,
    /// A read's destination could not grow: the read stopped there, and the reading
    /// function raises "not enough memory" (`take_out_of_memory`).
    out_of_memory: bool,
}

impl Stream {
    /// A stream with the given permissions and buffering.
    pub fn new(backend: Backend, readable: bool, writable: bool, mode: BufferMode) -> Stream {
        Stream {
            backend,
            readable,
            writable,
            read_buf: Vec::new(),
            read_pos: 0,
            output: OutputBuffer::new(mode),
            explicit_buffering: false,
            eof: false,
            error: None,
            out_of_memory: false,
        }
    }

    /// `clearerr`.
    pub fn clear_error(&mut self) {
        self.eof = false;
        self.error = None;
    }

    /// `ferror`: the errno of the first failure since the last `clear_error`.
    pub fn error(&self) -> Option<i32> {
        self.error
    }

    fn fail(&mut self, code: i32) -> i32 {
        if self.error.is_none() {
            self.error = Some(code);
        }
        code
    }

    /// Gives up the backend (closing): pending output must have been flushed first.
    pub fn into_backend(self) -> Backend {
        self.backend
    }

    // ---- reading ----------------------------------------------------------------------

    /// What every read from the backend checks and does first (glibc's `underflow`): the
    /// stream is readable, not at end of file or failed, pending output is written, and a
    /// line-buffered stdout is flushed before reading stdin the way glibc does it. False when
    /// nothing can be read (flags set).
    fn prepare_read(&mut self, sink: &mut dyn Write) -> bool {
        if self.eof || self.error.is_some() && self.read_pos >= self.read_buf.len() {
            return false;
        }
        if !self.readable {
            self.fail(libc::EBADF);
            return false;
        }
        if !self.output.is_empty() && self.flush(sink).is_err() {
            return false;
        }
        if let Backend::Stdin(_, stdout) = &self.backend {
            // glibc's underflow: before reading a line-buffered (a terminal's) or unbuffered
            // stdin, a line-buffered stdout is flushed, so a prompt shows before the read.
            if self.output.mode() != BufferMode::Full && stdout.is_line_buffered() {
                let _ = sink.flush();
            }
        }
        true
    }

    /// Records the outcome of one read from the backend: `Some(n)` for `n > 0` bytes, `None`
    /// at end of file or on error (flags set).
    fn settle_read(&mut self, result: io::Result<usize>) -> Option<usize> {
        match result {
            Ok(0) => {
                self.eof = true;
                None
            }
            Ok(n) => Some(n),
            Err(e) => {
                self.fail(os_error(&e));
                None
            }
        }
    }

    /// Refills the read buffer; false at end of file or on error (flags set).
    fn fill(&mut self, sink: &mut dyn Write) -> bool {
        if !self.prepare_read(sink) {
            return false;
        }
        let size = self.read_size();
        self.read_buf.resize(size, 0);
        self.read_pos = 0;
        let result = read_backend(
            &mut self.backend,
            self.explicit_buffering,
            &mut self.read_buf,
        );
        match self.settle_read(result) {
            Some(n) => {
                self.read_buf.truncate(n);
                true
            }
            None => {
                self.read_buf.clear();
                false
            }
        }
    }

    /// glibc's `_IO_file_xsgetn` reading straight into the caller's buffer: up to `count`
    /// bytes appended to `out`, bypassing the (empty) read buffer; 0 at end of file or on
    /// error (flags set).
    fn read_direct(&mut self, count: usize, out: &mut Vec<u8>, sink: &mut dyn Write) -> usize {
        if !self.prepare_read(sink) {
            return 0;
        }
        let start = out.len();
        if crate::gc::try_reserve(out, count).is_err() {
            self.out_of_memory = true;
            return 0;
        }
        out.resize(start + count, 0);
        let result = read_backend(
            &mut self.backend,
            self.explicit_buffering,
            &mut out[start..],
        );
        let n = self.settle_read(result).unwrap_or(0);
        out.truncate(start + n);
        n
    }

    /// Whether large reads may bypass the buffer as glibc's do. Standard input reading
    /// through std's `Stdin` never does: its reads must empty std's buffer (see the essay).
    fn reads_directly(&self) -> bool {
        !matches!(self.backend, Backend::Stdin(..)) || self.explicit_buffering
    }

    /// How many bytes one refill asks for: glibc's buffer size (one byte once unbuffered), or
    /// enough to empty std's buffer when standard input still reads through it.
    fn read_size(&mut self) -> usize {
        if self.reads_directly() {
            self.output.buffer_size()
        } else {
            STDIN_DRAIN_SIZE
        }
    }

    /// `getc`: the next byte, or `None` at end of file or on error.
    pub fn getc(&mut self, sink: &mut dyn Write) -> Option<u8> {
        if self.read_pos >= self.read_buf.len() && !self.fill(sink) {
            return None;
        }
        let c = self.read_buf[self.read_pos];
        self.read_pos += 1;
        Some(c)
    }

    /// `ungetc`: pushes back the byte just read (`None` is ignored, as `ungetc(EOF)`).
    pub fn ungetc(&mut self, c: Option<u8>) {
        let Some(c) = c else { return };
        if self.read_pos > 0 && self.read_buf.get(self.read_pos - 1) == Some(&c) {
            self.read_pos -= 1;
        } else {
            self.read_buf.insert(self.read_pos, c);
        }
        self.eof = false;
    }

    /// Reads up to `n` bytes into `out` (`fread`); returns how many were read. As in glibc,
    /// once the buffer is empty a request of at least a buffer's size reads whole buffer-sized
    /// blocks straight into `out` (everything at once when the buffer is smaller than 128
    /// bytes, i.e. unbuffered), and the rest through the buffer.
    pub fn read_up_to(&mut self, n: usize, out: &mut Vec<u8>, sink: &mut dyn Write) -> usize {
        let mut got = 0;
        while got < n {
            if self.read_pos >= self.read_buf.len() {
                let want = n - got;
                let size = self.read_size();
                if self.reads_directly() && want >= size {
                    // `read(2^40)` must not reserve 2^40 bytes: one direct read takes at most
                    // DIRECT_READ_LIMIT (whole blocks), the loop takes the rest.
                    let want = want.min(DIRECT_READ_LIMIT);
                    let count = if size >= 128 {
                        want - want % size
                    } else {
                        want
                    };
                    match self.read_direct(count, out, sink) {
                        0 => break,
                        k => got += k,
                    }
                    continue;
                }
                if !self.fill(sink) {
                    break;
                }
            }
            let available = &self.read_buf[self.read_pos..];
            let take = available.len().min(n - got);
            if crate::gc::try_reserve(out, take).is_err() {
                self.out_of_memory = true;
                break;
            }
            out.extend_from_slice(&available[..take]);
            self.read_pos += take;
            got += take;
        }
        got
    }

    /// Reads bytes into `out` up to (not including) `stop`, which is consumed; returns
    /// whether `stop` was found (false at end of file or on error).
    pub fn read_until(&mut self, stop: u8, out: &mut Vec<u8>, sink: &mut dyn Write) -> bool {
        loop {
            if self.read_pos >= self.read_buf.len() && !self.fill(sink) {
                return false;
            }
            let available = &self.read_buf[self.read_pos..];
            let found = available.iter().position(|&b| b == stop);
            let take = found.unwrap_or(available.len());
            if crate::gc::try_reserve(out, take).is_err() {
                self.out_of_memory = true;
                return false;
            }
            out.extend_from_slice(&available[..take]);
            match found {
                Some(i) => {
                    self.read_pos += i + 1;
                    return true;
                }
                None => self.read_pos = self.read_buf.len(),
            }
        }
    }

    /// Reads everything up to end of file into `out` (liolib's `read_all`: `fread` calls of
    /// `LUAL_BUFFERSIZE` bytes, which an unbuffered stream reads straight into `out`).
    pub fn read_to_end(&mut self, out: &mut Vec<u8>, sink: &mut dyn Write) {
        const LUAL_BUFFERSIZE: usize = 1024;
        loop {
            if self.read_pos >= self.read_buf.len() {
                if self.reads_directly() && self.read_size() <= LUAL_BUFFERSIZE {
                    if self.read_direct(LUAL_BUFFERSIZE, out, sink) == 0 {
                        return;
                    }
                    continue;
                }
                if !self.fill(sink) {
                    return;
                }
            }
            let available = &self.read_buf[self.read_pos..];
            if crate::gc::try_reserve(out, available.len()).is_err() {
                self.out_of_memory = true;
                return;
            }
            out.extend_from_slice(available);
            self.read_pos = self.read_buf.len();
        }
    }

    /// Whether the last read stopped because its destination could not grow (cleared).
    pub fn take_out_of_memory(&mut self) -> bool {
        std::mem::take(&mut self.out_of_memory)
    }

    // ---- writing ----------------------------------------------------------------------

    /// Gives unread buffered input back to the OS before a write or seek.
    fn drop_read_ahead(&mut self) -> io::Result<()> {
        let unread = self.read_buf.len() - self.read_pos.min(self.read_buf.len());
        self.read_buf.clear();
        self.read_pos = 0;
        if unread > 0 {
            if let Backend::File(f) = &mut self.backend {
                fd::seek_file(f, -(unread as i64), Whence::Current)
                    .map_err(io::Error::from_raw_os_error)?;
            }
        }
        Ok(())
    }

    /// `fwrite`: buffers (or writes) `bytes`; `Err(errno)` on failure.
    pub fn write(&mut self, bytes: &[u8], sink: &mut dyn Write) -> Result<(), i32> {
        if !self.writable {
            return Err(self.fail(libc::EBADF));
        }
        if !self.read_buf.is_empty() {
            if let Err(e) = self.drop_read_ahead() {
                return Err(self.fail(os_error(&e)));
            }
        }
        if let Backend::VmOutput(control) = &self.backend {
            // The sink buffers by itself: while it is the io library's wrapper, the wrapper
            // applies the buffering mode; a sink put in its place is flushed when unbuffered.
            let mut r = sink.write_all(bytes);
            if r.is_ok() && !control.is_attached() && self.output.mode() == BufferMode::Unbuffered {
                r = sink.flush();
            }
            return r.map_err(|e| self.fail(os_error(&e)));
        }
        let Stream {
            output, backend, ..
        } = self;
        let result = output.write(bytes, &mut |chunk| write_backend(backend, chunk, sink));
        result.map_err(|e| self.fail(os_error(&e)))
    }

    /// `fflush`: writes out pending bytes; `Err(errno)` on failure (pending bytes dropped).
    pub fn flush(&mut self, sink: &mut dyn Write) -> Result<(), i32> {
        let Stream {
            output, backend, ..
        } = self;
        let mut result = output.flush(&mut |chunk| write_backend(backend, chunk, sink));
        if result.is_ok() {
            result = match &mut self.backend {
                Backend::File(f) => f.flush(),
                Backend::VmOutput(_) => sink.flush(),
                Backend::PipeToChild(p) => p.flush(),
                _ => Ok(()),
            };
        }
        result.map_err(|e| self.fail(os_error(&e)))
    }

    /// `setvbuf(f, NULL, mode, size)`: as in glibc the size changes nothing (see
    /// `buffer.rs`); `"no"` writes out what is pending. On standard output the mode goes to
    /// the sink wrapper, which applies it from the flush that follows.
    pub fn set_buffering(&mut self, mode: BufferMode, sink: &mut dyn Write) {
        self.explicit_buffering = true;
        let Stream {
            output, backend, ..
        } = self;
        let _ = output.set_mode(mode, &mut |chunk| write_backend(backend, chunk, sink));
        if let Backend::VmOutput(control) = &self.backend {
            control.set_mode(mode);
            if mode == BufferMode::Unbuffered || control.is_attached() {
                let _ = sink.flush();
            }
        }
    }

    // ---- positioning ------------------------------------------------------------------

    /// `fseek` followed by `ftell`: the new absolute position, or `Err(errno)`. The offset
    /// goes to `lseek` as given (adjusted by unread bytes for [`Whence::Current`]).
    pub fn seek(&mut self, whence: Whence, offset: i64, sink: &mut dyn Write) -> Result<u64, i32> {
        self.flush(sink)?;
        if let Backend::Stdin(..) = self.backend {
            self.drain_stdin_buffer()?;
        }
        let unread = (self.read_buf.len() - self.read_pos.min(self.read_buf.len())) as i64;
        let offset = match whence {
            Whence::Current => offset.saturating_sub(unread),
            _ => offset,
        };
        let result = match &mut self.backend {
            Backend::File(f) => fd::seek_file(f, offset, whence),
            Backend::Stdin(..) => fd::seek_standard(StandardFd::Input, offset, whence),
            Backend::VmOutput(control) if control.is_attached() => {
                fd::seek_standard(StandardFd::Output, offset, whence)
            }
            Backend::Stderr(_) => fd::seek_standard(StandardFd::Error, offset, whence),
            _ => Err(libc::ESPIPE),
        };
        match result {
            Ok(pos) => {
                self.read_buf.clear();
                self.read_pos = 0;
                self.eof = false;
                Ok(pos)
            }
            Err(code) => Err(code),
        }
    }

    /// Before a seek on standard input: fails with `ESPIPE` unless descriptor 0 can seek;
    /// then moves whatever std's `Stdin` buffered into our buffer, so that the descriptor's
    /// position minus our unread bytes is the logical position. On a seekable descriptor the
    /// read cannot block; std hands over its whole buffer (see [`STDIN_DRAIN_SIZE`]).
    fn drain_stdin_buffer(&mut self) -> Result<(), i32> {
        fd::seek_standard(StandardFd::Input, 0, Whence::Current)?;
        if self.explicit_buffering {
            return Ok(());
        }
        let Backend::Stdin(stdin, _) = &self.backend else {
            return Ok(());
        };
        let mut drained = vec![0; STDIN_DRAIN_SIZE];
        let n = loop {
            match stdin.lock().read(&mut drained) {
                Ok(n) => break n,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(os_error(&e)),
            }
        };
        self.read_buf
            .drain(..self.read_pos.min(self.read_buf.len()));
        self.read_pos = 0;
        self.read_buf.extend_from_slice(&drained[..n]);
        Ok(())
    }
}

/// One `read(2)` from the backend into `buf`, retried when interrupted. Standard input reads
/// through std's `Stdin` until `setvbuf` (`explicit`), then from descriptor 0 directly.
fn read_backend(backend: &mut Backend, explicit: bool, buf: &mut [u8]) -> io::Result<usize> {
    loop {
        let r = match backend {
            Backend::File(f) => f.read(buf),
            Backend::Stdin(..) if explicit => {
                fd::read(StandardFd::Input, buf).map_err(io::Error::from_raw_os_error)
            }
            Backend::Stdin(s, _) => s.lock().read(buf),
            Backend::PipeFromChild(p) => p.read(buf),
            Backend::VmOutput(_) | Backend::Stderr(_) | Backend::PipeToChild(_) => {
                Err(io::Error::from_raw_os_error(libc::EBADF))
            }
        };
        match r {
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            other => return other,
        }
    }
}

/// Writes flushed bytes to the backend (one `write(2)` of glibc).
fn write_backend(backend: &mut Backend, bytes: &[u8], sink: &mut dyn Write) -> io::Result<()> {
    match backend {
        Backend::File(f) => f.write_all(bytes),
        Backend::VmOutput(_) => sink.write_all(bytes),
        Backend::Stderr(e) => e.write_all(bytes),
        Backend::PipeToChild(p) => p.write_all(bytes),
        Backend::Stdin(..) | Backend::PipeFromChild(_) => {
            Err(io::Error::from_raw_os_error(libc::EBADF))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn temp_stream(content: &[u8], tag: &str) -> (Stream, std::path::PathBuf) {
        let path =
            std::env::temp_dir().join(format!("tsukimi-stream-{tag}-{}", std::process::id()));
        std::fs::write(&path, content).unwrap();
        let f = std::fs::OpenOptions::new()
            .read(true)
            .write(true)
            .open(&path)
            .unwrap();
        (
            Stream::new(Backend::File(f), true, true, BufferMode::Full),
            path,
        )
    }

    #[test]
    fn look_ahead_is_pushed_back() {
        let (mut s, path) = temp_stream(b"ab", "getc");
        let sink = &mut io::sink();
        assert_eq!(s.getc(sink), Some(b'a'));
        s.ungetc(Some(b'a'));
        assert_eq!(s.getc(sink), Some(b'a'));
        assert_eq!(s.getc(sink), Some(b'b'));
        assert_eq!(s.getc(sink), None);
        s.ungetc(None);
        assert_eq!(s.getc(sink), None);
        let _ = std::fs::remove_file(path);
    }

    #[test]
    fn writing_after_reading_starts_at_the_logical_position() {
        let (mut s, path) = temp_stream(b"hello world", "rw");
        let sink = &mut io::sink();
        let mut out = Vec::new();
        assert_eq!(s.read_up_to(2, &mut out, sink), 2);
        s.write(b"XY", sink).unwrap();
        assert_eq!(s.seek(Whence::Current, 0, sink), Ok(4));
        s.flush(sink).unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"heXYo world");
        let _ = std::fs::remove_file(path);
    }

    #[test]
    fn relative_seeks_count_unread_buffered_bytes() {
        let (mut s, path) = temp_stream(b"0123456789", "seek");
        let sink = &mut io::sink();
        assert_eq!(s.getc(sink), Some(b'0'));
        assert_eq!(s.seek(Whence::Current, 2, sink), Ok(3));
        assert_eq!(s.getc(sink), Some(b'3'));
        assert_eq!(s.seek(Whence::End, -1, sink), Ok(9));
        let mut line = Vec::new();
        assert!(!s.read_until(b'\n', &mut line, sink));
        assert_eq!(line, b"9");
        assert_eq!(s.seek(Whence::Current, -100, sink), Err(libc::EINVAL));
        let _ = std::fs::remove_file(path);
    }

    #[test]
    fn huge_reads_take_what_there_is() {
        let (mut s, path) = temp_stream(&[b'x'; 200_000], "huge");
        let sink = &mut io::sink();
        let mut out = Vec::new();
        assert_eq!(s.read_up_to(5, &mut out, sink), 5);
        assert_eq!(s.read_up_to(usize::MAX, &mut out, sink), 199_995);
        assert_eq!(out.len(), 200_000);
        assert_eq!(s.read_up_to(usize::MAX, &mut out, sink), 0);
        let _ = std::fs::remove_file(path);
    }

    #[test]
    fn permissions_fail_with_ebadf() {
        let (s, path) = temp_stream(b"x", "perm");
        let Stream { backend, .. } = s;
        let mut s = Stream::new(backend, false, false, BufferMode::Line);
        let sink = &mut io::sink();
        assert_eq!(s.getc(sink), None);
        assert_eq!(s.error(), Some(libc::EBADF));
        s.clear_error();
        assert_eq!(s.write(b"y", sink), Err(libc::EBADF));
        assert_eq!(strerror(libc::EBADF), "Bad file descriptor");
        let _ = std::fs::remove_file(path);
    }
}
