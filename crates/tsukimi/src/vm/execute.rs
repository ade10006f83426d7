//! The interpreter: one loop dispatching on the decoded opcode, as `lvm.c`'s `luaV_execute`.
//!
//! Design choices and the invariants they rely on:
//! - **Registers through a raw pointer.** `sp` points at `stack[base]` of the running frame.
//!   Every Lua frame has at least `FRAME_SLACK` physical slots past its base (ensured by
//!   `precall` and VARARGPREP; the stack never shrinks), and every register operand of an
//!   instruction is below that bound (8-bit A plus 8-bit B/C, TFORCALL's A+3+C), so register
//!   reads and writes need no bounds check, whatever `max_stack_size` says.
//! - **Pointers are reloaded after anything that may move the stack.** Any call to a `self`
//!   method that can call Lua, grow the stack or collect goes through `protect!`, which saves
//!   the pc into the frame first (for error positions and tracebacks) and reloads `stk`/`sp`
//!   afterwards.
//! - **Lua→Lua calls and returns stay in the loop**: CALL pushes a frame and switches the
//!   loop's frame state to it (`switch_frame!`); RETURN pops it and resumes the caller
//!   (`resume_caller!`), unless the frame is FRESH (the frame this invocation of `execute`
//!   started with), in which case `execute` returns. With a hook set, both go through the
//!   outer `'newframe` loop instead, which reports call events and switches copies. Tail
//!   calls rewrite the frame in place, so tail recursion runs in constant stack.
//!   Metamethods, TFORCALL's iterator and native code re-enter through `call` (bounded by
//!   `MAX_NATIVE_CALLS`).
//! - **The loop is kept small** (`execute_slow.rs` holds the long, rare instructions): its
//!   size decides whether LLVM keeps `pc`, the code pointer and the register pointer in
//!   registers (see docs/performance.md). `protect!` is a cold path and reloads `pc` and the
//!   instruction after its call, so neither is live across calls out.
//! - **Fast paths inline, fallbacks out of line.** Integer/float arithmetic, table access with
//!   integer and interned-string keys, numeric comparisons are handled here; anything needing
//!   metamethods, coercions or errors calls a `#[cold]`/out-of-line function in `meta.rs`.
//!   Arithmetic opcodes that succeed skip the following MMBIN*, exactly as in Lua 5.4.
//! - **Safe points** (collection allowed): after NEWTABLE, CONCAT and CLOSURE, and on calls.
//!   The interrupt flag is polled on calls and backward jumps.
//! - **Debug hooks** (`vm/hook.rs`): the loop is one generic function compiled twice; the
//!   untraced copy never tests for hooks between instructions, the traced copy reports line
//!   and count events before each one. `execute` picks the copy and switches between them at
//!   instruction boundaries (see `execute`). When a call out of an instruction switches line
//!   or count hooks on, `protect!` points the code at a trap copy (all opcodes EXTRAARG,
//!   operands kept) and the next fetch hands over (`Vm::trap_copy`). Call and return events
//!   are raised at frame entry, VARARGPREP and the return instructions in both copies.

use std::sync::atomic::Ordering;

use tsukimi_bytecode::instruction::MAXARG_C;
use tsukimi_bytecode::OpCode;

use crate::object::function::LuaClosure;
use crate::value::{load_value, store_value, Value};
use crate::vm::debug::join;
use crate::vm::fast_native::FastOp;
use crate::vm::meta::{compare_raw, to_integer_strict, Origin, Tm};
use crate::vm::number;
use crate::vm::{status, CallInfo, LuaError, Vm, FRAME_SLACK, MIN_STACK, MULTRET};

/// How one run of the dispatch loop ended.
enum LoopExit {
    /// The FRESH frame returned: `execute` is done.
    Returned,
    /// Line/count hooks were switched on or off: continue in the other copy of the loop
    /// from the innermost frame's saved pc. `entry_hook_done`: that frame's call hook has
    /// already been reported (it is at pc 0 but must not be announced twice).
    SwitchCopy { entry_hook_done: bool },
}

impl Vm {
    /// Runs the innermost frame (a Lua frame marked FRESH) until it returns.
    ///
    /// The dispatch loop exists in two copies (`run_loop::<TRACED>`): the untraced one does
    /// not look at hooks between instructions; the traced one reports line and count events
    /// before each instruction (`vm/hook.rs`). A copy hands over to the other, at an
    /// instruction boundary with the pc saved in the frame, when line/count hooks are
    /// switched on or off: both check at frame entry and return; the untraced copy also
    /// after a native function called by CALL (how `debug.sethook` is usually reached) and
    /// after any other call out of an instruction (`protect!`: metamethods, iterators,
    /// finalizers), through the trap copy of the code that the next fetch lands in.
    #[inline(always)]
    pub(crate) fn execute(&mut self) -> Result<(), LuaError> {
        let mut entry_hook_done = false;
        loop {
            let exit = if self.th.hook.traces_instructions() {
                self.run_loop::<true>(entry_hook_done)?
            } else {
                self.run_loop::<false>(entry_hook_done)?
            };
            match exit {
                LoopExit::Returned => return Ok(()),
                LoopExit::SwitchCopy {
                    entry_hook_done: done,
                } => entry_hook_done = done,
            }
        }
    }

    /// The dispatch loop; `TRACED` selects the copy that reports line and count hooks.
    // `protect!` may point `code` at the trap copy also where the handler then leaves the
    // frame (the frame-entry check covers those): such stores are dead by design.
    #[allow(unused_assignments)]
    fn run_loop<const TRACED: bool>(
        &mut self,
        mut entry_hook_done: bool,
    ) -> Result<LoopExit, LuaError> {
        pin_loop_alignment();
        'newframe: loop {
            // One load and, in the untraced copy, one test while no hook is set.
            let hook_mask = self.th.hook.mask;
            if (TRACED || hook_mask != 0) && TRACED != self.th.hook.traces_instructions() {
                return Ok(LoopExit::SwitchCopy { entry_hook_done });
            }
            // The running frame is always the top one: calls out push above it and pop back
            // to it before they return without an error.
            let Some(top) = self.th.frames.top_slot() else {
                return Err(self.runtime_error_plain("internal error: no frame in interpreter"));
            };
            // SAFETY: the top frame's slot, initialised.
            let frame = unsafe { *top.as_ptr() };
            // The running frame's slot, read from the frame stack at each use (one load,
            // `vm/frames.rs`). Not kept in a local: the frames' buffer moves when a call out
            // grows it, and a local took a register from the dispatch (with one, LLVM kept
            // `sp` in a stack slot instead: +3% instructions on numeric loops).
            macro_rules! ci {
                () => {
                    self.th.frames.running_slot()
                };
            }
            let Some(mut cl) = frame.closure else {
                return Err(self.runtime_error_plain("internal error: native frame in interpreter"));
            };
            // The running frame's state. CALL and the RETURN instructions switch frames by
            // reassigning these (`switch_frame!`) while no hook is set; everything else goes
            // through `'newframe`, which also handles hooks and copy switches.
            let mut code: *const tsukimi_bytecode::Instruction = cl.proto.code.as_ptr();
            let mut k: *const Value = cl.proto.constants.as_ptr();
            let mut pc = frame.pc;
            if pc == 0 && hook_mask != 0 && !cl.proto.is_vararg && !entry_hook_done {
                // A new frame: call hook (vararg functions report it after VARARGPREP).
                self.hook_call()?;
                if TRACED != self.th.hook.traces_instructions() {
                    return Ok(LoopExit::SwitchCopy {
                        entry_hook_done: true,
                    });
                }
            }
            entry_hook_done = false;
            let mut base = frame.base;
            // SAFETY: base + FRAME_SLACK <= stack.len() (module invariant).
            let mut sp: *mut Value = unsafe { self.th.stack.as_mut_ptr().add(base) };
            // Makes the Lua frame at the top with closure `$cl` the running one, resuming at
            // `$pc`. Callers guarantee `$base + FRAME_SLACK <= stack.len()` (a frame being
            // entered passed CALL's check; a frame being resumed held it when it called and
            // the stack never shrinks).
            macro_rules! switch_frame {
                ($cl:expr, $pc:expr, $base:expr) => {{
                    cl = $cl;
                    code = cl.proto.code.as_ptr();
                    k = cl.proto.constants.as_ptr();
                    pc = $pc;
                    base = $base;
                    // SAFETY: see above.
                    sp = unsafe { self.th.stack.as_mut_ptr().add(base) };
                }};
            }
            // After the running frame returned to a non-FRESH caller (frames already popped;
            // `$caller` is the new top frame's slot): resume the caller directly when no
            // hook is set.
            macro_rules! resume_caller {
                ($caller:expr) => {
                    resume_caller!($caller, self.th.hook.mask == 0)
                };
                // `$unhooked`: no hook is set (known already by a caller that tested it).
                ($caller:expr, $unhooked:expr) => {{
                    let caller_slot: Option<std::ptr::NonNull<CallInfo>> = $caller;
                    if !TRACED && $unhooked {
                        if let Some(caller_slot) = caller_slot {
                            // SAFETY: the top frame's slot, or the sentinel below the bottom
                            // frame (no closure): initialised either way.
                            let caller = unsafe { caller_slot.as_ref() };
                            if let Some(caller_cl) = caller.closure {
                                let (cpc, cbase, ccode) = (caller.pc, caller.base, caller.code);
                                switch_frame!(caller_cl, cpc, cbase);
                                // The same pointer, read from the frame: the next fetch
                                // does not wait for the closure and prototype loads.
                                debug_assert!(ccode == caller_cl.proto.code.as_ptr());
                                code = ccode;
                                continue;
                            }
                        }
                    }
                    continue 'newframe;
                }};
            }

            // The running frame's index, for the out-of-line helpers.
            macro_rules! ci_index {
                () => {{
                    self.th.frames.len() - 1
                }};
            }
            macro_rules! r {
                ($i:expr) => {
                    // SAFETY: register operands are < FRAME_SLACK (module invariant).
                    unsafe { load_value(sp.add($i as usize)) }
                };
            }
            macro_rules! reg_at {
                ($i:expr) => {
                    // SAFETY: as in `r!`.
                    unsafe { sp.add($i as usize) as *const Value }
                };
            }
            macro_rules! k_at {
                ($i:expr) => {
                    // SAFETY: as in `kst!`.
                    unsafe { k.add($i as usize) }
                };
            }
            macro_rules! set_r {
                ($i:expr, $v:expr) => {{
                    let v = $v;
                    // SAFETY: as in `r!`.
                    unsafe { store_value(sp.add($i as usize), v) }
                }};
            }
            macro_rules! kst {
                ($i:expr) => {
                    // SAFETY: every constant operand is below `constants.len()`: all
                    // prototypes are verified before they run (`vm/load.rs`).
                    unsafe { load_value(k.add($i as usize)) }
                };
            }
            // The C operand of a store: a constant when k is set, else a register (`RKC`).
            macro_rules! rk_c {
                ($i:expr) => {
                    if $i.k() {
                        kst!($i.c())
                    } else {
                        r!($i.c())
                    }
                };
            }
            macro_rules! savepc {
                () => {
                    // SAFETY: `ci!()` is the running frame's slot (see its declaration).
                    unsafe { (*ci!()).pc = pc }
                };
            }
            macro_rules! reload_stack {
                () => {{
                    // SAFETY: as at frame entry; the stack only grows.
                    sp = unsafe { self.th.stack.as_mut_ptr().add(base) };
                }};
            }
            // After a call out that was preceded by `savepc!()` and returned without an error
            // (the running frame is the top one again): the stack pointers and the pc come
            // back from memory, so neither is live across the call (they can stay in
            // caller-saved registers in the hot paths instead of being spilled there).
            macro_rules! reload {
                () => {{
                    reload_stack!();
                    // SAFETY: as in `savepc!`.
                    pc = unsafe { (*ci!()).pc };
                }};
            }
            // The instruction being executed (declared here so `protect!` can reload it).
            let mut i: tsukimi_bytecode::Instruction;
            // Traced copy: the next instruction runs fused with this one in lua5.4 (TFORPREP
            // jumps straight into TFORCALL), so it is not traced.
            let mut fused_next = false;
            macro_rules! protect {
                ($e:expr) => {{
                    // Every call out through `protect!` is a slow path (metamethods,
                    // coercions, errors): telling LLVM so keeps the hot paths' values in
                    // registers instead of spilling them around these calls.
                    std::hint::cold_path();
                    savepc!();
                    let before = i;
                    // An error leaves the frames it went through on the stack (the catcher
                    // pops them), so the running frame is the top again only on success:
                    // the error returns before `reload!` reads the top frame.
                    let r = $e?;
                    reload!();
                    // The instruction comes back from the code too (every `protect!` runs
                    // with `pc` one past it), so it is not live across the call either.
                    // SAFETY: `pc - 1` is the instruction being executed, in bounds.
                    i = unsafe { *code.add(pc - 1) };
                    debug_assert!(before == i, "protect! with pc moved");
                    if !TRACED && self.th.hook.traces_instructions() {
                        // Code called out to switched on line/count hooks: the copies hand
                        // over at the next instruction boundary. Instead of a test before
                        // every instruction, the rest of this instruction runs on a copy of
                        // the code whose every opcode is EXTRAARG (operands kept, so a
                        // conditional jump still reads its JMP's offset): the next fetch
                        // lands in the EXTRAARG arm, which hands over.
                        code = self.trap_copy(cl);
                    }
                    r
                }};
            }
            macro_rules! poll_interrupt {
                () => {
                    if self.interrupt.load(Ordering::Relaxed) {
                        savepc!();
                        self.poll_interrupt()?;
                    }
                };
            }
            macro_rules! upval_get {
                ($idx:expr) => {
                    match LuaClosure::cell(cl, $idx as usize) {
                        Some(uv) => uv.get(),
                        None => Value::Nil,
                    }
                };
            }
            macro_rules! cond_jump {
                ($cond:expr, $i:expr) => {{
                    if $cond != $i.k() {
                        pc += 1;
                    } else {
                        // SAFETY: a test instruction is always followed by a JMP (checked at
                        // load time, `load::check_control_flow`).
                        let ni = unsafe { *code.add(pc) };
                        let off = ni.sj_arg() as i64;
                        pc = (pc as i64 + off + 1) as usize;
                        if off < 0 {
                            // A loop's back edge (`repeat ... until cond`), polled as JMP's.
                            poll_interrupt!();
                        }
                    }
                }};
            }
            macro_rules! arith_fast {
                ($i:expr, $a:expr, $b:expr, $int:expr, $flt:expr) => {{
                    let (x, y) = ($a, $b);
                    match (x, y) {
                        (Value::Integer(p), Value::Integer(q)) => {
                            set_r!($i.a(), Value::Integer($int(p, q)));
                            pc += 1;
                        }
                        _ => {
                            if let (Some(p), Some(q)) = (x.as_float(), y.as_float()) {
                                set_r!($i.a(), Value::Float($flt(p, q)));
                                pc += 1;
                            }
                        }
                    }
                }};
            }
            macro_rules! float_fast {
                ($i:expr, $a:expr, $b:expr, $flt:expr) => {{
                    if let (Some(p), Some(q)) = ($a.as_float(), $b.as_float()) {
                        set_r!($i.a(), Value::Float($flt(p, q)));
                        pc += 1;
                    }
                }};
            }
            // `%` and `//`: integers with a non-zero divisor and floats inline; a zero integer
            // divisor (the error) and coercions go out of line.
            macro_rules! divmod_fast {
                ($i:expr, $a:expr, $b:expr, $op:expr, $int:path, $flt:path) => {{
                    let (x, y) = ($a, $b);
                    match (x, y) {
                        (Value::Integer(p), Value::Integer(q)) if q != 0 => {
                            set_r!($i.a(), Value::Integer($int(p, q).unwrap_or(0)));
                            pc += 1;
                        }
                        (Value::Float(p), Value::Float(q)) => {
                            set_r!($i.a(), Value::Float($flt(p, q)));
                            pc += 1;
                        }
                        _ if x.is_number() && y.is_number() => {
                            let v = protect!(self.arith_raw($op, x, y));
                            if let Some(v) = v {
                                set_r!($i.a(), v);
                            }
                            pc += 1;
                        }
                        _ => {}
                    }
                }};
            }
            // Integers inline; floats with an exact integer value through an out-of-line
            // conversion (rare, and its code is large).
            // The operands are given by address (a register or a constant): the cold
            // conversion reads them again from there, so the integer path does not spill the
            // loaded values to pass them.
            macro_rules! bitwise_fast {
                ($i:expr, $pa:expr, $pb:expr, $f:expr) => {{
                    let (pa, pb): (*const Value, *const Value) = ($pa, $pb);
                    // SAFETY: register and constant addresses (module invariants).
                    let (x, y) = unsafe { (load_value(pa), load_value(pb)) };
                    let operands = match (x, y) {
                        (Value::Integer(p), Value::Integer(q)) => Some((p, q)),
                        _ => {
                            std::hint::cold_path();
                            // SAFETY: as above.
                            unsafe { integer_at(pa).zip(integer_at(pb)) }
                        }
                    };
                    if let Some((p, q)) = operands {
                        set_r!($i.a(), Value::Integer($f(p, q)));
                        pc += 1;
                    }
                }};
            }
            // SHRI/SHLI: register B with the immediate sC (`$imm_left`: the immediate is the
            // left operand, as for SHLI).
            macro_rules! bitwise_imm {
                ($i:expr, $imm_left:expr, $f:expr) => {{
                    let pa = reg_at!($i.b());
                    // SAFETY: a register address (module invariant).
                    let n = match unsafe { load_value(pa) } {
                        Value::Integer(n) => Some(n),
                        _ => {
                            std::hint::cold_path();
                            // SAFETY: as above.
                            unsafe { integer_at(pa) }
                        }
                    };
                    if let Some(n) = n {
                        let imm = $i.sc() as i64;
                        let v = if $imm_left { $f(imm, n) } else { $f(n, imm) };
                        set_r!($i.a(), Value::Integer(v));
                        pc += 1;
                    }
                }};
            }

            // MMBIN/MMBINI/MMBINK: the arithmetic instruction before failed its fast path;
            // call the metamethod (or raise the error) and store into that instruction's A.
            macro_rules! mm_bin {
                ($i:expr, $operands:expr) => {{
                    let (x, y, origins) = $operands;
                    let prev = match pc.checked_sub(2).and_then(|p| cl.proto.code.get(p)) {
                        Some(p) => *p,
                        None => return Err(self.runtime_error("bad bytecode")),
                    };
                    let Some(tm) = Tm::from_u32($i.c()) else {
                        return Err(self.runtime_error("bad bytecode"));
                    };
                    let v = protect!(self.arith_meta(tm, x, y, origins));
                    set_r!(prev.a(), v);
                }};
            }
            // LT/LE on two registers: numbers inline, everything else out of line.
            macro_rules! cmp_regs {
                ($i:expr, $le:expr, $int:expr, $flt:expr) => {{
                    let (x, y) = (r!($i.a()), r!($i.b()));
                    let c = match (x, y) {
                        (Value::Integer(p), Value::Integer(q)) => $int(p, q),
                        (Value::Float(p), Value::Float(q)) => $flt(p, q),
                        _ => match compare_raw(x, y, $le) {
                            Some(c) => c,
                            None => {
                                protect!(self.compare_by_metamethod(r!($i.a()), r!($i.b()), $le))
                            }
                        },
                    };
                    cond_jump!(c, $i);
                }};
            }
            // LTI/LEI/GTI/GEI: register against the immediate sB (`$swapped`: the immediate
            // is the left operand of the metamethod call, as for GTI/GEI).
            macro_rules! cmp_imm {
                ($i:expr, $swapped:expr, $le:expr, $int:expr, $flt:expr) => {{
                    let x = r!($i.a());
                    let imm = $i.sb() as i64;
                    let c = match x {
                        Value::Integer(p) => $int(p, imm),
                        Value::Float(f) => $flt(f, imm as f64),
                        _ => {
                            let immv = if $i.c() != 0 {
                                Value::Float(imm as f64)
                            } else {
                                Value::Integer(imm)
                            };
                            if $swapped {
                                protect!(self.compare(immv, x, $le))
                            } else {
                                protect!(self.compare(x, immv, $le))
                            }
                        }
                    };
                    cond_jump!(c, $i);
                }};
            }

            loop {
                if TRACED && self.th.hook.traces_instructions() && !fused_next {
                    // Line and count hooks (this test exists only in the traced copy).
                    let r = self.hook_before_instruction(ci_index!(), pc);
                    reload_stack!();
                    r?;
                }
                fused_next = false;
                // SAFETY: `pc` stays inside the code plus its trap instructions: every explicit
                // jump target and the test/JMP pairing were checked at load time
                // (`load::check_control_flow`), and implicit moves are at most two
                // instructions forward, onto the appended traps at worst (which stop).
                i = unsafe { *code.add(pc) };
                pc += 1;
                // SAFETY: opcodes were checked at load time; `OpCode` is `repr(u8)` and dense
                // from 0 to COUNT-1.
                let op: OpCode = unsafe { std::mem::transmute::<u8, OpCode>(i.opcode_number()) };
                match op {
                    OpCode::Move => set_r!(i.a(), r!(i.b())),
                    OpCode::LoadI => set_r!(i.a(), Value::Integer(i.sbx() as i64)),
                    OpCode::LoadF => set_r!(i.a(), Value::Float(i.sbx() as f64)),
                    OpCode::LoadK => set_r!(i.a(), kst!(i.bx())),
                    OpCode::LoadKX => {
                        let ax = cl.proto.code.get(pc).map_or(0, |n| n.ax_arg());
                        pc += 1;
                        set_r!(i.a(), kst!(ax));
                    }
                    OpCode::LoadFalse => set_r!(i.a(), Value::Boolean(false)),
                    OpCode::LFalseSkip => {
                        set_r!(i.a(), Value::Boolean(false));
                        pc += 1;
                    }
                    OpCode::LoadTrue => set_r!(i.a(), Value::Boolean(true)),
                    OpCode::LoadNil => {
                        for j in 0..=i.b() {
                            set_r!(i.a() + j, Value::Nil);
                        }
                    }
                    OpCode::GetUpval => set_r!(i.a(), upval_get!(i.b())),
                    OpCode::SetUpval => {
                        let v = r!(i.a());
                        if let Some(uv) = LuaClosure::cell(cl, i.b() as usize) {
                            uv.set(v);
                            crate::gc::write_barrier(uv, v);
                        }
                    }
                    OpCode::GetTabUp => {
                        let t = upval_get!(i.b());
                        let key = kst!(i.c());
                        let mut done = false;
                        if let (Value::Table(tab), Value::String(s)) = (t, key) {
                            let v = tab.get_str(s);
                            if !v.is_nil() {
                                set_r!(i.a(), v);
                                done = true;
                            }
                        }
                        if !done {
                            let v =
                                protect!(self.index_after_lookup(t, key, Origin::Upvalue(i.b())));
                            set_r!(i.a(), v);
                        }
                    }
                    // The reads below store a found value and go on at once, so the value
                    // never meets the slow path's result in one variable: merged, it went
                    // through a stack slot (a store and a reload on every read).
                    OpCode::GetTable => {
                        let t = r!(i.b());
                        if let Value::Table(tab) = t {
                            // The key is read where each lookup needs it and read again
                            // for the slow path: kept live across the lookup, it was
                            // spilled as two words and reloaded as one 16-byte load, a
                            // store-forwarding stall (30% of a string-key loop's samples).
                            let v = match r!(i.c()) {
                                Value::Integer(n) => tab.get_int(n),
                                Value::String(s) => tab.get_str(s),
                                other => tab.get(other),
                            };
                            if !v.is_nil() {
                                set_r!(i.a(), v);
                                continue;
                            }
                        }
                        let v = protect!(self.index(t, r!(i.c()), Origin::Register(i.b())));
                        set_r!(i.a(), v);
                    }
                    OpCode::GetI => {
                        let t = r!(i.b());
                        if let Value::Table(tab) = t {
                            let v = tab.get_int(i.c() as i64);
                            if !v.is_nil() {
                                set_r!(i.a(), v);
                                continue;
                            }
                        }
                        let v = protect!(self.index_after_lookup(
                            t,
                            Value::Integer(i.c() as i64),
                            Origin::Register(i.b())
                        ));
                        set_r!(i.a(), v);
                    }
                    OpCode::GetField => {
                        let t = r!(i.b());
                        if let (Value::Table(tab), Value::String(s)) = (t, kst!(i.c())) {
                            let v = tab.get_str(s);
                            if !v.is_nil() {
                                set_r!(i.a(), v);
                                continue;
                            }
                        }
                        let v = protect!(self.index_after_lookup(
                            t,
                            kst!(i.c()),
                            Origin::Register(i.b())
                        ));
                        set_r!(i.a(), v);
                    }
                    OpCode::SetTabUp => {
                        let t = upval_get!(i.a());
                        let key = kst!(i.b());
                        let v = rk_c!(i);
                        let fast = matches!(t, Value::Table(tab) if tab.replace_existing(key, v));
                        if !fast {
                            protect!(self.set_index_missed(t, key, v, Origin::Upvalue(i.a())));
                        }
                    }
                    OpCode::SetTable => {
                        // An array slot first (an existing value, or a nil slot of a table
                        // without a metatable), the value read only once it is found
                        // (`store_in_array_with`); then everything else, with the operands
                        // read again (kept across the fast path they would go through stack
                        // slots, and a 16-byte copy of a spilled key stalls).
                        if let Value::Table(tab) = r!(i.a()) {
                            let value = || rk_c!(i);
                            let done = match r!(i.b()) {
                                Value::Integer(n) => tab.store_in_array_with(n, value),
                                Value::String(s) => tab.replace_str_with(s, value),
                                _ => false,
                            };
                            if done {
                                continue;
                            }
                        }
                        let t = r!(i.a());
                        let key = r!(i.b());
                        let v = rk_c!(i);
                        let fast = matches!(t, Value::Table(tab) if tab.replace_existing(key, v));
                        if !fast {
                            protect!(self.set_index_missed(t, key, v, Origin::Register(i.a())));
                        }
                    }
                    OpCode::SetI => {
                        // As SETTABLE.
                        if let Value::Table(tab) = r!(i.a()) {
                            let value = || rk_c!(i);
                            if tab.store_in_array_with(i.b() as i64, value) {
                                continue;
                            }
                        }
                        let t = r!(i.a());
                        let key = Value::Integer(i.b() as i64);
                        let v = rk_c!(i);
                        let fast = matches!(t, Value::Table(tab) if tab.replace_existing(key, v));
                        if !fast {
                            protect!(self.set_index_missed(t, key, v, Origin::Register(i.a())));
                        }
                    }
                    OpCode::SetField => {
                        // As SETTABLE: an existing field first, the value read once found.
                        if let (Value::Table(tab), Value::String(s)) = (r!(i.a()), kst!(i.b())) {
                            let value = || rk_c!(i);
                            if tab.replace_str_with(s, value) {
                                continue;
                            }
                        }
                        let t = r!(i.a());
                        let key = kst!(i.b());
                        let v = rk_c!(i);
                        let fast = matches!(t, Value::Table(tab) if tab.replace_existing(key, v));
                        if !fast {
                            protect!(self.set_index_missed(t, key, v, Origin::Register(i.a())));
                        }
                    }
                    OpCode::NewTable => {
                        let b = i.b();
                        let hash = if b > 0 { 1usize << (b - 1).min(30) } else { 0 };
                        let mut array = i.c() as usize;
                        if i.k() {
                            array += cl.proto.code.get(pc).map_or(0, |n| n.ax_arg() as usize)
                                * (MAXARG_C as usize + 1);
                        }
                        pc += 1;
                        savepc!();
                        let t = self.new_table_sized(array, hash)?;
                        set_r!(i.a(), t);
                        self.check_gc();
                        reload!();
                    }
                    OpCode::SelfOp => {
                        let obj = r!(i.b());
                        let key = rk_c!(i);
                        set_r!(i.a() + 1, obj);
                        let mut v = Value::Nil;
                        if let Value::String(s) = key {
                            // Methods usually live in a table reached through `__index`: of
                            // the object's metatable, or of the shared string metatable
                            // (`s:len()`). The method cache has them by metatable and name.
                            let mt = match obj {
                                Value::Table(tab) => {
                                    v = tab.get_str(s);
                                    if v.is_nil() {
                                        tab.metatable()
                                    } else {
                                        None
                                    }
                                }
                                Value::String(_) => self.metatable_of(obj),
                                _ => None,
                            };
                            if let Some(mt) = mt {
                                v = self.method_cache.get(mt, s);
                                if v.is_nil() {
                                    v = self.find_method(mt, s).unwrap_or(Value::Nil);
                                }
                            }
                        }
                        if v.is_nil() {
                            let origin = Origin::Register(i.b());
                            v = protect!(self.index_after_cache_miss(obj, key, origin));
                        }
                        set_r!(i.a(), v);
                    }
                    OpCode::AddI => {
                        let x = r!(i.b());
                        let imm = i.sc() as i64;
                        match x {
                            Value::Integer(p) => {
                                set_r!(i.a(), Value::Integer(p.wrapping_add(imm)));
                                pc += 1;
                            }
                            Value::Float(f) => {
                                set_r!(i.a(), Value::Float(f + imm as f64));
                                pc += 1;
                            }
                            _ => {}
                        }
                    }
                    OpCode::AddK => {
                        arith_fast!(i, r!(i.b()), kst!(i.c()), i64::wrapping_add, |p, q| p + q)
                    }
                    OpCode::SubK => {
                        arith_fast!(i, r!(i.b()), kst!(i.c()), i64::wrapping_sub, |p, q| p - q)
                    }
                    OpCode::MulK => {
                        arith_fast!(i, r!(i.b()), kst!(i.c()), i64::wrapping_mul, |p, q| p * q)
                    }
                    OpCode::ModK => divmod_fast!(
                        i,
                        r!(i.b()),
                        kst!(i.c()),
                        Tm::Mod,
                        number::int_mod,
                        number::float_mod
                    ),
                    OpCode::PowK => float_fast!(i, r!(i.b()), kst!(i.c()), float_pow_out_of_line),
                    OpCode::DivK => float_fast!(i, r!(i.b()), kst!(i.c()), |p: f64, q: f64| p / q),
                    OpCode::IDivK => divmod_fast!(
                        i,
                        r!(i.b()),
                        kst!(i.c()),
                        Tm::IDiv,
                        number::int_floor_div,
                        number::float_floor_div
                    ),
                    OpCode::BAndK => bitwise_fast!(i, reg_at!(i.b()), k_at!(i.c()), |p, q| p & q),
                    OpCode::BOrK => bitwise_fast!(i, reg_at!(i.b()), k_at!(i.c()), |p, q| p | q),
                    OpCode::BXorK => bitwise_fast!(i, reg_at!(i.b()), k_at!(i.c()), |p, q| p ^ q),
                    OpCode::ShrI => bitwise_imm!(i, false, number::shift_right),
                    OpCode::ShlI => bitwise_imm!(i, true, number::shift_left),
                    OpCode::Add => {
                        arith_fast!(i, r!(i.b()), r!(i.c()), i64::wrapping_add, |p, q| p + q)
                    }
                    OpCode::Sub => {
                        arith_fast!(i, r!(i.b()), r!(i.c()), i64::wrapping_sub, |p, q| p - q)
                    }
                    OpCode::Mul => {
                        arith_fast!(i, r!(i.b()), r!(i.c()), i64::wrapping_mul, |p, q| p * q)
                    }
                    OpCode::Mod => divmod_fast!(
                        i,
                        r!(i.b()),
                        r!(i.c()),
                        Tm::Mod,
                        number::int_mod,
                        number::float_mod
                    ),
                    OpCode::Pow => float_fast!(i, r!(i.b()), r!(i.c()), float_pow_out_of_line),
                    OpCode::Div => float_fast!(i, r!(i.b()), r!(i.c()), |p: f64, q: f64| p / q),
                    OpCode::IDiv => divmod_fast!(
                        i,
                        r!(i.b()),
                        r!(i.c()),
                        Tm::IDiv,
                        number::int_floor_div,
                        number::float_floor_div
                    ),
                    OpCode::BAnd => bitwise_fast!(i, reg_at!(i.b()), reg_at!(i.c()), |p, q| p & q),
                    OpCode::BOr => bitwise_fast!(i, reg_at!(i.b()), reg_at!(i.c()), |p, q| p | q),
                    OpCode::BXor => bitwise_fast!(i, reg_at!(i.b()), reg_at!(i.c()), |p, q| p ^ q),
                    OpCode::Shl => {
                        bitwise_fast!(i, reg_at!(i.b()), reg_at!(i.c()), number::shift_left)
                    }
                    OpCode::Shr => {
                        bitwise_fast!(i, reg_at!(i.b()), reg_at!(i.c()), number::shift_right)
                    }
                    OpCode::MmBin => {
                        let operands = (
                            r!(i.a()),
                            r!(i.b()),
                            (Origin::Register(i.a()), Origin::Register(i.b())),
                        );
                        mm_bin!(i, operands);
                    }
                    OpCode::MmBinI => {
                        let operands = mm_operands(r!(i.a()), Value::Integer(i.sb() as i64), i);
                        mm_bin!(i, operands);
                    }
                    OpCode::MmBinK => {
                        let operands = mm_operands(r!(i.a()), kst!(i.b()), i);
                        mm_bin!(i, operands);
                    }
                    OpCode::Unm => {
                        let x = r!(i.b());
                        let v = match x {
                            Value::Integer(p) => Value::Integer(p.wrapping_neg()),
                            Value::Float(f) => Value::Float(-f),
                            _ => protect!(self.arith_meta(
                                Tm::Unm,
                                r!(i.b()),
                                r!(i.b()),
                                (Origin::Register(i.b()), Origin::Register(i.b()))
                            )),
                        };
                        set_r!(i.a(), v);
                    }
                    OpCode::BNot => {
                        let x = r!(i.b());
                        let as_int = match x {
                            Value::Integer(p) => Some(p),
                            _ => {
                                let p = reg_at!(i.b());
                                // SAFETY: a register address (module invariant).
                                unsafe { integer_at(p) }
                            }
                        };
                        let v = match as_int {
                            Some(p) => Value::Integer(!p),
                            None => protect!(self.arith_meta(
                                Tm::BNot,
                                x,
                                x,
                                (Origin::Register(i.b()), Origin::Register(i.b()))
                            )),
                        };
                        set_r!(i.a(), v);
                    }
                    OpCode::Not => set_r!(i.a(), Value::Boolean(r!(i.b()).is_falsy())),
                    OpCode::Len => {
                        let x = r!(i.b());
                        let v = match x {
                            Value::String(s) => Value::Integer(s.len() as i64),
                            Value::Table(t) if t.metatable().is_none() => Value::Integer(t.len()),
                            _ => protect!(self.length(x, Origin::Register(i.b()))),
                        };
                        set_r!(i.a(), v);
                    }
                    OpCode::Concat => {
                        let (a, n) = (base + i.a() as usize, i.b() as usize);
                        protect!(self.concat_registers(a, n));
                        self.check_gc();
                        reload!();
                    }
                    OpCode::Close => {
                        let level = base + i.a() as usize;
                        savepc!();
                        self.close_upvalues(level);
                        protect!(self.close_tbc_normal(level));
                    }
                    OpCode::Tbc => {
                        savepc!();
                        self.mark_to_be_closed(base, i.a() as usize)?;
                    }
                    OpCode::Jmp => {
                        let off = i.sj_arg() as i64;
                        pc = (pc as i64 + off) as usize;
                        if off < 0 {
                            poll_interrupt!();
                        }
                    }
                    OpCode::Eq => {
                        let (x, y) = (r!(i.a()), r!(i.b()));
                        let c = match (x, y) {
                            (Value::Integer(p), Value::Integer(q)) => p == q,
                            (Value::Table(p), Value::Table(q)) if !p.ptr_eq(q) => {
                                protect!(self.equals_by_metamethod(r!(i.a()), r!(i.b())))
                            }
                            (Value::Userdata(p), Value::Userdata(q)) if !p.ptr_eq(q) => {
                                protect!(self.equals_by_metamethod(r!(i.a()), r!(i.b())))
                            }
                            _ => x.raw_eq(y),
                        };
                        cond_jump!(c, i);
                    }
                    OpCode::Lt => cmp_regs!(i, false, |p, q| p < q, |p, q| p < q),
                    OpCode::Le => cmp_regs!(i, true, |p, q| p <= q, |p, q| p <= q),
                    OpCode::EqK => {
                        let c = r!(i.a()).raw_eq(kst!(i.b()));
                        cond_jump!(c, i);
                    }
                    OpCode::EqI => {
                        let c = match r!(i.a()) {
                            Value::Integer(p) => p == i.sb() as i64,
                            Value::Float(f) => f == i.sb() as f64,
                            _ => false,
                        };
                        cond_jump!(c, i);
                    }
                    OpCode::LtI => cmp_imm!(i, false, false, |p, q| p < q, |p, q| p < q),
                    OpCode::LeI => cmp_imm!(i, false, true, |p, q| p <= q, |p, q| p <= q),
                    OpCode::GtI => cmp_imm!(i, true, false, |p, q| p > q, |p, q| p > q),
                    OpCode::GeI => cmp_imm!(i, true, true, |p, q| p >= q, |p, q| p >= q),
                    OpCode::Test => {
                        let c = !r!(i.a()).is_falsy();
                        cond_jump!(c, i);
                    }
                    OpCode::TestSet => {
                        let v = r!(i.b());
                        if v.is_falsy() == i.k() {
                            pc += 1;
                        } else {
                            set_r!(i.a(), v);
                            // SAFETY: as in `cond_jump!`, a JMP follows.
                            let ni = unsafe { *code.add(pc) };
                            pc = (pc as i64 + ni.sj_arg() as i64 + 1) as usize;
                        }
                    }
                    OpCode::Call => {
                        let func = base + i.a() as usize;
                        if i.b() != 0 {
                            self.th.top = func + i.b() as usize;
                        }
                        let nresults = i.c() as i32 - 1;
                        savepc!();
                        poll_interrupt!();
                        // Fast path: a Lua callee with room on the stack (what `precall`
                        // does, inline).
                        if let Value::LuaFunction(callee) = r!(i.a()) {
                            let p = callee.proto;
                            let new_base = func + 1;
                            let nargs = self.th.top.saturating_sub(new_base);
                            let frame_top = new_base + p.max_stack_size as usize;
                            // The limit is checked above the arguments (`luaD_precall`:
                            // `top + maxstacksize`), so a vararg callee's overflow is
                            // reported at this call.
                            if frame_top + nargs <= self.th.stack_limit
                                && nargs < FRAME_SLACK
                                && new_base + FRAME_SLACK <= self.th.stack.len()
                            {
                                let np = p.num_params as usize;
                                for j in nargs..np {
                                    // SAFETY: j < 256 < FRAME_SLACK and
                                    // new_base + FRAME_SLACK <= stack.len() (checked above).
                                    unsafe {
                                        *self.th.stack.as_mut_ptr().add(new_base + j) = Value::Nil
                                    };
                                }
                                if nargs < np {
                                    self.th.top = new_base + np;
                                }
                                // SAFETY: `ci!()` is the top frame's slot; the new slot is
                                // written at once.
                                unsafe {
                                    let slot = self.th.frames.slot_above(ci!());
                                    slot.write(CallInfo {
                                        func,
                                        base: new_base,
                                        top: frame_top.max(self.th.top),
                                        pc: 0,
                                        nresults,
                                        closure: Some(callee),
                                        extra_args: 0,
                                        status: 0,
                                        code: p.code.as_ptr(),
                                    });
                                }
                                // No collector check: entering a Lua function allocates
                                // nothing (the stack was not grown here), as in
                                // `luaD_precall`, which checks only when it grows the stack.
                                if !TRACED && self.th.hook.mask == 0 {
                                    // Enter the callee without the `'newframe` round trip
                                    // (no call hook to report, the untraced copy stays).
                                    switch_frame!(callee, 0, new_base);
                                    continue;
                                }
                                continue 'newframe;
                            }
                        }
                        let pushed = if let Value::NativeFunction(f) = r!(i.a()) {
                            // A fast native (`vm/fast_native.rs`) on a number: its result
                            // without a call, where the call could not have failed or been
                            // reported to a hook.
                            let op = f.fast.get();
                            if op != FastOp::None
                                && self.th.top > func + 1
                                && nresults <= 1
                                && self.th.hook.mask == 0
                                && self.th.top + MIN_STACK <= self.th.stack_limit
                            {
                                if let Some(v) = op.apply(r!(i.a() + 1)) {
                                    set_r!(i.a(), v);
                                    // As `call_native` leaves it: one result, or none.
                                    self.th.top = func + (nresults != 0) as usize;
                                    continue;
                                }
                            }
                            self.call_native(func, f, nresults).map(|()| false)
                        } else {
                            self.precall(func, nresults)
                        };
                        // (An error returns before `reload!`: see `protect!`.)
                        if pushed? {
                            self.check_gc();
                            continue 'newframe;
                        }
                        reload!();
                        // A native function returned: a safe point (its results are in this
                        // frame's registers), so loops that only call natives which allocate
                        // (`string.format`, `io.read`...) run in bounded memory.
                        self.check_gc();
                        reload!();
                        if !TRACED && self.th.hook.traces_instructions() {
                            // The native function set a line or count hook.
                            savepc!();
                            return Ok(LoopExit::SwitchCopy {
                                entry_hook_done: false,
                            });
                        }
                    }
                    OpCode::TailCall => {
                        savepc!();
                        match self.tail_call(base, i)? {
                            TailCallExit::NewFrame => {
                                if !TRACED && self.th.hook.mask == 0 {
                                    // Enter the callee in place, as CALL does (no call
                                    // hook to report, the untraced copy stays).
                                    // SAFETY: the running frame's slot, which the tail
                                    // call reused.
                                    let frame = unsafe { &*ci!() };
                                    if let Some(callee) = frame.closure {
                                        let new_base = frame.base;
                                        switch_frame!(callee, 0, new_base);
                                        continue;
                                    }
                                }
                                continue 'newframe;
                            }
                            TailCallExit::Returned => return Ok(LoopExit::Returned),
                            TailCallExit::ResumeCaller => {
                                resume_caller!(self.th.frames.top_slot())
                            }
                        }
                    }
                    OpCode::Return => {
                        let ra = base + i.a() as usize;
                        let n = if i.b() != 0 {
                            i.b() as usize - 1
                        } else {
                            self.th.top.saturating_sub(ra)
                        };
                        if i.k() {
                            savepc!();
                            // SAFETY: the running frame's slot.
                            let frame_top = unsafe { (*ci!()).top };
                            self.th.top = (ra + n).max(frame_top);
                            self.close_upvalues(base);
                            protect!(self.close_tbc_normal(base));
                        }
                        if self.th.hook.mask != 0 {
                            protect!(self.hook_return(ra, n));
                        }
                        if self.finish_return(ci_index!(), ra, n, i.c())? {
                            return Ok(LoopExit::Returned);
                        }
                        resume_caller!(self.th.frames.top_slot());
                    }
                    OpCode::Return0 => {
                        // Tested once: nothing below can set a hook before the caller
                        // resumes (a hook set by `hook_return` takes `'newframe`).
                        let unhooked = self.th.hook.mask == 0;
                        if !unhooked {
                            protect!(self.hook_return(base, 0));
                        }
                        // SAFETY: the running frame's slot.
                        let frame = unsafe { &*ci!() };
                        if frame.nresults == 0 {
                            let (func, fresh) = (frame.func, frame.status & status::FRESH != 0);
                            self.th.top = func;
                            // SAFETY: `ci!()` is the top frame's slot.
                            let caller = unsafe { self.th.frames.pop_top(ci!()) };
                            if fresh {
                                return Ok(LoopExit::Returned);
                            }
                            resume_caller!(Some(caller), unhooked);
                        }
                        if self.finish_return(ci_index!(), base, 0, 0)? {
                            return Ok(LoopExit::Returned);
                        }
                        resume_caller!(self.th.frames.top_slot());
                    }
                    OpCode::Return1 => {
                        // Tested once, as in RETURN0.
                        let unhooked = self.th.hook.mask == 0;
                        if !unhooked {
                            protect!(self.hook_return(base + i.a() as usize, 1));
                        }
                        // SAFETY: the running frame's slot.
                        let frame = unsafe { &*ci!() };
                        // The result goes to the function slot; `$n` values stay (1 or 0).
                        macro_rules! return_one {
                            ($n:expr) => {{
                                let (func, fresh) = (frame.func, frame.status & status::FRESH != 0);
                                let v = r!(i.a());
                                // SAFETY: func < base, and base is in bounds.
                                unsafe { *self.th.stack.as_mut_ptr().add(func) = v };
                                self.th.top = func + $n;
                                // SAFETY: `ci!()` is the top frame's slot.
                                let caller = unsafe { self.th.frames.pop_top(ci!()) };
                                if fresh {
                                    return Ok(LoopExit::Returned);
                                }
                                resume_caller!(Some(caller), unhooked);
                            }};
                        }
                        if frame.nresults == 1 || frame.nresults == 0 {
                            return_one!(frame.nresults as usize);
                        }
                        if frame.nresults == MULTRET {
                            // A call as the last argument (`f(g(x))`): its one value.
                            return_one!(1);
                        }
                        if self.finish_return(ci_index!(), base + i.a() as usize, 1, 0)? {
                            return Ok(LoopExit::Returned);
                        }
                        resume_caller!(self.th.frames.top_slot());
                    }
                    OpCode::ForLoop => {
                        let a = i.a();
                        match r!(a + 2) {
                            Value::Integer(step) => {
                                let count = match r!(a + 1) {
                                    Value::Integer(c) => c as u64,
                                    _ => 0,
                                };
                                if count > 0 {
                                    set_r!(a + 1, Value::Integer((count - 1) as i64));
                                    let idx = match r!(a) {
                                        Value::Integer(x) => x.wrapping_add(step),
                                        _ => 0,
                                    };
                                    set_r!(a, Value::Integer(idx));
                                    set_r!(a + 3, Value::Integer(idx));
                                    pc -= i.bx() as usize;
                                    poll_interrupt!();
                                }
                            }
                            Value::Float(step) => {
                                let limit = r!(a + 1).as_float().unwrap_or(0.0);
                                let idx = r!(a).as_float().unwrap_or(0.0) + step;
                                let cont = if step > 0.0 {
                                    idx <= limit
                                } else {
                                    limit <= idx
                                };
                                if cont {
                                    set_r!(a, Value::Float(idx));
                                    set_r!(a + 3, Value::Float(idx));
                                    pc -= i.bx() as usize;
                                    poll_interrupt!();
                                }
                            }
                            _ => {}
                        }
                    }
                    OpCode::ForPrep => {
                        savepc!();
                        let a = i.a();
                        let skip = self.for_prep(sp_values(sp, a))?;
                        reload!();
                        match skip {
                            ForPrep::Skip => pc += i.bx() as usize + 1,
                            ForPrep::Run(vals) => {
                                for (j, v) in vals.iter().enumerate() {
                                    set_r!(a + j as u32, *v);
                                }
                            }
                        }
                    }
                    OpCode::TForPrep => {
                        if !r!(i.a() + 3).is_falsy() {
                            savepc!();
                            self.mark_to_be_closed(base, i.a() as usize + 3)?;
                        }
                        pc += i.bx() as usize;
                        fused_next = TRACED;
                    }
                    OpCode::TForCall => {
                        let a = i.a();
                        set_r!(a + 4, r!(a));
                        set_r!(a + 5, r!(a + 1));
                        set_r!(a + 6, r!(a + 2));
                        let func = base + a as usize + 4;
                        self.th.top = func + 3;
                        protect!(self.call_iterator(func, i.c() as usize));
                        // A safe point: the iterator's results are in this frame's registers
                        // (`for line in io.lines()` allocates in every step and makes no
                        // other call).
                        self.check_gc();
                        reload!();
                    }
                    OpCode::TForLoop => {
                        let a = i.a();
                        let v = r!(a + 4);
                        if !v.is_nil() {
                            set_r!(a + 2, v);
                            pc -= i.bx() as usize;
                            poll_interrupt!();
                        }
                    }
                    OpCode::SetList => {
                        let mut last = i.c() as usize;
                        if i.k() {
                            last += cl.proto.code.get(pc).map_or(0, |x| x.ax_arg() as usize)
                                * (MAXARG_C as usize + 1);
                            pc += 1;
                        }
                        savepc!();
                        self.set_list(base + i.a() as usize, i.b() as usize, last)?;
                        reload!();
                    }
                    OpCode::Closure => {
                        savepc!();
                        let Some(&p) = cl.proto.protos.get(i.bx() as usize) else {
                            return Err(self.runtime_error("bad bytecode"));
                        };
                        // Out of line: building the closure in place (`function.rs`) inlined
                        // here perturbed the dispatch code of every instruction.
                        let c = LuaClosure::instantiate(self, p, cl, base)?;
                        reload!();
                        set_r!(i.a(), Value::LuaFunction(c));
                        self.check_gc();
                        reload!();
                    }
                    OpCode::VarArg => {
                        savepc!();
                        self.var_arg(ci_index!(), base + i.a() as usize, i.c() as usize)?;
                        reload!();
                    }
                    OpCode::VarArgPrep => {
                        savepc!();
                        let max_stack = cl.proto.max_stack_size as usize;
                        self.adjust_varargs(ci_index!(), i.a() as usize, max_stack)?;
                        if self.th.hook.mask != 0 {
                            self.hook_call()?;
                            // The next instruction is seen as a new line.
                            self.th.hook.old_pc = 1;
                        }
                        continue 'newframe;
                    }
                    OpCode::ExtraArg => {
                        if !TRACED && code != cl.proto.code.as_ptr() {
                            // The trap copy (see `protect!`): continue in the traced copy
                            // of the loop at this instruction of the real code.
                            pc -= 1;
                            savepc!();
                            return Ok(LoopExit::SwitchCopy {
                                entry_hook_done: false,
                            });
                        }
                        savepc!();
                        return Err(self.runtime_error("bad bytecode: EXTRAARG executed"));
                    }
                }
            }
        }
    }

    /// Moves the results of the frame at `ci_idx` to where its caller wants them and pops it.
    /// `c` is RETURN's C operand (vararg functions: fixed parameters + 1). Returns true when
    /// the frame was FRESH (the interpreter invocation ends).
    fn finish_return(
        &mut self,
        ci_idx: usize,
        src: usize,
        n: usize,
        c: u32,
    ) -> Result<bool, LuaError> {
        let ci = self.th.frames[ci_idx];
        let mut dst = ci.func;
        if c > 0 {
            dst = match dst.checked_sub(ci.extra_args + c as usize) {
                Some(d) => d,
                None => return Err(self.runtime_error("bad bytecode: RETURN C operand")),
            };
        }
        self.move_results(dst, src, n, ci.nresults)?;
        self.th.frames.truncate(ci_idx);
        Ok(ci.status & status::FRESH != 0)
    }

    /// TAILCALL, out of the dispatch loop (it is long and comparatively rare; keeping it
    /// out keeps the loop's register allocation for the common instructions). The pc is
    /// already saved. A Lua callee replaces the frame (`NewFrame`); a native one runs and
    /// its results are returned from this frame.
    #[inline(never)]
    fn tail_call(
        &mut self,
        base: usize,
        i: tsukimi_bytecode::Instruction,
    ) -> Result<TailCallExit, LuaError> {
        let func = base + i.a() as usize;
        if i.b() != 0 {
            self.th.top = func + i.b() as usize;
        }
        if !self.interrupt.load(Ordering::Relaxed) && !i.k() && i.c() == 0 {
            // The common case (a Lua callee, no upvalues to close, a caller without
            // varargs, room on the stack) takes the short path, in a function of its own
            // so that it needs no saved registers; anything else the general one. The
            // callee was just written as two words (GETUPVAL, MOVE): read it so.
            let callee = crate::vm::call::read_two_words(&self.th.stack, func);
            if let Value::LuaFunction(cl) = callee {
                if self.tail_enter_lua(func, cl) {
                    return Ok(TailCallExit::NewFrame);
                }
            }
        }
        // The running frame is the top one.
        let ci_idx = self.th.frames.len() - 1;
        self.tail_call_general(ci_idx, base, i, func)
    }

    /// TAILCALL's general path: interrupts, `__call`, upvalues to close, varargs below the
    /// frame, stack growth and native callees.
    #[inline(never)]
    fn tail_call_general(
        &mut self,
        ci_idx: usize,
        base: usize,
        i: tsukimi_bytecode::Instruction,
        func: usize,
    ) -> Result<TailCallExit, LuaError> {
        self.poll_interrupt()?;
        let mut callee = crate::vm::call::read_two_words(&self.th.stack, func);
        // Resolve __call so we know whether the callee is a Lua function.
        while !callee.is_function() {
            callee = self.insert_call_metamethod(func, callee)?;
        }
        if i.k() {
            self.close_upvalues(base);
        }
        if let Value::LuaFunction(callee) = callee {
            // The callee takes over this frame (`luaD_pretailcall`): the function and its
            // arguments move down to the frame's function slot, and the CallInfo is
            // rewritten in place.
            let (ci_func, ci_extra_args, ci_status) = {
                let ci = &self.th.frames[ci_idx];
                (ci.func, ci.extra_args, ci.status)
            };
            let mut dst = ci_func;
            if i.c() > 0 {
                dst = match dst.checked_sub(ci_extra_args + i.c() as usize) {
                    Some(d) => d,
                    None => return Err(self.runtime_error("bad bytecode")),
                };
            }
            let n = self.th.top.saturating_sub(func);
            if dst > func {
                return Err(self.runtime_error("bad bytecode"));
            }
            // Downward moves: a forward element loop is correct for overlapping ranges. Each
            // value moves as two words (the arguments were just written that way: a 16-byte
            // load of them would stall on store forwarding), with one bounds check.
            if func + n > self.th.stack.len() {
                return Err(self.runtime_error("bad bytecode"));
            }
            let slots = self.th.stack.as_mut_ptr();
            for j in 0..n {
                // SAFETY: dst + j <= func + j < func + n <= stack.len() (checked above).
                unsafe { store_value(slots.add(dst + j), load_value(slots.add(func + j))) };
            }
            let top = dst + n;
            self.th.top = top;
            let p = callee.proto;
            let nargs = n.saturating_sub(1);
            let frame_top = dst + 1 + p.max_stack_size as usize;
            // Checked above the arguments, as `precall` does.
            if frame_top + nargs > self.th.stack_limit {
                return Err(self.stack_overflow());
            }
            // The frame moved down, so the stack rarely grows here; when it does, that is
            // the allocation the collector is checked for below (as CALL's slow path).
            let needed = dst + 1 + FRAME_SLACK.max(nargs + 1);
            let grows = needed > self.th.stack.len();
            self.ensure_stack(needed)?;
            let np = p.num_params as usize;
            if nargs < np {
                for slot in &mut self.th.stack[dst + 1 + nargs..dst + 1 + np] {
                    *slot = Value::Nil;
                }
                self.th.top = dst + 1 + np;
            }
            let frame = &mut self.th.frames[ci_idx];
            frame.func = dst;
            frame.base = dst + 1;
            frame.top = frame_top.max(self.th.top);
            frame.pc = 0;
            frame.closure = Some(callee);
            frame.code = p.code.as_ptr();
            frame.extra_args = 0;
            frame.status = status::TAIL | (ci_status & status::FRESH);
            if grows {
                self.check_gc();
            }
            return Ok(TailCallExit::NewFrame);
        }
        // Native callee (`__call` was resolved above): call it, then return its results from
        // this frame.
        let Value::NativeFunction(f) = callee else {
            return Err(self.runtime_error("bad bytecode"));
        };
        self.call_native(func, f, MULTRET)?;
        let n = self.th.top.saturating_sub(func);
        if self.th.hook.mask != 0 {
            self.hook_return(func, n)?;
        }
        if self.finish_return(ci_idx, func, n, i.c())? {
            return Ok(TailCallExit::Returned);
        }
        Ok(TailCallExit::ResumeCaller)
    }

    /// TAILCALL's short path for a Lua callee `cl` at slot `func` (`luaD_pretailcall`):
    /// when the calling frame has no varargs below it (C == 0), nothing is left to close
    /// (k == 0) and the callee's frame fits without growing the stack, the function and its
    /// arguments move down to the frame's function slot and the CallInfo is rewritten in
    /// place. Returns false, having changed nothing, when any condition fails.
    #[inline(always)]
    fn tail_enter_lua(&mut self, func: usize, cl: crate::value::Gc<LuaClosure>) -> bool {
        let top = self.th.top;
        let stack_len = self.th.stack.len();
        let stack_limit = self.th.stack_limit;
        // The running frame, the top one.
        let Some(frame) = self.th.frames.last_mut() else {
            return false;
        };
        let dst = frame.func;
        let p = cl.proto;
        let n = top.saturating_sub(func); // the function and its arguments
        let nargs = n.saturating_sub(1);
        let np = p.num_params as usize;
        let frame_top = dst + 1 + p.max_stack_size as usize;
        if n == 0
            || dst > func
            || func + n > stack_len
            || nargs >= FRAME_SLACK
            || dst + 1 + FRAME_SLACK > stack_len
            || frame_top + nargs > stack_limit
        {
            return false;
        }
        let slots = self.th.stack.as_mut_ptr();
        for j in 0..n {
            // SAFETY: dst + j <= func + j < func + n <= stack.len() (checked above); the
            // move is downward, so a forward loop reads each value before it is overwritten.
            unsafe { store_value(slots.add(dst + j), load_value(slots.add(func + j))) };
        }
        for j in nargs..np {
            // SAFETY: j < np <= 255 < FRAME_SLACK and dst + 1 + FRAME_SLACK <= stack.len().
            unsafe { store_value(slots.add(dst + 1 + j), Value::Nil) };
        }
        let new_top = dst + 1 + nargs.max(np);
        self.th.top = new_top;
        frame.base = dst + 1;
        frame.top = frame_top.max(new_top);
        frame.pc = 0;
        frame.closure = Some(cl);
        frame.code = cl.proto.code.as_ptr();
        frame.extra_args = 0;
        frame.status = status::TAIL | (frame.status & status::FRESH);
        true
    }

    /// VARARGPREP (`luaT_adjustvarargs`): copies the function and fixed parameters above the
    /// actual arguments, leaving the extra arguments below the new frame.
    fn adjust_varargs(
        &mut self,
        ci_idx: usize,
        nfixed: usize,
        max_stack: usize,
    ) -> Result<(), LuaError> {
        let ci = self.th.frames[ci_idx];
        let func = ci.func;
        let actual = self.th.top.saturating_sub(func + 1);
        let nextra = actual.saturating_sub(nfixed);
        let new_func = self.th.top;
        let needed = new_func + 1 + max_stack;
        if needed > self.th.stack_limit {
            return Err(self.runtime_error("stack overflow"));
        }
        self.ensure_stack(new_func + 1 + FRAME_SLACK)?;
        self.th.stack[new_func] = self.th.stack[func];
        for j in 1..=nfixed {
            self.th.stack[new_func + j] = self.th.stack[func + j];
            self.th.stack[func + j] = Value::Nil;
        }
        let f = &mut self.th.frames[ci_idx];
        f.extra_args = nextra;
        f.func = new_func;
        f.base = new_func + 1;
        f.top = new_func + 1 + max_stack;
        f.pc += 0;
        self.th.top = f.top;
        Ok(())
    }

    /// FORPREP's checks and loop-count computation (`forprep` in lvm.c).
    fn for_prep(&mut self, vals: [Value; 3]) -> Result<ForPrep, LuaError> {
        let [init, limit, step] = vals;
        if let (Value::Integer(i0), Value::Integer(st)) = (init, step) {
            if st == 0 {
                return Err(self.runtime_error("'for' step is zero"));
            }
            // Integer loop: compute the limit as an integer.
            let lim = match limit {
                Value::Integer(l) => l,
                other => {
                    let f = match self.to_number(other) {
                        Some(Value::Integer(l)) => l as f64,
                        Some(Value::Float(f)) => f,
                        _ => return Err(self.for_error(other, "limit")),
                    };
                    if f.is_nan() {
                        return Ok(ForPrep::Skip);
                    }
                    let rounded = if st < 0 {
                        number::float_ceil_to_int(f)
                    } else {
                        number::float_floor_to_int(f)
                    };
                    match rounded {
                        Some(l) => l,
                        None => {
                            if f > 0.0 {
                                if st < 0 {
                                    return Ok(ForPrep::Skip);
                                }
                                i64::MAX
                            } else {
                                if st > 0 {
                                    return Ok(ForPrep::Skip);
                                }
                                i64::MIN
                            }
                        }
                    }
                }
            };
            if if st > 0 { i0 > lim } else { i0 < lim } {
                return Ok(ForPrep::Skip);
            }
            let count = if st > 0 {
                let c = (lim as u64).wrapping_sub(i0 as u64);
                if st != 1 {
                    c / (st as u64)
                } else {
                    c
                }
            } else {
                let c = (i0 as u64).wrapping_sub(lim as u64);
                c / ((st.wrapping_add(1)).wrapping_neg() as u64 + 1)
            };
            return Ok(ForPrep::Run([
                Value::Integer(i0),
                Value::Integer(count as i64),
                Value::Integer(st),
                Value::Integer(i0),
            ]));
        }
        let fl = match self.to_number(limit).and_then(|v| v.as_float()) {
            Some(f) => f,
            None => return Err(self.for_error(limit, "limit")),
        };
        let fs = match self.to_number(step).and_then(|v| v.as_float()) {
            Some(f) => f,
            None => return Err(self.for_error(step, "step")),
        };
        let fi = match self.to_number(init).and_then(|v| v.as_float()) {
            Some(f) => f,
            None => return Err(self.for_error(init, "initial")),
        };
        if fs == 0.0 {
            return Err(self.runtime_error("'for' step is zero"));
        }
        if if fs > 0.0 { fl < fi } else { fi < fl } {
            return Ok(ForPrep::Skip);
        }
        Ok(ForPrep::Run([
            Value::Float(fi),
            Value::Float(fl),
            Value::Float(fs),
            Value::Float(fi),
        ]))
    }

    #[cold]
    fn for_error(&mut self, v: Value, what: &str) -> LuaError {
        let t = self.type_name_of(v);
        let what = if what == "initial" {
            "initial value"
        } else {
            what
        };
        let message = join(&[
            b"bad 'for' ",
            what.as_bytes(),
            b" (number expected, got ",
            &t,
            b")",
        ]);
        self.runtime_error_bytes(&message)
    }
}

/// How TAILCALL left the frame.
enum TailCallExit {
    /// A Lua callee replaced the frame: run it.
    NewFrame,
    /// The frame was FRESH and returned: `execute` is done.
    Returned,
    /// A native callee's results were returned to the (Lua) caller: resume it.
    ResumeCaller,
}

enum ForPrep {
    Skip,
    Run([Value; 4]),
}

/// `luai_numpow` for POW/POWK, kept out of the dispatch loop: inlined, its `b == 2` branch
/// perturbed the loop's register allocation enough to cost 1.6% of instructions on
/// mandelbrot (which has no `^` at all). Out of line it costs what calling `pow` cost before.
#[inline(never)]
fn float_pow_out_of_line(a: f64, b: f64) -> f64 {
    number::float_pow(a, b)
}

/// The operand of a bitwise operation at `p` as an integer (a float with an exact integer
/// value converts; a string does not: its coercion goes through the metamethod path, as in
/// lua5.4).
///
/// # Safety
/// `p` is the address of a register or a constant.
#[cold]
#[inline(never)]
unsafe fn integer_at(p: *const Value) -> Option<i64> {
    // SAFETY: as the caller guarantees.
    to_integer_strict(unsafe { load_value(p) })
}

/// MMBINI/MMBINK operands: the register and the immediate or constant, in source order
/// (`k` set: the constant was the left operand), with their origins for error messages.
#[inline(always)]
fn mm_operands(
    reg: Value,
    other: Value,
    i: tsukimi_bytecode::Instruction,
) -> (Value, Value, (Origin, Origin)) {
    if i.k() {
        (other, reg, (Origin::None, Origin::Register(i.a())))
    } else {
        (reg, other, (Origin::Register(i.a()), Origin::None))
    }
}

#[inline(always)]
fn sp_values(sp: *mut Value, a: u32) -> [Value; 3] {
    // SAFETY: registers a..a+3 are below FRAME_SLACK (module invariant).
    unsafe {
        [
            *sp.add(a as usize),
            *sp.add(a as usize + 1),
            *sp.add(a as usize + 2),
        ]
    }
}

/// Pads the dispatch loop's entry so that the code after it starts at a fixed offset from a
/// 64-byte boundary, whatever address the linker gives the function.
///
/// Measured on AMD Zen 4: the loop's code, byte for byte the same, ran `intarith` 22% slower
/// when an unrelated change elsewhere moved the function by 16 bytes, and other programs
/// moved by 5-15% either way (branch-predictor and op-cache effects of where the hot
/// handlers sit). Pinning the offset makes timings reproducible from build to build; the
/// offset is chosen so that the dispatch sequence (fetch, jump-table load, indirect jump)
/// lies within one 32-byte block: crossing one costs simple loops up to 45%
/// (`docs/performance.md`, "The dispatch sequence's place"). After a change inside the loop,
/// run `scripts/check-dispatch-layout.py target/release/tsukimi` (CI runs it too) and, if it
/// warns, re-scan the offset on the benchmarks (fifth pass: 46-54 a plateau at 1.03-1.04x
/// lua5.4 over eight programs; 16 and 20, whose sequence sits in the first half of its line,
/// 1.11-1.16x; thirteenth pass, after the frame stack moved the sequence 9 bytes earlier:
/// 52, 54 and 56, sequence at bytes 34-38, alike within noise over eight programs).
/// The entry jumps over the padding (one jump per entry into the loop, never per
/// instruction: executed one-byte NOPs cost ~100 instructions per nested entry, such as
/// a metamethod call).
#[inline(always)]
fn pin_loop_alignment() {
    #[cfg(target_arch = "x86_64")]
    // SAFETY: the assembly jumps over padding that is never executed: it reads and writes
    // no register, memory or flag, and continues at the next instruction.
    unsafe {
        std::arch::asm!(
            "jmp 2f",
            ".p2align 6, 0xcc",
            ".skip {pad}, 0xcc",
            "2:",
            pad = const LOOP_ENTRY_PAD,
            options(nomem, nostack, preserves_flags)
        );
    }
}

/// Bytes of padding after the 64-byte boundary ([`pin_loop_alignment`]).
const LOOP_ENTRY_PAD: usize = 56;
