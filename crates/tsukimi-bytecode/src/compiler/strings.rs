//! String interning for the compiler.
//!
//! Every string the compiler handles (literals, field names, variable names used as keys) is
//! interned once into a `StrId`, so expression descriptors stay `Copy` and the constant cache
//! compares strings by id. Invariant: two equal byte strings always get the same id.
//!
//! The bytes of all interned strings live one after another in one buffer, and the hash
//! table holds only ids (its hashes and comparisons read the buffer): a new string costs no
//! allocation of its own. A data file's thousands of string constants made two allocations
//! each when every string had its own copy in a `Vec` and another as the map's key. The
//! buffer grows fallibly (one large block: a refusal must be "not enough memory", not an
//! abort).

use std::hash::BuildHasher;

use tsukimi_syntax::SyntaxError;

/// Index of an interned string.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) struct StrId(pub u32);

/// Maximum length of a "short" string in PUC Lua (`LUAI_MAXSHORTLEN`); only short strings
/// may be used as `GETFIELD`/`SETFIELD`/`GETTABUP` keys.
pub(crate) const MAX_SHORT_LEN: usize = 40;

#[derive(Default)]
pub(crate) struct Interner {
    /// The bytes of every interned string, in id order.
    bytes: Vec<u8>,
    /// Where string `id` ends in `bytes` (it starts where `id - 1` ends).
    ends: Vec<usize>,
    ids: hashbrown::HashTable<StrId>,
    hasher: foldhash::fast::RandomState,
}

/// The bytes of string `id` (`Interner::get`, usable while `ids` is borrowed).
fn slice<'s>(bytes: &'s [u8], ends: &[usize], id: StrId) -> &'s [u8] {
    let i = id.0 as usize;
    let start = if i == 0 { 0 } else { ends[i - 1] };
    &bytes[start..ends[i]]
}

impl Interner {
    pub fn intern(&mut self, s: &[u8]) -> Result<StrId, SyntaxError> {
        let hash = self.hasher.hash_one(s);
        let (bytes, ends) = (&self.bytes, &self.ends);
        if let Some(&id) = self.ids.find(hash, |&id| slice(bytes, ends, id) == s) {
            return Ok(id);
        }
        let out_of_memory = |_| SyntaxError::out_of_memory();
        self.bytes.try_reserve(s.len()).map_err(out_of_memory)?;
        self.ends.try_reserve(1).map_err(out_of_memory)?;
        let (bytes, ends, hasher) = (&self.bytes, &self.ends, &self.hasher);
        self.ids
            .try_reserve(1, |&id| hasher.hash_one(slice(bytes, ends, id)))
            .map_err(|_| SyntaxError::out_of_memory())?;
        let id = StrId(self.ends.len() as u32);
        self.bytes.extend_from_slice(s);
        self.ends.push(self.bytes.len());
        let (bytes, ends, hasher) = (&self.bytes, &self.ends, &self.hasher);
        self.ids
            .insert_unique(hash, id, |&id| hasher.hash_one(slice(bytes, ends, id)));
        Ok(id)
    }

    pub fn get(&self, id: StrId) -> &[u8] {
        slice(&self.bytes, &self.ends, id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equal_strings_share_an_id_and_read_back() {
        let mut interner = Interner::default();
        let words: Vec<Vec<u8>> = (0..5000)
            .map(|i| format!("w{}", i % 1700).into_bytes())
            .collect();
        let ids: Vec<StrId> = words.iter().map(|w| interner.intern(w).unwrap()).collect();
        for (w, id) in words.iter().zip(&ids) {
            assert_eq!(interner.get(*id), w.as_slice());
            assert_eq!(interner.intern(w).unwrap(), *id);
        }
        let empty = interner.intern(b"").unwrap();
        assert_eq!(interner.get(empty), b"");
        assert_eq!(ids.iter().map(|i| i.0).max(), Some(1699));
    }
}
