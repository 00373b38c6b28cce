-- wrk script for nsps-connector benchmarks: POSTs one body to the URL's path with the given Bearer token and
-- prints a one-line summary that bench/run parses.
--   BODY_FILE  file with the request body
--   TOKEN      Bearer token
--   STOP_AFTER optional: each thread stops after this many answers (used for the 10,000-event memory run)
local body_file = assert(io.open(os.getenv("BODY_FILE"), "rb"), "BODY_FILE not readable")
wrk.method = "POST"
wrk.body = body_file:read("*a")
body_file:close()
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. (os.getenv("TOKEN") or "")

local stop_after = tonumber(os.getenv("STOP_AFTER") or "")
if stop_after then
  local answered = 0
  function response(status, headers, body)
    answered = answered + 1
    if answered >= stop_after then
      wrk.thread:stop()
    end
  end
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
