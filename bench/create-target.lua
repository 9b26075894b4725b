-- wrk script: POST /v2/actions/targets with a unique name per request.
local threads = 0
function setup(thread)
  threads = threads + 1
  thread:set("tid", threads)
end

local counter = 0
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
request = function()
  counter = counter + 1
  local body = string.format('{"name":"bench-%d-%d","restWebhook":{},"timeout":"5s","endpoint":"https://example.com/hook"}', tid, counter)
  return wrk.format("POST", "/v2/actions/targets", nil, body)
end
