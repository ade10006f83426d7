//! Binary chunks: `string.dump`'s output and `load`'s binary input, in Lua 5.4's own format.
//!
//! [`dump`] serialises a [`Proto`] (and its nested functions) as `ldump.c` does; [`undump`]
//! reads them back as `lundump.c` does. tsukimi's instructions are Lua 5.4's (the same
//! opcodes, numbers and operand layout), so the format is lua5.4's byte for byte in
//! structure: `luac5.4` output loads and runs in tsukimi, and tsukimi's `string.dump` output
//! loads in lua5.4.
//!
//! The header: the signature `"\x1bLua"`, version byte `0x54`, format `0`, the `LUAC_DATA`
//! bytes, the instruction, integer and float sizes, and the test integer `0x5678` and float
//! `370.5` (which catch endianness and float-format differences), each checked in
//! `checkHeader`'s order with its message. Then the main function's upvalue count (one byte)
//! and the main function: its source (a string: size + 1, `0` meaning none, i.e. the
//! enclosing function's), line defined, last line defined, parameter count, vararg flag,
//! register count, the code (count + 32-bit little-endian words), the constants (`ttypetag`
//! byte + payload), the upvalue descriptors (in stack, index, kind), the nested functions,
//! then the debug information: `lineinfo` (a signed byte per instruction, the difference from
//! the previous instruction's line, or `-128` where an `abslineinfo` entry gives the line; one
//! such entry at least every 128 instructions, as `savelineinfo` writes them), the local
//! variables and the upvalue names. Sizes and counts use `dumpSize`'s varint: 7 bits per byte,
//! most significant first, the last byte marked with `0x80`.
//!
//! In memory a [`Proto`] keeps one absolute line per instruction; the delta encoding exists
//! only in the bytes. Re-encoding follows `savelineinfo`'s rule, so a chunk is as `luac5.4`
//! writes it except where `luaK_fixline` moved a line after the fact (the lines read back are
//! the same either way).
//!
//! Stripping (`string.dump(f, true)`, `luac -s`) drops what luac's `DumpDebug` drops: the
//! source, the line of every instruction, local variable names and upvalue names. Only the
//! lines where functions are defined survive. A stripped prototype therefore has an empty
//! `line_info` (which `verify` accepts: a function has either one line per instruction or
//! none), its chunk name is `=?`, and the runtime reports its current line as `-1` everywhere,
//! as lua5.4 does: `?:-1: attempt to index a nil value`, tracebacks `?: in ...`, no position
//! added by `error`, line hooks called with `nil` only on entry and backward jumps.
//!
//! Invariants of [`undump`], which must hold for any bytes whatsoever: it never panics; every
//! count is bounded by the input still unread before anything is allocated for it (each
//! element needs at least one byte), so a tiny input cannot request a huge allocation; nesting
//! is bounded by [`MAX_NESTING`] so recursion cannot overflow the stack; and the result has
//! passed [`verify`](crate::verify()), so a successful undump is a sound `Proto` (whoever wrote
//! the bytes), and its `NEWTABLE` size hints are no larger than compiler output can produce (a
//! forged hint would otherwise preallocate gigabytes from a few bytes of input).

use tsukimi_syntax::SyntaxError;

use crate::instruction::Instruction;
use crate::proto::{Constant, LocalVarInfo, Proto, UpvalueDesc, VarKind};

/// `LUA_SIGNATURE`.
pub const SIGNATURE: &[u8; 4] = b"\x1bLua";
/// `LUAC_VERSION` for Lua 5.4.
pub const VERSION: u8 = 0x54;
/// `LUAC_FORMAT`: the official format.
pub const FORMAT: u8 = 0;
/// `LUAC_DATA`: catches newline and end-of-file conversions.
pub const LUAC_DATA: &[u8; 6] = b"\x19\x93\r\n\x1a\n";
/// `LUAC_INT`: test integer.
pub const LUAC_INT: i64 = 0x5678;
/// `LUAC_NUM`: test float.
pub const LUAC_NUM: f64 = 370.5;
/// Deepest function nesting accepted by [`undump`] (the compiler's own limit is lower).
pub const MAX_NESTING: usize = 200;

/// Constant tags: `ttypetag` of each value (`lobject.h`).
const TAG_NIL: u8 = 0x00;
const TAG_FALSE: u8 = 0x01;
const TAG_TRUE: u8 = 0x11;
const TAG_INTEGER: u8 = 0x03;
const TAG_FLOAT: u8 = 0x13;
const TAG_SHORT_STRING: u8 = 0x04;
const TAG_LONG_STRING: u8 = 0x14;
/// `LUAI_MAXSHORTLEN`: longer strings are written with the long-string tag.
const MAX_SHORT_STRING: usize = 40;

/// `ABSLINEINFO`: the `lineinfo` mark of an instruction whose line is in `abslineinfo`.
const ABSOLUTE_LINE: i8 = -0x80;
/// `LIMLINEDIFF`: line differences this large (either way) are written absolute.
const LINE_DIFFERENCE_LIMIT: i64 = 0x80;
/// `MAXIWTHABS`: at most this many instructions in a row without an absolute line.
const MAX_WITHOUT_ABSOLUTE: u32 = 128;

/// Serialises `proto` as a binary chunk. `strip` drops the source name, the line info, local
/// variable names and upvalue names (see the module essay).
pub fn dump(proto: &Proto, strip: bool) -> Vec<u8> {
    let mut out = Vec::new();
    out.extend_from_slice(SIGNATURE);
    out.push(VERSION);
    out.push(FORMAT);
    out.extend_from_slice(LUAC_DATA);
    out.push(4);
    out.push(8);
    out.push(8);
    out.extend_from_slice(&LUAC_INT.to_le_bytes());
    out.extend_from_slice(&LUAC_NUM.to_le_bytes());
    out.push(proto.upvalues.len().min(255) as u8);
    let mut writer = Writer { out, strip };
    writer.function(proto, None);
    writer.out
}

struct Writer {
    out: Vec<u8>,
    strip: bool,
}

impl Writer {
    /// `dumpSize`.
    fn size(&mut self, mut n: u64) {
        let mut buffer = [0u8; 10];
        let mut at = buffer.len();
        loop {
            at -= 1;
            buffer[at] = (n & 0x7f) as u8;
            n >>= 7;
            if n == 0 {
                break;
            }
        }
        buffer[buffer.len() - 1] |= 0x80;
        self.out.extend_from_slice(&buffer[at..]);
    }

    /// `dumpString` of a present string.
    fn string(&mut self, b: &[u8]) {
        self.size(b.len() as u64 + 1);
        self.out.extend_from_slice(b);
    }

    fn function(&mut self, f: &Proto, parent_source: Option<&[u8]>) {
        if self.strip || parent_source == Some(f.source.as_slice()) {
            self.size(0);
        } else {
            self.string(&f.source);
        }
        self.size(f.line_defined.into());
        self.size(f.last_line_defined.into());
        self.out.push(f.num_params);
        self.out.push(f.is_vararg as u8);
        self.out.push(f.max_stack_size);
        self.size(f.code.len() as u64);
        for i in &f.code {
            self.out.extend_from_slice(&i.0.to_le_bytes());
        }
        self.size(f.constants.len() as u64);
        for k in &f.constants {
            match k {
                Constant::Nil => self.out.push(TAG_NIL),
                Constant::Boolean(false) => self.out.push(TAG_FALSE),
                Constant::Boolean(true) => self.out.push(TAG_TRUE),
                Constant::Integer(i) => {
                    self.out.push(TAG_INTEGER);
                    self.out.extend_from_slice(&i.to_le_bytes());
                }
                Constant::Float(x) => {
                    self.out.push(TAG_FLOAT);
                    self.out.extend_from_slice(&x.to_bits().to_le_bytes());
                }
                Constant::Str(s) => {
                    let short = s.len() <= MAX_SHORT_STRING;
                    self.out.push(if short {
                        TAG_SHORT_STRING
                    } else {
                        TAG_LONG_STRING
                    });
                    self.string(s);
                }
            }
        }
        self.size(f.upvalues.len() as u64);
        for u in &f.upvalues {
            self.out.push(u.in_stack as u8);
            self.out.push(u.index);
            self.out.push(var_kind_tag(u.kind));
        }
        self.size(f.protos.len() as u64);
        for child in &f.protos {
            self.function(child, Some(&f.source));
        }
        if self.strip {
            for _ in 0..4 {
                self.size(0);
            }
            return;
        }
        let (deltas, absolute) = encode_lines(f);
        self.size(deltas.len() as u64);
        self.out.extend(deltas.iter().map(|&d| d as u8));
        self.size(absolute.len() as u64);
        for (pc, line) in absolute {
            self.size(pc.into());
            self.size(line.into());
        }
        self.size(f.local_vars.len() as u64);
        for v in &f.local_vars {
            self.string(v.name.as_bytes());
            self.size(v.start_pc.into());
            self.size(v.end_pc.into());
        }
        self.size(f.upvalues.len() as u64);
        for u in &f.upvalues {
            self.string(u.name.as_bytes());
        }
    }
}

/// `savelineinfo` over the whole function: each instruction's line as a difference from the
/// previous one (starting from the line defined), or absolute (`(pc, line)` entries) when
/// the difference does not fit or 128 instructions in a row had none.
fn encode_lines(f: &Proto) -> (Vec<i8>, Vec<(u32, u32)>) {
    let mut deltas = Vec::with_capacity(f.line_info.len());
    let mut absolute = Vec::new();
    let mut previous = i64::from(f.line_defined);
    let mut without_absolute = 0u32;
    for (pc, &line) in f.line_info.iter().enumerate() {
        let difference = i64::from(line) - previous;
        let far = difference.abs() >= LINE_DIFFERENCE_LIMIT;
        if far || {
            without_absolute += 1;
            without_absolute > MAX_WITHOUT_ABSOLUTE
        } {
            absolute.push((pc as u32, line));
            deltas.push(ABSOLUTE_LINE);
            without_absolute = 1;
        } else {
            deltas.push(difference as i8);
        }
        previous = line.into();
    }
    (deltas, absolute)
}

/// `lineinfo` and `abslineinfo` back to one line per instruction (`luaG_getfuncline` for each
/// instruction in turn); `None` if they do not describe `code_len` instructions.
fn decode_lines(
    line_defined: u32,
    deltas: &[i8],
    absolute: &[(u32, u32)],
    code_len: usize,
) -> Option<Vec<u32>> {
    if deltas.is_empty() {
        return absolute.is_empty().then(Vec::new);
    }
    if deltas.len() != code_len {
        return None;
    }
    let mut lines = Vec::with_capacity(deltas.len());
    let mut line = i64::from(line_defined);
    let mut next_absolute = absolute.iter().peekable();
    for (pc, &delta) in deltas.iter().enumerate() {
        match next_absolute.peek() {
            Some(&&(at, absolute_line)) if at as usize == pc => {
                line = absolute_line.into();
                next_absolute.next();
            }
            _ if delta == ABSOLUTE_LINE => return None,
            _ => line += i64::from(delta),
        }
        lines.push(u32::try_from(line).ok()?);
    }
    next_absolute.next().is_none().then_some(lines)
}

fn var_kind_tag(kind: VarKind) -> u8 {
    match kind {
        VarKind::Regular => 0,
        VarKind::Const => 1,
        VarKind::ToClose => 2,
        VarKind::CompileTimeConst => 3,
    }
}

fn var_kind_from_tag(tag: u8) -> Option<VarKind> {
    Some(match tag {
        0 => VarKind::Regular,
        1 => VarKind::Const,
        2 => VarKind::ToClose,
        3 => VarKind::CompileTimeConst,
        _ => return None,
    })
}

/// The name `lundump.c` uses in its messages: the chunk name without its `@`/`=` prefix, or
/// `binary string` when the chunk name is the binary chunk itself.
fn message_name(chunkname: &[u8]) -> &[u8] {
    match chunkname.first() {
        Some(b'@') | Some(b'=') => &chunkname[1..],
        Some(0x1b) => b"binary string",
        _ => chunkname,
    }
}

/// Reads a binary chunk produced by [`dump`]. `chunkname` is the name given to `load`; it is
/// used for error messages (`<name>: bad binary format (<why>)`, as lua5.4 words them) and as
/// the source of a stripped chunk's functions is `=?`. The result has passed `verify`.
pub fn undump(bytes: &[u8], chunkname: &(impl AsRef<[u8]> + ?Sized)) -> Result<Proto, SyntaxError> {
    let chunkname = chunkname.as_ref();
    let fail = |why: &str| {
        let mut message = message_name(chunkname).to_vec();
        message.extend_from_slice(format!(": bad binary format ({why})").as_bytes());
        SyntaxError::plain(message)
    };
    let mut reader = Reader {
        input: bytes,
        pos: 0,
    };
    reader.header().map_err(fail)?;
    let upvalue_count = reader.byte().map_err(fail)?;
    let proto = reader.function(None, 0).map_err(fail)?;
    if usize::from(upvalue_count) != proto.upvalues.len().min(255) {
        return Err(fail("corrupted chunk"));
    }
    if let Err(msg) = crate::verify(&proto) {
        return Err(fail(&format!("bad bytecode: {msg}")));
    }
    Ok(proto)
}

struct Reader<'a> {
    input: &'a [u8],
    pos: usize,
}

type ReadResult<T> = Result<T, &'static str>;

const TRUNCATED: &str = "truncated chunk";

impl Reader<'_> {
    fn remaining(&self) -> usize {
        self.input.len() - self.pos
    }

    fn take(&mut self, n: usize) -> ReadResult<&[u8]> {
        let end = self.pos.checked_add(n).ok_or(TRUNCATED)?;
        let slice = self.input.get(self.pos..end).ok_or(TRUNCATED)?;
        self.pos = end;
        Ok(slice)
    }

    fn byte(&mut self) -> ReadResult<u8> {
        Ok(self.take(1)?[0])
    }

    fn expect(&mut self, expected: &[u8], why: &'static str) -> ReadResult<()> {
        if self.take(expected.len())? == expected {
            Ok(())
        } else {
            Err(why)
        }
    }

    fn eight(&mut self) -> ReadResult<[u8; 8]> {
        let mut out = [0; 8];
        out.copy_from_slice(self.take(8)?);
        Ok(out)
    }

    fn header(&mut self) -> ReadResult<()> {
        self.expect(SIGNATURE, "not a binary chunk")?;
        self.expect(&[VERSION], "version mismatch")?;
        self.expect(&[FORMAT], "format mismatch")?;
        self.expect(LUAC_DATA, "corrupted chunk")?;
        self.expect(&[4], "Instruction size mismatch")?;
        self.expect(&[8], "lua_Integer size mismatch")?;
        self.expect(&[8], "lua_Number size mismatch")?;
        if i64::from_le_bytes(self.eight()?) != LUAC_INT {
            return Err("integer format mismatch");
        }
        if f64::from_le_bytes(self.eight()?) != LUAC_NUM {
            return Err("float format mismatch");
        }
        Ok(())
    }

    /// `loadUnsigned`: a `dumpSize` varint no larger than `limit`.
    fn unsigned(&mut self, limit: u64) -> ReadResult<u64> {
        let mut value: u64 = 0;
        loop {
            let byte = self.byte()?;
            if value >= limit >> 7 {
                return Err("integer overflow");
            }
            value = (value << 7) | u64::from(byte & 0x7f);
            if byte & 0x80 != 0 {
                return Ok(value);
            }
        }
    }

    /// `loadSize`.
    fn varint(&mut self) -> ReadResult<u64> {
        self.unsigned(usize::MAX as u64)
    }

    /// `loadInt`.
    fn u32(&mut self) -> ReadResult<u32> {
        Ok(self.unsigned(i32::MAX as u64)? as u32)
    }

    /// A count of elements each taking at least `min_size` bytes: bounded by what is left.
    fn count(&mut self, min_size: usize) -> ReadResult<usize> {
        let n = self.varint()?;
        match usize::try_from(n) {
            Ok(n) if n.saturating_mul(min_size) <= self.remaining() => Ok(n),
            _ => Err(TRUNCATED),
        }
    }

    /// `loadStringN`: `None` for the absent string (size 0).
    fn string_bytes(&mut self) -> ReadResult<Option<Vec<u8>>> {
        match self.varint()? {
            0 => Ok(None),
            n => {
                let len = usize::try_from(n - 1).map_err(|_| TRUNCATED)?;
                Ok(Some(self.take(len)?.to_vec()))
            }
        }
    }

    /// A name (of a local or an upvalue): text, empty when absent.
    fn string(&mut self) -> ReadResult<String> {
        let bytes = self.string_bytes()?.unwrap_or_default();
        String::from_utf8(bytes).map_err(|_| "corrupted chunk")
    }

    fn function(&mut self, parent_source: Option<&[u8]>, depth: usize) -> ReadResult<Proto> {
        if depth > MAX_NESTING {
            return Err("functions nested too deeply");
        }
        let source = match self.string_bytes()? {
            None => parent_source.unwrap_or(b"=?").to_vec(),
            Some(source) => source,
        };
        let line_defined = self.u32()?;
        let last_line_defined = self.u32()?;
        let num_params = self.byte()?;
        let is_vararg = match self.byte()? {
            0 => false,
            1 => true,
            _ => return Err("corrupted chunk"),
        };
        let max_stack_size = self.byte()?;
        let code_len = self.count(4)?;
        let mut code = Vec::with_capacity(code_len);
        for _ in 0..code_len {
            let mut word = [0; 4];
            word.copy_from_slice(self.take(4)?);
            code.push(Instruction(u32::from_le_bytes(word)));
        }
        let constant_count = self.count(1)?;
        let mut constants = Vec::with_capacity(constant_count);
        for _ in 0..constant_count {
            constants.push(match self.byte()? {
                TAG_NIL => Constant::Nil,
                TAG_FALSE => Constant::Boolean(false),
                TAG_TRUE => Constant::Boolean(true),
                TAG_INTEGER => Constant::Integer(i64::from_le_bytes(self.eight()?)),
                TAG_FLOAT => Constant::Float(f64::from_bits(u64::from_le_bytes(self.eight()?))),
                TAG_SHORT_STRING | TAG_LONG_STRING => {
                    Constant::Str(self.string_bytes()?.ok_or("corrupted chunk")?)
                }
                _ => return Err("corrupted chunk"),
            });
        }
        let upvalue_count = self.count(3)?;
        let mut upvalues = Vec::with_capacity(upvalue_count);
        for _ in 0..upvalue_count {
            let in_stack = match self.byte()? {
                0 => false,
                1 => true,
                _ => return Err("corrupted chunk"),
            };
            let index = self.byte()?;
            let kind = var_kind_from_tag(self.byte()?).ok_or("corrupted chunk")?;
            upvalues.push(UpvalueDesc {
                name: String::new(),
                in_stack,
                index,
                kind,
            });
        }
        let proto_count = self.count(1)?;
        let mut protos = Vec::with_capacity(proto_count);
        for _ in 0..proto_count {
            protos.push(self.function(Some(&source), depth + 1)?);
        }
        let delta_count = self.count(1)?;
        let deltas: Vec<i8> = self.take(delta_count)?.iter().map(|&b| b as i8).collect();
        let absolute_count = self.count(2)?;
        let mut absolute = Vec::with_capacity(absolute_count);
        for _ in 0..absolute_count {
            absolute.push((self.u32()?, self.u32()?));
        }
        let line_info =
            decode_lines(line_defined, &deltas, &absolute, code.len()).ok_or("corrupted chunk")?;
        let local_count = self.count(3)?;
        let mut local_vars = Vec::with_capacity(local_count);
        for _ in 0..local_count {
            let name = self.string()?;
            let start_pc = self.u32()?;
            let end_pc = self.u32()?;
            local_vars.push(LocalVarInfo {
                name,
                start_pc,
                end_pc,
            });
        }
        match self.count(1)? {
            0 => {}
            n if n == upvalues.len() => {
                for upvalue in &mut upvalues {
                    upvalue.name = self.string()?;
                }
            }
            _ => return Err("corrupted chunk"),
        }
        Ok(Proto {
            source,
            line_defined,
            last_line_defined,
            num_params,
            is_vararg,
            max_stack_size,
            code,
            constants,
            upvalues,
            protos,
            line_info,
            local_vars,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn compiled(src: &str) -> Proto {
        crate::load_source(src.as_bytes(), "=test").expect("test source compiles")
    }

    const SAMPLE: &str = r#"
        local a, b <const> = 1, 2
        local n, t, f, s = nil, true, false, "str\0ing"
        local x = 2^53 + 0.5
        local big = math.maxinteger
        local function outer(p, ...)
          local up, count = p, select('#', ...)
          return function(q) up = up + q; return up, a, count end
        end
        for i = 1, 3 do print(i, -0.0, 1e308 * 10, -(0/0)) end
        return outer, n, t, f, s, x, big
    "#;

    /// Strips what `strip` drops, to compare a stripped round trip.
    fn stripped_copy(p: &Proto, parent: Option<&[u8]>) -> Proto {
        let mut q = p.clone();
        q.source = parent.unwrap_or(b"=?").to_vec();
        q.local_vars.clear();
        q.line_info.clear();
        for u in &mut q.upvalues {
            u.name.clear();
        }
        q.protos = p
            .protos
            .iter()
            .map(|c| stripped_copy(c, Some(q.source.as_slice())))
            .collect();
        q
    }

    /// Float constants compared by bits (NaN != NaN under PartialEq).
    fn same(a: &Proto, b: &Proto) -> bool {
        let bits = |p: &Proto| -> Vec<Option<u64>> {
            p.constants
                .iter()
                .map(|k| match k {
                    Constant::Float(x) => Some(x.to_bits()),
                    _ => None,
                })
                .collect()
        };
        let no_floats = |p: &Proto| {
            let mut q = p.clone();
            q.constants.retain(|k| !matches!(k, Constant::Float(_)));
            q.protos.clear();
            q
        };
        bits(a) == bits(b)
            && no_floats(a) == no_floats(b)
            && a.protos.len() == b.protos.len()
            && a.protos.iter().zip(&b.protos).all(|(x, y)| same(x, y))
    }

    #[test]
    fn round_trip_keeps_everything() {
        let p = compiled(SAMPLE);
        assert!(p.constants.iter().any(|k| matches!(k, Constant::Float(_))));
        assert!(p
            .constants
            .iter()
            .any(|k| matches!(k, Constant::Integer(_))));
        assert!(p.constants.iter().any(|k| matches!(k, Constant::Str(_))));
        assert!(!p.protos.is_empty() && !p.protos[0].protos.is_empty());
        let back = undump(&dump(&p, false), "=x").unwrap();
        assert!(same(&p, &back));
    }

    #[test]
    fn every_constant_kind_round_trips() {
        let mut p = compiled("return 1");
        p.constants = vec![
            Constant::Nil,
            Constant::Boolean(false),
            Constant::Boolean(true),
            Constant::Integer(i64::MIN),
            Constant::Integer(-1),
            Constant::Float(-0.0),
            Constant::Float(f64::NAN),
            Constant::Float(f64::INFINITY),
            Constant::Str(vec![]),
            Constant::Str(vec![0, 255, 0x1b]),
            Constant::Str(vec![b'x'; 300]),
        ];
        let back = undump(&dump(&p, false), "=x").unwrap();
        assert!(same(&p, &back));
        assert_eq!(back.constants[5], Constant::Float(-0.0));
        assert!(matches!(back.constants[5], Constant::Float(z) if z.is_sign_negative()));
    }

    #[test]
    fn stripped_round_trip_drops_debug_info_only() {
        let p = compiled(SAMPLE);
        let bytes = dump(&p, true);
        assert!(bytes.len() < dump(&p, false).len());
        let back = undump(&bytes, "=x").unwrap();
        assert!(same(&stripped_copy(&p, None), &back));
        assert_eq!(back.source, b"=?");
        assert!(back.line_info.is_empty());
        assert!(back.protos.iter().all(|c| c.line_info.is_empty()));
        // Definition lines are not debug info: luac keeps them too.
        assert_eq!(back.protos[0].line_defined, p.protos[0].line_defined);
        assert_eq!(
            back.protos[0].last_line_defined,
            p.protos[0].last_line_defined
        );
        // A stripped chunk stripped again gives the same bytes.
        assert_eq!(dump(&back, true), bytes);
    }

    #[test]
    fn partial_line_info_is_rejected() {
        let mut p = compiled("local x = 1 return x");
        p.line_info.pop();
        let bytes = dump(&p, false);
        let err = undump(&bytes, "=x").unwrap_err().to_string();
        assert!(err.starts_with("x: bad binary format"), "{err}");
    }

    #[test]
    fn nested_sources_are_inherited_or_kept() {
        let mut p = compiled("local function f() return function() end end return f");
        p.protos[0].source = "=other".into();
        let back = undump(&dump(&p, false), "=x").unwrap();
        assert_eq!(back.source, b"=test");
        assert_eq!(back.protos[0].source, b"=other");
        assert_eq!(back.protos[0].protos[0].source, b"=test");
    }

    #[test]
    fn header_errors_match_lua() {
        let good = dump(&compiled("return 1"), false);
        let err = |bytes: &[u8]| undump(bytes, "=chunk").unwrap_err().to_string();
        assert_eq!(
            err(b"\x1bLuq"),
            "chunk: bad binary format (not a binary chunk)"
        );
        assert_eq!(
            err(b"\x1bLua\x53"),
            "chunk: bad binary format (version mismatch)"
        );
        assert_eq!(
            err(b"\x1bLua\x54\x07"),
            "chunk: bad binary format (format mismatch)"
        );
        assert_eq!(
            err(&good[..10]),
            "chunk: bad binary format (truncated chunk)"
        );
        assert_eq!(
            undump(&good[..30], "\x1bLua...").unwrap_err().to_string(),
            "binary string: bad binary format (truncated chunk)"
        );
        let mut bad_int = good.clone();
        bad_int[15] ^= 1;
        assert_eq!(
            err(&bad_int),
            "chunk: bad binary format (integer format mismatch)"
        );
    }

    /// `luac5.4 -o - -` of `source` (with chunk name `=stdin`), or `None` without luac5.4.
    fn luac(source: &str, strip: bool) -> Option<Vec<u8>> {
        use std::io::Write;
        let mut args = vec!["-o", "-"];
        if strip {
            args.push("-s");
        }
        args.push("-");
        let mut child = std::process::Command::new("luac5.4")
            .args(&args)
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .spawn()
            .ok()?;
        child.stdin.take()?.write_all(source.as_bytes()).ok()?;
        let output = child.wait_with_output().ok()?;
        output.status.success().then_some(output.stdout)
    }

    /// luac5.4's chunks load as exactly what tsukimi compiles from the same source (code,
    /// constants, lines, locals, upvalues, nested functions), and tsukimi's dump of it is
    /// luac5.4's bytes.
    #[test]
    fn luac_output_loads_as_the_same_prototype() {
        let long_function = format!(
            "local t = {{}}\n{}\n\n\n\n{}return t",
            "t[1] = 1\n".repeat(300),
            "\n".repeat(200)
        );
        for source in [SAMPLE, "return 1", long_function.as_str()] {
            let Some(bytes) = luac(source, false) else {
                eprintln!("luac5.4 is not installed; skipping");
                return;
            };
            let ours = crate::load_source(source.as_bytes(), "=stdin").unwrap();
            let theirs = undump(&bytes, "=luac").unwrap();
            assert!(same(&ours, &theirs), "{source}");
            assert_eq!(dump(&ours, false), bytes, "{source}");
            let stripped = luac(source, true).unwrap();
            assert_eq!(dump(&ours, true), stripped, "{source}");
            assert!(same(
                &undump(&stripped, "=luac").unwrap(),
                &stripped_copy(&ours, None)
            ));
        }
    }

    #[test]
    fn line_deltas_round_trip_across_large_jumps() {
        let mut p = compiled("local a = 1 local b = 2 return a + b");
        let n = p.code.len();
        p.line_info = (0..n as u32)
            .map(|i| [5, 900, 2, 1_000_000][i as usize % 4])
            .collect();
        let back = undump(&dump(&p, false), "=x").unwrap();
        assert_eq!(back.line_info, p.line_info);
        let mut many = compiled(&"x = 1 ".repeat(400));
        many.line_info = (0..many.code.len() as u32).map(|i| 3 + i % 7).collect();
        let back = undump(&dump(&many, false), "=x").unwrap();
        assert_eq!(back.line_info, many.line_info);
    }

    #[test]
    fn unverifiable_code_is_rejected() {
        let mut p = compiled("local a = 1 return a");
        p.max_stack_size = 0;
        let message = undump(&dump(&p, false), "=x").unwrap_err().to_string();
        assert!(message.starts_with("x: bad binary format (bad bytecode: "));
    }

    #[test]
    fn constructors_pass_and_forged_table_sizes_fail() {
        let mut src = String::from("local t = {");
        for i in 0..300 {
            src.push_str(&format!("f{i} = nil, nil, "));
        }
        src.push_str("} local u = {nil, nil, nil, nil, x = 1} return t, u");
        let p = compiled(&src);
        let bytes = dump(&p, false);
        assert!(undump(&bytes, "=x").is_ok());
        let mut forged = compiled("return {}");
        let at = forged
            .code
            .iter()
            .position(|i| i.opcode() == crate::OpCode::NewTable)
            .unwrap();
        forged.code[at] = forged.code[at].with_b(31);
        let message = undump(&dump(&forged, false), "=x").unwrap_err().to_string();
        assert!(
            message.contains("table size hint out of range"),
            "{message}"
        );
    }

    #[test]
    fn deep_nesting_is_bounded() {
        let mut p = compiled("return 1");
        for _ in 0..(MAX_NESTING + 5) {
            let mut parent = compiled("return 1");
            parent.protos.push(p);
            p = parent;
        }
        assert!(undump(&dump(&p, false), "=x").is_err());
    }

    /// xorshift64: a deterministic stream for the fuzz tests.
    struct Rng(u64);

    impl Rng {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            self.0
        }
        fn below(&mut self, n: usize) -> usize {
            (self.next() % n.max(1) as u64) as usize
        }
    }

    #[test]
    fn random_bytes_truncations_and_mutations_never_panic() {
        let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
        let real = [
            dump(&compiled(SAMPLE), false),
            dump(&compiled(SAMPLE), true),
        ];
        for round in 0..20_000 {
            let base = &real[round % 2];
            let mut bytes = match round % 4 {
                0 => base[..rng.below(base.len() + 1)].to_vec(),
                1 | 2 => {
                    let mut b = base.clone();
                    for _ in 0..1 + rng.below(4) {
                        let at = rng.below(b.len());
                        b[at] = rng.next() as u8;
                    }
                    b
                }
                _ => {
                    let mut b = base[..32].to_vec();
                    b.extend((0..rng.below(200)).map(|_| rng.next() as u8));
                    b
                }
            };
            if round % 7 == 0 {
                let len = rng.below(64);
                bytes = (0..len).map(|_| rng.next() as u8).collect();
            }
            if let Ok(p) = undump(&bytes, "=fuzz") {
                assert!(crate::verify(&p).is_ok());
            }
        }
    }
}
