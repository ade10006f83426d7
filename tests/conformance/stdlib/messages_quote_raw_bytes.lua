-- Error messages quote Lua strings byte for byte, even when they are not UTF-8: option
-- names (luaL_checkoption), os.date conversions, string.format/pack options, require.
print(pcall(collectgarbage, "\255"))
print(pcall(io.stdout.seek, io.stdout, "\255"))
print(pcall(io.stdout.setvbuf, io.stdout, "\254"))
print(pcall(os.setlocale, "C", "\255"))
print(pcall(os.date, "%\255"))
print(pcall(string.format, "%\255", 1))
print(pcall(string.pack, "i\255"))
package.path = "/nonexistent-dir/?.lua"
package.cpath = ""
print(pcall(require, "mod\255"))
package.preload = {}
print(pcall(require, "\254"))
