//! process: run one external command and measure it — wall time, peak RSS, exit status,
//! captured output — with a time limit.
//!
//! How it measures: the clock starts just before `spawn` and stops when the kernel reports
//! the child's exit (`waitid` with `WNOWAIT`, which does not reap it), so start-up costs of
//! the engine are included, as a user sees them. The child is then reaped with `wait4`.
//!
//! Peak RSS needs care. `wait4`'s `ru_maxrss` is the largest resident set the child had over
//! its whole life, *including before `exec`*: std spawns with `posix_spawn`, a vfork that
//! shares this process's memory until `exec`, so `ru_maxrss` is never below the runner's
//! own high-water mark (about 3 MiB), and a small engine would look as big as the runner.
//! So the watchdog thread also samples `VmHWM` in `/proc/<pid>/status` (the high-water mark
//! of the exec'd image alone) while the child runs, sampling often at first (1 ms) and less
//! often later (up to 20 ms). The reported peak is `ru_maxrss` when it exceeds the runner's
//! own `VmHWM` (then it cannot be the inherited floor, and it is exact), else the largest
//! sample (a lower bound that misses only growth in the last few milliseconds), else — a
//! child too short-lived to sample — `ru_maxrss` as an upper bound.
//!
//! The time limit is enforced by the same watchdog thread: it sends SIGKILL to the child's
//! process group (the child leads a group of its own) if it has not exited in time.
//! Invariant that makes signalling and reading `/proc/<pid>` safe against pid reuse: the
//! watchdog only touches the pid while the `exited` flag is false, and that flag is set
//! (under the same mutex) *before* the child is reaped — an unreaped child keeps its pid.
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
    /// Largest `VmHWM` sampled from `/proc/<pid>/status`, in KiB (0: no sample).
    sampled_hwm_kib: u64,
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
            sampled_hwm_kib: 0,
        }),
        Condvar::new(),
    ));
    let watchdog = {
        let watch = Arc::clone(&watch);
        thread::spawn(move || watchdog(pid, limit, &watch))
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
    let (status, max_rss_kib) = reaped?;

    let (killed, sampled) = watch
        .0
        .lock()
        .map(|s| (s.killed, s.sampled_hwm_kib))
        .unwrap_or((false, 0));
    let peak_rss_kib = best_peak_rss(max_rss_kib, own_hwm_kib(), sampled);
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

/// The watchdog: samples the child's `VmHWM` and kills it at the time limit, until the
/// waiting thread sets `exited` (see the module invariant).
fn watchdog(pid: libc::pid_t, limit: Duration, watch: &(Mutex<Watch>, Condvar)) {
    let (lock, condvar) = watch;
    let started = Instant::now();
    let mut interval = Duration::from_millis(1);
    let Ok(mut state) = lock.lock() else { return };
    loop {
        if state.exited {
            return;
        }
        // Reading /proc/<pid> under the lock: `exited` is false, so `pid` is our child.
        if let Some(hwm) = read_hwm_kib(&format!("/proc/{pid}/status")) {
            state.sampled_hwm_kib = state.sampled_hwm_kib.max(hwm);
        }
        let elapsed = started.elapsed();
        if elapsed >= limit {
            // SAFETY: `exited` is false and we hold the lock, so the child has not been
            // reaped (it is reaped only after `exited` is set under this mutex): `pid` still
            // names our child, the leader of its own process group (`process_group(0)`), so
            // neither the pid nor the group id can have been reused. Killing the group also
            // ends helpers the engine started, which would hold our pipes.
            unsafe { libc::kill(-pid, libc::SIGKILL) };
            state.killed = true;
            return;
        }
        let wait = interval.min(limit - elapsed);
        state = match condvar.wait_timeout(state, wait) {
            Ok((state, _)) => state,
            Err(_) => return,
        };
        interval = (interval * 2).min(Duration::from_millis(20));
    }
}

/// `VmHWM` (peak RSS of the current image) in KiB from a `/proc/.../status` file.
fn read_hwm_kib(path: &str) -> Option<u64> {
    let text = std::fs::read_to_string(path).ok()?;
    parse_hwm_kib(&text)
}

fn parse_hwm_kib(status: &str) -> Option<u64> {
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// This runner's own `VmHWM`: the floor that `ru_maxrss` inherits through vfork.
fn own_hwm_kib() -> u64 {
    read_hwm_kib("/proc/self/status").unwrap_or(0)
}

/// Chooses the peak RSS to report (see the module docs).
fn best_peak_rss(max_rss_kib: u64, own_hwm_kib: u64, sampled_kib: u64) -> u64 {
    if max_rss_kib > own_hwm_kib || sampled_kib == 0 {
        max_rss_kib
    } else {
        sampled_kib
    }
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
    fn peak_rss_avoids_the_inherited_floor() {
        assert_eq!(best_peak_rss(50_000, 3_000, 48_000), 50_000);
        assert_eq!(best_peak_rss(3_000, 3_000, 1_500), 1_500);
        assert_eq!(best_peak_rss(3_000, 3_000, 0), 3_000);
        let status = "Name:\tlua5.4\nVmPeak:\t  9000 kB\nVmHWM:\t    1520 kB\nVmRSS:\t 1500 kB\n";
        assert_eq!(parse_hwm_kib(status), Some(1520));
        assert_eq!(parse_hwm_kib("Name: x\n"), None);
        assert!(own_hwm_kib() > 0);
    }

    #[test]
    fn big_children_report_their_own_peak() {
        // The shell holds a 32 MB string: far above the runner's own floor of a few MiB.
        let script = "x=$(head -c 32000000 /dev/zero | tr '\\0' a); echo ${#x}";
        let done = sh(script, Duration::from_secs(20));
        assert_eq!(done.exit, Exit::Code(0));
        assert_eq!(done.stdout.trim(), "32000000");
        assert!(done.peak_rss_kib > 30_000, "{}", done.peak_rss_kib);
    }

    #[test]
    fn small_children_are_not_charged_the_runner_s_memory() {
        let done = sh("sleep 0.2", Duration::from_secs(20));
        assert!(done.peak_rss_kib > 0);
        assert!(done.peak_rss_kib <= own_hwm_kib(), "{}", done.peak_rss_kib);
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
