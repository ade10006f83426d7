//! `math.random` and `math.randomseed`: Lua 5.4's xoshiro256** generator, bit for bit.
//!
//! The state (four 64-bit words) lives in a userdata shared as upvalue 1 by both functions,
//! like lmathlib's `RanState`; it is a `Cell` so the functions can advance it through the
//! shared reference the GC hands out. Seeding follows `setseed`: state = {n1, 0xff, n2, 0},
//! then 16 discarded outputs. Floats take the high 53 bits (`I2d`); integer ranges use
//! lmathlib's `project` (mask to the next power of two minus one, retry while above the
//! range), so the same seed yields the same sequence as lua5.4.

use std::cell::Cell;

use crate::object::userdata::Userdata;
use crate::stdlib::string::support::{message_error, LibResult};
use crate::value::Value;
use crate::vm::{ArgRange, LuaError, Vm};

/// The generator state.
pub(crate) type RandomState = Cell<[u64; 4]>;

/// One step of xoshiro256**: returns the next output and advances `state`.
pub(crate) fn next_random(state: &mut [u64; 4]) -> u64 {
    let result = state[1].wrapping_mul(5).rotate_left(7).wrapping_mul(9);
    let t = state[1] << 17;
    state[2] ^= state[0];
    state[3] ^= state[1];
    state[1] ^= state[2];
    state[0] ^= state[3];
    state[2] ^= t;
    state[3] = state[3].rotate_left(45);
    result
}

/// lmathlib `setseed`.
pub(crate) fn seeded(n1: u64, n2: u64) -> [u64; 4] {
    let mut state = [n1, 0xff, n2, 0];
    for _ in 0..16 {
        next_random(&mut state);
    }
    state
}

/// A float in [0, 1) from the high 53 bits (lmathlib `I2d`).
fn to_unit_float(x: u64) -> f64 {
    (x >> 11) as f64 * (0.5f64).powi(53)
}

/// lmathlib `project`: a value in `[0, n]` from `random`, drawing again while out of range.
fn project(mut random: u64, n: u64, state: &mut [u64; 4]) -> u64 {
    if n & n.wrapping_add(1) == 0 {
        return random & n;
    }
    let mut limit = n;
    limit |= limit >> 1;
    limit |= limit >> 2;
    limit |= limit >> 4;
    limit |= limit >> 8;
    limit |= limit >> 16;
    limit |= limit >> 32;
    loop {
        random &= limit;
        if random <= n {
            return random;
        }
        random = next_random(state);
    }
}

/// The shared state of the running `random`/`randomseed` closure.
fn state_of(vm: &Vm) -> Option<crate::value::Gc<Userdata>> {
    match vm.current_native()?.upvalue(0) {
        Value::Userdata(u) => Some(u),
        _ => None,
    }
}

/// Creates the state userdata, seeded from the time and an address (lmathlib `randseed`).
pub(crate) fn new_state(vm: &mut Vm) -> Result<Value, LuaError> {
    let (n1, n2) = time_seed(vm);
    let cell: RandomState = Cell::new(seeded(n1, n2));
    match vm.heap.alloc_userdata(Userdata::new(Box::new(cell))) {
        Ok(u) => Ok(Value::Userdata(u)),
        Err(_) => Err(vm.memory_error()),
    }
}

/// The seed parts `randomseed()` uses without arguments: the time and the state's address.
fn time_seed(vm: &Vm) -> (u64, u64) {
    let seconds = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    (seconds, vm as *const Vm as u64)
}

pub(super) fn random(vm: &mut Vm, args: ArgRange) -> LibResult {
    let Some(userdata) = state_of(vm) else {
        return Ok(0);
    };
    let Some(cell) = userdata.data.downcast_ref::<RandomState>() else {
        return Ok(0);
    };
    let mut state = cell.get();
    let value = next_random(&mut state);
    cell.set(state);
    let (low, up) = match args.count {
        0 => {
            vm.push(Value::Float(to_unit_float(value)))?;
            return Ok(1);
        }
        1 => {
            let up = vm.check_integer(args, 1)?;
            if up == 0 {
                vm.push(Value::Integer(value as i64))?;
                return Ok(1);
            }
            (1, up)
        }
        2 => (vm.check_integer(args, 1)?, vm.check_integer(args, 2)?),
        _ => return Err(message_error(vm, b"wrong number of arguments")),
    };
    if low > up {
        return Err(vm.arg_error(1, "interval is empty"));
    }
    let mut state = cell.get();
    let projected = project(value, (up as u64).wrapping_sub(low as u64), &mut state);
    cell.set(state);
    vm.push(Value::Integer(projected.wrapping_add(low as u64) as i64))?;
    Ok(1)
}

pub(super) fn randomseed(vm: &mut Vm, args: ArgRange) -> LibResult {
    let Some(userdata) = state_of(vm) else {
        return Ok(0);
    };
    let (n1, n2) = if args.count == 0 {
        time_seed(vm)
    } else {
        let n1 = vm.check_integer(args, 1)?;
        let n2 = vm.opt_integer(args, 2, 0)?;
        (n1 as u64, n2 as u64)
    };
    if let Some(cell) = userdata.data.downcast_ref::<RandomState>() {
        cell.set(seeded(n1, n2));
    }
    vm.push(Value::Integer(n1 as i64))?;
    vm.push(Value::Integer(n2 as i64))?;
    Ok(2)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn projection_stays_in_range() {
        let mut state = seeded(7, 0);
        for n in [1u64, 2, 5, 99, 1000, u64::MAX / 3, u64::MAX] {
            for _ in 0..100 {
                let r = next_random(&mut state);
                assert!(project(r, n, &mut state) <= n);
            }
        }
    }

    #[test]
    fn unit_floats_are_in_range() {
        assert_eq!(to_unit_float(0), 0.0);
        assert!(to_unit_float(u64::MAX) < 1.0);
    }
}
