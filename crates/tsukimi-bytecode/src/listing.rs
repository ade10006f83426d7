//! Human-readable listings of prototypes, in the format of `luac5.4 -l -l`.
//!
//! The output is line-for-line the one of `luac.c`'s `PrintFunction` (header, one line per
//! instruction with `luac`'s operand order and `;` comments, then the constants, locals and
//! upvalues sections, then nested functions), with one deliberate difference: `luac` prints
//! memory addresses, which change from run to run; tsukimi prints a stable function id instead
//! (`main`, `f1`, `f2`... in depth-first order of appearance), so listings can be golden files.
//! Text is the test language (STYLE.md): the compiler's tests compare these listings.

use std::fmt::Write;

use crate::events::event_name;
use crate::instruction::{Instruction, MAXARG_C};
use crate::opcodes::OpCode;
use crate::proto::{Constant, Proto};

/// The full listing of `proto` and its nested functions, like `luac5.4 -l -l`.
pub fn listing(proto: &Proto) -> String {
    let mut out = String::new();
    let mut next_id = 0;
    print_function(&mut out, proto, &mut next_id);
    out
}

/// Stable name of function number `id` (0 is the main chunk or the root).
fn function_id(id: usize) -> String {
    if id == 0 {
        "main".to_string()
    } else {
        format!("f{id}")
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

fn print_function(out: &mut String, f: &Proto, next_id: &mut usize) {
    let id = *next_id;
    *next_id += 1;
    // Children get ids in depth-first order; compute them before printing CLOSURE comments.
    let mut child_ids = Vec::with_capacity(f.protos.len());
    let mut counter = *next_id;
    for child in &f.protos {
        child_ids.push(counter);
        counter += count_functions(child);
    }
    print_header(out, f, id);
    print_code(out, f, &child_ids);
    print_debug(out, f, id);
    for child in &f.protos {
        print_function(out, child, next_id);
    }
}

fn count_functions(f: &Proto) -> usize {
    1 + f.protos.iter().map(count_functions).sum::<usize>()
}

fn print_header(out: &mut String, f: &Proto, id: usize) {
    let name;
    let source = match f.source.first() {
        Some(b'@') | Some(b'=') => {
            name = String::from_utf8_lossy(&f.source[1..]);
            &*name
        }
        Some(0x1b) => "(bstring)",
        _ => "(string)",
    };
    let n = f.code.len();
    let _ = writeln!(
        out,
        "\n{} <{}:{},{}> ({} instruction{} at {})",
        if f.line_defined == 0 {
            "main"
        } else {
            "function"
        },
        source,
        f.line_defined,
        f.last_line_defined,
        n,
        plural(n),
        function_id(id)
    );
    let np = f.num_params as usize;
    let _ = write!(
        out,
        "{}{} param{}, {} slot{}, {} upvalue{}, ",
        np,
        if f.is_vararg { "+" } else { "" },
        plural(np),
        f.max_stack_size,
        plural(f.max_stack_size as usize),
        f.upvalues.len(),
        plural(f.upvalues.len())
    );
    let _ = writeln!(
        out,
        "{} local{}, {} constant{}, {} function{}",
        f.local_vars.len(),
        plural(f.local_vars.len()),
        f.constants.len(),
        plural(f.constants.len()),
        f.protos.len(),
        plural(f.protos.len())
    );
}

/// A constant as `luac` prints it (`PrintConstant`).
pub fn constant_text(k: &Constant) -> String {
    match k {
        Constant::Nil => "nil".to_string(),
        Constant::Boolean(b) => b.to_string(),
        Constant::Integer(i) => i.to_string(),
        Constant::Float(f) => tsukimi_number::format_float(*f),
        Constant::Str(bytes) => {
            let mut s = String::from("\"");
            for &c in bytes {
                match c {
                    b'"' => s.push_str("\\\""),
                    b'\\' => s.push_str("\\\\"),
                    0x07 => s.push_str("\\a"),
                    0x08 => s.push_str("\\b"),
                    0x0c => s.push_str("\\f"),
                    b'\n' => s.push_str("\\n"),
                    b'\r' => s.push_str("\\r"),
                    b'\t' => s.push_str("\\t"),
                    0x0b => s.push_str("\\v"),
                    0x20..=0x7e => s.push(c as char),
                    _ => {
                        let _ = write!(s, "\\{c:03}");
                    }
                }
            }
            s.push('"');
            s
        }
    }
}

/// C's `printf("%.14g", f)` (`tsukimi-number`'s, the one `%.14g` of tsukimi).
pub fn format_g14(f: f64) -> String {
    tsukimi_number::format_g(f, 14)
}

fn constant_at(f: &Proto, k: u32) -> String {
    f.constants
        .get(k as usize)
        .map_or_else(|| format!("?K{k}"), constant_text)
}

fn upvalue_name(f: &Proto, i: u32) -> &str {
    f.upvalues.get(i as usize).map_or("-", |u| u.name.as_str())
}

/// One instruction's operand column and comment (without the leading pc/line).
/// `child_ids` names the nested functions in CLOSURE comments (missing ones print `?`).
pub fn instruction_text(f: &Proto, pc: usize, child_ids: &[usize]) -> String {
    let Some(&i) = f.code.get(pc) else {
        return format!("<no instruction at pc {pc}>");
    };
    let Some(op) = i.checked_opcode() else {
        return format!("<invalid {:#010x}>", i.0);
    };
    let (a, b, c, k) = (i.a(), i.b(), i.c(), i.k());
    let isk = if k { "k" } else { "" };
    // C plus EXTRAARG * 256 (NEWTABLE's array size, SETLIST's first index).
    let with_extra_arg = |c: u32| -> u64 {
        let extra = f.code.get(pc + 1).map_or(0, |n: &Instruction| n.ax_arg());
        u64::from(c) + u64::from(extra) * u64::from(MAXARG_C + 1)
    };
    let event = |c: u32| event_name(c).unwrap_or("?");
    let mut s = format!("{:<9}\t", op.name());
    use OpCode::*;
    match op {
        Move => s += &format!("{a} {b}"),
        LoadI | LoadF => s += &format!("{a} {}", i.sbx()),
        LoadK => s += &format!("{a} {}\t; {}", i.bx(), constant_at(f, i.bx())),
        LoadKX => {
            let ax = f.code.get(pc + 1).map_or(0, |n| n.ax_arg());
            s += &format!("{a}\t; {}", constant_at(f, ax))
        }
        LoadFalse | LFalseSkip | LoadTrue | Close | Tbc | Return1 | VarArgPrep => {
            s += &format!("{a}")
        }
        LoadNil => s += &format!("{a} {b}\t; {} out", b + 1),
        GetUpval | SetUpval => s += &format!("{a} {b}\t; {}", upvalue_name(f, b)),
        GetTabUp => {
            s += &format!(
                "{a} {b} {c}\t; {} {}",
                upvalue_name(f, b),
                constant_at(f, c)
            )
        }
        GetTable | GetI => s += &format!("{a} {b} {c}"),
        GetField => s += &format!("{a} {b} {c}\t; {}", constant_at(f, c)),
        SetTabUp => {
            s += &format!(
                "{a} {b} {c}{isk}\t; {} {}",
                upvalue_name(f, a),
                constant_at(f, b)
            );
            if k {
                s += &format!(" {}", constant_at(f, c));
            }
        }
        SetTable | SetI | SelfOp => {
            s += &format!("{a} {b} {c}{isk}");
            if k {
                s += &format!("\t; {}", constant_at(f, c));
            }
        }
        SetField => {
            s += &format!("{a} {b} {c}{isk}\t; {}", constant_at(f, b));
            if k {
                s += &format!(" {}", constant_at(f, c));
            }
        }
        NewTable => s += &format!("{a} {b} {c}\t; {}", with_extra_arg(c)),
        AddI | ShrI | ShlI => s += &format!("{a} {b} {}", i.sc()),
        AddK | SubK | MulK | ModK | PowK | DivK | IDivK | BAndK | BOrK | BXorK => {
            s += &format!("{a} {b} {c}\t; {}", constant_at(f, c))
        }
        Add | Sub | Mul | Mod | Pow | Div | IDiv | BAnd | BOr | BXor | Shl | Shr => {
            s += &format!("{a} {b} {c}")
        }
        MmBin => s += &format!("{a} {b} {c}\t; {}", event(c)),
        MmBinI => {
            s += &format!("{a} {} {c} {}\t; {}", i.sb(), k as u8, event(c));
            if k {
                s += " flip";
            }
        }
        MmBinK => {
            s += &format!(
                "{a} {b} {c} {}\t; {} {}",
                k as u8,
                event(c),
                constant_at(f, b)
            );
            if k {
                s += " flip";
            }
        }
        Unm | BNot | Not | Len | Concat => s += &format!("{a} {b}"),
        Jmp => {
            let sj = i.sj_arg();
            s += &format!("{sj}\t; to {}", sj as i64 + pc as i64 + 2)
        }
        Eq | Lt | Le => s += &format!("{a} {b} {}", k as u8),
        EqK => s += &format!("{a} {b} {}\t; {}", k as u8, constant_at(f, b)),
        EqI | LtI | LeI | GtI | GeI => s += &format!("{a} {} {}", i.sb(), k as u8),
        Test => s += &format!("{a} {}", k as u8),
        TestSet => s += &format!("{a} {b} {}", k as u8),
        Call => {
            s += &format!("{a} {b} {c}\t; ");
            s += &if b == 0 {
                "all in ".to_string()
            } else {
                format!("{} in ", b - 1)
            };
            s += &if c == 0 {
                "all out".to_string()
            } else {
                format!("{} out", c - 1)
            };
        }
        TailCall => s += &format!("{a} {b} {c}{isk}\t; {} in", b as i64 - 1),
        Return => {
            s += &format!("{a} {b} {c}{isk}\t; ");
            s += &if b == 0 {
                "all out".to_string()
            } else {
                format!("{} out", b - 1)
            };
        }
        Return0 => {}
        ForLoop | TForLoop => {
            s += &format!("{a} {}\t; to {}", i.bx(), pc as i64 - i.bx() as i64 + 2)
        }
        ForPrep => {
            s += &format!(
                "{a} {}\t; exit to {}",
                i.bx(),
                pc as i64 + i.bx() as i64 + 3
            )
        }
        TForPrep => s += &format!("{a} {}\t; to {}", i.bx(), pc as i64 + i.bx() as i64 + 2),
        TForCall => s += &format!("{a} {c}"),
        SetList => {
            s += &format!("{a} {b} {c}");
            if k {
                s += &format!("\t; {}", with_extra_arg(c));
            }
        }
        Closure => {
            let id = child_ids
                .get(i.bx() as usize)
                .map_or("?".to_string(), |&n| function_id(n));
            s += &format!("{a} {}\t; {id}", i.bx())
        }
        VarArg => {
            s += &format!("{a} {c}\t; ");
            s += &if c == 0 {
                "all out".to_string()
            } else {
                format!("{} out", c - 1)
            };
        }
        ExtraArg => s += &format!("{}", i.ax_arg()),
    }
    s
}

fn print_code(out: &mut String, f: &Proto, child_ids: &[usize]) {
    for pc in 0..f.code.len() {
        let line = match f.line_info.get(pc) {
            Some(&l) if l > 0 => format!("[{l}]"),
            _ => "[-]".to_string(),
        };
        let _ = writeln!(
            out,
            "\t{}\t{}\t{}",
            pc + 1,
            line,
            instruction_text(f, pc, child_ids)
        );
    }
}

fn print_debug(out: &mut String, f: &Proto, id: usize) {
    let name = function_id(id);
    let _ = writeln!(out, "constants ({}) for {}:", f.constants.len(), name);
    for (i, k) in f.constants.iter().enumerate() {
        let tag = match k {
            Constant::Nil => "N",
            Constant::Boolean(_) => "B",
            Constant::Float(_) => "F",
            Constant::Integer(_) => "I",
            Constant::Str(_) => "S",
        };
        let _ = writeln!(out, "\t{}\t{}\t{}", i, tag, constant_text(k));
    }
    let _ = writeln!(out, "locals ({}) for {}:", f.local_vars.len(), name);
    for (i, v) in f.local_vars.iter().enumerate() {
        let _ = writeln!(
            out,
            "\t{}\t{}\t{}\t{}",
            i,
            v.name,
            v.start_pc + 1,
            v.end_pc + 1
        );
    }
    let _ = writeln!(out, "upvalues ({}) for {}:", f.upvalues.len(), name);
    for (i, u) in f.upvalues.iter().enumerate() {
        let _ = writeln!(
            out,
            "\t{}\t{}\t{}\t{}",
            i, u.name, u.in_stack as u8, u.index
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_floats_like_printf_g14() {
        assert_eq!(format_g14(2.5), "2.5");
        assert_eq!(format_g14(1e100), "1e+100");
        assert_eq!(format_g14(0.1), "0.1");
        assert_eq!(format_g14(1.0 / 3.0), "0.33333333333333");
        assert_eq!(format_g14(123456789012345.0), "1.2345678901234e+14");
        assert_eq!(format_g14(1e-5), "1e-05");
        assert_eq!(format_g14(3.0), "3");
        assert_eq!(constant_text(&Constant::Float(3.0)), "3.0");
        assert_eq!(constant_text(&Constant::Float(1e100)), "1e+100");
        assert_eq!(
            constant_text(&Constant::Str(b"a\"\n\x01".to_vec())),
            "\"a\\\"\\n\\001\""
        );
    }
}
