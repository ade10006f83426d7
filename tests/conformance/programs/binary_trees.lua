-- Allocation-heavy tree building and checking (a small binary-trees benchmark).
local function bottom_up(depth)
  if depth == 0 then return {} end
  depth = depth - 1
  return {bottom_up(depth), bottom_up(depth)}
end
local function check(tree)
  if tree[1] then return 1 + check(tree[1]) + check(tree[2]) end
  return 1
end
local max_depth = 8
local long_lived = bottom_up(max_depth)
for depth = 4, max_depth, 2 do
  local iterations = 2 ^ (max_depth - depth + 4) // 1
  local total = 0
  for _ = 1, iterations do total = total + check(bottom_up(depth)) end
  print(iterations, depth, total)
end
print(check(long_lived))
local function insert(node, key)
  if not node then return {key = key} end
  if key < node.key then node.left = insert(node.left, key)
  elseif key > node.key then node.right = insert(node.right, key) end
  return node
end
local function in_order(node, out)
  if node then in_order(node.left, out) out[#out + 1] = node.key in_order(node.right, out) end
  return out
end
local root
local x = 7
for _ = 1, 200 do x = (x * 1103515245 + 12345) % 2147483648 root = insert(root, x % 1000) end
local keys = in_order(root, {})
print(#keys, keys[1], keys[#keys])
