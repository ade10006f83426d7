-- loadfile parses while it reads: a syntax error late in a file, a first line that is all
-- comment (no newline), byte-order marks, and a file that is a directory.
print(loadfile("data/late_error.lua"))
print(type(loadfile("data/shebang_only.lua")))
print(select("#", loadfile("data/shebang_only.lua")()))
print(loadfile("data/bom_shebang.lua")())
print(loadfile("data/bom.lua")())
print(loadfile("data/late_error.lua", "b"))
print(loadfile("data"))
print(pcall(dofile, "data/late_error.lua"))
