//! The interpreter's long, comparatively rare instructions, out of the dispatch loop.
//!
//! `vm/execute.rs` keeps only the instructions whose fast paths matter inline; the bodies
//! here would otherwise make the loop's function larger and its register allocation worse
//! for every instruction (measured: the loop's pc and register-window pointer end up in
//! stack slots when the function grows). Each function works on `self.th.stack` by index
//! (the stack may move while it runs); the caller saved the pc before and reloads its
//! pointers after.

use tsukimi_bytecode::{Instruction, OpCode};

use crate::object::function::{LuaClosure, NativeFunction};
use crate::value::{Gc, Value};
use crate::vm::meta::{concat_piece, Origin, Tm};
use crate::vm::{CallInfo, LuaError, Vm, FRAME_SLACK};

impl Vm {
    /// CONCAT: concatenates the `n` values at stack slots `a..a+n` into slot `a`, as
    /// `luaV_concat` does: runs of strings and numbers are joined at once (right to left),
    /// anything else goes through `__concat` pairwise.
    #[inline(never)]
    pub(crate) fn concat_registers(&mut self, a: usize, mut n: usize) -> Result<(), LuaError> {
        let is_piece = |v: Value| matches!(v, Value::String(_)) || v.is_number();
        while n > 1 {
            let top = a + n; // one past the last operand
            let (p1, p2) = (self.th.stack[top - 2], self.th.stack[top - 1]);
            if is_piece(p1) && is_piece(p2) {
                // Collect as many string/number operands as possible.
                let mut m = 2;
                while m < n && is_piece(self.th.stack[top - m - 1]) {
                    m += 1;
                }
                // Most results are short: they are put together on the stack, and only a
                // longer one in a `Vec` (a `malloc`, growth and `free` per concatenation
                // were a third of a short-string `..` loop).
                let mut buf = ConcatBuffer::new();
                for v in &self.th.stack[top - m..top] {
                    let pushed = match *v {
                        Value::String(s) => buf.push(s.as_bytes()),
                        other => match concat_piece(other) {
                            Some(piece) => buf.push(&piece),
                            None => Ok(()),
                        },
                    };
                    if pushed.is_err() {
                        return Err(self.memory_error());
                    }
                }
                let s = match self.heap.alloc_string(buf.bytes()) {
                    Ok(s) => s,
                    Err(_) => return Err(self.memory_error()),
                };
                self.th.stack[top - m] = Value::String(s);
                n -= m - 1;
            } else {
                let origins = (
                    Origin::Register((top - 2 - self.current_base()) as u32),
                    Origin::Register((top - 1 - self.current_base()) as u32),
                );
                let v = self.concat_pair(p1, p2, origins)?;
                self.th.stack[top - 2] = v;
                n -= 1;
            }
        }
        Ok(())
    }

    /// SETLIST: stores the `n` values above slot `a` (all up to the top when `n` is 0) into
    /// the table at slot `a`, at indices `last + 1..`.
    #[inline(never)]
    pub(crate) fn set_list(&mut self, a: usize, n: usize, last: usize) -> Result<(), LuaError> {
        let n = if n != 0 {
            n
        } else {
            self.th.top.saturating_sub(a + 1)
        };
        if let Value::Table(t) = self.th.stack[a] {
            // `luaH_resizearray`: room for every item at once, no rehash per item.
            if t.reserve_array(&mut self.heap, last + n).is_err() {
                return Err(self.memory_error());
            }
            for j in 1..=n {
                let v = self.th.stack[a + j];
                if t.set_int(&mut self.heap, (last + j) as i64, v).is_err() {
                    return Err(self.memory_error());
                }
                crate::gc::write_barrier(t, v);
            }
        }
        Ok(())
    }

    /// VARARG: copies the frame's extra arguments to slot `ra..` (`c - 1` of them, nil
    /// filled; all of them and the top set when `c` is 0).
    #[inline(never)]
    pub(crate) fn var_arg(&mut self, ci_idx: usize, ra: usize, c: usize) -> Result<(), LuaError> {
        let ci = self.th.frames[ci_idx];
        let nextra = ci.extra_args;
        let wanted = if c == 0 { nextra } else { c - 1 };
        self.ensure_stack(ra + wanted + FRAME_SLACK)?;
        let from = ci.func - nextra;
        let k = wanted.min(nextra);
        self.th.stack.copy_within(from..from + k, ra);
        for slot in &mut self.th.stack[ra + k..ra + wanted] {
            *slot = Value::Nil;
        }
        if c == 0 {
            self.th.top = ra + wanted;
        }
        Ok(())
    }

    /// TBC and TFORPREP: register `reg` (of the frame at `base`) becomes a to-be-closed
    /// variable, unless it is false or nil; a value without `__close` is an error naming the
    /// variable (the pc of the instruction is saved).
    #[inline(never)]
    pub(crate) fn mark_to_be_closed(&mut self, base: usize, reg: usize) -> Result<(), LuaError> {
        let v = self.th.stack[base + reg];
        if v.is_falsy() {
            return Ok(());
        }
        if self.metamethod(v, Tm::Close).is_nil() {
            let name = match self.th.frames.last() {
                Some(CallInfo {
                    closure: Some(cl),
                    pc,
                    ..
                }) => cl
                    .proto
                    .local_name(reg + 1, pc.saturating_sub(1))
                    .unwrap_or("?")
                    .to_string(),
                _ => "?".to_string(),
            };
            return Err(self.runtime_error(&format!("variable '{name}' got a non-closable value")));
        }
        self.th.tbc.push(base + reg);
        Ok(())
    }

    /// NEWTABLE: a table with room for `array` sequence items and `hash` fields.
    #[inline(never)]
    pub(crate) fn new_table_sized(&mut self, array: usize, hash: usize) -> Result<Value, LuaError> {
        match self.heap.alloc_table(array, hash) {
            Ok(t) => Ok(Value::Table(t)),
            Err(_) => Err(self.memory_error()),
        }
    }

    /// The trap copy of `cl`'s code: every instruction with its opcode replaced by EXTRAARG
    /// and its operands kept (see `protect!` in `vm/execute.rs`). The copy lives in
    /// `self.trap_code` until the next call; the loop leaves it at the next fetch.
    #[cold]
    #[inline(never)]
    pub(crate) fn trap_copy(&mut self, cl: Gc<LuaClosure>) -> *const Instruction {
        const OPCODE_BITS: u32 = 0x7f;
        self.trap_code.clear();
        self.trap_code.extend(
            cl.proto
                .code
                .iter()
                .map(|i| Instruction((i.0 & !OPCODE_BITS) | OpCode::ExtraArg as u32)),
        );
        self.trap_code.as_ptr()
    }

    /// TFORCALL's call of the iterator at `func` (its copies of the loop's function, state
    /// and control are in place), `c` results wanted: the base library's own iterators run
    /// inline (`builtin_iteration`), anything else is a real call. One call site in the
    /// dispatch loop either way (a second one there cost the numeric programs 15-40% through
    /// register allocation, measured).
    #[inline(never)]
    pub(crate) fn call_iterator(&mut self, func: usize, c: usize) -> Result<(), LuaError> {
        if func >= 4 && self.builtin_iteration(func - 4, c) {
            self.th.top = func + c;
            return Ok(());
        }
        self.call(func, c as i32)
    }

    /// TFORCALL of the base library's own iterators (`pairs`' `next`, `ipairs`'s), done
    /// without a call: the loop variables from slot `ra + 4` on (`c` of them) get what the
    /// call would have moved there. Returns false, having changed nothing, whenever the call
    /// must really happen: a hook is set (it would see the call), another iterator, a table
    /// with a metatable under `ipairs` (its `__index` counts), an invalid key (the error).
    #[inline(always)]
    fn builtin_iteration(&mut self, ra: usize, c: usize) -> bool {
        if self.th.hook.mask != 0 {
            return false;
        }
        let Value::NativeFunction(f) = self.th.stack[ra] else {
            return false;
        };
        let Value::Table(t) = self.th.stack[ra + 1] else {
            return false;
        };
        let control = self.th.stack[ra + 2];
        let is = |g: Option<Gc<NativeFunction>>| g.is_some_and(|g| g.ptr_eq(f));
        let (first, second) = if is(self.iterators.next) {
            let (hint_table, hint) = self.iterators.next_hint;
            let hint = (hint_table == t.addr()).then_some(hint);
            match t.next_hinted(control, hint) {
                Ok(Some((k, v, at))) => {
                    self.iterators.next_hint = (t.addr(), at);
                    (k, v)
                }
                Ok(None) => (Value::Nil, Value::Nil),
                Err(()) => return false,
            }
        } else if is(self.iterators.ipairs_aux) && t.metatable().is_none() {
            let Value::Integer(i) = control else {
                return false;
            };
            let i = i.wrapping_add(1);
            match t.get_int(i) {
                Value::Nil => (Value::Nil, Value::Nil),
                v => (Value::Integer(i), v),
            }
        } else {
            return false;
        };
        for j in 0..c {
            let v = match j {
                0 => first,
                1 => second,
                _ => Value::Nil,
            };
            if let Some(slot) = self.th.stack.get_mut(ra + 4 + j) {
                *slot = v;
            }
        }
        true
    }

    /// The running Lua frame's base (for register numbers in error messages).
    fn current_base(&self) -> usize {
        self.th.frames.last().map_or(0, |f| f.base)
    }
}

/// The bytes of a concatenation: inline up to `INLINE` bytes, then on the heap.
struct ConcatBuffer {
    inline: [u8; ConcatBuffer::INLINE],
    len: usize,
    heap: Vec<u8>,
}

impl ConcatBuffer {
    const INLINE: usize = 128;

    fn new() -> Self {
        ConcatBuffer {
            inline: [0; Self::INLINE],
            len: 0,
            heap: Vec::new(),
        }
    }

    /// Appends `piece`; fails when the buffer cannot grow (a long result is the usual way
    /// a program runs out of memory, and must be "not enough memory", not an abort).
    fn push(&mut self, piece: &[u8]) -> Result<(), std::collections::TryReserveError> {
        if self.heap.is_empty() {
            if let Some(room) = self.inline.get_mut(self.len..self.len + piece.len()) {
                room.copy_from_slice(piece);
                self.len += piece.len();
                return Ok(());
            }
            self.heap.try_reserve(self.len + piece.len())?;
            self.heap.extend_from_slice(&self.inline[..self.len]);
        }
        self.heap.try_reserve(piece.len())?;
        self.heap.extend_from_slice(piece);
        Ok(())
    }

    fn bytes(&self) -> &[u8] {
        if self.heap.is_empty() {
            &self.inline[..self.len]
        } else {
            &self.heap
        }
    }
}
