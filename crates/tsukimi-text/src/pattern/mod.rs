//! Lua 5.4 patterns: `string.find`, `match`, `gmatch` and `gsub` without the VM.
//!
//! Lua patterns are not regular expressions: there is no alternation and repetition applies
//! to single-character items only, which is what lets lstrlib match them with a small
//! backtracking matcher. This module reproduces that matcher exactly (same search order, same
//! results, same errors at the same moments), including the 5.4 additions: `%g`, `%f[set]`,
//! position captures `()`, back-references `%1`–`%9`, and `gmatch`/`gsub`'s rule of not
//! accepting an empty match right where the previous match ended.
//!
//! - `class.rs` (private): single-character items, C-locale classes, sets.
//! - `matcher.rs` (private): the backtracking matcher, its depth and capture limits.
//! - `captures.rs`: what a successful match returns ([`Match`], [`Capture`]).
//! - `search.rs`: the four library functions as building blocks, plain search, `init`
//!   handling, and `gsub` replacement through the [`Replacer`] trait.
//!
//! Positions handed out are 0-based byte offsets with exclusive ends; only
//! [`Capture::Position`] carries the 1-based integer Lua code sees.
//!
//! Every function takes an interruption hook `&mut dyn FnMut() -> bool`, polled every few
//! thousand matching steps; returning `true` aborts with [`crate::TextError::Interrupted`].
//! Pass `&mut || false` when no interruption is wanted.

mod captures;
mod class;
mod error;
mod matcher;
mod search;

pub use captures::{Capture, Match};
pub use matcher::{MAX_CAPTURES, MAX_MATCH_DEPTH, POLL_INTERVAL};
pub use search::{
    expand_template, find, find_plain, gsub, has_no_specials, match_first, start_offset,
    GmatchState, GsubResult, Replacer, TemplateReplacer,
};
