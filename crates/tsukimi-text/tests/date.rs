//! os.date's formatting and UTC conversion against lua5.4 (tests/data/date.txt from
//! tests/gen/date.lua, which uses `os.date("!…")` so results do not depend on the time zone).

mod common;
use common::{decode, read_cases, show, Outcome, Value};
use tsukimi_text::civil::utc_from_unix;
use tsukimi_text::strftime::{parse_date_request, strftime};
use tsukimi_text::TextError;

const UNREPRESENTABLE: &str = "date result cannot be represented in this installation";

#[test]
fn dates_match_lua54() {
    let cases = read_cases("date.txt");
    assert!(cases.len() > 500);
    let mut failures = Vec::new();
    for case in &cases {
        let time: i64 = case[1].parse().unwrap();
        let expected = Outcome::parse(&case[3]);
        let got = match utc_from_unix(time) {
            None => Outcome::Err(UNREPRESENTABLE.as_bytes().to_vec()),
            Some(t) if case[0] == "table" => Outcome::Ok(vec![
                Value::Int(t.year),
                Value::Int(t.month),
                Value::Int(t.day),
                Value::Int(t.hour),
                Value::Int(t.minute),
                Value::Int(t.second),
                Value::Int(t.weekday),
                Value::Int(t.yearday),
                Value::Bool(t.is_dst == Some(true)),
            ]),
            Some(t) => {
                let mut format = b"!".to_vec();
                format.extend_from_slice(&decode(&case[2]));
                let request = parse_date_request(&format);
                assert!(request.utc);
                match strftime(request.format, &t) {
                    Ok(bytes) => Outcome::Ok(vec![Value::Str(bytes)]),
                    Err(e) => Outcome::Err(e.render("os.date")),
                }
            }
        };
        if got != expected {
            let text = |o: &Outcome| match o {
                Outcome::Ok(v) => match v.first() {
                    Some(Value::Str(s)) => show(s),
                    _ => format!("{v:?}"),
                },
                Outcome::Err(e) => format!("ERR {}", show(e)),
            };
            failures.push(format!(
                "t={time} fmt={}\n  want {}\n  got  {}",
                case[2],
                text(&expected),
                text(&got)
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} failed:\n{}",
        failures.len(),
        cases.len(),
        failures[..failures.len().min(20)].join("\n")
    );
}

#[test]
fn request_markers() {
    let r = parse_date_request(b"!*t");
    assert!(r.utc && r.table);
    let r = parse_date_request(b"*t\0junk");
    assert!(!r.utc && r.table);
    let r = parse_date_request(b"%c");
    assert!(!r.utc && !r.table);
}

#[test]
fn zone_fields_and_unknown_dst() {
    let mut t = utc_from_unix(0).unwrap();
    t.utc_offset = -(3 * 3600 + 30 * 60);
    t.zone_name = b"NST".to_vec();
    assert_eq!(strftime(b"%z %Z", &t).unwrap(), b"-0330 NST");
    t.utc_offset = 5 * 3600 + 45 * 60;
    assert_eq!(strftime(b"%z", &t).unwrap(), b"+0545");
    t.is_dst = None;
    assert_eq!(strftime(b"[%z]", &t).unwrap(), b"[]");
    // Out-of-range fields never panic.
    t.month = 99;
    t.weekday = -5;
    t.hour = -3;
    assert!(strftime(b"%a %b %c %I %p %u %U %V %W", &t).is_ok());
    let long = vec![b'x'; 300];
    t.zone_name = long;
    assert_eq!(strftime(b"<%Z>", &t).unwrap(), b"<>");
    assert_eq!(
        strftime(b"%Ez abc", &t),
        Err(TextError::bad_argument(
            1,
            "invalid conversion specifier '%Ez abc'"
        ))
    );
}
