//! Running one script under one mode, with a timeout.
//!
//! The engine is started with the script's directory as its working directory and the bare
//! file name as the script argument, so chunk names in messages read `name.lua:3:` exactly
//! as when the expectations were generated. stdout and stderr are drained on their own
//! threads (a child blocked on a full pipe must not look like a hang). A run that exceeds
//! [`SCRIPT_TIMEOUT`] is killed and reported as a timeout, so a looping runtime cannot hang
//! the test suite.

use std::io::Read;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant};

use crate::corpus::Script;
use crate::Mode;

/// Longest wall-clock time one script run may take. Generous: it exists to stop hangs, and
/// debug builds in GC stress mode on a busy shared machine are slow.
pub const SCRIPT_TIMEOUT: Duration = Duration::from_secs(60);

/// How a run ended.
pub enum Outcome {
    /// The engine exited; `status` is `None` when it was killed by a signal.
    Finished {
        stdout: Vec<u8>,
        stderr: Vec<u8>,
        status: Option<i32>,
    },
    /// The engine was still running after [`SCRIPT_TIMEOUT`] and was killed.
    TimedOut { stdout: Vec<u8> },
    /// The engine could not be started or waited for.
    Broken(String),
}

/// Runs `script` with `engine` in `mode`.
pub fn run(engine: &Path, mode: &Mode, script: &Script) -> Outcome {
    let mut command = Command::new(engine);
    command
        .args(mode.args)
        .arg(&script.file_name)
        .args(&script.directives.args)
        .current_dir(&script.directory)
        .envs(mode.env.iter().copied())
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = match command.spawn() {
        Ok(child) => child,
        Err(e) => return Outcome::Broken(format!("cannot start {}: {e}", engine.display())),
    };
    let stdout_reader = drain(child.stdout.take());
    let stderr_reader = drain(child.stderr.take());
    let waited = wait_with_deadline(&mut child, Instant::now() + SCRIPT_TIMEOUT);
    let stdout = join(stdout_reader);
    let stderr = join(stderr_reader);
    match waited {
        Ok(Some(status)) => Outcome::Finished {
            stdout,
            stderr,
            status: status.code(),
        },
        Ok(None) => Outcome::TimedOut { stdout },
        Err(message) => Outcome::Broken(message),
    }
}

/// Waits for the child; on deadline kills it and returns `Ok(None)`.
fn wait_with_deadline(
    child: &mut Child,
    deadline: Instant,
) -> Result<Option<std::process::ExitStatus>, String> {
    loop {
        match child.try_wait() {
            Ok(Some(status)) => return Ok(Some(status)),
            Ok(None) if Instant::now() >= deadline => {
                // The child may exit between the check and the kill; either way reap it.
                let _ = child.kill();
                let _ = child.wait();
                return Ok(None);
            }
            Ok(None) => thread::sleep(Duration::from_millis(5)),
            Err(e) => return Err(format!("cannot wait for the engine: {e}")),
        }
    }
}

fn drain<R: Read + Send + 'static>(pipe: Option<R>) -> Option<JoinHandle<Vec<u8>>> {
    pipe.map(|mut pipe| {
        thread::spawn(move || {
            let mut bytes = Vec::new();
            // A read error leaves what was read so far; the comparison will show it.
            let _ = pipe.read_to_end(&mut bytes);
            bytes
        })
    })
}

fn join(reader: Option<JoinHandle<Vec<u8>>>) -> Vec<u8> {
    reader
        .and_then(|handle| handle.join().ok())
        .unwrap_or_default()
}
