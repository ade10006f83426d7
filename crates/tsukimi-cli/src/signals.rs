//! The command's signal dispositions, as a C program like `lua` has them.
//!
//! SIGPIPE: the Rust runtime ignores it at start-up, so writing to a closed pipe
//! (`tsukimi script.lua | head -1`) would only fail each write and the script would run to
//! its end. [`restore_default_sigpipe`] gives it back its default action, so the process ends
//! at once with the usual status, like lua5.4.
//!
//! SIGINT (Ctrl-C) while Lua code runs sets the state's interrupt flag, and the running code
//! fails with "interrupted!" at its next call or loop back-edge (lua.c's `laction`/`lstop`).
//!
//! As in `lua.c`, the handler is installed only while Lua code runs ([`arm`] returns a guard
//! that puts the previous disposition back), and the handler resets SIGINT to the default
//! action when it fires: a second Ctrl-C before the code notices the first one (code stuck in
//! a long native call, say) ends the process the ordinary way. While the REPL waits for input
//! the handler is not installed: the line editor reads Ctrl-C as a key (terminal raw mode),
//! and with plain piped input Ctrl-C ends the process, like `lua`.
//!
//! The handler only stores `true` into an `AtomicBool` reached through a process-wide
//! pointer and calls `signal`, both async-signal-safe. The pointer is set once per process
//! from a leaked `Arc` (one Lua state per process), so it is never dangling. This file and
//! `malloc_tuning.rs` (one `mallopt` call) are the only places with `unsafe` in the crate.
//! On non-Unix targets there is no handler: Ctrl-C keeps its default meaning.

use std::sync::atomic::AtomicBool;
use std::sync::Arc;

/// Restores SIGINT's previous disposition when dropped.
pub struct Armed {
    #[cfg(unix)]
    previous: libc::sighandler_t,
}

#[cfg(unix)]
mod unix {
    use super::Armed;
    use std::sync::atomic::{AtomicBool, AtomicPtr, Ordering};
    use std::sync::Arc;

    /// The flag the handler sets; null until [`set_target`].
    static TARGET: AtomicPtr<AtomicBool> = AtomicPtr::new(std::ptr::null_mut());

    pub fn set_target(flag: Arc<AtomicBool>) {
        // Leaked on purpose: the handler may read the pointer at any time for the rest of the
        // process, so the flag must never be freed (a replaced target is leaked too).
        let raw = Arc::into_raw(flag).cast_mut();
        TARGET.store(raw, Ordering::SeqCst);
    }

    extern "C" fn on_sigint(_signal: libc::c_int) {
        let flag = TARGET.load(Ordering::SeqCst);
        if !flag.is_null() {
            // SAFETY: a non-null TARGET comes from `Arc::into_raw` of an Arc that is never
            // released (see `set_target`), so it points to a live AtomicBool.
            unsafe { (*flag).store(true, Ordering::SeqCst) };
        }
        // SAFETY: `signal` is async-signal-safe; SIG_DFL is a valid disposition. A second
        // SIGINT before the code polls the flag then terminates the process, as in lua.c.
        unsafe { libc::signal(libc::SIGINT, libc::SIG_DFL) };
    }

    pub fn restore_default_sigpipe() {
        // SAFETY: SIG_DFL is a valid disposition for SIGPIPE; called once at start-up.
        unsafe { libc::signal(libc::SIGPIPE, libc::SIG_DFL) };
    }

    pub fn arm() -> Armed {
        let handler = on_sigint as extern "C" fn(libc::c_int) as libc::sighandler_t;
        // SAFETY: `on_sigint` is an `extern "C" fn(c_int)` doing only async-signal-safe work.
        let previous = unsafe { libc::signal(libc::SIGINT, handler) };
        Armed { previous }
    }

    impl Drop for Armed {
        fn drop(&mut self) {
            let previous = if self.previous == libc::SIG_ERR {
                libc::SIG_DFL
            } else {
                self.previous
            };
            // SAFETY: `previous` is a disposition `signal` returned (or SIG_DFL), hence valid.
            unsafe { libc::signal(libc::SIGINT, previous) };
        }
    }
}

/// Gives SIGPIPE its default action (end the process) back.
pub fn restore_default_sigpipe() {
    #[cfg(unix)]
    unix::restore_default_sigpipe();
}

/// Makes SIGINT set `flag` (call once, with the state's interrupt flag).
pub fn set_target(flag: Arc<AtomicBool>) {
    #[cfg(unix)]
    unix::set_target(flag);
    #[cfg(not(unix))]
    drop(flag);
}

/// Installs the SIGINT handler until the returned guard is dropped.
pub fn arm() -> Armed {
    #[cfg(unix)]
    return unix::arm();
    #[cfg(not(unix))]
    Armed {}
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::sync::atomic::Ordering;

    #[test]
    fn sigint_sets_the_flag_while_armed_and_the_disposition_comes_back() {
        // SAFETY: reading SIGINT's disposition by setting and immediately restoring it.
        let before = unsafe { libc::signal(libc::SIGINT, libc::SIG_DFL) };
        // SAFETY: restoring the disposition just read.
        unsafe { libc::signal(libc::SIGINT, before) };
        let flag = Arc::new(AtomicBool::new(false));
        set_target(flag.clone());
        {
            let _armed = arm();
            // SAFETY: `raise` runs the installed handler on this thread before returning.
            unsafe { libc::raise(libc::SIGINT) };
            assert!(flag.load(Ordering::SeqCst));
        }
        // SAFETY: as above; `before` is a valid disposition.
        let after = unsafe { libc::signal(libc::SIGINT, before) };
        assert_eq!(after, before);
    }
}
