//! The output buffer of a stream, flushed exactly when glibc's `FILE` flushes it.
//!
//! Whatever the buffering, a file ends up with the same bytes; what buffering changes is *when*
//! bytes reach the descriptor, which shows when two streams share one destination
//! (`io.stdout` and `io.stderr` on one pipe with `2>&1`, or a child process writing to the
//! same file). lua5.4 writes through glibc's stdio, so to put bytes on a shared descriptor in
//! lua5.4's order this buffer follows glibc's `_IO_new_file_xsputn` (one `fwrite`) and
//! `_IO_new_file_overflow` (one byte when the buffer has no room) step by step:
//!
//! - *unbuffered* (`setvbuf "no"`): the buffer holds one byte, so every write goes straight
//!   out in one piece;
//! - *line buffered*: a write that fits is copied and flushed through its last newline (the
//!   rest stays buffered); the first write after a flush by other means, and whatever is left
//!   of a write too large for the buffer, goes byte by byte, flushing at each newline and
//!   whenever a byte finds the buffer full;
//! - *fully buffered*: a write fills the buffer; when bytes remain, the buffer is written,
//!   then as many whole buffer-sized blocks as possible go straight out (when the buffer holds
//!   at least 128 bytes), and the rest is buffered.
//!
//! The buffer is allocated at the first write: one byte for an unbuffered stream (glibc's
//! `_shortbuf`), the descriptor's block size (4096) otherwise. `setvbuf` with a size but no
//! buffer of its own (what liolib calls) never changes that size: `"no"` makes the buffer the
//! one-byte one for good (so `"no"` then `"full"` still writes every byte at once, as glibc
//! does), and `"full"`/`"line"` allocate the block-sized buffer only if none exists yet (so
//! `stderr`, unbuffered by default, buffers a whole block if told to before its first write).
//!
//! Invariants: `pending.len() <= capacity` after every call once a buffer exists; the
//! capacity is 1 or [`BLOCK_SIZE`]; bytes leave in the order they were written; a failed
//! write drops what was pending (`fflush` forgets it).

use std::io;

use super::stream::BufferMode;

/// glibc's buffer size for files and pipes (`st_blksize` on common file systems).
pub const BLOCK_SIZE: usize = 4096;

/// glibc writes whole blocks around the buffer only when it is at least this large.
const DIRECT_WRITE_MIN_BUFFER: usize = 128;

/// Where flushed bytes go: one call is one `write(2)` of glibc.
pub type Drain<'a> = dyn FnMut(&[u8]) -> io::Result<()> + 'a;

/// A stream's pending output (see the module essay).
pub struct OutputBuffer {
    pending: Vec<u8>,
    /// The buffer's size, once it is allocated (`_IO_buf_end - _IO_buf_base`).
    capacity: Option<usize>,
    mode: BufferMode,
    /// glibc's `_IO_CURRENTLY_PUTTING`: a write happened since the buffer was set up. The
    /// first write of a line-buffered stream goes byte by byte.
    putting: bool,
}

impl OutputBuffer {
    /// A stream's buffer in `mode`, not allocated yet.
    pub fn new(mode: BufferMode) -> OutputBuffer {
        OutputBuffer {
            pending: Vec::new(),
            capacity: None,
            mode,
            putting: false,
        }
    }

    /// The buffer's size, allocating it as the first write does (`_IO_doallocbuf`).
    fn allocated(&mut self) -> usize {
        *self
            .capacity
            .get_or_insert(if self.mode == BufferMode::Unbuffered {
                1
            } else {
                BLOCK_SIZE
            })
    }

    /// The buffer's size (1 or [`BLOCK_SIZE`]), allocating it as the first read or write
    /// does. A stream reads through the same buffer it writes through, as glibc's do.
    pub fn buffer_size(&mut self) -> usize {
        self.allocated()
    }

    /// The buffering mode.
    pub fn mode(&self) -> BufferMode {
        self.mode
    }

    /// Whether nothing is pending.
    pub fn is_empty(&self) -> bool {
        self.pending.is_empty()
    }

    /// `setvbuf(f, NULL, mode, size)` as glibc does it: `"no"` flushes and shrinks the buffer
    /// to one byte; the other modes only change when flushes happen.
    pub fn set_mode(&mut self, mode: BufferMode, drain: &mut Drain) -> io::Result<()> {
        self.mode = mode;
        if mode == BufferMode::Unbuffered {
            let flushed = self.flush(drain);
            self.capacity = Some(1);
            return flushed;
        }
        self.allocated();
        Ok(())
    }

    /// Writes out everything pending (`_IO_do_write` of the buffer).
    pub fn flush(&mut self, drain: &mut Drain) -> io::Result<()> {
        if self.pending.is_empty() {
            return Ok(());
        }
        let pending = std::mem::take(&mut self.pending);
        let result = drain(&pending);
        // Keep the allocation for the next writes.
        self.pending = pending;
        self.pending.clear();
        result
    }

    /// One `fwrite` of `data` (`_IO_new_file_xsputn`).
    pub fn write(&mut self, data: &[u8], drain: &mut Drain) -> io::Result<()> {
        let mut rest = data;
        let mut must_flush = false;
        let capacity = self.allocated();
        let room = capacity.saturating_sub(self.pending.len());
        let mut count = match self.mode {
            BufferMode::Line if self.putting => {
                if room >= rest.len() {
                    if let Some(last_newline) = rest.iter().rposition(|&b| b == b'\n') {
                        must_flush = true;
                        last_newline + 1
                    } else {
                        room
                    }
                } else {
                    room
                }
            }
            BufferMode::Full if self.putting => room,
            _ => 0,
        };
        if count > 0 {
            count = count.min(rest.len());
            self.pending.extend_from_slice(&rest[..count]);
            rest = &rest[count..];
        }
        if rest.is_empty() && !must_flush {
            return Ok(());
        }
        // _IO_OVERFLOW(f, EOF): the buffer is set up (putting) and written out.
        self.putting = true;
        self.flush(drain)?;
        let direct = if capacity >= DIRECT_WRITE_MIN_BUFFER {
            rest.len() - rest.len() % capacity
        } else {
            rest.len()
        };
        if direct > 0 {
            drain(&rest[..direct])?;
            rest = &rest[direct..];
        }
        self.put_bytes(rest, drain)
    }

    /// `_IO_default_xsputn`: copies while the buffer has room for a fully buffered stream;
    /// line-buffered and unbuffered streams take every byte through `overflow`.
    fn put_bytes(&mut self, mut rest: &[u8], drain: &mut Drain) -> io::Result<()> {
        let capacity = self.allocated();
        while let Some((&first, after)) = rest.split_first() {
            if self.mode == BufferMode::Full {
                let room = capacity.saturating_sub(self.pending.len());
                if room > 0 {
                    let take = room.min(rest.len());
                    self.pending.extend_from_slice(&rest[..take]);
                    rest = &rest[take..];
                    continue;
                }
            }
            self.overflow(first, drain)?;
            rest = after;
        }
        Ok(())
    }

    /// `_IO_new_file_overflow(f, byte)`: makes room if the buffer is full, stores the byte,
    /// and writes the buffer out if the stream is unbuffered or the byte ends a line.
    fn overflow(&mut self, byte: u8, drain: &mut Drain) -> io::Result<()> {
        if self.pending.len() >= self.allocated() {
            self.flush(drain)?;
        }
        self.pending.push(byte);
        if self.mode == BufferMode::Unbuffered || self.mode == BufferMode::Line && byte == b'\n' {
            self.flush(drain)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Runs writes (and `None` for "another stream writes a marker here") and returns what
    /// reached the descriptor, with markers, then the pending tail.
    fn trace(mode: BufferMode, writes: &[Option<&[u8]>]) -> (Vec<u8>, Vec<u8>) {
        let mut buffer = OutputBuffer::new(mode);
        let mut out = Vec::new();
        for w in writes {
            match w {
                Some(bytes) => buffer
                    .write(bytes, &mut |chunk: &[u8]| {
                        out.extend_from_slice(chunk);
                        Ok(())
                    })
                    .unwrap(),
                None => out.push(b'|'),
            }
        }
        (out, buffer.pending.clone())
    }

    #[test]
    fn unbuffered_writes_go_out_at_once() {
        let (out, tail) = trace(BufferMode::Unbuffered, &[Some(b"ab\ncd"), None, Some(b"e")]);
        assert_eq!(out, b"ab\ncd|e");
        assert!(tail.is_empty());
    }

    #[test]
    fn line_buffered_flushes_through_the_last_newline() {
        // lua5.4: io.write("x"); setvbuf("line"); io.write("abc\ndef") -> "xabc\n" E "def"
        let (out, tail) = trace(BufferMode::Line, &[Some(b"x"), Some(b"abc\ndef"), None]);
        assert_eq!(out, b"xabc\n|");
        assert_eq!(tail, b"def");
    }

    #[test]
    fn fully_buffered_flushes_full_blocks_only() {
        // lua5.4 to a pipe: 4095 bytes, E, 2 bytes, F -> E, 4096 bytes, F, then the last byte.
        let big = vec![b'a'; 4095];
        let (out, tail) = trace(BufferMode::Full, &[Some(&big), None, Some(b"bb"), None]);
        assert_eq!(out.len(), 4098);
        assert_eq!(out[0], b'|');
        assert_eq!(&out[4095..], b"ab|");
        assert_eq!(tail, b"b");
        // 5000 bytes at once: the first block out, the rest pending.
        let (out, tail) = trace(BufferMode::Full, &[Some(&[b'z'; 5000]), None]);
        assert_eq!(out.len(), 4097);
        assert_eq!(tail.len(), 904);
        // 10000 bytes after 10 pending: fill, flush, one direct block, rest pending.
        let (out, tail) = trace(BufferMode::Full, &[Some(&[b'y'; 10]), Some(&[b'z'; 10000])]);
        assert_eq!(out.len() + tail.len(), 10010);
        assert_eq!(out.len(), 4096 * 2);
    }

    #[test]
    fn unbuffered_then_full_keeps_the_one_byte_buffer() {
        let mut buffer = OutputBuffer::new(BufferMode::Full);
        let mut out = Vec::new();
        let mut drain = |chunk: &[u8]| {
            out.extend_from_slice(chunk);
            Ok(())
        };
        buffer.write(b"pending", &mut drain).unwrap();
        buffer.set_mode(BufferMode::Unbuffered, &mut drain).unwrap();
        buffer.set_mode(BufferMode::Full, &mut drain).unwrap();
        buffer.write(b"abc", &mut drain).unwrap();
        assert!(buffer.is_empty());
        assert_eq!(out, b"pendingabc");
    }

    #[test]
    fn an_unbuffered_stream_buffers_if_told_before_its_first_write() {
        // lua5.4: io.stderr:setvbuf("full") first, then writes stay pending.
        let mut buffer = OutputBuffer::new(BufferMode::Unbuffered);
        let out = std::cell::RefCell::new(Vec::new());
        let mut drain = |chunk: &[u8]| {
            out.borrow_mut().extend_from_slice(chunk);
            Ok(())
        };
        buffer.set_mode(BufferMode::Full, &mut drain).unwrap();
        buffer.write(b"E", &mut drain).unwrap();
        buffer.write(b"F\n", &mut drain).unwrap();
        assert!(out.borrow().is_empty());
        // ... but once it wrote unbuffered, its buffer is the one-byte one.
        let mut buffer = OutputBuffer::new(BufferMode::Unbuffered);
        buffer.write(b"x", &mut drain).unwrap();
        buffer.set_mode(BufferMode::Line, &mut drain).unwrap();
        buffer.write(b"yz", &mut drain).unwrap();
        assert!(buffer.is_empty());
    }

    #[test]
    fn failed_flushes_drop_pending_bytes() {
        let mut buffer = OutputBuffer::new(BufferMode::Full);
        buffer.write(b"abc", &mut |_: &[u8]| Ok(())).unwrap();
        let err = buffer.flush(&mut |_: &[u8]| Err(io::Error::from_raw_os_error(libc::ENOSPC)));
        assert!(err.is_err());
        assert!(buffer.is_empty());
    }
}
