#!/usr/bin/env python3
"""Mutation fuzzing of the whole runtime, seeded with the conformance corpus.

Each round takes a conformance script, mutates it at the token level (operands swapped for
odd values: NaN, huge numbers, tables whose every metamethod misbehaves, coroutines...;
operators swapped; tokens deleted, repeated or inserted), and runs the mutant.

  scripts/mutation-fuzz.py crash [--engine BIN] [--seconds N] [--out DIR]
      Keeps mutants after which the engine ends with a status other than 0 or 1, a signal,
      or a panic message (15% of runs under TSUKIMI_GC_STRESS). Point it at a debug build
      (target/debug/tsukimi) to catch integer overflows too.
  scripts/mutation-fuzz.py diff [--engine BIN] [--seconds N] [--out DIR]
      Runs each mutant under lua5.4 and the engine and keeps those whose stdout, stderr
      (program name and addresses normalised) or status differ. A mutant whose two lua5.4
      runs differ, that prints an address, or that asks for memory counts or clocks, is
      skipped as nondeterministic.

Every kept mutant is written to DIR (default fuzz-findings/) as NAME.lua with NAME.txt (the
outputs). Mutants run with a scratch directory as their working directory; scripts that run
commands, exit, or remove or rename files are left out of the seeds. Found this way (session
of 2026-11-22): syntax errors that made source bytes UTF-8, and `print` building its whole
line before writing it.
"""
import argparse
import hashlib
import os
import random
import re
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
UNSAFE = re.compile(r'os\.(execute|exit|remove|rename)|io\.popen|kill')
NONDETERMINISTIC = re.compile(r'count|os\.time|os\.clock|os\.date|tmpname')
TOKEN = re.compile(r'\[=*\[|\]=*\]|--|"(?:\\.|[^"\\])*"|\'(?:\\.|[^\'\\])*\'|\d+\.?\d*(?:[eE][+-]?\d+)?'
                   r'|0x[0-9a-fA-F]+|[A-Za-z_]\w*|\.\.\.|\.\.|==|~=|<=|>=|<<|>>|//|::|\S')
VALUES = [
    'nil', 'true', 'false', '0', '-1', '1e308', '-0.0', '0/0', '1/0', 'math.maxinteger',
    'math.mininteger', '""', '"x"', '{}', '(...)', 'print', 'io.stdout', 'function() end',
    '2^63', '-2^63', '"10"', '" 0x10 "', '{n=1}', 'math.huge', '"\\xff\\0"', '2^1024',
    'coroutine.running()', 'coroutine.create(print)', 'string.rep("a", 1000)',
    'setmetatable({}, {__index=function() error("e") end})',
    'setmetatable({}, {__gc=function() error("gc") end})',
    'setmetatable({}, {__index=function(t,k) return k end, __newindex=rawset,'
    ' __call=function(...) return ... end, __add=function() return 1 end,'
    ' __eq=function() return true end, __lt=function() error({}) end,'
    ' __le=function() return nil end, __concat=function(a,b) return "c" end,'
    ' __len=function() return 2^53 end, __unm=function(x) return x end,'
    ' __close=function() error("close") end, __tostring=function() return {} end,'
    ' __name="N"})',
    'coroutine.wrap(function(...) coroutine.yield(...) return ... end)',
    'string.rep("x", 2^20)', '("x"):rep(100, ",")', 'select("#")', 'select(-1, 1, 2)',
    'table.unpack({1, 2, nil, 4}, 1, 4)', 'debug.getinfo(1)', 'debug.traceback()',
    'load("return ...")', 'pcall(error)', 'next({})', 'utf8.char(0x7FFFFFFF)',
    'string.pack("i16", -1)', '-math.mininteger', 'math.mininteger // -1',
    'math.mininteger % -1', '0x7fffffffffffffff + 1', 'tostring(nil)', 'rawlen({})',
    'collectgarbage("step")',
]
OPERATORS = ['+', '-', '*', '/', '//', '%', '^', '..', '==', '~=', '<', '<=', '>', '>=',
             'and', 'or', '&', '|', '~', '<<', '>>']
INSERTS = [
    'end', 'do', 'then', 'return', 'break', 'goto x', '::x::', 'local', 'function', '(', ')',
    '{', '}', '[', ']', ',', ';', '=', 'local x <close> = nil', 'local y <const> = 1',
    'coroutine.yield()', 'collectgarbage()', 'error()', 'return end',
    'for i = math.maxinteger - 1, math.maxinteger do end', 'for i = 1, 3, 0 do end',
    'string.format("%q", 1/0)', 'string.format("%5.3s %a %c", "x", 1, 65)',
    'table.sort({3,1,2}, function(a,b) return true end)', 'table.insert({}, 5, 1)',
    'table.move({1,2,3}, 1, 3, math.maxinteger)', 'string.find("a", "(()", 1)',
    'string.gsub("abc", "%w", "%2")', '("x"):byte(-100, 100)',
]


def seeds():
    out = []
    for dirpath, _, names in os.walk(os.path.join(ROOT, 'tests', 'conformance')):
        for name in names:
            if name.endswith('.lua'):
                text = open(os.path.join(dirpath, name), encoding='latin-1').read()
                if not UNSAFE.search(text):
                    out.append(text)
    return out


def mutate(source):
    tokens = TOKEN.findall(source)
    for _ in range(random.randint(1, 4)):
        if not tokens:
            break
        i = random.randrange(len(tokens))
        r, t = random.random(), tokens[i]
        if r < 0.35 and (re.match(r'^[\d"\']', t) or re.match(r'^[A-Za-z_]\w*$', t)):
            tokens[i] = random.choice(VALUES)
        elif r < 0.55 and t in OPERATORS:
            tokens[i] = random.choice(OPERATORS)
        elif r < 0.65:
            tokens[i] = random.choice(tokens)
        elif r < 0.75:
            del tokens[i]
        elif r < 0.85:
            tokens.insert(i, random.choice(INSERTS + VALUES))
        else:
            end = min(len(tokens), i + random.randint(1, 30))
            tokens[i:i] = tokens[i:end]
    if random.random() < 0.5:
        return ' '.join(tokens)
    return ''.join(t + ('\n' if t in ('end', 'do', 'then') else ' ') for t in tokens)


def run(argv, path, cwd, timeout, env=None):
    try:
        p = subprocess.run(argv + [path], capture_output=True, timeout=timeout, cwd=cwd, env=env)
        return p.returncode, p.stdout, p.stderr
    except subprocess.TimeoutExpired:
        return None


def normalise(out, program):
    out = re.sub(rb'0x[0-9a-f]{6,}', b'ADDR', out)
    return out.replace(program.encode() + b':', b'PROG:').replace(b'lua5.4:', b'PROG:')


def keep(out_dir, source, report):
    name = hashlib.sha1(source.encode('latin-1')).hexdigest()[:10]
    open(os.path.join(out_dir, name + '.lua'), 'w', encoding='latin-1').write(source)
    open(os.path.join(out_dir, name + '.txt'), 'wb').write(report)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('mode', choices=['crash', 'diff'])
    parser.add_argument('--engine', default=os.path.join(ROOT, 'target', 'release', 'tsukimi'))
    parser.add_argument('--seconds', type=float, default=600)
    parser.add_argument('--out', default='fuzz-findings')
    args = parser.parse_args()
    os.makedirs(args.out, exist_ok=True)
    corpus = seeds()
    scratch = tempfile.mkdtemp(prefix='tsukimi-fuzz-')
    path = os.path.join(scratch, 'mutant.lua')
    started, runs, found = time.time(), 0, 0
    while time.time() - started < args.seconds:
        source = mutate(random.choice(corpus))
        open(path, 'w', encoding='latin-1').write(source)
        if args.mode == 'crash':
            env = dict(os.environ)
            if random.random() < 0.15:
                env['TSUKIMI_GC_STRESS'] = '1'
            result = run([args.engine], path, scratch, 5, env)
            if result is None:
                continue
            runs += 1
            status, _, stderr = result
            if status not in (0, 1) or b'panicked' in stderr or b'internal error' in stderr:
                keep(args.out, source, b'status %d, GC stress %s\n' % (
                    status, str('TSUKIMI_GC_STRESS' in env).encode()) + stderr[-3000:])
                found += 1
        else:
            if NONDETERMINISTIC.search(source):
                continue
            first, second = run(['lua5.4'], path, scratch, 3), run(['lua5.4'], path, scratch, 3)
            if first is None or second is None or first[0] < 0:
                continue
            expected = (first[0], normalise(first[1], 'lua5.4'), normalise(first[2], 'lua5.4'))
            if expected != (second[0], normalise(second[1], 'lua5.4'),
                            normalise(second[2], 'lua5.4')) or b'ADDR' in expected[1] + expected[2]:
                continue
            runs += 1
            got = run([args.engine], path, scratch, 10)
            if got is not None:
                got = (got[0], normalise(got[1], args.engine), normalise(got[2], args.engine))
            if got != expected:
                report = b'== lua5.4 status %d\n%s\n-- stderr\n%s\n' % (
                    expected[0], expected[1][-1500:], expected[2][-1500:])
                report += b'== engine TIMEOUT\n' if got is None else b'== engine status %d\n%s\n-- stderr\n%s\n' % (
                    got[0], got[1][-1500:], got[2][-1500:])
                keep(args.out, source, report)
                found += 1
    print(f'{runs} runs, {found} kept in {args.out}')
    return 0


if __name__ == '__main__':
    sys.exit(main())
