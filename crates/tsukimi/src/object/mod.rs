//! Heap object types: strings (with the interner), tables, functions and upvalues, userdata.
//! Each type keeps its own invariants, described in its module.

pub mod function;
pub mod string;
pub mod table;
pub mod userdata;
