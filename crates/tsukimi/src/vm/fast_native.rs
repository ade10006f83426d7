//! Fast natives: library functions that the interpreter's CALL evaluates in place.
//!
//! `math.floor(x)` costs lua5.4 a C call: a `CallInfo`, a stack check, `luaL_checknumber`,
//! `lua_pushinteger` and the move of the result. LuaJIT's interpreter runs such functions as
//! "fast functions" instead, with no frame at all. A few one-argument math functions here
//! carry a [`FastOp`] (set when the math library is opened, `NativeFunction::set_fast`), and
//! CALL computes their result directly into the call's result register when the argument is
//! a number; anything else (a string to coerce, no argument, a hook to report) takes the
//! ordinary call, which then raises exactly the library function's error.
//!
//! Invariants:
//! - [`FastOp::apply`] returns what the library function returns for the same first argument
//!   (extra arguments are ignored by those functions too): the math library's functions are
//!   `apply` itself on their first argument, converted to a float first when it is a string
//!   (`fast_fn` in `stdlib/math`), and `lib-math/fast-calls.lua` compares both ways of calling
//!   them, and lua5.4, over a spread of integers and floats.
//! - The fast path never raises, allocates or runs Lua code, so no frame is observable: CALL
//!   takes it only while no hook is set (call and return events are then not due) and only
//!   where the ordinary call could not have failed on the stack limit either.
//! - The op belongs to the function object, not to a name: `local floor = math.floor` keeps
//!   it, and a replacement `math.floor = function ... end` has none.

use std::cell::Cell;

use crate::value::Value;
use crate::vm::number::{float_ceil_to_int, float_floor_to_int};

/// What a fast native computes; `None` for every other native function.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[repr(u8)]
pub enum FastOp {
    #[default]
    None,
    Abs,
    Ceil,
    Floor,
    Sqrt,
    Sin,
    Cos,
    Exp,
}

impl FastOp {
    /// The function's result for first argument `x`, or `None` when the ordinary call has
    /// to run (`x` is not a number: a string is coerced, anything else is an error there).
    #[inline(always)]
    pub(crate) fn apply(self, x: Value) -> Option<Value> {
        let f = match x {
            Value::Integer(i) => match self {
                FastOp::None => return None,
                FastOp::Abs => return Some(Value::Integer(i.wrapping_abs())),
                FastOp::Ceil | FastOp::Floor => return Some(x),
                _ => i as f64,
            },
            Value::Float(f) => f,
            _ => return None,
        };
        Some(match self {
            FastOp::None => return None,
            FastOp::Abs => Value::Float(f.abs()),
            FastOp::Ceil => {
                float_ceil_to_int(f).map_or_else(|| Value::Float(f.ceil()), Value::Integer)
            }
            FastOp::Floor => {
                float_floor_to_int(f).map_or_else(|| Value::Float(f.floor()), Value::Integer)
            }
            FastOp::Sqrt => Value::Float(f.sqrt()),
            FastOp::Sin => Value::Float(f.sin()),
            FastOp::Cos => Value::Float(f.cos()),
            FastOp::Exp => Value::Float(f.exp()),
        })
    }
}

/// A native function's fast op, settable once the function object exists.
#[derive(Default)]
pub struct FastOpCell(Cell<FastOp>);

impl FastOpCell {
    #[inline(always)]
    pub(crate) fn get(&self) -> FastOp {
        self.0.get()
    }

    pub(crate) fn set(&self, op: FastOp) {
        self.0.set(op)
    }
}

#[cfg(test)]
mod tests {
    use super::FastOp;
    use crate::value::Value;

    /// Non-numbers and functions without an op always take the ordinary call.
    #[test]
    fn only_numbers_with_an_op_are_computed() {
        assert_eq!(FastOp::None.apply(Value::Float(1.5)).map(|_| ()), None);
        assert_eq!(FastOp::None.apply(Value::Integer(1)).map(|_| ()), None);
        for op in [
            FastOp::Abs,
            FastOp::Ceil,
            FastOp::Floor,
            FastOp::Sqrt,
            FastOp::Exp,
        ] {
            assert!(op.apply(Value::Nil).is_none());
            assert!(op.apply(Value::Boolean(true)).is_none());
            assert!(op.apply(Value::Float(2.0)).is_some());
        }
    }

    /// Subtypes as lmathlib gives them: floor/ceil of an integer is that integer, of a float
    /// an integer when it fits and the float otherwise; abs keeps the subtype (and wraps
    /// `mininteger`); sqrt is always a float.
    #[test]
    fn results_keep_the_library_subtypes() {
        let int = |v: Option<Value>| match v {
            Some(Value::Integer(i)) => Some(i),
            _ => None,
        };
        let float = |v: Option<Value>| match v {
            Some(Value::Float(f)) => Some(f),
            _ => None,
        };
        assert_eq!(int(FastOp::Floor.apply(Value::Float(-3.5))), Some(-4));
        assert_eq!(int(FastOp::Ceil.apply(Value::Float(-3.5))), Some(-3));
        assert_eq!(int(FastOp::Floor.apply(Value::Integer(7))), Some(7));
        assert_eq!(float(FastOp::Floor.apply(Value::Float(1e300))), Some(1e300));
        assert_eq!(
            int(FastOp::Abs.apply(Value::Integer(i64::MIN))),
            Some(i64::MIN)
        );
        assert_eq!(float(FastOp::Abs.apply(Value::Float(-0.5))), Some(0.5));
        assert_eq!(float(FastOp::Sqrt.apply(Value::Integer(16))), Some(4.0));
    }
}
