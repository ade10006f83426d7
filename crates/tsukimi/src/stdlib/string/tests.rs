//! Runtime-level tests of the string, table, math and utf8 bindings that the conformance
//! corpus cannot express: interruption inside a long-running library call, the memory limit,
//! and GC stress while library code calls back into Lua.

use crate::api::Lua;

fn run(lua: &mut Lua, source: &str) -> Result<String, String> {
    match lua.exec(source.as_bytes(), "=test") {
        Ok(values) => {
            let mut out = Vec::new();
            for v in &values {
                match lua.to_display(v) {
                    Ok(bytes) => out.push(String::from_utf8_lossy(&bytes).into_owned()),
                    Err(e) => return Err(e.message),
                }
            }
            Ok(out.join(" "))
        }
        Err(e) => Err(e.message),
    }
}

#[test]
fn exponential_pattern_is_interruptible() {
    let mut lua = Lua::new();
    let handle = lua.interrupt_handle();
    let stopper = std::thread::spawn(move || {
        std::thread::sleep(std::time::Duration::from_millis(100));
        handle.interrupt();
    });
    // 2^40 backtracking steps: only the matcher's own polling can stop it.
    let result = run(
        &mut lua,
        "return string.find(string.rep('a', 40), string.rep('a?', 40) .. string.rep('a', 40) .. 'b')",
    );
    stopper.join().unwrap();
    let message = result.unwrap_err();
    assert!(message.contains("interrupted!"), "{message}");
    // The flag was consumed: the state is usable again.
    assert_eq!(run(&mut lua, "return ('x'):rep(3)").unwrap(), "xxx");
}

#[test]
fn huge_results_hit_the_memory_limit_cleanly() {
    let mut lua = Lua::new();
    lua.set_memory_limit(Some(8 << 20));
    let message = run(&mut lua, "return #string.rep('x', 64 * 1024 * 1024)").unwrap_err();
    assert!(message.contains("not enough memory"), "{message}");
    let message = run(
        &mut lua,
        "return #table.concat({string.rep('y', 1 << 20)}, '', 1, 1) .. string.rep('z', 1 << 24)",
    )
    .unwrap_err();
    assert!(message.contains("not enough memory"), "{message}");
    lua.set_memory_limit(None);
    assert_eq!(
        run(&mut lua, "return #string.rep('x', 1000, ',')").unwrap(),
        "1999"
    );
}

#[test]
fn callbacks_survive_gc_stress() {
    let mut lua = Lua::new();
    lua.set_gc_stress(true);
    let source = r#"
        local words = {}
        for w in string.gmatch(string.rep("alpha beta gamma ", 20), "%a+") do
          words[#words + 1] = w .. #words
        end
        table.sort(words, function(a, b) local g = {a, b}; return g[1] > g[2] end)
        local replaced = string.gsub(table.concat(words, " "), "%a+", function(w)
          return string.format("<%s>", setmetatable({}, {__tostring = function() return w:upper() end}))
        end)
        local proxy = setmetatable({}, {__index = function(_, k) return k .. k end})
        return #words, words[1], replaced:sub(1, 12), (string.gsub("ab", "%a", proxy))
    "#;
    // The same script prints `60 gamma8 <GAMMA>8 <GA aabb` under lua5.4.
    assert_eq!(
        run(&mut lua, source).unwrap(),
        "60 gamma8 <GAMMA>8 <GA aabb"
    );
}

#[test]
fn random_matches_lua54_for_a_seed() {
    let mut lua = Lua::new();
    // Values printed by lua5.4 (5.4.4) for the same calls.
    let out = run(
        &mut lua,
        "math.randomseed(42); return math.random(1, 100), math.random(1, 100), math.random(0)",
    )
    .unwrap();
    let mut parts = out.split(' ');
    assert_eq!(parts.next(), Some("50"));
    assert_eq!(parts.next(), Some("76"));
}

#[test]
fn table_element_loops_are_interruptible() {
    // A lying `__len` makes insert/remove walk 2^40 indices and move is asked for 2^40
    // elements: only the loops' own polling can stop them (no Lua code runs inside).
    for source in [
        "table.move({}, 1, 1 << 40, 2)",
        "table.insert(setmetatable({}, {__len = function() return 1 << 40 end}), 1, 1)",
        "table.remove(setmetatable({}, {__len = function() return 1 << 40 end}), 1)",
    ] {
        let mut lua = Lua::new();
        let handle = lua.interrupt_handle();
        let stopper = std::thread::spawn(move || {
            std::thread::sleep(std::time::Duration::from_millis(100));
            handle.interrupt();
        });
        let message = run(&mut lua, source).unwrap_err();
        stopper.join().unwrap();
        assert!(message.contains("interrupted!"), "{source}: {message}");
    }
}
