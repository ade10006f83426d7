//! An embedder that installs `tsukimi::ReservingAllocator` gets "not enough memory" errors,
//! not an abort, when the system refuses memory, and its states keep working afterwards.
//!
//! The test lowers the process's address-space limit (`RLIMIT_AS`), so it has a test binary
//! of its own, with this one test: nothing else may run while memory is short.

#![cfg(target_os = "linux")]

use tsukimi::{ErrorKind, Lua, LuaValue, ReservingAllocator};

#[global_allocator]
static ALLOCATOR: ReservingAllocator = ReservingAllocator;

/// The process's address space in bytes (`/proc/self/statm`, first field, in pages).
fn address_space() -> u64 {
    let statm = std::fs::read_to_string("/proc/self/statm").unwrap();
    let pages: u64 = statm.split_whitespace().next().unwrap().parse().unwrap();
    pages * 4096
}

fn set_address_space_limit(bytes: libc::rlim_t) {
    let limit = libc::rlimit {
        rlim_cur: bytes,
        rlim_max: libc::RLIM_INFINITY,
    };
    // SAFETY: `setrlimit` reads the struct it is given; lowering the soft limit and raising
    // it back up to an unlimited hard limit is allowed for any process.
    let status = unsafe { libc::setrlimit(libc::RLIMIT_AS, &limit) };
    assert_eq!(status, 0, "setrlimit");
}

#[test]
fn states_survive_the_system_running_out_of_memory() {
    assert!(ReservingAllocator::arm());
    let mut lua = Lua::new();
    let mut other = Lua::new();
    set_address_space_limit(address_space() + (96 << 20));
    let filled = lua.exec(
        b"local t = {} for i = 1, 1e9 do t[i] = {i, tostring(i)} end",
        "=fill",
    );
    let caught = other.exec(
        b"local ok, e = pcall(function() local s = {} for i = 1, 1e9 do s[i] = ('x'):rep(64) .. i end end)\n\
          return ok, e, #table.concat({'a', 'b'})",
        "=catch",
    );
    let after = lua.exec(b"return #tostring(12345)", "=after");
    set_address_space_limit(libc::RLIM_INFINITY);
    let err = filled.unwrap_err();
    assert_eq!(
        (err.kind, err.message.as_str()),
        (ErrorKind::Memory, "not enough memory")
    );
    assert_eq!(
        caught.unwrap(),
        [
            LuaValue::Boolean(false),
            LuaValue::String(b"not enough memory".to_vec()),
            LuaValue::Integer(2)
        ]
    );
    assert_eq!(after.unwrap(), [LuaValue::Integer(5)]);
}
