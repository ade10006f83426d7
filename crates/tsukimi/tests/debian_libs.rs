//! Pure-Lua libraries from Debian, loaded through `require` and exercised through tsukimi:
//! `lua-dkjson` (JSON), `lua-inifile` (INI files, through the io library) and `lua-penlight`
//! (List, tablex, stringx, class, utils, text, func, array2d).
//!
//! Debian installs them under `/usr/share/lua/5.1` with symbolic links in
//! `/usr/share/lua/5.4`, which lua5.4's default `package.path` (and tsukimi's, the same) covers.
//! Each test first checks that the default path covers that directory, then pins
//! `package.path` to it so the environment cannot change what is loaded.
//!
//! Expected output: what `lua5.4` prints for the same script when it is installed (a
//! differential test that keeps working when Debian updates a library), otherwise the text
//! recorded here from lua5.4 5.4.4 with dkjson 2.6, inifile 1.0 and penlight 1.13.
//!
//! A test whose library is not installed prints why it is skipped and passes
//! (`apt-get install -y lua-dkjson lua-inifile lua-penlight`).
//!
//! Penlight modules that need the `debug` library (`pl.pretty` and with it `pl.Map`,
//! `pl.Set`, `pl.OrderedMap`, `pl.MultiMap`; `pl.seq`; `pl.Date` through
//! `utils.raise_deprecation`) have a test of their own.

use std::io::Write;
use std::path::Path;
use std::process::Command;
use std::sync::{Arc, Mutex};

use tsukimi::Lua;

const SHARE_DIR: &str = "/usr/share/lua/5.4";

/// Checks the default path, then pins it to Debian's directory.
const PRELUDE: &str = r#"
if not (os.getenv("LUA_PATH_5_4") or os.getenv("LUA_PATH")) then
  assert(package.path:find("/usr/share/lua/5.4/?.lua;", 1, true), package.path)
  assert(package.path:find("/usr/share/lua/5.4/?/init.lua;", 1, true), package.path)
end
package.path = "/usr/share/lua/5.4/?.lua;/usr/share/lua/5.4/?/init.lua"
"#;

#[derive(Clone, Default)]
struct Capture(Arc<Mutex<Vec<u8>>>);

impl Write for Capture {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0
            .lock()
            .map_err(|_| std::io::Error::other("poisoned"))?
            .extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Whether the library file exists; prints the skip reason otherwise.
fn installed(module_file: &str, package: &str) -> bool {
    let path = Path::new(SHARE_DIR).join(module_file);
    if path.exists() {
        return true;
    }
    eprintln!(
        "SKIPPED: {} not found; install the Debian package with `apt-get install -y {package}`",
        path.display()
    );
    false
}

/// Runs the script in tsukimi and returns its output (panics on a Lua error).
fn run_tsukimi(script: &str) -> String {
    let mut lua = Lua::new();
    let capture = Capture::default();
    lua.set_output(Box::new(capture.clone()));
    let source = format!("{PRELUDE}\n{script}");
    let result = lua.exec(source.as_bytes(), "=debian_libs");
    lua.flush_output();
    let out = String::from_utf8_lossy(&capture.0.lock().expect("capture lock")).into_owned();
    if let Err(e) = result {
        panic!("tsukimi failed: {e}\noutput so far:\n{out}");
    }
    out
}

/// What lua5.4 prints for the script, if lua5.4 is installed.
fn run_lua54(name: &str, script: &str) -> Option<String> {
    let path =
        std::env::temp_dir().join(format!("tsukimi-debian-{name}-{}.lua", std::process::id()));
    std::fs::write(&path, format!("{PRELUDE}\n{script}")).ok()?;
    let output = Command::new("lua5.4").arg(&path).output().ok();
    let _ = std::fs::remove_file(&path);
    let output = output?;
    assert!(
        output.status.success(),
        "lua5.4 failed on the {name} script: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    Some(String::from_utf8_lossy(&output.stdout).into_owned())
}

fn check(name: &str, script: &str, recorded: &str) {
    let actual = run_tsukimi(script);
    match run_lua54(name, script) {
        Some(reference) => assert_eq!(actual, reference, "{name}: tsukimi differs from lua5.4"),
        None => assert_eq!(
            actual, recorded,
            "{name}: tsukimi differs from the recorded output"
        ),
    }
}

const DKJSON_SCRIPT: &str = r#"
local json = require("dkjson")
print(json.version)
local order = {keyorder = {"name", "version", "tags", "nested", "empty", "flag", "unicode", "escapes"}}
local doc = {name = "tsukimi", version = 1.5, tags = {"lua", "jit"}, nested = {empty = {}, flag = false},
  unicode = "caf\u{e9} \u{1F319}", escapes = "quote\" backslash\\ newline\n tab\t"}
local text = json.encode(doc, order)
print(text)
order.indent = true
print(json.encode(doc, order))
local back = json.decode(text)
print(back.name, back.version, back.tags[2], #back.tags, back.nested.flag,
  back.unicode == doc.unicode, back.escapes == doc.escapes)
local v, pos, err = json.decode('{"a": [1, 2, {"b": null}], "c": "\\u00e9\\ud83c\\udf19", "d": -1.25e3, "e": 1e400}')
print(v.a[1], v.a[3].b, v.c, v.d, v.e, pos, err)
print(json.decode('[1, 2', 1, nil))
print(json.decode('{"x": }'))
print(json.encode({1, 2, nil, 4}), json.encode({}), json.encode(json.null), json.encode("\0\1"))
print(pcall(json.encode, {f = print}))
print(json.encode(setmetatable({}, {__jsontype = "array"})), json.encode(setmetatable({}, {__jsontype = "object"})))
print(json.encode({3, 2.5, -0.0, 1/3, 2^53, math.huge, -math.huge}))
"#;

const DKJSON_RECORDED: &str = r#"dkjson 2.6
{"name":"tsukimi","version":1.5,"tags":["lua","jit"],"nested":{"empty":[],"flag":false},"unicode":"café 🌙","escapes":"quote\" backslash\\ newline\n tab\t"}
{
  "name":"tsukimi",
  "version":1.5,
  "tags":["lua","jit"],
  "nested":{
    "empty":[],
    "flag":false
  },
  "unicode":"café 🌙",
  "escapes":"quote\" backslash\\ newline\n tab\t"
}
tsukimi	1.5	jit	2	false	true	true
1	nil	é🌙	-1250.0	inf	80	nil
nil	6	unterminated array at line 1, column 1
nil	7	no valid JSON value at line 1, column 7
[1,2,null,4]	[]	null	"\u0000\u0001"
false	type 'function' is not supported by JSON.
[]	{}
[3,2.5,-0.0,0.33333333333333,9.007199254741e+15,null,null]
"#;

#[test]
fn dkjson_encodes_and_decodes() {
    if installed("dkjson.lua", "lua-dkjson") {
        check("dkjson", DKJSON_SCRIPT, DKJSON_RECORDED);
    }
}

const INIFILE_SCRIPT: &str = r#"
local inifile = require("inifile")
local name = os.tmpname()
local f = assert(io.open(name, "w"))
f:write("; top comment\n[server]\nhost=example.org\nport=8080\n\n[client]\n; a comment\nretries=3\nname = spaced value \n")
f:close()
local t = inifile.parse(name)
print(t.server.host, t.server.port, math.type(t.server.port), t.client.retries, "[" .. tostring(t.client.name) .. "]")
t.server.port = 9090
t.extra = {enabled = true}
print(inifile.save(name, t, "memory"))
-- inifile's io backend never closes the file it writes: the collector must flush and close it
local function save_without_closing() inifile.save(name, t) end
local function overwrite_dead_slots() local a, b, c, d, e, f, g, h, i, j = 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 return a end
save_without_closing()
overwrite_dead_slots()
collectgarbage()
collectgarbage()
local again = inifile.parse(name)
print(again.server.port, again.extra.enabled, again.client.retries)
local mem = inifile.parse("[a]\nx=1\ny=two\n", "memory")
print(mem.a.x, mem.a.y)
os.remove(name)
"#;

const INIFILE_RECORDED: &str = "example.org\t8080\tinteger\t3\t[ spaced value ]
; top comment

[server]
host=example.org
port=9090

[client]
; a comment
retries=3
name= spaced value 

[extra]
enabled=true

9090\ttrue\t3
1\ttwo
";

#[test]
fn inifile_parses_and_saves_through_the_io_library() {
    if installed("inifile.lua", "lua-inifile") {
        check("inifile", INIFILE_SCRIPT, INIFILE_RECORDED);
    }
}

const PENLIGHT_SCRIPT: &str = r#"
local List = require("pl.List")
local tablex = require("pl.tablex")
local stringx = require("pl.stringx")
local class = require("pl.class")
local utils = require("pl.utils")
local text = require("pl.text")
local func = require("pl.func")
local array2d = require("pl.array2d")
local l = List({3, 1, 2})
l:sort()
print(l, l:map(function(x) return x * 10 end), l:reduce("+"), #l)
print(List.range(1, 5):filter(function(x) return x % 2 == 1 end))
print(tablex.size({a = 1, b = 2}), tablex.deepcompare({1, {2}}, {1, {2}}), table.concat(tablex.keys({x = 1}), ","))
print(stringx.strip("  hi  "), stringx.startswith("hello", "he"), stringx.join(",", {"a", "b"}), stringx.title("hello world"))
print(stringx.replace("a-b-c", "-", "+"), stringx.count("banana", "an"), stringx.rjust("x", 4, "."), stringx.center("ab", 6, "*"))
local Animal = class()
function Animal:_init(name) self.name = name end
function Animal:speak() return self.name .. " makes a sound" end
local Dog = class(Animal)
function Dog:speak() return self.name .. " barks" end
print(Dog("Rex"):speak(), Animal("Cat"):speak(), Dog:class_of(Dog("x")), Dog("x"):is_a(Animal))
print(table.concat(utils.split("a b  c"), "|"))
local T = text.Template("hello $name")
print(T:substitute({name = "world"}))
local m = array2d.map(function(x) return x * 2 end, {{1, 2}, {3, 4}})
print(m[1][1], m[1][2], m[2][1], m[2][2])
print(utils.quote_arg and utils.quote_arg("a b") or "", utils.escape("a.b"))
print(table.concat(stringx.splitlines("a\nb\n"), "|"))
local add = func.bind1(function(a, b) return a + b end, 10)
print(add(5), tablex.reduce("+", tablex.map(function(x) return x * x end, {1, 2, 3})))
"#;

const PENLIGHT_RECORDED: &str = "{1,2,3}\t{10,20,30}\t6\t3
{1,3,5}
2\ttrue\tx
hi\ttrue\ta,b\tHello World
a+b+c\t2\t...x\t**ab**
Rex barks\tCat makes a sound\ttrue\ttrue
a|b|c
hello world
2\t4\t6\t8
'a b'\ta%.b
a|b
15\t14
";

#[test]
fn penlight_core_modules_work() {
    if installed("pl/init.lua", "lua-penlight") {
        check("penlight", PENLIGHT_SCRIPT, PENLIGHT_RECORDED);
    }
}

const PENLIGHT_DEBUG_SCRIPT: &str = r#"
local pretty = require("pl.pretty")
print(pretty.write({1, 2, {a = 1}}, ""))
local Map = require("pl.Map")
print(Map{x = 1}:get("x"))
local Set = require("pl.Set")
print(Set{1, 2, 3} == Set{3, 2, 1}, Set.len(Set{1, 2} + Set{2, 3}))
local seq = require("pl.seq")
print(seq.sum{1, 2, 3})
local Date = require("pl.Date")
print(Date{year = 2020, month = 1, day = 2, hour = 0}:year())
local OrderedMap = require("pl.OrderedMap")
local om = OrderedMap()
om:set("b", 1)
om:set("a", 2)
print(table.concat(om:keys(), ","))
local MultiMap = require("pl.MultiMap")
local mm = MultiMap()
mm:set("k", 1)
mm:set("k", 2)
print(#mm.k, mm.k[2])
"#;

const PENLIGHT_DEBUG_RECORDED: &str = "{1,2,{a=1}}
1
true\t3
6\t3
2020
b,a
2\t2
";

/// The penlight modules that reach into the `debug` library.
#[test]
fn penlight_modules_using_the_debug_library_work() {
    if installed("pl/init.lua", "lua-penlight") {
        check(
            "penlight-debug",
            PENLIGHT_DEBUG_SCRIPT,
            PENLIGHT_DEBUG_RECORDED,
        );
    }
}
