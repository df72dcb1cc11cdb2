-- wrk script: a PUT of a new 4 KiB file per request into the folder of wrk's URL: through /dav/ (bench/ab.sh WORKLOAD=put,
-- bench/profile.sh --only put) or /api/v1/files/ (WORKLOAD=rest).
-- Names are numbered per wrk thread, under a prefix per run of wrk (AB_PREFIX), so no request or later run overwrites a
-- file: an overwrite takes another path (a new version). The folder is wrk's URL path, e.g. http://host/dav/profile/put/.
local threads = 0
function setup(thread)
  threads = threads + 1
  thread:set("tid", threads)
end
local prefix = os.getenv("AB_PREFIX") or "p"
local body = string.rep("x", 4096)
local n = 0
local folder
function init(args)
  folder = wrk.path
end
function request()
  n = n + 1
  return wrk.format("PUT", folder .. prefix .. "-t" .. tid .. "-" .. n .. ".bin", nil, body)
end
