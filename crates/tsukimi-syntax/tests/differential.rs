//! Differential test against `lua5.4`: thousands of generated chunks, each loaded by both.
//!
//! Chunks are built deterministically (a small xorshift generator, no dependencies) from
//! random token soups and from mutations of the fuzz seeds (byte deletions, insertions of
//! tokens and random bytes). All are written to a temporary directory and loaded by one
//! `lua5.4` process with `load(src, "=input")` called from its main chunk, which matches
//! `ParseOptions { c_levels_in_use: 2 }`. For every chunk, tsukimi must accept exactly when
//! `lua5.4` does and otherwise print the same message, except where the difference is by
//! design: errors the bytecode compiler reports (scopes, `goto`, `<const>`). Skips when
//! `lua5.4` is not installed.

use std::path::{Path, PathBuf};
use std::process::Command;

const CASES: usize = 3000;

const FRAGMENTS: &[&str] = &[
    "local",
    "function",
    "end",
    "if",
    "then",
    "else",
    "elseif",
    "while",
    "do",
    "for",
    "in",
    "repeat",
    "until",
    "return",
    "break",
    "goto",
    "::",
    "x",
    "y",
    "f",
    "t",
    "=",
    "==",
    "~=",
    "<=",
    ">=",
    "<",
    ">",
    "+",
    "-",
    "*",
    "/",
    "//",
    "%",
    "^",
    "#",
    "&",
    "|",
    "~",
    "<<",
    ">>",
    "..",
    "...",
    "(",
    ")",
    "{",
    "}",
    "[",
    "]",
    ";",
    ":",
    ",",
    ".",
    "1",
    "2.5",
    "0x10",
    "1e5",
    "'s'",
    "\"str\"",
    "[[long]]",
    "nil",
    "true",
    "false",
    "and",
    "or",
    "not",
    "<const>",
    "<close>",
    "\n",
    " ",
    "--c\n",
    "a.b",
    "f()",
    "3x",
    "0x",
    "'\\q'",
    "'\\x4'",
    "\"\\u{41}\"",
    "[==[",
    "]==]",
    "'unterminated",
    "\\",
    "@",
    "\x01",
    "--[[",
    "]]",
    "\r\n",
    "t[1]",
    "{1,2}",
    "function() end",
    "(x)",
    "x:m()",
    "goto l",
    "::l::",
    "\0",
];

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

fn seeds() -> Vec<Vec<u8>> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../fuzz/seeds/parse");
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|entries| entries.flatten().map(|e| e.path()).collect())
        .unwrap_or_default();
    files.sort();
    files
        .iter()
        .filter_map(|p| std::fs::read(p).ok())
        .filter(|s| s.len() < 600)
        .collect()
}

fn generate(rng: &mut Rng, seeds: &[Vec<u8>]) -> Vec<u8> {
    if seeds.is_empty() || rng.below(2) == 0 {
        let count = 1 + rng.below(14);
        let parts: Vec<&str> = (0..count)
            .map(|_| FRAGMENTS[rng.below(FRAGMENTS.len())])
            .collect();
        return parts.join(" ").into_bytes();
    }
    let mut bytes = seeds[rng.below(seeds.len())].clone();
    for _ in 0..1 + rng.below(4) {
        let at = rng.below(bytes.len() + 1);
        match rng.below(5) {
            0 | 1 if !bytes.is_empty() => {
                let end = (at + 1 + rng.below(6)).min(bytes.len());
                bytes.drain(at.min(end)..end);
            }
            4 => bytes.insert(at, rng.next() as u8),
            _ => {
                let fragment = FRAGMENTS[rng.below(FRAGMENTS.len())].as_bytes();
                bytes.splice(at..at, fragment.iter().copied());
            }
        }
    }
    bytes
}

/// What `lua5.4` says about each file: `None` if it loads, else the message.
fn lua_verdicts(dir: &Path, count: usize) -> Option<Vec<Option<Vec<u8>>>> {
    let script = r#"
        local dir, count = os.getenv("DIFF_DIR"), tonumber(os.getenv("DIFF_COUNT"))
        for i = 1, count do
          local fh = assert(io.open(string.format("%s/%05d.lua", dir, i), "rb"))
          local src = fh:read("a"); fh:close()
          local f, err = load(src, "=input")
          if f then io.write("-\n") else
            err = err:gsub("\nstack traceback:.*", "")
            io.write(#err, "\n", err)
          end
        end"#;
    let output = Command::new("lua5.4")
        .arg("-e")
        .arg(script)
        .env("DIFF_DIR", dir)
        .env("DIFF_COUNT", count.to_string())
        .output()
        .ok()?;
    if !output.status.success() {
        return None;
    }
    parse_verdicts(&output.stdout, count)
}

fn parse_verdicts(mut out: &[u8], count: usize) -> Option<Vec<Option<Vec<u8>>>> {
    let mut verdicts = Vec::with_capacity(count);
    for _ in 0..count {
        let newline = out.iter().position(|&b| b == b'\n')?;
        let head = std::str::from_utf8(&out[..newline]).ok()?;
        out = &out[newline + 1..];
        if head == "-" {
            verdicts.push(None);
        } else {
            let len: usize = head.parse().ok()?;
            verdicts.push(Some(out.get(..len)?.to_vec()));
            out = &out[len..];
        }
    }
    Some(verdicts)
}

fn is_compiler_error(message: &str) -> bool {
    [
        "break outside loop",
        "no visible label",
        "already defined",
        "jumps into the scope",
        "attempt to assign to const",
        "too many upvalues",
        "registers",
        "control structure",
    ]
    .iter()
    .any(|pattern| message.contains(pattern))
}

#[test]
fn parser_agrees_with_lua() {
    let dir = std::env::temp_dir().join(format!("tsukimi-syntax-diff-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let seeds = seeds();
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let sources: Vec<Vec<u8>> = (0..CASES).map(|_| generate(&mut rng, &seeds)).collect();
    for (i, source) in sources.iter().enumerate() {
        std::fs::write(dir.join(format!("{:05}.lua", i + 1)), source).unwrap();
    }
    let verdicts = lua_verdicts(&dir, CASES);
    let _ = std::fs::remove_dir_all(&dir);
    let Some(verdicts) = verdicts else {
        eprintln!("lua5.4 not available; skipping");
        return;
    };
    let options = tsukimi_syntax::ParseOptions { c_levels_in_use: 2 };
    let mut mismatches = Vec::new();
    let mut rejected = 0;
    for (source, lua) in sources.iter().zip(&verdicts) {
        let ours = tsukimi_syntax::parse_with_options(source, "=input", &options).err();
        // Compared as bytes: a quoted token need not be UTF-8.
        let ours_bytes = ours.as_ref().map(|e| e.message.as_slice());
        if ours_bytes == lua.as_deref() {
            rejected += usize::from(lua.is_some());
            continue;
        }
        let lua = lua
            .as_ref()
            .map(|m| String::from_utf8_lossy(m).into_owned());
        rejected += usize::from(lua.is_some());
        let ours = ours.map(|e| e.to_string());
        if lua.as_deref().is_some_and(is_compiler_error) {
            continue;
        }
        mismatches.push(format!(
            "{:?}\n  ours {ours:?}\n  lua  {lua:?}",
            String::from_utf8_lossy(source)
        ));
    }
    eprintln!("{CASES} chunks, {rejected} rejected by lua5.4");
    assert!(
        rejected > CASES / 4,
        "the generator should produce many errors"
    );
    assert!(
        mismatches.is_empty(),
        "{} mismatches:\n{}",
        mismatches.len(),
        mismatches.join("\n")
    );
}
