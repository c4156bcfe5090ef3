-- wrk script: 50 connections = 50 users, each requesting a page of the mix below, then thinking for a random
-- time (THINK_MIN_MS..THINK_MAX_MS, default 2000..8000 ms; 0..0 for a saturation run) before the next request.
-- Every response other than 200 counts as an error (an expired session would show up as 302s to the login page).
-- Sessions come from loadtest/prepare.py (SESSIONS_FILE). Loopback only: run.sh points wrk at 127.0.0.1.

local sessions = dofile(os.getenv("SESSIONS_FILE"))
local year = os.getenv("LOADTEST_YEAR") or "2023"
local think_min = tonumber(os.getenv("THINK_MIN_MS") or "2000")
local think_max = tonumber(os.getenv("THINK_MAX_MS") or "8000")

-- The mix (loadtest/mix.txt: weight, user, path): report pages, the answer sheet, an export, the portal dashboard.
local mix = {}
for line in io.lines(os.getenv("MIX_FILE") or "loadtest/mix.txt") do
  local weight, who, path = line:match("^(%d+)%s+(%w+)%s+(%S+)")
  if weight then
    table.insert(mix, {tonumber(weight), who, (path:gsub("{year}", year))})
  end
end

local requests = {}
local threads = {}
local errors = 0
local statuses = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  for _, entry in ipairs(mix) do
    local headers = {["Cookie"] = "sessionid=" .. sessions[entry[2]], ["X-Forwarded-Proto"] = "https"}
    local request = wrk.format("GET", entry[3], headers)
    for _ = 1, entry[1] do
      table.insert(requests, request)
    end
  end
  math.randomseed(os.time() + tonumber(tostring(requests):match("0x(%x+)") or "0", 16) % 1000)
end

function request()
  return requests[math.random(#requests)]
end

function delay()
  if think_max <= 0 then
    return 0
  end
  return math.random(think_min, think_max)
end

function response(status, headers, body)
  if status ~= 200 then
    errors = errors + 1
    statuses[status] = (statuses[status] or 0) + 1
  end
end

function done(summary, latency, requests)
  local bad = 0
  for _, thread in ipairs(threads) do
    bad = bad + (thread:get("errors") or 0)
  end
  local socket = summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout
  io.write(string.format(
    '{"requests": %d, "seconds": %.1f, "requests_per_second": %.2f, "p50_ms": %.1f, "p95_ms": %.1f, ' ..
    '"p99_ms": %.1f, "max_ms": %.1f, "mean_ms": %.1f, "non_200": %d, "socket_errors": %d, ' ..
    '"think_ms": [%d, %d]}\n',
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000,
    latency.max / 1000, latency.mean / 1000, bad, socket, think_min, think_max))
end
