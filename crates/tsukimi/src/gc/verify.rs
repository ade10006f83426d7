//! The heap verifier (checked mode): after a collection, every object reachable from the
//! roots through strong or weak references must still be in the all-objects list — i.e. the
//! sweeper freed nothing that is still referenced, weak tables were cleared of everything
//! they lost, and no stack slot keeps a dangling reference. It allocates its own bookkeeping
//! and never changes the heap. Tests run it after stress-mode programs
//! (`Lua::verify_heap`); it is far too slow for production use.

use std::collections::HashSet;

use super::GcObject;
use crate::object::function::UpState;
use crate::value::Value;
use crate::vm::Vm;

struct Walk<'a> {
    live: &'a HashSet<usize>,
    seen: HashSet<usize>,
    todo: Vec<GcObject>,
    problems: Vec<String>,
}

impl Walk<'_> {
    fn check(&mut self, addr: usize, what: &str, obj: GcObject) {
        if !self.live.contains(&addr) {
            self.problems.push(format!("dangling {what} at {addr:#x}"));
            return;
        }
        if self.seen.insert(addr) {
            self.todo.push(obj);
        }
    }

    fn value(&mut self, v: Value) {
        match v {
            Value::String(s) => {
                if !self.live.contains(&s.addr()) {
                    self.problems
                        .push(format!("dangling string at {:#x}", s.addr()));
                }
            }
            Value::Table(t) => self.check(t.addr(), "table", GcObject::Table(t)),
            Value::LuaFunction(c) => self.check(c.addr(), "closure", GcObject::Closure(c)),
            Value::NativeFunction(f) => {
                self.check(f.addr(), "native function", GcObject::Native(f))
            }
            Value::Userdata(u) => self.check(u.addr(), "userdata", GcObject::Userdata(u)),
            Value::Thread(t) => self.check(t.addr(), "thread", GcObject::Thread(t)),
            Value::Nil | Value::Boolean(_) | Value::Integer(_) | Value::Float(_) => {}
        }
    }

    fn run(&mut self) {
        while let Some(obj) = self.todo.pop() {
            match obj {
                GcObject::String(_) | GcObject::Thread(_) => {}
                GcObject::Table(t) => {
                    t.for_each_entry(|k, v| {
                        self.value(k);
                        self.value(v);
                    });
                    if let Some(mt) = t.metatable() {
                        self.value(Value::Table(mt));
                    }
                }
                GcObject::Closure(c) => {
                    self.check(c.proto.addr(), "prototype", GcObject::Proto(c.proto));
                    for u in c.upvalues.iter() {
                        self.check(u.addr(), "upvalue", GcObject::UpVal(*u));
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
                        self.check(child.addr(), "prototype", GcObject::Proto(*child));
                    }
                }
                GcObject::Userdata(u) => {
                    if let Some(mt) = u.metatable() {
                        self.value(Value::Table(mt));
                    }
                }
            }
        }
    }
}

impl Vm {
    /// Checks that everything reachable from the roots of the running thread and the global
    /// state is a live heap object. Returns the problems found (none on a healthy heap).
    pub fn verify_heap(&self) -> Result<(), String> {
        let live: HashSet<usize> = self.heap.objects.iter().map(|o| o.addr()).collect();
        let mut w = Walk {
            live: &live,
            seen: HashSet::new(),
            todo: Vec::new(),
            problems: Vec::new(),
        };
        let top = self.th.top.min(self.th.stack.len());
        for v in &self.th.stack[..top] {
            w.value(*v);
        }
        for u in &self.th.open_upvalues {
            w.check(u.addr(), "open upvalue", GcObject::UpVal(*u));
        }
        for ci in self.th.frames.iter() {
            if let Some(c) = ci.closure {
                w.check(c.addr(), "frame closure", GcObject::Closure(c));
            }
        }
        for v in [
            Value::Table(self.globals),
            Value::Table(self.registry),
            Value::Table(self.loaded),
        ] {
            w.value(v);
        }
        for mt in self.type_metatables.iter().flatten() {
            w.value(Value::Table(*mt));
        }
        for s in &self.tm_names {
            w.value(Value::String(*s));
        }
        for v in self
            .heap
            .to_be_finalized
            .iter()
            .chain(&self.heap.finalizable)
        {
            w.value(*v);
        }
        for cell in &self.api_roots {
            w.value(cell.value());
        }
        w.run();
        if w.problems.is_empty() {
            Ok(())
        } else {
            w.problems.truncate(20);
            Err(w.problems.join("\n"))
        }
    }
}
