-- richards: an operating-system task scheduler in the style of Martin Richards' benchmark,
-- written as classes with metatables: an idle task, a worker, two handlers and two devices
-- pass packets through a scheduler that holds, releases and waits on tasks.
-- Measures: method calls through __index metatables, inheritance (subclass tables whose
-- metatable __index is the parent), field reads/writes on objects, linked lists.
-- Size: how many times the idle task runs (default 350000). Needs: setmetatable, math.floor,
-- string.format. With size 10000 the counts are the classic 23246 and 9297.
-- Checksum: packets queued and hold operations performed (exact integers).
-- Protocol (see bench/README.md): prints `checksum <queued> <held>`.

local ID_IDLE, ID_WORKER, ID_HANDLER_A, ID_HANDLER_B, ID_DEVICE_A, ID_DEVICE_B = 1, 2, 3, 4, 5, 6
local KIND_DEVICE, KIND_WORK = 0, 1
local DATA_SIZE = 4

-- Packet: a message carrying a small data buffer, linked into queues.
local Packet = {}
Packet.__index = Packet

function Packet.new(link, id, kind)
  local data = {}
  for i = 1, DATA_SIZE do data[i] = 0 end
  return setmetatable({ link = link, id = id, kind = kind, a1 = 0, a2 = data }, Packet)
end

function Packet:append_to(queue)
  self.link = nil
  if queue == nil then return self end
  local last = queue
  while last.link ~= nil do last = last.link end
  last.link = self
  return queue
end

-- TaskControlBlock: scheduling state of one task; `task` is the object that runs it.
local Tcb = {}
Tcb.__index = Tcb

function Tcb.new(link, id, priority, queue, task)
  local tcb = setmetatable({ link = link, id = id, priority = priority, queue = queue,
    task = task, packet_pending = queue ~= nil, waiting = false, held = false }, Tcb)
  return tcb
end

function Tcb:runnable()
  return self.packet_pending and not self.waiting and not self.held
end

function Tcb:blocked()
  return self.held or (not self.packet_pending and self.waiting)
end

function Tcb:check_priority_add(current, packet)
  if self.queue == nil then
    self.queue = packet
    self.packet_pending = true
    if self.priority > current.priority then return self end
  else
    self.queue = packet:append_to(self.queue)
  end
  return current
end

function Tcb:run()
  local packet
  if self.waiting and self.packet_pending then
    packet = self.queue
    self.queue = packet.link
    self.packet_pending = self.queue ~= nil
    self.waiting = false
  end
  return self.task:run(packet)
end

-- Scheduler: the task table, the current task and the counters that form the checksum.
local Scheduler = {}
Scheduler.__index = Scheduler

function Scheduler.new()
  return setmetatable({ queue_count = 0, hold_count = 0, blocks = {}, list = nil,
    current = nil, current_id = nil }, Scheduler)
end

function Scheduler:add_task(id, priority, queue, task)
  self.current = Tcb.new(self.list, id, priority, queue, task)
  self.list = self.current
  self.blocks[id] = self.current
end

function Scheduler:add_running_task(id, priority, queue, task)
  self:add_task(id, priority, queue, task)
  self.current.packet_pending = false
  self.current.waiting = false
  self.current.held = false
end

function Scheduler:schedule()
  self.current = self.list
  while self.current ~= nil do
    local tcb = self.current
    if tcb:blocked() then
      self.current = tcb.link
    else
      self.current_id = tcb.id
      self.current = tcb:run()
    end
  end
end

function Scheduler:release(id)
  local tcb = self.blocks[id]
  if tcb == nil then return tcb end
  tcb.held = false
  if tcb.priority > self.current.priority then return tcb end
  return self.current
end

function Scheduler:hold_current()
  self.hold_count = self.hold_count + 1
  self.current.held = true
  return self.current.link
end

function Scheduler:suspend_current()
  self.current.waiting = true
  return self.current
end

function Scheduler:queue(packet)
  local tcb = self.blocks[packet.id]
  if tcb == nil then return tcb end
  self.queue_count = self.queue_count + 1
  packet.link = nil
  packet.id = self.current_id
  return tcb:check_priority_add(self.current, packet)
end

-- Task: the base class; each kind of task overrides run.
local Task = {}
Task.__index = Task

function Task.extend()
  local class = setmetatable({}, Task)
  class.__index = class
  return class
end

-- Exclusive or of two 16-bit non-negative integers with arithmetic only, so the program
-- runs on engines without bitwise operators (luajit); only the idle task uses it.
local function xor16(a, b)
  local result, bit = 0, 1
  for _ = 1, 16 do
    local abit, bbit = a % 2, b % 2
    if abit ~= bbit then result = result + bit end
    a = (a - abit) / 2
    b = (b - bbit) / 2
    bit = bit * 2
  end
  return result
end

local IdleTask = Task.extend()
function IdleTask.new(scheduler, v1, count)
  return setmetatable({ scheduler = scheduler, v1 = v1, count = count }, IdleTask)
end
function IdleTask:run(_)
  local s = self.scheduler
  self.count = self.count - 1
  if self.count == 0 then return s:hold_current() end
  local v1 = self.v1
  if v1 % 2 == 0 then
    self.v1 = math.floor(v1 / 2)
    return s:release(ID_DEVICE_A)
  end
  self.v1 = xor16(math.floor(v1 / 2), 0xD008)
  return s:release(ID_DEVICE_B)
end

local DeviceTask = Task.extend()
function DeviceTask.new(scheduler)
  return setmetatable({ scheduler = scheduler, pending = nil }, DeviceTask)
end
function DeviceTask:run(packet)
  local s = self.scheduler
  if packet == nil then
    if self.pending == nil then return s:suspend_current() end
    local v = self.pending
    self.pending = nil
    return s:queue(v)
  end
  self.pending = packet
  return s:hold_current()
end

local WorkerTask = Task.extend()
function WorkerTask.new(scheduler, v1, v2)
  return setmetatable({ scheduler = scheduler, v1 = v1, v2 = v2 }, WorkerTask)
end
function WorkerTask:run(packet)
  local s = self.scheduler
  if packet == nil then return s:suspend_current() end
  if self.v1 == ID_HANDLER_A then self.v1 = ID_HANDLER_B else self.v1 = ID_HANDLER_A end
  packet.id = self.v1
  packet.a1 = 0
  for i = 1, DATA_SIZE do
    self.v2 = self.v2 + 1
    if self.v2 > 26 then self.v2 = 1 end
    packet.a2[i] = self.v2
  end
  return s:queue(packet)
end

local HandlerTask = Task.extend()
function HandlerTask.new(scheduler)
  return setmetatable({ scheduler = scheduler, work = nil, device = nil }, HandlerTask)
end
function HandlerTask:run(packet)
  local s = self.scheduler
  if packet ~= nil then
    if packet.kind == KIND_WORK then
      self.work = packet:append_to(self.work)
    else
      self.device = packet:append_to(self.device)
    end
  end
  if self.work ~= nil then
    local work = self.work
    local count = work.a1
    if count < DATA_SIZE then
      if self.device ~= nil then
        local device = self.device
        self.device = device.link
        device.a1 = work.a2[count + 1]
        work.a1 = count + 1
        return s:queue(device)
      end
    else
      self.work = work.link
      return s:queue(work)
    end
  end
  return s:suspend_current()
end

local function run(count)
  local s = Scheduler.new()
  s:add_running_task(ID_IDLE, 0, nil, IdleTask.new(s, 1, count))

  local queue = Packet.new(nil, ID_WORKER, KIND_WORK)
  queue = Packet.new(queue, ID_WORKER, KIND_WORK)
  s:add_task(ID_WORKER, 1000, queue, WorkerTask.new(s, ID_HANDLER_A, 0))
  s.current.waiting = true

  queue = Packet.new(nil, ID_DEVICE_A, KIND_DEVICE)
  queue = Packet.new(queue, ID_DEVICE_A, KIND_DEVICE)
  queue = Packet.new(queue, ID_DEVICE_A, KIND_DEVICE)
  s:add_task(ID_HANDLER_A, 2000, queue, HandlerTask.new(s))
  s.current.waiting = true

  queue = Packet.new(nil, ID_DEVICE_B, KIND_DEVICE)
  queue = Packet.new(queue, ID_DEVICE_B, KIND_DEVICE)
  queue = Packet.new(queue, ID_DEVICE_B, KIND_DEVICE)
  s:add_task(ID_HANDLER_B, 3000, queue, HandlerTask.new(s))
  s.current.waiting = true

  s:add_task(ID_DEVICE_A, 4000, nil, DeviceTask.new(s))
  s.current.waiting = true
  s:add_task(ID_DEVICE_B, 5000, nil, DeviceTask.new(s))
  s.current.waiting = true

  s:schedule()
  return string.format("%d %d", s.queue_count, s.hold_count)
end

-- harness: the shared benchmark protocol (identical in every program)
local size = tonumber(arg and arg[1]) or 350000
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
