#!/usr/bin/env python3
"""Reports where the interpreter's dispatch sequence sits in a built tsukimi binary.

The dispatch loop (`run_loop` in crates/tsukimi/src/vm/execute.rs) ends every instruction in
one short sequence: fetch the next instruction, look up its handler in the jump table, jump.
Measured on AMD Zen 4 (docs/performance.md, "The dispatch sequence's place"): when that
sequence crosses a 32-byte boundary, simple loops run up to 45% slower (with the jump itself
split across a 64-byte line: `not b` tests 21 -> 30 ms), although not one instruction changed.
The loop's entry is pinned at `LOOP_ENTRY_PAD` bytes past a 64-byte boundary, so the sequence
moves only when code inside the loop changes; this script says whether it needs a new pad.

usage: scripts/check-dispatch-layout.py [path/to/tsukimi]   (default target/release/tsukimi)
The fifth pass's scan found the good places narrower still: the sequence must also lie in
the second half of its 64-byte line. At bytes 2-24 or 6-28 (inside one 32-byte block, but in
the line's first half) numloop ran 1.30-1.44x lua5.4 and mandelbrot 1.49-1.55x, against
1.11-1.13x and 1.15-1.20x anywhere from byte 32 to 40. (Moving the pad by 32 bytes moves
every handler by as much, so the cause may lie with them; the rule is what was measured.)

Prints each copy's sequence and exits 0; prints a WARNING line when the untraced copy's
sequence crosses a 32-byte boundary or starts in the first half of its line (a performance
problem, not a correctness one, so it never fails CI).

It also lists the handlers (jump-table targets of the untraced copy) whose first instruction
crosses a 64-byte line. The ninth pass (docs/performance.md) measured a build whose MOVE
handler began at byte 63 of a line: a plain call loop (`n = n + f(i)`, where MOVE was the only
handler whose entry crossed) took 1.74x lua5.4's time against 1.00x, and a `__call` loop 1.95x
against 1.48x, with the dispatch sequence well placed; the same source built with every jump
target aligned ran the call loop at 1.05x. Not every crossing costs that much (the main
build's GETUPVAL entry crosses, and fib runs within 5% of lua5.4). Handler entries do not move
with `LOOP_ENTRY_PAD` (LLVM aligns the inner loops' headers inside `run_loop`, which decouples
them from the loop's entry), so the list is information for whoever measures an edit to the
loop, not something a pad fixes.
"""
import os
import re
import subprocess
import sys

binary = sys.argv[1] if len(sys.argv) > 1 else "target/release/tsukimi"
try:
    dump = subprocess.run(["objdump", "-d", "--no-show-raw-insn", binary],
                          capture_output=True, text=True, check=True).stdout
except (OSError, subprocess.CalledProcessError) as e:
    print(f"check-dispatch-layout: cannot disassemble {binary}: {e}")
    sys.exit(0)

copies = []
current = None
for line in dump.splitlines():
    if re.match(r"^[0-9a-f]+ <.*run_loop.*>:$", line):
        current = []
        copies.append(current)
        continue
    if current is None:
        continue
    if line.strip() == "" or re.match(r"^[0-9a-f]+ <", line):
        current = None
        continue
    m = re.match(r"^\s*([0-9a-f]+):\s+(.*)$", line)
    if m:
        current.append((int(m.group(1), 16), m.group(2)))



def opcode_names():
    """Opcode names in opcode order, from the one opcode table."""
    try:
        root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
        with open(os.path.join(root, "crates/tsukimi-bytecode/src/opcodes.rs")) as f:
            text = f.read()
    except OSError:
        return []
    return re.findall(r'^\s+\w+ = "(\w+)",', text, re.M)


def read_address(path, address, size):
    """`size` bytes of the binary at virtual `address` (None when no section holds it)."""
    headers = subprocess.run(["objdump", "-h", path], capture_output=True, text=True).stdout
    for m in re.finditer(r"^\s*\d+\s+\S+\s+([0-9a-f]+)\s+([0-9a-f]+)\s+[0-9a-f]+\s+([0-9a-f]+)",
                         headers, re.M):
        length, vma, offset = (int(g, 16) for g in m.groups())
        if vma <= address and address + size <= vma + length:
            with open(path, "rb") as f:
                f.seek(offset + address - vma)
                return f.read(size)
    return None


def crossing_handlers(insns, table_reg):
    """Handlers whose first instruction crosses a 64-byte line: [(name, byte, length)]."""
    names = opcode_names()
    tables = {int(m.group(1), 16) for _, t in insns
              if (m := re.match(r"lea\s+-?0x[0-9a-f]+\(%rip\),%" + table_reg + r"\s+# ([0-9a-f]+)", t))}
    if len(tables) != 1 or not names:
        return None
    table = tables.pop()
    raw = read_address(binary, table, 4 * len(names))
    if raw is None:
        return None
    addresses = [a for a, _ in insns]
    index = {a: i for i, a in enumerate(addresses)}
    found = []
    for op, name in enumerate(names):
        target = table + int.from_bytes(raw[4 * op:4 * op + 4], "little", signed=True)
        i = index.get(target)
        if i is None or i + 1 >= len(addresses):
            continue
        length = addresses[i + 1] - target
        if target % 64 + length > 64:
            found.append((name, target % 64, length))
    return found


warned = False
for insns in copies:
    # The dispatch: `mov (code,pc,4),reg` ... `movslq (table,op,4)` ... `jmp *reg`.
    for i, (addr, text) in enumerate(insns):
        if not text.startswith("jmp    *%"):
            continue
        window = insns[max(0, i - 8):i]
        if not any(t.startswith("movslq (") for _, t in window):
            continue
        fetch = [a for a, t in window if re.match(r"mov\s+\(%r\w+,%r\w+,4\),%(e\w+|r\d+d)$", t)]
        if not fetch:
            continue
        start, end = fetch[-1], addr + 2
        # The traced copy tests the hook mask right before each fetch (a conditional jump
        # there); it runs only while line or count hooks are set, so only the untraced copy
        # is worth a warning.
        before = [t for a, t in insns[max(0, i - 12):i] if a < start]
        traced = bool(before) and re.match(r"j(ne|e)\s", before[-1]) is not None
        crosses = start // 32 != (end - 1) // 32
        first_half = start % 64 < 32
        name = "traced" if traced else "untraced"
        print(f"run_loop ({name} copy): dispatch {start:#x}..{end:#x}, "
              f"bytes {start % 64}..{(end - 1) % 64} of its 64-byte line"
              + (" -- crosses a 32-byte boundary" if crosses else "")
              + (" -- in the first half of its line" if first_half and not crosses else ""))
        warned |= (crosses or first_half) and not traced
        table = re.match(r"movslq \(%(\w+),", next(t for _, t in reversed(window) if t.startswith("movslq (")))
        if not traced and table:
            found = crossing_handlers(insns, table.group(1))
            if found is not None:
                print("run_loop (untraced copy): handler entries crossing a 64-byte line: "
                      + (", ".join(f"{n} (byte {b}, {l} bytes)" for n, b, l in found) or "none"))
        break
if warned:
    print("WARNING: the untraced dispatch sequence crosses a 32-byte boundary or lies in the "
          "first half of its 64-byte line; re-scan "
          "LOOP_ENTRY_PAD (crates/tsukimi/src/vm/execute.rs) so that it does not "
          "(docs/performance.md).")
