//! The call frames of one thread: a contiguous stack of [`CallInfo`]s that the interpreter
//! loop reaches through one pointer.
//!
//! The loop finds its running frame as the top one, `end - 1`, read from here when it is
//! needed (as lua5.4 reads `ci`): saving the pc is a load and a store, a call writes the
//! new frame at `end` and a return moves `end` down by one, with no length, capacity or
//! bounds test besides the push's test for room. An index into a `Vec` cost the loop the
//! vector's pointer, its length and a bounds test on every such access.
//!
//! Invariants:
//! - the frames are the slots `start..end`, initialised; `cap_end` is one past the last
//!   slot allocated. Before the first push all three are null (no memory);
//! - the slot below `start` is a *sentinel*: a native-looking frame (no closure) that is
//!   never popped. A Lua frame that returns to "its caller" reads `top - 1`, which is
//!   therefore always inside the buffer; a frame whose caller is the sentinel has no Lua
//!   caller, and the loop goes the slow way (it never happens: only FRESH frames sit at
//!   the bottom, and those return from the loop instead);
//! - the buffer moves when it grows. Nothing keeps a pointer into it across anything that
//!   can push: the interpreter loop re-reads `end` at each use, and everything else goes
//!   through indices. The stack's growth reserves frames ahead (`Vm::grow_stack`: never
//!   more frames than stack slots), so the buffer grows there, where failure is a clean
//!   "not enough memory", and a push in the loop finds room.

use std::mem::MaybeUninit;
use std::ptr::NonNull;

use super::CallInfo;
use crate::gc::MemoryError;

/// Frame slots of the first allocation (the sentinel included).
const FIRST_CAPACITY: usize = 16;

/// A thread's call frames (see the module documentation for the invariants).
pub(crate) struct FrameStack {
    /// The slots: the sentinel, then the frames. Its length is its capacity; the pointers
    /// below are derived from its buffer and rebased whenever it moves.
    buffer: Vec<MaybeUninit<CallInfo>>,
    /// The bottom frame's slot (one above the sentinel).
    start: *mut CallInfo,
    /// One past the top frame.
    end: *mut CallInfo,
    /// One past the last slot.
    cap_end: *mut CallInfo,
}

// SAFETY: the pointers point into `buffer`, which the stack owns exclusively; it moves to
// another thread with the state that owns it.
unsafe impl Send for FrameStack {}

impl Default for FrameStack {
    fn default() -> Self {
        FrameStack::new()
    }
}

/// The bottom slot's frame: no closure, so no Lua caller to resume.
const SENTINEL: CallInfo = CallInfo {
    func: 0,
    base: 0,
    top: 0,
    pc: 0,
    nresults: 0,
    closure: None,
    extra_args: 0,
    status: 0,
    code: std::ptr::null(),
};

impl FrameStack {
    /// An empty stack; no memory until the first push.
    pub(crate) const fn new() -> FrameStack {
        FrameStack {
            buffer: Vec::new(),
            start: std::ptr::null_mut(),
            end: std::ptr::null_mut(),
            cap_end: std::ptr::null_mut(),
        }
    }

    /// Number of frames.
    #[inline]
    pub(crate) fn len(&self) -> usize {
        if self.start.is_null() {
            return 0;
        }
        // SAFETY: `start` and `end` point into the same buffer, `end` not below `start`.
        unsafe { self.end.offset_from(self.start) as usize }
    }

    #[inline]
    pub(crate) fn is_empty(&self) -> bool {
        self.end == self.start
    }

    pub(crate) fn get(&self, index: usize) -> Option<&CallInfo> {
        if index >= self.len() {
            return None;
        }
        // SAFETY: the frames `start..end` are initialised.
        Some(unsafe { &*self.start.add(index) })
    }

    pub(crate) fn get_mut(&mut self, index: usize) -> Option<&mut CallInfo> {
        if index >= self.len() {
            return None;
        }
        // SAFETY: as in `get`; `&mut self` makes the reference unique.
        Some(unsafe { &mut *self.start.add(index) })
    }

    pub(crate) fn last(&self) -> Option<&CallInfo> {
        let top = self.top_slot()?;
        // SAFETY: the top frame, initialised.
        Some(unsafe { top.as_ref() })
    }

    pub(crate) fn last_mut(&mut self) -> Option<&mut CallInfo> {
        let mut top = self.top_slot()?;
        // SAFETY: the top frame, initialised; `&mut self` makes the reference unique.
        Some(unsafe { top.as_mut() })
    }

    /// The frames from the bottom up.
    pub(crate) fn iter(&self) -> impl DoubleEndedIterator<Item = &CallInfo> + ExactSizeIterator {
        (0..self.len()).map(move |i| &self[i])
    }

    /// Makes room for `frames` frames in all (the buffer moves if it grows); fails as the
    /// heap's other reservations do when memory is short.
    pub(crate) fn try_reserve_total(&mut self, frames: usize) -> Result<(), MemoryError> {
        let slots = frames + 1;
        if slots <= self.buffer.len() {
            return Ok(());
        }
        let (frames_now, more) = (self.len(), slots - self.buffer.len());
        crate::gc::try_reserve(&mut self.buffer, more)?;
        self.use_capacity(frames_now);
        Ok(())
    }

    /// Grows the buffer by half at least (a push found it full). As `Vec::push`, failing to
    /// allocate here aborts; the stack's growth reserves frames ahead (`Vm::grow_stack`), so
    /// deep recursions fail cleanly before they get here.
    #[cold]
    #[inline(never)]
    fn grow(&mut self) {
        let frames = self.len();
        let slots = (frames + frames / 2).max(FIRST_CAPACITY).max(frames + 2);
        self.buffer.reserve(slots - self.buffer.len());
        self.use_capacity(frames);
    }

    /// After a reservation: extends the buffer to its capacity, writes the sentinel into a
    /// new buffer and rebases the pointers on the `frames` frames it holds (the buffer may
    /// have moved: the old pointers are not used).
    fn use_capacity(&mut self, frames: usize) {
        let fresh = self.buffer.is_empty();
        // The slots past `end` hold no frames: moving them as `MaybeUninit` is fine.
        let capacity = self.buffer.capacity();
        self.buffer.resize_with(capacity, MaybeUninit::uninit);
        let base = self.buffer.as_mut_ptr() as *mut CallInfo;
        if fresh {
            // SAFETY: slot 0 of a buffer of at least two slots (every reservation asks for
            // the sentinel and one frame at least).
            unsafe { base.write(SENTINEL) };
        }
        // SAFETY: all offsets are at most the buffer's length (`frames + 1` slots were in
        // use, and the buffer only grows).
        unsafe {
            self.start = base.add(1);
            self.end = self.start.add(frames);
            self.cap_end = base.add(capacity);
        }
    }

    /// Pushes a frame and returns its slot.
    #[inline]
    pub(crate) fn push(&mut self, frame: CallInfo) -> *mut CallInfo {
        if self.end == self.cap_end {
            self.grow();
        }
        let slot = self.end;
        // SAFETY: `end` is below `cap_end`, so a slot of the buffer.
        unsafe {
            slot.write(frame);
            self.end = slot.add(1);
        }
        slot
    }

    /// Makes room for a frame above the top frame `top` (the running frame of the
    /// interpreter loop) and returns its slot, now the top: the loop's fast path, which
    /// has the top's slot already and writes the new frame in place.
    ///
    /// # Safety
    /// `top` is the top frame's slot, and the caller initialises the returned slot before
    /// anything else reads the stack.
    #[inline(always)]
    pub(crate) unsafe fn slot_above(&mut self, top: *mut CallInfo) -> *mut CallInfo {
        debug_assert!(!self.is_empty() && top == self.end.wrapping_sub(1));
        // SAFETY: `top` is a frame, so `top + 1` is at most `cap_end`.
        let mut slot = unsafe { top.add(1) };
        if slot == self.cap_end {
            self.grow();
            slot = self.end;
        }
        // SAFETY: `slot` is below `cap_end`: a slot of the buffer.
        self.end = unsafe { slot.add(1) };
        slot
    }

    /// Pops the top frame `top` and returns the slot below it: the new top frame's, or
    /// the sentinel's when `top` was the bottom frame.
    ///
    /// # Safety
    /// `top` is the top frame's slot.
    #[inline(always)]
    pub(crate) unsafe fn pop_top(&mut self, top: *mut CallInfo) -> NonNull<CallInfo> {
        debug_assert!(!self.is_empty() && top == self.end.wrapping_sub(1));
        self.end = top;
        // SAFETY: `top` is at least `start`, so `top - 1` is at least the sentinel's slot,
        // inside the buffer (and not null).
        unsafe { NonNull::new_unchecked(top.sub(1)) }
    }

    /// The top frame's slot, `None` when the stack is empty.
    #[inline]
    pub(crate) fn top_slot(&self) -> Option<NonNull<CallInfo>> {
        if self.is_empty() {
            return None;
        }
        NonNull::new(self.end.wrapping_sub(1))
    }

    /// The top frame's slot, where the stack is known not to be empty (the interpreter
    /// loop's running frame): one load, no test.
    #[inline(always)]
    pub(crate) fn running_slot(&self) -> *mut CallInfo {
        debug_assert!(!self.is_empty());
        self.end.wrapping_sub(1)
    }

    pub(crate) fn pop(&mut self) -> Option<CallInfo> {
        let frame = *self.last()?;
        self.truncate(self.len() - 1);
        Some(frame)
    }

    /// Keeps the bottom `len` frames.
    pub(crate) fn truncate(&mut self, len: usize) {
        if len < self.len() {
            // SAFETY: `len` is below the number of frames.
            self.end = unsafe { self.start.add(len) };
        }
    }

    pub(crate) fn clear(&mut self) {
        self.truncate(0);
    }
}

impl std::ops::Index<usize> for FrameStack {
    type Output = CallInfo;

    fn index(&self, index: usize) -> &CallInfo {
        match self.get(index) {
            Some(frame) => frame,
            None => panic!("frame {index} out of {}", self.len()),
        }
    }
}

impl std::ops::IndexMut<usize> for FrameStack {
    fn index_mut(&mut self, index: usize) -> &mut CallInfo {
        let len = self.len();
        match self.get_mut(index) {
            Some(frame) => frame,
            None => panic!("frame {index} out of {len}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frame(func: usize) -> CallInfo {
        CallInfo {
            func,
            base: func + 1,
            top: func + 2,
            ..SENTINEL
        }
    }

    #[test]
    fn frames_push_pop_and_index() {
        let mut frames = FrameStack::new();
        assert!(frames.is_empty() && frames.last().is_none() && frames.top_slot().is_none());
        for i in 0..1000 {
            frames.push(frame(i));
            assert_eq!(frames.len(), i + 1);
            assert_eq!(frames.last().map(|f| f.func), Some(i));
        }
        for i in 0..1000 {
            assert_eq!(frames[i].func, i);
        }
        assert_eq!(frames.iter().next_back().map(|f| f.func), Some(999));
        assert_eq!(frames.iter().len(), 1000);
        frames.truncate(9);
        assert_eq!(frames.len(), 9);
        assert_eq!(frames.pop().map(|f| f.func), Some(8));
        assert_eq!(frames.len(), 8);
        assert!(frames.get(8).is_none());
        frames[3].pc = 7;
        assert_eq!(frames.get(3).map(|f| f.pc), Some(7));
        frames.clear();
        assert!(frames.is_empty() && frames.pop().is_none());
    }

    #[test]
    fn the_loop_paths_walk_down_to_the_sentinel() {
        let mut frames = FrameStack::new();
        frames.push(frame(0));
        let mut top = frames.running_slot();
        for i in 1..100 {
            // SAFETY: `top` is the top frame's slot; the new slot is written at once.
            top = unsafe {
                let slot = frames.slot_above(top);
                slot.write(frame(i));
                slot
            };
            assert_eq!(frames.len(), i + 1);
            assert_eq!(top, frames.running_slot());
        }
        for i in (0..100).rev() {
            // SAFETY: `top` is the top frame's slot.
            let below = unsafe { frames.pop_top(top) };
            assert_eq!(frames.len(), i);
            // SAFETY: the new top or the sentinel, both initialised.
            let below_frame = unsafe { below.as_ref() };
            if i > 0 {
                assert_eq!(below_frame.func, i - 1);
            } else {
                assert!(below_frame.closure.is_none() && frames.is_empty());
            }
            top = below.as_ptr();
        }
    }

    #[test]
    fn reserving_keeps_the_frames() {
        let mut frames = FrameStack::new();
        frames.push(frame(5));
        frames.try_reserve_total(100_000).unwrap();
        assert_eq!(frames.len(), 1);
        assert_eq!(frames[0].func, 5);
        for i in 1..100_000 {
            frames.push(frame(i));
        }
        assert_eq!(frames[99_999].func, 99_999);
    }
}
