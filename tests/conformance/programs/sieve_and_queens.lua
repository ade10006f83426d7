-- Classic small programs: prime sieve, n-queens, permutations, fibonacci memo.
local function sieve(n)
  local is_composite, primes = {}, {}
  for i = 2, n do
    if not is_composite[i] then
      primes[#primes + 1] = i
      for j = i * i, n, i do is_composite[j] = true end
    end
  end
  return primes
end
local primes = sieve(10000)
print(#primes, primes[1], primes[100], primes[#primes])
local function queens(n)
  local count, cols, d1, d2 = 0, {}, {}, {}
  local function place(row)
    if row > n then count = count + 1 return end
    for c = 1, n do
      if not cols[c] and not d1[row + c] and not d2[row - c + n] then
        cols[c], d1[row + c], d2[row - c + n] = true, true, true
        place(row + 1)
        cols[c], d1[row + c], d2[row - c + n] = nil, nil, nil
      end
    end
  end
  place(1)
  return count
end
print(queens(6), queens(7), queens(8))
local function permutations(list)
  local out = {}
  local function permute(k)
    if k == 0 then
      local s = ""
      for i = 1, #list do s = s .. list[i] end
      out[#out + 1] = s
      return
    end
    for i = 1, k do
      list[i], list[k] = list[k], list[i]
      permute(k - 1)
      list[i], list[k] = list[k], list[i]
    end
  end
  permute(#list)
  return out
end
local perms = permutations({"a", "b", "c", "d"})
print(#perms, perms[1], perms[2], perms[24])
local memo = {}
local function fib(n)
  if n <= 2 then return 1 end
  local v = memo[n]
  if v then return v end
  v = fib(n - 1) + fib(n - 2)
  memo[n] = v
  return v
end
print(fib(50), fib(90), fib(92), fib(93))
local function collatz_max(limit)
  local best, best_n = 0, 0
  for n = 1, limit do
    local steps, x = 0, n
    while x ~= 1 do
      if x % 2 == 0 then x = x // 2 else x = 3 * x + 1 end
      steps = steps + 1
    end
    if steps > best then best, best_n = steps, n end
  end
  return best_n, best
end
print(collatz_max(3000))
