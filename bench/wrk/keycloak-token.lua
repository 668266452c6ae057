-- Keycloak's token endpoint, password grant, cycling through the users in $BENCH_ACCOUNTS
-- ("username password" per line); realm and client come from $BENCH_KC_REALM and $BENCH_KC_CLIENT.
local report = require("report")
setup, done = report.setup, report.done

function response(status, headers, body)
   report.response(status)
end

local bodies, path, cursor = {}, nil, 0

function init(args)
   path = "/realms/" .. os.getenv("BENCH_KC_REALM") .. "/protocol/openid-connect/token"
   for _, line in ipairs(report.lines("BENCH_ACCOUNTS")) do
      local user, password = line:match("^(%S+) (.+)$")
      bodies[#bodies + 1] = "grant_type=password&client_id=" .. os.getenv("BENCH_KC_CLIENT")
         .. "&username=" .. user .. "&password=" .. password
   end
   cursor = id
end

function request()
   cursor = cursor % #bodies + 1
   return wrk.format("POST", path, { ["Content-Type"] = "application/x-www-form-urlencoded" }, bodies[cursor])
end
