//! Calls, returns and protected calls (`ldo.c`).
//!
//! - `precall` starts a call of the value at stack slot `func` with arguments `func+1..top`:
//!   for a Lua function it pushes a frame (the interpreter loop then runs it); for a native
//!   function it runs it to completion and moves its results; other values go through
//!   `__call` (the metamethod is inserted below the arguments).
//! - `call` is the re-entrant entry used by native code and metamethods (`luaD_call`): it
//!   counts nesting in `native_calls` (limit `MAX_NATIVE_CALLS` → "C stack overflow", a little
//!   more headroom for handlers, then "error in error handling") so the native stack is bounded.
//! - `protected_call` (pcall, xpcall, API) catches an error, optionally runs a message handler
//!   *at the point of the error* (the erroring frames are still present), then unwinds: closes
//!   upvalues and to-be-closed variables above the call, truncates frames, restores the top.
//! - Results are always moved to the function's slot (`move_results`), adjusted to the count
//!   the caller wants; with `MULTRET` the top marks the end.
//!
//! Stack growth keeps `FRAME_SLACK` physical slots past every Lua frame's base, so the
//! dispatch loop can address registers without bounds checks. The *logical* limit is
//! `MAX_STACK` slots ("stack overflow"); while such an error is handled the limit is raised by
//! `ERROR_STACK_EXTRA` and restored when a protected call unwinds.

use std::sync::atomic::Ordering;

use crate::object::function::{LuaClosure, NativeFunction, NativeKind, UpState};
use crate::value::{load_value, store_value, Gc, Value};
use crate::vm::debug::{func_name_from_code, join, quoted_name};
use crate::vm::meta::Tm;
use crate::vm::{
    status, ArgRange, CallInfo, LuaError, Vm, ERROR_STACK_EXTRA, FRAME_SLACK, MAX_NATIVE_CALLS,
    MAX_STACK, MIN_STACK, MULTRET,
};

/// A message handler as `protected_call_with` runs it: the error value in, the handled one out.
pub(crate) type MessageHandler<'a> = dyn FnMut(&mut Vm, Value) -> Value + 'a;

impl Vm {
    /// Makes sure the physical stack has at least `needed` slots.
    #[inline]
    pub(crate) fn ensure_stack(&mut self, needed: usize) -> Result<(), LuaError> {
        if needed > self.th.stack.len() {
            self.grow_stack(needed)?;
        }
        Ok(())
    }

    #[cold]
    fn grow_stack(&mut self, needed: usize) -> Result<(), LuaError> {
        let new_len = needed
            .max(self.th.stack.len() * 2)
            .min(MAX_STACK + ERROR_STACK_EXTRA + FRAME_SLACK * 2);
        let new_len = new_len.max(needed);
        // Everything that can fail comes before the stack moves (open upvalues point into
        // it until they are rebased below). The system may refuse memory as well as the
        // limit: a deep recursion's stack and frame list are megabytes, and refusal is the
        // same "not enough memory", never an abort.
        //
        // The interpreter loop pushes frames where their list's growth cannot fail cleanly.
        // Every frame's base is above the one below it, so there are never more frames than
        // stack slots: room for that many is made here. (Address space: a frame is 64
        // bytes, and the pages of the list that deep recursions never reach are untouched.)
        let extra = new_len - self.th.stack.len();
        if self.th.frames.try_reserve_total(new_len).is_err()
            || crate::gc::try_reserve(&mut self.th.stack, extra).is_err()
        {
            return Err(self.memory_error());
        }
        let delta = (extra * std::mem::size_of::<Value>()) as isize;
        if self.heap.charge(delta).is_err() {
            return Err(self.memory_error());
        }
        self.th.stack.resize(new_len, Value::Nil);
        // The buffer may have moved: open upvalues point into it (`UpVal`'s invariant).
        let base = self.th.stack.as_mut_ptr();
        for uv in &self.th.open_upvalues {
            uv.rebase(base);
        }
        Ok(())
    }

    /// Checks the logical stack limit for a frame needing slots up to `needed`.
    #[inline]
    fn check_stack_limit(&mut self, needed: usize) -> Result<(), LuaError> {
        if needed > self.th.stack_limit {
            return Err(self.stack_overflow());
        }
        Ok(())
    }

    #[cold]
    pub(crate) fn stack_overflow(&mut self) -> LuaError {
        if self.th.stack_limit > MAX_STACK {
            return self.runtime_error_plain("error in error handling");
        }
        self.th.stack_limit = MAX_STACK + ERROR_STACK_EXTRA;
        self.runtime_error("stack overflow")
    }

    /// Polls the interrupt flag (at calls and loop back-edges).
    #[inline(always)]
    pub(crate) fn poll_interrupt(&mut self) -> Result<(), LuaError> {
        if self.interrupt.load(Ordering::Relaxed) {
            return Err(self.interrupted());
        }
        Ok(())
    }

    #[cold]
    fn interrupted(&mut self) -> LuaError {
        self.interrupt.store(false, Ordering::Relaxed);
        self.runtime_error("interrupted!")
    }

    /// Starts a call of `stack[func]` with arguments `func+1..top`. Returns `true` when a Lua
    /// frame was pushed (the caller must run the interpreter), `false` when a native function
    /// already ran and its results are in place.
    pub(crate) fn precall(&mut self, func: usize, nresults: i32) -> Result<bool, LuaError> {
        loop {
            // Read as two words: the callee was usually just written that way, and the
            // 16-byte copy of it that a plain read makes (to pass `other` on) stalls on
            // store forwarding (a fifth of a `__call` loop's samples in this function).
            match read_two_words(&self.th.stack, func) {
                Value::LuaFunction(cl) => {
                    self.push_lua_frame(func, cl, nresults, 0)?;
                    return Ok(true);
                }
                Value::NativeFunction(f) => {
                    self.poll_interrupt()?;
                    self.call_native(func, f, nresults)?;
                    return Ok(false);
                }
                other => {
                    // `__call`: the metamethod takes the callee's place, the callee becomes
                    // its first argument. A Lua metamethod is entered at once (not read back
                    // from the slot just written); anything else goes round again.
                    if let Value::LuaFunction(cl) = self.insert_call_metamethod(func, other)? {
                        self.push_lua_frame(func, cl, nresults, 0)?;
                        return Ok(true);
                    }
                }
            }
        }
    }

    /// Pushes the frame of Lua closure `cl` (the value at slot `func`) on the arguments
    /// `func+1..top`, nil-filling missing parameters (`luaD_precall`'s Lua case).
    #[inline(always)]
    fn push_lua_frame(
        &mut self,
        func: usize,
        cl: Gc<LuaClosure>,
        nresults: i32,
        frame_status: u8,
    ) -> Result<(), LuaError> {
        let p = cl.proto;
        let nargs = self.th.top.saturating_sub(func + 1);
        let frame_top = func + 1 + p.max_stack_size as usize;
        // The frame's registers start at `func + 1`, but a vararg function moves them above
        // its arguments (VARARGPREP), so the limit is checked there, as `luaD_precall`
        // checks `top + maxstacksize`: the overflow is then reported at the call, not at
        // the callee's first line.
        self.check_stack_limit(frame_top + nargs)?;
        self.ensure_stack(func + 1 + FRAME_SLACK.max(nargs + 1))?;
        let np = p.num_params as usize;
        if nargs < np {
            for slot in &mut self.th.stack[func + 1 + nargs..func + 1 + np] {
                *slot = Value::Nil;
            }
            self.th.top = func + 1 + np;
        }
        self.push_call_info(func, cl, nresults, frame_status);
        Ok(())
    }

    /// Pushes the `CallInfo` of a Lua call of `cl` at slot `func` whose arguments (up to
    /// top) are in place and whose stack room is checked.
    #[inline(always)]
    fn push_call_info(&mut self, func: usize, cl: Gc<LuaClosure>, nresults: i32, frame_status: u8) {
        let p = cl.proto;
        let frame_top = func + 1 + p.max_stack_size as usize;
        self.th.frames.push(CallInfo {
            func,
            base: func + 1,
            top: frame_top.max(self.th.top),
            pc: 0,
            nresults,
            closure: Some(cl),
            extra_args: 0,
            status: frame_status,
            code: p.code.as_ptr(),
        });
    }

    /// Runs the native function `f` (the value at slot `func`) on the arguments
    /// `func+1..top` in a frame of its own, then moves its results, adjusted to `nresults`,
    /// to `func..` (`precallC` and `luaD_poscall`). The interpreter's CALL calls this
    /// directly for native callees; `precall` after resolving the callee. Never inlined:
    /// inside the dispatch loop its code costs the Lua-only paths registers.
    #[inline(never)]
    pub(crate) fn call_native(
        &mut self,
        func: usize,
        f: Gc<NativeFunction>,
        nresults: i32,
    ) -> Result<(), LuaError> {
        let base = func + 1;
        let top = self.th.top;
        let nargs = top.saturating_sub(base);
        self.check_stack_limit(top + MIN_STACK)?;
        self.ensure_stack(top + MIN_STACK + FRAME_SLACK)?;
        self.th.frames.push(CallInfo {
            func,
            base,
            top: top + MIN_STACK,
            pc: 0,
            nresults,
            closure: None,
            extra_args: 0,
            status: 0,
            code: std::ptr::null(),
        });
        if self.th.hook.mask != 0 {
            self.hook_call()?;
        }
        let args = ArgRange { base, count: nargs };
        let n = match &f.kind {
            NativeKind::Plain(p) => p(self, args)?,
            NativeKind::Boxed(b) => b(self, args)?,
        };
        if self.killing() {
            // A coroutine is being killed (`vm/coroutine.rs`): whatever this function
            // caught (pcall, xpcall), the kill goes on to the entry.
            return Err(LuaError { value: Value::Nil });
        }
        let top = self.th.top;
        let n = n.min(top.saturating_sub(base));
        if self.th.hook.mask != 0 {
            self.hook_return(top - n, n)?;
        }
        self.th.frames.pop();
        if nresults == 1 {
            // The common case (a call used as an expression): no general move.
            if n > 0 {
                self.copy_results_down(func, top - n, 1);
            } else {
                self.th.stack[func] = Value::Nil;
            }
            self.th.top = func + 1;
            return Ok(());
        }
        self.move_results(func, top - n, n, nresults)
    }

    /// Calling the non-function `callee` at slot `func`: its `__call` metamethod goes into
    /// that slot and `callee` becomes the first argument (`luaD_tryfuncTM`). Returns the
    /// metamethod; "attempt to call" when there is none.
    #[inline(always)]
    pub(crate) fn insert_call_metamethod(
        &mut self,
        func: usize,
        callee: Value,
    ) -> Result<Value, LuaError> {
        let tm = self.metamethod(callee, Tm::Call);
        if tm.is_nil() {
            return Err(self.call_error(callee));
        }
        let top = self.th.top;
        self.ensure_stack(top + 1 + FRAME_SLACK)?;
        shift_up_one(&mut self.th.stack[func..=top]);
        self.th.top = top + 1;
        self.th.stack[func] = tm;
        Ok(tm)
    }

    /// "attempt to call a X value (global 'f')" (`luaG_callerror`: the name comes from the
    /// calling instruction, as `funcnamefromcall` finds it).
    #[cold]
    pub(crate) fn call_error(&mut self, v: Value) -> LuaError {
        let info = match self.th.frames.last() {
            // `funcnamefromcall`: a finalizer call is named by the caller's mark (a hook is
            // always a function, so its call never fails here).
            Some(ci) if ci.status & status::FIN != 0 => quoted_name("metamethod", b"__gc"),
            Some(ci) => match ci.closure {
                Some(cl) => func_name_from_code(&cl.proto, ci.current_pc())
                    .map(|(kind, name)| quoted_name(kind, &name))
                    .unwrap_or_default(),
                None => Vec::new(),
            },
            None => Vec::new(),
        };
        let t = self.type_name_of(v);
        self.runtime_error_bytes(&join(&[b"attempt to call a ", &t, b" value", &info]))
    }

    /// Copies `stack[src..src + n]` to `dst..`. Results always move down to the called
    /// function's slot (`dst <= src`, rechecked: anything else takes `copy_within`). Most
    /// calls return one or two values: an element loop beats the `memmove` call that
    /// `copy_within` makes, and a forward loop is correct for overlapping ranges because the
    /// destination is below the source.
    /// Each value moves as two 8-byte words (`load_value`/`store_value`): a result was
    /// usually just written that way, and a 16-byte load of it would stall on store
    /// forwarding (measured: 69% of `move_results`' samples on numloop).
    #[inline(always)]
    fn copy_results_down(&mut self, dst: usize, src: usize, n: usize) {
        if n <= 4 && dst <= src && src + n <= self.th.stack.len() {
            let base = self.th.stack.as_mut_ptr();
            for j in 0..n {
                // SAFETY: dst + j <= src + j < src + n <= stack.len() (checked above).
                unsafe { store_value(base.add(dst + j), load_value(base.add(src + j))) };
            }
        } else {
            self.th.stack.copy_within(src..src + n, dst);
        }
    }

    /// Moves `n` results from `src` to `dst`, adjusted to `wanted` (nil-filled), and sets top.
    #[inline]
    pub(crate) fn move_results(
        &mut self,
        dst: usize,
        src: usize,
        n: usize,
        wanted: i32,
    ) -> Result<(), LuaError> {
        if wanted == MULTRET {
            self.copy_results_down(dst, src, n);
            self.th.top = dst + n;
        } else {
            let wanted = wanted as usize;
            let k = n.min(wanted);
            self.copy_results_down(dst, src, k);
            if wanted > k {
                self.ensure_stack(dst + wanted + 1)?;
                for slot in &mut self.th.stack[dst + k..dst + wanted] {
                    *slot = Value::Nil;
                }
            }
            self.th.top = dst + wanted;
        }
        Ok(())
    }

    /// Calls `stack[func]` with arguments up to top, re-entrantly (`luaD_call`). Results are
    /// at `func..`, top set after them (all of them with `MULTRET`).
    pub fn call(&mut self, func: usize, nresults: i32) -> Result<(), LuaError> {
        let f = self.th.stack[func];
        self.call_value_at(func, f, nresults)
    }

    /// `call` of anything but a Lua function: natives and `__call` go through `precall`.
    #[inline(never)]
    fn call_other(&mut self, func: usize, nresults: i32) -> Result<(), LuaError> {
        self.enter_call_level()?;
        if self.precall(func, nresults)? {
            let idx = self.th.frames.len() - 1;
            self.th.frames[idx].status |= status::FRESH;
            self.execute()?;
        }
        self.th.native_calls -= 1;
        Ok(())
    }

    /// Counts one more level of calls that lua5.4 makes through the C stack (`luaD_call`,
    /// metamethods: `nCcalls`), with its "C stack overflow" at `MAX_NATIVE_CALLS`. The
    /// level is given back when the call returns normally; on an error, whoever catches it
    /// restores the count it saved (pcall, coroutine resume).
    #[inline]
    fn enter_call_level(&mut self) -> Result<(), LuaError> {
        if self.killing() {
            return Err(LuaError { value: Value::Nil });
        }
        self.th.native_calls += 1;
        if self.th.native_calls >= MAX_NATIVE_CALLS {
            if self.th.native_calls == MAX_NATIVE_CALLS {
                return Err(self.runtime_error("C stack overflow"));
            }
            if self.th.native_calls >= MAX_NATIVE_CALLS / 10 * 11 {
                return Err(self.runtime_error_plain("error in error handling"));
            }
        }
        Ok(())
    }

    /// Calls `f(args...)` and returns its results.
    pub fn call_function(&mut self, f: Value, args: &[Value]) -> Result<Vec<Value>, LuaError> {
        let func = self.call_base();
        self.ensure_stack(func + args.len() + 1 + FRAME_SLACK)?;
        self.th.stack[func] = f;
        self.th.stack[func + 1..func + 1 + args.len()].copy_from_slice(args);
        self.th.top = func + 1 + args.len();
        self.call(func, MULTRET)?;
        let out = self.th.stack[func..self.th.top].to_vec();
        self.th.top = func;
        Ok(out)
    }

    /// Calls a metamethod with two arguments and one result. Inlined into the metamethod
    /// fallbacks (`vm/meta.rs`), so that the common case costs them no call of its own;
    /// everything else goes through `call_meta1_general`.
    #[inline(always)]
    pub(crate) fn call_meta1(&mut self, f: Value, a: Value, b: Value) -> Result<Value, LuaError> {
        match self.call_lua_metamethod(f, [a, b], 1) {
            Some(called) => {
                let func = called?;
                let v = read_two_words(&self.th.stack, func);
                self.th.top = func;
                Ok(v)
            }
            None => self.call_meta1_general(f, a, b),
        }
    }

    /// `call_meta1` of any callable value, with the stack grown as needed.
    #[inline(never)]
    fn call_meta1_general(&mut self, f: Value, a: Value, b: Value) -> Result<Value, LuaError> {
        let func = self.place_meta_call(&[f, a, b])?;
        self.call_value_at(func, f, 1)?;
        // The result was just written by RETURN as two words: read it as two words too (a
        // 16-byte load of it cannot be store-forwarded: 40% of this function's samples).
        let v = read_two_words(&self.th.stack, func);
        self.th.top = func;
        Ok(v)
    }

    /// Calls a metamethod with three arguments and no result (`__newindex`), as
    /// `call_meta1` does.
    #[inline(always)]
    pub(crate) fn call_meta0(
        &mut self,
        f: Value,
        a: Value,
        b: Value,
        c: Value,
    ) -> Result<(), LuaError> {
        match self.call_lua_metamethod(f, [a, b, c], 0) {
            Some(called) => {
                self.th.top = called?;
                Ok(())
            }
            None => self.call_meta0_general(f, a, b, c),
        }
    }

    /// `call_meta0` of any callable value, with the stack grown as needed.
    #[inline(never)]
    fn call_meta0_general(
        &mut self,
        f: Value,
        a: Value,
        b: Value,
        c: Value,
    ) -> Result<(), LuaError> {
        let func = self.place_meta_call(&[f, a, b, c])?;
        self.call_value_at(func, f, 0)?;
        self.th.top = func;
        Ok(())
    }

    /// The common case of a metamethod call: `f` a Lua function with at most `N` parameters
    /// and room on the stack as it is. The function, the `N` arguments and the frame are
    /// written directly (the way through `place_meta_call` and `push_lua_frame` checks the
    /// stack twice and handles cases that do not arise here) and the function runs; returns
    /// its slot, where its `nresults` results are, or `None` (nothing done) when the case
    /// does not apply.
    #[inline(always)]
    fn call_lua_metamethod<const N: usize>(
        &mut self,
        f: Value,
        args: [Value; N],
        nresults: i32,
    ) -> Option<Result<usize, LuaError>> {
        let Value::LuaFunction(cl) = f else {
            return None;
        };
        let func = self.call_base();
        let p = cl.proto;
        let frame_top = func + 1 + p.max_stack_size as usize;
        if func + 1 + FRAME_SLACK > self.th.stack.len()
            || frame_top + N > self.th.stack_limit
            || p.num_params as usize > N
        {
            return None;
        }
        if let Err(e) = self.enter_call_level() {
            return Some(Err(e));
        }
        let slots = &mut self.th.stack[func..func + 1 + N];
        // SAFETY: each is an initialised, aligned `Value` of the stack.
        unsafe { store_value(&mut slots[0], f) };
        for k in 0..N {
            // SAFETY: as above (`slots` has N + 1 elements, so the index is in bounds).
            unsafe { store_value(&mut slots[k + 1], args[k]) };
        }
        self.th.top = func + 1 + N;
        self.push_call_info(func, cl, nresults, status::FRESH);
        if let Err(e) = self.execute() {
            return Some(Err(e));
        }
        self.th.native_calls -= 1;
        Some(Ok(func))
    }

    /// Puts a metamethod call's function and arguments (`values`) at `call_base()`, top after
    /// them; returns the function's slot. The values reach here through memory (the callers
    /// pass `Value`s by reference), usually just written there as two words: they are
    /// copied as two words, since a 16-byte load of them stalls on store forwarding
    /// (measured: 22% of `call_meta1`'s samples on that one load).
    #[inline(always)]
    fn place_meta_call<const N: usize>(&mut self, values: &[Value; N]) -> Result<usize, LuaError> {
        let func = self.call_base();
        self.ensure_stack(func + N + 1 + FRAME_SLACK)?;
        let slots = &mut self.th.stack[func..func + N];
        for (slot, v) in slots.iter_mut().zip(values) {
            // SAFETY: both point to initialised, aligned `Value`s.
            unsafe { store_value(slot, load_value(v)) };
        }
        self.th.top = func + N;
        Ok(func)
    }

    /// `call` of the value `f`, already placed at slot `func`: a Lua function's frame is
    /// pushed marked FRESH and run at once (a metamethod call does not read the slot back);
    /// anything else goes through `call_other`.
    #[inline(always)]
    fn call_value_at(&mut self, func: usize, f: Value, nresults: i32) -> Result<(), LuaError> {
        let Value::LuaFunction(cl) = f else {
            return self.call_other(func, nresults);
        };
        self.enter_call_level()?;
        self.push_lua_frame(func, cl, nresults, status::FRESH)?;
        self.execute()?;
        self.th.native_calls -= 1;
        Ok(())
    }

    /// Where a call made from the current frame may place its function: above the frame's
    /// live registers (a Lua frame's whole window) and above the current top.
    #[inline]
    pub(crate) fn call_base(&mut self) -> usize {
        let mut base = self.th.top;
        if let Some(ci) = self.th.frames.last() {
            if ci.closure.is_some() {
                base = base.max(ci.top);
            }
        }
        self.th.top = base;
        base
    }

    /// Runs `stack[func]` protected. On error the handler (if any) runs first, at the point of
    /// the error; then everything above `func` is unwound and the error returned, with top
    /// reset to `func`.
    pub fn protected_call(
        &mut self,
        func: usize,
        nresults: i32,
        handler: Option<Value>,
    ) -> Result<(), LuaError> {
        match handler {
            None => self.protected_call_with(func, nresults, &mut |_, e| e),
            Some(h) => self.protected_call_with(func, nresults, &mut |vm: &mut Vm, e| {
                vm.call_message_handler(h, e)
            }),
        }
    }

    /// Runs the message handler `h` on `err` (`luaG_errormsg`). An error raised inside the
    /// handler goes to the handler again, one level deeper (in lua5.4 `errfunc` is still
    /// set while it runs), until the native-call limit turns it into "C stack overflow"
    /// and then into "error in error handling", which is not handled (`LUA_ERRERR`).
    /// Memory errors and a coroutine being killed are not handled again either.
    fn call_message_handler(&mut self, h: Value, mut err: Value) -> Value {
        loop {
            match self.call_function(h, &[err]) {
                Ok(r) => return r.first().copied().unwrap_or(Value::Nil),
                Err(e) => {
                    if self.killing()
                        || self.is_memory_error(e.value)
                        || self.th.native_calls >= MAX_NATIVE_CALLS / 10 * 11
                    {
                        return e.value;
                    }
                    // The failed handler's frames stay listed and its call level held, so
                    // the next call is deeper, as lua5.4's nested one.
                    err = e.value;
                }
            }
        }
    }

    /// `protected_call` with a Rust message handler, called with the error value while the
    /// erroring frames are still on the frame list (so it can build a traceback).
    pub fn protected_call_with(
        &mut self,
        func: usize,
        nresults: i32,
        handler: &mut dyn FnMut(&mut Vm, Value) -> Value,
    ) -> Result<(), LuaError> {
        let saved_frames = self.th.frames.len();
        let saved_calls = self.th.native_calls;
        match self.call(func, nresults) {
            Ok(()) => Ok(()),
            // A coroutine being killed unwinds to its entry: nothing catches, nothing runs.
            Err(e) if self.killing() => Err(e),
            Err(e) => {
                let high = self.error_point_top();
                self.th.top = high;
                // Root the error value on the stack while handlers and closers run.
                let _ = self.push(e.value);
                let err = self.apply_handler(handler, e.value);
                self.th.native_calls = saved_calls;
                self.th.frames.truncate(saved_frames);
                let _ = self.push(err);
                // Closers run with the handler still in effect (lua5.4 restores `errfunc`
                // only after `luaD_closeprotected`): an error in one is handled too.
                let err = self.unwind_to_handled(func, err, Some(handler));
                self.th.top = func;
                if func + FRAME_SLACK < MAX_STACK {
                    self.th.stack_limit = MAX_STACK;
                }
                self.collect_after_memory_error(err);
                Err(LuaError { value: err })
            }
        }
    }

    /// After a protected call or a resume caught "not enough memory": collects now, as
    /// lua5.4's emergency collection would have, so the caller's next allocation finds the
    /// memory the failed call held, and the out-of-memory reserve, if it was spent, is taken
    /// again (`tsukimi-memory`). Callers are safe points: what they still use is on the
    /// stack, and the error value is the preallocated message, a root.
    pub(crate) fn collect_after_memory_error(&mut self, err: Value) {
        if self.is_memory_error(err) {
            self.heap.collect_soon();
            if self.heap.should_collect() {
                self.full_gc();
            }
        }
    }

    /// `handler(err)`, except for a memory error: `lua_pcall` never calls the message handler
    /// for LUA_ERRMEM, so xpcall returns the bare message and lua.c prints no traceback.
    fn apply_handler(&mut self, handler: &mut MessageHandler<'_>, err: Value) -> Value {
        if self.is_memory_error(err) {
            err
        } else {
            handler(self, err)
        }
    }

    /// The highest slot in use at the point of an error (top of the innermost frame).
    pub(crate) fn error_point_top(&self) -> usize {
        let mut high = self.th.top;
        if let Some(ci) = self.th.frames.last() {
            high = high.max(ci.top);
        }
        high.min(self.th.stack.len().saturating_sub(FRAME_SLACK))
    }

    /// Closes upvalues and to-be-closed variables at or above `level` after an error whose
    /// value is `err`; returns the final error value (a failing `__close` replaces it).
    pub(crate) fn unwind_to(&mut self, level: usize, err: Value) -> Value {
        self.unwind_to_handled(level, err, None)
    }

    /// `unwind_to` with a message handler in effect: the error of a failing closer goes
    /// through `handler` at its point (the closer's frames still listed) before it replaces
    /// the error.
    pub(crate) fn unwind_to_handled(
        &mut self,
        level: usize,
        mut err: Value,
        mut handler: Option<&mut MessageHandler<'_>>,
    ) -> Value {
        self.close_upvalues(level);
        while let Some(&slot) = self.th.tbc.last() {
            if slot < level {
                break;
            }
            self.th.tbc.pop();
            let v = self.th.stack[slot];
            let tm = self.metamethod(v, Tm::Close);
            let saved_top = self.th.top;
            let saved_frames = self.th.frames.len();
            let saved_calls = self.th.native_calls;
            if let Err(e) = self.call_function(tm, &[v, err]) {
                err = match handler.as_mut() {
                    Some(h) if !self.killing() => {
                        let high = self.error_point_top();
                        self.th.top = high;
                        let _ = self.push(e.value);
                        self.apply_handler(h, e.value)
                    }
                    _ => e.value,
                };
                // The failed closer's frames are still listed: drop them.
                self.th.frames.truncate(saved_frames);
                self.th.native_calls = saved_calls;
                self.close_upvalues(saved_top);
            }
            self.th.top = saved_top;
        }
        err
    }

    /// Closes every open upvalue at slot `level` or above (`luaF_closeupval`).
    pub(crate) fn close_upvalues(&mut self, level: usize) {
        while let Some(&uv) = self.th.open_upvalues.last() {
            let UpState::Open(idx) = uv.state() else {
                self.th.open_upvalues.pop();
                continue;
            };
            if idx < level {
                break;
            }
            let v = self.th.stack[idx];
            uv.close_with(v);
            crate::gc::write_barrier(uv, v);
            self.th.open_upvalues.pop();
        }
    }

    /// Finds or creates the open upvalue for stack slot `idx` (`luaF_findupval`).
    pub(crate) fn find_upvalue(
        &mut self,
        idx: usize,
    ) -> Result<crate::value::Gc<crate::object::function::UpVal>, LuaError> {
        if idx >= self.th.stack.len() {
            // The cell will point at this slot: it must exist (registers always do).
            return Err(self.runtime_error("bad bytecode: upvalue slot outside the stack"));
        }
        // Open upvalues are sorted by slot, ascending; search from the end (most recent).
        let list = &self.th.open_upvalues;
        let mut pos = list.len();
        while pos > 0 {
            let uv = list[pos - 1];
            match uv.state() {
                UpState::Open(i) if i == idx => return Ok(uv),
                UpState::Open(i) if i < idx => break,
                _ => pos -= 1,
            }
        }
        let uv = match self
            .heap
            .alloc_upval(crate::object::function::UpVal::new_open(
                idx,
                self.th.stack.as_mut_ptr().wrapping_add(idx),
            )) {
            Ok(u) => u,
            Err(_) => return Err(self.memory_error()),
        };
        self.th.open_upvalues.insert(pos, uv);
        Ok(uv)
    }

    /// Closes pending to-be-closed variables at or above `level` on a normal exit (`luaF_close`
    /// with no error), calling `__close(v, nil)`.
    pub(crate) fn close_tbc_normal(&mut self, level: usize) -> Result<(), LuaError> {
        while let Some(&slot) = self.th.tbc.last() {
            if slot < level {
                break;
            }
            self.th.tbc.pop();
            let v = self.th.stack[slot];
            let tm = self.metamethod(v, Tm::Close);
            let saved_top = self.th.top;
            self.call_function(tm, &[v, Value::Nil])?;
            self.th.top = saved_top;
        }
        Ok(())
    }
}

/// Moves `slots[..len - 1]` up by one slot, freeing `slots[0]` (the last slot's old value
/// is overwritten). Each value moves as two 8-byte words, last first: the arguments of a
/// call were usually just written that way, and `copy_within`'s `memmove` reads them with
/// vector loads that cannot be store-forwarded.
fn shift_up_one(slots: &mut [Value]) {
    let p = slots.as_mut_ptr();
    for j in (1..slots.len()).rev() {
        // SAFETY: 1 <= j < slots.len(), so both j - 1 and j are in bounds of `slots`.
        unsafe { store_value(p.add(j), load_value(p.add(j - 1))) };
    }
}

/// `stack[i]` read as two 8-byte words ([`load_value`]), for a value the interpreter has
/// just stored (see `load_value` on store forwarding).
#[inline(always)]
pub(crate) fn read_two_words(stack: &[Value], i: usize) -> Value {
    let slot: *const Value = &stack[i];
    // SAFETY: `slot` comes from a reference to an initialised, aligned `Value`.
    unsafe { load_value(slot) }
}
