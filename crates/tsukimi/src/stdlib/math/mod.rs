//! The math library (`lmathlib.c`, Lua 5.4 manual §6.7), with Debian's `LUA_COMPAT_MATHLIB`
//! extras (`atan2 cosh sinh tanh pow frexp ldexp log10`) because the reference lua5.4 has them.
//!
//! Integer/float subtypes are kept as 5.4 does: `abs`, `floor`, `ceil`, `fmod`, `modf`,
//! `max`/`min` return integers for integer arguments (`abs(mininteger)` wraps), `floor`/`ceil`
//! of floats return integers when the result fits (`pushnumint`), and `max`/`min` return the
//! winning argument itself (compared with Lua's `<`, so strings compare as strings).
//! `random`/`randomseed` live in `random.rs`. `abs ceil floor sqrt sin cos exp` are
//! `FastOp`s, which the interpreter's CALL also computes without calling them
//! (`vm/fast_native.rs`); the functions here apply the same op, so the two agree.

mod random;

use crate::object::function::NativeFn;
use crate::stdlib::string::support::{check_float, new_library, LibResult};
use crate::value::Value;
use crate::vm::fast_native::FastOp;
use crate::vm::number::float_to_exact_int;
use crate::vm::{ArgRange, LuaError, Vm};

/// Opens the math library (global `math` and `package.loaded.math`).
pub fn open(vm: &mut Vm) -> Result<(), LuaError> {
    let functions: &[(&'static str, NativeFn)] = &[
        ("fmod", fmod),
        ("modf", modf),
        ("ult", ult),
        ("log", log),
        ("deg", deg),
        ("rad", rad),
        ("tan", tan),
        ("asin", asin),
        ("acos", acos),
        ("atan", atan),
        ("tointeger", tointeger),
        ("type", type_),
        ("min", min),
        ("max", max),
        ("atan2", atan),
        ("cosh", cosh),
        ("sinh", sinh),
        ("tanh", tanh),
        ("pow", pow),
        ("frexp", frexp),
        ("ldexp", ldexp),
        ("log10", log10),
    ];
    let library = new_library(vm, "math", functions)?;
    // The functions CALL also computes itself (`vm/fast_native.rs`), each given its op as
    // it is created.
    let fast: [(&'static str, NativeFn, FastOp); 7] = [
        ("abs", abs, FastOp::Abs),
        ("ceil", ceil, FastOp::Ceil),
        ("floor", floor, FastOp::Floor),
        ("sqrt", sqrt, FastOp::Sqrt),
        ("sin", sin, FastOp::Sin),
        ("cos", cos, FastOp::Cos),
        ("exp", exp, FastOp::Exp),
    ];
    for (name, f, op) in fast {
        let native = vm.new_native(f, name)?;
        if let Value::NativeFunction(n) = native {
            n.set_fast(op);
        }
        vm.set_field(library, name, native)?;
    }
    vm.set_field(library, "pi", Value::Float(std::f64::consts::PI))?;
    vm.set_field(library, "huge", Value::Float(f64::INFINITY))?;
    vm.set_field(library, "maxinteger", Value::Integer(i64::MAX))?;
    vm.set_field(library, "mininteger", Value::Integer(i64::MIN))?;
    let state = random::new_state(vm)?;
    // Root the state on the stack while the two closures are created.
    vm.push(state)?;
    let random = vm.new_native_with_upvalues(random::random, "random", vec![state])?;
    vm.set_field(library, "random", random)?;
    let randomseed = vm.new_native_with_upvalues(random::randomseed, "randomseed", vec![state])?;
    vm.set_field(library, "randomseed", randomseed)?;
    let top = vm.top() - 1;
    vm.set_top(top)
}

fn push_float(vm: &mut Vm, f: f64) -> LibResult {
    vm.push(Value::Float(f))?;
    Ok(1)
}

/// lmathlib `pushnumint`: an integer when the float value fits, else the float.
fn push_float_as_int(vm: &mut Vm, f: f64) -> LibResult {
    vm.push(float_to_exact_int(f).map_or(Value::Float(f), Value::Integer))?;
    Ok(1)
}

/// A function CALL also computes itself (`vm/fast_native.rs`): the same `FastOp` on the
/// first argument, which is first converted to a float when it is not a number (a numeric
/// string; anything else is the argument error). One definition, so the two ways agree.
fn fast_fn(vm: &mut Vm, args: ArgRange, op: FastOp) -> LibResult {
    let x = match vm.arg(args, 1) {
        n @ (Value::Integer(_) | Value::Float(_)) => n,
        _ => Value::Float(check_float(vm, args, 1)?),
    };
    vm.push(op.apply(x).unwrap_or(x))?;
    Ok(1)
}

/// A one-argument float function.
fn float_fn(vm: &mut Vm, args: ArgRange, f: fn(f64) -> f64) -> LibResult {
    let x = check_float(vm, args, 1)?;
    push_float(vm, f(x))
}

fn abs(vm: &mut Vm, args: ArgRange) -> LibResult {
    fast_fn(vm, args, FastOp::Abs)
}

fn floor(vm: &mut Vm, args: ArgRange) -> LibResult {
    fast_fn(vm, args, FastOp::Floor)
}

fn ceil(vm: &mut Vm, args: ArgRange) -> LibResult {
    fast_fn(vm, args, FastOp::Ceil)
}

fn fmod(vm: &mut Vm, args: ArgRange) -> LibResult {
    if let (Value::Integer(a), Value::Integer(d)) = (vm.arg(args, 1), vm.arg(args, 2)) {
        let r = match d {
            0 => return Err(vm.arg_error(2, "zero")),
            -1 => 0,
            _ => a % d,
        };
        vm.push(Value::Integer(r))?;
        return Ok(1);
    }
    // lmathlib writes `fmod(luaL_checknumber(L, 1), luaL_checknumber(L, 2))`; gcc evaluates
    // those arguments right to left, so lua5.4 complains about argument 2 first.
    let b = check_float(vm, args, 2)?;
    let a = check_float(vm, args, 1)?;
    push_float(vm, a % b)
}

fn modf(vm: &mut Vm, args: ArgRange) -> LibResult {
    if let v @ Value::Integer(_) = vm.arg(args, 1) {
        vm.push(v)?;
        vm.push(Value::Float(0.0))?;
        return Ok(2);
    }
    let n = check_float(vm, args, 1)?;
    let integral = if n < 0.0 { n.ceil() } else { n.floor() };
    push_float_as_int(vm, integral)?;
    let fraction = if n == integral { 0.0 } else { n - integral };
    vm.push(Value::Float(fraction))?;
    Ok(2)
}

fn sqrt(vm: &mut Vm, args: ArgRange) -> LibResult {
    fast_fn(vm, args, FastOp::Sqrt)
}

fn ult(vm: &mut Vm, args: ArgRange) -> LibResult {
    let a = vm.check_integer(args, 1)?;
    let b = vm.check_integer(args, 2)?;
    vm.push(Value::Boolean((a as u64) < (b as u64)))?;
    Ok(1)
}

fn log(vm: &mut Vm, args: ArgRange) -> LibResult {
    let x = check_float(vm, args, 1)?;
    let r = if vm.arg(args, 2).is_nil() {
        x.ln()
    } else {
        let base = check_float(vm, args, 2)?;
        if base == 2.0 {
            x.log2()
        } else if base == 10.0 {
            x.log10()
        } else {
            x.ln() / base.ln()
        }
    };
    push_float(vm, r)
}

fn exp(vm: &mut Vm, args: ArgRange) -> LibResult {
    fast_fn(vm, args, FastOp::Exp)
}

fn deg(vm: &mut Vm, args: ArgRange) -> LibResult {
    float_fn(vm, args, |x| x * (180.0 / std::f64::consts::PI))
}

fn rad(vm: &mut Vm, args: ArgRange) -> LibResult {
    float_fn(vm, args, |x| x * (std::f64::consts::PI / 180.0))
}

fn sin(vm: &mut Vm, args: ArgRange) -> LibResult {
    fast_fn(vm, args, FastOp::Sin)
}

fn cos(vm: &mut Vm, args: ArgRange) -> LibResult {
    fast_fn(vm, args, FastOp::Cos)
}

fn tan(vm: &mut Vm, args: ArgRange) -> LibResult {
    float_fn(vm, args, f64::tan)
}

fn asin(vm: &mut Vm, args: ArgRange) -> LibResult {
    float_fn(vm, args, f64::asin)
}

fn acos(vm: &mut Vm, args: ArgRange) -> LibResult {
    float_fn(vm, args, f64::acos)
}

fn atan(vm: &mut Vm, args: ArgRange) -> LibResult {
    let y = check_float(vm, args, 1)?;
    let x = if vm.arg(args, 2).is_nil() {
        1.0
    } else {
        check_float(vm, args, 2)?
    };
    push_float(vm, y.atan2(x))
}

fn cosh(vm: &mut Vm, args: ArgRange) -> LibResult {
    float_fn(vm, args, f64::cosh)
}

fn sinh(vm: &mut Vm, args: ArgRange) -> LibResult {
    float_fn(vm, args, f64::sinh)
}

fn tanh(vm: &mut Vm, args: ArgRange) -> LibResult {
    float_fn(vm, args, f64::tanh)
}

fn log10(vm: &mut Vm, args: ArgRange) -> LibResult {
    float_fn(vm, args, f64::log10)
}

fn pow(vm: &mut Vm, args: ArgRange) -> LibResult {
    let x = check_float(vm, args, 1)?;
    let y = check_float(vm, args, 2)?;
    push_float(vm, x.powf(y))
}

/// C `frexp`: `x = m * 2^e` with `0.5 <= |m| < 1` (or `m = x` for 0, inf, nan).
fn split_exponent(x: f64) -> (f64, i64) {
    let bits = x.to_bits();
    let biased = ((bits >> 52) & 0x7ff) as i64;
    if biased == 0 {
        if x == 0.0 {
            return (x, 0);
        }
        // Subnormal: scale into the normal range first.
        let (m, e) = split_exponent(x * 2f64.powi(64));
        return (m, e - 64);
    }
    if biased == 0x7ff {
        return (x, 0);
    }
    let mantissa = f64::from_bits((bits & 0x800f_ffff_ffff_ffff) | 0x3fe0_0000_0000_0000);
    (mantissa, biased - 0x3fe)
}

/// C `ldexp` (musl `scalbn`): `x * 2^n` with correct overflow, underflow and subnormals.
fn scale_by_power_of_two(x: f64, mut n: i32) -> f64 {
    let two_1023 = f64::from_bits(0x7fe0_0000_0000_0000);
    let two_minus_969 =
        f64::from_bits(0x0010_0000_0000_0000) * f64::from_bits(0x4340_0000_0000_0000);
    let mut y = x;
    if n > 1023 {
        y *= two_1023;
        n -= 1023;
        if n > 1023 {
            y *= two_1023;
            n = (n - 1023).min(1023);
        }
    } else if n < -1022 {
        y *= two_minus_969;
        n += 1022 - 53;
        if n < -1022 {
            y *= two_minus_969;
            n = (n + 1022 - 53).max(-1022);
        }
    }
    y * f64::from_bits(((0x3ff + n) as u64) << 52)
}

fn frexp(vm: &mut Vm, args: ArgRange) -> LibResult {
    let x = check_float(vm, args, 1)?;
    let (m, e) = split_exponent(x);
    vm.push(Value::Float(m))?;
    vm.push(Value::Integer(e))?;
    Ok(2)
}

fn ldexp(vm: &mut Vm, args: ArgRange) -> LibResult {
    let x = check_float(vm, args, 1)?;
    let e = vm.check_integer(args, 2)? as i32;
    push_float(vm, scale_by_power_of_two(x, e))
}

fn tointeger(vm: &mut Vm, args: ArgRange) -> LibResult {
    let v = vm.arg(args, 1);
    match vm.to_integer(v) {
        Some(i) => vm.push(Value::Integer(i))?,
        None => {
            vm.check_any(args, 1)?;
            vm.push(Value::Nil)?;
        }
    }
    Ok(1)
}

fn type_(vm: &mut Vm, args: ArgRange) -> LibResult {
    let name: &[u8] = match vm.arg(args, 1) {
        Value::Integer(_) => b"integer",
        Value::Float(_) => b"float",
        _ => {
            vm.check_any(args, 1)?;
            vm.push(Value::Nil)?;
            return Ok(1);
        }
    };
    let s = vm.new_string(name)?;
    vm.push(Value::String(s))?;
    Ok(1)
}

/// `math.min` (`want_max == false`) and `math.max`: the first argument that no later one
/// beats under Lua's `<`.
fn extreme(vm: &mut Vm, args: ArgRange, want_max: bool) -> LibResult {
    if args.count < 1 {
        return Err(vm.arg_error(1, "value expected"));
    }
    let mut best = vm.arg(args, 1);
    for n in 2..=args.count {
        let v = vm.arg(args, n);
        let better = if want_max {
            vm.compare(best, v, false)?
        } else {
            vm.compare(v, best, false)?
        };
        if better {
            best = v;
        }
    }
    vm.push(best)?;
    Ok(1)
}

fn min(vm: &mut Vm, args: ArgRange) -> LibResult {
    extreme(vm, args, false)
}

fn max(vm: &mut Vm, args: ArgRange) -> LibResult {
    extreme(vm, args, true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn frexp_and_ldexp_round_trip() {
        for x in [
            1.0,
            0.75,
            -3.5,
            1e300,
            5e-324,
            2.2250738585072014e-308,
            123456.789,
        ] {
            let (m, e) = split_exponent(x);
            assert!((0.5..1.0).contains(&m.abs()), "{x}");
            assert_eq!(scale_by_power_of_two(m, e as i32), x);
        }
        assert_eq!(split_exponent(0.0), (0.0, 0));
        assert_eq!(scale_by_power_of_two(1.0, 2000), f64::INFINITY);
        assert_eq!(scale_by_power_of_two(1.0, -2000), 0.0);
    }
}
