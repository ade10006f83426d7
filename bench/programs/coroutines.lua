-- coroutines: coroutines used as generators and chained into pipelines.
-- Measures: coroutine.wrap/create/resume/yield, switching between coroutine stacks,
-- passing values through yield and resume.
-- Size: number of values pulled through the pipeline (default 2500000).
-- Needs: coroutine.wrap, coroutine.create, coroutine.resume, coroutine.yield, coroutine.status.
-- Protocol (see bench/README.md): prints `checksum <sum>`.

local function numbers(limit)
  return coroutine.wrap(function()
    for i = 1, limit do coroutine.yield(i) end
  end)
end

local function filtered(source, predicate)
  return coroutine.wrap(function()
    for v in source do
      if predicate(v) then coroutine.yield(v) end
    end
  end)
end

local function mapped(source, f)
  return coroutine.wrap(function()
    for v in source do coroutine.yield(f(v)) end
  end)
end

-- An accumulator driven by resume: the caller sends values in, the coroutine keeps a sum.
local function accumulator()
  local co = coroutine.create(function(first)
    local sum = first
    while true do
      local v = coroutine.yield(sum)
      if v == nil then return sum end
      sum = (sum + v) % 1000000007
    end
  end)
  return co
end

local function run(n)
  local pipeline = mapped(filtered(numbers(n), function(v) return v % 3 ~= 0 end),
                          function(v) return v * 7 % 1000 end)
  local acc = accumulator()
  local _, sum = coroutine.resume(acc, 0)
  local count = 0
  for v in pipeline do
    count = count + 1
    _, sum = coroutine.resume(acc, v)
  end
  local _, final = coroutine.resume(acc, nil)
  local status = coroutine.status(acc)
  return string.format("%d %d %s", count, final, status)
end

-- harness: the shared benchmark protocol (identical in every program)
local size = tonumber(arg and arg[1]) or 2500000
local iterations = tonumber(arg and arg[2]) or 1
local checksum
for i = 1, iterations do
  local started = os.clock()
  local result = run(size)
  local elapsed = os.clock() - started
  if iterations > 1 then io.write(string.format("iteration %d %.6f\n", i, elapsed)) end
  if checksum ~= nil and result ~= checksum then result = "inconsistent" end
  checksum = result
end
io.write("checksum ", checksum, "\n")
