-- The smallest tour of tsukimi: run with `cargo run --release -- examples/hello.lua`.
local function greet(name)
  return "Hello from tsukimi, " .. name .. "!"
end

print(greet(arg and arg[1] or "moon"))
print(_VERSION, math and math.type and math.type(1) or "integer", 7 // 2, 7 / 2)
