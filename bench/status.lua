-- PATCH /api/shipments/<id>/status DRAFT→PENDING, each request on the next shipment of the
-- pool (args = token ids-file, one public id a line), so every request is a legal move.
dofile(debug.getinfo(1, "S").source:sub(2):match("(.*/)") .. "common.lua")

local ids = {}
local next_id = 0
local body = '{"operationStatus": "PENDING"}'

function init(args)
  bearer(args[1])
  wrk.headers["Content-Type"] = "application/json"
  for line in io.lines(args[2]) do
    table.insert(ids, line)
  end
end

function request()
  next_id = next_id % #ids + 1
  return wrk.format("PATCH", "/api/shipments/" .. ids[next_id] .. "/status", nil, body)
end
