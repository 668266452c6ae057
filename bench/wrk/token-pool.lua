-- Single-use refresh tokens: each thread keeps a pool (its share of $BENCH_TOKENS), takes the oldest
-- for a request and puts back the new one from the answer. wrk calls response() before the next
-- request() of the same connection, so a connection always presents a token that was never used,
-- and a failed refresh shrinks the pool instead of replaying a retired token.
local report = require("report")

local pool = { tokens = {} }

-- What a script using the pool reports beside the status counts.
pool.extras = { "rotated", "failed", "poolEmpty" }

function pool.init()
   pool.tokens = report.share(report.lines("BENCH_TOKENS"))
end

-- The oldest unused token; when failures emptied the pool, counts that and gives `absent`, a token
-- that cannot exist, so the request still goes out and its failure shows as a non-2xx answer.
function pool.take(absent)
   local token = table.remove(pool.tokens, 1)
   if token == nil then
      poolEmpty = (poolEmpty or 0) + 1
      return absent
   end
   return token
end

function pool.answer(status, body, field)
   if status == 200 then
      local token = body:match('"' .. field .. '"%s*:%s*"([^"]+)"')
      if token then
         pool.tokens[#pool.tokens + 1] = token
         rotated = (rotated or 0) + 1
         return
      end
   end
   failed = (failed or 0) + 1
end

return pool
