//! Fuzz target: the front end on arbitrary bytes.
//!
//! `tsukimi_syntax::parse` must return `Ok` or `Err` for every input, never panic, never
//! overflow the stack. On success the AST is also printed with `dump` and dropped (deep
//! trees must be walked and dropped safely), and the first byte of the input chooses the
//! chunk name's form so `chunkid` is exercised too.

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let chunkname = match data.first().map(|b| b % 3) {
        Some(0) => "=input".to_string(),
        Some(1) => "@fuzz/input.lua".to_string(),
        _ => String::from_utf8_lossy(&data[..data.len().min(80)]).into_owned(),
    };
    let source = tsukimi_syntax::skip_shebang(data);
    match tsukimi_syntax::parse(source, &chunkname) {
        Ok(chunk) => {
            let text = tsukimi_syntax::dump::dump(&chunk);
            assert!(text.starts_with("chunk"));
        }
        Err(error) => assert!(!error.message.is_empty()),
    }
});
