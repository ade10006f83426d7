//! The utf8 library against lua5.4 (tests/data/utf8.txt from tests/gen/utf8.lua).

mod common;
use common::{decode, read_cases, show, Outcome, Value};
use tsukimi_text::utf8::{self, Length};
use tsukimi_text::TextError;

fn int(v: Option<&Value>) -> Option<i64> {
    match v {
        Some(Value::Int(i)) => Some(*i),
        _ => None,
    }
}

fn truthy(v: Option<&Value>) -> bool {
    !matches!(v, None | Some(Value::Nil) | Some(Value::Bool(false)))
}

fn run(name: &str, s: &[u8], args: &[Value]) -> Result<Vec<Value>, TextError> {
    Ok(match name {
        "len" => match utf8::len(s, int(args.first()), int(args.get(1)), truthy(args.get(2)))? {
            Length::Count(n) => vec![Value::Int(n)],
            Length::InvalidAt(p) => vec![Value::Nil, Value::Int(p)],
        },
        "codepoint" => {
            utf8::codepoint(s, int(args.first()), int(args.get(1)), truthy(args.get(2)))?
                .into_iter()
                .map(Value::Int)
                .collect()
        }
        "offset" => {
            let n = int(args.first()).unwrap();
            match utf8::offset(s, n, int(args.get(1)))? {
                Some(p) => vec![Value::Int(p)],
                None => vec![Value::Nil],
            }
        }
        "codes" => {
            let strict = !truthy(args.first());
            let mut out = Vec::new();
            let mut control = 0;
            while let Some((p, c)) = utf8::codes_next(s, control, strict)? {
                out.push(Value::Int(p));
                out.push(Value::Int(i64::from(c)));
                control = p;
            }
            out
        }
        "char" => {
            let codes: Vec<i64> = args.iter().map(|v| int(Some(v)).unwrap()).collect();
            vec![Value::Str(utf8::char(&codes)?)]
        }
        "charpattern" => vec![Value::Str(utf8::CHAR_PATTERN.to_vec())],
        _ => panic!("unknown {name}"),
    })
}

#[test]
fn utf8_matches_lua54() {
    let cases = read_cases("utf8.txt");
    assert!(cases.len() > 500);
    let mut failures = Vec::new();
    for case in &cases {
        let s = decode(&case[1]);
        let args: Vec<Value> = case[2]
            .split('|')
            .filter(|p| !p.is_empty())
            .map(Value::parse)
            .collect();
        let name = &case[0];
        let got = match run(name, &s, &args) {
            Ok(v) => Outcome::Ok(v),
            Err(e) => Outcome::Err(e.render(&format!("utf8.{name}"))),
        };
        let expected = Outcome::parse(&case[3]);
        // lua's `luaL_error` adds the caller position; with pcall(f) directly there is none.
        if got != expected {
            failures.push(format!(
                "{name} s={} args={:?}\n  want {expected:?}\n  got  {got:?}",
                show(&s),
                case[2]
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} failed:\n{}",
        failures.len(),
        cases.len(),
        failures[..failures.len().min(30)].join("\n")
    );
}
