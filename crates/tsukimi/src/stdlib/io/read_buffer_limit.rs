//! Whether `read(n)` could have its buffer: liolib's `read_chars` asks `luaL_prepbuffsize`
//! for `n` bytes *before* reading anything, so in lua5.4 `f:read(math.maxinteger)` fails with
//! "not enough memory" (even at end of file) while `f:read(1e6)` on a ten-byte file reads
//! the ten bytes: the buffer is allocated but only the bytes read are ever touched.
//!
//! tsukimi reads in bounded chunks and never reserves `n` bytes, so it decides up front,
//! without allocating, whether lua5.4's allocation of `n` bytes would have failed:
//!
//! - past the embedder's memory limit (the heap's accounting is charged `n` bytes and
//!   refunded at once, as the C buffer box is allocated and then freed);
//! - larger than `isize::MAX` (no allocator can return it);
//! - larger than the process's address-space limit (`RLIMIT_AS`, `ulimit -v`);
//! - larger than what Linux's default overcommit policy grants one allocation: in mode 0
//!   ("heuristic", `/proc/sys/vm/overcommit_memory`) the kernel refuses a mapping of more
//!   pages than RAM plus swap, which is where glibc's `malloc` (and so lua5.4) says no. In
//!   mode 2 ("never") the bound is what is left of the commit limit (`CommitLimit` minus
//!   `Committed_AS` in `/proc/meminfo`); in mode 1 ("always") only the other bounds apply.
//!
//! The check reads system information only for counts above [`ALWAYS_GRANTED`], so ordinary
//! reads cost nothing. Memory stays bounded whatever the answer: the read itself is chunked.

use crate::vm::Vm;

/// Counts up to this size are granted without asking the system (the heap limit still
/// applies): 64 MiB is well within any machine lua5.4 runs on.
const ALWAYS_GRANTED: usize = 64 << 20;

/// Whether a buffer of `n` bytes could be allocated (see the module essay).
pub(super) fn buffer_allocatable(vm: &mut Vm, n: usize) -> bool {
    let Ok(charge) = isize::try_from(n) else {
        return false;
    };
    if vm.heap.charge(charge).is_err() {
        return false;
    }
    vm.heap.adjust(-charge);
    n <= ALWAYS_GRANTED || n <= system_allocation_bound()
}

/// The largest single allocation the operating system would grant now.
fn system_allocation_bound() -> usize {
    let mut bound = address_space_limit();
    if let Some(policy) = overcommit_bound() {
        bound = bound.min(policy);
    }
    bound
}

/// `RLIMIT_AS` (unlimited: `isize::MAX`).
fn address_space_limit() -> usize {
    let mut limit = libc::rlimit {
        rlim_cur: 0,
        rlim_max: 0,
    };
    // SAFETY: getrlimit writes one `rlimit` through a pointer to a live local.
    let status = unsafe { libc::getrlimit(libc::RLIMIT_AS, &mut limit) };
    if status != 0 || limit.rlim_cur == libc::RLIM_INFINITY {
        return isize::MAX as usize;
    }
    usize::try_from(limit.rlim_cur).unwrap_or(usize::MAX)
}

/// The bound Linux's overcommit policy puts on one allocation (`None`: no such bound, or not
/// Linux).
fn overcommit_bound() -> Option<usize> {
    let mode = std::fs::read_to_string("/proc/sys/vm/overcommit_memory").ok()?;
    let meminfo = std::fs::read_to_string("/proc/meminfo").ok()?;
    let field = |name: &str| -> Option<usize> { meminfo_kib(&meminfo, name)?.checked_mul(1024) };
    match mode.trim() {
        "0" => field("MemTotal")?.checked_add(field("SwapTotal").unwrap_or(0)),
        "2" => Some(field("CommitLimit")?.saturating_sub(field("Committed_AS")?)),
        _ => None,
    }
}

/// One `Name:   1234 kB` line of `/proc/meminfo`, in KiB.
fn meminfo_kib(meminfo: &str, name: &str) -> Option<usize> {
    meminfo.lines().find_map(|line| {
        let rest = line.strip_prefix(name)?.strip_prefix(':')?;
        rest.split_whitespace().next()?.parse().ok()
    })
}

#[cfg(test)]
mod tests {
    use super::meminfo_kib;
    use crate::api::Lua;

    #[test]
    fn meminfo_fields_are_read_in_kib() {
        let text = "MemTotal:       24684084 kB\nSwapTotal:             0 kB\nMemFree: 1 kB\n";
        assert_eq!(meminfo_kib(text, "MemTotal"), Some(24684084));
        assert_eq!(meminfo_kib(text, "SwapTotal"), Some(0));
        assert_eq!(meminfo_kib(text, "Swap"), None);
        assert_eq!(meminfo_kib(text, "CommitLimit"), None);
    }

    #[test]
    fn the_memory_limit_refuses_the_buffer_and_keeps_nothing_charged() {
        let mut lua = Lua::new();
        lua.set_memory_limit(Some(32 << 20));
        let script = r#"
            local f = io.tmpfile()
            f:write("abc") f:seek("set", 0)
            local ok, err = pcall(f.read, f, 64 * 1024 * 1024)
            assert(not ok and err == "not enough memory", err)
            for _ = 1, 100 do assert(f:read(1024 * 1024) == "abc") f:seek("set", 0) end
            return f:read(4 * 1024 * 1024)
        "#;
        let values = lua
            .exec(script.as_bytes(), "=test")
            .expect("the script runs");
        let text = lua.to_display(&values[0]).expect("a string result");
        assert_eq!(text, b"abc");
    }
}
