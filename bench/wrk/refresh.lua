-- POST /v1/tokens/refresh with rotating, single-use refresh tokens (see token-pool.lua).
-- An empty pool sends a token that cannot exist, so the failure shows as a non-2xx answer.
local report = require("report")
local pool = require("token-pool")
setup, done = report.setup, report.done
report.extras = pool.extras

function init(args)
   pool.init()
end

function request()
   local token = pool.take("none.none")
   return wrk.format("POST", "/v1/tokens/refresh", { ["Content-Type"] = "application/json" },
      '{"refreshToken":"' .. token .. '"}')
end

function response(status, headers, body)
   report.response(status)
   pool.answer(status, body, "refreshToken")
end
