-- wrk script: POST /v2/actions/targets with a name unique per request, thread and run. The endpoint is an address
-- literal (TEST-NET-3) so the figure measures Hookgate, not the resolver the save-time deny-list check would ask.
local threads = 0
math.randomseed(os.time())
local run = string.format("%d%06d", os.time(), math.random(0, 999999))
function setup(thread)
  threads = threads + 1
  thread:set("tid", threads)
  thread:set("run", run)
end

local counter = 0
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
request = function()
  counter = counter + 1
  local body = string.format('{"name":"bench-%s-%d-%d","restWebhook":{},"timeout":"5s","endpoint":"https://203.0.113.10/hook"}', run, tid, counter)
  return wrk.format("POST", "/v2/actions/targets", nil, body)
end
