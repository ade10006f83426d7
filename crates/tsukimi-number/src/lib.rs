//! Lua 5.4's number semantics, written once for every part of tsukimi that computes with
//! numbers: the bytecode compiler's constant folder, the interpreter and its metamethod slow
//! paths, the standard library, and the listing. Before this crate each of them carried its
//! own copy, and the copies drifted (the folder once folded `-5.3 % -2` differently from the
//! interpreter). A rule that lives here is the rule; nobody else re-derives it.
//!
//! What Lua 5.4 specifies (`lvm.c`, `lobject.c`, `llimits.h`), and where it lives here:
//!
//! - **Integers wrap.** `+ - * unary-` on integers are two's complement modulo 2^64
//!   (`intop` in `lvm.h`), never overflow errors ([`arith`]).
//! - **Floor division and modulo.** `//` rounds towards minus infinity and `%` takes the sign
//!   of the divisor, for integers (`luaV_idiv`, `luaV_mod`: a divisor of `-1` is special-cased
//!   so `math.mininteger // -1` wraps instead of trapping, and a zero divisor is an error the
//!   caller raises) and for floats (`luai_numidiv` is `floor(a/b)`; `luai_nummod` corrects
//!   C's `fmod` so that `5 % -inf` is `-inf`) ([`arith`]).
//! - **Power.** `luai_numpow` computes `a*a` when the exponent is 2, else C's `pow`.
//! - **Shifts** (`luaV_shiftl`) are logical; a negative count shifts the other way and a count
//!   of 64 or more in either direction gives 0 ([`arith`]).
//! - **Float → integer** (`luaV_flttointns`): exact (the float must be integral and in range),
//!   floor, or ceiling; out of range is "no integer", never a saturated or wrapped value
//!   ([`convert`]).
//! - **Integer–float order** (`LTintfloat` and friends) is exact: the float is rounded towards
//!   the integer side instead of the integer being rounded to a float ([`compare`]).
//! - **tostring** of a float is `LUAI_NUMFFORMAT` `"%.14g"` followed by `.0` when the text
//!   looks like an integer (`tostringbuff`); infinities print `inf`/`-inf` and NaNs print
//!   `nan` or `-nan` by their sign bit, as glibc does (Lua's `0/0` is a negative NaN on x86)
//!   ([`format`](mod@format)).
//!
//! Every function is pure, total (no panics for any input, including zero divisors, NaNs and
//! out-of-range values) and small enough to inline into the interpreter's hot paths. The
//! crate has no dependencies so the compiler, the runtime and the text library can all use it.

pub mod arith;
pub mod compare;
pub mod convert;
pub mod format;

pub use arith::{
    arith_float, arith_int, float_floor_div, float_mod, float_pow, int_floor_div, int_mod,
    shift_left, shift_right, ArithOp,
};
pub use compare::{float_le_int, float_lt_int, int_le_float, int_lt_float};
pub use convert::{float_ceil_to_int, float_floor_to_int, float_to_exact_int, float_to_int, F2I};
pub use format::{format_float, format_g, write_float};
