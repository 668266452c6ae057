-- What every benchmark script shares: one result line for bench/run, and per-thread counters.
--
-- A script uses it as
--   local report = require("report")
--   setup, done = report.setup, report.done
--   report.extras = { "cacheHits" }   -- globals each thread counts, summed into the result
-- and calls report.response(status) from its response(), so the result says which statuses other
-- than 2xx came back ("statuses": {"503": 2}). bench/run sets LUA_PATH so that require finds this file.

local report = { extras = {} }
local threads = {}

function report.setup(thread)
   threads[#threads + 1] = thread
   thread:set("id", #threads)
end

function report.response(status)
   if status >= 300 then
      statuses = statuses or {}
      statuses[tostring(status)] = (statuses[tostring(status)] or 0) + 1
   end
end

-- Successes are the responses with a 2xx or 3xx status; "rps" counts only those.
function report.done(summary, latency, requests)
   local seconds = summary.duration / 1e6
   local errors = summary.errors
   local ok = summary.requests - errors.status
   local extra = ""
   for _, name in ipairs(report.extras) do
      local sum = 0
      for _, thread in ipairs(threads) do
         sum = sum + (thread:get(name) or 0)
      end
      extra = extra .. string.format(',"%s":%d', name, sum)
   end
   local byStatus = {}
   for _, thread in ipairs(threads) do
      for status, count in pairs(thread:get("statuses") or {}) do
         byStatus[status] = (byStatus[status] or 0) + count
      end
   end
   local listed = {}
   for status, count in pairs(byStatus) do
      listed[#listed + 1] = string.format('"%s":%d', status, count)
   end
   table.sort(listed)
   extra = extra .. ',"statuses":{' .. table.concat(listed, ",") .. "}"
   io.write(string.format(
      'BENCH {"requests":%d,"ok":%d,"non2xx":%d,"socketErrors":%d,"timeouts":%d,"seconds":%.3f,"rps":%.1f,'
         .. '"p50us":%d,"p90us":%d,"p99us":%d,"maxus":%d%s}\n',
      summary.requests, ok, errors.status, errors.connect + errors.read + errors.write, errors.timeout, seconds,
      ok / seconds, latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max, extra))
end

-- The lines of a file named by an environment variable that bench/run sets.
function report.lines(variable)
   local path = os.getenv(variable)
   if path == nil then
      error(variable .. " is not set")
   end
   local lines = {}
   for line in io.lines(path) do
      if line ~= "" then
         lines[#lines + 1] = line
      end
   end
   return lines
end

-- This thread's share of a list: every BENCH_THREADS-th item, starting at its own id.
function report.share(items)
   local count = tonumber(os.getenv("BENCH_THREADS") or "1")
   local mine = {}
   for i, item in ipairs(items) do
      if (i - 1) % count == id - 1 then
         mine[#mine + 1] = item
      end
   end
   return mine
end

return report
