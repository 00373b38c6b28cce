-- wrk script for nsps-connector benchmarks: POSTs a body to the URL's path with a Bearer token and prints a
-- one-line summary that bench/run parses.
--   BODY_FILE  file with the request body
--   TOKEN      Bearer token
--   VARY       "1": give every request its own event_id, and spread them over 100,000 IMSIs, as a burst of NSPS
--              events for many subscribers does (the connector answers a repeated event_id as a duplicate without calling WTL, and applies
--              events of one IMSI one at a time, so one fixed event would not measure the full path)
local body_file = assert(io.open(os.getenv("BODY_FILE"), "rb"), "BODY_FILE not readable")
local body = body_file:read("*a")
body_file:close()
wrk.method = "POST"
wrk.body = body
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. (os.getenv("TOKEN") or "")

local threads = {}
function setup(thread)
  thread:set("thread_number", #threads + 1)
  table.insert(threads, thread)
end

-- the body split around the values to vary: pieces[1] value pieces[2] value pieces[3] ...
local pieces, kinds
if os.getenv("VARY") == "1" then
  local marked = body
  marked = marked:gsub('("event_id"%s*:%s*")[^"]*(")', "%1\1%2", 1)
  marked = marked:gsub('("imsi"%s*:%s*")%d+(")', "%1\2%2", 1)
  pieces, kinds = {}, {}
  local start = 1
  for i = 1, #marked do
    local c = marked:sub(i, i)
    if c == "\1" or c == "\2" then
      table.insert(pieces, marked:sub(start, i - 1))
      table.insert(kinds, c)
      start = i + 1
    end
  end
  table.insert(pieces, marked:sub(start))
end

-- event ids unique across runs too: the connector remembers applied ids for a day
local run_id = os.getenv("RUN_ID") or tostring(os.time())
local sent = 0
function request()
  if not pieces then
    return wrk.request()
  end
  sent = sent + 1
  local n = (thread_number or 1) * 1000000000 + sent
  local out = { pieces[1] }
  for i, kind in ipairs(kinds) do
    if kind == "\1" then
      table.insert(out, string.format("bench-%s-%d", run_id, n))
    else
      -- 100,000 subscribers: a realistic burst, and the WTL stand-in's store stays the same size all run long
      table.insert(out, string.format("00101%010d", ((thread_number or 1) * 50000 + sent) % 100000))
    end
    table.insert(out, pieces[i + 1])
  end
  return wrk.format(nil, nil, nil, table.concat(out))
end

function done(summary, latency, requests)
  local seconds = summary.duration / 1e6
  local e = summary.errors
  io.write(string.format(
    "BENCH requests=%d seconds=%.3f rps=%.1f p50_ms=%.3f p99_ms=%.3f max_ms=%.3f non2xx=%d socket_errors=%d\n",
    summary.requests, seconds, summary.requests / seconds,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.max / 1000,
    e.status, e.connect + e.read + e.write + e.timeout))
end
