//! Standard libraries implemented in this crate: the base library and the string metatable's
//! arithmetic coercion. Other libraries are opened through the same `Vm` helper API.

pub mod base;
pub mod coroutine;
pub mod debug;
pub mod io;
pub mod load_file;
pub mod math;
pub mod os;
pub mod package;
pub mod string;
pub mod string_coercion;
pub mod table;
pub mod utf8;

/// The bytes a C library function sees when lua5.4 passes it a Lua string: everything before
/// the first zero byte (`os.remove("a\0b")` removes `a`, `io.open("f", "r\0x")` opens `f`
/// for reading). Used wherever lua5.4 hands a string to the C library as a `const char *`.
pub(crate) fn c_str(bytes: &[u8]) -> &[u8] {
    match bytes.iter().position(|&b| b == 0) {
        Some(end) => &bytes[..end],
        None => bytes,
    }
}
