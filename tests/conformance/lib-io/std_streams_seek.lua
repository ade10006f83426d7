-- Seeking and buffering the standard streams. The corpus runs with standard output on a
-- pipe (or captured by the embedder, which cannot seek either) and standard input from
-- /dev/null, which seeks but always stays at 0. Files and terminals are tested through the
-- command in tsukimi-cli's tests.
print(io.stdout:seek())
print(io.stdout:seek("set", 0))
print(io.stdout:seek("end", -1))
io.write("pending")
print(io.stdout:seek("cur"))
print(io.stdin:seek())
print(io.stdin:seek("set", 5), io.stdin:seek("cur"), io.stdin:seek("end", 3))
print(io.stdin:seek("set", -1))
print(io.read("a"), io.read("l"), io.read(0))
print(pcall(io.stdout.seek, io.stdout, "middle"))
print(pcall(io.stdin.seek, io.stdin, "cur", "x"))

-- setvbuf on the standard streams: always true; the bytes are the same, only when they
-- reach the descriptor changes
print(io.stdout:setvbuf("no"), io.stdin:setvbuf("no"), io.stderr:setvbuf("no"))
io.write("a", 1, "b", 2.5, "\n")
print("after no")
print(io.stdout:setvbuf("full", 1), io.stdout:setvbuf("full", -5), io.stdout:setvbuf("full"))
io.write(("x"):rep(300), "\n")
print("after full")
print(io.stdout:setvbuf("line", 0))
io.write("l1\nl2")
io.write("\n")
print(io.read("l"), io.read(1), io.read("n"))
print(pcall(io.stdout.setvbuf, io.stdout, "always"))
print(pcall(io.stdout.setvbuf, io.stdout, "no", "big"))
print(io.stdout:flush(), io.stderr:flush(), io.stdin:flush())
print(io.stdout:seek())
