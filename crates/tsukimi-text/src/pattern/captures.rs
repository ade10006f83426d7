//! The result of one successful match and the captures the VM turns into Lua values.
//!
//! lstrlib pushes captures straight onto the Lua stack; here they are returned as plain data:
//! [`Capture::Span`] for a substring (0-based, end-exclusive byte offsets into the subject) and
//! [`Capture::Position`] for a position capture `()` (already the 1-based Lua integer). The VM
//! makes a string or an integer from each.
//!
//! A capture can still be *unfinished* when the match succeeds (`("abc"):match("(a")`); lstrlib
//! only complains when such a capture is actually pushed, so [`Match`] keeps the raw slots and
//! each accessor raises `unfinished capture` or `invalid capture index %N` exactly when lstrlib
//! would.

use super::error::PatternError;
use super::matcher::{CaptureSlot, SlotState};
use crate::TextError;

/// One capture value, as the VM should push it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Capture {
    /// The subject bytes `start..end` (0-based, end exclusive): push `subject[start..end]`.
    Span {
        /// First byte of the capture.
        start: usize,
        /// One past the last byte.
        end: usize,
    },
    /// A position capture `()`: push this integer (1-based, as Lua sees it).
    Position(i64),
}

impl Capture {
    /// The captured bytes for a span, `None` for a position capture.
    pub fn bytes<'a>(&self, subject: &'a [u8]) -> Option<&'a [u8]> {
        match *self {
            Capture::Span { start, end } => subject.get(start..end),
            Capture::Position(_) => None,
        }
    }
}

/// A successful match: the matched range and the capture slots.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Match {
    /// First byte of the match (0-based). `string.find` returns `start + 1`.
    pub start: usize,
    /// One past the last byte of the match. `string.find` returns `end`.
    pub end: usize,
    slots: Vec<CaptureSlot>,
}

impl Match {
    pub(crate) fn new(start: usize, end: usize, slots: &[CaptureSlot]) -> Self {
        Match {
            start,
            end,
            slots: slots.to_vec(),
        }
    }

    /// The number of captures the pattern opened on the successful path (lstrlib `level`).
    pub fn capture_count(&self) -> usize {
        self.slots.len()
    }

    /// The whole match as bytes of `subject`.
    pub fn whole<'a>(&self, subject: &'a [u8]) -> &'a [u8] {
        subject.get(self.start..self.end).unwrap_or_default()
    }

    /// Capture `index` (0-based), lstrlib `get_onecapture`: with no captures at all, index 0
    /// is the whole match (this is what a table replacement in `gsub` uses as key).
    pub fn capture(&self, index: usize) -> Result<Capture, TextError> {
        match self.slots.get(index) {
            None if index == 0 => Ok(Capture::Span {
                start: self.start,
                end: self.end,
            }),
            None => Err(PatternError::InvalidCaptureIndex(index as i32 + 1).into()),
            Some(slot) => match slot.state {
                SlotState::Unfinished => Err(TextError::message("unfinished capture")),
                SlotState::Position => Ok(Capture::Position(slot.start as i64 + 1)),
                SlotState::Closed(len) => Ok(Capture::Span {
                    start: slot.start,
                    end: slot.start + len,
                }),
            },
        }
    }

    /// The values `string.match`, `gmatch` and a `gsub` function replacement receive: the
    /// captures, or the whole match when the pattern has none.
    pub fn values(&self) -> Result<Vec<Capture>, TextError> {
        let count = self.slots.len().max(1);
        (0..count).map(|i| self.capture(i)).collect()
    }

    /// The extra values `string.find` returns after the two positions: only explicit captures.
    pub fn explicit_captures(&self) -> Result<Vec<Capture>, TextError> {
        (0..self.slots.len()).map(|i| self.capture(i)).collect()
    }
}
