//! Integration tests of the embedding API: Lua snippets run through `Lua`, output captured
//! in-process and compared with what lua5.4 prints.

use std::io::Write;
use std::sync::{Arc, Mutex};

use tsukimi::{ErrorKind, Lua, LuaValue};

#[derive(Clone, Default)]
struct Capture(Arc<Mutex<Vec<u8>>>);

impl Write for Capture {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

fn run(src: &str) -> (String, Result<Vec<LuaValue>, tsukimi::Error>) {
    let mut lua = Lua::new();
    let cap = Capture::default();
    lua.set_output(Box::new(cap.clone()));
    let r = lua.exec(src.as_bytes(), "=input");
    lua.flush_output();
    let out = String::from_utf8_lossy(&cap.0.lock().unwrap()).into_owned();
    (out, r)
}

fn output(src: &str) -> String {
    let (out, r) = run(src);
    if let Err(e) = r {
        panic!("unexpected error: {e}");
    }
    out
}

fn error_message(src: &str) -> String {
    match run(src).1 {
        Ok(_) => panic!("expected an error"),
        Err(e) => e.message,
    }
}

#[test]
fn prints_values_like_lua() {
    assert_eq!(
        output("print(1, 2.5, 1e15, 2^63, -0.0, 1/0, -1/0, 100 // 7, 7 % -3, 'x' .. 1, nil, true)"),
        "1\t2.5\t1e+15\t9.2233720368548e+18\t-0.0\tinf\t-inf\t14\t-2\tx1\tnil\ttrue\n"
    );
    assert_eq!(output("print(0/0 ~= 0/0, undefined)"), "true\tnil\n");
}

#[test]
fn runtime_errors_name_their_culprits() {
    assert_eq!(
        error_message("local t = nil; return t.x"),
        "input:1: attempt to index a nil value (local 't')"
    );
    assert_eq!(
        error_message("return x.y"),
        "input:1: attempt to index a nil value (global 'x')"
    );
    assert_eq!(
        error_message("local a = {} ; return a.b.c"),
        "input:1: attempt to index a nil value (field 'b')"
    );
    assert_eq!(
        error_message("local w; local function f() return w.x end return f()"),
        "input:1: attempt to index a nil value (upvalue 'w')"
    );
    assert_eq!(
        error_message("local o = {} o:m()"),
        "input:1: attempt to call a nil value (method 'm')"
    );
    assert_eq!(
        error_message("return 1 < nil"),
        "input:1: attempt to compare number with nil"
    );
    assert_eq!(
        error_message("return {} < {}"),
        "input:1: attempt to compare two table values"
    );
    assert_eq!(
        error_message("local t = {} return t + 1"),
        "input:1: attempt to perform arithmetic on a table value (local 't')"
    );
    assert_eq!(
        error_message("return 'a' .. x"),
        "input:1: attempt to concatenate a nil value (global 'x')"
    );
    assert_eq!(
        error_message("return #5"),
        "input:1: attempt to get length of a number value"
    );
    assert_eq!(
        error_message("setmetatable(nil)"),
        "input:1: bad argument #1 to 'setmetatable' (table expected, got nil)"
    );
    assert_eq!(
        error_message("select()"),
        "input:1: bad argument #1 to 'select' (number expected, got no value)"
    );
    assert_eq!(
        error_message("local x = 1.5 return x & 1"),
        "input:1: number (local 'x') has no integer representation"
    );
    assert_eq!(
        error_message("local a, b = 1, 0 return a // b"),
        "input:1: attempt to divide by zero"
    );
    assert_eq!(
        error_message("local a, b = 1, 0 return a % b"),
        "input:1: attempt to perform 'n%0'"
    );
    assert_eq!(
        error_message("local t = {} t[nil] = 1"),
        "input:1: table index is nil"
    );
    assert_eq!(
        error_message("return 'abc' + 1"),
        "input:1: attempt to add a 'string' with a 'number'"
    );
}

#[test]
fn tracebacks_match_lua_c() {
    let (_, r) = run("local function f() error('boom') end\nf()");
    let e = r.unwrap_err();
    assert_eq!(e.message, "input:1: boom");
    assert_eq!(
        e.traceback.as_deref(),
        Some(
            "stack traceback:\n\t[C]: in function 'error'\n\tinput:1: in local 'f'\n\tinput:2: in main chunk\n\t[C]: in ?"
        )
    );
    let (_, r) = run("error(setmetatable({}, {__tostring = function() return 'custom' end}))");
    let e = r.unwrap_err();
    assert_eq!(e.message, "custom");
    assert!(e.traceback.is_none());
    let (_, r) = run("error({})");
    assert_eq!(r.unwrap_err().message, "(error object is a table value)");
}

#[test]
fn deep_recursion_is_caught() {
    assert_eq!(
        output("local function f() return 1 + f() end print(pcall(f))"),
        "false\tinput:1: stack overflow\n"
    );
    assert_eq!(
        output("local function t(n) if n == 0 then return 'done' end return t(n - 1) end print(t(1000000))"),
        "done\n"
    );
    assert_eq!(
        output("local t = setmetatable({}, {__index = function(t, k) return t[k] end}) print(pcall(function() return t.x end))"),
        "false\tinput:1: C stack overflow\n"
    );
}

#[test]
fn native_stack_stays_bounded_in_a_small_thread() {
    let h = std::thread::Builder::new()
        .stack_size(2 << 20)
        .spawn(|| {
            output(
                "local t = setmetatable({}, {__index = function(t, k) return t[k] end})\n\
                 print(pcall(function() return t.x end))\n\
                 local function p(n) if n == 0 then return 0 end return select(2, pcall(p, n - 1)) end\n\
                 print(pcall(p, 1000))\n\
                 local mt = {} mt.__add = function(a, b) return a + b end\n\
                 print(pcall(function() return setmetatable({}, mt) + 1 end))",
            )
        })
        .unwrap();
    let out = h.join().unwrap();
    assert_eq!(
        out,
        "false\tinput:1: C stack overflow\ntrue\tC stack overflow\nfalse\tinput:5: C stack overflow\n"
    );
}

#[test]
fn globals_tables_and_rust_functions() {
    let mut lua = Lua::new();
    let cap = Capture::default();
    lua.set_output(Box::new(cap.clone()));
    let t = lua.create_table().unwrap();
    lua.table_set(&t, LuaValue::Integer(-1), LuaValue::string("interp"))
        .unwrap();
    lua.table_set(&t, LuaValue::Integer(0), LuaValue::string("script"))
        .unwrap();
    lua.table_set(&t, LuaValue::string("name"), LuaValue::Integer(7))
        .unwrap();
    lua.set_global("arg", t.clone()).unwrap();
    lua.register("double", |vm, args| {
        let n = vm.check_integer(args, 1)?;
        vm.push(tsukimi::Value::Integer(n * 2))?;
        Ok(1)
    })
    .unwrap();
    let r = lua
        .exec(
            b"print(arg[-1], arg[0], arg.name, double(21)) return double(4), 'x'",
            "=t",
        )
        .unwrap();
    assert_eq!(r, vec![LuaValue::Integer(8), LuaValue::string("x")]);
    assert_eq!(lua.global("arg"), t);
    assert_eq!(
        lua.table_get(&t, LuaValue::Integer(0)).unwrap(),
        LuaValue::string("script")
    );
    let f = lua.global("double");
    assert_eq!(
        lua.call(&f, &[LuaValue::Integer(5)]).unwrap(),
        vec![LuaValue::Integer(10)]
    );
    let e = lua.call(&f, &[]).unwrap_err();
    assert_eq!(
        e.message,
        "bad argument #1 to 'double' (number expected, got no value)"
    );
    assert_eq!(lua.to_display(&LuaValue::Number(3.0)).unwrap(), b"3.0");
    lua.flush_output();
    assert_eq!(
        String::from_utf8_lossy(&cap.0.lock().unwrap()),
        "interp\tscript\t7\t42\n"
    );
}

#[test]
fn syntax_errors_carry_lua_messages() {
    let mut lua = Lua::new();
    let e = lua.load(b"x = = 1", "=input").unwrap_err();
    assert_eq!(e.kind, ErrorKind::Syntax);
    assert_eq!(e.message, "input:1: unexpected symbol near '='");
}

/// A chunk name is bytes, as a Lua string: it reaches messages unchanged.
#[test]
fn chunk_names_may_be_any_bytes() {
    let mut lua = Lua::new();
    let e = lua.load(b"x = = 1", b"=caf\xe9".as_slice()).unwrap_err();
    assert_eq!(e.message_bytes, b"caf\xe9:1: unexpected symbol near '='");
    let e = lua
        .exec(b"error('boom')", b"@f\xff.lua".as_slice())
        .unwrap_err();
    assert_eq!(e.message_bytes, b"f\xff.lua:1: boom");
}

#[test]
fn handles_keep_objects_alive_across_collections() {
    let mut lua = Lua::new();
    let f = lua
        .load(
            b"local t = {} for i = 1, 100 do t[i] = {i} end return t",
            "=x",
        )
        .unwrap();
    let t = lua.call(&f, &[]).unwrap().remove(0);
    for _ in 0..3 {
        lua.collect_garbage();
    }
    let inner = lua.table_get(&t, LuaValue::Integer(50)).unwrap();
    assert_eq!(
        lua.table_get(&inner, LuaValue::Integer(1)).unwrap(),
        LuaValue::Integer(50)
    );
    let before = lua.object_count();
    drop((t, inner));
    lua.collect_garbage();
    assert!(
        lua.object_count() + 100 <= before,
        "the dropped table's elements were freed"
    );
    // A handle from another state is rejected, not dereferenced.
    let mut other = Lua::new();
    let foreign = other.create_table().unwrap();
    let e = lua.table_get(&foreign, LuaValue::Integer(1)).unwrap_err();
    assert_eq!(e.kind, ErrorKind::WrongState);
}

#[test]
fn gc_stress_mode_runs_programs_correctly() {
    let mut lua = Lua::new();
    lua.set_gc_stress(true);
    let cap = Capture::default();
    lua.set_output(Box::new(cap.clone()));
    lua.exec(
        b"local t = {} for i = 1, 200 do t[i] = {tostring(i), function() return i end} end\n\
          local s = 0 for i = 1, 200 do s = s + t[i][2]() + #t[i][1] end\n\
          local str = '' for i = 1, 50 do str = str .. i end\n\
          print(s, #str, collectgarbage('count') > 0)",
        "=stress",
    )
    .unwrap();
    lua.flush_output();
    assert_eq!(
        String::from_utf8_lossy(&cap.0.lock().unwrap()),
        "20592\t91\ttrue\n"
    );
}

/// How far the heap grows past its live data while a loop makes garbage, in KiB, under
/// `collectgarbage("setpause", pause)`.
fn growth_under_pause(pause: u32) -> u64 {
    let src = format!(
        "collectgarbage('setpause', {pause})\n\
         local live = {{}} for i = 1, 60000 do live[i] = {{i}} end\n\
         collectgarbage() local base = collectgarbage('count') local peak = base\n\
         for i = 1, 300000 do\n\
           local garbage = {{i, i}}\n\
           local now = collectgarbage('count') if now > peak then peak = now end\n\
         end\n\
         print(math.floor(peak - base), #live)"
    );
    let out = output(&src);
    let (growth, live) = out.trim().split_once('\t').unwrap();
    assert_eq!(live, "60000");
    growth.parse().unwrap()
}

#[test]
fn the_pause_paces_the_collector() {
    // Survivors are several MiB, so the pause (not the 1 MiB floor) sets the threshold: at
    // 100% the next collection comes soon after the last one (64 KiB of growth at least),
    // at 400% only when the heap has grown to four times the survivors.
    let tight = growth_under_pause(100);
    let loose = growth_under_pause(400);
    assert!(tight < 1024, "pause 100 let the heap grow {tight} KiB");
    assert!(
        loose > 4 * 1024,
        "pause 400 let the heap grow only {loose} KiB"
    );
}

#[test]
fn memory_limit_gives_a_clean_error() {
    let mut lua = Lua::new();
    lua.set_memory_limit(Some(lua.memory_used() + (4 << 20)));
    let e = lua
        .exec(b"local t = {} for i = 1, 1e8 do t[i] = {} end", "=mem")
        .unwrap_err();
    assert_eq!(e.kind, ErrorKind::Memory);
    assert_eq!(e.message, "not enough memory");
    lua.set_memory_limit(None);
    assert!(lua.exec(b"return 1", "=ok").is_ok());
}

/// A memory error skips the message handler (`lua_pcall` does not call it for LUA_ERRMEM):
/// `xpcall` returns the bare message and the handler never runs.
#[test]
fn memory_errors_skip_the_message_handler() {
    let mut lua = Lua::new();
    let cap = Capture::default();
    lua.set_output(Box::new(cap.clone()));
    lua.set_memory_limit(Some(lua.memory_used() + (4 << 20)));
    lua.exec(
        b"local called = false\n\
          print(xpcall(function() local t = {} for i = 1, 1e8 do t[i] = {} end end,\n\
                       function() called = true return 'handled' end))\n\
          print(called)",
        "=mem",
    )
    .unwrap();
    lua.flush_output();
    assert_eq!(
        String::from_utf8_lossy(&cap.0.lock().unwrap()),
        "false\tnot enough memory\nfalse\n"
    );
}

#[test]
fn interrupt_stops_a_running_loop() {
    let mut lua = Lua::new();
    let h = lua.interrupt_handle();
    let t = std::thread::spawn(move || {
        std::thread::sleep(std::time::Duration::from_millis(100));
        h.interrupt();
    });
    let e = lua.exec(b"while true do end", "=loop").unwrap_err();
    assert_eq!(e.message, "loop:1: interrupted!");
    t.join().unwrap();
}

#[test]
fn interrupt_stops_every_kind_of_loop() {
    // Back edges are polled wherever they are: JMP (while, goto), FORLOOP/TFORLOOP, and the
    // conditional jump that closes `repeat ... until` (it used to run on forever).
    let loops: [&[u8]; 6] = [
        b"local a repeat until a",
        b"local a = 1 repeat until a > 2",
        b"local a = 'x' repeat until a ~= 'x'",
        b"::top:: goto top",
        b"for i = 1, math.huge do end",
        b"local t = setmetatable({}, {__index = function() return 1 end}) while t.x do end",
    ];
    for code in loops {
        let mut lua = Lua::new();
        let h = lua.interrupt_handle();
        let t = std::thread::spawn(move || {
            std::thread::sleep(std::time::Duration::from_millis(50));
            h.interrupt();
        });
        let e = lua.exec(code, "=loop").unwrap_err();
        assert_eq!(
            e.message,
            "loop:1: interrupted!",
            "{}",
            String::from_utf8_lossy(code)
        );
        t.join().unwrap();
    }
}

#[test]
fn lua_state_is_send() {
    fn assert_send<T: Send>() {}
    assert_send::<Lua>();
    let mut lua = Lua::new();
    lua.set_global("x", LuaValue::Integer(5)).unwrap();
    let lua = std::thread::spawn(move || {
        let mut lua = lua;
        lua.exec(b"x = x + 1", "=t").unwrap();
        lua
    })
    .join()
    .unwrap();
    let mut lua = lua;
    assert_eq!(lua.global("x"), LuaValue::Integer(6));
}

#[test]
fn weak_tables_and_finalizers() {
    assert_eq!(
        output(
            "local wv = setmetatable({}, {__mode = 'v'})\n\
             local keep = {}\n\
             wv[1], wv[2], wv.s = keep, {}, 'str'\n\
             local wk = setmetatable({}, {__mode = 'k'})\n\
             do local k = {} wk[k] = {ref = k} end\n\
             wk[keep] = 1\n\
             local log = {}\n\
             for i = 1, 3 do setmetatable({}, {__gc = function() log[#log + 1] = i end}) end\n\
             collectgarbage()\n\
             local n = 0 for _ in pairs(wk) do n = n + 1 end\n\
             print(wv[1] == keep, wv[2], wv.s, n, #log, log[1], log[3])"
        ),
        "true\tnil\tstr\t1\t3\t3\t1\n"
    );
}

#[test]
fn finalizers_run_at_close_and_errors_become_warnings() {
    let cap = Capture::default();
    {
        let mut lua = Lua::new();
        lua.set_output(Box::new(cap.clone()));
        lua.exec(
            b"keep = setmetatable({}, {__gc = function() print('closing') end})\n\
              setmetatable({}, {__gc = function() error('ignored') end})\n\
              collectgarbage() print('after')",
            "=fin",
        )
        .unwrap();
    }
    assert_eq!(
        String::from_utf8_lossy(&cap.0.lock().unwrap()),
        "after\nclosing\n"
    );
}

#[test]
fn heap_verifier_finds_no_dangling_references_after_stress_runs() {
    let mut lua = Lua::new();
    lua.set_gc_stress(true);
    let cap = Capture::default();
    lua.set_output(Box::new(cap.clone()));
    lua.exec(
        b"keep = {}\n\
          local weak = setmetatable({}, {__mode = 'k'})\n\
          local vals = setmetatable({}, {__mode = 'v'})\n\
          for i = 1, 300 do\n\
            local k = {i}\n\
            weak[k] = {k}\n\
            vals[i] = {}\n\
            if i % 3 == 0 then keep[#keep + 1] = k end\n\
            setmetatable({}, {__gc = function(o) keep.last = o end})\n\
            local s = 'str' .. i\n\
            keep[s] = function() return s, k end\n\
          end\n\
          local co = coroutine.wrap(function() for i = 1, 10 do coroutine.yield({i}) end end)\n\
          for i = 1, 5 do keep['co' .. i] = co() end\n\
          print(#keep)",
        "=verify",
    )
    .unwrap();
    lua.verify_heap().unwrap();
    let t = lua.global("keep");
    lua.set_global("keep", LuaValue::Nil).unwrap();
    lua.verify_heap().unwrap();
    assert!(matches!(t, LuaValue::Table(_)));
    lua.verify_heap().unwrap();
    lua.flush_output();
    assert_eq!(String::from_utf8_lossy(&cap.0.lock().unwrap()), "100\n");
}

/// A prototype from outside the compiler whose `NEWTABLE` asks for a gigantic preallocation is
/// rejected by the verifier when loaded; it never reaches the allocator (which would abort).
#[test]
fn load_proto_rejects_forged_table_size_hints() {
    use tsukimi_bytecode::{Instruction, OpCode};
    let mut proto = tsukimi_bytecode::load_source(b"local t = {} return t", "=forged").unwrap();
    let pc = proto
        .code
        .iter()
        .position(|i| i.opcode() == OpCode::NewTable)
        .unwrap();
    let original = proto.code[pc];
    proto.code[pc] = Instruction::abc(OpCode::NewTable, original.a(), 31, original.c(), false);
    let mut lua = Lua::new();
    let err = lua.load_proto(&proto).unwrap_err();
    assert!(
        err.message.contains("table size hint out of range"),
        "{}",
        err.message
    );
    // The state is still usable.
    assert_eq!(
        lua.exec(b"return 1 + 1", "=after").unwrap(),
        vec![LuaValue::Integer(2)]
    );
}

/// The first result of running `src` in `lua`.
fn first_result(lua: &mut Lua, src: &str) -> LuaValue {
    let r = lua.exec(src.as_bytes(), "=input").expect("chunk runs");
    r.into_iter().next().unwrap_or(LuaValue::Nil)
}

#[test]
fn length_is_lual_len() {
    let mut lua = Lua::new();
    let t = first_result(&mut lua, "return {1, 2, 3}");
    assert_eq!(lua.length(&t).unwrap(), 3);
    assert_eq!(lua.length(&LuaValue::string("four")).unwrap(), 4);
    let with_len = first_result(
        &mut lua,
        "return setmetatable({}, {__len = function() return 7 end})",
    );
    assert_eq!(lua.length(&with_len).unwrap(), 7);
    // lua_tointegerx: integral floats and numeric strings are integers.
    let float_len = first_result(
        &mut lua,
        "return setmetatable({}, {__len = function() return 5.0 end})",
    );
    assert_eq!(lua.length(&float_len).unwrap(), 5);
    let string_len = first_result(
        &mut lua,
        "return setmetatable({}, {__len = function() return '6' end})",
    );
    assert_eq!(lua.length(&string_len).unwrap(), 6);
    let bad = first_result(
        &mut lua,
        "return setmetatable({}, {__len = function() return 1.5 end})",
    );
    let e = lua.length(&bad).unwrap_err();
    assert_eq!(e.message, "object length is not an integer");
    assert_eq!(e.kind, ErrorKind::Runtime);
    let e = lua.length(&LuaValue::Integer(1)).unwrap_err();
    assert_eq!(e.message, "attempt to get length of a number value");
}

#[test]
fn length_errors_in_len_leave_the_state_usable() {
    let mut lua = Lua::new();
    let failing = first_result(
        &mut lua,
        "closed = false
         return setmetatable({}, {__len = function()
           local guard <close> = setmetatable({}, {__close = function() closed = true end})
           error('no length here')
         end})",
    );
    let e = lua.length(&failing).unwrap_err();
    assert_eq!(e.message, "input:4: no length here");
    assert_eq!(
        first_result(&mut lua, "return closed"),
        LuaValue::Boolean(true)
    );
    let deep = first_result(
        &mut lua,
        "local t = {}
         local function f() return #t + 1 end
         return setmetatable(t, {__len = f})",
    );
    let e = lua.length(&deep).unwrap_err();
    assert!(e.message.contains("stack overflow"), "{}", e.message);
    // The state still runs code, with its whole stack available again.
    assert_eq!(
        first_result(&mut lua, "local function d(n) if n == 0 then return 0 end return 1 + d(n - 1) end return d(150000)"),
        LuaValue::Integer(150000)
    );
}

/// `to_display` unwinds like a protected call when `__tostring` fails: pending `__close`
/// variables of the failed code run, and the state stays fully usable (native-call depth
/// and stack restored: a deep recursion afterwards still works).
#[test]
fn to_display_errors_close_pending_variables_and_leave_the_state_usable() {
    let mut lua = Lua::new();
    let cap = Capture::default();
    lua.set_output(Box::new(cap.clone()));
    let results = lua
        .exec(
            br#"return setmetatable({}, {__tostring = function()
                  local guard <close> = setmetatable({}, {__close = function(_, e)
                    print("closed", e)
                  end})
                  error("boom", 0)
                end})"#,
            "=input",
        )
        .unwrap();
    for _ in 0..300 {
        let err = lua.to_display(&results[0]).unwrap_err();
        assert_eq!(err.message, "boom");
        assert_eq!(err.kind, ErrorKind::Runtime);
    }
    let r = lua
        .exec(
            b"local function depth(n) if n == 0 then return 0 end return 1 + depth(n - 1) end\n\
              return depth(150000)",
            "=after",
        )
        .unwrap();
    assert_eq!(r, vec![LuaValue::Integer(150000)]);
    lua.flush_output();
    let out = String::from_utf8_lossy(&cap.0.lock().unwrap()).into_owned();
    assert_eq!(out, "closed\tboom\n".repeat(300));
}
