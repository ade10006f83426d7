//! `tsukimi -bl file.lua`: print a chunk's bytecode listing and exit, without running it.
//!
//! The option follows LuaJIT's `luajit -bl` (the bytecode tool's "list" mode), since `lua`
//! itself has no listing option and `luac -l` is a separate program. It must be the first
//! argument; the next argument names the file (`-` or nothing for standard input). The file is
//! read exactly as the interpreter would read it (byte-order mark and `#` line skipped) and
//! compiled by the same compiler, so the listing is what the interpreter runs. The format is
//! `luac5.4 -l -l`'s (see `tsukimi_bytecode::listing`), with `main`/`f1`/… in place of the
//! addresses luac prints. A binary chunk (`luac5.4` output or `string.dump`'s) is listed as it
//! loads, as `luac5.4 -l` lists one. A syntax error or a bad binary chunk is reported like any
//! other load failure: message on stderr, exit status 1.

use std::io::Write;

use crate::chunk_source::{read_chunk, ChunkOrigin};

/// Runs `-bl [file]`; `args` are the words after `-bl`. Returns `true` for exit status 0.
pub fn run(progname: &[u8], args: &[Vec<u8>]) -> bool {
    let origin = match args.first() {
        None => ChunkOrigin::Stdin,
        Some(name) if name == b"-" => ChunkOrigin::Stdin,
        Some(name) => ChunkOrigin::File(name),
    };
    let complain = |message: &[u8]| {
        let mut text = progname.to_vec();
        text.extend_from_slice(b": ");
        text.extend_from_slice(message);
        text.push(b'\n');
        let _ = std::io::stderr().write_all(&text);
        false
    };
    let chunk = match read_chunk(origin) {
        Ok(chunk) => chunk,
        Err(message) => return complain(&message),
    };
    let loaded = if chunk.is_binary {
        tsukimi_bytecode::undump(&chunk.bytes, &chunk.chunkname)
    } else {
        tsukimi_bytecode::load_source(&chunk.bytes, &chunk.chunkname)
    };
    match loaded {
        Ok(proto) => {
            let mut out = std::io::stdout().lock();
            out.write_all(tsukimi_bytecode::listing(&proto).as_bytes())
                .is_ok()
                && out.flush().is_ok()
        }
        Err(error) => complain(&error.message),
    }
}
