//! Order between an integer and a float, exactly (`lvm.c`'s `LTintfloat`, `LEintfloat`,
//! `LTfloatint`, `LEfloatint`).
//!
//! Converting the integer to a float could round (above 2^53) and give a wrong answer, so the
//! float is converted instead, rounded in the direction that keeps the comparison's meaning:
//! `i < f` ⇔ `i < ceil(f)`, `i <= f` ⇔ `i <= floor(f)`, `f < i` ⇔ `floor(f) < i`,
//! `f <= i` ⇔ `ceil(f) <= i`. When the rounded float is outside the integer range the answer is
//! decided by the float's sign alone (it is beyond every integer), and a NaN compares false
//! with everything.

use crate::convert::{float_ceil_to_int, float_floor_to_int};

/// `i < f` (`LTintfloat`).
#[inline]
pub fn int_lt_float(i: i64, f: f64) -> bool {
    match float_ceil_to_int(f) {
        Some(c) => i < c,
        None => f > 0.0,
    }
}

/// `i <= f` (`LEintfloat`).
#[inline]
pub fn int_le_float(i: i64, f: f64) -> bool {
    match float_floor_to_int(f) {
        Some(c) => i <= c,
        None => f > 0.0,
    }
}

/// `f < i` (`LTfloatint`).
#[inline]
pub fn float_lt_int(f: f64, i: i64) -> bool {
    match float_floor_to_int(f) {
        Some(c) => c < i,
        None => f < 0.0,
    }
}

/// `f <= i` (`LEfloatint`).
#[inline]
pub fn float_le_int(f: f64, i: i64) -> bool {
    match float_ceil_to_int(f) {
        Some(c) => c <= i,
        None => f < 0.0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exact_where_floats_round() {
        // 2^53 + 1 is not a double: as a float it would equal 2^53.
        let big = (1i64 << 53) + 1;
        let f = (1i64 << 53) as f64;
        assert!(!int_lt_float(big, f));
        assert!(!int_le_float(big, f));
        assert!(float_lt_int(f, big));
        assert!(float_le_int(f, big));
        assert!(int_lt_float(i64::MAX, 9_223_372_036_854_775_808.0));
        assert!(!float_le_int(9_223_372_036_854_775_808.0, i64::MAX));
        assert!(int_le_float(i64::MIN, -9_223_372_036_854_775_808.0));
        assert!(float_le_int(-9_223_372_036_854_775_808.0, i64::MIN));
        assert!(!float_lt_int(-9_223_372_036_854_775_808.0, i64::MIN));
    }

    #[test]
    fn fractions_infinities_and_nan() {
        assert!(int_lt_float(1, 1.5));
        assert!(!int_lt_float(2, 1.5));
        assert!(int_le_float(1, 1.5));
        assert!(!int_le_float(2, 1.5));
        assert!(float_lt_int(1.5, 2));
        assert!(!float_lt_int(1.5, 1));
        assert!(float_le_int(1.5, 2));
        assert!(!float_le_int(1.5, 1));
        assert!(int_lt_float(i64::MAX, f64::INFINITY));
        assert!(!int_lt_float(i64::MIN, f64::NEG_INFINITY));
        assert!(float_lt_int(f64::NEG_INFINITY, i64::MIN));
        assert!(!float_le_int(f64::INFINITY, i64::MAX));
        for nan in [f64::NAN, -f64::NAN] {
            assert!(!int_lt_float(0, nan));
            assert!(!int_le_float(0, nan));
            assert!(!float_lt_int(nan, 0));
            assert!(!float_le_int(nan, 0));
        }
    }
}
