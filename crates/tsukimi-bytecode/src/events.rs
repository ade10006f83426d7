//! Metamethod events, in `ltm.h`'s `TMS` order — the one list of them in tsukimi.
//!
//! The order is part of the instruction set: MMBIN, MMBINI and MMBINK name the event of the
//! arithmetic or bitwise instruction they follow by its index in this list (their C operand),
//! so the compiler that emits them, the listing that prints `__add` next to them, and the
//! interpreter that calls the metamethod must all read the same list. The compiler's constants
//! ([`TM_ADD`] ...) are positions in [`EVENT_NAMES`], and the arithmetic events `__add` ..
//! `__bnot` come in `lua_Arith` order starting at [`TM_ADD`], so `TM_ADD + op.index()` is the
//! event of an arithmetic operator. The runtime's `Tm` enum has one variant per entry, in this
//! order, and takes its names from here (a runtime test checks the correspondence).

/// Names of the metamethod events, indexed by `TMS` (MMBIN's C operand indexes this list).
pub const EVENT_NAMES: [&str; EVENT_COUNT] = [
    "__index",
    "__newindex",
    "__gc",
    "__mode",
    "__len",
    "__eq",
    "__add",
    "__sub",
    "__mul",
    "__mod",
    "__pow",
    "__div",
    "__idiv",
    "__band",
    "__bor",
    "__bxor",
    "__shl",
    "__shr",
    "__unm",
    "__bnot",
    "__lt",
    "__le",
    "__concat",
    "__call",
    "__close",
];

/// Number of metamethod events (`TM_N`).
pub const EVENT_COUNT: usize = 25;

/// `TM_ADD`: the first arithmetic event; `__add`..`__bnot` follow in `lua_Arith` order.
pub const TM_ADD: u32 = 6;
/// `TM_SHL`.
pub const TM_SHL: u32 = 16;
/// `TM_SHR`.
pub const TM_SHR: u32 = 17;

/// The name of event number `index` (`"__add"` for 6), or `None` past the end of the list.
pub fn event_name(index: u32) -> Option<&'static str> {
    EVENT_NAMES.get(index as usize).copied()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn constants_index_the_list() {
        assert_eq!(event_name(TM_ADD), Some("__add"));
        assert_eq!(event_name(TM_SHL), Some("__shl"));
        assert_eq!(event_name(TM_SHR), Some("__shr"));
        assert_eq!(event_name(EVENT_COUNT as u32 - 1), Some("__close"));
        assert_eq!(event_name(EVENT_COUNT as u32), None);
        assert_eq!(event_name(u32::MAX), None);
    }

    #[test]
    fn arithmetic_events_follow_lua_arith_order() {
        use tsukimi_number::ArithOp;
        let expected = [
            "__add", "__sub", "__mul", "__mod", "__pow", "__div", "__idiv", "__band", "__bor",
            "__bxor", "__shl", "__shr", "__unm", "__bnot",
        ];
        for (op, name) in ArithOp::ALL.iter().zip(expected) {
            assert_eq!(event_name(TM_ADD + op.index()), Some(name), "{op:?}");
        }
    }
}
