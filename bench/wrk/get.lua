-- A plain GET of the URL on the command line (headers such as Authorization come from -H).
-- Counts X-Cache answers when the service sends them (the analytics reports).
local report = require("report")
setup, done = report.setup, report.done
report.extras = { "cacheHits", "cacheMisses" }

function response(status, headers, body)
   report.response(status)
   local cache = headers["X-Cache"]
   if cache == "HIT" then
      cacheHits = (cacheHits or 0) + 1
   elseif cache == "MISS" then
      cacheMisses = (cacheMisses or 0) + 1
   end
end
