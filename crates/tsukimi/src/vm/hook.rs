//! Debug hooks (`lua_sethook`, `luaD_hook`, `luaG_traceexec`): the `call`, `return`, `line`
//! and `count` events of Lua 5.4, delivered to the function `debug.sethook` installed.
//!
//! **Where the events come from.**
//! - *call* / *tail call*: when a Lua frame starts running its first instruction (the
//!   interpreter checks at frame entry), or — for vararg functions — right after VARARGPREP
//!   moved the frame, as 5.4 does; and in `precall` when a native function is entered. A frame
//!   entered by a tail call reports `"tail call"`.
//! - *return*: before a frame's results are moved to its caller (Lua frames in the return
//!   instructions, native frames in `precall`). The results are the top `n` slots, and
//!   `debug.getinfo(2, "r")` reports where they are (`ftransfer`, `ntransfer`), so
//!   `debug.getlocal(2, ftransfer)` reads the first one, as in 5.4.
//! - *line*: before an instruction whose line differs from the instruction the line hook
//!   last saw in this function (`old_pc`), or that is reached by a backward jump (or a
//!   repeated visit of the same pc). Returning to a Lua caller sets `old_pc` to the caller's
//!   CALL, so a call does not re-announce the caller's line.
//! - *count*: every `base_count` instructions, before the line event of that instruction.
//!
//! **Cost when no hook is set.** The dispatch loop is compiled twice (`execute.rs`,
//! `run_loop::<TRACED>`): the copy that runs while no line or count hook is set has no
//! per-instruction test at all; it tests `hook.mask` (a byte of the thread state, so the
//! branch is always predicted) only at frame entry, at returns, after a native call and
//! after calls out of an instruction (metamethods, iterators), and hands over to the traced
//! copy at the next instruction boundary when line/count hooks appear. Call and return
//! events need no copy of their own. Everything else lives here, out of line. Measured on
//! fib(30)/fib(32) and a numeric loop in release builds: no difference beyond noise (±3%)
//! against the same tree without hook support.
//!
//! **Invariants.**
//! - Hooks do not nest: `in_hook` is set while a hook runs, and events raised meanwhile
//!   (the hook function's own calls, lines and returns) are dropped, as 5.4's `allowhook`.
//!   The hook function's instructions are still traced silently: they count towards the
//!   count hook, as in 5.4, so count events land where lua5.4's do.
//! - The hooked frame is marked `status::HOOKED` while its hook runs, so the hook function
//!   is named `hook '?'` in tracebacks and by `debug.getinfo`.
//! - The stack top and the frame's pc are restored after a hook returns: a hook may run
//!   between an instruction that leaves values up to `top` and the one that consumes them.
//! - The hook *function* is not stored here: it lives in the registry table `_HOOKKEY`, keyed
//!   by thread with weak keys, which roots it for the collector and lets Lua code inspect it,
//!   like ldblib.c; if that entry is replaced by Lua code, events find no function and do
//!   nothing. Hooks are per thread (each `ThreadState` has its own mask and count); a new
//!   coroutine inherits its creator's mask and count (`lua_newthread`) but has no entry in
//!   the table, so it sees no events until a function is registered for it.
//! - Errors raised by a hook propagate from the instruction (or call) that triggered it.
//!
//! **Compiled code (future JIT tiers).** Hooks are an interpreter-only feature: while
//! `hook.mask` is non-zero, compiled code must not run. Function entries and loop back-edges
//! of compiled code must check the mask (with the other safepoint flags) and fall back to
//! the interpreter at the current bytecode pc — deoptimizing like a failed guard — and no
//! function may be entered in compiled code while a hook is set, so that every line, count,
//! call and return event is seen exactly where the interpreter would see it.

use crate::object::table::Table;
use crate::value::{Gc, Value};
use crate::vm::coroutine::LuaThread;
use crate::vm::{status, LuaError, Vm};

/// Event bits of `HookState::mask` (`LUA_MASK*`).
pub mod mask {
    pub const CALL: u8 = 1;
    pub const RETURN: u8 = 2;
    pub const LINE: u8 = 4;
    pub const COUNT: u8 = 8;
}

/// Registry key of the hook function (as ldblib.c's `HOOKKEY`).
pub const HOOK_KEY: &str = "_HOOKKEY";

/// The kinds of hook events, with the names the hook function receives.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HookEvent {
    Call,
    Return,
    Line,
    Count,
    TailCall,
}

impl HookEvent {
    /// The event name passed to the Lua hook function.
    pub fn name(self) -> &'static str {
        match self {
            HookEvent::Call => "call",
            HookEvent::Return => "return",
            HookEvent::Line => "line",
            HookEvent::Count => "count",
            HookEvent::TailCall => "tail call",
        }
    }
}

/// Values transferred by the call or return event being delivered (`getinfo` option `r`).
#[derive(Clone, Copy, Debug, Default)]
pub struct Transfer {
    /// Frame index the transfer belongs to.
    pub frame: usize,
    /// Index of the first value as a local of the frame (`debug.getlocal` numbering: slot
    /// `func + first`).
    pub first: usize,
    /// Number of values.
    pub count: usize,
}

/// Per-thread hook settings and tracing state.
#[derive(Clone, Copy, Debug, Default)]
pub struct HookState {
    /// Events to report (`mask::*`); zero means no hook.
    pub mask: u8,
    /// The count given to `sethook` (instructions between count events).
    pub base_count: i64,
    /// Instructions left until the next count event.
    pub count: i64,
    /// pc of the instruction the line hook last saw (in the running Lua function).
    pub old_pc: usize,
    /// A hook is running: no further events.
    pub in_hook: bool,
    /// Transfer information of the event being delivered.
    pub transfer: Option<Transfer>,
}

impl HookState {
    /// True when line or count events are wanted: the interpreter then runs its traced copy.
    #[inline(always)]
    pub fn traces_instructions(&self) -> bool {
        self.mask & (mask::LINE | mask::COUNT) != 0
    }
}

/// The key of a thread's entry in the hook table: the thread object itself, as in ldblib.c.
/// The table is weak-keyed (`__mode = "k"`, see [`Vm::hook_table`]), so an entry never keeps
/// a thread alive and disappears with it.
pub fn hook_key(thread: Gc<LuaThread>) -> Value {
    Value::Thread(thread)
}

impl Vm {
    /// Installs (or with `mask == 0` removes) the hook settings (`lua_sethook`); the hook
    /// function itself is kept by the caller in the registry under [`HOOK_KEY`].
    pub fn set_hook_mask(&mut self, mask: u8, count: i64) {
        let h = &mut self.th.hook;
        h.mask = mask;
        h.base_count = count;
        h.count = count;
    }

    /// The current hook settings.
    pub fn hook_state(&self) -> HookState {
        self.th.hook
    }

    /// The registry table of hook functions by thread (`registry[HOOK_KEY]`, weak keys),
    /// created when `create` is set and it does not exist (or was replaced by Lua code).
    pub fn hook_table(&mut self, create: bool) -> Result<Option<Gc<Table>>, LuaError> {
        let registry = self.registry;
        if let Value::Table(t) = self.get_field(registry, HOOK_KEY)? {
            return Ok(Some(t));
        }
        if !create {
            return Ok(None);
        }
        let t = self.new_table(0, 1)?;
        self.push(Value::Table(t))?;
        let mode = self.new_string(b"k")?;
        self.set_field(t, "__mode", Value::String(mode))?;
        // The table is its own metatable, as in ldblib.c.
        t.set_metatable(Some(t));
        crate::gc::write_barrier(t, Value::Table(t));
        self.check_finalizer(Value::Table(t), Some(t));
        self.set_field(registry, HOOK_KEY, Value::Table(t))?;
        self.th.top -= 1;
        Ok(Some(t))
    }

    /// The running thread's hook function, if any.
    fn hook_function(&mut self) -> Result<Option<Value>, LuaError> {
        let Some(table) = self.hook_table(false)? else {
            return Ok(None);
        };
        let thread = self.running_thread()?;
        Ok(match table.get(hook_key(thread)) {
            f @ (Value::LuaFunction(_) | Value::NativeFunction(_)) => Some(f),
            _ => None,
        })
    }

    /// Delivers one event to the hook function (`luaD_hook` + ldblib's `hookf`), with the
    /// innermost frame as the hooked frame. `line` is the line for line events.
    fn run_hook(
        &mut self,
        event: HookEvent,
        line: Option<i64>,
        transfer: Option<Transfer>,
    ) -> Result<(), LuaError> {
        if self.th.hook.in_hook {
            return Ok(());
        }
        let Some(f) = self.hook_function()? else {
            return Ok(());
        };
        let Some(ci_idx) = self.th.frames.len().checked_sub(1) else {
            return Ok(());
        };
        let saved_top = self.th.top;
        let saved_ci = self.th.frames[ci_idx];
        let name = self.new_string(event.name().as_bytes())?;
        // ldblib's hookf: a negative line (a stripped function's) is passed as nil.
        let line = line.filter(|&l| l >= 0).map_or(Value::Nil, Value::Integer);
        self.th.hook.in_hook = true;
        self.th.hook.transfer = transfer;
        self.th.frames[ci_idx].status |= status::HOOKED;
        let result = self.call_function(f, &[Value::String(name), line]);
        self.th.hook.in_hook = false;
        self.th.hook.transfer = None;
        // On error the hooked frame keeps its HOOKED mark: the catcher's message handler
        // still sees the frames as they were (the hook function is named "hook").
        result?;
        if let Some(ci) = self.th.frames.get_mut(ci_idx) {
            ci.status = saved_ci.status;
            ci.top = saved_ci.top;
            ci.pc = saved_ci.pc;
        }
        self.th.top = saved_top;
        Ok(())
    }

    /// Call event for the innermost frame, which just started (`luaD_hookcall`). For Lua
    /// frames, also resets the line tracking for the new function.
    #[cold]
    pub(crate) fn hook_call(&mut self) -> Result<(), LuaError> {
        self.th.hook.old_pc = 0;
        if self.th.hook.mask & mask::CALL == 0 {
            return Ok(());
        }
        let Some(ci_idx) = self.th.frames.len().checked_sub(1) else {
            return Ok(());
        };
        let ci = self.th.frames[ci_idx];
        let event = if ci.status & status::TAIL != 0 {
            HookEvent::TailCall
        } else {
            HookEvent::Call
        };
        let nparams = match ci.closure {
            Some(cl) => cl.proto.num_params as usize,
            None => self.th.top.saturating_sub(ci.base),
        };
        let transfer = Transfer {
            frame: ci_idx,
            first: 1,
            count: nparams,
        };
        // Hooks see the pc as already advanced past the first instruction (5.4).
        if ci.closure.is_some() {
            self.th.frames[ci_idx].pc += 1;
        }
        let r = self.run_hook(event, None, Some(transfer).filter(|t| t.count > 0));
        if ci.closure.is_some() {
            if let Some(f) = self.th.frames.get_mut(ci_idx) {
                f.pc = ci.pc;
            }
        }
        r
    }

    /// Return event for the innermost frame, whose `n` results are at `first..first + n`
    /// (`rethook`); then points the line tracking at the caller's call instruction.
    #[cold]
    pub(crate) fn hook_return(&mut self, first: usize, n: usize) -> Result<(), LuaError> {
        let Some(ci_idx) = self.th.frames.len().checked_sub(1) else {
            return Ok(());
        };
        if self.th.hook.mask & mask::RETURN != 0 {
            let ci = self.th.frames[ci_idx];
            let saved_top = self.th.top;
            self.th.top = self.th.top.max(first + n);
            let transfer = Transfer {
                frame: ci_idx,
                first: first.saturating_sub(ci.func),
                count: n,
            };
            let r = self.run_hook(
                HookEvent::Return,
                None,
                Some(transfer).filter(|t| t.count > 0),
            );
            self.th.top = saved_top;
            r?;
        }
        // A hook function returns to the frame it was called for (lua5.4's `hookf` is a
        // plain C call, not a frame), which points the line tracking back at that frame.
        if let Some(caller) = ci_idx.checked_sub(1).and_then(|i| self.th.frames.get(i)) {
            if caller.closure.is_some() {
                self.th.hook.old_pc = caller.current_pc();
            }
        }
        Ok(())
    }

    /// The interpreter's entry for line and count hooks: before the instruction at `pc` of
    /// frame `ci_idx` (the innermost, a Lua frame) runs. Saves the pc for the hook. Like
    /// lua5.4's dispatch, some instructions are not traced: a vararg function's VARARGPREP
    /// (its call event comes after it), TFORLOOP (run fused with TFORCALL) and — skipped by
    /// the interpreter itself — the TFORCALL that TFORPREP jumps to.
    #[cold]
    #[inline(never)]
    pub(crate) fn hook_before_instruction(
        &mut self,
        ci_idx: usize,
        pc: usize,
    ) -> Result<(), LuaError> {
        let Some(ci) = self.th.frames.get_mut(ci_idx) else {
            return Ok(());
        };
        let Some(cl) = ci.closure else {
            return Ok(());
        };
        if pc == 0 && cl.proto.is_vararg {
            return Ok(());
        }
        // lua5.4 runs TFORLOOP fused with the TFORCALL before it: never traced.
        let op = cl.proto.code.get(pc).and_then(|i| i.checked_opcode());
        if op == Some(tsukimi_bytecode::OpCode::TForLoop) {
            return Ok(());
        }
        ci.pc = pc + 1;
        self.hook_trace(pc)
    }

    /// Line and count events before the instruction at `pc` of the innermost (Lua) frame
    /// runs (`luaG_traceexec`). The frame's saved pc must already be `pc + 1`.
    fn hook_trace(&mut self, pc: usize) -> Result<(), LuaError> {
        let h = &mut self.th.hook;
        if !h.traces_instructions() {
            return Ok(());
        }
        if h.in_hook {
            // The hook function's own instructions are traced without events, as in
            // lua5.4 (`luaD_hook` does nothing while `allowhook` is off): they count
            // towards the count hook and move the line tracking's `old_pc`.
            if h.mask & mask::COUNT != 0 {
                h.count -= 1;
                if h.count <= 0 {
                    h.count = h.base_count;
                }
            }
            if h.mask & mask::LINE != 0 {
                h.old_pc = pc;
            }
            return Ok(());
        }
        let mut count_event = false;
        if h.mask & mask::COUNT != 0 {
            h.count -= 1;
            if h.count <= 0 {
                h.count = h.base_count;
                count_event = true;
            }
        }
        if !count_event && h.mask & mask::LINE == 0 {
            return Ok(());
        }
        if count_event {
            self.run_hook(HookEvent::Count, None, None)?;
        }
        if self.th.hook.mask & mask::LINE != 0 {
            let Some(cl) = self.th.frames.last().and_then(|ci| ci.closure) else {
                return Ok(());
            };
            let p = cl.proto;
            let old = self.th.hook.old_pc;
            let old = if old < p.code.len() { old } else { 0 };
            if pc <= old || p.line_at(old) != p.line_at(pc) {
                let line = p.line_at(pc);
                self.run_hook(HookEvent::Line, Some(line), None)?;
            }
            self.th.hook.old_pc = pc;
        }
        Ok(())
    }
}
