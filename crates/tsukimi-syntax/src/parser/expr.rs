//! Expressions (`lparser.c`: `subexpr`, `simpleexp`, `suffixedexp`, `primaryexp`,
//! `funcargs`, `constructor`, `body`).
//!
//! Binary operators use precedence climbing with `lparser.c`'s priority table
//! ([`BinOp::priority`]): `subexpr(limit)` parses an operand, then folds in every operator
//! whose left priority exceeds `limit`, parsing its right operand with the operator's right
//! priority (so `..` and `^` associate to the right, and `-x^2` is `-(x^2)`). Unary operators
//! bind with [`UNARY_PRIORITY`].
//!
//! Lines follow `ast.rs`: operators carry their token's line; calls the line where the whole
//! suffixed expression starts; indexing the line of its `.`/`[` token.
//!
//! Every node records its start line and, through [`Parser::node`], the line of its last
//! token (`Expr::last_line`). Suffix chains and left-associative operator chains are built in
//! loops, so they may be arbitrarily long, as in `lua5.4`.

use super::{NodeStart, Parser};
use crate::ast::{
    BinOp, Call, Expr, ExprKind, FuncBody, Line, MethodCall, Name, TableField, UnOp, UNARY_PRIORITY,
};
use crate::failure::{check_memory, Result, TryGrow};
use crate::token::Token;

impl Parser<'_> {
    /// `expr`.
    pub(super) fn expression(&mut self) -> Result<Expr> {
        self.subexpression(0)
    }

    /// `explist`: `expr {',' expr}`.
    pub(super) fn expression_list(&mut self) -> Result<Vec<Expr>> {
        let mut list = vec![self.expression()?];
        while self.test_next(&Token::Char(b','))? {
            list.try_push(self.expression()?)?;
        }
        Ok(list)
    }

    /// `subexpr`: `(simpleexp | unop subexpr) {binop subexpr}` for operators binding tighter
    /// than `limit`.
    ///
    /// This and the functions below are on every path of expression nesting; they hand each
    /// case to its own function (without `?` on large values) so that unoptimized builds,
    /// which give every temporary its own stack slot, keep small frames here.
    fn subexpression(&mut self, limit: u8) -> Result<Expr> {
        self.enter_level()?;
        let operand = match unary_operator(&self.current.token) {
            Some(op) => self.unary_expression(op),
            None => self.simple_expression(),
        };
        let result = match operand {
            Ok(operand) => self.binary_operations(operand, limit),
            Err(failure) => Err(failure),
        };
        self.leave_level();
        result
    }

    /// A unary operator (current) applied to its operand.
    fn unary_expression(&mut self, op: UnOp) -> Result<Expr> {
        let start = self.start();
        let line = self.line();
        self.advance()?;
        let operand = self.subexpression(UNARY_PRIORITY)?;
        let kind = ExprKind::Unary {
            op,
            operand: Box::new(operand),
        };
        Ok(self.node(kind, line, start))
    }

    /// The `{binop subexpr}` loop of `subexpr`, folding into `left`.
    fn binary_operations(&mut self, left: Expr, limit: u8) -> Result<Expr> {
        let mut left = left;
        while let Some(op) = binary_operator(&self.current.token) {
            let (left_priority, right_priority) = op.priority();
            if left_priority <= limit {
                break;
            }
            let line = self.line();
            self.advance()?;
            let right = self.subexpression(right_priority)?;
            let start = NodeStart::of(&left);
            let kind = ExprKind::Binary {
                op,
                lhs: Box::new(left),
                rhs: Box::new(right),
            };
            left = self.node(kind, line, start);
        }
        Ok(left)
    }

    /// `simpleexp`: literals, `...`, constructors, function expressions, suffixed expressions.
    fn simple_expression(&mut self) -> Result<Expr> {
        match self.current.token {
            Token::Char(b'{') => self.table_constructor(),
            Token::Function => self.function_expression(),
            Token::Float(_)
            | Token::Int(_)
            | Token::Str(_)
            | Token::Nil
            | Token::True
            | Token::False
            | Token::Dots => self.literal(),
            _ => self.suffixed_expression(),
        }
    }

    /// A literal or `...` (current).
    fn literal(&mut self) -> Result<Expr> {
        let start = self.start();
        let line = self.line();
        let kind = match &mut self.current.token {
            Token::Float(value) => ExprKind::Float(*value),
            Token::Int(value) => ExprKind::Integer(*value),
            Token::Str(bytes) => ExprKind::Str(std::mem::take(bytes).into_boxed_slice()),
            Token::Nil => ExprKind::Nil,
            Token::True => ExprKind::True,
            Token::False => ExprKind::False,
            _ => {
                if !self.in_vararg_function {
                    return Err(self.syntax_error("cannot use '...' outside a vararg function"));
                }
                ExprKind::Vararg
            }
        };
        self.advance()?;
        Ok(self.node(kind, line, start))
    }

    /// `function body` as an expression (`function` is current).
    fn function_expression(&mut self) -> Result<Expr> {
        let start = self.start();
        let line = self.line();
        self.advance()?;
        let body = self.function_body(false, self.line())?;
        Ok(self.node(ExprKind::Function(Box::new(body)), line, start))
    }

    /// `primaryexp`: a name or a parenthesized expression.
    fn primary_expression(&mut self) -> Result<Expr> {
        match self.current.token {
            Token::Char(b'(') => self.parenthesized_expression(),
            Token::Name(_) => {
                let start = self.start();
                let line = self.line();
                let name = self.check_name()?;
                Ok(self.node(ExprKind::Name(name), line, start))
            }
            _ => Err(self.syntax_error("unexpected symbol")),
        }
    }

    /// `'(' expr ')'` (`(` is current).
    fn parenthesized_expression(&mut self) -> Result<Expr> {
        let start = self.start();
        let line = self.line();
        self.advance()?;
        let inner = self.expression()?;
        self.check_match(&Token::Char(b')'), &Token::Char(b'('), line)?;
        Ok(self.node(ExprKind::Paren(Box::new(inner)), line, start))
    }

    /// `suffixedexp`: `primaryexp { '.' NAME | '[' exp ']' | ':' NAME funcargs | funcargs }`.
    pub(super) fn suffixed_expression(&mut self) -> Result<Expr> {
        let line = self.line();
        let mut parsed = self.primary_expression()?;
        loop {
            match self.current.token {
                Token::Char(b'.') => self.field_suffix(&mut parsed)?,
                Token::Char(b'[') => self.index_suffix(&mut parsed)?,
                Token::Char(b':') => self.method_call_suffix(&mut parsed, line)?,
                Token::Char(b'(' | b'{') | Token::Str(_) => self.call_suffix(&mut parsed, line)?,
                _ => return Ok(parsed),
            }
        }
    }

    /// Replaces `parsed` by `kind` built around it, starting at `line` and ending with the
    /// token just consumed.
    fn wrap(&self, parsed: &mut Expr, start: NodeStart, line: Line, kind: ExprKind) {
        *parsed = self.node(kind, line, start);
    }

    /// `.name` (`.` is current).
    fn field_suffix(&mut self, parsed: &mut Expr) -> Result<()> {
        let index_line = self.line();
        self.advance()?;
        let key_line = self.line();
        let key_start = self.start();
        let name = self.check_name()?;
        let key = self.node(ExprKind::Str(name.into_boxed_bytes()), key_line, key_start);
        let start = NodeStart::of(parsed);
        let obj = take_expr(parsed);
        let kind = ExprKind::Index {
            obj: Box::new(obj),
            key: Box::new(key),
        };
        self.wrap(parsed, start, index_line, kind);
        Ok(())
    }

    /// `[exp]` (`[` is current).
    fn index_suffix(&mut self, parsed: &mut Expr) -> Result<()> {
        let index_line = self.line();
        self.advance()?;
        let key = self.expression()?;
        self.check_next(&Token::Char(b']'))?;
        let start = NodeStart::of(parsed);
        let obj = take_expr(parsed);
        let kind = ExprKind::Index {
            obj: Box::new(obj),
            key: Box::new(key),
        };
        self.wrap(parsed, start, index_line, kind);
        Ok(())
    }

    /// `:name funcargs` (`:` is current); `line` is where the suffixed expression started.
    fn method_call_suffix(&mut self, parsed: &mut Expr, line: Line) -> Result<()> {
        self.advance()?;
        let method_line = self.line();
        let method = self.check_name()?;
        let args = self.function_arguments(line)?;
        let start = NodeStart::of(parsed);
        let obj = take_expr(parsed);
        let kind = ExprKind::MethodCall(Box::new(MethodCall {
            obj,
            method,
            method_line,
            args,
        }));
        self.wrap(parsed, start, line, kind);
        Ok(())
    }

    /// `funcargs` applied to the expression so far.
    fn call_suffix(&mut self, parsed: &mut Expr, line: Line) -> Result<()> {
        let args = self.function_arguments(line)?;
        let start = NodeStart::of(parsed);
        let func = take_expr(parsed);
        let kind = ExprKind::Call(Box::new(Call { func, args }));
        self.wrap(parsed, start, line, kind);
        Ok(())
    }

    /// `funcargs`: `'(' [explist] ')'`, a table constructor or a string literal.
    fn function_arguments(&mut self, line: Line) -> Result<Vec<Expr>> {
        match &mut self.current.token {
            Token::Char(b'(') => {
                self.advance()?;
                let args = if self.is_char(b')') {
                    Vec::new()
                } else {
                    self.expression_list()?
                };
                self.check_match(&Token::Char(b')'), &Token::Char(b'('), line)?;
                Ok(args)
            }
            Token::Char(b'{') => Ok(vec![self.table_constructor()?]),
            Token::Str(_) => Ok(vec![self.literal()?]),
            _ => Err(self.syntax_error("function arguments expected")),
        }
    }

    /// `constructor`: `'{' [field {sep field} [sep]] '}'`.
    fn table_constructor(&mut self) -> Result<Expr> {
        let start = self.start();
        let line = self.line();
        self.check_next(&Token::Char(b'{'))?;
        let mut fields = Vec::new();
        loop {
            if self.is_char(b'}') {
                break;
            }
            self.table_field(&mut fields)?;
            if !(self.test_next(&Token::Char(b','))? || self.test_next(&Token::Char(b';'))?) {
                break;
            }
        }
        self.check_match(&Token::Char(b'}'), &Token::Char(b'{'), line)?;
        Ok(self.node(ExprKind::Table(fields.into_boxed_slice()), line, start))
    }

    /// `field`: `name = exp`, `[exp] = exp` or `exp`, appended to `fields`.
    fn table_field(&mut self, fields: &mut Vec<TableField>) -> Result<()> {
        check_memory()?;
        let is_named_field = match self.current.token {
            Token::Name(_) => *self.peek()? == Token::Char(b'='),
            _ => false,
        };
        let field = if is_named_field {
            self.named_field()
        } else if self.is_char(b'[') {
            self.keyed_field()
        } else {
            self.positional_field()
        };
        match field {
            Ok(field) => fields.try_push(field),
            Err(failure) => Err(failure),
        }
    }

    /// `name = exp`.
    fn named_field(&mut self) -> Result<TableField> {
        let name = self.check_name()?;
        self.check_next(&Token::Char(b'='))?;
        let equals_line = self.last_line;
        Ok(TableField::Named {
            name,
            value: self.expression()?,
            equals_line,
        })
    }

    /// `[exp] = exp`.
    fn keyed_field(&mut self) -> Result<TableField> {
        self.advance()?;
        let key = self.expression()?;
        self.check_next(&Token::Char(b']'))?;
        self.check_next(&Token::Char(b'='))?;
        let equals_line = self.last_line;
        Ok(TableField::Keyed {
            key: Box::new(key),
            value: self.expression()?,
            equals_line,
        })
    }

    /// `exp` as a list item.
    fn positional_field(&mut self) -> Result<TableField> {
        Ok(TableField::Positional(self.expression()?))
    }

    /// `body`: `'(' parlist ')' block END`. `line` is what `lua5.4` records as the function's
    /// `linedefined`; a method gets the implicit `self` parameter first.
    pub(super) fn function_body(&mut self, is_method: bool, line: Line) -> Result<FuncBody> {
        // A new function: its own locals, counted from zero, and its own `linedefined`.
        self.enter_function()?;
        let outer_function_line = std::mem::replace(&mut self.function_line, line);
        let (params, vararg_line) = self.parameter_list(is_method)?;
        self.activate_locals(params.len());
        let is_vararg = vararg_line.is_some();
        let outer_vararg = std::mem::replace(&mut self.in_vararg_function, is_vararg);
        let body = self.block_statements()?;
        let end_line = self.line();
        self.check_match(&Token::End, &Token::Function, line)?;
        // Unresolved gotos are reported at the token after `end`.
        self.leave_function()?;
        self.in_vararg_function = outer_vararg;
        self.function_line = outer_function_line;
        Ok(FuncBody {
            params,
            is_vararg,
            body,
            line,
            end_line,
            vararg_line: vararg_line.unwrap_or(line),
        })
    }
}

/// Keeps the parameter parsing out of `function_body`'s frame (it is on a nesting path).
impl Parser<'_> {
    /// `'(' parlist ')'`: the parameter names (`self` first for a method) and whether the
    /// function is vararg.
    fn parameter_list(&mut self, is_method: bool) -> Result<(Vec<Name>, Option<Line>)> {
        self.check_next(&Token::Char(b'('))?;
        let mut params = Vec::new();
        if is_method {
            params.try_push("self".into())?;
            self.declare_local("self")?;
        }
        let mut is_vararg = false;
        let mut vararg_line = None;
        if !self.is_char(b')') {
            loop {
                match self.current.token {
                    Token::Name(_) => {
                        let name = self.check_name()?;
                        self.declare_local(&name)?;
                        params.try_push(name)?;
                    }
                    Token::Dots => {
                        self.advance()?;
                        is_vararg = true;
                        vararg_line = Some(self.last_line);
                    }
                    _ => return Err(self.syntax_error("<name> or '...' expected")),
                }
                if is_vararg || !self.test_next(&Token::Char(b','))? {
                    break;
                }
            }
        }
        self.check_next(&Token::Char(b')'))?;
        Ok((params, vararg_line))
    }
}

/// Moves the expression out of `parsed`, leaving a placeholder that is overwritten at once.
fn take_expr(parsed: &mut Expr) -> Expr {
    std::mem::replace(parsed, Expr::on_line(ExprKind::Nil, 0))
}

/// `getunopr`.
fn unary_operator(token: &Token) -> Option<UnOp> {
    match token {
        Token::Not => Some(UnOp::Not),
        Token::Char(b'-') => Some(UnOp::Neg),
        Token::Char(b'~') => Some(UnOp::BNot),
        Token::Char(b'#') => Some(UnOp::Len),
        _ => None,
    }
}

/// `getbinopr`.
fn binary_operator(token: &Token) -> Option<BinOp> {
    Some(match token {
        Token::Char(b'+') => BinOp::Add,
        Token::Char(b'-') => BinOp::Sub,
        Token::Char(b'*') => BinOp::Mul,
        Token::Char(b'%') => BinOp::Mod,
        Token::Char(b'^') => BinOp::Pow,
        Token::Char(b'/') => BinOp::Div,
        Token::IDiv => BinOp::IDiv,
        Token::Char(b'&') => BinOp::BAnd,
        Token::Char(b'|') => BinOp::BOr,
        Token::Char(b'~') => BinOp::BXor,
        Token::Shl => BinOp::Shl,
        Token::Shr => BinOp::Shr,
        Token::Concat => BinOp::Concat,
        Token::Ne => BinOp::Ne,
        Token::Eq => BinOp::Eq,
        Token::Char(b'<') => BinOp::Lt,
        Token::Le => BinOp::Le,
        Token::Char(b'>') => BinOp::Gt,
        Token::Ge => BinOp::Ge,
        Token::And => BinOp::And,
        Token::Or => BinOp::Or,
        _ => return None,
    })
}
