//! Standard output as the io library sees it: the VM's output sink, wrapped so that
//! `io.stdout:setvbuf` and `io.stdout:seek` act on it as lua5.4's act on C's `stdout`.
//!
//! `print` and `io.write` both write through the VM's sink (`Vm::output`), so they keep
//! their relative order as in lua5.4, where both write to the C `stdout` buffer. When the io
//! library is opened it takes that sink (the process's standard output, as `Vm::new_bare`
//! creates it) and puts a [`StdoutSink`] around it, sharing a [`StdoutControl`] with the
//! `io.stdout` stream:
//!
//! - until `setvbuf` is called, writes pass straight to the wrapped sink, which buffers as it
//!   likes (the default sink: by line on a terminal, 64 KiB otherwise);
//! - after `setvbuf`, the wrapper buffers like glibc in the chosen mode ([`OutputBuffer`]) and
//!   every flush of its buffer is pushed through the wrapped sink at once, so bytes reach the
//!   descriptor when lua5.4 would write them (what shows when stdout and stderr share a pipe);
//! - `seek` flushes everything and moves descriptor 1 (`lseek`), as glibc's `fseek` does.
//!
//! If the embedder replaces the sink (`Lua::set_output`, e.g. to capture output in a buffer),
//! the wrapper is dropped and the control records it: `io.stdout` then writes to the new sink
//! and seeks fail with `ESPIPE` ("Illegal seek"), as on a stream that cannot seek.
//!
//! Invariants: the control's mode is only changed by `io.stdout:setvbuf`, which flushes the
//! sink afterwards so the wrapper applies the change before anything else is written; the
//! wrapper's own buffer is empty whenever its mode is the pass-through one; dropping the
//! wrapper flushes it.

use std::io::{self, Write};
use std::sync::atomic::{AtomicBool, AtomicU8, Ordering};
use std::sync::Arc;

use super::buffer::OutputBuffer;
use super::stream::BufferMode;
use crate::vm::Vm;

const PASS_THROUGH: u8 = 0;
const UNBUFFERED: u8 = 1;
const LINE: u8 = 2;
const FULL: u8 = 3;

/// State shared by the `io.stdout` stream and the sink wrapper.
pub struct StdoutControl {
    /// One of the constants above: the mode `setvbuf` asked for, or pass-through.
    mode: AtomicU8,
    /// The wrapper is still the VM's sink (cleared when it is dropped).
    attached: AtomicBool,
    /// Standard output was a terminal when the library was opened: the default sink then
    /// writes by line, as glibc's `stdout` does on a terminal.
    terminal: bool,
}

impl StdoutControl {
    /// Whether `io.stdout` still writes to the process's standard output.
    pub fn is_attached(&self) -> bool {
        self.attached.load(Ordering::Relaxed)
    }

    /// Whether standard output is line-buffered as glibc sees it (`_IO_LINE_BUF`): by default
    /// on a terminal, or after `setvbuf("line")`. A sink put in the wrapper's place counts
    /// as line-buffered, so reading stdin keeps flushing it before it blocks.
    pub fn is_line_buffered(&self) -> bool {
        if !self.is_attached() {
            return true;
        }
        match self.mode() {
            None => self.terminal,
            Some(mode) => mode == BufferMode::Line,
        }
    }

    /// Records a `setvbuf` mode; the wrapper applies it at its next write or flush.
    pub fn set_mode(&self, mode: BufferMode) {
        let code = match mode {
            BufferMode::Unbuffered => UNBUFFERED,
            BufferMode::Line => LINE,
            BufferMode::Full => FULL,
        };
        self.mode.store(code, Ordering::Relaxed);
    }

    fn mode(&self) -> Option<BufferMode> {
        match self.mode.load(Ordering::Relaxed) {
            UNBUFFERED => Some(BufferMode::Unbuffered),
            LINE => Some(BufferMode::Line),
            FULL => Some(BufferMode::Full),
            _ => None,
        }
    }
}

/// The VM's output sink once the io library is open (see the module essay).
pub struct StdoutSink {
    inner: Box<dyn Write + Send>,
    control: Arc<StdoutControl>,
    /// glibc's buffer, used once `setvbuf` chose a mode.
    buffer: Option<OutputBuffer>,
}

impl StdoutSink {
    /// Brings the buffer in line with the mode `setvbuf` last asked for.
    fn apply_mode(&mut self) -> io::Result<()> {
        let Some(mode) = self.control.mode() else {
            return Ok(());
        };
        let inner = &mut self.inner;
        match &mut self.buffer {
            Some(buffer) if buffer.mode() == mode => Ok(()),
            Some(buffer) => buffer.set_mode(mode, &mut |chunk| write_through(inner, chunk)),
            None => {
                let mut buffer = OutputBuffer::new(mode);
                // Nothing is pending yet: this only sizes the buffer as setvbuf would.
                let sized = buffer.set_mode(mode, &mut |chunk| write_through(inner, chunk));
                self.buffer = Some(buffer);
                sized
            }
        }
    }
}

/// One `write(2)` of glibc: the bytes go through the wrapped sink and out of it at once.
fn write_through(inner: &mut Box<dyn Write + Send>, chunk: &[u8]) -> io::Result<()> {
    inner.write_all(chunk)?;
    inner.flush()
}

impl Write for StdoutSink {
    fn write(&mut self, data: &[u8]) -> io::Result<usize> {
        self.write_all(data)?;
        Ok(data.len())
    }

    fn write_all(&mut self, data: &[u8]) -> io::Result<()> {
        // Every `print` comes here: until setvbuf, one load and a branch on top of the sink.
        if self.buffer.is_none() && self.control.mode.load(Ordering::Relaxed) == PASS_THROUGH {
            return self.inner.write_all(data);
        }
        self.apply_mode()?;
        let inner = &mut self.inner;
        match &mut self.buffer {
            Some(buffer) => buffer.write(data, &mut |chunk| write_through(inner, chunk)),
            None => inner.write_all(data),
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        self.apply_mode()?;
        let inner = &mut self.inner;
        if let Some(buffer) = &mut self.buffer {
            buffer.flush(&mut |chunk| inner.write_all(chunk))?;
        }
        self.inner.flush()
    }
}

impl Drop for StdoutSink {
    fn drop(&mut self) {
        let _ = self.flush();
        self.control.attached.store(false, Ordering::Relaxed);
    }
}

/// Wraps the VM's current output sink (the process's standard output when the state was
/// just created) and returns the control `io.stdout` keeps.
pub fn take_over_output(vm: &mut Vm) -> Arc<StdoutControl> {
    use std::io::IsTerminal;
    let control = Arc::new(StdoutControl {
        mode: AtomicU8::new(PASS_THROUGH),
        attached: AtomicBool::new(true),
        terminal: io::stdout().is_terminal(),
    });
    let inner = std::mem::replace(&mut vm.output, Box::new(io::sink()));
    vm.output = Box::new(StdoutSink {
        inner,
        control: control.clone(),
        buffer: None,
    });
    control
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Mutex;

    /// What a [`Recorder`] holds: bytes written since its last flush, and each chunk that
    /// was flushed out of it.
    type Recorded = (Vec<u8>, Vec<Vec<u8>>);

    /// A sink recording each chunk that was flushed out of it.
    #[derive(Clone, Default)]
    struct Recorder(Arc<Mutex<Recorded>>);

    impl Write for Recorder {
        fn write(&mut self, data: &[u8]) -> io::Result<usize> {
            self.0.lock().unwrap().0.extend_from_slice(data);
            Ok(data.len())
        }
        fn flush(&mut self) -> io::Result<()> {
            let mut state = self.0.lock().unwrap();
            let chunk = std::mem::take(&mut state.0);
            if !chunk.is_empty() {
                state.1.push(chunk);
            }
            Ok(())
        }
    }

    fn sink(recorder: &Recorder) -> (StdoutSink, Arc<StdoutControl>) {
        let control = Arc::new(StdoutControl {
            mode: AtomicU8::new(PASS_THROUGH),
            attached: AtomicBool::new(true),
            terminal: false,
        });
        let sink = StdoutSink {
            inner: Box::new(recorder.clone()),
            control: control.clone(),
            buffer: None,
        };
        (sink, control)
    }

    #[test]
    fn pass_through_until_setvbuf_then_glibc_flushes() {
        let recorder = Recorder::default();
        let (mut sink, control) = sink(&recorder);
        sink.write_all(b"a\n").unwrap();
        assert!(recorder.0.lock().unwrap().1.is_empty(), "not flushed yet");
        control.set_mode(BufferMode::Unbuffered);
        sink.flush().unwrap();
        sink.write_all(b"b").unwrap();
        sink.write_all(b"c").unwrap();
        assert_eq!(
            recorder.0.lock().unwrap().1,
            vec![b"a\n".to_vec(), b"b".to_vec(), b"c".to_vec()]
        );
        // After "no" the buffer holds one byte for good: "line" still writes at once.
        control.set_mode(BufferMode::Line);
        sink.write_all(b"d\ne").unwrap();
        assert_eq!(recorder.0.lock().unwrap().1.last().unwrap(), b"\ne");
        drop(sink);
        assert!(!control.is_attached());
    }

    #[test]
    fn line_mode_keeps_what_follows_the_last_newline() {
        let recorder = Recorder::default();
        let (mut sink, control) = sink(&recorder);
        control.set_mode(BufferMode::Line);
        sink.flush().unwrap();
        sink.write_all(b"x").unwrap();
        sink.write_all(b"d\ne").unwrap();
        assert_eq!(recorder.0.lock().unwrap().1, vec![b"xd\n".to_vec()]);
        drop(sink);
        assert_eq!(recorder.0.lock().unwrap().1.last().unwrap(), b"e");
    }
}
