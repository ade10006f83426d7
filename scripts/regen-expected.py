#!/usr/bin/env python3
"""Regenerate the expected outputs of the conformance corpus by running lua5.4.

Usage: scripts/regen-expected.py [--check] [--no-checks] [--lua PATH] [FILTER...]

For every script tests/conformance/<group>/<name>.lua (files in deeper directories are
helpers and are not run), this runs `lua5.4 <name>.lua [args]` with the script's directory
as the working directory and writes, beside the script:
  <name>.stdout   the whole stdout (always written);
  <name>.stderr   only when the exit status is non-zero: the first line of stderr with the
                  leading program name ("lua5.4: ") removed, plus a newline;
  <name>.status   only when the exit status is non-zero: the status in decimal.
Stale .stderr/.status files of scripts that now succeed are deleted. Expected outputs are
never written by hand: edit the script and rerun this.

A script's first line may hold directives, read by this script and by the harness
(crates/tsukimi-cli/tests/conformance.rs):
  -- conformance: skip-gc-stress args a b c
`args` passes the following words as script arguments; `skip-gc-stress` keeps the script
out of the harness's GC stress mode.

FILTER arguments keep only scripts whose "group/name.lua" contains one of them.

--check writes nothing: it reports scripts whose stored expectations differ from what lua5.4
prints now (STALE), besides the fairness checks below; the exit status is 1 if any is found.

Unless --no-checks is given, each script is also checked to be a fair test, and the command
exits with status 1 listing every script that is not:
  - deterministic: a second run prints the same (catches addresses, hash order, timing);
  - no addresses: output never contains "table: 0x..." style addresses;
  - base library only (all groups but stdlib and lib-*): the same output when string, table, math,
    io, os, utf8, coroutine, debug, package and the string metatable's __index are removed
    before the script runs;
  - GC-timing independent: the same output when lua5.4 collects far more often
    (incremental mode with pause 0) and in generational mode, a stand-in for tsukimi's
    TSUKIMI_GC_STRESS=1 mode (skipped for skip-gc-stress scripts).
"""

import argparse
import os
import re
import subprocess
import sys

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "conformance")
TIMEOUT_SECONDS = 120
BASE_ONLY_GROUPS_EXCLUDED = {"stdlib"}
LIBRARY_GROUP_PREFIX = "lib-"  # groups testing a standard library may use it

STRIP_LIBRARIES = (
    "getmetatable('').__index = nil "
    "string, table, math, io, os, utf8, coroutine, debug, package, require = nil"
)
AGGRESSIVE_GC = "collectgarbage('incremental', 0, 1000, 0)"
GENERATIONAL_GC = "collectgarbage('generational', 1, 10)"
ADDRESS = re.compile(rb"(table|function|thread|userdata|builtin): (0x)?[0-9a-fA-F]{6,}")


def parse_directives(path):
    with open(path, "rb") as f:
        first = f.readline().decode("utf-8", "replace").strip()
    skip_gc_stress, args = False, []
    prefix = "-- conformance:"
    if first.startswith(prefix):
        words = first[len(prefix):].split()
        for i, word in enumerate(words):
            if word == "skip-gc-stress":
                skip_gc_stress = True
            elif word == "args":
                args = words[i + 1:]
                break
    return skip_gc_stress, args


def run(lua, directory, name, args, prelude=None):
    command = [lua]
    if prelude is not None:
        command += ["-e", prelude]
    command += [name] + args
    try:
        done = subprocess.run(command, cwd=directory, stdin=subprocess.DEVNULL,
                              capture_output=True, timeout=TIMEOUT_SECONDS)
    except subprocess.TimeoutExpired:
        return None
    return done.stdout, done.stderr, done.returncode


def first_stderr_line(stderr, program_name):
    line = stderr.split(b"\n", 1)[0]
    prefix = program_name.encode() + b": "
    return line[len(prefix):] if line.startswith(prefix) else line


def scripts(filters):
    for group in sorted(os.listdir(ROOT)):
        group_dir = os.path.join(ROOT, group)
        if not os.path.isdir(group_dir):
            continue
        for name in sorted(os.listdir(group_dir)):
            path = os.path.join(group_dir, name)
            display = f"{group}/{name}"
            if not (name.endswith(".lua") and os.path.isfile(path)):
                continue
            if filters and not any(f in display for f in filters):
                continue
            yield group, group_dir, name, display


def expected_files(result, program_name):
    """The expectation files (extension -> bytes) for a run; absent ones map to None."""
    stdout, stderr, status = result
    if status == 0:
        return {".stdout": stdout, ".stderr": None, ".status": None}
    return {".stdout": stdout,
            ".stderr": first_stderr_line(stderr, program_name) + b"\n",
            ".status": f"{status}\n".encode()}


def stored_files(group_dir, name):
    stem = os.path.join(group_dir, name[: -len(".lua")])
    stored = {}
    for ext in (".stdout", ".stderr", ".status"):
        try:
            with open(stem + ext, "rb") as f:
                stored[ext] = f.read()
        except FileNotFoundError:
            stored[ext] = None
    return stored


def write_expected(group_dir, name, result, program_name):
    stem = os.path.join(group_dir, name[: -len(".lua")])
    stdout, stderr, status = result
    with open(stem + ".stdout", "wb") as f:
        f.write(stdout)
    if status != 0:
        with open(stem + ".stderr", "wb") as f:
            f.write(first_stderr_line(stderr, program_name) + b"\n")
        with open(stem + ".status", "w") as f:
            f.write(f"{status}\n")
    else:
        for ext in (".stderr", ".status"):
            if os.path.exists(stem + ext):
                os.remove(stem + ext)


def fairness_problems(lua, group, group_dir, name, args, skip_gc_stress, reference):
    problems = []
    if ADDRESS.search(reference[0]):
        problems.append("prints an address")
    again = run(lua, group_dir, name, args)
    if again != reference:
        problems.append("not deterministic (second run differs)")
    variants = []
    if group not in BASE_ONLY_GROUPS_EXCLUDED and not group.startswith(LIBRARY_GROUP_PREFIX):
        variants.append(("uses more than the base library", STRIP_LIBRARIES))
    if not skip_gc_stress:
        variants.append(("depends on GC timing (aggressive incremental)", AGGRESSIVE_GC))
        variants.append(("depends on GC timing (generational)", GENERATIONAL_GC))
    for problem, prelude in variants:
        if run(lua, group_dir, name, args, prelude) != reference:
            problems.append(problem)
    return problems


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--no-checks", action="store_true", help="skip the fairness checks")
    parser.add_argument("--check", action="store_true",
                        help="write nothing; report stale expectations and unfair scripts")
    parser.add_argument("--lua", default="lua5.4", help="reference interpreter (lua5.4)")
    parser.add_argument("filters", nargs="*")
    options = parser.parse_args()
    program_name = options.lua  # lua.c prefixes messages with argv[0]

    count, unfair = 0, []
    for group, group_dir, name, display in scripts(options.filters):
        skip_gc_stress, args = parse_directives(os.path.join(group_dir, name))
        result = run(options.lua, group_dir, name, args)
        if result is None:
            unfair.append(f"{display}: timed out after {TIMEOUT_SECONDS}s (nothing written)")
            continue
        if options.check:
            if stored_files(group_dir, name) != expected_files(result, program_name):
                unfair.append(f"{display}: STALE (stored expectations differ from lua5.4)")
        else:
            write_expected(group_dir, name, result, program_name)
        count += 1
        if not options.no_checks:
            for problem in fairness_problems(options.lua, group, group_dir, name, args,
                                             skip_gc_stress, result):
                unfair.append(f"{display}: {problem}")
    print(f"{'checked' if options.check else 'regenerated'} {count} scripts")
    for line in unfair:
        print("UNFAIR " + line)
    return 1 if unfair else 0


if __name__ == "__main__":
    sys.exit(main())
