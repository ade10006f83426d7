//! process: run one external command and measure it — wall time, peak RSS, exit status,
//! captured output — with a time limit.
//!
//! How it measures: the clock starts just before `spawn` and stops when the kernel reports
//! the child's exit (`waitid` with `WNOWAIT`, which does not reap it), so start-up costs of
//! the engine are included, as a user sees them. The child is then reaped with `wait4`,
//! whose `rusage.ru_maxrss` is the child's peak resident set size in KiB (Linux).
//!
//! The time limit is a watchdog thread that sends SIGKILL to the child's process group (the
//! child leads a group of its own) if it has not exited in time. Invariant that makes this safe against pid reuse: the watchdog only kills while the
//! `exited` flag is false, and that flag is set (under the same mutex) *before* the child is
//! reaped — an unreaped child keeps its pid, so the pid always names our child when killed.
//!
//! Output is read on two threads while the child runs, so a chatty child can never block on
//! a full pipe. This is one of the two places in the crate with `unsafe` (libc calls only).

use std::io::Read;
use std::os::unix::process::CommandExt;
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::{Arc, Condvar, Mutex};
use std::thread;
use std::time::{Duration, Instant};

/// How the child ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    /// Normal exit with this code.
    Code(i32),
    /// Killed by this signal (not by our watchdog).
    Signal(i32),
    /// Killed by the watchdog after the time limit.
    TimedOut,
}

/// A finished run.
#[derive(Debug, Clone)]
pub struct Finished {
    /// How it ended.
    pub exit: Exit,
    /// Wall time from spawn to exit.
    pub wall: Duration,
    /// Peak resident set size in KiB, as reported by `wait4`.
    pub peak_rss_kib: u64,
    /// Standard output (lossy UTF-8).
    pub stdout: String,
    /// Standard error (lossy UTF-8).
    pub stderr: String,
}

/// Shared between the waiting thread and the watchdog; see the module invariant.
struct Watch {
    exited: bool,
    killed: bool,
}

/// Runs `program args...` in `cwd` with stdin closed, waiting at most `limit`.
/// Errors only when the command cannot be started (e.g. not found) or waiting fails.
pub fn run_measured(
    program: &Path,
    args: &[String],
    cwd: &Path,
    limit: Duration,
) -> std::io::Result<Finished> {
    let started = Instant::now();
    let mut child = Command::new(program)
        .args(args)
        .current_dir(cwd)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .process_group(0)
        .spawn()?;
    let pid = child.id() as libc::pid_t;
    let stdout_reader = spawn_reader(child.stdout.take());
    let stderr_reader = spawn_reader(child.stderr.take());

    let watch = Arc::new((
        Mutex::new(Watch {
            exited: false,
            killed: false,
        }),
        Condvar::new(),
    ));
    let watchdog = {
        let watch = Arc::clone(&watch);
        thread::spawn(move || {
            let (lock, condvar) = &*watch;
            let Ok(guard) = lock.lock() else { return };
            let Ok((mut state, _)) = condvar.wait_timeout_while(guard, limit, |s| !s.exited) else {
                return;
            };
            if !state.exited {
                // SAFETY: `exited` is false, so the child has not been reaped (it is reaped
                // only after `exited` is set under this mutex, which we hold): `pid` still
                // names our child, the leader of its own process group (`process_group(0)`),
                // so neither the pid nor the group id can have been reused. Killing the
                // group also ends helpers the engine started, which would hold our pipes.
                unsafe { libc::kill(-pid, libc::SIGKILL) };
                state.killed = true;
            }
        })
    };

    let wait_result = wait_for_exit(pid);
    let wall = started.elapsed();
    {
        let (lock, condvar) = &*watch;
        if let Ok(mut state) = lock.lock() {
            state.exited = true;
        }
        condvar.notify_all();
    }
    let _ = watchdog.join();
    let reaped = reap(pid);
    // `child` was reaped by hand above; dropping a `Child` neither waits nor kills.
    drop(child);
    wait_result?;
    let (status, peak_rss_kib) = reaped?;

    let killed = watch.0.lock().map(|s| s.killed).unwrap_or(false);
    let exit = if killed {
        Exit::TimedOut
    } else if libc::WIFEXITED(status) {
        Exit::Code(libc::WEXITSTATUS(status))
    } else if libc::WIFSIGNALED(status) {
        Exit::Signal(libc::WTERMSIG(status))
    } else {
        Exit::Code(-1)
    };
    Ok(Finished {
        exit,
        wall,
        peak_rss_kib,
        stdout: join_reader(stdout_reader),
        stderr: join_reader(stderr_reader),
    })
}

/// Blocks until the child has exited, without reaping it.
fn wait_for_exit(pid: libc::pid_t) -> std::io::Result<()> {
    loop {
        // SAFETY: an all-zero `siginfo_t` is a valid value of this plain C struct, and
        // `waitid` only writes into the struct we pass; `pid` is our unreaped child.
        let result = unsafe {
            let mut info: libc::siginfo_t = std::mem::zeroed();
            libc::waitid(
                libc::P_PID,
                pid as libc::id_t,
                &mut info,
                libc::WEXITED | libc::WNOWAIT,
            )
        };
        if result == 0 {
            return Ok(());
        }
        let error = std::io::Error::last_os_error();
        if error.kind() != std::io::ErrorKind::Interrupted {
            return Err(error);
        }
    }
}

/// Reaps the exited child, returning its wait status and peak RSS in KiB.
fn reap(pid: libc::pid_t) -> std::io::Result<(i32, u64)> {
    loop {
        let mut status: libc::c_int = 0;
        // SAFETY: an all-zero `rusage` is a valid value of this plain C struct; `wait4` writes
        // only into `status` and `usage`, both live locals; `pid` is our exited child.
        let (result, usage) = unsafe {
            let mut usage: libc::rusage = std::mem::zeroed();
            let result = libc::wait4(pid, &mut status, 0, &mut usage);
            (result, usage)
        };
        if result == pid {
            return Ok((status, u64::try_from(usage.ru_maxrss).unwrap_or(0)));
        }
        let error = std::io::Error::last_os_error();
        if error.kind() != std::io::ErrorKind::Interrupted {
            return Err(error);
        }
    }
}

type Reader = Option<thread::JoinHandle<Vec<u8>>>;

fn spawn_reader<R: Read + Send + 'static>(source: Option<R>) -> Reader {
    source.map(|mut source| {
        thread::spawn(move || {
            let mut bytes = Vec::new();
            let _ = source.read_to_end(&mut bytes);
            bytes
        })
    })
}

fn join_reader(reader: Reader) -> String {
    let bytes = reader.and_then(|r| r.join().ok()).unwrap_or_default();
    String::from_utf8_lossy(&bytes).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sh(script: &str, limit: Duration) -> Finished {
        let args = vec!["-c".to_string(), script.to_string()];
        run_measured(Path::new("/bin/sh"), &args, Path::new("/"), limit).unwrap()
    }

    #[test]
    fn captures_output_and_exit_code() {
        let done = sh("echo out; echo err >&2; exit 3", Duration::from_secs(10));
        assert_eq!(done.exit, Exit::Code(3));
        assert_eq!(done.stdout, "out\n");
        assert_eq!(done.stderr, "err\n");
        assert!(done.peak_rss_kib > 0);
    }

    #[test]
    fn reports_signals() {
        let done = sh("kill -SEGV $$", Duration::from_secs(10));
        assert_eq!(done.exit, Exit::Signal(libc::SIGSEGV));
    }

    #[test]
    fn enforces_the_time_limit() {
        let done = sh("sleep 5", Duration::from_millis(200));
        assert_eq!(done.exit, Exit::TimedOut);
        assert!(done.wall < Duration::from_secs(4));
    }

    #[test]
    fn missing_command_is_an_error() {
        let missing = run_measured(
            Path::new("/nonexistent/engine"),
            &[],
            Path::new("/"),
            Duration::from_secs(1),
        );
        assert!(missing.is_err());
    }
}
