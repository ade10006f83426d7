//! System calls on descriptors: the io library's one unsafe room.
//!
//! lua5.4's `io.stdin`/`io.stdout`/`io.stderr` are C `FILE`s on descriptors 0, 1 and 2, so
//! `seek` on them is `lseek` on the descriptor (after glibc accounts for its buffer) and works
//! whenever the descriptor is a file. std has no `Seek` for its standard streams, and a
//! `File` made from a standard descriptor would close it when dropped, so these wrappers call
//! `libc` directly. `fseek` also hands any offset to `lseek`, negative ones included (the
//! kernel decides: `EINVAL` for a file, position 0 for `/dev/null`), which `Seek` cannot
//! express, so files opened by `io.open` seek here too, through their `File`.
//!
//! Only the three standard descriptors ([`StandardFd`]) or a borrowed `File` can be named, so
//! no call here can touch a descriptor owned by someone else. Errors are `errno` values.

use std::fs::File;
use std::io;
use std::os::fd::AsRawFd;

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

/// Where a seek offset counts from (`SEEK_SET`, `SEEK_CUR`, `SEEK_END`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Whence {
    Set,
    Current,
    End,
}

fn lseek(fd: libc::c_int, offset: i64, whence: Whence) -> Result<u64, i32> {
    let whence = match whence {
        Whence::Set => libc::SEEK_SET,
        Whence::Current => libc::SEEK_CUR,
        Whence::End => libc::SEEK_END,
    };
    let offset = libc::off_t::try_from(offset).map_err(|_| libc::EOVERFLOW)?;
    // SAFETY: lseek takes no pointers; on a closed or unseekable descriptor it only fails.
    let result = unsafe { libc::lseek(fd, offset, whence) };
    if result < 0 {
        Err(last_errno())
    } else {
        Ok(result as u64)
    }
}

/// `lseek` on a standard descriptor: the new offset from the start, or `errno` (`ESPIPE` on
/// pipes and terminals, `EINVAL` for a negative result on a file).
pub fn seek_standard(fd: StandardFd, offset: i64, whence: Whence) -> Result<u64, i32> {
    lseek(fd as libc::c_int, offset, whence)
}

/// `lseek` on an open file (its descriptor stays open while `file` is borrowed).
pub fn seek_file(file: &File, offset: i64, whence: Whence) -> Result<u64, i32> {
    lseek(file.as_raw_fd(), offset, whence)
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
    fn files_seek_with_negative_offsets_failing_in_the_kernel() {
        let file = File::open("/dev/null").unwrap();
        assert_eq!(seek_file(&file, -1, Whence::Set), Ok(0));
        let path = std::env::temp_dir().join(format!("tsukimi-fd-{}", std::process::id()));
        std::fs::write(&path, b"0123456789").unwrap();
        let file = File::open(&path).unwrap();
        assert_eq!(seek_file(&file, -1, Whence::Set), Err(libc::EINVAL));
        assert_eq!(seek_file(&file, -2, Whence::End), Ok(8));
        assert_eq!(seek_file(&file, 1, Whence::Current), Ok(9));
        let _ = std::fs::remove_file(path);
    }
}
