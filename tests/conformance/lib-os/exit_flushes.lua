-- os.exit ends the process with the given status, after flushing buffered output
-- (each case runs in a child process of the interpreter running this script: the lowest
-- negative index of arg)
local first = -1
while arg[first - 1] do first = first - 1 end
local interpreter = arg[first]
local name = os.tmpname()

local function run(code)
  local command = string.format("%s -e %q > %s 2>&1", interpreter, code, name)
  local ok, how, status = os.execute(command)
  local f = assert(io.open(name))
  local out = f:read("a")
  f:close()
  print(ok, how, status, string.format("%q", out))
end

run("io.write('buffered, no newline') os.exit(3)")
run("print('line') io.stdout:setvbuf('full') io.write('more') os.exit(true)")
run("io.write('x') os.exit(false)")
run("io.write('closing') os.exit(0, true)")
run("os.exit(256 + 7)")
run("os.exit()")
run("local f = io.open(" .. string.format("%q", name .. ".data") .. ", 'w') f:write('file data') os.exit(0)")
local f = io.open(name .. ".data")
print(f:read("a"))
f:close()
run("local f = io.open(" .. string.format("%q", name .. ".data") .. ", 'w') f:write('closed data') os.exit(0, true)")
f = io.open(name .. ".data")
print(f:read("a"))
f:close()
run("print(pcall(os.exit, 'x'))")
os.remove(name .. ".data")
os.remove(name)
io.write("exiting now")
os.exit(4)
print("not reached")
