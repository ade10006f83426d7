//! Coroutines (Lua threads) on their own native stacks (DESIGN.md §6).
//!
//! **Model.** A [`LuaThread`] is a heap object (`type()` = "thread") owning one Lua state
//! ([`ThreadState`]: value stack, call frames, open upvalues, to-be-closed slots) and, once
//! first resumed, one native coroutine (corosensei) whose machine stack runs the interpreter
//! for it. The VM always runs *the current thread's* state in `Vm::th`; every other thread
//! keeps its state inside its object. Resuming thread C from thread P moves P's state into P's
//! object, moves C's state into `Vm::th`, and switches native stacks; yielding (or returning)
//! switches back and moves the states back. So `coroutine.yield` works from *anywhere* on C's
//! native stack — inside metamethods, iterators, `table.sort` comparators, `string.gsub`
//! callbacks, `pcall` bodies, Rust functions that call back into Lua: the whole native call
//! chain simply waits on C's stack. `coroutine.isyieldable()` is therefore true in every
//! coroutine (PUC Lua says false inside C calls; we never need to).
//!
//! The main thread has an object too (created lazily, rooted by the VM) so that
//! `coroutine.running()` can return it and its state has a home while a coroutine runs.
//!
//! **Invariants.**
//! - Exactly one thread is *running*: `Coroutines::current` (`None` = main). Its state is in
//!   `Vm::th` and its object's `state` cell is empty. Threads that resumed it (transitively) are
//!   *normal*; every other started thread is *suspended* inside `coroutine.yield` on its own
//!   native stack, or *dead*.
//! - Values cross between threads only through `Coroutines::transfer`, filled and drained
//!   with no safe point in between (allocation never collects), so the buffer needs no rooting.
//! - The `Vm` lives at a stable address (it is always boxed); frames suspended on a coroutine
//!   stack hold `&mut Vm` and use it again when resumed. While they are suspended, the VM is
//!   used only through the resumer's `&mut Vm`, one at a time, never concurrently. Before each
//!   switch the VM pointer is passed through `black_box`, so the compiler treats the VM as
//!   read and written by the switch.
//! - No panic crosses a coroutine boundary: the body runs under `catch_unwind`, and a panic
//!   becomes a Lua error ("internal error") of the resumer.
//!
//! **Finishing a suspended coroutine without unwinding.** corosensei unwinds a suspended
//! coroutine's stack when it is dropped (a panic-like unwind through every frame on it), which
//! would be unsound through compiled (JIT) frames that carry no unwind information. We never
//! let that happen: a suspended coroutine that must go away (`coroutine.close`, the collector
//! finding it unreachable, state close) is *killed*: resumed with a kill signal, so its pending
//! `coroutine.yield` returns a Lua error, which every frame propagates as an ordinary `Err`
//! back to the coroutine's entry. While a kill runs (`Coroutines::killing`) protected calls do
//! not catch, message handlers and `__close` handlers do not run, new calls fail at once and
//! yielding fails, so no Lua code runs and every native frame returns normally, running its
//! own destructors as on any error path. The drained native stack goes back to the pool.
//! The collector never kills during a collection: like objects with finalizers, unreachable
//! suspended threads are resurrected for one cycle, killed after the sweep (their stack values
//! are still alive then), and freed by a later collection. As a last line of defence,
//! dropping a `LuaThread` whose coroutine is still suspended calls `force_reset` (a longjmp to
//! the entry that skips destructors: it may leak buffers owned by suspended frames but never
//! unwinds) — this is not reached by the paths above.
//!
//! **Native stacks.** Each is [`COROUTINE_STACK_SIZE`] bytes of reserved address space with a
//! guard page (mmap; pages are committed only when touched), allocated at the first resume,
//! not at `coroutine.create`, and returned to a small pool when the coroutine finishes. The
//! size covers the interpreter's re-entrancy limit: a thread's C-call count
//! (`ThreadState::native_calls`) continues from its resumer's, as `lua_resume` sets
//! `nCcalls`, so the nesting on any one native stack stays below `MAX_NATIVE_CALLS`, which is
//! hit long before the guard page; and nested resumes count against the same limit (a
//! resume from a thread at the limit is refused with "C stack overflow"). Stacks are counted
//! process-wide against Linux's mapping limit (`vm/native_stack.rs`): past about 30,000
//! suspended coroutines a first resume fails with "not enough memory" instead of the next
//! `malloc` aborting the process.

use std::cell::Cell;
use std::panic::{catch_unwind, AssertUnwindSafe};

use corosensei::{Coroutine, CoroutineResult, Yielder};

use crate::object::function::UpVal;
use crate::value::{Gc, Value};
use crate::vm::native_stack::CountedStack;
use crate::vm::{LuaError, ThreadState, Vm, FRAME_SLACK, MAX_NATIVE_CALLS, MAX_STACK, MIN_STACK};

/// Reserved native stack per coroutine (address space; only touched pages use memory).
/// Measured: 200 nested metamethod/pcall levels need well under 1 MiB in a debug build.
pub const COROUTINE_STACK_SIZE: usize = 2 * 1024 * 1024;

/// Lua stack slots of a new coroutine: room for a Lua frame and a native call above it
/// (each needs `FRAME_SLACK` past its base), so a simple coroutine never grows its stack.
pub const INITIAL_STACK_SLOTS: usize = FRAME_SLACK + 4 * MIN_STACK;

/// Bytes charged to the heap's accounting while a coroutine owns a native stack: about what
/// a suspended coroutine's stack really uses (its top pages), so a memory limit also bounds
/// the number of live coroutines.
pub const NATIVE_STACK_CHARGE: usize = 8 * 1024;

/// Finished coroutines' stacks kept for reuse.
const STACK_POOL_LIMIT: usize = 16;

/// A coroutine's status, as `coroutine.status` names it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CoStatus {
    /// Created and not started, or stopped in `coroutine.yield`.
    Suspended,
    /// The running thread.
    Running,
    /// Resumed another coroutine and waits for it.
    Normal,
    /// Returned, failed or was closed.
    Dead,
}

impl CoStatus {
    /// The name `coroutine.status` returns.
    pub fn name(self) -> &'static str {
        match self {
            CoStatus::Suspended => "suspended",
            CoStatus::Running => "running",
            CoStatus::Normal => "normal",
            CoStatus::Dead => "dead",
        }
    }
}

/// What a resume tells a coroutine.
#[derive(Clone, Copy)]
struct ResumeSignal {
    vm: *mut Vm,
    kill: bool,
}

/// How a coroutine's body ended (results, if any, are in `Coroutines::transfer`).
enum BodyEnd {
    Returned,
    Failed(Value),
}

type NativeCoroutine = Coroutine<ResumeSignal, (), BodyEnd, CountedStack>;
type ThreadYielder = Yielder<ResumeSignal, ()>;

/// A Lua thread object. All fields are cells: the object is reached through shared `Gc`
/// pointers, and no borrow is ever held across a switch.
pub struct LuaThread {
    /// The Lua state while this thread is not the running one: initialised exactly when
    /// `state_home` is set (moved out to `Vm::th` while the thread runs; `Drop` drops it
    /// only when it is home). A switch moves two states, each copied once (`switch_to`,
    /// `switch_back`): exchanging them with an empty placeholder cost twice the copying,
    /// about a fifth of a resume/yield loop's instructions. Accessed only through
    /// `home_state`, `swap_home_state`, `move_in` and `move_out`, never with a borrow that
    /// lives across a call which could reach this cell again.
    state: std::cell::UnsafeCell<std::mem::MaybeUninit<ThreadState>>,
    state_home: Cell<bool>,
    status: Cell<CoStatus>,
    /// The native coroutine once started (taken out while it runs).
    native: Cell<Option<Box<NativeCoroutine>>>,
    /// The body's yielder (on the native stack's bottom frame), valid while started.
    yielder: Cell<*const ThreadYielder>,
    /// The thread that resumed this one (while running or normal).
    resumer: Cell<Option<Gc<LuaThread>>>,
    /// The error value this thread died with (kept for `coroutine.close`).
    error: Cell<Option<Value>>,
    /// `coroutine.close` is running this thread's `__close` handlers on the closer's stack.
    closing: Cell<bool>,
    /// The C-call count this thread's own nesting starts from (its last resumer's).
    call_base: Cell<u32>,
    /// `NATIVE_STACK_CHARGE` is currently charged for this thread's native stack.
    native_charged: Cell<bool>,
    is_main: bool,
}

impl LuaThread {
    fn new(is_main: bool) -> LuaThread {
        LuaThread {
            state: std::cell::UnsafeCell::new(std::mem::MaybeUninit::uninit()),
            state_home: Cell::new(false),
            status: Cell::new(CoStatus::Suspended),
            native: Cell::new(None),
            yielder: Cell::new(std::ptr::null()),
            resumer: Cell::new(None),
            error: Cell::new(None),
            closing: Cell::new(false),
            call_base: Cell::new(0),
            native_charged: Cell::new(false),
            is_main,
        }
    }

    /// Whether this is the main thread's object.
    pub fn is_main(&self) -> bool {
        self.is_main
    }

    /// Runs `f` on this thread's state if it is at home (the thread is not running).
    /// `f` must not reach this thread's state again (it gets no `Vm`).
    fn home_state<R>(&self, f: impl FnOnce(&mut ThreadState) -> R) -> Option<R> {
        if !self.state_home.get() {
            return None;
        }
        // SAFETY: the state is home, so the cell is initialised. The VM is single-threaded
        // and no other borrow of the cell is live (see the field); the borrow lives only
        // during `f`, which has no access to the VM or to this object's state by any other
        // path.
        Some(f(unsafe { (*self.state.get()).assume_init_mut() }))
    }

    /// Exchanges this thread's home state with `th` for a moment (`with_thread_state`, which
    /// swaps back before anything else runs): the cell stays initialised, holding the other
    /// state meanwhile, so `state_home` is left alone.
    fn swap_home_state(&self, th: &mut ThreadState) {
        assert!(self.state_home.get(), "swap_home_state: state not home");
        // SAFETY: the state is home (checked), so the cell is initialised; a short, unique
        // borrow with no reentry, as in `home_state`.
        std::mem::swap(th, unsafe { (*self.state.get()).assume_init_mut() });
    }

    /// Moves the state at `th` into this thread's empty cell. The bits at `th` then belong
    /// to the cell: callers overwrite `th` at once ([`LuaThread::move_out`]) or never use it
    /// again.
    ///
    /// # Safety
    /// The cell must be empty (`state_home` false), `th` must point to a valid state outside
    /// this object, and that state must not be used or dropped through `th` afterwards.
    unsafe fn move_in(&self, th: *const ThreadState) {
        debug_assert!(!self.state_home.get());
        // SAFETY: the cell is empty and `th` a valid state elsewhere (caller's contract), so
        // the regions do not overlap; the caller treats `th` as moved out.
        unsafe { std::ptr::copy_nonoverlapping(th, (*self.state.get()).as_mut_ptr(), 1) };
        self.state_home.set(true);
    }

    /// Moves this thread's state out of its cell into `th`, whose previous content is not
    /// dropped (it was moved elsewhere by [`LuaThread::move_in`]).
    ///
    /// # Safety
    /// The state must be home, `th` valid for writes outside this object, and its previous
    /// content already owned elsewhere.
    unsafe fn move_out(&self, th: *mut ThreadState) {
        debug_assert!(self.state_home.get());
        // SAFETY: the cell is initialised (home); the regions do not overlap; `th`'s old bits
        // are owned elsewhere (caller's contract), so overwriting them leaks nothing.
        unsafe { std::ptr::copy_nonoverlapping((*self.state.get()).as_ptr(), th, 1) };
        self.state_home.set(false);
    }

    /// Bytes accounted to this object (the box and its Lua stack).
    pub(crate) fn heap_size(&self) -> usize {
        let stack = self
            .home_state(|s| s.stack.len() * std::mem::size_of::<Value>())
            .unwrap_or(0);
        let native = if self.native_charged.get() {
            NATIVE_STACK_CHARGE
        } else {
            0
        };
        std::mem::size_of::<crate::value::GcBox<LuaThread>>() + stack + native
    }

    /// Visits every value this thread keeps alive (collector), clearing dead stack slots.
    pub(crate) fn trace(&self, mut visit: impl FnMut(TraceItem)) {
        self.home_state(|state| state.trace(&mut visit));
        if let Some(v) = self.error.get() {
            visit(TraceItem::Value(v));
        }
        if let Some(r) = self.resumer.get() {
            visit(TraceItem::Value(Value::Thread(r)));
        }
    }

    /// Whether a native coroutine is stopped inside `coroutine.yield` (it must be killed
    /// before the object may be freed).
    pub(crate) fn needs_kill(&self) -> bool {
        let native = self.native.take();
        let r = native.as_ref().is_some_and(|n| n.started() && !n.done());
        self.native.set(native);
        r
    }
}

impl Drop for LuaThread {
    fn drop(&mut self) {
        if self.state_home.get() {
            // SAFETY: a home state is initialised, and this is its last use.
            unsafe { self.state.get_mut().assume_init_drop() };
        }
        if let Some(mut native) = self.native.take() {
            if native.started() && !native.done() {
                // SAFETY: last line of defence (module essay): never unwind a suspended
                // coroutine's stack. `force_reset` skips the destructors of its frames, which
                // own at most some heap buffers (leaked); nothing else refers to that stack.
                unsafe { native.force_reset() };
            }
        }
    }
}

/// What a thread's trace hands the collector.
pub(crate) enum TraceItem {
    Value(Value),
    UpVal(Gc<crate::object::function::UpVal>),
    Closure(Gc<crate::object::function::LuaClosure>),
}

impl ThreadState {
    /// A fresh state on `stack` (`INITIAL_STACK_SLOTS` nils): an empty stack with room for
    /// the first frame.
    fn with_stack(stack: Vec<Value>) -> ThreadState {
        ThreadState {
            stack,
            top: 0,
            frames: super::frames::FrameStack::new(),
            open_upvalues: Vec::new(),
            tbc: Vec::new(),
            native_calls: 0,
            stack_limit: MAX_STACK,
            owner: None,
            hook: crate::vm::hook::HookState::default(),
            host_entry: false,
        }
    }

    /// The highest live slot: the top, or the innermost Lua frame's whole window (a native
    /// frame's values end at the top), as `traversethread` does.
    pub(crate) fn live_top(&self) -> usize {
        let mut top = self.top;
        if let Some(ci) = self.frames.last() {
            if ci.closure.is_some() {
                top = top.max(ci.top);
            }
        }
        top.min(self.stack.len())
    }

    /// Visits the live stack, open upvalues and frame closures; clears dead slots above.
    pub(crate) fn trace(&mut self, visit: &mut impl FnMut(TraceItem)) {
        let top = self.live_top();
        for v in &self.stack[..top] {
            visit(TraceItem::Value(*v));
        }
        for v in &mut self.stack[top..] {
            *v = Value::Nil;
        }
        for u in &self.open_upvalues {
            visit(TraceItem::UpVal(*u));
        }
        for ci in self.frames.iter() {
            if let Some(c) = ci.closure {
                visit(TraceItem::Closure(c));
            }
        }
    }
}

/// The VM's coroutine bookkeeping.
#[derive(Default)]
pub struct Coroutines {
    /// The running thread (`None` = the main thread).
    current: Option<Gc<LuaThread>>,
    /// The main thread's object, once needed.
    main: Option<Gc<LuaThread>>,
    /// Values moving between threads (arguments, yielded values, results).
    transfer: Vec<Value>,
    /// Finished coroutines' native stacks.
    stack_pool: Vec<CountedStack>,
    /// A kill is running: errors are not caught, no Lua code may start.
    pub(crate) killing: bool,
    /// Unreachable suspended threads found by the collector, to kill after the collection.
    pub(crate) pending_kill: Vec<Gc<LuaThread>>,
    /// Threads interrupted by a running `__gc` finalizer (innermost last): they may not yield
    /// until it returns, as finalizers are not yieldable in Lua.
    finalizing: Vec<Option<Gc<LuaThread>>>,
}

/// What `switch_to` saved, for `switch_back`.
struct Switch {
    caller: Gc<LuaThread>,
    saved_current: Option<Gc<LuaThread>>,
    saved_killing: bool,
}

/// Why a resume did not deliver values.
pub enum ResumeError {
    /// The coroutine cannot be resumed (dead, running, normal, C stack overflow): the
    /// message, without position.
    Refused(&'static str),
    /// The coroutine raised this error (it is now dead).
    Failed(Value),
}

impl Vm {
    /// The running thread's object (the main thread's, created on first use).
    pub fn running_thread(&mut self) -> Result<Gc<LuaThread>, LuaError> {
        match self.coroutines.current {
            Some(t) => Ok(t),
            None => self.main_thread(),
        }
    }

    /// Whether the main thread is running.
    pub fn main_is_running(&self) -> bool {
        self.coroutines.current.is_none()
    }

    fn main_thread(&mut self) -> Result<Gc<LuaThread>, LuaError> {
        if let Some(m) = self.coroutines.main {
            return Ok(m);
        }
        let m = match self.heap.alloc_thread(LuaThread::new(true)) {
            Ok(m) => m,
            Err(_) => return Err(self.memory_error()),
        };
        m.status.set(CoStatus::Running);
        self.coroutines.main = Some(m);
        Ok(m)
    }

    /// Roots of the coroutine machinery (collector): the running thread, the main thread
    /// and threads waiting to be killed.
    pub(crate) fn coroutine_roots(&self, mut visit: impl FnMut(Value)) {
        for t in self
            .coroutines
            .current
            .iter()
            .chain(self.coroutines.main.iter())
            .chain(self.coroutines.pending_kill.iter())
        {
            visit(Value::Thread(*t));
        }
    }

    /// `coroutine.create(f)`: a suspended thread whose stack holds `f`. Like
    /// `lua_newthread`, the new thread inherits the creator's hook mask and count (its count
    /// down restarted); the hook *function* is looked up per thread in the hook table, so
    /// events reach a function only once one is registered for the new thread.
    pub fn new_thread(&mut self, f: Value) -> Result<Gc<LuaThread>, LuaError> {
        let Ok(mut stack) = crate::gc::fallible_vec(INITIAL_STACK_SLOTS) else {
            return Err(self.memory_error());
        };
        stack.resize(INITIAL_STACK_SLOTS, Value::Nil);
        let mut state = ThreadState::with_stack(stack);
        state.stack[0] = f;
        state.top = 1;
        let creator_hook = self.th.hook;
        state.hook.mask = creator_hook.mask;
        state.hook.base_count = creator_hook.base_count;
        state.hook.count = creator_hook.base_count;
        let t = match self.heap.alloc_thread(LuaThread::new(false)) {
            Ok(t) => t,
            Err(_) => return Err(self.memory_error()),
        };
        state.owner = Some(t);
        let state = std::mem::ManuallyDrop::new(state);
        // SAFETY: a fresh object's cell is empty; `state` is never used again (ManuallyDrop:
        // its bits now belong to the cell).
        unsafe { t.move_in(&*state) };
        Ok(t)
    }

    /// `coroutine.status(co)` as seen from the running thread.
    pub fn thread_status(&self, co: Gc<LuaThread>) -> CoStatus {
        match self.coroutines.current {
            Some(c) if c.ptr_eq(co) => CoStatus::Running,
            None if co.is_main => CoStatus::Running,
            _ => co.status.get(),
        }
    }

    /// Runs `f` with `co`'s Lua state installed as the VM's current state (for inspecting
    /// another thread: tracebacks, `debug.getinfo(co, ...)`, locals). `f` must not call Lua
    /// code nor yield. For the running thread `f` simply sees the current state.
    pub fn with_thread_state<R>(&mut self, co: Gc<LuaThread>, f: impl FnOnce(&mut Vm) -> R) -> R {
        if !co.state_home.get() {
            return f(self);
        }
        co.swap_home_state(&mut self.th);
        let r = f(self);
        co.swap_home_state(&mut self.th);
        r
    }

    /// Resumes `co` with `args`. On success the yielded or returned values are returned with
    /// `true` when the coroutine yielded (it is suspended again), `false` when it finished.
    pub fn resume_thread(
        &mut self,
        co: Gc<LuaThread>,
        args: &[Value],
    ) -> Result<(Vec<Value>, bool), ResumeError> {
        self.coroutines.transfer.clear();
        self.coroutines.transfer.extend_from_slice(args);
        let yielded = self.resume_transfer(co, false)?;
        let values = self.coroutines.transfer.to_vec();
        self.coroutines.transfer.clear();
        Ok((values, yielded))
    }

    /// Resumes `co` with the `count` values at stack slot `first` as arguments (no
    /// allocation). On success the yielded or returned values wait to be taken with
    /// [`Vm::push_resume_results`]; the boolean is `true` when the coroutine yielded.
    pub fn resume_with_stack_args(
        &mut self,
        co: Gc<LuaThread>,
        first: usize,
        count: usize,
    ) -> Result<bool, ResumeError> {
        self.coroutines.transfer.clear();
        let end = (first + count).min(self.th.stack.len());
        self.coroutines
            .transfer
            .extend_from_slice(&self.th.stack[first.min(end)..end]);
        self.resume_transfer(co, false)
    }

    /// Pushes the values the last resume delivered; returns their count.
    pub fn push_resume_results(&mut self) -> Result<usize, LuaError> {
        let n = self.coroutines.transfer.len();
        let top = self.th.top;
        if top + n + FRAME_SLACK > self.th.stack_limit {
            self.coroutines.transfer.clear();
            return Err(self.runtime_error_plain("too many results to resume"));
        }
        self.ensure_stack(top + n + FRAME_SLACK)?;
        self.th.stack[top..top + n].copy_from_slice(&self.coroutines.transfer);
        self.th.top = top + n;
        self.coroutines.transfer.clear();
        Ok(n)
    }

    /// Resumes `co`; arguments are in `transfer` and its results are left there. A failed
    /// resume empties `transfer`: the arguments must not reach whatever transfers next (a
    /// coroutine resuming itself with arguments, then returning, delivered them as results).
    fn resume_transfer(&mut self, co: Gc<LuaThread>, kill: bool) -> Result<bool, ResumeError> {
        let result = self.resume_transfer_checked(co, kill);
        if result.is_err() {
            self.coroutines.transfer.clear();
        }
        result
    }

    fn resume_transfer_checked(
        &mut self,
        co: Gc<LuaThread>,
        kill: bool,
    ) -> Result<bool, ResumeError> {
        match self.thread_status(co) {
            CoStatus::Suspended => {}
            CoStatus::Dead => return Err(ResumeError::Refused("cannot resume dead coroutine")),
            CoStatus::Running | CoStatus::Normal => {
                return Err(ResumeError::Refused(
                    "cannot resume non-suspended coroutine",
                ))
            }
        }
        if co.closing.get() || co.is_main {
            return Err(ResumeError::Refused(
                "cannot resume non-suspended coroutine",
            ));
        }
        let nesting = self.th.native_calls;
        if nesting >= MAX_NATIVE_CALLS && !kill {
            return Err(ResumeError::Refused("C stack overflow"));
        }
        // The native coroutine is taken out while it runs (and put back if it yields).
        let mut native = match co.native.take() {
            Some(native) => native,
            None if kill => {
                // Never started: nothing runs on a native stack.
                co.status.set(CoStatus::Dead);
                return Ok(false);
            }
            None => self
                .start_native(co)
                .map_err(|e| ResumeError::Failed(e.value))?,
        };
        let switch = match self.switch_to(co) {
            Ok(s) => s,
            Err(e) => {
                co.native.set(Some(native));
                return Err(ResumeError::Failed(e.value));
            }
        };
        // The coroutine's C-call count continues from its resumer's (`lua_resume`): its
        // suspended frames keep their own increments, only the base moves.
        let own = self.th.native_calls.saturating_sub(co.call_base.get());
        self.th.native_calls = nesting + own;
        co.call_base.set(nesting);
        self.coroutines.killing = kill;

        let vm_ptr: *mut Vm = std::hint::black_box(self as *mut Vm);
        let result = native.resume(ResumeSignal { vm: vm_ptr, kill });

        self.switch_back(co, switch);
        match result {
            CoroutineResult::Yield(()) => {
                co.native.set(Some(native));
                co.status.set(CoStatus::Suspended);
                Ok(true)
            }
            CoroutineResult::Return(end) => {
                co.status.set(CoStatus::Dead);
                self.recycle_stack(co, *native);
                match end {
                    BodyEnd::Returned => Ok(false),
                    BodyEnd::Failed(e) => {
                        co.error.set(Some(e));
                        Err(ResumeError::Failed(e))
                    }
                }
            }
        }
    }

    /// Makes `co` the running thread (its state in `Vm::th`); the caller's state goes home to
    /// the caller's object, where the collector finds it (through `co`'s resumer link).
    fn switch_to(&mut self, co: Gc<LuaThread>) -> Result<Switch, LuaError> {
        let caller = self.running_thread()?;
        if !co.state_home.get() || caller.state_home.get() {
            return Err(self.runtime_error_plain("cannot resume non-suspended coroutine"));
        }
        // The caller's state goes home, then co's state comes into Vm::th: nothing runs in
        // between, so Vm::th is never used while moved out.
        // SAFETY: the caller is running, so its cell is empty; co's state is home (both
        // checked above); `self.th` is overwritten by `move_out` right after `move_in`.
        unsafe {
            caller.move_in(&self.th);
            co.move_out(&mut self.th);
        }
        caller.status.set(CoStatus::Normal);
        co.status.set(CoStatus::Running);
        co.resumer.set(Some(caller));
        Ok(Switch {
            caller,
            saved_current: self.coroutines.current.replace(co),
            saved_killing: self.coroutines.killing,
        })
    }

    /// Undoes `switch_to`: the caller runs again, `co`'s state goes home.
    fn switch_back(&mut self, co: Gc<LuaThread>, s: Switch) {
        self.coroutines.killing = s.saved_killing;
        self.coroutines.current = s.saved_current;
        co.resumer.set(None);
        s.caller.status.set(CoStatus::Running);
        // Vm::th -> co's cell, then the caller's state comes back into Vm::th.
        // SAFETY: co is running, so its cell is empty; the caller's state is home since
        // `switch_to`; `self.th` is overwritten right after it moved out.
        unsafe {
            co.move_in(&self.th);
            s.caller.move_out(&mut self.th);
        }
    }

    fn recycle_stack(&mut self, co: Gc<LuaThread>, native: NativeCoroutine) {
        self.uncharge_native(co);
        if native.done() && self.coroutines.stack_pool.len() < STACK_POOL_LIMIT {
            self.coroutines.stack_pool.push(native.into_stack());
        }
    }

    /// Refunds the accounting charge of `co`'s native stack (it no longer has one).
    fn uncharge_native(&mut self, co: Gc<LuaThread>) {
        if co.native_charged.replace(false) {
            self.heap.adjust(-(NATIVE_STACK_CHARGE as isize));
        }
    }

    /// Creates the native coroutine for `co` (first resume).
    fn start_native(&mut self, co: Gc<LuaThread>) -> Result<Box<NativeCoroutine>, LuaError> {
        if self.heap.charge(NATIVE_STACK_CHARGE as isize).is_err() {
            return Err(self.memory_error());
        }
        let stack = match self.coroutines.stack_pool.pop() {
            Some(s) => s,
            // `None` also when the process has as many stacks as its mapping limit allows
            // (`vm/native_stack.rs`): an error here, not an abort in a later `malloc`.
            None => match CountedStack::new(COROUTINE_STACK_SIZE) {
                Some(s) => s,
                None => {
                    self.heap.adjust(-(NATIVE_STACK_CHARGE as isize));
                    return Err(self.memory_error());
                }
            },
        };
        co.native_charged.set(true);
        let body = move |yielder: &ThreadYielder, first: ResumeSignal| -> BodyEnd {
            co.yielder.set(yielder as *const ThreadYielder);
            // SAFETY: the VM outlives every coroutine it owns and is at a stable address
            // (module essay); the resumer is blocked in `resume` and does not use it.
            let vm = unsafe { &mut *first.vm };
            if first.kill {
                return BodyEnd::Failed(Value::Nil);
            }
            match catch_unwind(AssertUnwindSafe(|| run_body(vm))) {
                Ok(end) => end,
                Err(_) => BodyEnd::Failed(
                    vm.runtime_error_plain("internal error: panic in a coroutine")
                        .value,
                ),
            }
        };
        Ok(Box::new(Coroutine::with_stack(stack, body)))
    }

    /// `lua_isyieldable(thread)`: any coroutine may yield, except the main thread and the
    /// running coroutine while [`Vm::running_cannot_yield`] says so.
    pub fn thread_can_yield(&self, thread: Gc<LuaThread>) -> bool {
        if thread.is_main() {
            return false;
        }
        let running = self.coroutines.current.is_some_and(|co| co.ptr_eq(thread));
        !(running && self.running_cannot_yield(thread))
    }

    /// Whether the running coroutine `co` is where tsukimi refuses a yield: while it is being
    /// killed or closed (its `__close` handlers run inside `coroutine.close`) or runs a
    /// `__gc` finalizer. `coroutine.isyieldable` answers from this too.
    pub fn running_cannot_yield(&self, co: Gc<LuaThread>) -> bool {
        let in_finalizer = self
            .coroutines
            .finalizing
            .iter()
            .any(|t| same_thread(*t, Some(co)));
        self.coroutines.killing || co.closing.get() || in_finalizer
    }

    /// `coroutine.yield(...)` from a native function: suspends the running coroutine with
    /// `values` and returns the values of the next resume.
    pub fn yield_values(&mut self, count: usize, first: usize) -> Result<usize, LuaError> {
        let Some(co) = self.coroutines.current else {
            return Err(self.runtime_error_plain("attempt to yield from outside a coroutine"));
        };
        if self.running_cannot_yield(co) {
            return Err(self.runtime_error_plain("attempt to yield across a C-call boundary"));
        }
        let yielder = co.yielder.get();
        if yielder.is_null() {
            return Err(self.runtime_error_plain("attempt to yield across a C-call boundary"));
        }
        self.coroutines.transfer.clear();
        let end = (first + count).min(self.th.stack.len());
        self.coroutines
            .transfer
            .extend_from_slice(&self.th.stack[first.min(end)..end]);
        std::hint::black_box(self as *mut Vm);
        // SAFETY: `yielder` was set by this coroutine's body and lives on the bottom frame of
        // its native stack, which exists while the coroutine is started and not done; we are
        // running on that stack now (`current` is this coroutine).
        let signal = unsafe { &*yielder }.suspend(());
        if signal.kill {
            return Err(LuaError { value: Value::Nil });
        }
        let n = self.coroutines.transfer.len();
        let top = self.th.top;
        self.ensure_stack(top + n + FRAME_SLACK)?;
        self.th.stack[top..top + n].copy_from_slice(&self.coroutines.transfer);
        self.th.top = top + n;
        self.coroutines.transfer.clear();
        Ok(n)
    }

    /// `coroutine.close(co)` (`lua_closethread`): kills a suspended coroutine, runs its pending
    /// `__close` handlers (with its error if it died by one), and marks it dead. Returns the
    /// final error, if any. `co` must be suspended or dead.
    pub fn close_thread(&mut self, co: Gc<LuaThread>) -> Result<(), Value> {
        if co.needs_kill() {
            self.kill_thread(co);
        }
        co.status.set(CoStatus::Suspended);
        let err = co.error.take();
        let switch = match self.switch_to(co) {
            Ok(s) => s,
            Err(e) => {
                co.status.set(CoStatus::Dead);
                return Err(e.value);
            }
        };
        co.closing.set(true);
        self.coroutines.killing = false;
        let high = self.error_point_top();
        self.th.frames.clear();
        self.th.native_calls = 0;
        self.th.top = high;
        let start = err.unwrap_or(Value::Nil);
        let final_err = self.unwind_to(0, start);
        let failed = err.is_some() || !final_err.raw_eq(start);
        self.close_upvalues(0);
        self.th.tbc.clear();
        self.th.top = 0;
        co.closing.set(false);
        self.switch_back(co, switch);
        co.status.set(CoStatus::Dead);
        if failed {
            Err(final_err)
        } else {
            Ok(())
        }
    }

    /// Finishes a suspended coroutine without unwinding its native stack (module essay).
    pub(crate) fn kill_thread(&mut self, co: Gc<LuaThread>) {
        let previous_error = co.error.take();
        self.kill_attempts(co);
        co.error.set(previous_error);
    }

    fn kill_attempts(&mut self, co: Gc<LuaThread>) {
        for _ in 0..8 {
            if !co.needs_kill() {
                return;
            }
            co.status.set(CoStatus::Suspended);
            let _ = self.resume_transfer(co, true);
            self.coroutines.transfer.clear();
        }
        if let Some(mut native) = co.native.take() {
            // SAFETY: as in `Drop for LuaThread`: skip destructors rather than unwind.
            unsafe { native.force_reset() };
        }
        self.uncharge_native(co);
        self.with_thread_state(co, |vm| vm.close_upvalues(0));
        co.status.set(CoStatus::Dead);
    }

    /// Kills the suspended threads the collector found unreachable (after a collection).
    pub(crate) fn kill_pending_threads(&mut self) {
        while let Some(co) = self.coroutines.pending_kill.pop() {
            self.kill_thread(co);
            co.status.set(CoStatus::Dead);
            co.home_state(|state| {
                state.top = 0;
                state.frames.clear();
                state.tbc.clear();
                state.open_upvalues.clear();
            });
        }
    }

    /// Kills every suspended coroutine (state close, before the heap is freed).
    pub(crate) fn kill_all_threads(&mut self) {
        let threads: Vec<Gc<LuaThread>> = self
            .heap
            .objects
            .iter()
            .filter_map(|o| match o {
                crate::gc::GcObject::Thread(t) => Some(*t),
                _ => None,
            })
            .collect();
        for t in threads {
            if t.needs_kill() {
                self.kill_thread(t);
            }
        }
    }

    /// Marks the running thread as running a finalizer (it may not yield until
    /// `leave_finalizer`); returns the token to pass back.
    pub(crate) fn enter_finalizer(&mut self) -> Option<Gc<LuaThread>> {
        let t = self.coroutines.current;
        self.coroutines.finalizing.push(t);
        t
    }

    /// Ends what `enter_finalizer` started.
    pub(crate) fn leave_finalizer(&mut self, token: Option<Gc<LuaThread>>) {
        if let Some(pos) = self
            .coroutines
            .finalizing
            .iter()
            .rposition(|t| same_thread(*t, token))
        {
            self.coroutines.finalizing.remove(pos);
        }
    }

    /// Whether a protected call must let errors through (a kill is unwinding).
    #[inline]
    pub(crate) fn killing(&self) -> bool {
        self.coroutines.killing
    }
}

/// The coroutine's entry: calls the function at slot 0 with the resume arguments.
fn run_body(vm: &mut Vm) -> BodyEnd {
    let n = vm.coroutines.transfer.len();
    if vm.ensure_stack(1 + n + FRAME_SLACK).is_err() {
        return BodyEnd::Failed(vm.memory_error().value);
    }
    vm.th.stack[1..1 + n].copy_from_slice(&vm.coroutines.transfer);
    vm.th.top = 1 + n;
    vm.coroutines.transfer.clear();
    match vm.call(0, crate::vm::MULTRET) {
        Ok(()) => {
            let top = vm.th.top;
            vm.coroutines
                .transfer
                .extend_from_slice(&vm.th.stack[..top]);
            vm.th.top = 0;
            vm.close_upvalues(0);
            BodyEnd::Returned
        }
        Err(e) => {
            // The frames stay (tracebacks of the dead coroutine); its open upvalues are
            // closed now, so none outlives the thread (module invariant).
            vm.close_upvalues(0);
            BodyEnd::Failed(e.value)
        }
    }
}

/// Whether two thread identities (`None`: the main thread) are the same thread.
#[inline(always)]
pub(crate) fn same_thread(a: Option<Gc<LuaThread>>, b: Option<Gc<LuaThread>>) -> bool {
    match (a, b) {
        (None, None) => true,
        (Some(x), Some(y)) => x.ptr_eq(y),
        _ => false,
    }
}

impl Vm {
    /// The value of an upvalue cell wherever it lives (debug library, API).
    pub fn upvalue_value(&mut self, uv: Gc<UpVal>) -> Value {
        uv.get()
    }
}
