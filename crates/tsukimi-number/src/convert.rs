//! Float → integer conversions (`luaV_flttointns` and its three modes, `F2Ieq`, `F2Ifloor`,
//! `F2Iceil`).
//!
//! An integer exists for a float only when the (rounded, per the mode) float lies in
//! `[-2^63, 2^63)`; both bounds are exactly representable doubles, so the range check is exact
//! and the final `as` cast never saturates. NaN and the infinities have no integer. Nothing
//! here panics.

/// 2^63 as a double: the first float above the integer range.
const TWO_POW_63: f64 = 9_223_372_036_854_775_808.0;

/// How a float with a fractional part converts (`F2Imod`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum F2I {
    /// Only integral floats convert (`F2Ieq`): `3.0` → 3, `3.5` → none.
    Exact,
    /// Round towards minus infinity first (`F2Ifloor`).
    Floor,
    /// Round towards plus infinity first (`F2Iceil`).
    Ceil,
}

/// The integer equal to `f`, if `f` is integral and in range (`F2Ieq`).
///
/// All three conversions truncate with one `as` cast after the range check (exact there:
/// a double of magnitude 2^52 or more is integral, and a smaller one truncates to a small
/// integer) and correct by comparing back. They call no `trunc`/`floor`/`ceil`: without
/// SSE4.1 those are library calls in software (math.floor's loop: 134 instructions per
/// call, most of them in them).
#[inline]
pub fn float_to_exact_int(f: f64) -> Option<i64> {
    if (-TWO_POW_63..TWO_POW_63).contains(&f) {
        let t = f as i64;
        if t as f64 == f {
            return Some(t);
        }
    }
    None
}

/// Floor of `f` as an integer, when in range (`F2Ifloor`).
#[inline]
pub fn float_floor_to_int(f: f64) -> Option<i64> {
    // The floor is in range exactly when `f` is: the bounds are integers, and every double
    // just below 2^63 is integral.
    if (-TWO_POW_63..TWO_POW_63).contains(&f) {
        let t = f as i64;
        // Truncation went up for a negative non-integral `f`; `t - 1` cannot overflow,
        // because `t == i64::MIN` means `f == -2^63` exactly.
        return Some(if t as f64 > f { t - 1 } else { t });
    }
    None
}

/// Ceiling of `f` as an integer, when in range (`F2Iceil`).
#[inline]
pub fn float_ceil_to_int(f: f64) -> Option<i64> {
    // A non-integral `f` is below 2^52 in magnitude, so `t + 1` cannot overflow; a
    // double in (-2^63 - 1, -2^63) does not exist, so the range is the same as the floor's.
    if (-TWO_POW_63..TWO_POW_63).contains(&f) {
        let t = f as i64;
        return Some(if (t as f64) < f { t + 1 } else { t });
    }
    None
}

/// `luaV_flttointns(f, mode)`.
#[inline]
pub fn float_to_int(f: f64, mode: F2I) -> Option<i64> {
    match mode {
        F2I::Exact => float_to_exact_int(f),
        F2I::Floor => float_floor_to_int(f),
        F2I::Ceil => float_ceil_to_int(f),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exact_conversion() {
        assert_eq!(float_to_exact_int(3.0), Some(3));
        assert_eq!(float_to_exact_int(-0.0), Some(0));
        assert_eq!(float_to_exact_int(3.5), None);
        assert_eq!(float_to_exact_int(-TWO_POW_63), Some(i64::MIN));
        assert_eq!(float_to_exact_int(TWO_POW_63), None);
        assert_eq!(float_to_exact_int(f64::NAN), None);
        assert_eq!(float_to_exact_int(f64::INFINITY), None);
        assert_eq!(float_to_exact_int(f64::NEG_INFINITY), None);
        // The largest double below 2^63 converts.
        let below = f64::from_bits(TWO_POW_63.to_bits() - 1);
        assert_eq!(float_to_exact_int(below), Some(below as i64));
    }

    #[test]
    fn rounding_conversions() {
        assert_eq!(float_floor_to_int(3.5), Some(3));
        assert_eq!(float_floor_to_int(-3.5), Some(-4));
        assert_eq!(float_ceil_to_int(3.5), Some(4));
        assert_eq!(float_ceil_to_int(-3.5), Some(-3));
        assert_eq!(float_ceil_to_int(-TWO_POW_63 - 1e5), None);
        assert_eq!(float_floor_to_int(f64::NAN), None);
        assert_eq!(float_ceil_to_int(-f64::NAN), None);
        assert_eq!(float_floor_to_int(f64::INFINITY), None);
        assert_eq!(float_ceil_to_int(f64::NEG_INFINITY), None);
        let below = f64::from_bits(TWO_POW_63.to_bits() - 1);
        assert_eq!(float_floor_to_int(below), Some(i64::MAX - 1023));
        assert_eq!(float_ceil_to_int(TWO_POW_63 - 0.5), None);
        assert_eq!(float_ceil_to_int(-TWO_POW_63), Some(i64::MIN));
        assert_eq!(float_floor_to_int(-0.5), Some(-1));
        assert_eq!(float_ceil_to_int(-0.5), Some(0));
        assert_eq!(float_to_int(2.5, F2I::Exact), None);
        assert_eq!(float_to_int(2.5, F2I::Floor), Some(2));
        assert_eq!(float_to_int(2.5, F2I::Ceil), Some(3));
    }

    /// The cast-and-correct versions against their definitions (`floor`/`ceil`/`fract`
    /// and the range check) over the edges and a sweep of magnitudes and fractions.
    #[test]
    fn conversions_match_their_definitions() {
        let exact = |f: f64| {
            (f.fract() == 0.0 && (-TWO_POW_63..TWO_POW_63).contains(&f)).then_some(f as i64)
        };
        let mut values = vec![
            0.0,
            -0.0,
            TWO_POW_63,
            -TWO_POW_63,
            f64::MAX,
            f64::MIN,
            f64::MIN_POSITIVE,
            f64::EPSILON,
            f64::NAN,
            f64::INFINITY,
            f64::NEG_INFINITY,
        ];
        for e in -4..70 {
            let p = 2f64.powi(e);
            for frac in [0.0, 0.25, 0.5, 0.75, 0.999_999_9] {
                for bits in [0i64, -1, 1] {
                    let v = f64::from_bits((p.to_bits() as i64 + bits) as u64) + frac;
                    values.extend([v, -v]);
                }
            }
        }
        for f in values {
            assert_eq!(float_to_exact_int(f), exact(f), "exact {f:e}");
            assert_eq!(float_floor_to_int(f), exact(f.floor()), "floor {f:e}");
            assert_eq!(float_ceil_to_int(f), exact(f.ceil()), "ceil {f:e}");
        }
    }
}
