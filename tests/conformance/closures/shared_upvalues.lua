-- Several closures share one upvalue; it stays shared after the frame returns.
local function bank()
  local balance = 0
  local function deposit(n) balance = balance + n return balance end
  local function withdraw(n) balance = balance - n return balance end
  local function peek() return balance end
  return deposit, withdraw, peek
end
local deposit, withdraw, peek = bank()
print(deposit(10), withdraw(3), peek(), deposit(5), peek())
local fs = {}
do
  local shared = "start"
  fs.read = function() return shared end
  fs.write = function(v) shared = v end
  shared = "changed before return"
end
print(fs.read())
fs.write("written")
print(fs.read())
local function outer()
  local v = 1
  local function inc() v = v + 1 end
  inc(); inc()
  local after = v
  return after, function() return v end
end
local after, reader = outer()
print(after, reader())
local a = 0
local function f() a = a + 1 return a end
local function g() a = a * 10 return a end
print(f(), g(), f(), g(), a)
local function self_ref()
  local function fact(n) if n <= 1 then return 1 end return n * fact(n - 1) end
  return fact
end
print(self_ref()(10))
local t = {}
local slot = 5
t.get = function() return slot end
slot = slot + 1
print(t.get())
