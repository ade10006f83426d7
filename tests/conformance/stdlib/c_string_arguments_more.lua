-- More C-string arguments that end at their first zero byte in lua5.4: warn's pieces (so
-- "@on\0x" is the control message), loadfile's mode, package.searchpath's four strings and
-- the package.path require searches.
warn("@on\0junk")
local name = os.tmpname()
local f = assert(io.open(name, "w"))
f:write("return 1")
f:close()
print(select(2, loadfile(name, "b\0t")))
os.remove(name)
print(package.searchpath("a\0b", "/nonexistent-dir/?.lua\0;x"))
print(package.searchpath("a.b", "/nonexistent-dir/?.lua", ".\0", "/\0"))
package.path = "/nonexistent-dir/?.lua\0;other/?.lua"
print(pcall(require, "nothing.here"))
warn("@off\0")
