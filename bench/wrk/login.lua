-- POST /v1/user/login, cycling through the accounts in $BENCH_ACCOUNTS ("email password" per line).
local report = require("report")
setup, done = report.setup, report.done

function response(status, headers, body)
   report.response(status)
end

local bodies = {}
local cursor = 0

function init(args)
   for _, line in ipairs(report.lines("BENCH_ACCOUNTS")) do
      local email, password = line:match("^(%S+) (.+)$")
      bodies[#bodies + 1] = string.format('{"email":"%s","password":"%s"}', email, password)
   end
   cursor = id
end

function request()
   cursor = cursor % #bodies + 1
   return wrk.format("POST", "/v1/user/login", { ["Content-Type"] = "application/json" }, bodies[cursor])
end
