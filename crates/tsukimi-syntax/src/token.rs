//! Tokens of Lua 5.4 and their spelling in error messages.
//!
//! A [`Token`] is what the lexer hands to the parser: a reserved word, a symbol, a literal with
//! its decoded value, a name, or end of input. Single-byte symbols (`+`, `(`, `#`, ...) and any
//! byte the lexer does not otherwise recognise (`@`, `$`, a stray `\x01`) are [`Token::Char`],
//! exactly as `llex.c` returns them as plain characters; the parser then rejects the ones that
//! are not part of the grammar ("unexpected symbol near '@'").
//!
//! [`Token::describe`] reproduces `luaX_token2str`: reserved words and symbols are quoted
//! (`'end'`, `'=='`, `'<\1>'` for unprintable bytes) while `<eof>`, `<name>`, `<string>`,
//! `<number>` and `<integer>` are not. Showing the *text* of a name, string or numeral
//! (`near 'foo'`) needs the source, so it lives in [`crate::lexer::Lexeme::near_text`].

/// One token. Literals carry their decoded value.
#[derive(Debug, Clone, PartialEq)]
pub enum Token {
    And,
    Break,
    Do,
    Else,
    Elseif,
    End,
    False,
    For,
    Function,
    Goto,
    If,
    In,
    Local,
    Nil,
    Not,
    Or,
    Repeat,
    Return,
    Then,
    True,
    Until,
    While,
    /// `//`
    IDiv,
    /// `..`
    Concat,
    /// `...`
    Dots,
    /// `==`
    Eq,
    /// `>=`
    Ge,
    /// `<=`
    Le,
    /// `~=`
    Ne,
    /// `<<`
    Shl,
    /// `>>`
    Shr,
    /// `::`
    DbColon,
    /// End of input.
    Eos,
    /// A float numeral.
    Float(f64),
    /// An integer numeral (hex integers already wrapped modulo 2^64).
    Int(i64),
    /// A name that is not a reserved word.
    Name(String),
    /// A short or long string literal, escapes resolved.
    Str(Vec<u8>),
    /// Any single byte that is a token by itself (`+`, `(`, `@`, `\x01`...).
    Char(u8),
}

/// Reserved words in `llex.c` order, with their tokens.
const RESERVED: [(&str, Token); 22] = [
    ("and", Token::And),
    ("break", Token::Break),
    ("do", Token::Do),
    ("else", Token::Else),
    ("elseif", Token::Elseif),
    ("end", Token::End),
    ("false", Token::False),
    ("for", Token::For),
    ("function", Token::Function),
    ("goto", Token::Goto),
    ("if", Token::If),
    ("in", Token::In),
    ("local", Token::Local),
    ("nil", Token::Nil),
    ("not", Token::Not),
    ("or", Token::Or),
    ("repeat", Token::Repeat),
    ("return", Token::Return),
    ("then", Token::Then),
    ("true", Token::True),
    ("until", Token::Until),
    ("while", Token::While),
];

impl Token {
    /// The reserved-word token spelled `word`, if it is one.
    pub fn reserved(word: &[u8]) -> Option<Token> {
        // Names are mostly short; reject impossible lengths before comparing.
        if !(2..=8).contains(&word.len()) {
            return None;
        }
        RESERVED
            .iter()
            .find(|(text, _)| text.as_bytes() == word)
            .map(|(_, token)| token.clone())
    }

    /// The fixed spelling of reserved words and multi-byte symbols (`luaX_tokens`), or the
    /// placeholder (`<eof>`, `<name>`...) of tokens whose text varies.
    fn fixed_text(&self) -> &'static str {
        use Token::*;
        match self {
            And => "and",
            Break => "break",
            Do => "do",
            Else => "else",
            Elseif => "elseif",
            End => "end",
            False => "false",
            For => "for",
            Function => "function",
            Goto => "goto",
            If => "if",
            In => "in",
            Local => "local",
            Nil => "nil",
            Not => "not",
            Or => "or",
            Repeat => "repeat",
            Return => "return",
            Then => "then",
            True => "true",
            Until => "until",
            While => "while",
            IDiv => "//",
            Concat => "..",
            Dots => "...",
            Eq => "==",
            Ge => ">=",
            Le => "<=",
            Ne => "~=",
            Shl => "<<",
            Shr => ">>",
            DbColon => "::",
            Eos => "<eof>",
            Float(_) => "<number>",
            Int(_) => "<integer>",
            Name(_) => "<name>",
            Str(_) => "<string>",
            Char(_) => "",
        }
    }

    /// The token as `luaX_token2str` shows it in messages: `'end'`, `'=='`, `'+'`, `'<\1>'`,
    /// and unquoted `<eof>`, `<name>`, `<string>`, `<number>`, `<integer>`.
    pub fn describe(&self) -> String {
        match self {
            Token::Char(byte) if is_printable(*byte) => format!("'{}'", *byte as char),
            Token::Char(byte) => format!("'<\\{byte}>'"),
            Token::Eos | Token::Float(_) | Token::Int(_) | Token::Name(_) | Token::Str(_) => {
                self.fixed_text().to_string()
            }
            _ => format!("'{}'", self.fixed_text()),
        }
    }

    /// True for the tokens whose message text is their source text (`txtToken`).
    pub fn shows_source_text(&self) -> bool {
        matches!(
            self,
            Token::Float(_) | Token::Int(_) | Token::Name(_) | Token::Str(_)
        )
    }
}

/// `lisprint` of Lua's own ctype table: printable ASCII only.
pub fn is_printable(byte: u8) -> bool {
    (0x20..0x7f).contains(&byte)
}

#[cfg(test)]
mod tests {
    use super::Token;

    #[test]
    fn describes_like_token2str() {
        assert_eq!(Token::End.describe(), "'end'");
        assert_eq!(Token::Eq.describe(), "'=='");
        assert_eq!(Token::Char(b'+').describe(), "'+'");
        assert_eq!(Token::Char(1).describe(), "'<\\1>'");
        assert_eq!(Token::Char(255).describe(), "'<\\255>'");
        assert_eq!(Token::Eos.describe(), "<eof>");
        assert_eq!(Token::Name(String::new()).describe(), "<name>");
        assert_eq!(Token::reserved(b"while"), Some(Token::While));
        assert_eq!(Token::reserved(b"whilex"), None);
    }
}
