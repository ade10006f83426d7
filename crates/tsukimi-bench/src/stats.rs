//! stats: the few statistics the report needs — median, minimum, ratio and geometric mean.
//!
//! All functions are total: they return `None` instead of panicking or producing NaN when
//! the input cannot give a meaningful answer (no samples, a non-positive or non-finite value
//! where a logarithm or a division is needed). Times are plain `f64` seconds.

/// The median of `samples`: the middle value, or the mean of the two middle values for an
/// even count. `None` for an empty slice or when any sample is NaN.
pub fn median(samples: &[f64]) -> Option<f64> {
    if samples.is_empty() || samples.iter().any(|s| s.is_nan()) {
        return None;
    }
    let mut sorted = samples.to_vec();
    sorted.sort_by(f64::total_cmp);
    let middle = sorted.len() / 2;
    if sorted.len() % 2 == 1 {
        Some(sorted[middle])
    } else {
        Some((sorted[middle - 1] + sorted[middle]) / 2.0)
    }
}

/// The smallest of `samples`: for a CPU-bound program, the run that interference (other
/// processes, frequency changes) slowed least. `None` for an empty slice or any NaN.
pub fn fastest(samples: &[f64]) -> Option<f64> {
    if samples.iter().any(|s| s.is_nan()) {
        return None;
    }
    samples.iter().copied().min_by(f64::total_cmp)
}

/// `time / baseline`: how many times longer than the baseline something took (1.0 = same,
/// 0.5 = twice as fast). `None` unless both are finite and the baseline is positive.
pub fn ratio(time: f64, baseline: f64) -> Option<f64> {
    if time.is_finite() && baseline.is_finite() && baseline > 0.0 && time >= 0.0 {
        Some(time / baseline)
    } else {
        None
    }
}

/// The geometric mean of positive values: `exp(mean(ln v))`. The right mean for ratios,
/// where being twice as fast on one program and twice as slow on another averages to 1.
/// `None` for an empty slice or any value that is not finite and positive.
pub fn geometric_mean(values: &[f64]) -> Option<f64> {
    if values.is_empty() || values.iter().any(|v| !v.is_finite() || *v <= 0.0) {
        return None;
    }
    let log_sum: f64 = values.iter().map(|v| v.ln()).sum();
    Some((log_sum / values.len() as f64).exp())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn median_of_odd_and_even_counts() {
        assert_eq!(median(&[3.0, 1.0, 2.0]), Some(2.0));
        assert_eq!(median(&[4.0, 1.0, 3.0, 2.0]), Some(2.5));
        assert_eq!(median(&[7.5]), Some(7.5));
    }

    #[test]
    fn median_rejects_empty_and_nan() {
        assert_eq!(median(&[]), None);
        assert_eq!(median(&[1.0, f64::NAN]), None);
    }

    #[test]
    fn fastest_is_the_minimum() {
        assert_eq!(fastest(&[3.0, 1.5, 2.0]), Some(1.5));
        assert_eq!(fastest(&[]), None);
        assert_eq!(fastest(&[1.0, f64::NAN]), None);
    }

    #[test]
    fn ratio_guards_its_baseline() {
        assert_eq!(ratio(2.0, 4.0), Some(0.5));
        assert_eq!(ratio(1.0, 0.0), None);
        assert_eq!(ratio(f64::INFINITY, 1.0), None);
        assert_eq!(ratio(-1.0, 1.0), None);
    }

    #[test]
    fn geometric_mean_balances_ratios() {
        let mean = geometric_mean(&[2.0, 0.5]).unwrap();
        assert!((mean - 1.0).abs() < 1e-12);
        let mean = geometric_mean(&[1.0, 4.0, 16.0]).unwrap();
        assert!((mean - 4.0).abs() < 1e-9);
        assert_eq!(geometric_mean(&[]), None);
        assert_eq!(geometric_mean(&[1.0, 0.0]), None);
        assert_eq!(geometric_mean(&[1.0, f64::NAN]), None);
    }
}
