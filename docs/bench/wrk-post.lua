-- wrk script: each request posts BATCH (default 1) new DossierReceived events of the demo catalogue
-- (Replays/demo.ndjson) with the center token in TOKEN. Usage, against `motcua serve` on a store that
-- imported Replays/demo.ndjson:
--   TOKEN=$(motcua token create --role center --agency 000.00.20.H26) BATCH=100 \
--     wrk -t2 -c32 -d10s -s docs/bench/wrk-post.lua http://127.0.0.1:8080
-- Any answer but 201 is printed.
local counter = 0
local thread_id = 0
local batch = tonumber(os.getenv("BATCH") or "1")
function setup(thread)
  thread_id = thread_id + 1
  thread:set("tid", thread_id)
end
function init(args)
  math.randomseed(os.time() + tid * 7919)
end
function event()
  counter = counter + 1
  local id = string.format("%08x-%04x-4%03x-8%03x-%012x", math.random(0, 0x7fffffff), tid, math.random(0, 0xfff), math.random(0, 0xfff), counter)
  return string.format('{"id":"%s","type":"DossierReceived","occurredAt":"2025-06-02T09:00:00+07:00","data":{"dossier":"W%d-%d-%d","procedure":"1.004227","agency":"000.00.20.H26","channel":"online","applicant":"citizen"}}', id, tid, math.random(0, 0x7fffffff), counter)
end
function request()
  local items = {}
  for i = 1, batch do items[i] = event() end
  return wrk.format("POST", "/v1/events", {["Authorization"] = "Bearer " .. os.getenv("TOKEN"), ["Content-Type"] = "application/json"}, "[" .. table.concat(items, ",") .. "]")
end
function response(status, headers, body)
  if status ~= 201 then print(status .. " " .. body) end
end
