//! Loading chunks: source text → parser → compiler → `Proto` → GC-managed `FnProto` and a
//! main closure whose single upvalue `_ENV` is the globals table (as `lua_load` does).

use tsukimi_bytecode::{Constant, Instruction, OpCode, Proto};

use crate::object::function::{ClosureBuilder, FnProto, UpVal};
use crate::value::{Gc, Value};
use crate::vm::{LuaError, Vm};

impl Vm {
    /// Compiles Lua source text. `Err` carries the syntax error message (or "not enough
    /// memory"), as bytes: it may quote source bytes that are not UTF-8.
    pub fn load_text(&mut self, source: &[u8], chunkname: &[u8]) -> Result<Value, Vec<u8>> {
        let options = self.parse_options();
        let chunk = tsukimi_syntax::parse_with_options(source, chunkname, &options)
            .map_err(|e| e.message)?;
        self.load_parsed(&chunk, chunkname)
    }

    /// How `load` parses now: the parser's nesting limit counts from the native-call levels
    /// in use, as `lparser.c`'s `enterlevel` continues `L->nCcalls` (`load` called under
    /// three `pcall`s accepts three levels less nesting than at the top of a chunk).
    pub fn parse_options(&self) -> tsukimi_syntax::ParseOptions {
        tsukimi_syntax::ParseOptions {
            c_levels_in_use: self.th.native_calls,
        }
    }

    /// Compiles a parsed chunk into a main-chunk closure (`load_text` after parsing; `load`
    /// with a reader function parses while reading, then comes here).
    pub fn load_parsed(
        &mut self,
        chunk: &tsukimi_syntax::ast::Chunk,
        chunkname: &[u8],
    ) -> Result<Value, Vec<u8>> {
        let proto = tsukimi_bytecode::compile(chunk, chunkname).map_err(|e| e.message)?;
        // The compiler's output is valid by construction; verifying it anyway keeps the
        // interpreter's unchecked operand accesses sound even if the compiler has a bug
        // (one linear pass, a small fraction of compiling).
        if let Err(msg) = tsukimi_bytecode::verify(&proto) {
            let mut text = chunkname.to_vec();
            text.extend_from_slice(
                format!(": internal compiler error: bad bytecode ({msg})").as_bytes(),
            );
            return Err(text);
        }
        self.load_verified(&proto)
            .map_err(|_| b"not enough memory".to_vec())
    }

    /// Turns a compiled prototype into a main-chunk closure with `_ENV` = globals. Prototypes
    /// from outside the compiler are verified first (register, constant, upvalue and jump
    /// operands in range), so bad bytecode is an error, never undefined behaviour.
    pub fn load_proto(&mut self, proto: &Proto) -> Result<Value, LuaError> {
        if let Err(msg) = tsukimi_bytecode::verify(proto) {
            return Err(self.bad_bytecode(proto, &msg));
        }
        self.load_verified(proto)
    }

    /// "<chunkid>: bad bytecode (<why>)" for a prototype that fails a check.
    fn bad_bytecode(&mut self, proto: &Proto, why: &dyn std::fmt::Display) -> LuaError {
        let mut text = tsukimi_syntax::chunkid(&proto.source);
        text.extend_from_slice(format!(": bad bytecode ({why})").as_bytes());
        match self.new_string(&text) {
            Ok(s) => LuaError {
                value: Value::String(s),
            },
            Err(e) => e,
        }
    }

    /// `load_proto` after verification.
    fn load_verified(&mut self, proto: &Proto) -> Result<Value, LuaError> {
        let p = self.convert_proto(proto)?;
        let Ok(mut closure) = ClosureBuilder::new(&mut self.heap, p, p.upvalues.len()) else {
            return Err(self.memory_error());
        };
        for i in 0..p.upvalues.len() {
            let v = if i == 0 {
                Value::Table(self.globals)
            } else {
                Value::Nil
            };
            match self.heap.alloc_upval(UpVal::new_closed(v)) {
                Ok(u) => closure.push(u),
                Err(_) => return Err(self.memory_error()),
            }
        }
        match self.heap.alloc_closure(closure) {
            Ok(c) => Ok(Value::LuaFunction(c)),
            Err(_) => Err(self.memory_error()),
        }
    }

    /// The compiler-level `Proto` a runtime prototype was converted from (the inverse of
    /// `convert_proto`): the appended traps are dropped and string constants copied out.
    /// `string.dump` serialises this. A constant that is not a compiler constant kind (never the
    /// case for prototypes built by `convert_proto`) becomes `nil`.
    pub(crate) fn original_proto(p: &FnProto) -> Proto {
        let code_len = p.code.len().saturating_sub(TRAP_COUNT);
        Proto {
            source: p.source.clone(),
            line_defined: p.line_defined,
            last_line_defined: p.last_line_defined,
            num_params: p.num_params,
            is_vararg: p.is_vararg,
            max_stack_size: p.max_stack_size,
            code: p.code[..code_len].to_vec(),
            constants: p
                .constants
                .iter()
                .map(|k| match k {
                    Value::Boolean(b) => Constant::Boolean(*b),
                    Value::Integer(i) => Constant::Integer(*i),
                    Value::Float(f) => Constant::Float(*f),
                    Value::String(s) => Constant::Str(s.as_bytes().to_vec()),
                    _ => Constant::Nil,
                })
                .collect(),
            upvalues: p.upvalues.clone(),
            protos: p
                .protos
                .iter()
                .map(|child| Vm::original_proto(child))
                .collect(),
            line_info: p.line_info.clone(),
            local_vars: p.local_vars.clone(),
        }
    }

    fn convert_proto(&mut self, proto: &Proto) -> Result<Gc<FnProto>, LuaError> {
        if let Err(msg) = check_control_flow(proto) {
            return Err(self.bad_bytecode(proto, &msg));
        }
        let mut code = proto.code.clone();
        code.extend_from_slice(&[TRAP; TRAP_COUNT]);
        let mut constants = Vec::with_capacity(proto.constants.len());
        for c in &proto.constants {
            constants.push(match c {
                Constant::Nil => Value::Nil,
                Constant::Boolean(b) => Value::Boolean(*b),
                Constant::Integer(i) => Value::Integer(*i),
                Constant::Float(f) => Value::Float(*f),
                Constant::Str(s) => Value::String(self.new_string(s)?),
            });
        }
        let mut protos = Vec::with_capacity(proto.protos.len());
        for child in &proto.protos {
            protos.push(self.convert_proto(child)?);
        }
        let fp = FnProto {
            code,
            constants,
            protos,
            upvalues: proto.upvalues.clone(),
            line_info: proto.line_info.clone(),
            local_vars: proto.local_vars.clone(),
            num_params: proto.num_params,
            is_vararg: proto.is_vararg,
            max_stack_size: proto.max_stack_size,
            source: proto.source.clone(),
            short_source: tsukimi_syntax::chunkid(&proto.source),
            line_defined: proto.line_defined,
            last_line_defined: proto.last_line_defined,
        };
        match self.heap.alloc_proto(fp) {
            Ok(p) => Ok(p),
            Err(_) => Err(self.memory_error()),
        }
    }
}

/// Instruction appended after the code: executing it raises "bad bytecode". Skips of one or
/// two instructions past the end (tests, LFALSESKIP, EXTRAARG consumers, arithmetic skipping
/// MMBIN) land on it.
const TRAP: Instruction = Instruction::ax(OpCode::ExtraArg, 0);
const TRAP_COUNT: usize = 2;

/// The interpreter fetches instructions without bounds checks; this establishes what that
/// relies on: every instruction has a valid opcode, every explicit jump (JMP, FORPREP,
/// FORLOOP, TFORPREP, TFORLOOP) lands inside the code, and every test is followed by a JMP
/// (the test executes it). Everything else moves at most two instructions forward, onto the
/// appended traps at worst.
fn check_control_flow(p: &Proto) -> Result<(), String> {
    let len = p.code.len() as i64;
    if len == 0 {
        return Err("empty function".into());
    }
    for (pc, i) in p.code.iter().enumerate() {
        let Some(op) = i.checked_opcode() else {
            return Err(format!("invalid opcode at pc {}", pc + 1));
        };
        let next = pc as i64 + 1;
        let target = match op {
            OpCode::Jmp => Some(next + i.sj_arg() as i64),
            OpCode::ForPrep => Some(next + i.bx() as i64 + 1),
            OpCode::TForPrep => Some(next + i.bx() as i64),
            OpCode::ForLoop | OpCode::TForLoop => Some(next - i.bx() as i64),
            _ => None,
        };
        if let Some(t) = target {
            if !(0..len).contains(&t) {
                return Err(format!("jump out of range at pc {}", pc + 1));
            }
        }
        if op.props().is_test {
            match p.code.get(pc + 1).and_then(|n| n.checked_opcode()) {
                Some(OpCode::Jmp) => {}
                _ => return Err(format!("test not followed by a jump at pc {}", pc + 1)),
            }
        }
    }
    Ok(())
}
