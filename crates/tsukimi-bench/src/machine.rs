//! machine: a description of the machine and the engines a run used, for the report and the
//! JSON output (numbers are meaningless without it).
//!
//! Everything is best effort: a missing file or command leaves "unknown" instead of failing.

use crate::engines::{Engine, Family};
use crate::process::run_measured;
use serde::Serialize;
use std::path::Path;
use std::time::Duration;

/// The machine a run happened on.
#[derive(Debug, Clone, Serialize)]
pub struct Machine {
    /// CPU model (`lscpu`'s "Model name" / `/proc/cpuinfo`'s "model name").
    pub cpu: String,
    /// Logical CPUs available to this process.
    pub cpus: usize,
    /// Total memory in GiB.
    pub memory_gib: f64,
    /// Operating system (`/etc/os-release` PRETTY_NAME).
    pub os: String,
    /// Kernel release.
    pub kernel: String,
    /// `/proc/loadavg` (1, 5, 15 minutes) when the description was taken: other work on the
    /// machine distorts timings, so the page says how busy it was.
    pub load_average: String,
    /// Version line of each engine, by engine name.
    pub engine_versions: Vec<(String, String)>,
}

/// Collects the machine description.
pub fn describe(engines: &[Engine]) -> Machine {
    let cpuinfo = std::fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
    let meminfo = std::fs::read_to_string("/proc/meminfo").unwrap_or_default();
    let os_release = std::fs::read_to_string("/etc/os-release").unwrap_or_default();
    Machine {
        cpu: field(&cpuinfo, "model name").unwrap_or_else(|| "unknown".to_string()),
        cpus: std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(1),
        memory_gib: field(&meminfo, "MemTotal")
            .and_then(|v| v.split_whitespace().next()?.parse::<f64>().ok())
            .map(|kib| (kib / 1024.0 / 1024.0 * 10.0).round() / 10.0)
            .unwrap_or(0.0),
        os: os_release
            .lines()
            .find_map(|l| l.strip_prefix("PRETTY_NAME="))
            .map(|v| v.trim_matches('"').to_string())
            .unwrap_or_else(|| "unknown".to_string()),
        kernel: std::fs::read_to_string("/proc/sys/kernel/osrelease")
            .map(|s| s.trim().to_string())
            .unwrap_or_else(|_| "unknown".to_string()),
        load_average: std::fs::read_to_string("/proc/loadavg")
            .map(|s| s.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
            .unwrap_or_else(|_| "unknown".to_string()),
        engine_versions: engines
            .iter()
            .map(|e| (e.name.clone(), version(e)))
            .collect(),
    }
}

/// The value of `key: value` in a /proc style file.
fn field(text: &str, key: &str) -> Option<String> {
    text.lines().find_map(|line| {
        let (name, value) = line.split_once(':')?;
        (name.trim() == key).then(|| value.trim().to_string())
    })
}

/// The first line an engine prints for `-v` (gcc: `--version`).
fn version(engine: &Engine) -> String {
    let (command, args) = match engine.family {
        Family::NativeC => (
            Path::new("gcc").to_path_buf(),
            vec!["--version".to_string()],
        ),
        _ => (engine.command.clone(), vec!["-v".to_string()]),
    };
    let command = crate::engines::find_in_path(&command.to_string_lossy()).unwrap_or(command);
    match run_measured(&command, &args, Path::new("/"), Duration::from_secs(10)) {
        Ok(done) => {
            let line = crate::outcome::first_line(&format!("{}\n{}", done.stdout, done.stderr));
            if done.exit != crate::process::Exit::Code(0) {
                format!("unknown (-v failed: {line})")
            } else if line.is_empty() {
                "unknown".to_string()
            } else {
                line
            }
        }
        Err(_) => "unavailable".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_proc_style_fields() {
        let text = "processor\t: 0\nmodel name\t: AMD EPYC\nMemTotal:  1024 kB\n";
        assert_eq!(field(text, "model name").as_deref(), Some("AMD EPYC"));
        assert_eq!(field(text, "MemTotal").as_deref(), Some("1024 kB"));
        assert_eq!(field(text, "missing"), None);
    }
}
