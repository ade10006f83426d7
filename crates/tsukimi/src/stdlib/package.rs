//! The package library and `require` (`loadlib.c`, Lua 5.4 manual §6.3).
//!
//! `require(name)` returns `package.loaded[name]` when it is set; otherwise it asks each
//! function of `package.searchers` in turn for a loader, calls the loader with the name and the
//! searcher's extra value (the file name for file searchers), stores its result (or `true`) in
//! `package.loaded[name]`, and returns that value and the extra value. When no searcher finds
//! the module, the error lists what each one tried, exactly as lua5.4:
//! `module 'x' not found:\n\tno field package.preload['x']\n\tno file './x.lua'...`.
//!
//! The four searchers are lua5.4's: `package.preload`, Lua files along `package.path`, C
//! libraries along `package.cpath`, and the C "all-in-one" root library. tsukimi cannot load
//! native libraries (it is pure Rust), so the C searchers behave like a lua5.4 built without
//! dynamic-library support (`LUA_DL_NONE`): they report the files they looked for, and a C
//! library that exists fails with "dynamic libraries not enabled; check your Lua
//! installation"; `package.loadlib` returns `nil, that message, "absent"`.
//!
//! Paths come from `LUA_PATH_5_4`/`LUA_PATH` (and `LUA_CPATH_5_4`/`LUA_CPATH`), with `;;`
//! replaced by the default path (Debian's lua5.4 defaults), unless the registry field
//! `LUA_NOENV` is true (what `lua -E` sets); [`refresh_paths`] recomputes them after a host
//! sets that field.
//!
//! GC: `require` keeps the loader and its extra value on the Lua stack while the loader runs.

use std::os::unix::ffi::OsStrExt;

use crate::object::function::NativeFn;
use crate::object::table::Table;
use crate::value::{Gc, Value};
use crate::vm::meta::Origin;
use crate::vm::{ArgRange, LuaError, Vm};

type R = Result<usize, LuaError>;

/// `package.config`: directory separator, path separator, name mark, executable-directory
/// mark, ignore mark.
const CONFIG: &str = "/\n;\n?\n!\n-\n";
/// Message of a lua5.4 built without dynamic libraries (`DLMSG`).
const NO_DYNAMIC_LIBRARIES: &str = "dynamic libraries not enabled; check your Lua installation";
/// Registry field of `package.preload` (`LUA_PRELOAD_TABLE`).
const PRELOAD_KEY: &str = "_PRELOAD";

/// Debian's `LUA_PATH_DEFAULT` for lua5.4.
pub const DEFAULT_PATH: &str =
    "/usr/local/share/lua/5.4/?.lua;/usr/local/share/lua/5.4/?/init.lua;\
/usr/local/lib/lua/5.4/?.lua;/usr/local/lib/lua/5.4/?/init.lua;\
/usr/share/lua/5.4/?.lua;/usr/share/lua/5.4/?/init.lua;./?.lua;./?/init.lua";

/// Debian's `LUA_CPATH_DEFAULT` for lua5.4 (with this machine's multiarch directory).
pub fn default_cpath() -> String {
    format!(
        "/usr/local/lib/lua/5.4/?.so;/usr/lib/{}-linux-gnu/lua/5.4/?.so;/usr/lib/lua/5.4/?.so;\
/usr/local/lib/lua/5.4/loadall.so;./?.so",
        std::env::consts::ARCH
    )
}

/// Opens the package library: the `package` table, the `require` global and
/// `package.loaded.package`.
pub fn open(vm: &mut Vm) -> Result<(), LuaError> {
    let package = vm.new_table(0, 8)?;
    vm.register(package, "loadlib", package_loadlib)?;
    vm.register(package, "searchpath", package_searchpath)?;
    let searchers = vm.new_table(4, 0)?;
    let list: [(NativeFn, &'static str); 4] = [
        (search_preload, "searcher_preload"),
        (search_lua, "searcher_Lua"),
        (search_c, "searcher_C"),
        (search_c_root, "searcher_Croot"),
    ];
    for (i, (f, name)) in list.into_iter().enumerate() {
        let f = vm.new_native_with_upvalues(f, name, vec![Value::Table(package)])?;
        vm.raw_set(searchers, Value::Integer(i as i64 + 1), f)?;
    }
    vm.set_field(package, "searchers", Value::Table(searchers))?;
    let config = vm.new_string(CONFIG.as_bytes())?;
    vm.set_field(package, "config", Value::String(config))?;
    let loaded = vm.loaded();
    vm.set_field(package, "loaded", Value::Table(loaded))?;
    let registry = vm.registry();
    let preload = match vm.get_field(registry, PRELOAD_KEY)? {
        Value::Table(t) => t,
        _ => {
            let t = vm.new_table(0, 0)?;
            vm.set_field(registry, PRELOAD_KEY, Value::Table(t))?;
            t
        }
    };
    vm.set_field(package, "preload", Value::Table(preload))?;
    set_paths(vm, package)?;
    let require = vm.new_native_with_upvalues(require, "require", vec![Value::Table(package)])?;
    let globals = vm.globals();
    vm.set_field(globals, "require", require)?;
    vm.set_field(globals, "package", Value::Table(package))?;
    vm.set_field(loaded, "package", Value::Table(package))?;
    Ok(())
}

/// Recomputes `package.path` and `package.cpath` (for hosts that set the registry field
/// `LUA_NOENV` after opening the libraries, like `tsukimi -E`).
pub fn refresh_paths(vm: &mut Vm) -> Result<(), LuaError> {
    let loaded = vm.loaded();
    if let Value::Table(package) = vm.get_field(loaded, "package")? {
        set_paths(vm, package)?;
    }
    Ok(())
}

fn set_paths(vm: &mut Vm, package: Gc<Table>) -> Result<(), LuaError> {
    let registry = vm.registry();
    let no_env = !vm.get_field(registry, "LUA_NOENV")?.is_falsy();
    let path = path_from_env("LUA_PATH", DEFAULT_PATH.as_bytes(), no_env);
    let cpath = path_from_env("LUA_CPATH", default_cpath().as_bytes(), no_env);
    let path = vm.new_string(&path)?;
    vm.set_field(package, "path", Value::String(path))?;
    let cpath = vm.new_string(&cpath)?;
    vm.set_field(package, "cpath", Value::String(cpath))?;
    Ok(())
}

/// loadlib's `setpath`: `NAME_5_4`, else `NAME`, else the default; a `;;` in the variable is
/// replaced by `;default;` (without empty ends).
pub fn path_from_env(env_name: &str, default: &[u8], no_env: bool) -> Vec<u8> {
    let value = std::env::var_os(format!("{env_name}_5_4")).or_else(|| std::env::var_os(env_name));
    match value {
        Some(v) if !no_env => insert_default(v.as_bytes(), default),
        _ => default.to_vec(),
    }
}

/// Replaces the first `;;` of a path from the environment by `;default;` (no separator at an
/// end that has nothing beyond it).
pub fn insert_default(value: &[u8], default: &[u8]) -> Vec<u8> {
    let Some(mark) = find(value, b";;") else {
        return value.to_vec();
    };
    let mut out = Vec::with_capacity(value.len() + default.len() + 2);
    if mark > 0 {
        out.extend_from_slice(&value[..mark]);
        out.push(b';');
    }
    out.extend_from_slice(default);
    if mark + 2 < value.len() {
        out.push(b';');
        out.extend_from_slice(&value[mark + 2..]);
    }
    out
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    if needle.is_empty() {
        return Some(0);
    }
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// `luaL_gsub` on bytes: every occurrence of `from` replaced by `to`.
fn replace_all(text: &[u8], from: &[u8], to: &[u8]) -> Vec<u8> {
    if from.is_empty() {
        return text.to_vec();
    }
    let mut out = Vec::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = find(rest, from) {
        out.extend_from_slice(&rest[..i]);
        out.extend_from_slice(to);
        rest = &rest[i + from.len()..];
    }
    out.extend_from_slice(rest);
    out
}

/// `readable`: whether `fopen(name, "r")` succeeds.
fn readable(name: &[u8]) -> bool {
    !name.contains(&0) && std::fs::File::open(std::ffi::OsStr::from_bytes(name)).is_ok()
}

/// loadlib's `searchpath`: the first readable file of `path` (with `?` replaced by `name`, in
/// which `sep` was replaced by `dirsep`), or the "no file '...'" message listing every try.
pub fn search_path(
    name: &[u8],
    path: &[u8],
    sep: &[u8],
    dirsep: &[u8],
) -> Result<Vec<u8>, Vec<u8>> {
    let name = if !sep.is_empty() && name.contains(&sep[0]) {
        replace_all(name, sep, dirsep)
    } else {
        name.to_vec()
    };
    let candidates = replace_all(path, b"?", &name);
    if !candidates.is_empty() {
        for candidate in candidates.split(|&c| c == b';') {
            if readable(candidate) {
                return Ok(candidate.to_vec());
            }
        }
    }
    let mut msg = b"no file '".to_vec();
    msg.extend_from_slice(&replace_all(&candidates, b";", b"'\n\tno file '"));
    msg.push(b'\'');
    Err(msg)
}

/// The package table a searcher or `require` closes over.
fn package_upvalue(vm: &mut Vm) -> Value {
    vm.current_native()
        .map(|f| f.upvalue(0))
        .unwrap_or(Value::Nil)
}

/// `findfile`: searches `package[field]` for `name`; `Err` carries the not-found message.
fn find_file(vm: &mut Vm, name: &[u8], field: &str) -> Result<Result<Vec<u8>, Vec<u8>>, LuaError> {
    let package = package_upvalue(vm);
    let key = vm.new_string(field.as_bytes())?;
    let path = vm.index(package, Value::String(key), Origin::None)?;
    let Some(path) = vm.to_string_coerce(path)? else {
        return Err(vm.native_error(&format!("'package.{field}' must be a string")));
    };
    // `lua_tostring` as a C string: the path ends at its first zero byte.
    let path = crate::stdlib::c_str(path.as_bytes());
    Ok(search_path(name, path, b".", b"/"))
}

fn push_bytes(vm: &mut Vm, bytes: &[u8]) -> Result<(), LuaError> {
    let s = vm.new_string(bytes)?;
    vm.push(Value::String(s))
}

/// `checkload` failure: "error loading module 'x' from file 'f':\n\t<why>".
fn load_error(vm: &mut Vm, name: &[u8], file: &[u8], why: &[u8]) -> LuaError {
    let mut msg = b"error loading module '".to_vec();
    msg.extend_from_slice(name);
    msg.extend_from_slice(b"' from file '");
    msg.extend_from_slice(file);
    msg.extend_from_slice(b"':\n\t");
    msg.extend_from_slice(why);
    vm.native_error_bytes(&msg)
}

fn search_preload(vm: &mut Vm, args: ArgRange) -> R {
    let name = vm.check_string(args, 1)?;
    let registry = vm.registry();
    let preload = vm.get_field(registry, PRELOAD_KEY)?;
    let loader = match preload {
        Value::Table(_) => vm.index(preload, Value::String(name), Origin::None)?,
        _ => Value::Nil,
    };
    if loader.is_nil() {
        let mut msg = b"no field package.preload['".to_vec();
        msg.extend_from_slice(name.as_bytes());
        msg.extend_from_slice(b"']");
        push_bytes(vm, &msg)?;
        return Ok(1);
    }
    vm.push(loader)?;
    push_bytes(vm, b":preload:")?;
    Ok(2)
}

/// `luaL_loadfilex` for a module file: the chunk, or the load error message (the file is
/// parsed while it is read, as `loadfile` does).
fn load_module_file(vm: &mut Vm, file: &[u8]) -> Result<Result<Value, Vec<u8>>, LuaError> {
    match crate::stdlib::load_file::load_file_named(vm, Some(file), b"bt", None)? {
        Ok(f) => Ok(Ok(f)),
        Err(msg) => {
            let text = match vm.to_string_coerce(msg)? {
                Some(s) => s.as_bytes().to_vec(),
                None => Vec::new(),
            };
            Ok(Err(text))
        }
    }
}

fn search_lua(vm: &mut Vm, args: ArgRange) -> R {
    let name = vm.check_string(args, 1)?;
    let file = match find_file(vm, name.as_bytes(), "path")? {
        Ok(file) => file,
        Err(msg) => {
            push_bytes(vm, &msg)?;
            return Ok(1);
        }
    };
    match load_module_file(vm, &file)? {
        Ok(f) => {
            vm.push(f)?;
            push_bytes(vm, &file)?;
            Ok(2)
        }
        Err(why) => Err(load_error(vm, name.as_bytes(), &file, &why)),
    }
}

fn search_c(vm: &mut Vm, args: ArgRange) -> R {
    let name = vm.check_string(args, 1)?;
    match find_file(vm, name.as_bytes(), "cpath")? {
        Ok(file) => Err(load_error(
            vm,
            name.as_bytes(),
            &file,
            NO_DYNAMIC_LIBRARIES.as_bytes(),
        )),
        Err(msg) => {
            push_bytes(vm, &msg)?;
            Ok(1)
        }
    }
}

fn search_c_root(vm: &mut Vm, args: ArgRange) -> R {
    let name = vm.check_string(args, 1)?;
    let Some(dot) = name.as_bytes().iter().position(|&c| c == b'.') else {
        return Ok(0);
    };
    let root = name.as_bytes()[..dot].to_vec();
    match find_file(vm, &root, "cpath")? {
        Ok(file) => Err(load_error(
            vm,
            name.as_bytes(),
            &file,
            NO_DYNAMIC_LIBRARIES.as_bytes(),
        )),
        Err(msg) => {
            push_bytes(vm, &msg)?;
            Ok(1)
        }
    }
}

fn package_loadlib(vm: &mut Vm, args: ArgRange) -> R {
    vm.check_string(args, 1)?;
    vm.check_string(args, 2)?;
    vm.push(Value::Nil)?;
    push_bytes(vm, NO_DYNAMIC_LIBRARIES.as_bytes())?;
    push_bytes(vm, b"absent")?;
    Ok(3)
}

fn package_searchpath(vm: &mut Vm, args: ArgRange) -> R {
    use crate::stdlib::c_str;
    let name = vm.check_string(args, 1)?;
    let path = vm.check_string(args, 2)?;
    // All four are C strings in loadlib.c: each ends at its first zero byte.
    let sep = match vm.arg(args, 3) {
        Value::Nil => b".".to_vec(),
        _ => c_str(vm.check_string(args, 3)?.as_bytes()).to_vec(),
    };
    let dirsep = match vm.arg(args, 4) {
        Value::Nil => b"/".to_vec(),
        _ => c_str(vm.check_string(args, 4)?.as_bytes()).to_vec(),
    };
    match search_path(
        c_str(name.as_bytes()),
        c_str(path.as_bytes()),
        &sep,
        &dirsep,
    ) {
        Ok(file) => {
            push_bytes(vm, &file)?;
            Ok(1)
        }
        Err(msg) => {
            vm.push(Value::Nil)?;
            push_bytes(vm, &msg)?;
            Ok(2)
        }
    }
}

/// `require(name)` (`ll_require` + `findloader`).
fn require(vm: &mut Vm, args: ArgRange) -> R {
    let mut name = vm.check_string(args, 1)?;
    // ll_require works on the C string: the name ends at its first zero byte.
    let c_name = crate::stdlib::c_str(name.as_bytes());
    if c_name.len() != name.len() {
        name = vm.new_string(c_name)?;
        // Rooted in the argument's slot (check_string succeeded: the slot exists).
        vm.th.stack[args.base] = Value::String(name);
    }
    let name_value = Value::String(name);
    let loaded = Value::Table(vm.loaded());
    let cached = vm.index(loaded, name_value, Origin::None)?;
    if !cached.is_falsy() {
        vm.push(cached)?;
        return Ok(1);
    }
    let package = package_upvalue(vm);
    let key = vm.new_string(b"searchers")?;
    let searchers = match vm.index(package, Value::String(key), Origin::None)? {
        Value::Table(t) => t,
        _ => return Err(vm.native_error("'package.searchers' must be a table")),
    };
    // Stack from `base`: the searchers table (rooted), then each searcher's two results.
    let base = vm.top();
    vm.push(Value::Table(searchers))?;
    let slot = base + 1;
    let mut message: Vec<u8> = Vec::new();
    let mut index = 1;
    loop {
        let searcher = searchers.get_int(index);
        if searcher.is_nil() {
            let mut msg = b"module '".to_vec();
            msg.extend_from_slice(name.as_bytes());
            msg.extend_from_slice(b"' not found:");
            msg.extend_from_slice(&message);
            return Err(vm.native_error_bytes(&msg));
        }
        vm.set_top(slot)?;
        vm.push(searcher)?;
        vm.push(name_value)?;
        vm.call(slot, 2)?;
        let found = vm.stack_value(slot);
        if found.is_function() {
            break;
        }
        if let Some(s) = match found {
            Value::String(_) | Value::Integer(_) | Value::Float(_) => vm.to_string_coerce(found)?,
            _ => None,
        } {
            message.extend_from_slice(b"\n\t");
            message.extend_from_slice(s.as_bytes());
        }
        index += 1;
    }
    // Stack: [searchers, loader, data]; call loader(name, data) above them.
    let loader = vm.stack_value(slot);
    let data = vm.stack_value(slot + 1);
    vm.set_top(slot + 2)?;
    let call = vm.top();
    vm.push(loader)?;
    vm.push(name_value)?;
    vm.push(data)?;
    vm.call(call, 1)?;
    let result = vm.stack_value(call);
    if !result.is_nil() {
        vm.set_index(loaded, name_value, result, Origin::None)?;
    }
    let mut module = vm.index(loaded, name_value, Origin::None)?;
    if module.is_nil() {
        module = Value::Boolean(true);
        vm.set_index(loaded, name_value, module, Origin::None)?;
    }
    vm.push(module)?;
    vm.push(data)?;
    Ok(2)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Lua, LuaValue};

    #[test]
    fn double_semicolon_inserts_the_default_path() {
        assert_eq!(insert_default(b"a;;b", b"D"), b"a;D;b");
        assert_eq!(insert_default(b";;b", b"D"), b"D;b");
        assert_eq!(insert_default(b"a;;", b"D"), b"a;D");
        assert_eq!(insert_default(b";;", b"D"), b"D");
        assert_eq!(insert_default(b"a;b", b"D"), b"a;b");
        assert_eq!(insert_default(b"a;;b;;c", b"D"), b"a;D;b;;c");
        assert_eq!(
            path_from_env("TSUKIMI_UNSET_VARIABLE_FOR_TEST", b"D", false),
            b"D"
        );
    }

    #[test]
    fn search_path_lists_every_try() {
        assert_eq!(
            search_path(b"a.b", b"x/?.lua;?;;", b".", b"/"),
            Err(b"no file 'x/a/b.lua'\n\tno file 'a/b'\n\tno file ''\n\tno file ''".to_vec())
        );
        // An empty path tries nothing but still reports one empty name, like lua5.4.
        assert_eq!(
            search_path(b"m", b"", b".", b"/"),
            Err(b"no file ''".to_vec())
        );
        assert_eq!(
            search_path(b"a::b", b"?", b"::", b"-"),
            Err(b"no file 'a-b'".to_vec())
        );
        assert_eq!(
            search_path(b"a.b", b"?", b"", b"/"),
            Err(b"no file 'a.b'".to_vec())
        );
    }

    fn eval(lua: &mut Lua, code: &str) -> Vec<LuaValue> {
        match lua.exec(code.as_bytes(), "=test") {
            Ok(values) => values,
            Err(e) => panic!("{code}: {e}"),
        }
    }

    #[test]
    fn native_libraries_are_found_but_not_loaded() {
        let dir = std::env::temp_dir().join(format!("tsukimi-cpath-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("clib.so"), b"not a library").unwrap();
        let mut lua = Lua::new();
        let setup = format!("package.cpath = '{}/?.so'", dir.display());
        eval(&mut lua, &setup);
        let file = format!("{}/clib.so", dir.display());
        let r = eval(&mut lua, "return select(2, pcall(require, 'clib'))");
        assert_eq!(
            r,
            vec![LuaValue::string(format!(
                "error loading module 'clib' from file '{file}':\n\t{NO_DYNAMIC_LIBRARIES}"
            ))]
        );
        // The all-in-one searcher finds the root library of a submodule.
        let r = eval(&mut lua, "return select(2, pcall(require, 'clib.sub'))");
        assert_eq!(
            r,
            vec![LuaValue::string(format!(
                "error loading module 'clib.sub' from file '{file}':\n\t{NO_DYNAMIC_LIBRARIES}"
            ))]
        );
        let r = eval(
            &mut lua,
            &format!("return package.loadlib('{file}', 'luaopen_clib')"),
        );
        assert_eq!(
            r,
            vec![
                LuaValue::Nil,
                LuaValue::string(NO_DYNAMIC_LIBRARIES),
                LuaValue::string("absent")
            ]
        );
        let r = eval(&mut lua, "return package.loadlib('anything', '*')");
        assert_eq!(r[2], LuaValue::string("absent"));
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn noenv_flag_restores_the_default_paths() {
        let mut lua = Lua::new();
        eval(
            &mut lua,
            "package.path = 'changed'; package.cpath = 'changed'",
        );
        let vm = lua.vm();
        let registry = vm.registry();
        vm.set_field(registry, "LUA_NOENV", Value::Boolean(true))
            .unwrap();
        refresh_paths(vm).unwrap();
        let r = eval(&mut lua, "return package.path, package.cpath");
        assert_eq!(
            r,
            vec![
                LuaValue::string(DEFAULT_PATH),
                LuaValue::string(default_cpath())
            ]
        );
    }
}
