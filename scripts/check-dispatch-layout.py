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
"""
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
        break
if warned:
    print("WARNING: the untraced dispatch sequence crosses a 32-byte boundary or lies in the "
          "first half of its 64-byte line; re-scan "
          "LOOP_ENTRY_PAD (crates/tsukimi/src/vm/execute.rs) so that it does not "
          "(docs/performance.md).")
