//! Functions: runtime prototypes, Lua closures, native (Rust) functions and upvalues.
//!
//! - [`FnProto`] is the GC-managed form of a compiled `tsukimi_bytecode::Proto`: the same code
//!   and debug information, with constants converted to `Value`s (strings interned) and nested
//!   prototypes converted recursively. It is immutable after creation.
//! - [`LuaClosure`] pairs a prototype with its upvalue cells, fixed at creation (CLOSURE fills
//!   them before the closure is allocated).
//! - [`UpVal`] is *open* while the variable it captures is still a live stack slot (it then
//!   names the slot by index, because the stack may move) and *closed* once the variable's
//!   scope ends (it then owns the value). All closures capturing the same variable share one
//!   cell: the VM keeps at most one open upvalue per stack slot (`ThreadState::open_upvalues`).
//!   Open upvalues refer to the stack of the thread that created them, which the cell names
//!   (`owner`: `None` for the main thread); a thread closes all its open upvalues before it
//!   can be freed (`vm/coroutine.rs`), so an open cell's owner is always alive.
//! - [`NativeFunction`] is a Rust function (plain `fn` pointer for the standard library, or a
//!   boxed closure for embedders) with optional upvalues.

use std::cell::UnsafeCell;

use tsukimi_bytecode::{Instruction, LocalVarInfo, UpvalueDesc};

use crate::value::{Gc, Value};
use crate::vm::coroutine::LuaThread;
use crate::vm::{ArgRange, LuaError, Vm};

/// A loaded function prototype (immutable).
pub struct FnProto {
    pub code: Vec<Instruction>,
    pub constants: Vec<Value>,
    pub protos: Vec<Gc<FnProto>>,
    pub upvalues: Vec<UpvalueDesc>,
    pub line_info: Vec<u32>,
    pub local_vars: Vec<LocalVarInfo>,
    pub num_params: u8,
    pub is_vararg: bool,
    pub max_stack_size: u8,
    /// Chunk name as given to `load`.
    pub source: String,
    /// `chunkid(source)`, precomputed for messages.
    pub short_source: String,
    pub line_defined: u32,
    pub last_line_defined: u32,
}

impl FnProto {
    /// Source line of `pc` (-1 when unknown, like `getcurrentline`).
    pub fn line_at(&self, pc: usize) -> i64 {
        self.line_info.get(pc).map_or(-1, |&l| l as i64)
    }

    /// Name of the `n`-th (1-based) local active at `pc`.
    pub fn local_name(&self, mut n: usize, pc: usize) -> Option<&str> {
        for var in &self.local_vars {
            if var.start_pc as usize > pc {
                break;
            }
            if pc < var.end_pc as usize {
                n -= 1;
                if n == 0 {
                    return Some(&var.name);
                }
            }
        }
        None
    }

    pub(crate) fn heap_size(&self) -> usize {
        std::mem::size_of::<crate::value::GcBox<FnProto>>()
            + self.code.len() * 4
            + self.constants.len() * 16
            + self.protos.len() * 8
            + self.line_info.len() * 4
            + self.local_vars.len() * 48
            + self.upvalues.len() * 40
            + self.source.len()
    }
}

/// State of an upvalue cell.
#[derive(Clone, Copy, Debug)]
pub enum UpState {
    /// The variable is the live stack slot with this index.
    Open(usize),
    /// The variable's scope ended; the cell holds its value.
    Closed(Value),
}

/// An upvalue cell shared by closures.
pub struct UpVal {
    state: UnsafeCell<UpState>,
    /// The thread whose stack an open cell indexes (`None`: the main thread).
    owner: std::cell::Cell<Option<Gc<LuaThread>>>,
}

impl UpVal {
    /// An open cell for slot `index` of `owner`'s stack (`None`: the main thread).
    pub(crate) fn new_open_in(index: usize, owner: Option<Gc<LuaThread>>) -> UpVal {
        UpVal {
            state: UnsafeCell::new(UpState::Open(index)),
            owner: std::cell::Cell::new(owner),
        }
    }

    /// The thread whose stack an open cell indexes (`None`: the main thread).
    #[inline(always)]
    pub fn owner(&self) -> Option<Gc<LuaThread>> {
        self.owner.get()
    }

    pub(crate) fn new_closed(v: Value) -> UpVal {
        UpVal {
            state: UnsafeCell::new(UpState::Closed(v)),
            owner: std::cell::Cell::new(None),
        }
    }

    /// Current state (by copy).
    #[inline(always)]
    pub fn state(&self) -> UpState {
        // SAFETY: single-threaded VM; no reference into the cell escapes a method.
        unsafe { *self.state.get() }
    }

    /// Replaces the state (closing, or storing into a closed cell).
    #[inline(always)]
    pub(crate) fn set_state(&self, s: UpState) {
        // SAFETY: as in `state`.
        unsafe { *self.state.get() = s }
    }
}

/// A Lua function value.
pub struct LuaClosure {
    pub proto: Gc<FnProto>,
    pub upvalues: Box<[Gc<UpVal>]>,
}

impl LuaClosure {
    /// Makes upvalue `idx` of `closure` the cell `uv` (`debug.upvaluejoin`); ignored when
    /// `idx` is out of range.
    pub(crate) fn replace_upvalue(closure: Gc<LuaClosure>, idx: usize, uv: Gc<UpVal>) {
        if idx >= closure.upvalues.len() {
            return;
        }
        // SAFETY: the pointer comes from the heap's `Box::leak` (mutable provenance) and the
        // object is live (GC invariant). No reference into the closure is held across this
        // store: the interpreter and the collector only borrow `upvalues` transiently,
        // within code that cannot reach a native function such as `upvaluejoin`. The VM is
        // single-threaded, so nothing else reads the slot concurrently.
        unsafe {
            let slots = &mut (*closure.as_ptr()).value.upvalues;
            slots[idx] = uv;
        }
        // When the collector becomes incremental, this store needs a closure → upvalue
        // barrier (the closure may already be marked).
    }
}

/// Signature of a Rust function callable from Lua.
///
/// Arguments are `vm.arg(args, i)` (1-based) = stack slots `args.base .. args.base + args.count`.
/// The function pushes its results with `vm.push` and returns how many it pushed; they are the
/// top `n` values of the stack. Values held across a call back into Lua must be kept on the
/// stack (GC roots), not only in Rust locals.
pub type NativeFn = fn(&mut Vm, ArgRange) -> Result<usize, LuaError>;

/// A boxed Rust closure callable from Lua (embedders).
pub type BoxedNativeFn = Box<dyn Fn(&mut Vm, ArgRange) -> Result<usize, LuaError> + Send>;

/// The callable part of a native function.
pub enum NativeKind {
    Plain(NativeFn),
    Boxed(BoxedNativeFn),
}

/// A Rust function value, with optional upvalues.
pub struct NativeFunction {
    pub kind: NativeKind,
    /// Name for messages when nothing better is known (unused by Lua semantics).
    pub name: &'static str,
    upvalues: UnsafeCell<Vec<Value>>,
}

impl NativeFunction {
    pub(crate) fn new(kind: NativeKind, name: &'static str, upvalues: Vec<Value>) -> Self {
        NativeFunction {
            kind,
            name,
            upvalues: UnsafeCell::new(upvalues),
        }
    }

    /// Upvalue `i` (0-based), nil when out of range.
    pub fn upvalue(&self, i: usize) -> Value {
        // SAFETY: no reference into the cell escapes a method.
        unsafe {
            (&*self.upvalues.get())
                .get(i)
                .copied()
                .unwrap_or(Value::Nil)
        }
    }

    /// Sets upvalue `i` (0-based); ignored when out of range.
    pub fn set_upvalue(&self, i: usize, v: Value) {
        // SAFETY: as in `upvalue`.
        unsafe {
            if let Some(slot) = (&mut *self.upvalues.get()).get_mut(i) {
                *slot = v;
            }
        }
    }

    /// Number of upvalues.
    pub fn upvalue_count(&self) -> usize {
        // SAFETY: as in `upvalue`.
        unsafe { (&*self.upvalues.get()).len() }
    }
}
