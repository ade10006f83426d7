//! Lexer unit tests: every literal form, every escape, numeral edge cases, line counting and
//! the exact texts of lexical errors (checked against `lua5.4`).

use super::{Lexeme, Lexer};
use crate::failure::Failure;
use crate::token::Token;

fn tokens(source: &str) -> Vec<Token> {
    let mut lexer = Lexer::new(source.as_bytes());
    let mut out = Vec::new();
    loop {
        let lexeme = lexer.next_lexeme().expect("lexes");
        if lexeme.token == Token::Eos {
            return out;
        }
        out.push(lexeme.token);
    }
}

fn single(source: &str) -> Token {
    let all = tokens(source);
    assert_eq!(all.len(), 1, "{source:?} gave {all:?}");
    all.into_iter().next().unwrap()
}

fn string(source: &str) -> Vec<u8> {
    match single(source) {
        Token::Str(bytes) => bytes,
        other => panic!("{source:?} is {other:?}"),
    }
}

fn error(source: &str) -> String {
    let mut lexer = Lexer::new(source.as_bytes());
    loop {
        match lexer.next_lexeme() {
            Ok(Lexeme {
                token: Token::Eos, ..
            }) => panic!("{source:?} lexed fine"),
            Ok(_) => {}
            Err(Failure::At { line, message }) => {
                return format!("{line}: {}", String::from_utf8_lossy(&message))
            }
            Err(other) => panic!("{other:?}"),
        }
    }
}

#[test]
fn symbols_and_keywords() {
    use Token::*;
    assert_eq!(
        tokens("// & | ~ << >> .. ... :: == ~= <= >= < > = / : . + - * % ^ # ( ) { } [ ] ; ,"),
        vec![
            IDiv,
            Char(b'&'),
            Char(b'|'),
            Char(b'~'),
            Shl,
            Shr,
            Concat,
            Dots,
            DbColon,
            Eq,
            Ne,
            Le,
            Ge,
            Char(b'<'),
            Char(b'>'),
            Char(b'='),
            Char(b'/'),
            Char(b':'),
            Char(b'.'),
            Char(b'+'),
            Char(b'-'),
            Char(b'*'),
            Char(b'%'),
            Char(b'^'),
            Char(b'#'),
            Char(b'('),
            Char(b')'),
            Char(b'{'),
            Char(b'}'),
            Char(b'['),
            Char(b']'),
            Char(b';'),
            Char(b','),
        ]
    );
    assert_eq!(
        tokens("and break do else elseif end false for function goto if in local nil not or"),
        vec![
            And, Break, Do, Else, Elseif, End, False, For, Function, Goto, If, In, Local, Nil, Not,
            Or
        ]
    );
    assert_eq!(
        tokens("repeat return then true until while"),
        vec![Repeat, Return, Then, True, Until, While]
    );
    assert_eq!(
        tokens("_x1 endx End"),
        vec![Name("_x1".into()), Name("endx".into()), Name("End".into())]
    );
    assert_eq!(
        tokens("a.b"),
        vec![Name("a".into()), Char(b'.'), Name("b".into())]
    );
    assert_eq!(
        tokens("@ $ \x01 \u{7f}"),
        vec![Char(b'@'), Char(b'$'), Char(1), Char(0x7f)]
    );
}

#[test]
fn numerals() {
    use Token::*;
    assert_eq!(single("3"), Int(3));
    assert_eq!(single("0x7fffffffffffffff"), Int(i64::MAX));
    assert_eq!(single("0xffffffffffffffff"), Int(-1));
    assert_eq!(single("9223372036854775807"), Int(i64::MAX));
    assert_eq!(single("9223372036854775808"), Float(9223372036854775808.0));
    assert_eq!(single("1e309"), Float(f64::INFINITY));
    assert_eq!(single("3."), Float(3.0));
    assert_eq!(single(".5"), Float(0.5));
    assert_eq!(single("3.25e2"), Float(325.0));
    assert_eq!(single("0x1p-1"), Float(0.5));
    assert_eq!(single("0xA.8P1"), Float(21.0));
    assert_eq!(single("1E+1"), Float(10.0));
    assert_eq!(tokens("3-4"), vec![Int(3), Char(b'-'), Int(4)]);
    assert_eq!(tokens("0xe+1"), vec![Int(14), Char(b'+'), Int(1)]);
}

#[test]
fn short_strings_and_escapes() {
    assert_eq!(string(r#""abc""#), b"abc");
    assert_eq!(string(r"'a\'b'"), b"a'b");
    assert_eq!(
        string(r#""\a\b\f\n\r\t\v\\\"\'""#),
        b"\x07\x08\x0c\n\r\t\x0b\\\"'"
    );
    assert_eq!(string("\"a\\\nb\""), b"a\nb");
    assert_eq!(string("\"a\\\r\nb\""), b"a\nb");
    assert_eq!(string("\"a\\\n\rb\""), b"a\nb");
    assert_eq!(string("\"a\\z  \n\t  b\""), b"ab");
    assert_eq!(string(r#""\x41\x6a\x6A""#), b"Ajj");
    assert_eq!(string(r#""\65\066\0067""#), b"AB\x067");
    assert_eq!(string(r#""\0""#), b"\0");
    assert_eq!(string(r#""\255""#), b"\xff");
    assert_eq!(string(r#""\u{41}\u{00000041}""#), b"AA");
    assert_eq!(string(r#""\u{7FF}\u{800}""#), "\u{7ff}\u{800}".as_bytes());
    assert_eq!(string(r#""\u{10FFFF}""#), "\u{10ffff}".as_bytes());
    assert_eq!(string(r#""\u{D800}""#), b"\xed\xa0\x80");
    assert_eq!(string(r#""\u{110000}""#), b"\xf4\x90\x80\x80");
    assert_eq!(string(r#""\u{7FFFFFFF}""#), b"\xfd\xbf\xbf\xbf\xbf\xbf");
    let mut lexer = Lexer::new(b"\"raw\xff\x00bytes\"");
    assert_eq!(
        lexer.next_lexeme().unwrap().token,
        Token::Str(b"raw\xff\x00bytes".to_vec())
    );
}

#[test]
fn long_strings_and_comments() {
    assert_eq!(string("[[abc]]"), b"abc");
    assert_eq!(string("[[\nabc]]"), b"abc");
    assert_eq!(string("[[\r\nabc]]"), b"abc");
    assert_eq!(string("[[\n\nabc]]"), b"\nabc");
    assert_eq!(string("[==[a]]b]=]c]==]"), b"a]]b]=]c");
    assert_eq!(string("[=[a\r\nb\n\rc\rd]=]"), b"a\nb\nc\nd");
    assert_eq!(string("[[]]"), b"");
    assert_eq!(
        tokens("--[[ long\n comment ]] x --[==[ ]] ]==] y -- short\nz --[ short\nw"),
        tokens("x y z w")
    );
    assert_eq!(tokens("--[==x\ny"), tokens("y"));
    assert_eq!(tokens("x --"), tokens("x"));
}

#[test]
fn line_counting() {
    let mut lexer = Lexer::new(b"a\nb\r\nc\n\rd\re\n\nf [[\n\n]] g");
    let mut lines = Vec::new();
    loop {
        let lexeme = lexer.next_lexeme().unwrap();
        if lexeme.token == Token::Eos {
            break;
        }
        lines.push(lexer.line());
    }
    assert_eq!(lines, vec![1, 2, 3, 4, 5, 7, 9, 9]);
}

#[test]
fn near_texts() {
    let source = b"x 12 .5 \"a\\tb\" [==[\nq]==] 'n\\0ul' + end";
    let mut lexer = Lexer::new(source);
    let mut texts = Vec::new();
    loop {
        let lexeme = lexer.next_lexeme().unwrap();
        texts.push(String::from_utf8(lexeme.near_text(source)).unwrap());
        if lexeme.token == Token::Eos {
            break;
        }
    }
    assert_eq!(
        texts,
        vec![
            "'x'",
            "'12'",
            "'.5'",
            "'\"a\tb\"'",
            "'[==[q]==]'",
            "''n'",
            "'+'",
            "'end'",
            "<eof>"
        ]
    );
}

#[test]
fn lexical_errors_match_lua() {
    let cases: &[(&str, &str)] = &[
        ("x = \"abc", "1: unfinished string near <eof>"),
        ("x = \"abc\ny\"", "1: unfinished string near '\"abc'"),
        (
            "x = \"abc\\q\"",
            "1: invalid escape sequence near '\"abc\\q'",
        ),
        (
            "x = \"\\xAg\"",
            "1: hexadecimal digit expected near '\"\\xAg'",
        ),
        ("x = \"\\x", "1: hexadecimal digit expected near '\"\\x'"),
        (
            "x = \"\\u{80000000}\"",
            "1: UTF-8 value too large near '\"\\u{80000000'",
        ),
        ("x = \"\\u123\"", "1: missing '{' near '\"\\u1'"),
        ("x = \"\\u{12\"", "1: missing '}' near '\"\\u{12\"'"),
        (
            "x = \"\\u{}\"",
            "1: hexadecimal digit expected near '\"\\u{}'",
        ),
        (
            "x = \"\\256\"",
            "1: decimal escape too large near '\"\\256\"'",
        ),
        ("x = \"\\999", "1: decimal escape too large near '\"\\999'"),
        (
            "x = [==[ abc",
            "1: unfinished long string (starting at line 1) near <eof>",
        ),
        (
            "\n--[[ abc\n\n",
            "4: unfinished long comment (starting at line 2) near <eof>",
        ),
        ("x = [=x", "1: invalid long string delimiter near '[='"),
        ("x = 3x", "1: malformed number near '3x'"),
        ("x = 0x", "1: malformed number near '0x'"),
        ("x = 1e", "1: malformed number near '1e'"),
        ("x = 1e+", "1: malformed number near '1e+'"),
        ("x = 0x1p", "1: malformed number near '0x1p'"),
        ("x = 1..2", "1: malformed number near '1..2'"),
        ("x = 1.2.3", "1: malformed number near '1.2.3'"),
        ("x = 0x1n", "1: malformed number near '0x1n'"),
        ("x = \"a\\0b\\q", "1: invalid escape sequence near '\"a'"),
    ];
    for (source, expected) in cases {
        assert_eq!(&error(source), expected, "source: {source:?}");
    }
}

/// Lexes a chunk given in `pieces`, returning the tokens' texts and how many pieces the
/// lexer asked for (the reader's final `None` counts as a request).
fn lex_pulled(pieces: &[&str]) -> (Vec<String>, usize) {
    let mut rest = pieces[1..].iter();
    let mut requests = 0;
    let mut reader = || {
        requests += 1;
        rest.next().map(|piece| piece.as_bytes().to_vec())
    };
    let mut lexer = Lexer::with_reader(pieces[0].as_bytes().to_vec(), &mut reader);
    let mut texts = Vec::new();
    while let Ok(lexeme) = lexer.next_lexeme() {
        if lexeme.token == Token::Eos {
            break;
        }
        texts.push(String::from_utf8_lossy(&lexer.source()[lexeme.start..lexeme.end]).into_owned());
        if texts.len() == 2 {
            break;
        }
    }
    drop(lexer);
    (texts, requests)
}

#[test]
fn pulled_input_is_read_only_as_far_as_the_lexer_looks() {
    // A name split over pieces is one token; the byte after a token is always read.
    assert_eq!(
        lex_pulled(&["ab", "c d ", "e"]),
        (vec!["abc".into(), "d".into()], 1)
    );
    // The token ends inside the first piece, but its next byte is the next piece's first.
    assert_eq!(
        lex_pulled(&["x", " y", "z"]),
        (vec!["x".into(), "yz".into()], 3)
    );
    assert_eq!(
        lex_pulled(&["x y ", "never", "read"]),
        (vec!["x".into(), "y".into()], 0)
    );
    // An empty piece ends the chunk; the reader is not asked again.
    assert_eq!(lex_pulled(&["x", "", "y"]), (vec!["x".into()], 1));
}
