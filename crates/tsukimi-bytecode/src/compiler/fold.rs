//! Constant folding of numeric operators (`constfolding`, `validop` and `luaO_rawarith`).
//!
//! Folding is only done when it cannot change behaviour: both operands are numeric literals,
//! bitwise operators only see integer-representable values, division and modulo never fold a
//! zero divisor (that must raise or produce inf/nan at run time), and a float result that is
//! NaN or zero (either sign) is never folded, so `-0.0` and `0/0` keep their run-time meaning.
//! Integer arithmetic wraps around and `//`, `%` floor exactly as Lua 5.4 does.

use super::codegen::float_to_exact_int;

/// An arithmetic or bitwise operator, in `lua_Arith`/opcode order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ArithOp {
    Add,
    Sub,
    Mul,
    Mod,
    Pow,
    Div,
    IDiv,
    BAnd,
    BOr,
    BXor,
    Shl,
    Shr,
    Unm,
    BNot,
}

impl ArithOp {
    /// Position in the ADD..SHR / ADDK..BXORK / TM_ADD.. sequences.
    pub fn index(self) -> u32 {
        self as u32
    }
}

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

fn shift_left(x: i64, y: i64) -> i64 {
    if y < 0 {
        if y <= -64 {
            0
        } else {
            ((x as u64) >> (-y) as u32) as i64
        }
    } else if y >= 64 {
        0
    } else {
        ((x as u64) << y as u32) as i64
    }
}

fn int_arith(op: ArithOp, a: i64, b: i64) -> i64 {
    use ArithOp::*;
    match op {
        Add => a.wrapping_add(b),
        Sub => a.wrapping_sub(b),
        Mul => a.wrapping_mul(b),
        Mod => {
            if b == -1 {
                0
            } else {
                let m = a % b;
                if m != 0 && (m ^ b) < 0 {
                    m + b
                } else {
                    m
                }
            }
        }
        IDiv => {
            if b == -1 {
                a.wrapping_neg()
            } else {
                let q = a / b;
                if (a % b != 0) && ((a ^ b) < 0) {
                    q - 1
                } else {
                    q
                }
            }
        }
        BAnd => a & b,
        BOr => a | b,
        BXor => a ^ b,
        Shl => shift_left(a, b),
        Shr => shift_left(a, 0i64.wrapping_sub(b)),
        Unm => 0i64.wrapping_sub(a),
        BNot => !a,
        Pow | Div => 0, // never integer operations
    }
}

fn float_arith(op: ArithOp, a: f64, b: f64) -> f64 {
    use ArithOp::*;
    match op {
        Add => a + b,
        Sub => a - b,
        Mul => a * b,
        Div => a / b,
        Pow => {
            if b == 2.0 {
                a * a
            } else {
                a.powf(b)
            }
        }
        IDiv => (a / b).floor(),
        Unm => -a,
        Mod => {
            // `luai_nummod`: the remainder takes the sign of the divisor.
            let m = a % b;
            if if m > 0.0 { b < 0.0 } else { m < 0.0 && b > 0.0 } {
                m + b
            } else {
                m
            }
        }
        BAnd | BOr | BXor | Shl | Shr | BNot => 0.0,
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
        BAnd | BOr | BXor | Shl | Shr | BNot => Num::Int(int_arith(op, v1.to_int()?, v2.to_int()?)),
        Div | Pow => Num::Flt(float_arith(op, v1.to_f64(), v2.to_f64())),
        _ => match (v1, v2) {
            (Num::Int(a), Num::Int(b)) => Num::Int(int_arith(op, a, b)),
            _ => Num::Flt(float_arith(op, v1.to_f64(), v2.to_f64())),
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
