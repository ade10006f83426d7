//! The fast path of `table.sort` for the common case where nothing can observe the sort
//! while it runs: a table without metatable, no comparator function, and elements `1..n`
//! that are all numbers or all strings.
//!
//! Then every comparison is a raw `<` (no metamethod, no error except the order checks) and
//! every read and write is a raw access, so no Lua code runs until the sort ends. The
//! elements are copied into a vector, sorted there by the same algorithm as `sort.rs`
//! (ltablib's `auxsort`/`partition`, the same comparisons in the same order, the same swaps),
//! and copied back. If the comparisons turn out inconsistent (NaN) and ltablib would raise
//! `invalid order function for sorting`, the partially sorted vector is written back first,
//! so the table ends exactly as lua5.4 leaves it.
//!
//! Invariants: no allocation into the Lua heap and no safe point happen while the values
//! live only in the vector (they are all still referenced by the table anyway, since the
//! vector is a permutation of its elements); every index is bounds-checked (`get`), so an
//! impossible index reports an error instead of panicking.

use std::sync::atomic::Ordering;

use crate::object::table::Table;
use crate::value::{Gc, Value};
use crate::vm::meta::compare_raw;
use crate::vm::{LuaError, Vm};

/// Why the vector sort stopped early.
enum Stop {
    /// ltablib's `invalid order function for sorting`.
    InvalidOrder,
    /// The interrupt flag was set.
    Interrupted,
    /// Two values that `<` cannot compare raw (cannot happen for the accepted element kinds;
    /// handled by raising the VM's comparison error).
    Incomparable(Value, Value),
}

/// Reads `t[1..=n]` if they are all numbers or all strings.
fn homogeneous_elements(table: Gc<Table>, n: u32) -> Option<Vec<Value>> {
    let mut values = Vec::with_capacity(n as usize + 1);
    values.push(Value::Nil); // index 0 is unused: positions are Lua's
    let first = table.get_int(1);
    let numbers = first.is_number();
    if !numbers && !matches!(first, Value::String(_)) {
        return None;
    }
    for i in 1..=n {
        let v = table.get_int(i64::from(i));
        let same_kind = if numbers {
            v.is_number()
        } else {
            matches!(v, Value::String(_))
        };
        if !same_kind {
            return None;
        }
        values.push(v);
    }
    Some(values)
}

struct VectorSort<'f> {
    values: Vec<Value>,
    interrupt: &'f std::sync::atomic::AtomicBool,
}

impl VectorSort<'_> {
    fn at(&self, i: u32) -> Value {
        self.values.get(i as usize).copied().unwrap_or(Value::Nil)
    }

    fn set(&mut self, i: u32, v: Value) {
        if let Some(slot) = self.values.get_mut(i as usize) {
            *slot = v;
        }
    }

    fn swap(&mut self, i: u32, j: u32) {
        let (a, b) = (self.at(i), self.at(j));
        self.set(i, b);
        self.set(j, a);
    }

    fn less(&self, x: Value, y: Value) -> Result<bool, Stop> {
        if self.interrupt.load(Ordering::Relaxed) {
            return Err(Stop::Interrupted);
        }
        compare_raw(x, y, false).ok_or(Stop::Incomparable(x, y))
    }

    /// ltablib `partition` with the pivot `pivot` (also stored at `up - 1`).
    fn partition(&mut self, lo: u32, up: u32, pivot: Value) -> Result<u32, Stop> {
        let mut i = lo;
        let mut j = up - 1;
        loop {
            loop {
                i = i.wrapping_add(1);
                if !self.less(self.at(i), pivot)? {
                    break;
                }
                if i == up - 1 {
                    return Err(Stop::InvalidOrder);
                }
            }
            loop {
                j = j.wrapping_sub(1);
                if !self.less(pivot, self.at(j))? {
                    break;
                }
                if j < i {
                    return Err(Stop::InvalidOrder);
                }
            }
            if j < i {
                // set2(up - 1, i): a[up - 1] = a[i]; a[i] = P.
                let vi = self.at(i);
                self.set(up - 1, vi);
                self.set(i, pivot);
                return Ok(i);
            }
            self.swap(i, j);
        }
    }

    /// ltablib `auxsort`, with the same pivot choices as `sort.rs`.
    fn sort(&mut self, mut lo: u32, mut up: u32, mut rnd: u32) -> Result<(), Stop> {
        while lo < up {
            if self.less(self.at(up), self.at(lo))? {
                self.swap(lo, up);
            }
            if up - lo == 1 {
                break;
            }
            let mut p = if up - lo < super::sort::RANDOM_PIVOT_LIMIT || rnd == 0 {
                lo + (up - lo) / 2
            } else {
                super::sort::choose_pivot(lo, up, rnd)
            };
            if self.less(self.at(p), self.at(lo))? {
                self.swap(p, lo);
            } else if self.less(self.at(up), self.at(p))? {
                self.swap(p, up);
            }
            if up - lo == 2 {
                break;
            }
            let pivot = self.at(p);
            let before_pivot = self.at(up - 1);
            self.set(p, before_pivot);
            self.set(up - 1, pivot);
            p = self.partition(lo, up, pivot)?;
            let smaller;
            if p - lo < up - p {
                self.sort(lo, p - 1, rnd)?;
                smaller = p - lo;
                lo = p + 1;
            } else {
                self.sort(p + 1, up, rnd)?;
                smaller = up - p;
                up = p - 1;
            }
            if (up.wrapping_sub(lo)) / 128 > smaller {
                rnd = super::sort::random_pivot_seed();
            }
        }
        Ok(())
    }
}

/// Sorts `table[1..=n]` on the fast path if it applies. Returns `Ok(false)` (having done
/// nothing observable) when it does not.
pub(super) fn try_sort(vm: &mut Vm, table: Gc<Table>, n: u32) -> Result<bool, LuaError> {
    if table.metatable().is_some() {
        return Ok(false);
    }
    let Some(values) = homogeneous_elements(table, n) else {
        return Ok(false);
    };
    let interrupt = vm.interrupt.clone();
    let mut sorter = VectorSort {
        values,
        interrupt: &interrupt,
    };
    let outcome = sorter.sort(1, n, 0);
    // Write the (possibly partial) result back: the keys all exist, so no store allocates.
    for (i, v) in sorter.values.iter().enumerate().skip(1) {
        if table.set_int(&mut vm.heap, i as i64, *v).is_err() {
            return Err(vm.memory_error());
        }
        crate::gc::write_barrier(table, *v);
    }
    match outcome {
        Ok(()) => Ok(true),
        Err(Stop::InvalidOrder) => Err(crate::stdlib::string::support::message_error(
            vm,
            b"invalid order function for sorting",
        )),
        Err(Stop::Interrupted) => match vm.poll_interrupt() {
            Err(e) => Err(e),
            Ok(()) => Ok(true),
        },
        Err(Stop::Incomparable(x, y)) => match vm.compare(x, y, false) {
            Err(e) => Err(e),
            Ok(_) => Err(crate::stdlib::string::support::message_error(
                vm,
                b"invalid order function for sorting",
            )),
        },
    }
}
