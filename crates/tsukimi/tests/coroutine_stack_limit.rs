//! Suspended coroutines up to the process's memory-mapping limit (`vm/native_stack.rs`).
//!
//! Each suspended coroutine holds a native stack, two of the 65,530 mappings Linux gives a
//! process by default. Past that limit tsukimi used to abort inside `malloc`; now the resume
//! that would need one stack too many fails with "not enough memory", and the program goes
//! on. This test fills the limit, so it has a test binary of its own: other tests' coroutines
//! would fail while it holds every stack.

use tsukimi::{Lua, LuaValue};

#[test]
fn resumes_past_the_mapping_limit_fail_cleanly() {
    let max_map_count: usize = std::fs::read_to_string("/proc/sys/vm/max_map_count")
        .ok()
        .and_then(|s| s.trim().parse().ok())
        .unwrap_or(65530);
    if max_map_count > 65530 {
        // A raised limit means hundreds of thousands of stacks (and GiBs) to reach it.
        eprintln!("skipped: vm.max_map_count is {max_map_count}, above Linux's default");
        return;
    }
    let mut lua = Lua::new();
    let results = lua
        .exec(
            b"local held, err = {}, nil\n\
              while true do\n\
                local co = coroutine.create(function() coroutine.yield() end)\n\
                local ok, e = coroutine.resume(co)\n\
                if not ok then err = e break end\n\
                held[#held + 1] = co\n\
              end\n\
              local n = #held\n\
              local wrapped = pcall(coroutine.wrap(function() end))\n\
              held = nil\n\
              collectgarbage() collectgarbage()\n\
              local co = coroutine.wrap(function() coroutine.yield(1) return 2 end)\n\
              return n, err, wrapped, co(), co()",
            "=limit",
        )
        .unwrap();
    let LuaValue::Integer(held) = results[0] else {
        panic!("unexpected results {results:?}");
    };
    // The cap is half the mapping limit less 4096 mappings for everything else; the main
    // thread's own mappings do not count against it.
    assert_eq!(held as usize, (max_map_count - 4096) / 2, "{results:?}");
    assert_eq!(results[1], LuaValue::String(b"not enough memory".to_vec()));
    assert_eq!(results[2], LuaValue::Boolean(false));
    assert_eq!(results[3..], [LuaValue::Integer(1), LuaValue::Integer(2)]);
}
