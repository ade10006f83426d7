-- require: searchers, loaded cache, loader arguments and results, error messages
package.path = "./modules/?.lua;./modules/?/init.lua"
package.cpath = "./modules/?.so"
function debug_line() return "(line 2)" end

local m, file = require("simple")
print(m.name, m.file, file, loads)
local again, extra = require("simple")
print(again == m, extra, loads, package.loaded.simple == m)

print(require("nothing"), nothing_loaded, package.loaded.nothing)
print(require("selfreg"))
print(require("sub"))
print(require("sub.child"))
print(require("shebang"))
print(require("returns_false"), package.loaded.returns_false)
print(select("#", require("returns_false")))

-- preload runs first and receives ":preload:"
package.preload["virtual.mod"] = function(...)
  print("preload loader got", ...)
  return {virtual = true}
end
local v, data = require("virtual.mod")
print(v.virtual, data)

-- standard libraries are in package.loaded
print(require("string") == string, require("io") == io, require("_G") == _G,
  package.loaded.package == package, require("os") == os)

-- not found: every place tried, in order
print(pcall(require, "no.such.module"))
print(pcall(require, "nosuch"))

-- errors while loading
print(pcall(require, "bad_syntax"))
print(pcall(require, "raises"))
local ok, e = pcall(require, "raises_table")
print(ok, type(e), e.code)
print(package.loaded.raises, package.loaded.bad_syntax)

-- argument and configuration errors
print(pcall(require))
print(pcall(require, {}))
local saved = package.searchers
package.searchers = nil
print(pcall(require, "anything"))
package.searchers = saved
local saved_path = package.path
package.path = false
print(pcall(require, "anything.else"))
package.path = 42
print(pcall(require, "anything.more"))
package.path = saved_path

-- custom searchers: strings are collected, other results ignored
table.insert(package.searchers, 1, function(name) return "\n\tcustom searcher skipped " .. name end)
table.insert(package.searchers, 2, function(name) return nil end)
print(pcall(require, "missing"))
table.insert(package.searchers, 3, function(name)
  if name == "made.up" then
    return function(n, d) return "made by a custom searcher: " .. n .. " " .. d end, "my data"
  end
end)
print(require("made.up"))
