//! Differential test against `luac5.4`: random Lua programs (deterministic generator) are
//! compiled by tsukimi and by `luac5.4 -l -l`; the complete listings (every instruction with
//! its line, constants, locals and their ranges, upvalues) must be identical, addresses and
//! source names aside, and so must the binary chunks (`string.dump`'s bytes against the file
//! `luac5.4 -o` writes, which hold the operands a listing does not show). Programs `luac5.4`
//! rejects must be rejected too.
//!
//! Every other program is spread over many lines ([`spread_over_lines`]: line breaks at
//! random token boundaries of every kind), so the line luac attributes to each instruction
//! (the last token read when it is emitted) is checked too. Skipped when `luac5.4` is not on PATH.
//! `TSUKIMI_DIFF_PROGRAMS=n` changes the number of programs (default 300).

use std::process::Command;

use super::listing_tests::normalized_listing;
use crate::listing::listing;
use crate::verify::verify;

/// A small deterministic generator (PCG-style LCG), so failures are reproducible by seed.
struct Gen {
    state: u64,
    scope: Vec<String>,
}

const BINARY: &[&str] = &[
    "+", "-", "*", "/", "//", "%", "^", "..", "==", "~=", "<", "<=", ">", ">=", "and", "or", "&",
    "|", "~", "<<", ">>",
];

impl Gen {
    fn next(&mut self, n: usize) -> usize {
        self.state = self
            .state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((self.state >> 33) as usize) % n.max(1)
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.next(items.len())]
    }

    fn literal(&mut self) -> String {
        match self.next(8) {
            0 => format!("{}", self.next(600) as i64 - 300),
            1 => self
                .pick(&[
                    "0",
                    "1",
                    "127",
                    "128",
                    "255",
                    "256",
                    "65535",
                    "65536",
                    "-65536",
                    "9007199254740993",
                    "-9223372036854775808",
                ])
                .to_string(),
            2 => self
                .pick(&[
                    "0.5", "1.0", "2.0", "-1.5", "1e10", "3.25", "0.1", "1e300", "0.0",
                ])
                .to_string(),
            3 => format!(
                "\"{}\"",
                self.pick(&["a", "key", "x", "", "a long string constant!!"])
            ),
            4 => self.pick(&["nil", "true", "false"]).to_string(),
            5 => "...".to_string(),
            6 => self
                .pick(&["0x10", "0xff", "1e2", "2^53", "K1", "K2", "K3"])
                .to_string(),
            _ => format!("{}", self.next(10)),
        }
    }

    fn name(&mut self) -> String {
        if !self.scope.is_empty() && self.next(10) < 7 {
            let i = self.next(self.scope.len());
            return self.scope[i].clone();
        }
        self.pick(&["g", "h", "print", "t", "math", "_ENV"])
            .to_string()
    }

    fn prefix(&mut self, depth: usize) -> String {
        let mut e = self.name();
        for _ in 0..self.next(3) {
            e = match self.next(5) {
                0 => format!("{e}.{}", self.pick(&["x", "y", "z"])),
                1 => format!("{e}[{}]", self.expr(depth + 1)),
                2 => format!("{e}:m({})", self.expr(depth + 1)),
                3 => format!("{e}({})", self.args(depth)),
                _ => format!("({e})"),
            };
        }
        e
    }

    fn args(&mut self, depth: usize) -> String {
        (0..self.next(3))
            .map(|_| self.expr(depth + 1))
            .collect::<Vec<_>>()
            .join(", ")
    }

    fn expr(&mut self, depth: usize) -> String {
        match self.next(if depth < 3 { 11 } else { 3 }) {
            0 => self.literal(),
            1 | 2 => self.name(),
            3 => format!(
                "({} {} {})",
                self.expr(depth + 1),
                self.pick(BINARY),
                self.expr(depth + 1)
            ),
            4 => format!(
                "{} {} {}",
                self.expr(depth + 1),
                self.pick(BINARY),
                self.expr(depth + 1)
            ),
            5 => format!(
                "{}{}",
                self.pick(&["-", "not ", "#", "~"]),
                self.expr(depth + 1)
            ),
            6 => self.prefix(depth + 1),
            7 => {
                let fields: Vec<String> = (0..self.next(5))
                    .map(|_| match self.next(3) {
                        0 => self.expr(depth + 1),
                        1 => format!("f{} = {}", self.next(3), self.expr(depth + 1)),
                        _ => format!("[{}] = {}", self.expr(depth + 1), self.expr(depth + 1)),
                    })
                    .collect();
                format!("{{{}}}", fields.join(", "))
            }
            8 => {
                let saved = self.scope.len();
                self.scope.extend(["a".to_string(), "b".to_string()]);
                let body = self.block(depth + 2, false);
                self.scope.truncate(saved);
                format!("function(a, b, ...) {body} end")
            }
            9 => format!("function() return {} end", self.name()),
            _ => format!("{}({})", self.prefix(depth + 1), self.args(depth)),
        }
    }

    fn target(&mut self, depth: usize) -> String {
        if !self.scope.is_empty() && self.next(2) == 0 {
            let i = self.next(self.scope.len());
            return self.scope[i].clone();
        }
        let e = self.prefix(depth);
        if e.ends_with(')') {
            format!("{e}.fld")
        } else {
            e
        }
    }

    fn nested(&mut self, vars: &[&str], depth: usize, in_loop: bool) -> String {
        let saved = self.scope.len();
        self.scope.extend(vars.iter().map(|v| v.to_string()));
        let body = self.block(depth + 1, in_loop);
        self.scope.truncate(saved);
        body
    }

    fn stat(&mut self, depth: usize, in_loop: bool) -> String {
        match self.next(if depth < 4 { 15 } else { 4 }) {
            0 => {
                let n = 1 + self.next(3);
                let names: Vec<String> = (0..n).map(|_| format!("v{}", self.next(50))).collect();
                let values = self.args(depth);
                let attrib = if n == 1 {
                    self.pick(&["", "", " <const>"])
                } else {
                    ""
                };
                let text = format!(
                    "local {}{}{}",
                    names.join(", "),
                    attrib,
                    if values.is_empty() {
                        String::new()
                    } else {
                        format!(" = {values}")
                    }
                );
                self.scope.extend(names);
                text
            }
            1 => {
                let targets: Vec<String> =
                    (0..1 + self.next(3)).map(|_| self.target(depth)).collect();
                let values: Vec<String> = (0..1 + self.next(3)).map(|_| self.expr(depth)).collect();
                format!("{} = {}", targets.join(", "), values.join(", "))
            }
            2 => format!("{}({})", self.prefix(depth), self.expr(depth)),
            3 => {
                if in_loop {
                    "break".to_string()
                } else {
                    "x = 1".to_string()
                }
            }
            4 => {
                let cond = self.expr(depth);
                let then = self.nested(&[], depth, in_loop);
                let rest = if self.next(3) == 0 {
                    format!(" else {}", self.nested(&[], depth, in_loop))
                } else {
                    String::new()
                };
                format!("if {cond} then {then}{rest} end")
            }
            5 => format!(
                "while {} do {} end",
                self.expr(depth),
                self.nested(&[], depth, true)
            ),
            6 => format!(
                "repeat {} until {}",
                self.nested(&[], depth, true),
                self.expr(depth)
            ),
            7 => format!(
                "for i = {}, {} do {} end",
                self.expr(depth),
                self.expr(depth),
                self.nested(&["i"], depth, true)
            ),
            8 => format!(
                "for k, v in {} do {} end",
                self.expr(depth),
                self.nested(&["k", "v"], depth, true)
            ),
            9 => format!("do {} end", self.nested(&[], depth, in_loop)),
            10 => {
                let name = format!("lf{}", self.next(5));
                self.scope.push(name.clone());
                format!(
                    "local function {name}(p, q) {} end",
                    self.nested(&["p", "q"], depth + 1, false)
                )
            }
            11 => format!(
                "function {}(p) {} end",
                self.pick(&["gf", "t.a", "t.a.b", "t:m"]),
                self.nested(&["p", "self"], depth + 1, false)
            ),
            12 => format!(
                "do local c1 = {}; local f = function() c1 = c1 + 1; return c1 end; {} end",
                self.expr(depth),
                self.nested(&["c1", "f"], depth, in_loop)
            ),
            13 if in_loop => format!("if {} then goto cont end", self.expr(depth)),
            _ => format!("{}()", self.prefix(depth)),
        }
    }

    fn block(&mut self, depth: usize, in_loop: bool) -> String {
        let saved = self.scope.len();
        let mut stats: Vec<String> = (0..1 + self.next(if depth < 3 { 4 } else { 1 }))
            .map(|_| self.stat(depth, in_loop))
            .collect();
        if stats.iter().any(|s| s.contains("goto cont")) {
            stats.push("::cont::".to_string());
        } else if self.next(3) == 0 {
            stats.push(format!("return {}", self.args(depth)));
        }
        self.scope.truncate(saved);
        stats.join(if depth == 0 { "\n" } else { " " })
    }
}

/// Inserts line breaks at random token boundaries outside string literals: for some spaces
/// (so around operators, keywords, `=` and before `end`, `else`, `until`...), after `(`, `[`,
/// `{` and `,`, and before a field `.`, a method `:`, `)`, `]` and `}`.
fn spread_over_lines(source: &str, gen: &mut Gen) -> String {
    let bytes = source.as_bytes();
    let mut out = String::with_capacity(source.len() * 2);
    let mut in_string = false;
    for (i, &b) in bytes.iter().enumerate() {
        let previous = if i > 0 { bytes[i - 1] } else { b'\n' };
        let rest = &bytes[i..];
        if b == b'"' {
            in_string = !in_string;
        }
        let field_dot = b == b'.'
            && (previous.is_ascii_alphabetic() || previous == b')' || previous == b']')
            && bytes.get(i + 1) != Some(&b'.');
        let method_colon = b == b':' && rest.starts_with(b":m(") && previous != b':';
        let closer = matches!(b, b')' | b']' | b'}');
        let block_end = b == b' '
            && [&b" end"[..], b" else", b" until"]
                .iter()
                .any(|keyword| rest.starts_with(keyword));
        let breakable = field_dot || method_colon || closer || block_end;
        if !in_string && breakable && gen.next(3) == 0 {
            out.push('\n');
        }
        if !in_string && b == b' ' && gen.next(3) == 0 {
            out.push('\n');
        } else {
            out.push(b as char);
        }
        if !in_string && matches!(b, b'(' | b'[' | b'{' | b',') && gen.next(4) == 0 {
            out.push('\n');
        }
    }
    out
}

#[test]
fn random_programs_match_luac() {
    if Command::new("luac5.4").arg("-v").output().is_err() {
        eprintln!("luac5.4 not on PATH: skipping the differential test");
        return;
    }
    let count: u64 = std::env::var("TSUKIMI_DIFF_PROGRAMS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(300);
    let dir = std::env::temp_dir().join(format!("tsukimi-bytecode-diff-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let mut failures = Vec::new();
    let mut compared = 0;
    for seed in 0..count {
        let mut gen = Gen {
            state: seed.wrapping_mul(0x9e3779b97f4a7c15) ^ 0xdead_beef,
            scope: Vec::new(),
        };
        let source = format!(
            "local K1 <const> = {}\nlocal K2 <const> = 3\nlocal K3 <const> = \"s\"\n{}\n",
            gen.pick(&["7", "2.5", "-4", "0", "1e300"]),
            gen.block(0, false)
        );
        let source = if seed % 2 == 1 {
            spread_over_lines(&source, &mut gen)
        } else {
            source
        };
        let path = dir.join(format!("p{seed}.lua"));
        std::fs::write(&path, &source).expect("write program");
        let chunk_path = dir.join(format!("p{seed}.luac"));
        let luac = Command::new("luac5.4")
            .args(["-l", "-l", "-o"])
            .arg(&chunk_path)
            .arg(&path)
            .output()
            .expect("luac5.4 runs");
        let ours = super::load_source(source.as_bytes(), &format!("@{}", path.display()));
        match (ours, luac.status.success()) {
            (Ok(proto), true) => {
                if let Err(e) = verify(&proto) {
                    failures.push(format!("seed {seed}: verify: {e}"));
                    continue;
                }
                compared += 1;
                let theirs = String::from_utf8_lossy(&luac.stdout);
                let (a, b) = (
                    normalized_listing(&listing(&proto)),
                    normalized_listing(&theirs),
                );
                if let Some((x, y)) = a.iter().zip(&b).find(|(x, y)| x != y) {
                    failures.push(format!("seed {seed}: ours `{x}` luac `{y}`\n{source}"));
                } else if a.len() != b.len() {
                    failures.push(format!("seed {seed}: listing lengths differ\n{source}"));
                } else if std::fs::read(&chunk_path).ok() != Some(crate::dump::dump(&proto, false))
                {
                    failures.push(format!("seed {seed}: binary chunks differ\n{source}"));
                }
            }
            (Err(_), false) => {}
            (Ok(_), false) => {
                failures.push(format!("seed {seed}: luac rejects, we accept\n{source}"))
            }
            (Err(e), true) => failures.push(format!("seed {seed}: we reject: {e}\n{source}")),
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
    assert!(
        compared * 2 > count,
        "only {compared} of {count} programs compiled"
    );
    assert!(
        failures.is_empty(),
        "{} differences:\n{}",
        failures.len(),
        failures.join("\n\n")
    );
}
