-- package fields, searchpath, loadlib, config
local fields = {}
for k in pairs(package) do fields[#fields + 1] = k end
table.sort(fields)
print(table.concat(fields, " "))
print(string.format("%q", package.config))
print(#package.searchers, type(package.searchers[1]), type(package.preload), package.loaded._G == _G)

-- the default paths (unless the environment changes them)
if not (os.getenv("LUA_PATH_5_4") or os.getenv("LUA_PATH")) then
  print(package.path)
end
if not (os.getenv("LUA_CPATH_5_4") or os.getenv("LUA_CPATH")) then
  print(package.cpath)
end

-- searchpath
print(package.searchpath("simple", "./modules/?.lua"))
print(package.searchpath("sub.child", "./modules/?.lua"))
print(package.searchpath("sub.child", "./nowhere/?.lua;./modules/?.lua;./other/?.lua"))
print(package.searchpath("sub_child", "./modules/?.lua", "_"))
print(package.searchpath("sub::child", "./modules/?.lua", "::", "/"))
print(package.searchpath("a.b.c", "x/?.lua;?;;y/?/?.lua"))
print(package.searchpath("a.b", "?.lua", "", "/"))
print(package.searchpath("a.b", ""))
print(package.searchpath("modules", "./?"))
print(pcall(package.searchpath, "x"))
print(pcall(package.searchpath, nil, "x"))

-- loadlib checks its arguments (what it returns depends on dynamic-library support)
print(pcall(package.loadlib, "x"))
print(pcall(package.loadlib))
