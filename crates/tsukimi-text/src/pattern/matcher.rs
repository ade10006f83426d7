//! The backtracking matcher: a faithful port of lstrlib's `match` and its helpers.
//!
//! # Algorithm
//! `MatchState::match_here(s, p)` tries to match the pattern from index `p` against the subject
//! from index `s` and returns where the match ends. Like lstrlib it loops (the C code's
//! `goto init`) for items that need no backtracking — a plain single item, `%b`, `%f`, a
//! back-reference, a failed optional item — and recurses only where lstrlib recurses:
//! captures `(`/`)`, the `?` suffix, and each attempt of the rest of the pattern inside the
//! `*`/`+`/`-` expansion loops. Repetition of a single-character item is a loop over the
//! subject (`max_expand` counts how many bytes match, then backs off one at a time;
//! `min_expand` grows one at a time), so the native recursion depth depends only on the
//! pattern's structure, never on the subject's length: `string.rep("a", 1e6):match("^.-b")`
//! uses three frames.
//!
//! # Limits and invariants
//! - Nesting depth of `match_here` is limited to [`MAX_MATCH_DEPTH`] (lstrlib's `MAXCCALLS`,
//!   200); going deeper is the error `pattern too complex`, exactly when lua5.4 raises it.
//! - At most [`MAX_CAPTURES`] (32) captures: `too many captures`.
//! - `level` is the number of captures opened so far (finished or not); slots `0..level` are
//!   meaningful. A failed branch restores `level` and re-opens captures it closed, so on
//!   success the slots describe exactly the successful path.
//! - The interruption hook is polled every [`POLL_INTERVAL`] steps, a step being one
//!   iteration of an expansion loop or one attempt of an optional item — every source of
//!   backtracking, so even exponential patterns (`a?a?a?…`) stay interruptible; when it returns `true` matching stops with
//!   `Interrupted`.
//! - Every index stays within `0..=subject.len()` and `0..=pattern.len()`; bytes are read with
//!   checked accessors, so malformed patterns produce lstrlib's errors, never a panic.

use super::class::{byte_at, class_end, match_bracket_class, single_match_byte, ESCAPE};
use super::error::PatternError;

/// Maximum number of captures in one pattern (`LUA_MAXCAPTURES`).
pub const MAX_CAPTURES: usize = 32;

/// Maximum nesting of the recursive matcher (`MAXCCALLS` in lstrlib).
pub const MAX_MATCH_DEPTH: usize = 200;

/// How many matcher steps pass between two polls of the interruption hook.
pub const POLL_INTERVAL: u32 = 4096;

/// What a capture slot holds while matching.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum SlotState {
    /// Opened by `(` and not yet closed (lstrlib `CAP_UNFINISHED`).
    Unfinished,
    /// A position capture `()` (lstrlib `CAP_POSITION`).
    Position,
    /// Closed: the capture spans `len` bytes from its start.
    Closed(usize),
}

/// One capture slot: where it starts in the subject and what it holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct CaptureSlot {
    pub(crate) start: usize,
    pub(crate) state: SlotState,
}

const EMPTY_SLOT: CaptureSlot = CaptureSlot {
    start: 0,
    state: SlotState::Unfinished,
};

/// The state of one matching attempt (lstrlib `MatchState`).
pub(crate) struct MatchState<'s, 'h> {
    subject: &'s [u8],
    pattern: &'s [u8],
    depth_left: usize,
    pub(crate) level: usize,
    pub(crate) captures: [CaptureSlot; MAX_CAPTURES],
    interrupt: &'h mut dyn FnMut() -> bool,
    steps_until_poll: u32,
}

impl<'s, 'h> MatchState<'s, 'h> {
    /// A state for matching `pattern` (without its leading `^` anchor) against `subject`.
    pub(crate) fn new(
        subject: &'s [u8],
        pattern: &'s [u8],
        interrupt: &'h mut dyn FnMut() -> bool,
    ) -> Self {
        MatchState {
            subject,
            pattern,
            depth_left: MAX_MATCH_DEPTH,
            level: 0,
            captures: [EMPTY_SLOT; MAX_CAPTURES],
            interrupt,
            steps_until_poll: POLL_INTERVAL,
        }
    }

    /// Forget the captures of a previous attempt (lstrlib `reprepstate`).
    pub(crate) fn reset(&mut self) {
        self.level = 0;
        self.depth_left = MAX_MATCH_DEPTH;
    }

    /// Counts one step and polls the interruption hook when the interval has elapsed.
    #[inline]
    pub(crate) fn tick(&mut self) -> Result<(), PatternError> {
        self.steps_until_poll -= 1;
        if self.steps_until_poll == 0 {
            self.steps_until_poll = POLL_INTERVAL;
            if (self.interrupt)() {
                return Err(PatternError::Interrupted);
            }
        }
        Ok(())
    }

    /// Tries to match the pattern from `p` at subject index `s`; returns the end of the match.
    pub(crate) fn match_here(&mut self, s: usize, p: usize) -> Result<Option<usize>, PatternError> {
        if self.depth_left == 0 {
            return Err(PatternError::TooComplex);
        }
        self.depth_left -= 1;
        let result = self.match_loop(s, p);
        self.depth_left += 1;
        result
    }

    /// The body of lstrlib's `match`; each `continue` is one of its `goto init`.
    fn match_loop(&mut self, mut s: usize, mut p: usize) -> Result<Option<usize>, PatternError> {
        let pattern = self.pattern;
        loop {
            if p >= pattern.len() {
                return Ok(Some(s));
            }
            match pattern[p] {
                b'(' => {
                    return if byte_at(pattern, p + 1) == b')' {
                        self.start_capture(s, p + 2, SlotState::Position)
                    } else {
                        self.start_capture(s, p + 1, SlotState::Unfinished)
                    };
                }
                b')' => return self.end_capture(s, p + 1),
                b'$' if p + 1 == pattern.len() => {
                    return Ok((s == self.subject.len()).then_some(s));
                }
                ESCAPE if byte_at(pattern, p + 1) == b'b' => match self.match_balance(s, p + 2)? {
                    Some(next) => {
                        s = next;
                        p += 4;
                        continue;
                    }
                    None => return Ok(None),
                },
                ESCAPE if byte_at(pattern, p + 1) == b'f' => {
                    p += 2;
                    if byte_at(pattern, p) != b'[' {
                        return Err(PatternError::MissingFrontierBracket);
                    }
                    let item_end = class_end(pattern, p)?;
                    let previous = if s == 0 {
                        0
                    } else {
                        byte_at(self.subject, s - 1)
                    };
                    let current = byte_at(self.subject, s);
                    if !match_bracket_class(previous, pattern, p, item_end - 1)
                        && match_bracket_class(current, pattern, p, item_end - 1)
                    {
                        p = item_end;
                        continue;
                    }
                    return Ok(None);
                }
                ESCAPE if byte_at(pattern, p + 1).is_ascii_digit() => {
                    match self.match_back_reference(s, byte_at(pattern, p + 1))? {
                        Some(next) => {
                            s = next;
                            p += 2;
                            continue;
                        }
                        None => return Ok(None),
                    }
                }
                _ => {}
            }
            // A single-character item with an optional suffix.
            let item_end = class_end(pattern, p)?;
            let suffix = byte_at(pattern, item_end);
            if !self.single_match(s, p, item_end) {
                if matches!(suffix, b'*' | b'?' | b'-') {
                    p = item_end + 1; // accept the empty repetition
                    continue;
                }
                return Ok(None);
            }
            match suffix {
                b'?' => {
                    self.tick()?; // nested optional items can backtrack exponentially
                    if let Some(end) = self.match_here(s + 1, item_end + 1)? {
                        return Ok(Some(end));
                    }
                    p = item_end + 1;
                }
                b'+' => return self.max_expand(s + 1, p, item_end),
                b'*' => return self.max_expand(s, p, item_end),
                b'-' => return self.min_expand(s, p, item_end),
                _ => {
                    s += 1;
                    p = item_end;
                }
            }
        }
    }

    /// Whether the subject byte at `s` exists and matches the item `p..item_end`.
    #[inline]
    fn single_match(&self, s: usize, p: usize, item_end: usize) -> bool {
        match self.subject.get(s) {
            Some(&c) => single_match_byte(c, self.pattern, p, item_end),
            None => false,
        }
    }

    /// Greedy repetition: count the matching bytes, then back off until the rest matches.
    fn max_expand(
        &mut self,
        s: usize,
        p: usize,
        item_end: usize,
    ) -> Result<Option<usize>, PatternError> {
        let mut count = 0usize;
        while self.single_match(s + count, p, item_end) {
            count += 1;
            self.tick()?;
        }
        loop {
            self.tick()?;
            if let Some(end) = self.match_here(s + count, item_end + 1)? {
                return Ok(Some(end));
            }
            if count == 0 {
                return Ok(None);
            }
            count -= 1;
        }
    }

    /// Lazy repetition: try the rest first, then one more byte of the item.
    fn min_expand(
        &mut self,
        mut s: usize,
        p: usize,
        item_end: usize,
    ) -> Result<Option<usize>, PatternError> {
        loop {
            self.tick()?;
            if let Some(end) = self.match_here(s, item_end + 1)? {
                return Ok(Some(end));
            }
            if self.single_match(s, p, item_end) {
                s += 1;
            } else {
                return Ok(None);
            }
        }
    }

    fn start_capture(
        &mut self,
        s: usize,
        p: usize,
        state: SlotState,
    ) -> Result<Option<usize>, PatternError> {
        let level = self.level;
        if level >= MAX_CAPTURES {
            return Err(PatternError::TooManyCaptures);
        }
        self.captures[level] = CaptureSlot { start: s, state };
        self.level = level + 1;
        let result = self.match_here(s, p)?;
        if result.is_none() {
            self.level -= 1; // undo the capture
        }
        Ok(result)
    }

    fn end_capture(&mut self, s: usize, p: usize) -> Result<Option<usize>, PatternError> {
        let index = self.capture_to_close()?;
        let start = self.captures[index].start;
        self.captures[index].state = SlotState::Closed(s - start);
        let result = self.match_here(s, p)?;
        if result.is_none() {
            self.captures[index].state = SlotState::Unfinished; // undo the close
        }
        Ok(result)
    }

    /// The innermost capture still open, for a `)`.
    fn capture_to_close(&self) -> Result<usize, PatternError> {
        (0..self.level)
            .rev()
            .find(|&i| self.captures[i].state == SlotState::Unfinished)
            .ok_or(PatternError::InvalidPatternCapture)
    }

    /// `%b` followed by the two delimiter bytes at `p` and `p + 1`.
    fn match_balance(&self, s: usize, p: usize) -> Result<Option<usize>, PatternError> {
        if p + 1 >= self.pattern.len() {
            return Err(PatternError::MissingBalanceArguments);
        }
        let open = self.pattern[p];
        let close = self.pattern[p + 1];
        if self.subject.get(s) != Some(&open) {
            return Ok(None);
        }
        let mut depth = 1usize;
        for (offset, &c) in self.subject[s + 1..].iter().enumerate() {
            if c == close {
                depth -= 1;
                if depth == 0 {
                    return Ok(Some(s + 1 + offset + 1));
                }
            } else if c == open {
                depth += 1;
            }
        }
        Ok(None) // the subject ends out of balance
    }

    /// `%1`..`%9` (and the always invalid `%0`) inside a pattern.
    fn match_back_reference(&self, s: usize, digit: u8) -> Result<Option<usize>, PatternError> {
        let index = self.check_capture_index(digit)?;
        let slot = self.captures[index];
        match slot.state {
            SlotState::Closed(len) => {
                let captured = &self.subject[slot.start..slot.start + len];
                let rest = &self.subject[s..];
                Ok(rest.starts_with(captured).then_some(s + len))
            }
            // A position capture has no text: lstrlib's length test always fails for it.
            _ => Ok(None),
        }
    }

    /// lstrlib `check_capture`: the digit must name a closed or position capture.
    fn check_capture_index(&self, digit: u8) -> Result<usize, PatternError> {
        let number = i32::from(digit) - i32::from(b'1');
        let valid = number >= 0
            && (number as usize) < self.level
            && self.captures[number as usize].state != SlotState::Unfinished;
        if valid {
            Ok(number as usize)
        } else {
            Err(PatternError::InvalidCaptureIndex(number + 1))
        }
    }
}
