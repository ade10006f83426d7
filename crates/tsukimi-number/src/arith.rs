//! Arithmetic and bitwise operators on Lua numbers (`lvm.c`'s `luaV_idiv`, `luaV_mod`,
//! `luaV_modf`, `luaV_shiftl`, and `llimits.h`'s `luai_num*` macros).
//!
//! Integer operations wrap (two's complement modulo 2^64). Integer `//` and `%` return `None`
//! for a zero divisor, which the caller turns into Lua's error ("attempt to divide by zero",
//! "attempt to perform 'n%%0'") or, in the constant folder, into "do not fold"; a divisor of
//! `-1` is answered without dividing, so `i64::MIN // -1` wraps to `i64::MIN` and
//! `i64::MIN % -1` is 0 instead of trapping. Float operations follow IEEE 754 and never fail.
//!
//! The per-operator functions are what the interpreter calls on its fast paths (all
//! `#[inline]`); [`arith_int`] and [`arith_float`] dispatch on an [`ArithOp`] for code that
//! holds the operator as data (the constant folder, generic slow paths).

/// An arithmetic or bitwise operator, in `lua_Arith` order (`LUA_OPADD` = 0 ... `LUA_OPBNOT`
/// = 13), which is also the order of the opcodes ADD..SHR, ADDK..BXORK and of the metamethod
/// events `__add`..`__bnot` (offset by `TM_ADD`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ArithOp {
    /// `+`
    Add,
    /// `-`
    Sub,
    /// `*`
    Mul,
    /// `%`
    Mod,
    /// `^` (always a float operation)
    Pow,
    /// `/` (always a float operation)
    Div,
    /// `//`
    IDiv,
    /// `&` (always an integer operation)
    BAnd,
    /// `|`
    BOr,
    /// `~` (binary)
    BXor,
    /// `<<`
    Shl,
    /// `>>`
    Shr,
    /// unary `-`
    Unm,
    /// unary `~`
    BNot,
}

impl ArithOp {
    /// Every operator, in `lua_Arith` order.
    pub const ALL: [ArithOp; 14] = [
        ArithOp::Add,
        ArithOp::Sub,
        ArithOp::Mul,
        ArithOp::Mod,
        ArithOp::Pow,
        ArithOp::Div,
        ArithOp::IDiv,
        ArithOp::BAnd,
        ArithOp::BOr,
        ArithOp::BXor,
        ArithOp::Shl,
        ArithOp::Shr,
        ArithOp::Unm,
        ArithOp::BNot,
    ];

    /// Position in `lua_Arith` order (and in the ADD..SHR / ADDK..BXORK / `TM_ADD`..
    /// sequences).
    #[inline]
    pub fn index(self) -> u32 {
        self as u32
    }

    /// The operator at position `index` of `lua_Arith` order.
    #[inline]
    pub fn from_index(index: u32) -> Option<ArithOp> {
        ArithOp::ALL.get(index as usize).copied()
    }

    /// Whether the operator only works on integers (`&`, `|`, `~`, `<<`, `>>`, unary `~`):
    /// float operands must first convert exactly to integers.
    #[inline]
    pub fn is_bitwise(self) -> bool {
        use ArithOp::*;
        matches!(self, BAnd | BOr | BXor | Shl | Shr | BNot)
    }

    /// Whether the operator always produces a float (`/` and `^`), even on integers.
    #[inline]
    pub fn is_float_only(self) -> bool {
        matches!(self, ArithOp::Div | ArithOp::Pow)
    }

    /// Whether the operator takes one operand (`-x`, `~x`); the second one is ignored.
    #[inline]
    pub fn is_unary(self) -> bool {
        matches!(self, ArithOp::Unm | ArithOp::BNot)
    }
}

/// Integer floor division (`luaV_idiv`); `None` for division by zero.
#[inline]
pub fn int_floor_div(a: i64, b: i64) -> Option<i64> {
    if b == 0 {
        return None;
    }
    if b == -1 {
        return Some(a.wrapping_neg());
    }
    let q = a / b;
    if (a % b != 0) && ((a ^ b) < 0) {
        Some(q - 1)
    } else {
        Some(q)
    }
}

/// Integer modulo with the sign of the divisor (`luaV_mod`); `None` for modulo by zero.
#[inline]
pub fn int_mod(a: i64, b: i64) -> Option<i64> {
    if b == 0 {
        return None;
    }
    if b == -1 {
        return Some(0);
    }
    let r = a % b;
    if r != 0 && (r ^ b) < 0 {
        Some(r + b)
    } else {
        Some(r)
    }
}

/// Float modulo (`luai_nummod`): C's `fmod`, then moved into the divisor's sign when the
/// remainder is non-zero and has the other sign (so `5 % -inf` is `-inf`, `-5 % inf` is
/// `inf`, and `-5.5 % -2` stays `-1.5`).
#[inline]
pub fn float_mod(a: f64, b: f64) -> f64 {
    let m = a % b;
    if m != 0.0 && (m > 0.0) != (b > 0.0) {
        m + b
    } else {
        m
    }
}

/// Float floor division (`luai_numidiv`: `floor(a / b)`).
#[inline]
pub fn float_floor_div(a: f64, b: f64) -> f64 {
    float_floor(a / b)
}

/// `floor(x)` by truncating through an integer: `f64::floor` is a call into a software
/// `floor` on x86-64 without SSE4.1. Below 2^52 in magnitude a double truncates exactly to
/// an integer and back; at 2^52 and above (and for NaN and the infinities) it is its own
/// floor. An integral `x` is returned as is, which keeps the sign of `-0.0`.
#[inline]
pub fn float_floor(x: f64) -> f64 {
    const TWO_POW_52: f64 = 4_503_599_627_370_496.0;
    if x.abs() < TWO_POW_52 {
        let t = x as i64 as f64;
        if t == x {
            x
        } else if t > x {
            t - 1.0
        } else {
            t
        }
    } else {
        x
    }
}

/// Float power (`luai_numpow`: `a*a` for the common exponent 2, else `pow`).
#[inline]
pub fn float_pow(a: f64, b: f64) -> f64 {
    if b == 2.0 {
        a * a
    } else {
        a.powf(b)
    }
}

/// Shift left with Lua semantics (`luaV_shiftl`): logical, a negative count shifts right,
/// and a count of 64 or more in either direction gives 0.
#[inline]
pub fn shift_left(x: i64, n: i64) -> i64 {
    if n <= -64 || n >= 64 {
        0
    } else if n >= 0 {
        ((x as u64) << n) as i64
    } else {
        ((x as u64) >> (-n)) as i64
    }
}

/// Logical shift right with Lua semantics (`luaV_shiftr`: a left shift by `-n`).
#[inline]
pub fn shift_right(x: i64, n: i64) -> i64 {
    shift_left(x, n.wrapping_neg())
}

/// `a op b` on integers (`intarith`; for unary operators `b` is ignored). `None` when the
/// operator is not an integer operation (`/`, `^`) or for `//` and `%` by zero.
#[inline]
pub fn arith_int(op: ArithOp, a: i64, b: i64) -> Option<i64> {
    use ArithOp::*;
    Some(match op {
        Add => a.wrapping_add(b),
        Sub => a.wrapping_sub(b),
        Mul => a.wrapping_mul(b),
        Mod => return int_mod(a, b),
        IDiv => return int_floor_div(a, b),
        BAnd => a & b,
        BOr => a | b,
        BXor => a ^ b,
        Shl => shift_left(a, b),
        Shr => shift_right(a, b),
        Unm => a.wrapping_neg(),
        BNot => !a,
        Pow | Div => return None,
    })
}

/// `a op b` on floats (`numarith`; for unary operators `b` is ignored). `None` for the
/// bitwise operators, which are never float operations.
#[inline]
pub fn arith_float(op: ArithOp, a: f64, b: f64) -> Option<f64> {
    use ArithOp::*;
    Some(match op {
        Add => a + b,
        Sub => a - b,
        Mul => a * b,
        Div => a / b,
        Pow => float_pow(a, b),
        IDiv => float_floor_div(a, b),
        Mod => float_mod(a, b),
        Unm => -a,
        BAnd | BOr | BXor | Shl | Shr | BNot => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn float_floor_matches_floor() {
        let mut values = vec![0.0, -0.0, 0.5, -0.5, 1.0, -1.0, f64::NAN, f64::INFINITY];
        values.extend([
            f64::NEG_INFINITY,
            f64::MAX,
            f64::MIN,
            f64::MIN_POSITIVE,
            1e-300,
        ]);
        for e in -3..60 {
            let p = 2f64.powi(e);
            for frac in [0.0, 0.1, 0.5, 0.9] {
                for bits in [-1i64, 0, 1] {
                    let v = f64::from_bits((p.to_bits() as i64 + bits) as u64) + frac;
                    values.extend([v, -v]);
                }
            }
        }
        for x in values {
            let (got, want) = (float_floor(x), x.floor());
            assert!(
                got.to_bits() == want.to_bits() || (got.is_nan() && want.is_nan()),
                "floor({x:e}) = {got:e}, want {want:e}"
            );
        }
    }

    #[test]
    fn integer_division_rules() {
        assert_eq!(int_floor_div(7, -2), Some(-4));
        assert_eq!(int_floor_div(-7, 2), Some(-4));
        assert_eq!(int_floor_div(7, 2), Some(3));
        assert_eq!(int_floor_div(i64::MIN, -1), Some(i64::MIN));
        assert_eq!(int_floor_div(1, 0), None);
        assert_eq!(int_mod(-7, 3), Some(2));
        assert_eq!(int_mod(7, -3), Some(-2));
        assert_eq!(int_mod(-7, -3), Some(-1));
        assert_eq!(int_mod(i64::MIN, -1), Some(0));
        assert_eq!(int_mod(1, 0), None);
    }

    #[test]
    fn float_division_rules() {
        assert_eq!(float_mod(7.5, -2.0), -0.5);
        assert_eq!(float_mod(-7.5, 2.0), 0.5);
        assert_eq!(float_mod(-5.5, -2.0), -1.5);
        // lua5.4: -5.3 % -2 == -1.3 (the case the old constant folder got wrong).
        assert_eq!(float_mod(-5.3, -2.0), -5.3 % -2.0);
        assert_eq!(float_mod(5.0, f64::NEG_INFINITY), f64::NEG_INFINITY);
        assert_eq!(float_mod(-5.0, f64::INFINITY), f64::INFINITY);
        assert_eq!(float_mod(5.0, f64::INFINITY), 5.0);
        assert!(float_mod(1.0, 0.0).is_nan());
        assert!(float_mod(f64::INFINITY, 2.0).is_nan());
        assert_eq!(float_floor_div(7.0, -2.0), -4.0);
        assert_eq!(float_floor_div(1.0, 0.0), f64::INFINITY);
        assert_eq!(float_pow(3.0, 2.0), 9.0);
        assert_eq!(float_pow(2.0, 0.5), 2f64.sqrt());
    }

    #[test]
    fn shifts() {
        assert_eq!(shift_left(1, 63), i64::MIN);
        assert_eq!(shift_left(1, 64), 0);
        assert_eq!(shift_left(-1, -63), 1);
        assert_eq!(shift_left(-1, -64), 0);
        assert_eq!(shift_left(5, i64::MIN), 0);
        assert_eq!(shift_right(-1, 63), 1);
        assert_eq!(shift_right(-1, i64::MIN), 0);
        assert_eq!(shift_right(1, -1), 2);
    }

    #[test]
    fn dispatch_by_operator() {
        assert_eq!(arith_int(ArithOp::Add, i64::MAX, 1), Some(i64::MIN));
        assert_eq!(arith_int(ArithOp::Unm, i64::MIN, 0), Some(i64::MIN));
        assert_eq!(arith_int(ArithOp::BNot, 0, 0), Some(-1));
        assert_eq!(arith_int(ArithOp::Div, 1, 2), None);
        assert_eq!(arith_int(ArithOp::IDiv, 1, 0), None);
        assert_eq!(arith_float(ArithOp::Mod, -7.5, 2.0), Some(0.5));
        assert_eq!(arith_float(ArithOp::Shl, 1.0, 2.0), None);
        for (i, op) in ArithOp::ALL.iter().enumerate() {
            assert_eq!(op.index() as usize, i);
            assert_eq!(ArithOp::from_index(i as u32), Some(*op));
        }
        assert_eq!(ArithOp::from_index(14), None);
    }
}
