-- The load of Benchmark.java, for wrk (Debian's package, built with LuaJIT):
--   wrk ... -s bench/wrk.lua URL -- FILE METHOD TOKEN STATUS MODE
-- FILE holds one request per line: a target (GET) or a body (POST, sent to URL's path).
-- TOKEN is an admin token, "cookie:NAME=VALUE" for a session cookie (the admin page), or "-" for
-- none. STATUS is the status every answer should have; any
-- other counts as an error. MODE "once" sends each line once, in order, on one connection, and
-- exits after the last answer; "loop" cycles through the lines until wrk's duration ends.
-- Both print one line starting "bench:" for Benchmark.java to read.

local ffi = require("ffi")
ffi.cdef [[
typedef struct { long tv_sec; long tv_nsec; } bench_timespec;
int clock_gettime(int clock, bench_timespec *time);
]]
local CLOCK_MONOTONIC = 1
local clock = ffi.new("bench_timespec")

local function micros()
  ffi.C.clock_gettime(CLOCK_MONOTONIC, clock)
  return tonumber(clock.tv_sec) * 1e6 + tonumber(clock.tv_nsec) / 1e3
end

-- This process's user and system CPU, in seconds (clock ticks of 10 ms).
local function cpu_seconds()
  local stat = io.open("/proc/self/stat"):read("*l")
  local fields = {}
  for field in stat:gsub("^.*%) ", ""):gmatch("%S+") do
    fields[#fields + 1] = field
  end
  return (tonumber(fields[12]) + tonumber(fields[13])) / 100
end

local threads = {}

function setup(thread)
  threads[#threads + 1] = thread
end

local lines, method, headers, status, mode
local sent, answered, started, cpu_started = 0, 0, nil, nil
-- A global, for done() to read from every thread.
errors = 0

function init(args)
  lines = {}
  for line in io.lines(args[1]) do
    lines[#lines + 1] = line
  end
  method, status, mode = args[2], tonumber(args[4]), args[5]
  headers = {}
  if args[3]:sub(1, 7) == "cookie:" then
    headers["Cookie"] = args[3]:sub(8)
  elseif args[3] ~= "-" then
    headers["Authorization"] = "Bearer " .. args[3]
  end
  if method == "POST" then
    headers["Content-Type"] = "application/json"
  end
end

function request()
  if started == nil then
    started, cpu_started = micros(), cpu_seconds()
  end
  sent = sent + 1
  local line = lines[(sent - 1) % #lines + 1]
  if method == "POST" then
    return wrk.format("POST", nil, headers, line)
  end
  return wrk.format("GET", line, headers)
end

function response(answer)
  answered = answered + 1
  if answer ~= status then
    errors = errors + 1
  end
  if mode == "once" and answered == #lines then
    io.write(string.format("bench: requests=%d errors=%d micros=%.0f cpu=%.2f\n", answered, errors,
      micros() - started, cpu_seconds() - cpu_started))
    io.stdout:flush()
    os.exit(0)
  end
end

function done(summary, latency)
  local unexpected = 0
  for _, thread in ipairs(threads) do
    unexpected = unexpected + thread:get("errors")
  end
  local failed = summary.errors.connect + summary.errors.read + summary.errors.write
      + summary.errors.timeout
  io.write(string.format("bench: requests=%d errors=%d micros=%.0f p50=%.0f p99=%.0f cpu=%.2f\n",
    summary.requests, unexpected + failed, summary.duration, latency:percentile(50),
    latency:percentile(99), cpu_seconds()))
end
