-- wrk: random RFC 9162 proofs from a running `motcua serve` (issue 13's proof latency).
--   SIZE=$(curl -s http://127.0.0.1:8080/v1/checkpoint | sed -n 2p)   # or the log's head
--   SIZE=… KIND=inclusion wrk -t1 -c1 -d10s --latency -s docs/bench/wrk-proof.lua http://127.0.0.1:8080
--   SIZE=… KIND=consistency wrk …
-- Add `wrk.headers["Authorization"] = "Bearer …"` below unless the server runs with --public-kpi.
math.randomseed(42)
local size = tonumber(os.getenv("SIZE"))
local kind = os.getenv("KIND") or "inclusion"

request = function()
  local n = math.random(1, size)
  if kind == "consistency" then
    return wrk.format("GET", "/v1/proofs/consistency?from=" .. n .. "&to=" .. size)
  end
  return wrk.format("GET", "/v1/proofs/inclusion?position=" .. n .. "&size=" .. size)
end
