-- wrk script: a PUT of a new 4 KiB file per request into the folder of wrk's URL: through /dav/ (bench/ab.sh WORKLOAD=put,
-- bench/profile.sh --only put) or /api/v1/files/ (WORKLOAD=rest).
-- Names are numbered per wrk thread, under a prefix per run of wrk (AB_PREFIX), so no request or later run overwrites a
-- file: an overwrite takes another path (a new version). The folder is wrk's URL path, e.g. http://host/dav/profile/put/.
-- The content is random bytes read once, behind a prefix that differs per request: it does not compress and no two files
-- are the same, as the load tool's (bench/Depot.Bench, PseudoRandom). A body of one repeated byte compressed to almost
-- nothing in PostgreSQL, which keeps a small file's content in its row, and flattered Depot-pg against SQLite-Depot.
local threads = 0
function setup(thread)
  threads = threads + 1
  thread:set("tid", threads)
end
local prefix = os.getenv("AB_PREFIX") or "p"
local n = 0
local folder, random
function init(args)
  folder = wrk.path
  local urandom = assert(io.open("/dev/urandom", "rb"))
  random = urandom:read(4096 - 16)
  urandom:close()
end
function request()
  n = n + 1
  return wrk.format("PUT", folder .. prefix .. "-t" .. tid .. "-" .. n .. ".bin", nil, string.format("%08d%08d", tid, n) .. random)
end
