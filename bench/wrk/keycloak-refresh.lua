-- Keycloak's token endpoint, refresh_token grant, with the realm set to revoke a refresh token on
-- use (as the auth-service does), so tokens are chained exactly like refresh.lua chains them.
local report = require("report")
local pool = require("token-pool")
setup, done = report.setup, report.done
report.extras = pool.extras

local path, client

function init(args)
   path = "/realms/" .. os.getenv("BENCH_KC_REALM") .. "/protocol/openid-connect/token"
   client = os.getenv("BENCH_KC_CLIENT")
   pool.init()
end

function request()
   local token = pool.take("none")
   return wrk.format("POST", path, { ["Content-Type"] = "application/x-www-form-urlencoded" },
      "grant_type=refresh_token&client_id=" .. client .. "&refresh_token=" .. token)
end

function response(status, headers, body)
   report.response(status)
   pool.answer(status, body, "refresh_token")
end
