local LIMIT <const> = 100
local NAME <const> = "tsukimi"
local PI <const> = 3.5
local NEG <const> = -LIMIT
local SUM <const> = LIMIT + 1
local NOTC <const> = not LIMIT
local function f() return LIMIT, NAME, PI, NEG, SUM, NOTC end
local t = {[LIMIT] = NAME, [NAME] = LIMIT}
t[LIMIT] = t[NAME]
t.x = LIMIT * PI
if LIMIT > 50 then print(NAME) end
local a = LIMIT // 7 + LIMIT % 7 + LIMIT ^ 2 + LIMIT / 4 + (LIMIT & 6) + (LIMIT << 2)
for i = LIMIT, 1, -LIMIT // 10 do print(i) end
local s = NAME .. NAME
return f, t, a, s, #NAME
