//! A stable text form of the AST, for tests and debugging ("Lua in, tree out").
//!
//! Statements print one per line, indented by nesting; expressions print inline as
//! S-expressions: `(Add a (Mul b 2))`, `(call f "x" 1)`, `(index t "k")`, `(method o m 1)`,
//! `(table 1 x=2 [k]=3)`, `(function#1 (a b ...) @1-3)`. The body of a function expression
//! is printed below the statement that contains it, under a `function#1` heading, indented
//! one more level. A node whose line differs from
//! the line of the statement it belongs to carries `@line`, so the text is complete without
//! being noisy. Strings are shown with Lua escapes (`"a\n\0"`), floats with `{:?}` (`1.0`,
//! `inf`).
//!
//! The printer recurses over the tree, so it is meant for ordinary-sized trees: statement
//! nesting is bounded (`MAX_C_LEVELS`), but suffix and operator chains are not, and one
//! tens of thousands of links long would overflow a small native stack here.

use crate::ast::*;
use std::fmt::Write;

/// The text form of a chunk.
pub fn dump(chunk: &Chunk) -> String {
    let mut printer = Printer::default();
    let _ = writeln!(printer.out, "chunk end@{}", chunk.end_line);
    printer.block(&chunk.block, 1);
    printer.out
}

/// The text form of one expression, with every line shown relative to `context_line`.
/// Bodies of function expressions are not included (see [`dump`]).
pub fn dump_expr(expr: &Expr, context_line: Line) -> String {
    let mut printer = Printer::default();
    printer.expr(expr, context_line);
    printer.out
}

#[derive(Default)]
struct Printer<'a> {
    out: String,
    /// Function expressions met in the current statement, printed after it.
    pending: Vec<(usize, &'a FuncBody)>,
    /// Number of the last function expression.
    functions: usize,
}

impl<'a> Printer<'a> {
    fn indent(&mut self, depth: usize) {
        for _ in 0..depth {
            self.out.push_str("  ");
        }
    }

    fn block(&mut self, block: &'a Block, depth: usize) {
        for stat in &block.stats {
            self.stat(stat, depth);
        }
        if let Some(ret) = &block.ret {
            self.indent(depth);
            let _ = write!(self.out, "return@{}", ret.line);
            self.exprs(&ret.values, ret.line);
            self.out.push('\n');
            self.flush_functions(depth);
        }
    }

    /// Prints the bodies of the function expressions of the statement just printed.
    fn flush_functions(&mut self, depth: usize) {
        let pending = std::mem::take(&mut self.pending);
        for (number, func) in pending {
            self.indent(depth + 1);
            let _ = writeln!(self.out, "function#{number}");
            self.block(&func.body, depth + 2);
        }
    }

    fn exprs(&mut self, exprs: &'a [Expr], line: Line) {
        for expr in exprs {
            self.out.push(' ');
            self.expr(expr, line);
        }
    }

    fn stat(&mut self, stat: &'a Stat, depth: usize) {
        self.stat_line(stat, depth);
        self.flush_functions(depth);
    }

    fn stat_line(&mut self, stat: &'a Stat, depth: usize) {
        let line = stat.line;
        self.indent(depth);
        match &stat.kind {
            StatKind::Assign { targets, values } => {
                let _ = write!(self.out, "assign@{line}");
                self.exprs(targets, line);
                self.out.push_str(" =");
                self.exprs(values, line);
            }
            StatKind::Call(call) => {
                let _ = write!(self.out, "call@{line} ");
                self.expr(call, line);
            }
            StatKind::Local { names, values } => {
                let _ = write!(self.out, "local@{line}");
                for name in names {
                    let _ = write!(self.out, " {}", name.name);
                    match name.attrib {
                        Some(Attrib::Const) => self.out.push_str("<const>"),
                        Some(Attrib::Close) => self.out.push_str("<close>"),
                        None => {}
                    }
                }
                if !values.is_empty() {
                    self.out.push_str(" =");
                    self.exprs(values, line);
                }
            }
            StatKind::LocalFunction { name, func } => {
                let _ = write!(self.out, "local-function@{line} {name} ");
                self.function(func, line, depth);
                return;
            }
            StatKind::Function { name, func } => {
                let _ = write!(self.out, "function@{line} {}", name.path.join("."));
                if let Some(method) = &name.method {
                    let _ = write!(self.out, ":{method}");
                }
                self.out.push(' ');
                self.function(func, line, depth);
                return;
            }
            StatKind::Do(body) => {
                let _ = writeln!(self.out, "do@{line}");
                self.block(body, depth + 1);
                return;
            }
            StatKind::While { cond, body } => {
                let _ = write!(self.out, "while@{line} ");
                self.expr(cond, line);
                self.out.push('\n');
                self.block(body, depth + 1);
                return;
            }
            StatKind::Repeat { body, cond } => {
                let _ = writeln!(self.out, "repeat@{line}");
                self.block(body, depth + 1);
                self.indent(depth);
                self.out.push_str("until ");
                self.expr(cond, line);
            }
            StatKind::If { conds, else_block } => {
                for (index, (cond, body)) in conds.iter().enumerate() {
                    if index > 0 {
                        self.indent(depth);
                        self.out.push_str("elseif ");
                    } else {
                        let _ = write!(self.out, "if@{line} ");
                    }
                    self.expr(cond, line);
                    self.out.push('\n');
                    self.block(body, depth + 1);
                }
                if let Some(body) = else_block {
                    self.indent(depth);
                    self.out.push_str("else\n");
                    self.block(body, depth + 1);
                }
                return;
            }
            StatKind::NumericFor(l) => {
                let NumericFor {
                    var,
                    start,
                    limit,
                    step,
                    body,
                } = &**l;
                let _ = write!(self.out, "for@{line} {var} = ");
                self.expr(start, line);
                self.out.push(' ');
                self.expr(limit, line);
                if let Some(step) = step {
                    self.out.push(' ');
                    self.expr(step, line);
                }
                self.out.push('\n');
                self.block(body, depth + 1);
                return;
            }
            StatKind::GenericFor {
                vars, exprs, body, ..
            } => {
                let _ = write!(self.out, "for@{line} {} in", vars.join(" "));
                self.exprs(exprs, line);
                self.out.push('\n');
                self.block(body, depth + 1);
                return;
            }
            StatKind::Goto(label) => {
                let _ = write!(self.out, "goto@{line} {label}");
            }
            StatKind::Label(label) => {
                let _ = write!(self.out, "label@{line} {label}");
            }
            StatKind::Break => {
                let _ = write!(self.out, "break@{line}");
            }
        }
        self.out.push('\n');
    }

    /// A function body: parameters and lines on this line, then the body indented.
    fn function(&mut self, func: &'a FuncBody, context_line: Line, depth: usize) {
        self.function_header(func, context_line);
        self.out.push('\n');
        self.flush_functions(depth);
        self.block(&func.body, depth + 1);
    }

    fn function_header(&mut self, func: &FuncBody, context_line: Line) {
        let mut params = func.params.clone();
        if func.is_vararg {
            params.push("...".into());
        }
        let _ = write!(self.out, "({})", params.join(" "));
        if func.line != context_line || func.end_line != context_line {
            let _ = write!(self.out, " @{}-{}", func.line, func.end_line);
        }
    }

    fn line_mark(&mut self, expr: &Expr, context_line: Line) {
        if expr.line != context_line {
            let _ = write!(self.out, "@{}", expr.line);
        }
    }

    fn expr(&mut self, expr: &'a Expr, context_line: Line) {
        let line = expr.line;
        match &expr.kind {
            ExprKind::Nil => self.out.push_str("nil"),
            ExprKind::True => self.out.push_str("true"),
            ExprKind::False => self.out.push_str("false"),
            ExprKind::Vararg => self.out.push_str("..."),
            ExprKind::Integer(value) => {
                let _ = write!(self.out, "{value}");
            }
            ExprKind::Float(value) => {
                let _ = write!(self.out, "{value:?}");
            }
            ExprKind::Str(bytes) => quote(&mut self.out, bytes),
            ExprKind::Name(name) => self.out.push_str(name),
            ExprKind::Function(func) => {
                self.functions += 1;
                let _ = write!(self.out, "(function#{} ", self.functions);
                self.function_header(func, context_line);
                self.out.push(')');
                self.pending.push((self.functions, func));
            }
            ExprKind::Table(fields) => {
                self.out.push_str("(table");
                for field in fields {
                    self.out.push(' ');
                    match field {
                        TableField::Positional(value) => self.expr(value, line),
                        TableField::Named { name, value, .. } => {
                            let _ = write!(self.out, "{name}=");
                            self.expr(value, line);
                        }
                        TableField::Keyed { key, value, .. } => {
                            self.out.push('[');
                            self.expr(key, line);
                            self.out.push_str("]=");
                            self.expr(value, line);
                        }
                    }
                }
                self.out.push(')');
            }
            ExprKind::Binary { op, lhs, rhs } => {
                let _ = write!(self.out, "({op:?}");
                self.line_mark(expr, context_line);
                self.out.push(' ');
                self.expr(lhs, line);
                self.out.push(' ');
                self.expr(rhs, line);
                self.out.push(')');
                return;
            }
            ExprKind::Unary { op, operand } => {
                let _ = write!(self.out, "({op:?}");
                self.line_mark(expr, context_line);
                self.out.push(' ');
                self.expr(operand, line);
                self.out.push(')');
                return;
            }
            ExprKind::Index { obj, key } => {
                self.out.push_str("(index");
                self.line_mark(expr, context_line);
                self.out.push(' ');
                self.expr(obj, line);
                self.out.push(' ');
                self.expr(key, line);
                self.out.push(')');
                return;
            }
            ExprKind::Call(call) => {
                self.out.push_str("(call");
                self.line_mark(expr, context_line);
                self.out.push(' ');
                self.expr(&call.func, line);
                self.exprs(&call.args, line);
                self.out.push(')');
                return;
            }
            ExprKind::MethodCall(call) => {
                let MethodCall {
                    obj, method, args, ..
                } = &**call;
                self.out.push_str("(method");
                self.line_mark(expr, context_line);
                self.out.push(' ');
                self.expr(obj, line);
                let _ = write!(self.out, " {method}");
                self.exprs(args, line);
                self.out.push(')');
                return;
            }
            ExprKind::Paren(inner) => {
                self.out.push_str("(paren");
                self.line_mark(expr, context_line);
                self.out.push(' ');
                self.expr(inner, line);
                self.out.push(')');
                return;
            }
        }
        self.line_mark(expr, context_line);
    }
}

/// A Lua string literal for `bytes`: printable ASCII as is, the usual escapes, `\ddd` else.
fn quote(out: &mut String, bytes: &[u8]) {
    out.push('"');
    for &byte in bytes {
        match byte {
            b'"' => out.push_str("\\\""),
            b'\\' => out.push_str("\\\\"),
            b'\n' => out.push_str("\\n"),
            b'\r' => out.push_str("\\r"),
            b'\t' => out.push_str("\\t"),
            0x20..=0x7e => out.push(byte as char),
            _ => {
                let _ = write!(out, "\\{byte}");
            }
        }
    }
    out.push('"');
}

#[cfg(test)]
mod tests {
    use super::dump;
    use crate::parse;

    #[test]
    fn dumps_a_chunk() {
        let source = b"local a <const>, b = 1, 2.5
function t.x:m(p, ...)
  return p
end
if a < b then f('s\\n', {1, k = 2, [3] = 4}) elseif c then else x.y[1] = -a + b * 2 end
for i = 1, 3 do goto done end
for k, v in pairs(t) do break end
while x do repeat local z until z end
::done::
local f = function(q) return function() return q end end
return o:m(a)
  (b)";
        let chunk = parse(source, "=t").unwrap();
        let expected = r#"chunk end@12
  local@1 a<const> b = 1 2.5
  function@2 t.x:m (self p ...) @2-4
    return@3 p
  if@5 (Lt a b)
    call@5 (call f "s\n" (table 1 k=2 [3]=4))
  elseif c
  else
    assign@5 (index (index x "y") 1) = (Add (Neg a) (Mul b 2))
  for@6 i = 1 3
    goto@6 done
  for@7 k v in (call pairs t)
    break@7
  while@8 x
    repeat@8
      local@8 z
    until z
  label@9 done
  local@10 f = (function#1 (q))
    function#1
      return@10 (function#2 ())
        function#2
          return@10 q
  return@11 (call (method o m a) b@12)
"#;
        assert_eq!(dump(&chunk), expected);
    }
}
