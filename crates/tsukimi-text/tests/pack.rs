//! `string.pack`/`unpack`/`packsize` against lua5.4 (tests/data/pack.txt from tests/gen/pack.lua).

mod common;
use common::{decode, parse_hex_float, read_cases, show, Outcome, Value};
use tsukimi_text::format::float_to_lua_string;
use tsukimi_text::pack::{pack, packsize, unpack, PackArgs, Unpacked};
use tsukimi_text::TextError;

struct Args {
    values: Vec<Value>,
    scratch: Vec<u8>,
}

impl Args {
    fn get(&self, arg: usize) -> Result<&Value, TextError> {
        self.values
            .get(arg - 2)
            .ok_or_else(|| TextError::bad_argument(arg, "number expected, got no value"))
    }
}

impl PackArgs for Args {
    type Error = TextError;
    fn integer(&mut self, arg: usize) -> Result<i64, TextError> {
        match self.get(arg)? {
            Value::Int(i) => Ok(*i),
            Value::Float(f) => {
                let f = parse_hex_float(f);
                if f.fract() == 0.0 && f.abs() < 2f64.powi(63) {
                    Ok(f as i64)
                } else {
                    Err(TextError::bad_argument(
                        arg,
                        "number has no integer representation",
                    ))
                }
            }
            Value::Str(s) => std::str::from_utf8(s)
                .ok()
                .and_then(|s| s.parse().ok())
                .ok_or_else(|| TextError::bad_argument(arg, "number expected, got string")),
            Value::Nil => Err(TextError::bad_argument(arg, "number expected, got nil")),
            _ => Err(TextError::bad_argument(arg, "number expected, got boolean")),
        }
    }
    fn number(&mut self, arg: usize) -> Result<f64, TextError> {
        match self.get(arg)? {
            Value::Int(i) => Ok(*i as f64),
            Value::Float(f) => Ok(parse_hex_float(f)),
            _ => Err(TextError::bad_argument(arg, "number expected, got string")),
        }
    }
    fn string(&mut self, arg: usize) -> Result<&[u8], TextError> {
        self.scratch = match self.get(arg)? {
            Value::Str(s) => s.clone(),
            Value::Int(i) => i.to_string().into_bytes(),
            Value::Float(f) => float_to_lua_string(parse_hex_float(f)),
            _ => return Err(TextError::bad_argument(arg, "string expected, got boolean")),
        };
        Ok(&self.scratch)
    }
}

fn value_of(u: Unpacked) -> Value {
    match u {
        Unpacked::Integer(i) => Value::Int(i),
        Unpacked::Float(f) => {
            // Written by the generator as %a; compare through the same text.
            Value::Float(float_hex(f))
        }
        Unpacked::Str(s) => Value::Str(s.to_vec()),
    }
}

fn float_hex(f: f64) -> String {
    struct One(f64);
    impl tsukimi_text::format::FormatArgs for One {
        type Error = TextError;
        fn count(&self) -> usize {
            2
        }
        fn integer(&mut self, _: usize) -> Result<i64, TextError> {
            unreachable!()
        }
        fn number(&mut self, _: usize) -> Result<f64, TextError> {
            Ok(self.0)
        }
        fn string(&mut self, _: usize) -> Result<&[u8], TextError> {
            unreachable!()
        }
        fn literal(&mut self, _: usize) -> Result<tsukimi_text::format::Literal<'_>, TextError> {
            unreachable!()
        }
        fn pointer(&mut self, _: usize) -> Result<usize, TextError> {
            unreachable!()
        }
    }
    let bytes = tsukimi_text::format::format(b"%a", &mut One(f)).unwrap();
    String::from_utf8(bytes).unwrap()
}

#[test]
fn pack_matches_lua54() {
    let cases = read_cases("pack.txt");
    assert!(cases.len() > 500);
    let mut failures = Vec::new();
    for case in &cases {
        let fmt = decode(&case[1]);
        let (got, expected_text, name) = match case[0].as_str() {
            "pack" => {
                let values = case[2]
                    .split('|')
                    .filter(|p| !p.is_empty())
                    .map(Value::parse)
                    .collect();
                let mut args = Args {
                    values,
                    scratch: Vec::new(),
                };
                let got = pack(&fmt, &mut args).map(|b| vec![Value::Str(b)]);
                (got, &case[3], "string.pack")
            }
            "unpack" => {
                let data = decode(&case[2]);
                let init = if case[3] == "N" {
                    1
                } else {
                    case[3].parse().unwrap()
                };
                let got = unpack(&fmt, &data, init).map(|(values, next)| {
                    let mut out: Vec<Value> = values.into_iter().map(value_of).collect();
                    out.push(Value::Int(next));
                    out
                });
                (got, &case[4], "string.unpack")
            }
            _ => (
                packsize(&fmt).map(|n| vec![Value::Int(n)]),
                &case[2],
                "string.packsize",
            ),
        };
        let got = match got {
            Ok(v) => Outcome::Ok(v),
            Err(e) => Outcome::Err(e.render(name)),
        };
        let expected = Outcome::parse(expected_text);
        if got != expected {
            failures.push(format!(
                "{} fmt={} {:?}\n  want {expected:?}\n  got  {got:?}",
                case[0],
                show(&fmt),
                &case[2..case.len() - 1]
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
