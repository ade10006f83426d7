-- raytracer: a small ray tracer with vector objects: spheres and a plane, one point light,
-- shadows and one level of reflection, rendered to an n x n grey image.
-- Measures: many short-lived small objects (Vec), arithmetic metamethods (__add, __sub, __mul,
-- __unm), method calls through __index, float math with sqrt.
-- Size: image side in pixels (default 400). Needs: setmetatable, math.sqrt, math.floor,
-- string.format.
-- Checksum: the sum of all pixel intensities quantized to 0..255, and a weighted hash.
-- Protocol (see bench/README.md): prints `checksum <sum> <hash>`.

local sqrt, floor = math.sqrt, math.floor

local Vec = {}
Vec.__index = Vec
local function vec(x, y, z) return setmetatable({ x = x, y = y, z = z }, Vec) end
Vec.__add = function(a, b) return vec(a.x + b.x, a.y + b.y, a.z + b.z) end
Vec.__sub = function(a, b) return vec(a.x - b.x, a.y - b.y, a.z - b.z) end
Vec.__mul = function(a, s) return vec(a.x * s, a.y * s, a.z * s) end
Vec.__unm = function(a) return vec(-a.x, -a.y, -a.z) end
function Vec:dot(b) return self.x * b.x + self.y * b.y + self.z * b.z end
function Vec:length() return sqrt(self:dot(self)) end
function Vec:normalized() return self * (1.0 / self:length()) end

local Sphere = {}
Sphere.__index = Sphere
function Sphere.new(center, radius, shade, reflect)
  return setmetatable({ center = center, radius2 = radius * radius, shade = shade,
    reflect = reflect }, Sphere)
end
function Sphere:intersect(origin, direction)
  local oc = origin - self.center
  local b = oc:dot(direction)
  local c = oc:dot(oc) - self.radius2
  local disc = b * b - c
  if disc < 0 then return nil end
  local root = sqrt(disc)
  local t = -b - root
  if t > 1e-6 then return t end
  t = -b + root
  if t > 1e-6 then return t end
  return nil
end
function Sphere:normal(point) return (point - self.center):normalized() end

local Plane = {}
Plane.__index = Plane
function Plane.new(normal, offset, shade, reflect)
  return setmetatable({ n = normal, offset = offset, shade = shade, reflect = reflect }, Plane)
end
function Plane:intersect(origin, direction)
  local denom = self.n:dot(direction)
  if denom > -1e-9 and denom < 1e-9 then return nil end
  local t = -(self.n:dot(origin) + self.offset) / denom
  if t > 1e-6 then return t end
  return nil
end
function Plane:normal(_) return self.n end

local Scene = {}
Scene.__index = Scene
function Scene.new()
  local objects = {
    Sphere.new(vec(0, 1, 5), 1.0, 0.9, 0.3),
    Sphere.new(vec(-2, 0.6, 6), 0.6, 0.7, 0.1),
    Sphere.new(vec(1.8, 0.5, 4), 0.5, 0.8, 0.5),
    Plane.new(vec(0, 1, 0), 0.0, 0.6, 0.2),
  }
  return setmetatable({ objects = objects, light = vec(-4, 6, -2) }, Scene)
end

function Scene:closest(origin, direction)
  local best_t, best = nil, nil
  for i = 1, #self.objects do
    local object = self.objects[i]
    local t = object:intersect(origin, direction)
    if t and (best_t == nil or t < best_t) then best_t, best = t, object end
  end
  return best, best_t
end

function Scene:trace(origin, direction, depth)
  local object, t = self:closest(origin, direction)
  if object == nil then return 0.1 + 0.2 * direction.y end
  local point = origin + direction * t
  local normal = object:normal(point)
  local to_light = self.light - point
  local light_distance = to_light:length()
  to_light = to_light * (1.0 / light_distance)
  local brightness = 0.1
  local shadow, shadow_t = self:closest(point, to_light)
  if shadow == nil or shadow_t > light_distance then
    local lambert = normal:dot(to_light)
    if lambert > 0 then brightness = brightness + lambert * object.shade end
  end
  if depth > 0 and object.reflect > 0 then
    local reflected = direction - normal * (2 * direction:dot(normal))
    brightness = brightness + object.reflect * self:trace(point, reflected, depth - 1)
  end
  return brightness
end

local function run(n)
  local scene = Scene.new()
  local eye = vec(0, 1.2, -1)
  local sum, hash = 0, 0
  for y = 0, n - 1 do
    for x = 0, n - 1 do
      local direction = vec((x - n / 2) / n, (n / 2 - y) / n, 1.0):normalized()
      local value = scene:trace(eye, direction, 2)
      if value > 1.0 then value = 1.0 end
      if value < 0.0 then value = 0.0 end
      local level = floor(value * 255 + 0.5)
      sum = sum + level
      hash = (hash * 17 + level) % 1000000007
    end
  end
  return string.format("%d %d", sum, hash)
end

-- harness: the shared benchmark protocol (identical in every program)
local size = tonumber(arg and arg[1]) or 400
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
