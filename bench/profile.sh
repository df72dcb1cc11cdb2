#!/usr/bin/env bash
# CPU profiles of Depot's two hottest WebDAV paths (issue 13), for before/after comparisons. See bench/README.md.
#
# Usage: bench/profile.sh [--depot-dll PATH] [--seconds N] [--files N] [--only LIST] [--postgres] [--quiet-log] [--keep]
#   --depot-dll PATH  profile this published depot-server.dll (e.g. another branch's build) instead of publishing
#                     src/Depot.Server into the temp folder
#   --seconds N       length of each perf recording (default 10)
#   --warmup N        seconds of wrk load on the path before recording (default 3; 30 or more for the steady state,
#                     when the JIT has finished tiering up the hot path on two busy cores)
#   --files N         entries in the PROPFIND folder (default 5000)
#   --only LIST       the workloads to record, comma-separated, of get,get-many,propfind,put (default get,propfind)
#   --postgres        metadata in a throwaway PostgreSQL 15 cluster in the temp folder (as run.sh --postgres starts it),
#                     not SQLite; perf records Depot's process only (issue 10: what Depot itself spends on PostgreSQL)
#   --quiet-log       start Depot with its request log line off (default: Depot's defaults, request line on)
#   --keep            keep the temp folder (Depot's data and log, perf.data files, the perf map)
#
# What it does: starts Depot on a temp data folder and a free port with DOTNET_PerfMapEnabled=1 (so perf can name
# JIT-compiled methods), signs in as admin, creates an app password, one 4 KiB file and a folder of N 4 KiB files,
# then records `perf record -F 999 -g -p PID` while wrk drives
#   (a) GET of the 4 KiB file through /dav/ with HTTP Basic (the app password), 2 threads, 64 connections;
#   (a') with --only get-many: GETs of the folder's files at random, 2 threads, 16 connections (the small-file read rows);
#   (b) PROPFIND Depth 1 with no body (allprop) of the folder, 1 thread, 2 connections, in a loop;
#   (c) with --only put: a PUT of a new 4 KiB file through /dav/ per request (a name per thread and request), 2 threads,
#       16 connections, into one folder (the upload path: group commit, the small file kept in the metadata store).
# For each it prints wrk's result, the top 25 symbols by self time and the share of a few buckets (by DSO and symbol
# prefix), and writes them to bench/results/profile-<UTC timestamp>.md (gitignored). It stops what it started by PID.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo"

all_args="$*"
depot_dll=""
seconds=10
warmup=3
files=5000
only=get,propfind
keep=0
metadata=sqlite
log_args=()
log_note=""
while [ $# -gt 0 ]; do
  case "$1" in
    --depot-dll) depot_dll=$(realpath "$2"); shift ;;
    --seconds) seconds=$2; shift ;;
    --warmup) warmup=$2; shift ;;
    --files) files=$2; shift ;;
    --only) only=$2; shift ;;
    --postgres) metadata=postgres ;;
    --quiet-log) log_args=(--Logging:LogLevel:Depot.Server.Observability.RequestLogging=Warning); log_note=", request log line off" ;;
    --keep) keep=1 ;;
    -h|--help) sed -n '2,26p' "$0"; exit 0 ;;
    *) echo "unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
  shift
done

# Helpers shared with the other bench scripts: stop_pid, free_port, wait_http, pg_run.
. "$repo/bench/lib.sh"

log() { printf '== %s\n' "$*" >&2; }

perf=/usr/bin/perf
[ -x "$perf" ] || perf=$(command -v perf || true)
[ -n "$perf" ] || { echo "perf is missing (Debian: apt-get install linux-perf)" >&2; exit 1; }
if ! command -v wrk >/dev/null; then
  log "installing wrk"
  sudo_cmd=""; [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq wrk >&2
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/depot-profile.XXXXXX")
depot_pid=""
perf_pid=""
wrk_pid=""
pg_bin=/usr/lib/postgresql/15/bin
pg_pid=""

cleanup() {
  stop_pid "$wrk_pid"
  stop_pid "$perf_pid"
  stop_pid "$depot_pid"
  pg_cluster_stop "$work/pg" "$pg_bin" "$pg_pid"
  # The runtime leaves its perf map behind (perf reads it at report time); it is ours, named by our Depot's PID.
  if [ -n "$depot_pid" ] && [ "$keep" = 0 ]; then rm -f "/tmp/perf-$depot_pid.map" "/tmp/perfinfo-$depot_pid.map"; fi
  if [ "$keep" = 1 ]; then echo "kept $work${depot_pid:+ and /tmp/perf-$depot_pid.map (delete both when done)}" >&2; else rm -rf "$work"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

commit=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
git diff --quiet HEAD -- src 2>/dev/null || commit="$commit (with local changes in src/)"
if [ -n "$depot_dll" ]; then
  build="prebuilt $depot_dll"
else
  log "publishing Depot (Release)"
  dotnet publish src/Depot.Server -c Release -o "$work/depot-server" --nologo -v quiet >&2
  depot_dll="$work/depot-server/depot-server.dll"
  build="commit $commit"
fi

# --- Depot ---------------------------------------------------------------------------------------------------------
metadata_args=()
if [ "$metadata" = postgres ]; then
  [ -x "$pg_bin/initdb" ] || { echo "--postgres needs PostgreSQL 15 (apt-get install postgresql-15)" >&2; exit 1; }
  chmod 755 "$work"   # the postgres user (when run as root) must reach its cluster's folder
  log "starting PostgreSQL"
  pg_cluster_start "$work/pg" "$pg_bin" || exit 1
  pg_run "$pg_bin/createdb" -h 127.0.0.1 -p "$pg_port" -U postgres depot
  metadata_args=(--Depot:Metadata:Provider=postgres "--Depot:Metadata:ConnectionString=Host=127.0.0.1;Port=$pg_port;Username=postgres;Database=depot")
fi
port=$(free_port)
base="http://127.0.0.1:$port"
password=$(head -c 24 /dev/urandom | base64 | tr -d '/+=')
log "starting Depot on $base (DOTNET_PerfMapEnabled=1, DOTNET_EnableWriteXorExecute=0)"
# PerfMapEnabled: the runtime writes /tmp/perf-PID.map, naming every JIT-compiled method for perf. W^X off: with it on
# (the default) JIT code runs from a "memfd:doublemapper" mapping that perf does not look up in that map, so every
# managed frame would be a bare address. Both change only how code is mapped and named, not what runs.
env DEPOT_ADMIN_PASSWORD="$password" ASPNETCORE_ENVIRONMENT=Production DOTNET_PerfMapEnabled=1 DOTNET_EnableWriteXorExecute=0 \
  dotnet "$depot_dll" --urls "$base" --data "$work/data" --Depot:Limits:UserRequestsPerSecond=0 "${metadata_args[@]}" "${log_args[@]}" \
  > "$work/depot.log" 2>&1 &
depot_pid=$!
for i in $(seq 600); do
  kill -0 "$depot_pid" 2>/dev/null || { tail -n 40 "$work/depot.log" >&2; echo "Depot exited during start-up" >&2; exit 1; }
  [ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "$base/healthz" 2>/dev/null || true)" = 200 ] && break
  [ "$i" = 600 ] && { echo "Depot did not answer /healthz within 60 s" >&2; exit 1; }
  sleep 0.1
done

json_field() { sed -n "s/.*\"$1\":\"\\([^\"]*\\)\".*/\\1/p"; }
token=$(curl -sf -H 'Content-Type: application/json' -d "{\"username\":\"admin\",\"password\":\"$password\"}" "$base/api/v1/auth/token" | json_field token)
[ -n "$token" ] || { echo "sign-in failed" >&2; exit 1; }
app_password=$(curl -sf -H "Authorization: Bearer $token" -H 'Content-Type: application/json' -d '{"name":"bench profile"}' \
  "$base/api/v1/me/app-passwords" | json_field password)
[ -n "$app_password" ] || { echo "creating the app password failed" >&2; exit 1; }
basic="Basic $(printf 'admin:%s' "$app_password" | base64 -w0)"

log "creating the 4 KiB file and a folder of $files files"
head -c 4096 /dev/urandom > "$work/4k.bin"
curl -sf -o /dev/null -X POST -H "Authorization: Bearer $token" "$base/api/v1/folders/profile/many?parents=true"
curl -sf -o /dev/null -T "$work/4k.bin" -H "Authorization: Bearer $token" "$base/api/v1/files/profile/one.bin"
# One curl, 16 uploads in flight: each Depot upload waits for its fsync, so this takes seconds, not minutes.
for i in $(seq -w 1 "$files"); do
  printf 'url = "%s/api/v1/files/profile/many/f%s.bin"\nupload-file = "%s"\noutput = "/dev/null"\n' "$base" "$i" "$work/4k.bin"
done > "$work/uploads.curl"
[ "$files" -gt 0 ] && curl -sf --no-progress-meter --parallel --parallel-max 16 -H "Authorization: Bearer $token" -K "$work/uploads.curl"

# --- recordings ----------------------------------------------------------------------------------------------------
cat > "$work/propfind.lua" <<'EOF'
wrk.method = "PROPFIND"
wrk.headers["Depth"] = "1"
EOF
# The folder's files are f0001.bin … (seq -w above): one at random a request, each thread from its own seed.
cat > "$work/get-many.lua" <<EOF
local threads = 0
function setup(thread) threads = threads + 1; thread:set("tid", threads) end
function init(args) math.randomseed(os.time() * 1000 + tid) end
function request() return wrk.format("GET", wrk.path .. string.format("f%0${#files}d.bin", math.random(1, $files))) end
EOF
curl -sf -o /dev/null -X POST -H "Authorization: Bearer $token" "$base/api/v1/folders/profile/put"

mkdir -p bench/results
stamp=$(date -u +%Y%m%dT%H%M%SZ)
out="bench/results/profile-$stamp.md"
{
  echo "## Depot CPU profile, $(date -u '+%Y-%m-%d %H:%M') UTC"
  echo
  echo "- Depot: $build, dotnet $(dotnet --version), Release, metadata in $([ "$metadata" = postgres ] && echo "PostgreSQL 15 (a throwaway cluster, defaults)" || echo SQLite), default settings except UserRequestsPerSecond=0$log_note"
  echo "- machine: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'), $(nproc) cores; load average at start $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "- perf record -F 999 -g -p PID for ${seconds} s per workload, after ${warmup} s of wrk warm-up; self time (perf report --no-children)"
  echo "- command: bench/profile.sh${all_args:+ $all_args}"
} > "$out"

# id title wrk-args...: warm up, then record while wrk drives the same load; appends the summary to $out
profile() {
  local name=$1 title=$2; shift 2
  log "$name: warming up (${warmup} s)"
  wrk -d "${warmup}s" "$@" > /dev/null
  log "$name: recording ${seconds} s"
  wrk -d "$((seconds + 2))s" --latency "$@" > "$work/$name.wrk" 2>&1 &
  wrk_pid=$!
  sleep 1
  "$perf" record -F 999 -g -p "$depot_pid" -o "$work/$name.perf.data" -- sleep "$seconds" > "$work/$name.perf.log" 2>&1 &
  perf_pid=$!
  wait "$perf_pid" || { cat "$work/$name.perf.log" >&2; exit 1; }
  perf_pid=""
  wait "$wrk_pid" || true
  wrk_pid=""
  summarise "$name" "$title" >> "$out"
}

# id title: wrk's figures, the top 25 symbols and the buckets of one recording, as Markdown
summarise() {
  # A report is best effort: `head` closing a pipe early, or grep finding no socket errors, must not end the run.
  local -
  set +e +o pipefail
  local name=$1 title=$2 data="$work/$1.perf.data"
  echo
  echo "### $title"
  echo
  echo "wrk: $(grep -E 'Requests/sec' "$work/$name.wrk" | tr -s ' '), p99 $(awk '$1 == "99%" {print $2}' "$work/$name.wrk")$(grep -E 'Non-2xx|Socket errors' "$work/$name.wrk" | tr -s ' ' | sed 's/^/; /' | tr -d '\n')"
  echo
  echo "Top 25 symbols by self time:"
  echo
  echo '```'
  "$perf" report -i "$data" --no-children --sort symbol --stdio -g none 2>/dev/null \
    | grep -E '^ +[0-9.]+%' | head -n 25 | sed -E 's/ +- +- *$//; s/ +$//' | cut -c1-200
  echo '```'
  echo
  echo "Self time by bucket (DSO, then symbol prefix for JIT-compiled code):"
  echo
  echo '| bucket | self % |'
  echo '|---|---:|'
  "$perf" report -i "$data" --no-children --sort dso,symbol --stdio -g none -t '|' 2>/dev/null \
    | grep -E '^ *[0-9.]+% *\|' | awk -F'|' -f bench/profile-buckets.awk
}

wanted() { case ",$only," in *",$1,"*) return 0 ;; *) return 1 ;; esac; }
wanted get && profile get "GET one 4 KiB file through /dav/ (Basic, app password), wrk -t2 -c64" \
  -t 2 -c 64 -H "Authorization: $basic" "$base/dav/profile/one.bin"
wanted get-many && profile get-many "GETs of the ${files}-entry folder's files at random through /dav/, wrk -t2 -c16" \
  -t 2 -c 16 -s "$work/get-many.lua" -H "Authorization: $basic" "$base/dav/profile/many/"
wanted propfind && profile propfind "PROPFIND Depth 1 allprop of the ${files}-entry folder, wrk -t1 -c2" \
  -t 1 -c 2 -s "$work/propfind.lua" -H "Authorization: $basic" "$base/dav/profile/many/"
wanted put && profile put "PUT of a new 4 KiB file per request through /dav/ (Basic, app password), wrk -t2 -c16" \
  -t 2 -c 16 -s "$repo/bench/put-4k.lua" -H "Authorization: $basic" "$base/dav/profile/put/"

cat "$out"
echo "written to $out" >&2
