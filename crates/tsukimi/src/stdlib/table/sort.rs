//! `table.sort`: ltablib's quicksort, step for step.
//!
//! The comparison sequence is observable (an erroring or inconsistent comparator, `__lt`
//! metamethods with side effects, `__index`/`__newindex` on the table), so this is a direct
//! port of ltablib's `auxsort`/`partition`: median-of-three on `lo`, middle and `up`, the
//! pivot parked at `up - 1`, the same `invalid order function for sorting` checks, recursion
//! on the smaller half, and a randomized pivot only after a badly unbalanced partition.
//!
//! ltablib works on the Lua stack, and so does this port: every value read from the table
//! (the pivot, `a[i]`, `a[j]`) is pushed and addressed relative to the top exactly as in C,
//! so all of them stay rooted while the comparator runs, whatever it does to the table.
//! The interrupt flag is polled at every comparison made without a comparator function (a
//! comparator call polls it on entry, like every call).

use std::sync::atomic::Ordering;

use super::{check_table_like, get_index, length_of, set_index, READ_WRITE_LENGTH};
use crate::stdlib::string::support::{message_error, LibResult};
use crate::value::Value;
use crate::vm::{ArgRange, LuaError, Vm};

/// Partitions smaller than this always use the middle element as pivot (`RANLIMIT`).
pub(super) const RANDOM_PIVOT_LIMIT: u32 = 100;

/// The state of one sort: the table and the comparator (both in argument slots).
struct Sorter {
    table: Value,
    comparator: Value,
}

impl Sorter {
    /// `lua_geti(L, 1, i)`: pushes `a[i]`.
    fn push_element(&self, vm: &mut Vm, i: u32) -> Result<(), LuaError> {
        let v = get_index(vm, self.table, i64::from(i))?;
        vm.push(v)
    }

    /// The value at `offset` below the top (`-1` is the top).
    fn at(vm: &Vm, offset: usize) -> Value {
        vm.stack_value(vm.top() - offset)
    }

    fn pop(vm: &mut Vm, n: usize) -> Result<(), LuaError> {
        let top = vm.top() - n;
        vm.set_top(top)
    }

    /// `set2(L, i, j)`: `a[i] = pop()`, then `a[j] = pop()`.
    fn set2(&self, vm: &mut Vm, i: u32, j: u32) -> Result<(), LuaError> {
        let v = Self::at(vm, 1);
        set_index(vm, self.table, i64::from(i), v)?;
        Self::pop(vm, 1)?;
        let v = Self::at(vm, 1);
        set_index(vm, self.table, i64::from(j), v)?;
        Self::pop(vm, 1)
    }

    /// `sort_comp(L, a, b)` with negative stack offsets: is `a < b`?
    fn less(&self, vm: &mut Vm, a: usize, b: usize) -> Result<bool, LuaError> {
        let (x, y) = (Self::at(vm, a), Self::at(vm, b));
        if self.comparator.is_nil() {
            // No Lua call polls the interrupt flag for us here: poll it (one relaxed load).
            if vm.interrupt.load(Ordering::Relaxed) {
                vm.poll_interrupt()?;
            }
            return vm.compare(x, y, false);
        }
        let func = vm.top();
        vm.push(self.comparator)?;
        vm.push(x)?;
        vm.push(y)?;
        vm.call(func, 1)?;
        let result = vm.stack_value(func);
        vm.set_top(func)?;
        Ok(!result.is_falsy())
    }

    fn invalid_order(vm: &mut Vm) -> LuaError {
        message_error(vm, b"invalid order function for sorting")
    }

    /// ltablib `partition`: the pivot P is on the top of the stack and at `a[up - 1]`.
    fn partition(&self, vm: &mut Vm, lo: u32, up: u32) -> Result<u32, LuaError> {
        let mut i = lo;
        let mut j = up - 1;
        loop {
            // Repeat ++i while a[i] < P.
            loop {
                i = i.wrapping_add(1);
                self.push_element(vm, i)?;
                if !self.less(vm, 1, 2)? {
                    break;
                }
                if i == up - 1 {
                    return Err(Self::invalid_order(vm));
                }
                Self::pop(vm, 1)?;
            }
            // Repeat --j while P < a[j].
            loop {
                j = j.wrapping_sub(1);
                self.push_element(vm, j)?;
                if !self.less(vm, 3, 1)? {
                    break;
                }
                if j < i {
                    return Err(Self::invalid_order(vm));
                }
                Self::pop(vm, 1)?;
            }
            if j < i {
                Self::pop(vm, 1)?;
                self.set2(vm, up - 1, i)?;
                return Ok(i);
            }
            self.set2(vm, i, j)?;
        }
    }

    /// ltablib `auxsort`.
    fn sort(&self, vm: &mut Vm, mut lo: u32, mut up: u32, mut rnd: u32) -> Result<(), LuaError> {
        while lo < up {
            // Sort a[lo], a[up].
            self.push_element(vm, lo)?;
            self.push_element(vm, up)?;
            if self.less(vm, 1, 2)? {
                self.set2(vm, lo, up)?;
            } else {
                Self::pop(vm, 2)?;
            }
            if up - lo == 1 {
                break;
            }
            let mut p = if up - lo < RANDOM_PIVOT_LIMIT || rnd == 0 {
                lo + (up - lo) / 2
            } else {
                choose_pivot(lo, up, rnd)
            };
            // Sort a[lo], a[p], a[up].
            self.push_element(vm, p)?;
            self.push_element(vm, lo)?;
            if self.less(vm, 2, 1)? {
                self.set2(vm, p, lo)?;
            } else {
                Self::pop(vm, 1)?;
                self.push_element(vm, up)?;
                if self.less(vm, 1, 2)? {
                    self.set2(vm, p, up)?;
                } else {
                    Self::pop(vm, 2)?;
                }
            }
            if up - lo == 2 {
                break;
            }
            self.push_element(vm, p)?; // the pivot P
            let pivot = Self::at(vm, 1);
            vm.push(pivot)?;
            self.push_element(vm, up - 1)?;
            self.set2(vm, p, up - 1)?;
            // Stack: [P]; partition consumes it (its final `set2` stores P at a[p]).
            p = self.partition(vm, lo, up)?;
            let smaller;
            if p - lo < up - p {
                self.sort(vm, lo, p - 1, rnd)?;
                smaller = p - lo;
                lo = p + 1;
            } else {
                self.sort(vm, p + 1, up, rnd)?;
                smaller = up - p;
                up = p - 1;
            }
            if (up.wrapping_sub(lo)) / 128 > smaller {
                rnd = random_pivot_seed();
            }
        }
        Ok(())
    }
}

/// ltablib `choosePivot`: a pivot in the middle half of `[lo, up]`.
pub(super) fn choose_pivot(lo: u32, up: u32, rnd: u32) -> u32 {
    let quarter = (up - lo) / 4;
    rnd % (quarter * 2) + (lo + quarter)
}

/// ltablib `l_randomizePivot`: a value that changes from run to run (clock and time).
pub(super) fn random_pivot_seed() -> u32 {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    (nanos as u32) ^ ((nanos >> 32) as u32)
}

pub(super) fn sort(vm: &mut Vm, args: ArgRange) -> LibResult {
    let table = check_table_like(vm, args, 1, READ_WRITE_LENGTH)?;
    let n = length_of(vm, table)?;
    if n > 1 {
        if n >= i64::from(i32::MAX) {
            return Err(vm.arg_error(1, "array too big"));
        }
        let comparator = vm.arg(args, 2);
        if !comparator.is_nil() && !comparator.is_function() {
            return Err(vm.arg_type_error(args, 2, "function"));
        }
        if let (Value::Table(plain), true) = (table, comparator.is_nil()) {
            if super::sort_plain::try_sort(vm, plain, n as u32)? {
                return Ok(0);
            }
        }
        let sorter = Sorter { table, comparator };
        sorter.sort(vm, 1, n as u32, 0)?;
    }
    Ok(0)
}

#[cfg(test)]
mod tests {
    use crate::api::{Lua, LuaValue};
    use crate::value::Value;
    use crate::vm::{ArgRange, LuaError, Vm};

    /// A `__len` that requests an interruption and returns the raw length: the request can
    /// only be noticed by `sort` itself, which calls no Lua code with the default comparison.
    fn arming_len(vm: &mut Vm, args: ArgRange) -> Result<usize, LuaError> {
        vm.interrupt
            .store(true, std::sync::atomic::Ordering::Relaxed);
        let n = match vm.arg(args, 1) {
            Value::Table(t) => t.len(),
            _ => 0,
        };
        vm.push(Value::Integer(n))?;
        Ok(1)
    }

    #[test]
    fn default_comparison_sort_is_interruptible() {
        let mut lua = Lua::new();
        lua.register("arming_len", arming_len).unwrap();
        let source = b"local t = {}
            for i = 1, 1000 do t[i] = (i * 7919) % 1009 end
            setmetatable(t, {__len = arming_len})
            local ok, e = pcall(table.sort, t)
            return ok, e";
        let results = lua.exec(source, "=test").unwrap();
        assert!(matches!(results[0], LuaValue::Boolean(false)));
        let message = lua.to_display(&results[1]).unwrap();
        assert!(
            String::from_utf8_lossy(&message).contains("interrupted!"),
            "{}",
            String::from_utf8_lossy(&message)
        );
    }
}
