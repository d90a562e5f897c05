-- A mix of requests in fixed proportions (args[1]: plan file, one request a line:
-- "count<TAB>method<TAB>path<TAB>token<TAB>body file or -<TAB>content type or -";
-- args[2]: ids file of DRAFT shipments for "{id}" in paths, each used once, in turn).
-- The plan's 100 lines are walked in a fixed shuffled order, one request each.
dofile(debug.getinfo(1, "S").source:sub(2):match("(.*/)") .. "common.lua")

local plan = {}
local ids = {}
local next_id, step = 0, 0

local function read(path)
  local file = assert(io.open(path, "rb"))
  local data = file:read("*a")
  file:close()
  return data
end

function init(args)
  local bodies = {}
  for line in io.lines(args[1]) do
    local count, method, path, token, body_file, content_type =
      line:match("^(%d+)\t(%S+)\t(%S+)\t(%S*)\t(%S+)\t([^\t]+)$")
    local headers = {}
    if token ~= "" then headers["Authorization"] = "Bearer " .. token end
    local body = nil
    if body_file ~= "-" then
      bodies[body_file] = bodies[body_file] or read(body_file)
      body = bodies[body_file]
      headers["Content-Type"] = content_type
    end
    for _ = 1, tonumber(count) do
      table.insert(plan, {method = method, path = path, headers = headers, body = body})
    end
  end
  for line in io.lines(args[2]) do table.insert(ids, line) end
  math.randomseed(20)
  for i = #plan, 2, -1 do  -- the same shuffle every run
    local j = math.random(i)
    plan[i], plan[j] = plan[j], plan[i]
  end
end

function request()
  step = step % #plan + 1
  local item = plan[step]
  local path = item.path
  if path:find("{id}", 1, true) then
    next_id = next_id % #ids + 1
    path = path:gsub("{id}", ids[next_id])
  end
  return wrk.format(item.method, path, item.headers, item.body)
end
