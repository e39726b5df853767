-- ned.lua: the Lua part of ned's "L4" package (Walnut). It runs once at
-- start-up, after the C part (capabilities, L4.Env, L4.exec, L4.Info,
-- L4.sleep, L4.cast) has filled the package table. It adds L4Re's
-- constants and the Loader and App_env classes that scripts use to start
-- programs. Names, arguments and defaults follow L4Re's ned; see
-- doc/ned.md.

local L4 = require("L4")
local string, table = string, table
local type, pairs, error, pcall, setmetatable, getmetatable, rawget, rawset, tostring =
      type, pairs, error, pcall, setmetatable, getmetatable, rawget, rawset, tostring
local getinfo = debug.getinfo

-- Raises msg at the script line that called into the package (frames of
-- this file are skipped), as the C part's errors do.
local function fail(msg)
  local level = 2
  while true do
    local info = getinfo(level, "Sl")
    if not info then
      break
    end
    if info.source ~= "@ned.lua" and info.currentline > 0 then
      msg = info.short_src .. ":" .. info.currentline .. ": " .. msg
      break
    end
    level = level + 1
  end
  error(msg, 0)
end

-- user_factory is another name for the memory allocator (moe's factory).
rawset(L4.Env, "user_factory", rawget(L4.Env, "mem_alloc"))

-- Protocol numbers (L4Re's), e.g. for Factory:create and L4.cast.
L4.Proto = {
  Ipc_gate   = 0,
  Irq        = -1,
  Sigma0     = -6,
  Task       = -11,
  Thread     = -12,
  Log        = -13,
  Scheduler  = -14,
  Factory    = -15,
  Vm         = -16,
  Dma_space  = -17,
  Irq_sender = -18,
  Irq_muxer  = -19,
  Semaphore  = -20,
  Meta       = -21,
  Iommu      = -22,
  Debugger   = -23,
  Dataspace  = 0x4000,
  Namespace  = 0x4001,
  Parent     = 0x4002,
  Goos       = 0x4003,
  Mem_alloc  = 0x4004,
  Rm         = 0x4005,
  Event      = 0x4006,
  Inhibitor  = 0x4007,
}

-- Capability rights (L4_CAP_FPAGE_*), for :m() with a number.
L4.Rights = { r = 4, ro = 4, w = 1, s = 2, rw = 5, rws = 7 }

-- Loader flags (L4RE_AUX_LDR_FLAG_*): accepted in ldr_flags.
L4.Ldr_flags = { eager_map = 0x1, all_segs_cow = 0x2, pinned_segs = 0x4 }

-- Dataspace allocation flags of a memory allocator (L4RE_MA_*).
L4.Mem_alloc_flags = { Continuous = 1, Pinned = 2, Super_pages = 4 }

-- L4Re debug flags: accepted in l4re_dbg.
L4.Dbg = {
  Info = 1, Warn = 2, Boot = 4, Server = 0x10, Exceptions = 0x20,
  Cmd_line = 0x40, Loader = 0x80, Name_space = 0x400, All = 0xffffffff,
}

-- Raises "what called with incompatible object" when a method is called with '.' instead of ':' (or on something else).
local function check(obj, class, what)
  if type(obj) ~= "table" or getmetatable(obj) ~= class then
    fail(what .. " called with incompatible object (a method: use ':')")
  end
end

-- The class of a protocol number or a C++ class name (L4._CAP_TYPES).
function L4.get_cap_class(id)
  local types = L4._CAP_TYPES
  if type(id) == "number" then
    return types[id]
  elseif type(id) == "string" then
    return types[id]
  end
  return nil
end

-- Namespaces: ns:register(name, value [, fab]) (alias r) takes a
-- capability, a string (reserves the name until it is registered), nil
-- (removes the entry), a function (called with ns and name for the value)
-- or a table (a nested namespace made with fab).
do
  local ns_class = L4.get_cap_class("L4Re::Namespace")
  function ns_class.register(self, key, value, fab)
    if type(value) == "function" then
      value = value(self, key)
    end
    if type(value) == "table" and getmetatable(value) == nil then
      if not fab then
        fail("register '" .. tostring(key) .. "': a table needs a factory for the namespace")
      end
      value = fab(value)
    end
    self:__register(key, value)
  end
  ns_class.r = ns_class.register
end

-- Loader: the factories programs are made with. Fields: factory (kernel
-- objects; default L4.Env.factory), mem (memory; with loader, the default
-- of log_fab, ns_fab and rm_fab), log_fab, ns_fab, rm_fab.
local Loader = {}
Loader.__index = Loader
L4.Loader = Loader

function Loader.new(proto)
  local f = proto or {}
  if type(f) ~= "table" then
    fail("L4.Loader.new: table expected, got " .. type(f))
  end
  local lfab = f.loader or f.mem
  f.log_fab = f.log_fab or lfab
  f.ns_fab = f.ns_fab or lfab
  f.rm_fab = f.rm_fab or lfab
  f.factory = f.factory or L4.Env.factory
  return setmetatable(f, Loader)
end

-- Fills namespace ns from the table tmpl (nested tables become nested
-- namespaces made with fab by loader, default L4.default_loader).
function Loader.fill_namespace(ns, tmpl, fab, loader)
  loader = loader or L4.default_loader
  local function make(value)
    return loader:create_namespace(value, fab)
  end
  for k, v in pairs(tmpl) do
    ns:r(k, v, make)
  end
end

-- A namespace (made with fab, default the loader's ns_fab) holding the
-- entries of table n; anything else is returned as it is.
function Loader:create_namespace(n, fab)
  check(self, Loader, "Loader:create_namespace")
  if type(n) ~= "table" then
    return n
  end
  local ns_fab = fab or self.ns_fab
  if not ns_fab then
    fail("create_namespace: the loader has no ns_fab")
  end
  local ns = ns_fab:create(L4.Proto.Namespace)
  Loader.fill_namespace(ns, n, ns_fab, self)
  return ns
end

-- A new IPC gate for a client and a server (give the server :svr()).
function Loader:new_channel()
  check(self, Loader, "Loader:new_channel")
  return self.factory:create(L4.Proto.Ipc_gate)
end

-- "rom/prog a b" -> "rom/prog", "a", "b", posix_env
function Loader.split_args(cmd, posix_env)
  if type(cmd) ~= "string" then
    fail("split_args: command line (a string) expected, got " .. type(cmd))
  end
  local a = {}
  for w in string.gmatch(cmd, "%S+") do
    a[#a + 1] = w
  end
  local n = #a
  if posix_env ~= nil then
    n = n + 1
    a[n] = posix_env
  end
  return table.unpack(a, 1, n)
end

-- App_env: everything a program starts with. Fields: loader, factory,
-- mem, rm_fab, scheduler, log ({ tag, color }, a capability or a function
-- returning one), caps, ns, l4re_dbg, ldr_flags.
local App_env = {}
App_env.__index = App_env
L4.App_env = App_env

function App_env.new(proto)
  local f = proto or {}
  if type(f) ~= "table" then
    fail("L4.App_env.new: table expected, got " .. type(f))
  end
  f.loader = f.loader or L4.default_loader
  f.rm_fab = f.rm_fab or f.loader.rm_fab
  f.factory = f.factory or f.loader.factory or L4.Env.factory
  f.mem = f.mem or f.loader.mem
  if type(f.log) == "table" then
    f.log_args = f.log
    f.log = nil
  elseif type(f.log) == "function" then
    f.log = f.log()
    f.log_args = {}
  else
    f.log_args = {}
  end
  setmetatable(f, App_env)
  if type(f.ns) == "table" then
    f.ns = f.loader:create_namespace(f.ns, f.ns_fab)
  end
  return f
end

-- The program's log: a log object of the loader's log_fab, with the tag
-- and color of log_args (L4.exec calls this when env.log is not set).
function App_env:log()
  check(self, App_env, "App_env:log")
  local fab = self.loader.log_fab
  if fab == nil or fab.create == nil then
    fail("Starting an application without valid log factory")
  end
  return fab:create(L4.Proto.Log, table.unpack(self.log_args))
end

-- Starts the program (arguments as for L4.exec); the log tag defaults to
-- the program's file name.
function App_env:start(...)
  check(self, App_env, "App_env:start")
  local prog = ...
  if type(prog) ~= "string" then
    fail("start: program name (a string) expected, got " .. type(prog))
  end
  local old_tag = self.log_args[1]
  self.log_args[1] = old_tag or string.gsub(prog, ".*/", "")
  local ok, res = pcall(L4.exec, self, ...)
  self.log_args[1] = old_tag
  if not ok then
    error(res, 0)
  end
  return res
end

function App_env:set_loader_fab(fab)
  check(self, App_env, "App_env:set_loader_fab")
  self.log_fab = fab
  self.ns_fab = fab
  self.rm_fab = fab
end

function App_env:set_mem_alloc(mem)
  check(self, App_env, "App_env:set_mem_alloc")
  self.mem = mem
end

-- ldr:startv(env, "rom/prog", args..., [posix_env]): plain tables in
-- env.caps become namespaces; caps.rom defaults to ned's rom (read-only).
function Loader:startv(env, ...)
  check(self, Loader, "Loader:startv")
  if type(env) ~= "table" then
    fail("startv: environment table expected, got " .. type(env))
  end
  local caps = env.caps or {}
  if type(caps) == "table" then
    for k, v in pairs(caps) do
      if type(v) == "table" and getmetatable(v) == nil then
        caps[k] = self:create_namespace(v)
      end
    end
    caps.rom = caps.rom or L4.Env.rom:m("r")
  end
  env.loader = self
  env.caps = caps
  env.l4re_dbg = env.l4re_dbg or L4.Dbg.Warn
  return App_env.new(env):start(...)
end

-- ldr:start(env, "rom/prog arg1 arg2", [posix_env])
function Loader:start(env, cmd, posix_env)
  check(self, Loader, "Loader:start")
  return self:startv(env, Loader.split_args(cmd, posix_env))
end

L4.default_loader = Loader.new({ factory = L4.Env.factory, mem = L4.Env.mem_alloc })

return L4
