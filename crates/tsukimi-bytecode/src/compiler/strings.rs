//! String interning for the compiler.
//!
//! Every string the compiler handles (literals, field names, variable names used as keys) is
//! interned once into a `StrId`, so expression descriptors stay `Copy` and the constant cache
//! compares strings by id. Invariant: two equal byte strings always get the same id.

use foldhash::HashMap;

/// Index of an interned string.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) struct StrId(pub u32);

/// Maximum length of a "short" string in PUC Lua (`LUAI_MAXSHORTLEN`); only short strings
/// may be used as `GETFIELD`/`SETFIELD`/`GETTABUP` keys.
pub(crate) const MAX_SHORT_LEN: usize = 40;

#[derive(Default)]
pub(crate) struct Interner {
    strings: Vec<Vec<u8>>,
    ids: HashMap<Vec<u8>, StrId>,
}

impl Interner {
    pub fn intern(&mut self, bytes: &[u8]) -> StrId {
        if let Some(&id) = self.ids.get(bytes) {
            return id;
        }
        let id = StrId(self.strings.len() as u32);
        self.strings.push(bytes.to_vec());
        self.ids.insert(bytes.to_vec(), id);
        id
    }

    pub fn get(&self, id: StrId) -> &[u8] {
        &self.strings[id.0 as usize]
    }
}
