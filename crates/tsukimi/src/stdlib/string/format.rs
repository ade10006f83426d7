//! `string.format`: the VM side of `tsukimi_text::format::FormatArgs`.
//!
//! The formatter asks for each argument as it reaches its conversion; this adapter does the
//! `luaL_check*` work with lauxlib's messages. `%s` uses `luaL_tolstring` (so `__tostring`
//! and `__name` apply, which may run Lua code); its result is stored back into the argument's
//! stack slot so it stays rooted while the formatter copies it, and so do strings made from
//! numbers for `%q`.

use tsukimi_text::format::{self as text_format, FormatArgs, Literal};

use super::support::{check_float, check_str, push_bytes, raise, LibError, LibResult};
use crate::object::string::LuaString;
use crate::value::{Gc, Value};
use crate::vm::{ArgRange, Vm};

struct VmFormatArgs<'v> {
    vm: &'v mut Vm,
    args: ArgRange,
    /// The string most recently handed to the formatter (rooted by its argument slot).
    current: Option<Gc<LuaString>>,
}

impl FormatArgs for VmFormatArgs<'_> {
    type Error = LibError;

    fn count(&self) -> usize {
        self.args.count
    }

    fn integer(&mut self, arg: usize) -> Result<i64, LibError> {
        Ok(self.vm.check_integer(self.args, arg)?)
    }

    fn number(&mut self, arg: usize) -> Result<f64, LibError> {
        Ok(check_float(self.vm, self.args, arg)?)
    }

    fn string(&mut self, arg: usize) -> Result<&[u8], LibError> {
        let v = self.vm.arg(self.args, arg);
        let s = self.vm.to_display_string(v)?;
        if arg <= self.args.count {
            self.vm.th.stack[self.args.base + arg - 1] = Value::String(s);
        }
        Ok(self.current.insert(s).as_bytes())
    }

    fn literal(&mut self, arg: usize) -> Result<Literal<'_>, LibError> {
        Ok(match self.vm.arg(self.args, arg) {
            Value::String(s) => Literal::Str(self.current.insert(s).as_bytes()),
            Value::Integer(i) => Literal::Integer(i),
            Value::Float(f) => Literal::Float(f),
            Value::Nil => Literal::Nil,
            Value::Boolean(b) => Literal::Boolean(b),
            _ => Literal::Other,
        })
    }

    fn pointer(&mut self, arg: usize) -> Result<usize, LibError> {
        Ok(self.vm.arg(self.args, arg).object_addr())
    }
}

pub(super) fn format(vm: &mut Vm, args: ArgRange) -> LibResult {
    let template = check_str(vm, args, 1)?;
    let mut adapter = VmFormatArgs {
        vm,
        args,
        current: None,
    };
    match text_format::format(template.as_bytes(), &mut adapter) {
        Ok(out) => {
            push_bytes(vm, &out)?;
            Ok(1)
        }
        Err(e) => Err(raise(vm, e)),
    }
}
