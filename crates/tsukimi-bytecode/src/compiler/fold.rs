//! Constant folding of numeric operators (`constfolding`, `validop` and `luaO_rawarith`).
//!
//! Folding is only done when it cannot change behaviour: both operands are numeric literals,
//! bitwise operators only see integer-representable values, division and modulo never fold a
//! zero divisor (that must raise or produce inf/nan at run time), and a float result that is
//! NaN or zero (either sign) is never folded, so `-0.0` and `0/0` keep their run-time meaning.
//! The arithmetic itself is `tsukimi-number`'s (`arith_int`, `arith_float`), the same functions
//! the interpreter runs, so a folded constant always equals what the operation would compute at
//! run time (integers wrap; `//` and `%` floor; `%` on floats follows `luai_nummod`).

pub(crate) use tsukimi_number::ArithOp;
use tsukimi_number::{arith_float, arith_int, float_to_exact_int};

/// A numeric literal.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Num {
    Int(i64),
    Flt(f64),
}

impl Num {
    fn to_f64(self) -> f64 {
        match self {
            Num::Int(i) => i as f64,
            Num::Flt(f) => f,
        }
    }

    fn to_int(self) -> Option<i64> {
        match self {
            Num::Int(i) => Some(i),
            Num::Flt(f) => float_to_exact_int(f),
        }
    }
}

/// Whether folding `op` cannot raise an error (`validop`).
fn valid_op(op: ArithOp, v1: Num, v2: Num) -> bool {
    use ArithOp::*;
    match op {
        BAnd | BOr | BXor | Shl | Shr | BNot => v1.to_int().is_some() && v2.to_int().is_some(),
        Div | IDiv | Mod => v2.to_f64() != 0.0,
        _ => true,
    }
}

/// Folds `v1 op v2` (for unary operators `v2` is the fake operand 0), or `None` when
/// folding is not allowed (`constfolding`).
pub(crate) fn fold(op: ArithOp, v1: Num, v2: Num) -> Option<Num> {
    use ArithOp::*;
    if !valid_op(op, v1, v2) {
        return None;
    }
    let result = match op {
        BAnd | BOr | BXor | Shl | Shr | BNot => {
            Num::Int(arith_int(op, v1.to_int()?, v2.to_int()?)?)
        }
        Div | Pow => Num::Flt(arith_float(op, v1.to_f64(), v2.to_f64())?),
        _ => match (v1, v2) {
            (Num::Int(a), Num::Int(b)) => Num::Int(arith_int(op, a, b)?),
            _ => Num::Flt(arith_float(op, v1.to_f64(), v2.to_f64())?),
        },
    };
    match result {
        Num::Flt(f) if f.is_nan() || f == 0.0 => None,
        r => Some(r),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_like_lua() {
        assert_eq!(
            fold(ArithOp::Add, Num::Int(i64::MAX), Num::Int(1)),
            Some(Num::Int(i64::MIN))
        );
        assert_eq!(
            fold(ArithOp::IDiv, Num::Int(7), Num::Int(-2)),
            Some(Num::Int(-4))
        );
        assert_eq!(
            fold(ArithOp::Mod, Num::Int(-7), Num::Int(3)),
            Some(Num::Int(2))
        );
        assert_eq!(
            fold(ArithOp::Mod, Num::Flt(-7.5), Num::Int(2)),
            Some(Num::Flt(0.5))
        );
        // Both negative: no adjustment (lua5.4: -5.5 % -2 == -1.5).
        assert_eq!(
            fold(ArithOp::Mod, Num::Flt(-5.5), Num::Int(-2)),
            Some(Num::Flt(-1.5))
        );
        // The case the folder's former private copy got wrong: lua5.4 says -1.3.
        assert_eq!(
            fold(ArithOp::Mod, Num::Flt(-5.3), Num::Int(-2)),
            Some(Num::Flt(tsukimi_number::float_mod(-5.3, -2.0)))
        );
        assert_eq!(
            fold(ArithOp::Mod, Num::Flt(5.0), Num::Flt(f64::NEG_INFINITY)),
            Some(Num::Flt(f64::NEG_INFINITY))
        );
        assert_eq!(fold(ArithOp::Div, Num::Int(1), Num::Int(0)), None);
        assert_eq!(fold(ArithOp::Mod, Num::Int(1), Num::Int(0)), None);
        assert_eq!(
            fold(ArithOp::Div, Num::Int(3), Num::Int(2)),
            Some(Num::Flt(1.5))
        );
        assert_eq!(fold(ArithOp::Unm, Num::Flt(0.0), Num::Int(0)), None);
        assert_eq!(fold(ArithOp::Sub, Num::Flt(1.0), Num::Flt(1.0)), None);
        assert_eq!(fold(ArithOp::BAnd, Num::Flt(1.5), Num::Int(1)), None);
        assert_eq!(
            fold(ArithOp::BOr, Num::Flt(2.0), Num::Int(1)),
            Some(Num::Int(3))
        );
        assert_eq!(
            fold(ArithOp::Shl, Num::Int(1), Num::Int(64)),
            Some(Num::Int(0))
        );
        assert_eq!(
            fold(ArithOp::Shr, Num::Int(-1), Num::Int(63)),
            Some(Num::Int(1))
        );
        assert_eq!(
            fold(ArithOp::Pow, Num::Int(2), Num::Int(10)),
            Some(Num::Flt(1024.0))
        );
        assert_eq!(
            fold(ArithOp::BNot, Num::Int(0), Num::Int(0)),
            Some(Num::Int(-1))
        );
        assert_eq!(
            fold(ArithOp::IDiv, Num::Int(i64::MIN), Num::Int(-1)),
            Some(Num::Int(i64::MIN))
        );
    }
}
