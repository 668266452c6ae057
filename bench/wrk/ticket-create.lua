-- POST /v1/ticket as the customers whose access tokens are in $BENCH_TOKENS, one after another.
local report = require("report")
setup, done = report.setup, report.done

function response(status, headers, body)
   report.response(status)
end

local tokens = {}
local priorities = { "LOW", "NORMAL", "NORMAL", "HIGH", "URGENT" }
local categories = { "billing", "hardware", "access", "network" }
local n = 0

function init(args)
   tokens = report.lines("BENCH_TOKENS")
end

function request()
   n = n + 1
   local body = string.format(
      '{"subject":"Load test ticket %d-%d","description":"The invoice total does not match the order.",'
         .. '"priority":"%s","category":"%s","tags":["bench"]}',
      id, n, priorities[n % #priorities + 1], categories[n % #categories + 1])
   return wrk.format("POST", "/v1/ticket", {
      ["Content-Type"] = "application/json",
      ["Authorization"] = "Bearer " .. tokens[(n + id) % #tokens + 1],
   }, body)
end
