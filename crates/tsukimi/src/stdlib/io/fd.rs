//! System calls on the process's standard descriptors: the io library's one unsafe room.
//!
//! lua5.4's `io.stdin`/`io.stdout`/`io.stderr` are C `FILE`s on descriptors 0, 1 and 2, so
//! `seek` on them is `lseek` on the descriptor (after glibc accounts for its buffer) and works
//! whenever the descriptor is a file. std has no `Seek` for its standard streams, and a
//! `File` made from a standard descriptor would close it when dropped, so these wrappers call
//! `libc` directly. Only the three standard descriptors can be named ([`StandardFd`]), so no
//! call here can touch a descriptor owned by someone else. Errors are `errno` values.

use std::io::{self, SeekFrom};

/// One of the process's standard descriptors.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StandardFd {
    Input = 0,
    Output = 1,
    Error = 2,
}

fn last_errno() -> i32 {
    io::Error::last_os_error()
        .raw_os_error()
        .unwrap_or(libc::EIO)
}

/// `lseek(fd, offset, whence)`: the new offset from the start, or `errno` (`ESPIPE` on pipes
/// and terminals, `EINVAL` for a negative result).
pub fn seek(fd: StandardFd, to: SeekFrom) -> Result<u64, i32> {
    let (offset, whence) = match to {
        SeekFrom::Start(o) => (i64::try_from(o).map_err(|_| libc::EINVAL)?, libc::SEEK_SET),
        SeekFrom::Current(o) => (o, libc::SEEK_CUR),
        SeekFrom::End(o) => (o, libc::SEEK_END),
    };
    let offset = libc::off_t::try_from(offset).map_err(|_| libc::EOVERFLOW)?;
    // SAFETY: lseek takes no pointers; on a closed or unseekable descriptor it only fails.
    let result = unsafe { libc::lseek(fd as libc::c_int, offset, whence) };
    if result < 0 {
        Err(last_errno())
    } else {
        Ok(result as u64)
    }
}

/// `read(fd, buf)`, retried when interrupted: the byte count (0 at end of file) or `errno`.
pub fn read(fd: StandardFd, buf: &mut [u8]) -> Result<usize, i32> {
    loop {
        // SAFETY: `buf` is valid for writes of `buf.len()` bytes for the whole call, and the
        // kernel writes at most that many.
        let result = unsafe { libc::read(fd as libc::c_int, buf.as_mut_ptr().cast(), buf.len()) };
        if result >= 0 {
            return Ok(result as usize);
        }
        let errno = last_errno();
        if errno != libc::EINTR {
            return Err(errno);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn negative_positions_are_invalid_before_any_call() {
        assert_eq!(
            seek(StandardFd::Input, SeekFrom::Start(u64::MAX)),
            Err(libc::EINVAL)
        );
    }
}
