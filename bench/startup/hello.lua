-- hello: the tiny script of the start-up measurement (next to `-e ''`): it loads, calls a
-- library function and prints one line, so the time is almost all engine start-up.
io.write("checksum ", string.format("%s", "hello"), "\n")
