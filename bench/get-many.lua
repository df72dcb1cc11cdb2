-- wrk script: GETs of 4 KiB files chosen at random among AB_FILES (1000) named f0.bin … f999.bin under wrk's URL path
-- (bench/ab.sh WORKLOAD=get-many, which uploads them first): reads of many different small files, like run.sh's
-- small-file read rows, rather than of one hot file. Each wrk thread draws from its own seed.
local threads = 0
function setup(thread)
  threads = threads + 1
  thread:set("tid", threads)
end
local files = tonumber(os.getenv("AB_FILES") or "1000")
local folder
function init(args)
  folder = wrk.path
  math.randomseed(os.time() * 1000 + tid)
end
function request()
  return wrk.format("GET", folder .. "f" .. math.random(0, files - 1) .. ".bin")
end
