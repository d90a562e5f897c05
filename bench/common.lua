-- Shared by the bench scripts: counts non-2xx answers and prints one JSON line at the end.
-- Each script's init(args) gets the bearer token as args[1] ("" = anonymous).

local threads = {}
non2xx = 0

function setup(thread)
  table.insert(threads, thread)
end

function bearer(token)
  if token ~= nil and token ~= "" then
    if token:sub(1, 7) == "cookie:" then  -- a page row: the browser session cookie
      wrk.headers["Cookie"] = token:sub(8)
    else
      wrk.headers["Authorization"] = "Bearer " .. token
    end
  end
end

function response(status, headers, body)
  if status < 200 or status > 299 then
    non2xx = non2xx + 1
  end
end

function done(summary, latency, requests)
  local failed = 0
  for _, thread in ipairs(threads) do
    failed = failed + thread:get("non2xx")
  end
  local e = summary.errors
  io.write(string.format(
    'BENCH_JSON {"requests": %d, "duration_us": %d, "rps": %.2f, "p50_us": %d, "p95_us": %d, '
      .. '"p99_us": %d, "non2xx": %d, "socket_errors": %d}\n',
    summary.requests, summary.duration, summary.requests / (summary.duration / 1e6),
    latency:percentile(50), latency:percentile(95), latency:percentile(99), failed,
    e.connect + e.read + e.write + e.timeout))
end
