//! Full userdata: an opaque Rust payload with a metatable (a placeholder until the io library
//! needs file handles). The payload is `Any + Send` so the state stays `Send`.

use std::any::Any;
use std::cell::Cell;

use crate::object::table::Table;
use crate::value::Gc;

/// A userdata object.
pub struct Userdata {
    metatable: Cell<Option<Gc<Table>>>,
    /// The payload.
    pub data: Box<dyn Any + Send>,
}

impl Userdata {
    /// A userdata with no metatable.
    pub fn new(data: Box<dyn Any + Send>) -> Userdata {
        Userdata {
            metatable: Cell::new(None),
            data,
        }
    }

    /// The metatable.
    pub fn metatable(&self) -> Option<Gc<Table>> {
        self.metatable.get()
    }

    /// Replaces the metatable (callers run the write barrier).
    pub fn set_metatable(&self, mt: Option<Gc<Table>>) {
        self.metatable.set(mt)
    }
}
