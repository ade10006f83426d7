//! Statements and blocks (`lparser.c`: `statlist`, `statement` and the `*stat` functions).
//!
//! Each statement records the line of its first token and of its last; each block where it
//! ends (`Parser::close_block`, called while its closing token is current). A few `lparser.c` details matter
//! for exactness and are kept:
//!
//! - `statement` counts one nesting level; a run of labels and `;` after a label is parsed
//!   by the label statement itself (`labelstat`), so consecutive labels nest.
//! - `if c then break` is parsed without a nested `statement` call (no extra level), and the
//!   semicolons after that `break` are skipped.
//! - In a multiple assignment every target after the first costs one level (`restassign`
//!   recurses), and each target is checked to be assignable *before* the next `,` is read.
//! - `return` ends its block: what follows must close the block.

use super::Parser;
use crate::ast::{
    Attrib, Block, Expr, ExprKind, FuncName, Line, LocalName, NumericFor, Return, Stat, StatKind,
};
use crate::failure::{check_memory, Result, TryGrow};
use crate::token::Token;

impl Parser<'_> {
    /// `block_follow`: does the current token end a block?
    fn block_follows(&self, with_until: bool) -> bool {
        match self.current.token {
            Token::Else | Token::Elseif | Token::End | Token::Eos => true,
            Token::Until => with_until,
            _ => false,
        }
    }

    /// `statlist`: statements until the end of the block; `return` must be the last one.
    pub(super) fn statement_list(&mut self, block: &mut Block) -> Result<()> {
        while !self.block_follows(true) {
            if self.is(&Token::Return) {
                return self.statement(block);
            }
            self.statement(block)?;
        }
        Ok(())
    }

    /// `block`: a new block's statements.
    pub(super) fn block(&mut self) -> Result<Block> {
        self.enter_block(false)?;
        let block = self.block_statements()?;
        self.leave_block()?;
        Ok(block)
    }

    /// The statements of a block whose scope is already open (a function's body is parsed
    /// in the function's own block).
    pub(super) fn block_statements(&mut self) -> Result<Block> {
        let mut block = self.open_block();
        self.statement_list(&mut block)?;
        self.close_block(&mut block);
        Ok(block)
    }

    /// `statement`: one statement, appended to `block` (`return` sets `block.ret`).
    ///
    /// This function is on every path of statement nesting, so it keeps its own frame small:
    /// each kind of statement is parsed by a separate function, without `?` on large values
    /// here (unoptimized builds give every temporary its own stack slot).
    fn statement(&mut self, block: &mut Block) -> Result<()> {
        check_memory()?;
        let line = self.line();
        self.enter_level()?;
        let result = self.dispatch_statement(block, line);
        self.leave_level();
        result
    }

    /// Parses the statement starting with the current token.
    fn dispatch_statement(&mut self, block: &mut Block, line: Line) -> Result<()> {
        match self.current.token {
            Token::Char(b';') => self.advance(),
            Token::If => self.push_statement(block, line, Self::if_statement),
            Token::While => self.push_statement(block, line, Self::while_statement),
            Token::Do => self.push_statement(block, line, Self::do_statement),
            Token::For => self.push_statement(block, line, Self::for_statement),
            Token::Repeat => self.push_statement(block, line, Self::repeat_statement),
            Token::Function => self.push_statement(block, line, Self::function_statement),
            Token::Local => self.push_statement(block, line, Self::local_statement),
            Token::DbColon => self.label_statement(block, line),
            Token::Return => self.return_statement(block, line),
            Token::Break => self.push_statement(block, line, Self::break_statement),
            Token::Goto => self.push_statement(block, line, Self::goto_statement),
            _ => self.push_statement(block, line, Self::expression_statement),
        }
    }

    /// Parses one statement with `parse` and appends it to `block`.
    fn push_statement(
        &mut self,
        block: &mut Block,
        line: Line,
        parse: fn(&mut Self, Line) -> Result<StatKind>,
    ) -> Result<()> {
        match parse(self, line) {
            Ok(kind) => {
                block.stats.try_push(Stat {
                    kind,
                    line,
                    last_line: self.last_line,
                })?;
                Ok(())
            }
            Err(failure) => Err(failure),
        }
    }

    /// `break`: a goto to the end of the enclosing loop.
    fn break_statement(&mut self, _line: Line) -> Result<StatKind> {
        let line = self.line();
        self.advance()?;
        self.goto_to(None, line)?;
        Ok(StatKind::Break)
    }

    /// `do block end`.
    fn do_statement(&mut self, line: Line) -> Result<StatKind> {
        self.advance()?;
        let body = self.block()?;
        self.check_match(&Token::End, &Token::Do, line)?;
        Ok(StatKind::Do(body))
    }

    /// `goto name` (its line, in messages, is the name's).
    fn goto_statement(&mut self, _line: Line) -> Result<StatKind> {
        self.advance()?;
        let line = self.line();
        let name = self.check_name()?;
        self.goto_to(Some(&name), line)?;
        Ok(StatKind::Goto(name))
    }

    /// `labelstat`: `::name::`, then the no-op statements that follow it (`;` and further
    /// labels), which `lparser.c` parses from here (so consecutive labels nest), then
    /// `checkrepeated` and `createlabel` (`declare_label`), at the token after them: a label
    /// that ends its block is outside the scope of the block's locals.
    fn label_statement(&mut self, block: &mut Block, line: Line) -> Result<()> {
        self.advance()?;
        let name = self.check_name()?;
        self.check_next(&Token::DbColon)?;
        block.stats.try_push(Stat {
            kind: StatKind::Label(name.clone()),
            line,
            last_line: self.last_line,
        })?;
        while self.is_char(b';') || self.is(&Token::DbColon) {
            self.statement(block)?;
        }
        let last = self.block_follows(false);
        self.declare_label(&name, line, last)
    }

    /// `retstat`: `return [explist] [';']`, which ends `block`.
    fn return_statement(&mut self, block: &mut Block, line: Line) -> Result<()> {
        self.advance()?;
        let values = if self.block_follows(true) || self.is_char(b';') {
            Vec::new()
        } else {
            self.expression_list()?
        };
        self.test_next(&Token::Char(b';'))?;
        block.ret = Some(Return { values, line });
        Ok(())
    }

    /// `ifstat`: `if c then b {elseif c then b} [else b] end`.
    fn if_statement(&mut self, line: Line) -> Result<StatKind> {
        let mut conds = vec![self.test_then_block()?];
        while self.is(&Token::Elseif) {
            conds.try_push(self.test_then_block()?)?;
        }
        let else_block = if self.test_next(&Token::Else)? {
            Some(self.block()?)
        } else {
            None
        };
        self.check_match(&Token::End, &Token::If, line)?;
        Ok(StatKind::If { conds, else_block })
    }

    /// `test_then_block`: `[if | elseif] cond then block`.
    fn test_then_block(&mut self) -> Result<(Expr, Block)> {
        self.advance()?; // 'if' or 'elseif'
        let cond = self.expression()?;
        self.check_next(&Token::Then)?;
        self.enter_block(false)?;
        let mut block = self.open_block();
        if self.is(&Token::Break) {
            // 'if x then break': no nested 'statement' call, semicolons skipped.
            let line = self.line();
            self.advance()?;
            self.goto_to(None, line)?;
            block.stats.try_push(Stat {
                kind: StatKind::Break,
                line,
                last_line: self.last_line,
            })?;
            while self.test_next(&Token::Char(b';'))? {}
            if self.block_follows(false) {
                self.close_block(&mut block);
                self.leave_block()?;
                return Ok((cond, block));
            }
        }
        self.statement_list(&mut block)?;
        self.close_block(&mut block);
        self.leave_block()?;
        Ok((cond, block))
    }

    /// `whilestat`.
    fn while_statement(&mut self, line: Line) -> Result<StatKind> {
        self.advance()?;
        let cond = self.expression()?;
        self.enter_block(true)?;
        self.check_next(&Token::Do)?;
        let body = self.block()?;
        self.check_match(&Token::End, &Token::While, line)?;
        self.leave_block()?;
        Ok(StatKind::While { cond, body })
    }

    /// `repeatstat`.
    fn repeat_statement(&mut self, line: Line) -> Result<StatKind> {
        // The loop's block, and inside it one scope for the body and the condition, which
        // sees the body's locals.
        self.enter_block(true)?;
        self.enter_block(false)?;
        self.advance()?;
        let mut body = self.open_block();
        self.statement_list(&mut body)?;
        self.close_block(&mut body);
        self.check_match(&Token::Until, &Token::Repeat, line)?;
        let cond = self.expression()?;
        self.leave_block()?;
        self.leave_block()?;
        Ok(StatKind::Repeat { body, cond })
    }

    /// `forstat`: numeric or generic `for`.
    fn for_statement(&mut self, line: Line) -> Result<StatKind> {
        self.enter_block(true)?;
        self.advance()?;
        let first = self.check_name()?;
        let kind = match self.current.token {
            Token::Char(b'=') => {
                // Three hidden state variables and the control variable.
                self.declare_hidden_locals(3)?;
                self.declare_local(&first)?;
                self.advance()?;
                let start = self.expression()?;
                self.check_next(&Token::Char(b','))?;
                let limit = self.expression()?;
                let step = if self.test_next(&Token::Char(b','))? {
                    Some(self.expression()?)
                } else {
                    None
                };
                self.activate_locals(3);
                let body = self.for_body(1)?;
                StatKind::NumericFor(Box::new(NumericFor {
                    var: first,
                    start,
                    limit,
                    step,
                    body,
                }))
            }
            Token::Char(b',') | Token::In => {
                // Four hidden state variables and the declared variables.
                self.declare_hidden_locals(4)?;
                self.declare_local(&first)?;
                let mut vars = vec![first];
                while self.test_next(&Token::Char(b','))? {
                    let name = self.check_name()?;
                    self.declare_local(&name)?;
                    vars.try_push(name)?;
                }
                self.check_next(&Token::In)?;
                let exprs_line = self.line();
                let exprs = self.expression_list()?;
                self.activate_locals(4);
                let body = self.for_body(vars.len())?;
                StatKind::GenericFor {
                    vars,
                    exprs,
                    exprs_line,
                    body,
                }
            }
            _ => return Err(self.syntax_error("'=' or 'in' expected")),
        };
        self.check_match(&Token::End, &Token::For, line)?;
        self.leave_block()?;
        Ok(kind)
    }

    /// Declares `count` hidden variables (the state of a `for` loop).
    fn declare_hidden_locals(&mut self, count: u32) -> Result<()> {
        for _ in 0..count {
            self.declare_local("(for state)")?;
        }
        Ok(())
    }

    /// `forbody`: `do block`, in a block where the loop's `declared` variables are active.
    fn for_body(&mut self, declared: usize) -> Result<Block> {
        self.check_next(&Token::Do)?;
        self.enter_block(false)?;
        self.activate_locals(declared);
        let body = self.block()?;
        self.leave_block()?;
        Ok(body)
    }

    /// `funcstat`: `function a.b.c:m body`.
    fn function_statement(&mut self, line: Line) -> Result<StatKind> {
        self.advance()?;
        let mut path_lines = vec![self.line()];
        let mut path = vec![self.check_name()?];
        while self.is_char(b'.') {
            self.advance()?;
            path_lines.try_push(self.line())?;
            path.try_push(self.check_name()?)?;
        }
        let method = if self.is_char(b':') {
            self.advance()?;
            Some(self.check_name()?)
        } else {
            None
        };
        let func = self.function_body(method.is_some(), line)?;
        if let ([name], None) = (&path[..], &method) {
            self.check_readonly(name)?;
        }
        Ok(StatKind::Function {
            name: FuncName {
                path,
                path_lines,
                method,
            },
            func: Box::new(func),
        })
    }

    /// `local function name body` or `local names = explist`.
    fn local_statement(&mut self, _line: Line) -> Result<StatKind> {
        self.advance()?;
        if self.test_next(&Token::Function)? {
            self.local_function()
        } else {
            self.local_variables()
        }
    }

    /// `localfunc`: after `local function`.
    fn local_function(&mut self) -> Result<StatKind> {
        let name = self.check_name()?;
        self.declare_local(&name)?;
        self.activate_locals(1);
        let func = self.function_body(false, self.line())?;
        Ok(StatKind::LocalFunction {
            name,
            func: Box::new(func),
        })
    }

    /// `localstat`: after `local`.
    fn local_variables(&mut self) -> Result<StatKind> {
        let mut names = Vec::new();
        let mut has_close = false;
        loop {
            let name = self.check_name()?;
            self.declare_local(&name)?;
            let attrib = self.local_attribute()?;
            if attrib.is_some() {
                self.mark_last_readonly();
            }
            if attrib == Some(Attrib::Close) {
                if has_close {
                    return Err(
                        self.semantic_error("multiple to-be-closed variables in local list")
                    );
                }
                has_close = true;
            }
            names.try_push(LocalName { name, attrib })?;
            if !self.test_next(&Token::Char(b','))? {
                break;
            }
        }
        let values = if self.test_next(&Token::Char(b'='))? {
            self.expression_list()?
        } else {
            Vec::new()
        };
        self.activate_locals(names.len());
        Ok(StatKind::Local { names, values })
    }

    /// `getlocalattribute`: `['<' name '>']`.
    fn local_attribute(&mut self) -> Result<Option<Attrib>> {
        if !self.test_next(&Token::Char(b'<'))? {
            return Ok(None);
        }
        let attribute = self.check_name()?;
        self.check_next(&Token::Char(b'>'))?;
        match &*attribute {
            "const" => Ok(Some(Attrib::Const)),
            "close" => Ok(Some(Attrib::Close)),
            other => Err(self.semantic_error(&format!("unknown attribute '{other}'"))),
        }
    }

    /// `exprstat`: a call or an assignment.
    fn expression_statement(&mut self, _line: Line) -> Result<StatKind> {
        let first = self.suffixed_expression()?;
        if self.is_char(b'=') || self.is_char(b',') {
            return self.assignment(first);
        }
        if !matches!(first.kind, ExprKind::Call { .. } | ExprKind::MethodCall(_)) {
            return Err(self.syntax_error("syntax error"));
        }
        Ok(StatKind::Call(first))
    }

    /// `restassign`, iteratively: the first target is already read.
    fn assignment(&mut self, first: Expr) -> Result<StatKind> {
        let mut targets = vec![first];
        let mut extra_levels = 0;
        let values = loop {
            let Some(target) = targets.last().filter(|t| is_assignable(t)) else {
                return Err(self.syntax_error("syntax error"));
            };
            if let ExprKind::Name(name) = &target.kind {
                self.check_readonly(name)?;
            }
            if self.test_next(&Token::Char(b','))? {
                let target = self.suffixed_expression()?;
                targets.try_push(target)?;
                self.enter_level()?;
                extra_levels += 1;
            } else {
                self.check_next(&Token::Char(b'='))?;
                break self.expression_list()?;
            }
        };
        self.c_levels -= extra_levels;
        Ok(StatKind::Assign { targets, values })
    }
}

/// `vkisvar`: only variables and indexed expressions can be assigned.
fn is_assignable(expr: &Expr) -> bool {
    matches!(expr.kind, ExprKind::Name(_) | ExprKind::Index { .. })
}
