//! The mark and sweep phases over the VM's roots (see `gc/mod.rs` for the root list and the
//! safe-point rule), with weak tables, ephemerons and finalizers as in `lgc.c`'s `atomic`:
//!
//! 1. mark the roots and propagate (an explicit gray stack: deep structures never recurse on
//!    the native stack). A discovered object first waits in a small prefetch FIFO
//!    (`prefetch.rs`) and has its mark tested when it leaves it; propagation ends only when
//!    both the gray stack and the FIFO are empty, so marks are final whenever they are read
//!    for weak tables, ephemerons or finalizers. The gray stack grows fallibly: when memory
//!    runs out during a collection, an object it cannot take stays marked but unqueued, and
//!    `rescan` traverses every marked object again until nothing is left over. Tables whose
//!    metatable has `__mode` are traversed weakly: with weak values only their keys are
//!    marked; with weak keys (ephemerons) a value is marked only once its key is; with both,
//!    nothing. Strings count as values and are always marked;
//! 2. converge ephemerons (re-traverse them until no new object gets marked);
//! 3. clear dead values from weak-value tables;
//! 4. move unreached objects that have a finalizer (`__gc`) to the to-be-finalized list, in
//!    reverse order of registration, and mark them again (resurrection), converging again;
//! 5. clear dead keys (and values of newly reached tables), sweep;
//! 6. after the collection, the caller runs the pending finalizers (`run_finalizers`).

use super::prefetch::PrefetchRing;
use super::GcObject;
use crate::object::function::UpState;
use crate::object::string::LuaString;
use crate::object::table::Table;
use crate::value::{Gc, Value};
use crate::vm::coroutine::TraceItem;
use crate::vm::{status, Tm, Vm};

/// How a table holds its entries.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Weakness {
    Strong,
    WeakValues,
    WeakKeys,
    WeakBoth,
}

struct Marker {
    gray: Vec<GcObject>,
    /// Set when a marked object could not be queued because the gray stack could not grow
    /// (memory ran out): `rescan` then traverses every marked object again.
    overflowed: bool,
    /// Discovered objects whose mark is not tested yet (`prefetch.rs`).
    ring: PrefetchRing,
    /// Objects marked so far (convergence tests compare it).
    marked: usize,
    mode_key: Gc<LuaString>,
    weak_values: Vec<Gc<Table>>,
    ephemerons: Vec<Gc<Table>>,
    weak_both: Vec<Gc<Table>>,
}

/// The gray stack's length limit: none, except in tests that make it overflow.
#[cfg(not(test))]
fn gray_limit() -> usize {
    usize::MAX
}

#[cfg(test)]
fn gray_limit() -> usize {
    tests::GRAY_LIMIT.with(std::cell::Cell::get)
}

/// Whether `v` is a collectable object that is not marked (strings excluded: they are values
/// for weak tables and are marked on sight).
fn is_dead(v: Value) -> bool {
    match v {
        Value::Table(t) => !t.header_marked(),
        Value::LuaFunction(f) => !f.header_marked(),
        Value::NativeFunction(f) => !f.header_marked(),
        Value::Userdata(u) => !u.header_marked(),
        Value::Thread(t) => !t.header_marked(),
        _ => false,
    }
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
            Value::Thread(t) => self.object(GcObject::Thread(t)),
            Value::Nil | Value::Boolean(_) | Value::Integer(_) | Value::Float(_) => {}
        }
    }

    /// Discovers `obj`: it is prefetched and queued in the ring; the object the ring gives
    /// back (discovered earlier, by now likely in cache) is tested and marked.
    #[inline]
    fn object(&mut self, obj: GcObject) {
        if let Some(ready) = self.ring.push(obj) {
            self.visit(ready);
        }
    }

    /// Marks `obj` and queues it for traversal, unless it is marked already.
    #[inline]
    fn visit(&mut self, obj: GcObject) {
        if !obj.is_marked() {
            obj.set_marked(true);
            self.marked += 1;
            if self.gray.len() == self.gray.capacity() {
                self.queue_growing(obj);
            } else {
                self.gray.push(obj);
            }
        }
    }

    /// Queues `obj` on a full gray stack, which has to grow first. If it cannot, the object
    /// stays marked and unqueued, and the overflow is recorded for `rescan`.
    #[cold]
    #[inline(never)]
    fn queue_growing(&mut self, obj: GcObject) {
        if self.gray.len() < gray_limit() && self.gray.try_reserve(1).is_ok() {
            self.gray.push(obj);
        } else {
            self.overflowed = true;
        }
    }

    fn weakness(&self, t: Gc<Table>) -> Weakness {
        let Some(mt) = t.metatable() else {
            return Weakness::Strong;
        };
        let Value::String(mode) = mt.get_str(self.mode_key) else {
            return Weakness::Strong;
        };
        let m = mode.as_bytes();
        match (m.contains(&b'k'), m.contains(&b'v')) {
            (true, true) => Weakness::WeakBoth,
            (true, false) => Weakness::WeakKeys,
            (false, true) => Weakness::WeakValues,
            (false, false) => Weakness::Strong,
        }
    }

    fn traverse_table(&mut self, t: Gc<Table>) {
        match self.weakness(t) {
            Weakness::Strong => t.for_each_reference(|v| self.value(v)),
            Weakness::WeakValues => {
                if let Some(mt) = t.metatable() {
                    self.value(Value::Table(mt));
                }
                t.for_each_entry(|k, v| {
                    self.value(k);
                    if let Value::String(s) = v {
                        s.set_marked(true);
                    }
                });
                t.for_each_dead_key(|k| self.value(k));
                self.weak_values.push(t);
            }
            Weakness::WeakKeys => {
                if let Some(mt) = t.metatable() {
                    self.value(Value::Table(mt));
                }
                self.traverse_ephemeron(t);
                self.ephemerons.push(t);
            }
            Weakness::WeakBoth => {
                if let Some(mt) = t.metatable() {
                    self.value(Value::Table(mt));
                }
                t.for_each_entry(|k, v| {
                    for x in [k, v] {
                        if let Value::String(s) = x {
                            s.set_marked(true);
                        }
                    }
                });
                self.weak_both.push(t);
            }
        }
    }

    /// Marks the values of an ephemeron table whose keys are marked; returns whether anything
    /// new was marked.
    fn traverse_ephemeron(&mut self, t: Gc<Table>) -> bool {
        let mut marked_any = false;
        t.for_each_entry(|k, v| {
            if let Value::String(s) = k {
                s.set_marked(true);
            }
            if !is_dead(k) {
                marked_any |= is_dead(v);
                self.value(v);
            }
        });
        marked_any
    }

    /// Traverses gray objects until none is left, no discovery is pending in the ring and
    /// no marked object is left untraversed. `objects` is the heap's all-objects list.
    fn propagate(&mut self, objects: &[GcObject]) {
        loop {
            self.propagate_gray();
            match self.ring.pop() {
                Some(obj) => self.visit(obj),
                None if self.overflowed => self.rescan(objects),
                None => break,
            }
        }
    }

    /// After an overflow of the gray stack: traverses every marked object again, so the
    /// ones that were marked but not queued have their references marked. Traversing an
    /// object twice marks nothing new through it; a weak table is listed twice for clearing,
    /// which clears it twice. Each pass marks everything the objects marked before it reach,
    /// so the passes end (only memory exhaustion during a collection gets here).
    #[cold]
    #[inline(never)]
    fn rescan(&mut self, objects: &[GcObject]) {
        #[cfg(test)]
        tests::RESCANS.with(|n| n.set(n.get() + 1));
        self.overflowed = false;
        for &obj in objects {
            if obj.is_marked() {
                self.traverse(obj);
                self.propagate_gray();
            }
        }
    }

    fn propagate_gray(&mut self) {
        while let Some(obj) = self.gray.pop() {
            self.traverse(obj);
        }
    }

    /// Marks (or queues) everything `obj` references.
    fn traverse(&mut self, obj: GcObject) {
        match obj {
            GcObject::String(_) => {}
            GcObject::Table(t) => self.traverse_table(t),
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
            GcObject::Thread(t) => t.trace(|item| self.trace_item(item)),
        }
    }

    fn trace_item(&mut self, item: TraceItem) {
        match item {
            TraceItem::Value(v) => self.value(v),
            TraceItem::UpVal(u) => self.object(GcObject::UpVal(u)),
            TraceItem::Closure(c) => self.object(GcObject::Closure(c)),
        }
    }

    /// Propagates, then re-traverses ephemerons until nothing new gets marked.
    fn converge(&mut self, objects: &[GcObject]) {
        loop {
            self.propagate(objects);
            let tables = self.ephemerons.clone();
            let before = self.marked;
            for t in tables {
                self.traverse_ephemeron(t);
            }
            // Decide every pending discovery before asking whether anything new was marked.
            while let Some(obj) = self.ring.pop() {
                self.visit(obj);
            }
            if self.marked == before && self.gray.is_empty() && !self.overflowed {
                break;
            }
        }
    }

    fn clear_values(&self) {
        for t in self.weak_values.iter().chain(&self.weak_both) {
            t.clear_weak(false, true, is_dead);
        }
    }

    fn clear_keys(&self) {
        for t in self.ephemerons.iter().chain(&self.weak_both) {
            t.clear_weak(true, false, is_dead);
        }
    }
}

impl Vm {
    /// A full collection. Call only at a safe point (see `gc/mod.rs`). Pending finalizers run
    /// afterwards (unless finalizers are already running).
    pub(crate) fn full_gc(&mut self) {
        self.collect();
        self.kill_pending_threads();
        self.run_finalizers();
    }

    fn collect(&mut self) {
        let mut m = Marker {
            gray: Vec::new(),
            overflowed: false,
            ring: PrefetchRing::default(),
            marked: 0,
            mode_key: self.tm_names[Tm::Mode as usize],
            weak_values: Vec::new(),
            ephemerons: Vec::new(),
            weak_both: Vec::new(),
        };
        // The running thread: stack up to the highest live top, open upvalues, frames.
        // A Lua frame's whole register window is live; a native frame's values end at the
        // stack top (the slots it may still push into are garbage, as in `traversethread`).
        // Other threads are objects, traced the same way (`LuaThread::trace`).
        self.th.trace(&mut |item| m.trace_item(item));
        self.coroutine_roots(|v| m.value(v));
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
        for f in [self.iterators.next, self.iterators.ipairs_aux]
            .into_iter()
            .flatten()
        {
            m.value(Value::NativeFunction(f));
        }
        for v in &self.heap.to_be_finalized {
            m.value(*v);
        }
        // Embedder handles: keep cells still referenced from outside, drop the others.
        self.api_roots
            .retain(|cell| std::sync::Arc::strong_count(cell) > 1);
        for cell in &self.api_roots {
            m.value(cell.value());
        }
        m.converge(&self.heap.objects);
        m.clear_values();
        // Separate unreached objects with finalizers (newest first) and resurrect them.
        let mut i = self.heap.finalizable.len();
        let mut newly = Vec::new();
        while i > 0 {
            i -= 1;
            let v = self.heap.finalizable[i];
            if is_dead(v) {
                self.heap.finalizable.remove(i);
                self.heap.finalizable_set.remove(&v.object_addr());
                newly.push(v);
            }
        }
        for v in &newly {
            m.value(*v);
        }
        self.heap.to_be_finalized.extend(newly);
        m.converge(&self.heap.objects);
        m.clear_keys();
        m.clear_values();
        // Unreached coroutines suspended on a native stack are kept for one more cycle and
        // killed after this collection (`vm/coroutine.rs`): their stacks must stay valid.
        // They are otherwise dead: weak tables have already dropped them (and what only they
        // reach), finalizers of what only they reach are already queued; the second clearing
        // handles weak tables first reached through them.
        let dying: Vec<_> = self
            .heap
            .objects
            .iter()
            .filter_map(|o| match o {
                GcObject::Thread(t) if !t.header_marked() && t.needs_kill() => Some(*t),
                _ => None,
            })
            .collect();
        if !dying.is_empty() {
            for t in &dying {
                m.value(Value::Thread(*t));
            }
            self.coroutines.pending_kill.extend(dying);
            m.converge(&self.heap.objects);
            m.clear_keys();
            m.clear_values();
        }
        self.heap.sweep();
    }

    /// Calls pending `__gc` metamethods, in order, each protected: errors become warnings.
    pub(crate) fn run_finalizers(&mut self) {
        if self.heap.running_finalizers {
            return;
        }
        self.heap.running_finalizers = true;
        while !self.heap.to_be_finalized.is_empty() {
            // The object stays rooted in the queue until its finalizer starts (it is then an
            // argument on the stack).
            let Some(obj) = self.heap.to_be_finalized.front().copied() else {
                break;
            };
            self.call_finalizer(obj);
            self.heap.to_be_finalized.pop_front();
        }
        self.heap.running_finalizers = false;
    }

    fn call_finalizer(&mut self, obj: Value) {
        let tm = self.metamethod(obj, Tm::Gc);
        // Any non-nil `__gc` is called, as lua5.4's GCTM does: a callable table runs through
        // its `__call`, anything else fails into the "error in __gc" warning.
        if tm.is_nil() {
            return;
        }
        let saved_top = self.th.top;
        let func = self.call_base();
        if self
            .ensure_stack(func + crate::vm::FRAME_SLACK + 3)
            .is_err()
        {
            return;
        }
        self.th.stack[func] = tm;
        self.th.stack[func + 1] = obj;
        self.th.top = func + 2;
        let saved_stress = self.heap.stress;
        // A finalizer may not yield the thread it interrupted (`vm/coroutine.rs`).
        let thread = self.enter_finalizer();
        // The running frame is marked while it calls the finalizer (lua5.4's CIST_FIN), so
        // the finalizer is named "metamethod '__gc'" in tracebacks and call errors.
        // A finalizer's own frames are above it, so the mark is never set twice.
        let caller = self.th.frames.len().checked_sub(1);
        if let Some(c) = caller {
            self.th.frames[c].status |= status::FIN;
        }
        let result = self.protected_call(func, 0, None);
        if let Some(frame) = caller.and_then(|c| self.th.frames.get_mut(c)) {
            frame.status &= !status::FIN;
        }
        self.leave_finalizer(thread);
        self.heap.stress = saved_stress;
        if let Err(e) = result {
            let msg: Vec<u8> = match e.value {
                Value::String(s) => s.as_bytes().to_vec(),
                _ => b"error object is not a string".to_vec(),
            };
            let mut text = b"error in __gc (".to_vec();
            text.extend_from_slice(&msg);
            text.push(b')');
            self.warning(&text, false);
        }
        self.th.top = saved_top;
    }

    /// Registers `obj` for finalization if its new metatable has `__gc`
    /// (`luaC_checkfinalizer`): called by `setmetatable`.
    pub fn check_finalizer(&mut self, obj: Value, mt: Option<Gc<Table>>) {
        let Some(mt) = mt else { return };
        if self.heap.closing || self.fast_tm(mt, Tm::Gc).is_nil() {
            return;
        }
        if self.heap.finalizable_set.insert(obj.object_addr()) {
            self.heap.finalizable.push(obj);
        }
    }

    /// Runs the finalizers of every object still registered (state close), newest first.
    pub(crate) fn finalize_all(&mut self) {
        self.th.frames.clear();
        self.th.tbc.clear();
        self.th.native_calls = 0;
        self.th.top = 0;
        self.run_finalizers();
        self.heap.closing = true;
        let mut all = std::mem::take(&mut self.heap.finalizable);
        self.heap.finalizable_set.clear();
        all.reverse();
        self.heap.to_be_finalized.extend(all);
        self.run_finalizers();
    }

    /// Runs a collection if the pacing (or stress mode) asks for one. A safe point.
    #[inline(always)]
    pub(crate) fn check_gc(&mut self) {
        if self.heap.should_collect() {
            self.full_gc();
        }
    }
}

#[cfg(test)]
mod tests {
    use std::cell::Cell;

    use crate::{Lua, LuaValue};

    thread_local! {
        /// The gray stack's length limit in this thread's collections.
        pub(super) static GRAY_LIMIT: Cell<usize> = const { Cell::new(usize::MAX) };
        /// Rescans this thread's collections made.
        pub(super) static RESCANS: Cell<usize> = const { Cell::new(0) };
    }

    /// With a gray stack that cannot grow past a few entries (as when memory runs out during
    /// a collection), marking still reaches everything: tables, strings, closures and their
    /// upvalues, ephemeron values reached through their keys. Weak values with no other
    /// reference are still cleared.
    #[test]
    fn marking_survives_a_gray_stack_that_cannot_grow() {
        let mut lua = Lua::new();
        let script = br#"
            local root = {}
            for i = 1, 2000 do root[i] = {i, {tostring(i)}, function() return i end} end
            local keys = setmetatable({}, {__mode = "k"})
            for i = 1, 100 do keys[root[i]] = {i} end
            local values = setmetatable({}, {__mode = "v"})
            for i = 1, 100 do values[i] = {} end
            for i = 1, 1000 do local garbage = {i} end
            collectgarbage()
            local sum = 0
            for i = 1, 2000 do
                sum = sum + root[i][1] + tonumber(root[i][2][1]) + root[i][3]()
            end
            local kept = 0
            for _, v in pairs(keys) do kept = kept + v[1] end
            local left = 0
            for _ in pairs(values) do left = left + 1 end
            return sum, kept, left
        "#;
        let f = lua.load(script, "=gray").unwrap();
        GRAY_LIMIT.with(|l| l.set(4));
        let results = lua.call(&f, &[]);
        GRAY_LIMIT.with(|l| l.set(usize::MAX));
        assert_eq!(
            results.unwrap(),
            [
                LuaValue::Integer(3 * 2000 * 2001 / 2),
                LuaValue::Integer(5050),
                LuaValue::Integer(0)
            ]
        );
        assert!(RESCANS.with(Cell::get) > 0, "the gray stack overflowed");
    }
}
