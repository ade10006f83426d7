//! The errors the matcher can raise, as a small `Copy` value.
//!
//! Matching is a hot recursive loop whose every step returns a `Result`; keeping the error
//! type two bytes wide (instead of [`TextError`], which owns a message) keeps those results
//! in registers. The texts are lstrlib's, produced only when an error crosses the module's
//! public boundary.

use crate::TextError;

/// An error found while matching a pattern.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum PatternError {
    /// A `%` at the very end of the pattern.
    EndsWithPercent,
    /// A set `[` without its `]`.
    MissingBracket,
    /// `%b` without two delimiter bytes.
    MissingBalanceArguments,
    /// `%f` not followed by `[`.
    MissingFrontierBracket,
    /// A back-reference or replacement `%N` naming no usable capture (N as lstrlib prints it).
    InvalidCaptureIndex(i32),
    /// A `)` with no open capture.
    InvalidPatternCapture,
    /// More than 32 captures.
    TooManyCaptures,
    /// Recursion deeper than 200.
    TooComplex,
    /// The interruption hook asked to stop.
    Interrupted,
}

impl From<PatternError> for TextError {
    fn from(error: PatternError) -> TextError {
        let text = match error {
            PatternError::EndsWithPercent => "malformed pattern (ends with '%')",
            PatternError::MissingBracket => "malformed pattern (missing ']')",
            PatternError::MissingBalanceArguments => {
                "malformed pattern (missing arguments to '%b')"
            }
            PatternError::MissingFrontierBracket => "missing '[' after '%f' in pattern",
            PatternError::InvalidCaptureIndex(number) => {
                return TextError::message(format!("invalid capture index %{number}"))
            }
            PatternError::InvalidPatternCapture => "invalid pattern capture",
            PatternError::TooManyCaptures => "too many captures",
            PatternError::TooComplex => "pattern too complex",
            PatternError::Interrupted => return TextError::Interrupted,
        };
        TextError::message(text)
    }
}
