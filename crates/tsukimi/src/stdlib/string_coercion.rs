//! The arithmetic metamethods of the string metatable (`lstrlib.c`'s `stringmetamethods`):
//! they give Lua 5.4's observable string→number coercion for arithmetic (`"10" + 1 == 11`)
//! and its error message when a string is not numeric ("attempt to add a 'string' with a
//! 'number'"). Bitwise operators have no string metamethods, so `"3" & 1` fails as in 5.4.
//! The string library adds `__index` to the same metatable.

use crate::value::{LuaType, Value};
use crate::vm::debug::join;
use crate::vm::meta::{Origin, Tm};
use crate::vm::{ArgRange, LuaError, Vm};

fn arith(vm: &mut Vm, args: ArgRange, op: Tm) -> Result<usize, LuaError> {
    let (a, b) = (vm.arg(args, 1), vm.arg(args, 2));
    if let (Some(x), Some(y)) = (vm.to_number(a), vm.to_number(b)) {
        let r = vm.arith(op, x, y, (Origin::None, Origin::None))?;
        vm.push(r)?;
        return Ok(1);
    }
    // trymt: the second operand's metamethod, if it is not a string and has one.
    if !matches!(b, Value::String(_)) {
        let tm = vm.metamethod(b, op);
        if !tm.is_nil() {
            let r = vm.call_function(tm, &[a, b])?;
            vm.push(r.first().copied().unwrap_or(Value::Nil))?;
            return Ok(1);
        }
    }
    let (ta, tb) = (vm.type_name_of(a), vm.type_name_of(b));
    let op = &op.name().as_bytes()[2..];
    let msg = join(&[b"attempt to ", op, b" a '", &ta, b"' with a '", &tb, b"'"]);
    Err(vm.native_error_bytes(&msg))
}

macro_rules! arith_fns {
    ($($name:ident => $tm:expr),*) => {
        $(fn $name(vm: &mut Vm, args: ArgRange) -> Result<usize, LuaError> { arith(vm, args, $tm) })*
    };
}

arith_fns!(add => Tm::Add, sub => Tm::Sub, mul => Tm::Mul, modulo => Tm::Mod, pow => Tm::Pow,
    div => Tm::Div, idiv => Tm::IDiv, unm => Tm::Unm);

/// Creates the string metatable with the arithmetic metamethods.
pub fn install(vm: &mut Vm) -> Result<(), LuaError> {
    let mt = match vm.type_metatable(LuaType::String) {
        Some(mt) => mt,
        None => vm.new_table(0, 16)?,
    };
    vm.register(mt, "__add", add)?;
    vm.register(mt, "__sub", sub)?;
    vm.register(mt, "__mul", mul)?;
    vm.register(mt, "__mod", modulo)?;
    vm.register(mt, "__pow", pow)?;
    vm.register(mt, "__div", div)?;
    vm.register(mt, "__idiv", idiv)?;
    vm.register(mt, "__unm", unm)?;
    vm.set_type_metatable(LuaType::String, Some(mt));
    Ok(())
}
