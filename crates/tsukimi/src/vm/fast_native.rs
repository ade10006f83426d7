//! Fast natives: library functions that the interpreter's CALL evaluates in place.
//!
//! `math.floor(x)` costs lua5.4 a C call: a `CallInfo`, a stack check, `luaL_checknumber`,
//! `lua_pushinteger` and the move of the result. LuaJIT's interpreter runs such functions as
//! "fast functions" instead, with no frame at all. A few one-argument math functions here
//! carry a [`FastOp`] (given when the math library creates them, `NativeFunction::set_fast`), and
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

#[cfg(test)]
mod tests {
    use super::FastOp;
    use crate::value::Value;
    use crate::Lua;

    /// The math library's functions carry their ops (the fast path is invisible to Lua code,
    /// so this is where a function left without its op would show), and no other does.
    #[test]
    fn the_math_library_gives_each_function_its_op() {
        let mut lua = Lua::new();
        let vm = lua.vm();
        let Value::Table(math) = vm.get_field(vm.globals(), "math").unwrap() else {
            panic!("no math table");
        };
        let op_of = |vm: &mut crate::vm::Vm, name: &str| match vm.get_field(math, name).unwrap() {
            Value::NativeFunction(f) => f.fast.get(),
            other => panic!("math.{name} is {other:?}"),
        };
        let expected = [
            ("abs", FastOp::Abs),
            ("ceil", FastOp::Ceil),
            ("floor", FastOp::Floor),
            ("sqrt", FastOp::Sqrt),
            ("sin", FastOp::Sin),
            ("cos", FastOp::Cos),
            ("exp", FastOp::Exp),
            ("tan", FastOp::None),
            ("fmod", FastOp::None),
            ("max", FastOp::None),
        ];
        for (name, op) in expected {
            assert_eq!(op_of(vm, name), op, "math.{name}");
        }
    }

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
