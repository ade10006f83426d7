//! File handles: the payload of the full userdata `FILE*` values (`liolib.c`'s `LStream`).
//!
//! A handle is `RefCell<FileHandle>` inside a [`Userdata`]; the userdata carries the shared
//! `FILE*` metatable. The handle is either open (a [`Stream`] plus how to close it) or closed.
//! How it closes mirrors `LStream.closef`: regular files close their descriptor, `popen`
//! handles wait for the child and report its status, standard files refuse ("cannot close
//! standard file") and stay open.
//!
//! Invariants:
//! - a `RefCell` borrow is never held across a call into Lua or an allocation that could
//!   collect, so borrowing cannot fail in practice; if it ever does, the caller gets a Lua
//!   error instead of a panic;
//! - dropping an open handle (the collector freeing an unreachable file, or the state being
//!   closed) flushes and closes it like `__gc` would, and reaps a `popen` child.

use std::cell::RefCell;
use std::io::Write;
use std::process::Child;

use super::stream::{os_error, Stream};
use crate::object::userdata::Userdata;
use crate::value::{Gc, Value};
use crate::vm::{LuaError, Vm};

/// How an open handle is closed (`LStream.closef`).
pub enum Closer {
    /// `io_fclose`.
    File,
    /// `io_pclose`: the child to wait for.
    Process(Child),
    /// `io_noclose`: standard files are never closed.
    Standard,
}

/// What `close` reports (`luaL_fileresult` / `luaL_execresult` / `io_noclose`).
pub enum CloseResult {
    /// `true`.
    Ok,
    /// `fail, strerror(errno), errno`.
    Failed(i32),
    /// `true/fail, "exit"/"signal", code` for a popen child.
    Process {
        success: bool,
        how: &'static str,
        code: i64,
    },
    /// `fail, "cannot close standard file"`.
    Standard,
}

/// An open stream and how to close it.
pub struct OpenFile {
    pub stream: Stream,
    pub closer: Closer,
}

/// The userdata payload of a `FILE*`.
pub struct FileHandle {
    pub open: Option<OpenFile>,
}

impl FileHandle {
    /// An open handle.
    pub fn new(stream: Stream, closer: Closer) -> FileHandle {
        FileHandle {
            open: Some(OpenFile { stream, closer }),
        }
    }

    /// Closes the handle (standard handles stay open).
    pub fn close(&mut self, sink: &mut dyn Write) -> CloseResult {
        if matches!(
            self.open,
            Some(OpenFile {
                closer: Closer::Standard,
                ..
            })
        ) {
            return CloseResult::Standard;
        }
        let Some(OpenFile { mut stream, closer }) = self.open.take() else {
            return CloseResult::Ok;
        };
        let flushed = stream.flush(sink);
        let backend = stream.into_backend();
        match closer {
            Closer::Process(mut child) => {
                drop(backend); // closes our end of the pipe so the child can finish
                match child.wait() {
                    Ok(status) => process_result(status),
                    Err(e) => CloseResult::Failed(os_error(&e)),
                }
            }
            Closer::File | Closer::Standard => {
                // close(2) errors are not reported by `File`'s drop; on Linux they only
                // concern network file systems, where fclose would report them.
                drop(backend);
                match flushed {
                    Err(code) => CloseResult::Failed(code),
                    Ok(()) => CloseResult::Ok,
                }
            }
        }
    }
}

/// `luaL_execresult` for a finished child.
pub fn process_result(status: std::process::ExitStatus) -> CloseResult {
    use std::os::unix::process::ExitStatusExt;
    if let Some(code) = status.code() {
        CloseResult::Process {
            success: code == 0,
            how: "exit",
            code: i64::from(code),
        }
    } else {
        CloseResult::Process {
            success: false,
            how: "signal",
            code: i64::from(status.signal().unwrap_or(0)),
        }
    }
}

impl Drop for FileHandle {
    fn drop(&mut self) {
        if let Some(open) = self.open.as_mut() {
            if !matches!(open.closer, Closer::Standard) {
                let _ = self.close(&mut std::io::sink());
            } else {
                let _ = open.stream.flush(&mut std::io::sink());
            }
        }
    }
}

/// The handle inside a value, if it is a file userdata (`luaL_testudata`).
pub fn handle_of(v: Value) -> Option<Gc<Userdata>> {
    match v {
        Value::Userdata(u) if u.data.downcast_ref::<RefCell<FileHandle>>().is_some() => Some(u),
        _ => None,
    }
}

/// The handle cell of a file userdata (callers checked it with [`handle_of`]).
pub fn cell(u: &Userdata) -> Option<&RefCell<FileHandle>> {
    u.data.downcast_ref::<RefCell<FileHandle>>()
}

/// Runs `f` on the open stream of file `u`, or raises "attempt to use a closed file".
pub fn with_open<T>(
    vm: &mut Vm,
    u: Gc<Userdata>,
    f: impl FnOnce(&mut Vm, &mut OpenFile) -> T,
) -> Result<T, LuaError> {
    let Some(cell) = cell(&u) else {
        return Err(vm.native_error("attempt to use a closed file"));
    };
    let Ok(mut handle) = cell.try_borrow_mut() else {
        return Err(vm.native_error("file handle is busy"));
    };
    match handle.open.as_mut() {
        Some(open) => Ok(f(vm, open)),
        None => Err(vm.native_error("attempt to use a closed file")),
    }
}

/// Whether the file is closed.
pub fn is_closed(u: &Userdata) -> bool {
    match cell(u) {
        Some(c) => c.try_borrow().map(|h| h.open.is_none()).unwrap_or(false),
        None => true,
    }
}
