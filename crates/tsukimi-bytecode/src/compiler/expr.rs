//! Compiling expressions (the expression half of `lparser.c`: `expr`, `subexpr`,
//! `simpleexp`, `suffixedexp`, `funcargs`, `constructor`, `body`).
//!
//! Each function returns an `ExpDesc` whose code may be unfinished; callers decide where the
//! value goes. The walk visits operands in source order, exactly like PUC's recursive-descent
//! parser, so instructions are emitted in the same order. Left-leaning chains (`a+b+c`,
//! `a.b.c`, `f()()`) are walked with an explicit stack instead of recursion: PUC handles them
//! with loops, and an AST can nest them arbitrarily deep.
//!
//! Lines: PUC emits each instruction at `lastline`, the line of the last token read. After
//! compiling a node the walk moves the line to the node's `last_line` (its last token), so a
//! value discharged later lands where PUC's does; inside a suffix chain each step is
//! processed at the moments `suffixedexp` processes it (the previous suffix is discharged
//! while the next one's first token is current, i.e. at the previous suffix's last line; a
//! key after its `]`; SELF after the method name; a call's last argument after its `)`).

use super::expdesc::{ExpDesc, ExpKind};
use super::{CResult, Compiler};
use crate::instruction::{FIELDS_PER_FLUSH, MAXARG_BX};
use crate::opcodes::OpCode;
use tsukimi_syntax::ast::{BinOp, Expr, ExprKind, FuncBody, MethodCall, TableField};

/// State of a table constructor being compiled (`ConsControl`).
struct ConsControl {
    /// Last list item read, not yet stored in a register.
    v: ExpDesc,
    /// Register of the table.
    table: u32,
    /// Number of record (hash) fields.
    nh: u32,
    /// Number of list items already stored.
    na: u32,
    /// Number of list items pending in registers.
    to_store: u32,
}

impl Compiler<'_> {
    /// Compiles any expression (`expr`), leaving the line at its last token.
    pub(crate) fn expr(&mut self, e: &Expr) -> CResult<ExpDesc> {
        let v = self.expr_node(e)?;
        self.reach_end_of(e);
        Ok(v)
    }

    /// Moves the line and the cursor past `e`'s last token (PUC has just read it).
    fn reach_end_of(&mut self, e: &Expr) {
        self.set_line(e.last_line);
        self.set_cursor(e.span.end);
    }

    /// Compiles one expression node.
    fn expr_node(&mut self, e: &Expr) -> CResult<ExpDesc> {
        match e.kind {
            // A binary operator's or an index's line is that of a token after its first
            // operand: those lines are reached when the walk gets there.
            ExprKind::Binary { .. } | ExprKind::Index { .. } => {}
            // A constructor's NEWTABLE and a `...`'s VARARG are emitted while their first
            // token is current, at the line of the token before them.
            ExprKind::Table(_) | ExprKind::Vararg => self.set_line(e.line_before),
            _ => self.set_line(e.line),
        }
        match &e.kind {
            ExprKind::Nil => Ok(ExpDesc::new(ExpKind::Nil)),
            ExprKind::True => Ok(ExpDesc::new(ExpKind::True)),
            ExprKind::False => Ok(ExpDesc::new(ExpKind::False)),
            ExprKind::Integer(i) => Ok(ExpDesc::new(ExpKind::KInt(*i))),
            ExprKind::Float(f) => Ok(ExpDesc::new(ExpKind::KFlt(*f))),
            ExprKind::Str(s) => Ok(ExpDesc::new(ExpKind::KStr(self.strings.intern(s)?))),
            ExprKind::Vararg => {
                if !self.fs.proto.is_vararg {
                    return Err(self.error_at(
                        self.line,
                        "cannot use '...' outside a vararg function near '...'",
                    ));
                }
                Ok(ExpDesc::new(ExpKind::Vararg(self.code_abc(
                    OpCode::VarArg,
                    0,
                    0,
                    1,
                ))))
            }
            ExprKind::Function(body) => self.function_body(body),
            ExprKind::Table(fields) => self.constructor(fields, e),
            ExprKind::Binary { .. } => self.binary_chain(e),
            ExprKind::Unary { op, operand } => {
                let mut v = self.expr(operand)?;
                self.prefix(*op, &mut v, e.line)?;
                Ok(v)
            }
            ExprKind::Name(_)
            | ExprKind::Paren(_)
            | ExprKind::Index { .. }
            | ExprKind::Call { .. }
            | ExprKind::MethodCall(_) => self.suffixed_exp(e),
        }
    }

    /// A chain of binary operators, walked iteratively down its left spine (`subexpr`).
    fn binary_chain(&mut self, e: &Expr) -> CResult<ExpDesc> {
        let mut spine: Vec<(BinOp, &Expr, u32)> = Vec::new();
        let mut bottom = e;
        while let ExprKind::Binary { op, lhs, rhs } = &bottom.kind {
            if spine.len() == spine.capacity() {
                spine
                    .try_reserve(1)
                    .map_err(|_| tsukimi_syntax::SyntaxError::out_of_memory())?;
            }
            spine.push((*op, rhs, bottom.line));
            bottom = lhs;
        }
        let mut v = self.expr(bottom)?;
        for &(op, rhs, line) in spine.iter().rev() {
            self.make_room()?;
            self.set_line(line);
            self.infix(op, &mut v)?;
            let mut v2 = self.expr(rhs)?;
            self.posfix(op, &mut v, &mut v2, line)?;
        }
        Ok(v)
    }

    /// A primary expression (`primaryexp`): a name or a parenthesised expression.
    fn primary_exp(&mut self, e: &Expr) -> CResult<ExpDesc> {
        self.set_line(e.line);
        match &e.kind {
            ExprKind::Name(name) => {
                // The name has been read: the token after it is current.
                self.set_cursor(e.span.end);
                self.single_var(name)
            }
            ExprKind::Paren(inner) => {
                let mut v = self.expr(inner)?;
                self.reach_end_of(e);
                self.discharge_vars(&mut v);
                Ok(v)
            }
            _ => self.expr(e),
        }
    }

    /// Names, indexing and calls (`suffixedexp`), iteratively along the chain.
    fn suffixed_exp(&mut self, e: &Expr) -> CResult<ExpDesc> {
        let mut spine: Vec<&Expr> = Vec::new();
        let mut bottom = e;
        loop {
            match &bottom.kind {
                ExprKind::Index { obj, .. } => {
                    spine.push(bottom);
                    bottom = obj;
                }
                ExprKind::Call(call) => {
                    spine.push(bottom);
                    bottom = &call.func;
                }
                ExprKind::MethodCall(call) => {
                    spine.push(bottom);
                    bottom = &call.obj;
                }
                _ => break,
            }
        }
        let mut v = self.primary_exp(bottom)?;
        self.reach_end_of(bottom);
        for step in spine.iter().rev() {
            // The previous suffix is complete: its last token is the last one read.
            match &step.kind {
                ExprKind::Index { key, .. } => {
                    self.exp_to_any_reg_up(&mut v)?;
                    let mut k = self.expr(key)?;
                    self.exp_to_val(&mut k)?;
                    self.reach_end_of(step);
                    self.indexed(&mut v, &mut k)?;
                }
                ExprKind::MethodCall(call) => {
                    let MethodCall {
                        method,
                        method_line,
                        args,
                        ..
                    } = &**call;
                    self.set_line(*method_line);
                    let mut key =
                        ExpDesc::new(ExpKind::KStr(self.strings.intern(method.as_bytes())?));
                    self.code_self(&mut v, &mut key)?;
                    self.func_args(&mut v, args, step)?;
                }
                ExprKind::Call(call) => {
                    self.exp_to_next_reg(&mut v)?;
                    self.func_args(&mut v, &call.args, step)?;
                }
                _ => {}
            }
            self.reach_end_of(step);
        }
        Ok(v)
    }

    /// Compiles a list of expressions, all but the last into consecutive registers;
    /// returns the last one unfinished and the count (`explist`).
    pub(crate) fn exp_list(&mut self, exprs: &[Expr]) -> CResult<(ExpDesc, u32)> {
        let mut v = ExpDesc::void();
        for (i, e) in exprs.iter().enumerate() {
            self.make_room()?;
            if i > 0 {
                // PUC stores the previous value after reading the `,`.
                self.set_cursor(e.span.start);
                self.exp_to_next_reg(&mut v)?;
            }
            v = self.expr(e)?;
        }
        Ok((v, exprs.len() as u32))
    }

    /// Arguments and the CALL instruction; `f` holds the function in a register
    /// (`funcargs`). `call` is the call expression: its line is where it starts (the CALL's
    /// line); its last token (`)`, `}` or the string) is read before the last argument is
    /// put in its register.
    fn func_args(&mut self, f: &mut ExpDesc, args: &[Expr], call: &Expr) -> CResult<()> {
        let line = call.line;
        let (mut last, _) = self.exp_list(args)?;
        if last.has_multret() {
            self.set_multret(&last)?;
        }
        self.reach_end_of(call);
        let base = if let ExpKind::NonReloc(r) = f.kind {
            r
        } else {
            0
        };
        let nparams: i32 = if last.has_multret() {
            -1
        } else {
            if last.kind != ExpKind::Void {
                self.exp_to_next_reg(&mut last)?;
            }
            self.fs.freereg as i32 - (base as i32 + 1)
        };
        let pc = self.code_abc(OpCode::Call, base, (nparams + 1) as u32, 2);
        f.kind = ExpKind::Call(pc);
        self.fix_line(line);
        self.fs.freereg = base + 1;
        Ok(())
    }

    /// A function body: compiles the nested function and emits CLOSURE (`body`).
    pub(crate) fn function_body(&mut self, func: &FuncBody) -> CResult<ExpDesc> {
        self.open_function(func.line);
        let count = func.params.len();
        for (i, param) in func.params.iter().enumerate() {
            let near = if i + 1 < count || func.is_vararg {
                ","
            } else {
                ")"
            };
            self.new_local_var(param, Some(near))?;
        }
        self.adjust_local_vars(func.params.len() as u32);
        let nparams = self.fs.nactvar;
        self.fs.proto.num_params = nparams as u8;
        if func.is_vararg {
            self.fs.proto.is_vararg = true;
            self.set_line(func.vararg_line);
            self.code_abc(OpCode::VarArgPrep, nparams, 0, 0);
        }
        self.reserve_regs(nparams)?;
        self.stat_list(&func.body)?;
        self.fs.proto.last_line_defined = func.end_line;
        self.set_line(func.end_line);
        self.close_function()?;
        let proto = self.pop_function();
        if self.fs.proto.protos.len() >= MAXARG_BX as usize {
            return Err(super::scope::growth_limit_error(
                "functions",
                MAXARG_BX as usize,
            ));
        }
        self.fs.proto.protos.push(proto);
        let index = self.fs.proto.protos.len() as u32 - 1;
        self.set_line(func.end_line);
        let mut v = ExpDesc::new(ExpKind::Reloc(self.code_abx(OpCode::Closure, 0, index)));
        self.exp_to_next_reg(&mut v)?;
        Ok(v)
    }

    /// A table constructor (`constructor`); `table_expr` is the constructor expression.
    fn constructor(&mut self, fields: &[TableField], table_expr: &Expr) -> CResult<ExpDesc> {
        let pc = self.code_abc(OpCode::NewTable, 0, 0, 0);
        self.code_extraarg(0);
        let table = self.fs.freereg;
        self.reserve_regs(1)?;
        let mut cc = ConsControl {
            v: ExpDesc::void(),
            table,
            nh: 0,
            na: 0,
            to_store: 0,
        };
        for field in fields {
            self.make_room()?;
            self.close_list_field(&mut cc)?;
            match field {
                TableField::Positional(e) => {
                    cc.v = self.expr(e)?;
                    cc.to_store += 1;
                }
                TableField::Named {
                    name,
                    value,
                    equals_line,
                } => self.rec_field(&mut cc, None, name, value, *equals_line)?,
                TableField::Keyed {
                    key,
                    value,
                    equals_line,
                } => self.rec_field(&mut cc, Some(key), "", value, *equals_line)?,
            }
        }
        // PUC stores the last items after reading the `}`.
        self.reach_end_of(table_expr);
        self.last_list_field(&mut cc)?;
        self.set_table_size(pc, table, cc.na, cc.nh);
        Ok(ExpDesc::new(ExpKind::NonReloc(table)))
    }

    /// `name = value` (`key` is None) or `[key] = value` in a constructor (`recfield`),
    /// whose `=` is on `equals_line`. Registers used by the key and the value are all
    /// released at the end.
    fn rec_field(
        &mut self,
        cc: &mut ConsControl,
        key: Option<&Expr>,
        name: &str,
        value: &Expr,
        equals_line: u32,
    ) -> CResult<()> {
        let reg = self.fs.freereg;
        let mut key = match key {
            Some(key) => {
                let mut k = self.expr(key)?;
                self.exp_to_val(&mut k)?;
                k
            }
            None => ExpDesc::new(ExpKind::KStr(self.strings.intern(name.as_bytes())?)),
        };
        cc.nh += 1;
        let mut tab = ExpDesc::new(ExpKind::NonReloc(cc.table));
        // PUC indexes (putting a non-constant key in a register) after reading the `=`.
        self.set_line(equals_line);
        self.indexed(&mut tab, &mut key)?;
        let mut val = self.expr(value)?;
        self.store_var(&tab, &mut val)?;
        self.fs.freereg = reg;
        Ok(())
    }

    /// Puts the pending list item in a register, flushing a full batch (`closelistfield`).
    fn close_list_field(&mut self, cc: &mut ConsControl) -> CResult<()> {
        if cc.v.kind == ExpKind::Void {
            return Ok(());
        }
        self.exp_to_next_reg(&mut cc.v)?;
        cc.v = ExpDesc::void();
        if cc.to_store == FIELDS_PER_FLUSH {
            self.code_setlist(cc.table, cc.na, cc.to_store as i32);
            cc.na += cc.to_store;
            cc.to_store = 0;
        }
        Ok(())
    }

    /// Stores the remaining list items; a final call or `...` stores all its values
    /// (`lastlistfield`).
    fn last_list_field(&mut self, cc: &mut ConsControl) -> CResult<()> {
        if cc.to_store == 0 {
            return Ok(());
        }
        if cc.v.has_multret() {
            self.set_multret(&cc.v)?;
            self.code_setlist(cc.table, cc.na, -1);
            cc.na = cc.na.wrapping_sub(1);
        } else {
            if cc.v.kind != ExpKind::Void {
                self.exp_to_next_reg(&mut cc.v)?;
            }
            self.code_setlist(cc.table, cc.na, cc.to_store as i32);
        }
        cc.na = cc.na.wrapping_add(cc.to_store);
        Ok(())
    }
}
