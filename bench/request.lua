-- One fixed request: args = token [method body-file content-type].
dofile(debug.getinfo(1, "S").source:sub(2):match("(.*/)") .. "common.lua")

function init(args)
  bearer(args[1])
  if args[2] then
    wrk.method = args[2]
    local file = assert(io.open(args[3], "rb"))
    wrk.body = file:read("*a")
    file:close()
    wrk.headers["Content-Type"] = args[4]
  end
end
