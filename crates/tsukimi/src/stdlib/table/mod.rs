//! The table library (`ltablib.c`, Lua 5.4 manual §6.6): concat, insert, move, pack, remove,
//! sort, unpack.
//!
//! Element access goes through `lua_geti`/`lua_seti` semantics (`Vm::index`/`Vm::set_index`),
//! so `__index` and `__newindex` apply, and lengths through `luaL_len` (`__len`, result must be
//! an integer). Like ltablib's `checktab`, a non-table argument is accepted when its metatable
//! provides the metamethods the function needs. Values read from the table are kept on the
//! Lua stack whenever Lua code (a metamethod or the sort comparator) may run before they are
//! used. `sort` is in `sort.rs`
//! (with the unobservable fast path for plain arrays of numbers or strings in `sort_plain.rs`).

mod sort;
mod sort_plain;

use crate::object::function::NativeFn;
use crate::object::table::Table;
use crate::stdlib::string::support::{message_error, new_library, opt_int, opt_str, LibResult};
use crate::value::{Gc, Value};
use crate::vm::meta::{concat_piece, Origin};
use crate::vm::{ArgRange, LuaError, Vm, MAX_STACK};

/// Opens the table library (global `table` and `package.loaded.table`).
pub fn open(vm: &mut Vm) -> Result<(), LuaError> {
    let functions: &[(&'static str, NativeFn)] = &[
        ("concat", concat),
        ("insert", insert),
        ("pack", pack),
        ("unpack", unpack),
        ("remove", remove),
        ("move", move_),
        ("sort", sort::sort),
    ];
    new_library(vm, "table", functions)?;
    Ok(())
}

/// What a table argument is used for (ltablib `TAB_R`, `TAB_W`, `TAB_L`).
#[derive(Clone, Copy)]
pub(super) struct Access {
    pub read: bool,
    pub write: bool,
    pub length: bool,
}

pub(super) const READ: Access = Access {
    read: true,
    write: false,
    length: false,
};
pub(super) const WRITE: Access = Access {
    read: false,
    write: true,
    length: false,
};
pub(super) const READ_LENGTH: Access = Access {
    read: true,
    write: false,
    length: true,
};
pub(super) const READ_WRITE_LENGTH: Access = Access {
    read: true,
    write: true,
    length: true,
};

/// ltablib `checktab`: a table, or a value whose metatable has the needed metamethods.
pub(super) fn check_table_like(
    vm: &mut Vm,
    args: ArgRange,
    n: usize,
    access: Access,
) -> Result<Value, LuaError> {
    let v = vm.arg(args, n);
    if let Value::Table(_) = v {
        return Ok(v);
    }
    if let Some(mt) = vm.metatable_of(v) {
        let has = |vm: &mut Vm, name: &str| -> Result<bool, LuaError> {
            Ok(!vm.get_field(mt, name)?.is_nil())
        };
        let ok = (!access.read || has(vm, "__index")?)
            && (!access.write || has(vm, "__newindex")?)
            && (!access.length || has(vm, "__len")?);
        if ok {
            return Ok(v);
        }
    }
    Err(vm.arg_type_error(args, n, "table"))
}

/// `luaL_len`: `#v` with `__len`; the result must be an integer.
pub(super) fn length_of(vm: &mut Vm, v: Value) -> Result<i64, LuaError> {
    if let Value::Table(t) = v {
        if t.metatable().is_none() {
            return Ok(t.len());
        }
    }
    let length = vm.length(v, Origin::None)?;
    // `lua_tointegerx`: integral floats and numeric strings are accepted.
    match vm.to_integer(length) {
        Some(i) => Ok(i),
        None => Err(message_error(vm, b"object length is not an integer")),
    }
}

/// `aux_getn`: check the argument for `access` plus length, and return its length.
fn checked_length(vm: &mut Vm, args: ArgRange, n: usize, access: Access) -> Result<i64, LuaError> {
    let t = check_table_like(vm, args, n, access)?;
    length_of(vm, t)
}

/// `lua_geti`.
#[inline]
pub(super) fn get_index(vm: &mut Vm, t: Value, i: i64) -> Result<Value, LuaError> {
    if let Value::Table(tab) = t {
        let v = tab.get_int(i);
        if !v.is_nil() || tab.metatable().is_none() {
            return Ok(v);
        }
    }
    vm.index(t, Value::Integer(i), Origin::None)
}

/// `lua_seti`.
#[inline]
pub(super) fn set_index(vm: &mut Vm, t: Value, i: i64, v: Value) -> Result<(), LuaError> {
    if let Value::Table(tab) = t {
        if tab.metatable().is_none() {
            return raw_set_int(vm, tab, i, v);
        }
    }
    vm.set_index(t, Value::Integer(i), v, Origin::None)
}

/// The element moves of `insert` and `remove`, as ltablib's loops: `open_gap` does
/// `for i = end, position + 1, -1 do t[i] = t[i - 1] end`, `close_gap` does
/// `for i = position, size - 1 do t[i] = t[i + 1] end` (both written so no index overflows).
/// A table without metatable is moved with raw accesses in a tight loop: nothing in it can
/// run Lua code or attach a metatable.
fn open_gap(vm: &mut Vm, t: Value, end: i64, position: i64) -> Result<(), LuaError> {
    let mut i = end;
    if let Value::Table(tab) = t {
        if tab.metatable().is_none() {
            while i > position {
                let v = tab.get_int(i - 1);
                raw_set_int(vm, tab, i, v)?;
                i -= 1;
                poll_now_and_then(vm, i)?;
            }
            return Ok(());
        }
    }
    while i > position {
        let v = get_index(vm, t, i - 1)?;
        set_index(vm, t, i, v)?;
        i -= 1;
        poll_now_and_then(vm, i)?;
    }
    Ok(())
}

/// See [`open_gap`]. Returns the position it stopped at (`size` when it moved anything).
fn close_gap(vm: &mut Vm, t: Value, mut position: i64, size: i64) -> Result<i64, LuaError> {
    if let Value::Table(tab) = t {
        if tab.metatable().is_none() {
            while position < size {
                let v = tab.get_int(position + 1);
                raw_set_int(vm, tab, position, v)?;
                position += 1;
                poll_now_and_then(vm, position)?;
            }
            return Ok(position);
        }
    }
    while position < size {
        let v = get_index(vm, t, position + 1)?;
        set_index(vm, t, position, v)?;
        position += 1;
        poll_now_and_then(vm, position)?;
    }
    Ok(position)
}

/// Polls the interrupt flag once every 64 Ki steps of a loop over elements: `insert`,
/// `remove` and `move` can be asked to walk 2^40 indices of a table whose `__len` lies.
#[inline]
fn poll_now_and_then(vm: &mut Vm, step: i64) -> Result<(), LuaError> {
    if step & 0xffff == 0 {
        vm.poll_interrupt()?;
    }
    Ok(())
}

/// `rawset(t, i, v)` for an integer key.
#[inline]
fn raw_set_int(vm: &mut Vm, tab: Gc<Table>, i: i64, v: Value) -> Result<(), LuaError> {
    match tab.set_int(&mut vm.heap, i, v) {
        Ok(()) => {
            crate::gc::write_barrier(tab, v);
            Ok(())
        }
        Err(_) => Err(vm.memory_error()),
    }
}

fn insert(vm: &mut Vm, args: ArgRange) -> LibResult {
    let t = vm.arg(args, 1);
    let size = checked_length(vm, args, 1, READ_WRITE_LENGTH)?;
    let end = size.wrapping_add(1);
    let position = match args.count {
        2 => end,
        3 => {
            let position = vm.check_integer(args, 2)?;
            if (position as u64).wrapping_sub(1) >= end as u64 {
                return Err(vm.arg_error(2, "position out of bounds"));
            }
            open_gap(vm, t, end, position)?;
            position
        }
        _ => return Err(message_error(vm, b"wrong number of arguments to 'insert'")),
    };
    let v = vm.arg(args, args.count);
    set_index(vm, t, position, v)?;
    Ok(0)
}

fn remove(vm: &mut Vm, args: ArgRange) -> LibResult {
    let t = vm.arg(args, 1);
    let size = checked_length(vm, args, 1, READ_WRITE_LENGTH)?;
    let position = vm.opt_integer(args, 2, size)?;
    if position != size && (position as u64).wrapping_sub(1) > size as u64 {
        // lua5.4.4 names argument 1 here (ltablib's `tremove` passes 1 to luaL_argcheck).
        return Err(vm.arg_error(1, "position out of bounds"));
    }
    let removed = get_index(vm, t, position)?;
    // Keep the result on the stack: the moves below may run metamethods.
    vm.push(removed)?;
    let result_slot = vm.top() - 1;
    let position = close_gap(vm, t, position, size)?;
    set_index(vm, t, position, Value::Nil)?;
    // The removed value is the result: leave exactly it above the arguments.
    vm.set_top(result_slot + 1)?;
    Ok(1)
}

fn move_(vm: &mut Vm, args: ArgRange) -> LibResult {
    let from = vm.check_integer(args, 2)?;
    let end = vm.check_integer(args, 3)?;
    let to = vm.check_integer(args, 4)?;
    let destination_arg = if vm.arg(args, 5).is_nil() { 1 } else { 5 };
    let source = check_table_like(vm, args, 1, READ)?;
    let destination = check_table_like(vm, args, destination_arg, WRITE)?;
    if end >= from {
        if !(from > 0 || end < i64::MAX.wrapping_add(from)) {
            return Err(vm.arg_error(3, "too many elements to move"));
        }
        let count = end - from + 1;
        if to > i64::MAX - count + 1 {
            return Err(vm.arg_error(4, "destination wrap around"));
        }
        let same_table = destination_arg == 1 || vm.equals(source, destination)?;
        if to > end || to <= from || !same_table {
            for i in 0..count {
                let v = get_index(vm, source, from + i)?;
                set_index(vm, destination, to + i, v)?;
                poll_now_and_then(vm, i)?;
            }
        } else {
            for i in (0..count).rev() {
                let v = get_index(vm, source, from + i)?;
                set_index(vm, destination, to + i, v)?;
                poll_now_and_then(vm, i)?;
            }
        }
    }
    vm.push(destination)?;
    Ok(1)
}

fn concat(vm: &mut Vm, args: ArgRange) -> LibResult {
    let t = vm.arg(args, 1);
    let last = checked_length(vm, args, 1, READ_LENGTH)?;
    let separator = opt_str(vm, args, 2)?;
    let separator: &[u8] = separator.as_ref().map_or(b"", |s| s.as_bytes());
    let mut i = vm.opt_integer(args, 3, 1)?;
    let last = vm.opt_integer(args, 4, last)?;
    let mut out = Vec::new();
    let flag = vm.interrupt_flag();
    // Polled every 64 KiB written as well as every 64 Ki items: a few huge pieces take long
    // to copy too.
    let mut polled_at = 0usize;
    while i <= last {
        let v = get_index(vm, t, i)?;
        match concat_piece(v) {
            Some(bytes) => {
                if crate::gc::try_reserve(&mut out, bytes.len() + separator.len()).is_err() {
                    return Err(vm.memory_error());
                }
                out.extend_from_slice(&bytes);
            }
            None => {
                let message = format!(
                    "invalid value ({}) at index {i} in table for 'concat'",
                    v.type_name()
                );
                return Err(message_error(vm, message.as_bytes()));
            }
        }
        if i == last {
            break;
        }
        out.extend_from_slice(separator);
        i += 1;
        if i & 0xffff == 0 || out.len() - polled_at >= 1 << 16 {
            polled_at = out.len();
            if flag.load(std::sync::atomic::Ordering::Relaxed) {
                vm.poll_interrupt()?;
            }
        }
    }
    let s = vm.new_string(&out)?;
    vm.push(Value::String(s))?;
    Ok(1)
}

fn pack(vm: &mut Vm, args: ArgRange) -> LibResult {
    let t = vm.new_table(args.count, 1)?;
    // Root the table before filling it (allocation never collects, but stay uniform).
    vm.push(Value::Table(t))?;
    for n in 1..=args.count {
        let v = vm.arg(args, n);
        vm.raw_set(t, Value::Integer(n as i64), v)?;
    }
    vm.set_field(t, "n", Value::Integer(args.count as i64))?;
    Ok(1)
}

fn unpack(vm: &mut Vm, args: ArgRange) -> LibResult {
    let t = vm.arg(args, 1);
    let first = vm.opt_integer(args, 2, 1)?;
    let last = match opt_int(vm, args, 3)? {
        Some(last) => last,
        None => length_of(vm, t)?,
    };
    if first > last {
        return Ok(0);
    }
    let count = (last as u64).wrapping_sub(first as u64);
    if count >= i32::MAX as u64 || vm.top() as u64 + count + 1 > MAX_STACK as u64 {
        return Err(message_error(vm, b"too many results to unpack"));
    }
    let mut i = first;
    loop {
        let v = get_index(vm, t, i)?;
        vm.push(v)?;
        if i == last {
            break;
        }
        i += 1;
    }
    Ok(count as usize + 1)
}
