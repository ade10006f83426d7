//! Naming the token PUC's parser is looking at when the compiler reports an error.
//!
//! Some errors PUC raises in the middle of parsing are syntax errors "near" the current
//! token (`too many upvalues (limit is 255) in function at line 3 near 'x'`,
//! `function or expression needs too many registers near '255'`), reported at that token's
//! line. The compiler walks an AST, not tokens, so it keeps a *cursor*: the byte offset in
//! the chunk's text where PUC's current token starts (or the white space and comments
//! before it), moved along with the walk (see `Compiler::set_cursor`). [`token_at`]
//! lexes the token found there again, giving the quoted text exactly as the parser would
//! print it (`Lexeme::near_text`) and the line where it ends.
//!
//! Invariants: never panics, whatever the offset (past the end, inside a token, inside a
//! multi-byte character); when the token cannot be lexed (an unfinished string, say) or is
//! PUC's "no token" (a zero byte), there is no answer and the error has no `near` part.

use tsukimi_syntax::lexer::Lexer;
use tsukimi_syntax::token::Token;

/// The token starting at or after byte `offset` of `text`: its quoted text for a `near`
/// part and the line where it ends. `None` when there is nothing to quote.
pub(crate) fn token_at(text: &[u8], offset: usize) -> Option<(Vec<u8>, u32)> {
    let rest = text.get(offset..)?;
    let mut lexer = Lexer::new(rest);
    let lexeme = lexer.next_lexeme().ok()?;
    if lexeme.token == Token::Char(0) {
        return None;
    }
    let near = lexeme.near_text(rest);
    let line = lines_before(text, offset).saturating_add(lexer.line());
    Some((near, line))
}

/// Number of line breaks in `text[..offset]`, counted as `llex.c` counts them (`\n`, `\r`,
/// `\r\n` and `\n\r` are one each).
fn lines_before(text: &[u8], offset: usize) -> u32 {
    let prefix = &text[..offset.min(text.len())];
    let mut count: u32 = 0;
    let mut i = 0;
    while i < prefix.len() {
        let byte = prefix[i];
        if byte == b'\n' || byte == b'\r' {
            count = count.saturating_add(1);
            if let Some(&next) = prefix.get(i + 1) {
                if (next == b'\n' || next == b'\r') && next != byte {
                    i += 1;
                }
            }
        }
        i += 1;
    }
    count
}

#[cfg(test)]
mod tests {
    use super::token_at;

    #[test]
    fn quotes_the_next_token_with_its_line() {
        let text = b"x = a1\n  -- comment\r\n\n end";
        assert_eq!(token_at(text, 6), Some((b"'end'".to_vec(), 4)));
        assert_eq!(token_at(text, 0), Some((b"'x'".to_vec(), 1)));
        assert_eq!(token_at(b"return 1, 255", 9), Some((b"'255'".to_vec(), 1)));
        assert_eq!(token_at(b"f 'a\\tb'", 1), Some((b"''a\tb''".to_vec(), 1)));
        assert_eq!(token_at(b"x", 1), Some((b"<eof>".to_vec(), 1)));
    }

    #[test]
    fn odd_offsets_have_no_answer_or_some_token() {
        assert_eq!(token_at(b"x", 5), None);
        assert_eq!(token_at(b"'unfinished", 0), None);
        assert_eq!(token_at(b"a\0", 1), None);
        let _ = token_at("é".as_bytes(), 1);
    }
}
