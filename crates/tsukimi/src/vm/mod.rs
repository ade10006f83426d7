//! The virtual machine: state, calls, the interpreter loop and the operations it falls back to.
//!
//! State is split in two (so coroutines can be added without a redesign):
//! - [`ThreadState`]: one Lua stack (a contiguous `Vec<Value>`; frame registers are windows
//!   `base..top` of it, addressed by index because the vector may move when it grows), the call
//!   frames ([`CallInfo`]), the open upvalues (sorted by stack slot, at most one per slot), the
//!   pending to-be-closed slots and the nested native call depth;
//! - [`Vm`]: everything shared: the heap, globals, registry, per-type metatables, metamethod
//!   names, output sink, warnings, interrupt flag and embedder roots.
//!
//! Errors are values: every operation that can fail returns `Result<_, LuaError>`; nothing
//! unwinds. When an error propagates, frames are *not* popped on the way: the catcher (pcall,
//! xpcall, the API) still sees the erroring frames, so a message handler or traceback can run
//! at the point of the error; the catcher then truncates frames, closes upvalues and pending
//! to-be-closed variables, and restores the stack top.
//!
//! Submodules: `call` (call/return/pcall machinery), `execute` (the dispatch loop), `meta`
//! (metamethod lookup, indexing, arithmetic/comparison/concat fallbacks), `number`
//! (conversions and formatting), `fast_native` (math functions CALL computes in place), `frames`
//! (the call-frame stack), `debug` (names of culprits, tracebacks), `api_support` (the
//! helpers native functions use: arguments, pushing, errors).

pub mod api_support;
pub mod call;
pub mod coroutine;
pub mod debug;
mod execute;
mod execute_slow;
pub(crate) mod fast_native;
mod frames;
pub mod hook;
mod load;
pub mod meta;
mod method_cache;
mod native_stack;
pub mod number;

use std::io::Write;
use std::sync::atomic::AtomicBool;
use std::sync::Arc;

use crate::gc::Heap;
use crate::object::function::{LuaClosure, UpVal};
use crate::object::string::LuaString;
use crate::object::table::Table;
use crate::value::{Gc, Value};

pub use meta::Tm;

/// Maximum Lua stack size in slots (`LUAI_MAXSTACK`).
pub const MAX_STACK: usize = 1_000_000;
/// Extra slots usable while handling a stack overflow (`EXTRA_STACK`-ish error zone).
pub const ERROR_STACK_EXTRA: usize = 200;
/// Maximum nesting of native calls (`LUAI_MAXCCALLS`).
pub const MAX_NATIVE_CALLS: u32 = 200;
/// Slots guaranteed to a native function on entry (`LUA_MINSTACK`).
pub const MIN_STACK: usize = 20;
/// Slots every Lua frame has physically available past its base: any register operand
/// (8-bit A plus 8-bit B/C offsets, TFORCALL's +3) stays inside, which is what makes unchecked
/// register access in the dispatch loop sound without trusting `max_stack_size`.
pub const FRAME_SLACK: usize = 528;
/// `nresults` meaning "all results".
pub const MULTRET: i32 = -1;

/// An error travelling through the runtime: the Lua error value (any type).
///
/// Invariant: the value is not rooted while it travels; no collection may happen between
/// raising and catching except where the catcher first stores it on the stack.
#[derive(Clone, Copy, Debug)]
pub struct LuaError {
    pub value: Value,
}

/// The argument window of a native call: stack slots `base .. base + count`.
#[derive(Clone, Copy, Debug)]
pub struct ArgRange {
    pub base: usize,
    pub count: usize,
}

/// Frame status bits.
pub(crate) mod status {
    /// The interpreter invocation that started this frame returns when the frame returns.
    pub const FRESH: u8 = 1;
    /// The frame was entered by a tail call.
    pub const TAIL: u8 = 2;
    /// The frame is calling a finalizer (set by `call_finalizer` around the call).
    pub const FIN: u8 = 4;
    /// A debug hook is running for this frame (the function it calls is named "hook").
    pub const HOOKED: u8 = 8;
}

/// One call frame.
#[derive(Clone, Copy, Debug)]
pub struct CallInfo {
    /// Stack slot of the function value.
    pub func: usize,
    /// First register (`func + 1`, except after VARARGPREP moved the frame up).
    pub base: usize,
    /// One past the last slot the frame may use.
    pub top: usize,
    /// Lua frames: index of the next instruction to execute (saved on calls and errors).
    pub pc: usize,
    /// Results the caller wants (`MULTRET` = all).
    pub nresults: i32,
    /// The closure, for Lua frames; `None` for native frames.
    pub closure: Option<Gc<LuaClosure>>,
    /// Number of extra (vararg) arguments, for vararg Lua functions.
    pub extra_args: usize,
    pub status: u8,
    /// Lua frames: the closure's code (`closure.proto.code`), so that resuming a caller
    /// fetches its next instruction without going through the closure and its prototype;
    /// null for native frames.
    pub(crate) code: *const tsukimi_bytecode::Instruction,
}

/// Per-thread (per-coroutine) state.
pub struct ThreadState {
    pub(crate) stack: Vec<Value>,
    pub(crate) top: usize,
    /// The call frames, bottom first (`frames.rs`: the interpreter reaches the running
    /// one through the stack's top pointer).
    pub(crate) frames: frames::FrameStack,
    pub(crate) open_upvalues: Vec<Gc<UpVal>>,
    /// Stack slots of pending to-be-closed variables, in order of creation.
    pub(crate) tbc: Vec<usize>,
    pub(crate) native_calls: u32,
    /// Current logical stack limit (raised while handling a stack overflow).
    pub(crate) stack_limit: usize,
    /// The thread object this state belongs to (`None`: the main thread); open upvalues
    /// created on this stack name it.
    pub(crate) owner: Option<Gc<coroutine::LuaThread>>,
    /// Debug hook settings and tracing state (`vm::hook`).
    pub(crate) hook: hook::HookState,
    /// The outermost frame is run by a host the way `lua.c` runs a script: debug levels
    /// and tracebacks include that host's native level below it.
    pub(crate) host_entry: bool,
}

/// A value held by an embedder handle; the collector keeps it alive while a handle exists.
pub struct RootCell {
    value: Value,
    pub(crate) state_id: u64,
}

// SAFETY: the value is only dereferenced through `&mut Lua` of the state that created it
// (checked by `state_id`), which serialises every access; the cell itself is immutable.
unsafe impl Send for RootCell {}
// SAFETY: as above; shared references never read the pointee without the owning state.
unsafe impl Sync for RootCell {}

impl RootCell {
    pub(crate) fn value(&self) -> Value {
        self.value
    }

    pub(crate) fn from_parts(value: Value, state_id: u64) -> RootCell {
        RootCell { value, state_id }
    }
}

/// Where warnings stand (`warn("@on")` / `warn("@off")`, multi-part messages).
#[derive(Default)]
pub(crate) struct WarnState {
    pub on: bool,
    pub continuing: bool,
}

/// The whole Lua state.
pub struct Vm {
    pub(crate) heap: Heap,
    pub(crate) th: ThreadState,
    pub(crate) globals: Gc<Table>,
    pub(crate) registry: Gc<Table>,
    /// `package.loaded` (registry `_LOADED`): modules by name; `_G` is registered here.
    pub(crate) loaded: Gc<Table>,
    /// Metatables of non-table, non-userdata types, indexed by `LuaType as usize`.
    pub(crate) type_metatables: [Option<Gc<Table>>; 8],
    /// Interned metamethod names, indexed by `Tm`.
    /// The event names (`__index`...), an array so that a name is one load from the `Vm`
    /// (a `Vec` adds a dependent load to every metamethod lookup).
    pub(crate) tm_names: [Gc<LuaString>; tsukimi_bytecode::events::EVENT_COUNT],
    pub(crate) memory_error_message: Gc<LuaString>,
    pub(crate) interrupt: Arc<AtomicBool>,
    pub(crate) output: Box<dyn Write + Send>,
    pub(crate) warn: WarnState,
    pub(crate) api_roots: Vec<Arc<RootCell>>,
    pub(crate) id: u64,
    /// Coroutine bookkeeping: running thread, main thread object, value transfer, stacks.
    pub(crate) coroutines: coroutine::Coroutines,
    /// The interpreter's trap copy of the running function's code (`vm/execute.rs`, how
    /// the untraced loop hands over to the traced one at the next instruction).
    pub(crate) trap_code: Vec<tsukimi_bytecode::Instruction>,
    /// The base library's `next` and `ipairs` iterator (`None` until it is opened): what
    /// `pairs`/`ipairs` return whatever the globals say, and what TFORCALL runs inline.
    /// GC roots.
    pub(crate) iterators: BuiltinIterators,
    /// `os.setlocale`'s locale names (per state; the process locale is never changed).
    pub(crate) locale: crate::stdlib::os::locale::LocaleNames,
    /// Results of `__index` walks by metatable and method name (`method_cache.rs`).
    pub(crate) method_cache: method_cache::MethodCache,
}

/// The iterator functions of the base library (see `Vm::iterators`).
#[derive(Default, Clone, Copy)]
pub(crate) struct BuiltinIterators {
    pub(crate) next: Option<Gc<crate::object::function::NativeFunction>>,
    pub(crate) ipairs_aux: Option<Gc<crate::object::function::NativeFunction>>,
    /// Where the last `pairs` step stopped: the table's address and the position of the
    /// entry it returned, the hint for the next step (`Table::next_hinted`). Only an
    /// address, never dereferenced: a hint for another table is simply not used.
    pub(crate) next_hint: (usize, usize),
}

// SAFETY: the state owns every object it points to (no sharing with other states, no Rc, no
// thread-locals); moving it to another thread moves the whole object graph with it.
unsafe impl Send for Vm {}

static NEXT_STATE_ID: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);

impl Vm {
    /// A fresh state with no libraries opened.
    pub fn new_bare() -> Box<Vm> {
        let mut heap = Heap::default();
        let stress = heap.stress;
        heap.stress = false;
        // Creating the initial objects cannot exceed a limit: none is set yet.
        let globals = heap.alloc_table(0, 0).expect("no memory limit at creation");
        let registry = heap.alloc_table(0, 0).expect("no memory limit at creation");
        let loaded = heap.alloc_table(0, 0).expect("no memory limit at creation");
        let tm_names = Tm::ALL.map(|tm| {
            heap.alloc_string(tm.name().as_bytes())
                .expect("no memory limit")
        });
        let memory_error_message = heap
            .alloc_string(b"not enough memory")
            .expect("no memory limit at creation");
        let mut stack = Vec::new();
        stack.resize(FRAME_SLACK + MIN_STACK, Value::Nil);
        let mut vm = Box::new(Vm {
            heap,
            th: ThreadState {
                stack,
                top: 0,
                frames: frames::FrameStack::new(),
                open_upvalues: Vec::new(),
                tbc: Vec::new(),
                native_calls: 0,
                stack_limit: MAX_STACK,
                owner: None,
                hook: hook::HookState::default(),
                host_entry: false,
            },
            globals,
            registry,
            loaded,
            type_metatables: [None; 8],
            tm_names,
            memory_error_message,
            interrupt: Arc::new(AtomicBool::new(false)),
            trap_code: Vec::new(),
            iterators: BuiltinIterators::default(),
            locale: Default::default(),
            method_cache: Default::default(),
            output: default_output(),
            warn: WarnState::default(),
            api_roots: Vec::new(),
            id: NEXT_STATE_ID.fetch_add(1, std::sync::atomic::Ordering::Relaxed),
            coroutines: coroutine::Coroutines::default(),
        });
        let key = vm.heap.alloc_string(b"_LOADED").expect("no memory limit");
        let _ = registry.set(&mut vm.heap, Value::String(key), Value::Table(loaded));
        let key = vm.heap.alloc_string(b"_G").expect("no memory limit");
        let _ = registry.set(&mut vm.heap, Value::Integer(2), Value::Table(globals));
        let _ = loaded.set(&mut vm.heap, Value::String(key), Value::Table(globals));
        vm.heap.stress = stress;
        vm
    }

    /// The globals table.
    pub fn globals(&self) -> Gc<Table> {
        self.globals
    }

    /// The registry table.
    pub fn registry(&self) -> Gc<Table> {
        self.registry
    }

    /// `package.loaded`.
    pub fn loaded(&self) -> Gc<Table> {
        self.loaded
    }

    /// Mutable access to the heap (allocation, accounting).
    pub fn heap(&mut self) -> &mut Heap {
        &mut self.heap
    }

    /// The metatable of a non-table, non-userdata type (e.g. the string metatable).
    pub fn type_metatable(&self, t: crate::value::LuaType) -> Option<Gc<Table>> {
        self.type_metatables[t as usize]
    }

    /// Sets the metatable shared by all values of a basic type (the string library sets the
    /// string metatable's `__index`).
    pub fn set_type_metatable(&mut self, t: crate::value::LuaType, mt: Option<Gc<Table>>) {
        self.type_metatables[t as usize] = mt;
    }

    /// Where `print` writes.
    pub fn output(&mut self) -> &mut (dyn Write + Send) {
        &mut *self.output
    }

    /// Replaces the output sink (flushing the old one).
    pub fn set_output(&mut self, w: Box<dyn Write + Send>) {
        let _ = self.output.flush();
        self.output = w;
    }

    /// The interrupt flag.
    pub fn interrupt_flag(&self) -> Arc<AtomicBool> {
        self.interrupt.clone()
    }
}

/// Standard output the way C stdio buffers it: line-buffered on a terminal, fully buffered
/// otherwise (much faster for `print`-heavy scripts writing to a pipe or file). The state
/// flushes it when dropped; hosts flush it before writing errors to stderr.
fn default_output() -> Box<dyn Write + Send> {
    use std::io::IsTerminal;
    let out = std::io::stdout();
    if out.is_terminal() {
        Box::new(std::io::LineWriter::new(out))
    } else {
        Box::new(std::io::BufWriter::with_capacity(1 << 16, out))
    }
}

impl Drop for Vm {
    fn drop(&mut self) {
        // lua_close: pending finalizers run before anything is freed.
        self.finalize_all();
        // Suspended coroutines are finished without unwinding their native stacks.
        self.kill_all_threads();
        let _ = self.output.flush();
        self.heap.free_all();
    }
}
