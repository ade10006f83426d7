//! `string.pack`, `string.packsize` and `string.unpack` over `tsukimi_text::pack`.
//!
//! Values to pack are fetched through `PackArgs` with lauxlib's checks; unpacked values are
//! pushed followed by the position after the last byte read.

use tsukimi_text::pack::{self as text_pack, PackArgs, Unpacked};

use super::support::{check_float, check_str, push_bytes, raise, text_error, LibError, LibResult};
use crate::object::string::LuaString;
use crate::value::{Gc, Value};
use crate::vm::{ArgRange, Vm};

struct VmPackArgs<'v> {
    vm: &'v mut Vm,
    args: ArgRange,
    current: Option<Gc<LuaString>>,
}

impl VmPackArgs<'_> {
    /// lstrlib's `str_pack` pushes a nil right after its arguments (to separate them from
    /// its string buffer), so the first missing argument is reported as `got nil`, not
    /// `got no value`.
    fn check_present(&mut self, arg: usize, expected: &str) -> Result<(), LibError> {
        if arg > self.args.count {
            let message = format!("{expected} expected, got nil");
            return Err(LibError::Lua(self.vm.arg_error(arg, &message)));
        }
        Ok(())
    }
}

impl PackArgs for VmPackArgs<'_> {
    type Error = LibError;

    fn integer(&mut self, arg: usize) -> Result<i64, LibError> {
        self.check_present(arg, "number")?;
        Ok(self.vm.check_integer(self.args, arg)?)
    }

    fn number(&mut self, arg: usize) -> Result<f64, LibError> {
        self.check_present(arg, "number")?;
        Ok(check_float(self.vm, self.args, arg)?)
    }

    fn string(&mut self, arg: usize) -> Result<&[u8], LibError> {
        self.check_present(arg, "string")?;
        let s = check_str(self.vm, self.args, arg)?;
        Ok(self.current.insert(s).as_bytes())
    }
}

pub(super) fn pack(vm: &mut Vm, args: ArgRange) -> LibResult {
    let format = check_str(vm, args, 1)?;
    let mut adapter = VmPackArgs {
        vm,
        args,
        current: None,
    };
    match text_pack::pack(format.as_bytes(), &mut adapter) {
        Ok(out) => {
            push_bytes(vm, &out)?;
            Ok(1)
        }
        Err(e) => Err(raise(vm, e)),
    }
}

pub(super) fn packsize(vm: &mut Vm, args: ArgRange) -> LibResult {
    let format = check_str(vm, args, 1)?;
    let size = text_pack::packsize(format.as_bytes()).map_err(|e| text_error(vm, e))?;
    vm.push(Value::Integer(size))?;
    Ok(1)
}

pub(super) fn unpack(vm: &mut Vm, args: ArgRange) -> LibResult {
    let format = check_str(vm, args, 1)?;
    let data = check_str(vm, args, 2)?;
    let init = vm.opt_integer(args, 3, 1)?;
    let (values, next) = text_pack::unpack(format.as_bytes(), data.as_bytes(), init)
        .map_err(|e| text_error(vm, e))?;
    let count = values.len() + 1;
    for value in values {
        match value {
            Unpacked::Integer(i) => vm.push(Value::Integer(i))?,
            Unpacked::Float(f) => vm.push(Value::Float(f))?,
            Unpacked::Str(bytes) => push_bytes(vm, bytes)?,
        }
    }
    vm.push(Value::Integer(next))?;
    Ok(count)
}
