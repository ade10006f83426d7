//! A shared in-memory output sink: what a script prints, readable from another thread.
//!
//! The state owns one clone (installed with `Lua::set_output`, so `print`, `io.write` and
//! `io.stdout` all land here, in the order they happen) and the harness keeps another. The
//! harness reads the bytes after the state is dropped (finalizers run at close and their
//! output belongs to stdout), or, after a timeout, while the script may still be running:
//! reading never blocks for long because writers hold the lock only to append.

use std::io::Write;
use std::sync::{Arc, Mutex, PoisonError};

/// Bytes written so far; clones share the same buffer.
#[derive(Clone, Default)]
pub struct SharedBuffer(Arc<Mutex<Vec<u8>>>);

impl SharedBuffer {
    /// A copy of everything written so far.
    pub fn contents(&self) -> Vec<u8> {
        // A poisoned lock only means a writer panicked; the bytes are still valid.
        self.0
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }
}

impl Write for SharedBuffer {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        let mut buffer = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        buffer.extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}
