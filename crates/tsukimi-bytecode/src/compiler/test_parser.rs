//! A small recursive-descent Lua 5.4 parser used only by this crate's tests, built on
//! `tsukimi_syntax::lexer`, so the compiler can be tested end to end before (and independently
//! of) the real parser. It follows `lparser.c`'s grammar and the line conventions of `ast.rs`;
//! its error messages are minimal ("test parser: ..."), it is not a conformance target.

use tsukimi_syntax::ast::*;
use tsukimi_syntax::lexer::Lexer;
use tsukimi_syntax::token::Token;

type R<T> = Result<T, String>;

pub(crate) fn parse(src: &[u8]) -> R<Chunk> {
    let mut lexer = Lexer::new(src);
    let mut toks = Vec::new();
    loop {
        let lx = lexer
            .next_lexeme()
            .map_err(|e| format!("lex error: {e:?}"))?;
        let eos = lx.token == Token::Eos;
        toks.push((lx.token, lexer.line()));
        if eos {
            break;
        }
    }
    let mut p = P { toks, pos: 0 };
    let block = p.block()?;
    if p.tok() != &Token::Eos {
        return Err(format!(
            "test parser: unexpected {:?} at line {}",
            p.tok(),
            p.line()
        ));
    }
    Ok(Chunk {
        block,
        end_line: p.line(),
    })
}

struct P {
    toks: Vec<(Token, u32)>,
    pos: usize,
}

impl P {
    fn tok(&self) -> &Token {
        &self.toks[self.pos.min(self.toks.len() - 1)].0
    }
    fn line(&self) -> u32 {
        self.toks[self.pos.min(self.toks.len() - 1)].1
    }
    fn peek(&self) -> &Token {
        &self.toks[(self.pos + 1).min(self.toks.len() - 1)].0
    }
    fn next(&mut self) {
        if self.pos < self.toks.len() - 1 {
            self.pos += 1;
        }
    }
    fn is_char(&self, c: u8) -> bool {
        self.tok() == &Token::Char(c)
    }
    fn test(&mut self, t: &Token) -> bool {
        if self.tok() == t {
            self.next();
            true
        } else {
            false
        }
    }
    fn expect(&mut self, t: &Token) -> R<()> {
        if self.test(t) {
            Ok(())
        } else {
            Err(format!(
                "test parser: expected {:?}, got {:?} at line {}",
                t,
                self.tok(),
                self.line()
            ))
        }
    }
    fn name(&mut self) -> R<String> {
        if let Token::Name(n) = self.tok().clone() {
            self.next();
            Ok(n)
        } else {
            Err(format!(
                "test parser: name expected at line {}",
                self.line()
            ))
        }
    }

    fn block_follow(&self) -> bool {
        matches!(
            self.tok(),
            Token::Else | Token::Elseif | Token::End | Token::Eos | Token::Until
        )
    }

    fn block(&mut self) -> R<Block> {
        let mut b = Block::default();
        while !self.block_follow() {
            if self.tok() == &Token::Return {
                let line = self.line();
                self.next();
                let values = if self.block_follow() || self.is_char(b';') {
                    Vec::new()
                } else {
                    self.exp_list()?
                };
                self.test(&Token::Char(b';'));
                b.ret = Some(Return { values, line });
                break;
            }
            if let Some(s) = self.statement()? {
                b.stats.push(s);
            }
        }
        Ok(b)
    }

    fn statement(&mut self) -> R<Option<Stat>> {
        let line = self.line();
        let kind = match self.tok().clone() {
            Token::Char(b';') => {
                self.next();
                return Ok(None);
            }
            Token::If => {
                let mut conds = Vec::new();
                let mut else_block = None;
                loop {
                    self.next();
                    let c = self.expr()?;
                    self.expect(&Token::Then)?;
                    conds.push((c, self.block()?));
                    if self.tok() != &Token::Elseif {
                        break;
                    }
                }
                if self.test(&Token::Else) {
                    else_block = Some(self.block()?);
                }
                self.expect(&Token::End)?;
                StatKind::If { conds, else_block }
            }
            Token::While => {
                self.next();
                let cond = self.expr()?;
                self.expect(&Token::Do)?;
                let body = self.block()?;
                self.expect(&Token::End)?;
                StatKind::While { cond, body }
            }
            Token::Do => {
                self.next();
                let b = self.block()?;
                self.expect(&Token::End)?;
                StatKind::Do(b)
            }
            Token::For => {
                self.next();
                let n1 = self.name()?;
                if self.test(&Token::Char(b'=')) {
                    let start = self.expr()?;
                    self.expect(&Token::Char(b','))?;
                    let limit = self.expr()?;
                    let step = if self.test(&Token::Char(b',')) {
                        Some(self.expr()?)
                    } else {
                        None
                    };
                    self.expect(&Token::Do)?;
                    let body = self.block()?;
                    self.expect(&Token::End)?;
                    StatKind::NumericFor {
                        var: n1,
                        start,
                        limit,
                        step,
                        body,
                    }
                } else {
                    let mut vars = vec![n1];
                    while self.test(&Token::Char(b',')) {
                        vars.push(self.name()?);
                    }
                    self.expect(&Token::In)?;
                    let exprs = self.exp_list()?;
                    self.expect(&Token::Do)?;
                    let body = self.block()?;
                    self.expect(&Token::End)?;
                    StatKind::GenericFor { vars, exprs, body }
                }
            }
            Token::Repeat => {
                self.next();
                let body = self.block()?;
                self.expect(&Token::Until)?;
                let cond = self.expr()?;
                StatKind::Repeat { body, cond }
            }
            Token::Function => {
                self.next();
                let mut path = vec![self.name()?];
                while self.test(&Token::Char(b'.')) {
                    path.push(self.name()?);
                }
                let method = if self.test(&Token::Char(b':')) {
                    Some(self.name()?)
                } else {
                    None
                };
                let func = Box::new(self.body(method.is_some(), line)?);
                StatKind::Function {
                    name: FuncName { path, method },
                    func,
                }
            }
            Token::Local => {
                self.next();
                if self.test(&Token::Function) {
                    let name = self.name()?;
                    let func = Box::new(self.body(false, line)?);
                    StatKind::LocalFunction { name, func }
                } else {
                    let mut names = Vec::new();
                    loop {
                        let name = self.name()?;
                        let attrib = if self.test(&Token::Char(b'<')) {
                            let a = self.name()?;
                            self.expect(&Token::Char(b'>'))?;
                            match a.as_str() {
                                "const" => Some(Attrib::Const),
                                "close" => Some(Attrib::Close),
                                _ => return Err(format!("unknown attribute '{a}'")),
                            }
                        } else {
                            None
                        };
                        names.push(LocalName { name, attrib });
                        if !self.test(&Token::Char(b',')) {
                            break;
                        }
                    }
                    let values = if self.test(&Token::Char(b'=')) {
                        self.exp_list()?
                    } else {
                        Vec::new()
                    };
                    StatKind::Local { names, values }
                }
            }
            Token::DbColon => {
                self.next();
                let n = self.name()?;
                self.expect(&Token::DbColon)?;
                StatKind::Label(n)
            }
            Token::Break => {
                self.next();
                StatKind::Break
            }
            Token::Goto => {
                self.next();
                StatKind::Goto(self.name()?)
            }
            _ => {
                let e = self.suffixed()?;
                if self.is_char(b'=') || self.is_char(b',') {
                    let mut targets = vec![e];
                    while self.test(&Token::Char(b',')) {
                        targets.push(self.suffixed()?);
                    }
                    self.expect(&Token::Char(b'='))?;
                    let values = self.exp_list()?;
                    StatKind::Assign { targets, values }
                } else {
                    StatKind::Call(e)
                }
            }
        };
        Ok(Some(Stat { kind, line }))
    }

    fn body(&mut self, method: bool, line: u32) -> R<FuncBody> {
        self.expect(&Token::Char(b'('))?;
        let mut params = Vec::new();
        if method {
            params.push("self".to_string());
        }
        let mut is_vararg = false;
        if !self.is_char(b')') {
            loop {
                if self.test(&Token::Dots) {
                    is_vararg = true;
                    break;
                }
                params.push(self.name()?);
                if !self.test(&Token::Char(b',')) {
                    break;
                }
            }
        }
        self.expect(&Token::Char(b')'))?;
        let body = self.block()?;
        let end_line = self.line();
        self.expect(&Token::End)?;
        Ok(FuncBody {
            params,
            is_vararg,
            body,
            line,
            end_line,
        })
    }

    fn exp_list(&mut self) -> R<Vec<Expr>> {
        let mut v = vec![self.expr()?];
        while self.test(&Token::Char(b',')) {
            v.push(self.expr()?);
        }
        Ok(v)
    }

    fn primary(&mut self) -> R<Expr> {
        let line = self.line();
        match self.tok().clone() {
            Token::Name(n) => {
                self.next();
                Ok(Expr {
                    kind: ExprKind::Name(n),
                    line,
                })
            }
            Token::Char(b'(') => {
                self.next();
                let e = self.expr()?;
                self.expect(&Token::Char(b')'))?;
                Ok(Expr {
                    kind: ExprKind::Paren(Box::new(e)),
                    line,
                })
            }
            t => Err(format!(
                "test parser: unexpected symbol {t:?} at line {line}"
            )),
        }
    }

    fn suffixed(&mut self) -> R<Expr> {
        let line = self.line();
        let mut e = self.primary()?;
        loop {
            let l = self.line();
            match self.tok().clone() {
                Token::Char(b'.') => {
                    self.next();
                    let n = self.name()?;
                    let key = Expr {
                        kind: ExprKind::Str(n.into_bytes()),
                        line: l,
                    };
                    e = Expr {
                        kind: ExprKind::Index {
                            obj: Box::new(e),
                            key: Box::new(key),
                        },
                        line: l,
                    };
                }
                Token::Char(b'[') => {
                    self.next();
                    let key = self.expr()?;
                    self.expect(&Token::Char(b']'))?;
                    e = Expr {
                        kind: ExprKind::Index {
                            obj: Box::new(e),
                            key: Box::new(key),
                        },
                        line: l,
                    };
                }
                Token::Char(b':') => {
                    self.next();
                    let method = self.name()?;
                    let args = self.args()?;
                    e = Expr {
                        kind: ExprKind::MethodCall {
                            obj: Box::new(e),
                            method,
                            args,
                        },
                        line,
                    };
                }
                Token::Char(b'(') | Token::Str(_) | Token::Char(b'{') => {
                    let args = self.args()?;
                    e = Expr {
                        kind: ExprKind::Call {
                            func: Box::new(e),
                            args,
                        },
                        line,
                    };
                }
                _ => return Ok(e),
            }
        }
    }

    fn args(&mut self) -> R<Vec<Expr>> {
        let line = self.line();
        match self.tok().clone() {
            Token::Str(s) => {
                self.next();
                Ok(vec![Expr {
                    kind: ExprKind::Str(s),
                    line,
                }])
            }
            Token::Char(b'{') => Ok(vec![self.table()?]),
            _ => {
                self.expect(&Token::Char(b'('))?;
                if self.test(&Token::Char(b')')) {
                    return Ok(Vec::new());
                }
                let v = self.exp_list()?;
                self.expect(&Token::Char(b')'))?;
                Ok(v)
            }
        }
    }

    fn table(&mut self) -> R<Expr> {
        let line = self.line();
        self.expect(&Token::Char(b'{'))?;
        let mut fields = Vec::new();
        while !self.is_char(b'}') {
            if self.is_char(b'[') {
                self.next();
                let k = self.expr()?;
                self.expect(&Token::Char(b']'))?;
                self.expect(&Token::Char(b'='))?;
                fields.push(TableField::Keyed(k, self.expr()?));
            } else if matches!(self.tok(), Token::Name(_)) && self.peek() == &Token::Char(b'=') {
                let n = self.name()?;
                self.next();
                fields.push(TableField::Named(n, self.expr()?));
            } else {
                fields.push(TableField::Positional(self.expr()?));
            }
            if !self.test(&Token::Char(b',')) && !self.test(&Token::Char(b';')) {
                break;
            }
        }
        self.expect(&Token::Char(b'}'))?;
        Ok(Expr {
            kind: ExprKind::Table(fields),
            line,
        })
    }

    fn simple(&mut self) -> R<Expr> {
        let line = self.line();
        let kind = match self.tok().clone() {
            Token::Float(f) => ExprKind::Float(f),
            Token::Int(i) => ExprKind::Integer(i),
            Token::Str(s) => ExprKind::Str(s),
            Token::Nil => ExprKind::Nil,
            Token::True => ExprKind::True,
            Token::False => ExprKind::False,
            Token::Dots => ExprKind::Vararg,
            Token::Char(b'{') => return self.table(),
            Token::Function => {
                self.next();
                return Ok(Expr {
                    kind: ExprKind::Function(Box::new(self.body(false, line)?)),
                    line,
                });
            }
            _ => return self.suffixed(),
        };
        self.next();
        Ok(Expr { kind, line })
    }

    fn binop(&self) -> Option<BinOp> {
        Some(match self.tok() {
            Token::Char(b'+') => BinOp::Add,
            Token::Char(b'-') => BinOp::Sub,
            Token::Char(b'*') => BinOp::Mul,
            Token::Char(b'/') => BinOp::Div,
            Token::Char(b'%') => BinOp::Mod,
            Token::Char(b'^') => BinOp::Pow,
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

    fn expr(&mut self) -> R<Expr> {
        self.subexpr(0)
    }

    fn subexpr(&mut self, limit: u8) -> R<Expr> {
        let line = self.line();
        let unop = match self.tok() {
            Token::Not => Some(UnOp::Not),
            Token::Char(b'-') => Some(UnOp::Neg),
            Token::Char(b'~') => Some(UnOp::BNot),
            Token::Char(b'#') => Some(UnOp::Len),
            _ => None,
        };
        let mut e = if let Some(op) = unop {
            self.next();
            let operand = self.subexpr(UNARY_PRIORITY)?;
            Expr {
                kind: ExprKind::Unary {
                    op,
                    operand: Box::new(operand),
                },
                line,
            }
        } else {
            self.simple()?
        };
        while let Some(op) = self.binop() {
            let (left, right) = op.priority();
            if left <= limit {
                break;
            }
            let l = self.line();
            self.next();
            let rhs = self.subexpr(right)?;
            e = Expr {
                kind: ExprKind::Binary {
                    op,
                    lhs: Box::new(e),
                    rhs: Box::new(rhs),
                },
                line: l,
            };
        }
        Ok(e)
    }
}
