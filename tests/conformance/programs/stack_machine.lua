-- A tiny stack-machine interpreter: dispatch through a table of closures.
local function run(program)
  local stack, sp, pc, out = {}, 0, 1, {}
  local ops = {
    push = function(arg) sp = sp + 1 stack[sp] = arg end,
    add = function() stack[sp - 1] = stack[sp - 1] + stack[sp] sp = sp - 1 end,
    mul = function() stack[sp - 1] = stack[sp - 1] * stack[sp] sp = sp - 1 end,
    dup = function() sp = sp + 1 stack[sp] = stack[sp - 1] end,
    swap = function() stack[sp], stack[sp - 1] = stack[sp - 1], stack[sp] end,
    print = function() out[#out + 1] = tostring(stack[sp]) end,
    jnz = function(arg) local v = stack[sp] sp = sp - 1 if v ~= 0 then pc = arg - 1 end end,
    dec = function() stack[sp] = stack[sp] - 1 end,
    drop = function() sp = sp - 1 end,
  }
  local steps = 0
  while pc <= #program do
    local ins = program[pc]
    local op = ops[ins[1]]
    if not op then error("unknown op " .. tostring(ins[1]) .. " at " .. pc, 0) end
    op(ins[2])
    pc = pc + 1
    steps = steps + 1
  end
  local s = ""
  for i = 1, #out do s = s .. out[i] .. " " end
  return s, steps
end
print(run({{"push", 2}, {"push", 3}, {"add"}, {"push", 4}, {"mul"}, {"print"}}))
local countdown = {
  {"push", 1}, {"push", 10},
  {"swap"}, {"push", 2}, {"mul"}, {"swap"},
  {"dec"}, {"dup"}, {"jnz", 3},
  {"drop"}, {"print"},
}
print(run(countdown))
local loop = {{"push", 0}, {"push", 5000}}
loop[#loop + 1] = {"swap"}
loop[#loop + 1] = {"push", 1.5}
loop[#loop + 1] = {"add"}
loop[#loop + 1] = {"swap"}
loop[#loop + 1] = {"dec"}
loop[#loop + 1] = {"dup"}
loop[#loop + 1] = {"jnz", 3}
loop[#loop + 1] = {"drop"}
loop[#loop + 1] = {"print"}
print(run(loop))
print(pcall(run, {{"push", 1}, {"bogus"}}))
print(pcall(run, {{"push", 1}, {"push", {}}, {"add"}}))
