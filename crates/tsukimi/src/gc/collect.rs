//! The mark and sweep phases over the VM's roots (see `gc/mod.rs` for the root list and the
//! safe-point rule). Marking uses an explicit gray stack, so deep structures never recurse on
//! the native stack.

use super::GcObject;
use crate::object::function::UpState;
use crate::value::Value;
use crate::vm::Vm;

struct Marker {
    gray: Vec<GcObject>,
}

impl Marker {
    #[inline]
    fn value(&mut self, v: Value) {
        match v {
            Value::String(s) => s.set_marked(true),
            Value::Table(t) => self.object(GcObject::Table(t)),
            Value::LuaFunction(c) => self.object(GcObject::Closure(c)),
            Value::NativeFunction(f) => self.object(GcObject::Native(f)),
            Value::Userdata(u) => self.object(GcObject::Userdata(u)),
            Value::Nil | Value::Boolean(_) | Value::Integer(_) | Value::Float(_) => {}
        }
    }

    fn object(&mut self, obj: GcObject) {
        let already = match obj {
            GcObject::String(x) => x.header_marked(),
            GcObject::Table(x) => x.header_marked(),
            GcObject::Closure(x) => x.header_marked(),
            GcObject::Native(x) => x.header_marked(),
            GcObject::UpVal(x) => x.header_marked(),
            GcObject::Proto(x) => x.header_marked(),
            GcObject::Userdata(x) => x.header_marked(),
        };
        if !already {
            obj.set_marked(true);
            self.gray.push(obj);
        }
    }

    fn propagate(&mut self) {
        while let Some(obj) = self.gray.pop() {
            match obj {
                GcObject::String(_) => {}
                GcObject::Table(t) => t.for_each_reference(|v| self.value(v)),
                GcObject::Closure(c) => {
                    self.object(GcObject::Proto(c.proto));
                    for u in c.upvalues.iter() {
                        self.object(GcObject::UpVal(*u));
                    }
                }
                GcObject::Native(f) => {
                    for i in 0..f.upvalue_count() {
                        self.value(f.upvalue(i));
                    }
                }
                GcObject::UpVal(u) => {
                    if let UpState::Closed(v) = u.state() {
                        self.value(v);
                    }
                }
                GcObject::Proto(p) => {
                    for k in &p.constants {
                        self.value(*k);
                    }
                    for child in &p.protos {
                        self.object(GcObject::Proto(*child));
                    }
                }
                GcObject::Userdata(u) => {
                    if let Some(mt) = u.metatable() {
                        self.object(GcObject::Table(mt));
                    }
                }
            }
        }
    }
}

impl Vm {
    /// A full collection. Call only at a safe point (see `gc/mod.rs`).
    pub(crate) fn full_gc(&mut self) {
        let mut m = Marker { gray: Vec::new() };
        // Thread: stack up to the highest live top, open upvalues.
        let mut top = self.th.top;
        if let Some(ci) = self.th.frames.last() {
            top = top.max(ci.top);
        }
        let top = top.min(self.th.stack.len());
        for v in &self.th.stack[..top] {
            m.value(*v);
        }
        for v in &mut self.th.stack[top..] {
            *v = Value::Nil;
        }
        for u in &self.th.open_upvalues {
            m.object(GcObject::UpVal(*u));
        }
        for ci in &self.th.frames {
            if let Some(c) = ci.closure {
                m.object(GcObject::Closure(c));
            }
        }
        // Global state.
        m.value(Value::Table(self.globals));
        m.value(Value::Table(self.registry));
        m.value(Value::Table(self.loaded));
        for mt in self.type_metatables.iter().flatten() {
            m.value(Value::Table(*mt));
        }
        for s in &self.tm_names {
            m.value(Value::String(*s));
        }
        m.value(Value::String(self.memory_error_message));
        // Embedder handles: keep cells still referenced from outside, drop the others.
        self.api_roots
            .retain(|cell| std::sync::Arc::strong_count(cell) > 1);
        for cell in &self.api_roots {
            m.value(cell.value());
        }
        m.propagate();
        self.heap.sweep();
    }

    /// Runs a collection if the pacing (or stress mode) asks for one. A safe point.
    #[inline(always)]
    pub(crate) fn check_gc(&mut self) {
        if self.heap.should_collect() {
            self.full_gc();
        }
    }
}
