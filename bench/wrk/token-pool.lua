-- Single-use refresh tokens: each thread keeps a pool (its share of $BENCH_TOKENS), takes the oldest
-- for a request and puts back the new one from the answer. wrk calls response() before the next
-- request() of the same connection, so a connection always presents a token that was never used,
-- and a failed refresh shrinks the pool instead of replaying a retired token.
local report = require("report")

local pool = { tokens = {} }

function pool.init()
   pool.tokens = report.share(report.lines("BENCH_TOKENS"))
end

-- The oldest unused token, or nil when failures emptied the pool.
function pool.take()
   return table.remove(pool.tokens, 1)
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
