//! The entry points behind `string.find`, `string.match`, `string.gmatch` and `string.gsub`.
//!
//! Each follows its lstrlib counterpart step for step:
//! - the `init` argument is translated like `posrelatI` (negative counts from the end, 0 and
//!   too-negative values clip to 1); starting past the end finds nothing;
//! - `find` does a plain substring search when asked (`plain`) or when the pattern has none of
//!   the special bytes `^$*+?.([%-` (lstrlib `nospecials`);
//! - a leading `^` anchors `find`, `match` and `gsub` (tried at one position only); `gmatch`
//!   treats `^` literally, as 5.4 does;
//! - `gmatch` and `gsub` skip an empty match that ends where the previous match ended (5.4's
//!   `lastmatch` rule), so `("abc"):gsub("%w*", "-")` gives `-` once per word and separator.
//!
//! The interruption hook is polled between start positions too, so a long unanchored search
//! over a huge subject can be stopped even when each attempt is short.

use super::captures::Match;
use super::matcher::MatchState;
use crate::{try_extend, TextError};

/// The bytes that make a pattern "special" (lstrlib `SPECIALS`).
const SPECIALS: &[u8] = b"^$*+?.([%-";

/// Whether `pattern` contains none of `^$*+?.([%-`, so `find` may search it literally.
pub fn has_no_specials(pattern: &[u8]) -> bool {
    !pattern.iter().any(|c| SPECIALS.contains(c))
}

/// lstrlib `posrelatI` minus one: a 1-based start argument (negative counts from the end;
/// 0 and too-negative values mean 1) as a 0-based offset; may exceed `len`, and then nothing
/// can be found.
pub fn start_offset(init: i64, len: usize) -> usize {
    let position = crate::position::start_position(init, len);
    usize::try_from(position - 1).unwrap_or(usize::MAX)
}

/// Plain substring search (lstrlib `lmemfind`): first offset of `needle` in `haystack`.
pub fn find_plain(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    if needle.is_empty() {
        return Some(0);
    }
    if needle.len() > haystack.len() {
        return None;
    }
    let first = needle[0];
    let last_start = haystack.len() - needle.len();
    let mut from = 0;
    while from <= last_start {
        let offset = haystack[from..=last_start]
            .iter()
            .position(|&c| c == first)?;
        let candidate = from + offset;
        if &haystack[candidate..candidate + needle.len()] == needle {
            return Some(candidate);
        }
        from = candidate + 1;
    }
    None
}

/// Splits a leading `^` off a pattern.
fn split_anchor(pattern: &[u8]) -> (bool, &[u8]) {
    match pattern.split_first() {
        Some((b'^', rest)) => (true, rest),
        _ => (false, pattern),
    }
}

/// Searches `pattern` in `subject` from offset `start` (shared by `find` and `match`).
fn search(
    subject: &[u8],
    pattern: &[u8],
    start: usize,
    interrupt: &mut dyn FnMut() -> bool,
) -> Result<Option<Match>, TextError> {
    let (anchored, pattern) = split_anchor(pattern);
    let mut state = MatchState::new(subject, pattern, interrupt);
    let mut s = start;
    loop {
        state.reset();
        state.tick()?;
        if let Some(end) = state.match_here(s, 0)? {
            return Ok(Some(Match::new(s, end, &state.captures[..state.level])));
        }
        s += 1;
        if anchored || s > subject.len() {
            return Ok(None);
        }
    }
}

/// `string.find(subject, pattern, init, plain)`. `init` is the Lua argument (default 1).
///
/// On success the VM returns `m.start + 1`, `m.end`, then `m.explicit_captures()?`.
/// A plain search yields a [`Match`] without captures.
pub fn find(
    subject: &[u8],
    pattern: &[u8],
    init: i64,
    plain: bool,
    interrupt: &mut dyn FnMut() -> bool,
) -> Result<Option<Match>, TextError> {
    let start = start_offset(init, subject.len());
    if start > subject.len() {
        return Ok(None);
    }
    if plain || has_no_specials(pattern) {
        return Ok(find_plain(&subject[start..], pattern)
            .map(|at| Match::new(start + at, start + at + pattern.len(), &[])));
    }
    search(subject, pattern, start, interrupt)
}

/// `string.match(subject, pattern, init)`. The VM returns `m.values()?`.
pub fn match_first(
    subject: &[u8],
    pattern: &[u8],
    init: i64,
    interrupt: &mut dyn FnMut() -> bool,
) -> Result<Option<Match>, TextError> {
    let start = start_offset(init, subject.len());
    if start > subject.len() {
        return Ok(None);
    }
    search(subject, pattern, start, interrupt)
}

/// The state a `string.gmatch` iterator keeps between calls (the VM stores it in the
/// iterator closure together with the subject and pattern strings).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct GmatchState {
    /// Where the next search starts (0-based; may be `len + 1`, meaning exhausted).
    position: usize,
    /// End of the previous match, to skip an empty match at the same place.
    last_match: Option<usize>,
}

impl GmatchState {
    /// `string.gmatch(subject, pattern, init)` for a subject of `subject_len` bytes.
    pub fn new(subject_len: usize, init: i64) -> Self {
        let start = start_offset(init, subject_len).min(subject_len + 1);
        GmatchState {
            position: start,
            last_match: None,
        }
    }

    /// One call of the iterator: the next match, or `None` when done. The VM returns
    /// `m.values()?` for it. Pass the same subject and pattern every time.
    pub fn next_match(
        &mut self,
        subject: &[u8],
        pattern: &[u8],
        interrupt: &mut dyn FnMut() -> bool,
    ) -> Result<Option<Match>, TextError> {
        let mut state = MatchState::new(subject, pattern, interrupt);
        let mut s = self.position;
        while s <= subject.len() {
            state.reset();
            state.tick()?;
            if let Some(end) = state.match_here(s, 0)? {
                if Some(end) != self.last_match {
                    self.position = end;
                    self.last_match = Some(end);
                    return Ok(Some(Match::new(s, end, &state.captures[..state.level])));
                }
            }
            s += 1;
        }
        self.position = s;
        Ok(None)
    }
}

/// How `gsub` turns each match into replacement bytes. The VM implements it for function and
/// table replacements; [`TemplateReplacer`] handles a string (or number converted to string).
pub trait Replacer {
    /// The VM's error type; pattern errors convert into it.
    type Error: From<TextError>;

    /// Appends the replacement for `m` to `out` and returns whether the subject changed.
    ///
    /// lstrlib's rules for the VM side: a function gets `m.values()?` as arguments, a table
    /// is indexed with `m.capture(0)?`; a `nil`/`false` result appends `m.whole(subject)` and
    /// returns `false`; a string or number result is appended (number as `tostring`) and
    /// returns `true`; anything else is the error `invalid replacement value (a <type>)`.
    fn replace(
        &mut self,
        m: &Match,
        subject: &[u8],
        out: &mut Vec<u8>,
    ) -> Result<bool, Self::Error>;
}

/// A replacement string with `%0`–`%9` and `%%` (lstrlib `add_s`).
#[derive(Clone, Copy, Debug)]
pub struct TemplateReplacer<'a>(pub &'a [u8]);

impl Replacer for TemplateReplacer<'_> {
    type Error = TextError;

    fn replace(&mut self, m: &Match, subject: &[u8], out: &mut Vec<u8>) -> Result<bool, TextError> {
        expand_template(self.0, m, subject, out)?;
        Ok(true)
    }
}

/// Appends the expansion of the replacement string `template` for match `m` (lstrlib `add_s`):
/// `%0` is the whole match, `%1`–`%9` a capture (a position capture as its decimal integer;
/// `%1` with no captures is the whole match), `%%` a percent sign; any other byte after `%`
/// (or `%` at the end) is the error `invalid use of '%' in replacement string`.
pub fn expand_template(
    template: &[u8],
    m: &Match,
    subject: &[u8],
    out: &mut Vec<u8>,
) -> Result<(), TextError> {
    let mut rest = template;
    while let Some(at) = rest.iter().position(|&c| c == b'%') {
        try_extend(out, &rest[..at])?;
        let code = rest.get(at + 1).copied().unwrap_or(0);
        match code {
            b'%' => try_extend(out, b"%")?,
            b'0' => try_extend(out, m.whole(subject))?,
            b'1'..=b'9' => match m.capture(usize::from(code - b'1'))? {
                super::Capture::Position(position) => {
                    try_extend(out, position.to_string().as_bytes())?
                }
                span => try_extend(out, span.bytes(subject).unwrap_or_default())?,
            },
            _ => {
                return Err(TextError::message(
                    "invalid use of '%' in replacement string",
                ))
            }
        }
        rest = rest.get(at + 2..).unwrap_or_default();
    }
    try_extend(out, rest)
}

/// The result of `gsub`: the new string, or `None` when nothing changed (the VM then returns
/// the original string object), and the number of matches replaced.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GsubResult {
    /// The new subject, `None` if unchanged.
    pub output: Option<Vec<u8>>,
    /// How many matches were replaced (the second result of `gsub`).
    pub count: i64,
}

/// `string.gsub(subject, pattern, replacement, max)`. `max` is the fourth Lua argument
/// (`None` when absent: at most `len + 1` replacements).
pub fn gsub<R: Replacer>(
    subject: &[u8],
    pattern: &[u8],
    max: Option<i64>,
    replacer: &mut R,
    interrupt: &mut dyn FnMut() -> bool,
) -> Result<GsubResult, R::Error> {
    let max = max.unwrap_or(subject.len() as i64 + 1);
    let (anchored, pattern) = split_anchor(pattern);
    let mut state = MatchState::new(subject, pattern, interrupt);
    let mut out = Vec::new();
    let mut changed = false;
    let mut count = 0i64;
    let mut s = 0usize;
    let mut last_match = None;
    while count < max {
        state.reset();
        state.tick().map_err(TextError::from)?;
        let end = state.match_here(s, 0).map_err(TextError::from)?;
        match end {
            Some(end) if Some(end) != last_match => {
                count += 1;
                let m = Match::new(s, end, &state.captures[..state.level]);
                changed |= replacer.replace(&m, subject, &mut out)?;
                s = end;
                last_match = Some(end);
            }
            _ if s < subject.len() => {
                try_extend(&mut out, &subject[s..=s])?;
                s += 1;
            }
            _ => break,
        }
        if anchored {
            break;
        }
    }
    let output = if changed {
        try_extend(&mut out, &subject[s..])?;
        Some(out)
    } else {
        None
    };
    Ok(GsubResult { output, count })
}
