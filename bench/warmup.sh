#!/usr/bin/env bash
# Warm-up after a restart: how long a 5,000-entry PROPFIND takes for its first requests, per build or runtime setting.
#
# Usage: bench/warmup.sh [--depot-dll PATH] [--variant NAME=PATH[,VAR=VALUE...]]... [--files N] [--requests N]
#                        [--rounds N] [--keep]
#   --depot-dll PATH  the published depot-server.dll of the variant "Depot" (default: publish src/Depot.Server)
#   --variant         another variant: a published dll and environment variables for it, e.g.
#                     --variant pgo-off=/tmp/out/depot-server.dll,DOTNET_TieredPGO=0 (repeatable)
#   --files N         entries in the listed folder (default 5000)
#   --requests N      sequential allprop PROPFINDs (Depth 1) after each start (default 200)
#   --rounds N        starts per variant, alternating between the variants (default 2)
# One data folder is filled once, then every start of every variant serves it. For each start it prints the RSS
# after start (VmRSS, RssAnon, RssFile, RssShmem in MiB: RssShmem is the JIT's code, which W^X maps twice), the
# peak (VmHWM) after the requests, and the median time of request 1, 2–10, 11–50, 51–100, 101–150, 151–200 and
# 201–N. Time per start: about N × 25 ms plus the start.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo"
. "$repo/bench/lib.sh"

depot_dll=""; files=5000; requests=200; rounds=2; keep=0; variants=()
while [ $# -gt 0 ]; do
  case "$1" in
    --depot-dll) depot_dll=$(realpath "$2"); shift ;;
    --variant) variants+=("$2"); shift ;;
    --files) files=$2; shift ;;
    --requests) requests=$2; shift ;;
    --rounds) rounds=$2; shift ;;
    --keep) keep=1 ;;
    -h|--help) sed -n '2,16p' "$0"; exit 0 ;;
    *) echo "unknown argument $1" >&2; exit 2 ;;
  esac
  shift
done
for tool in curl xargs; do command -v "$tool" >/dev/null || { echo "needs $tool" >&2; exit 1; }; done

work=$(mktemp -d "${DEPOT_BENCH_TMP:-${TMPDIR:-/tmp}}/depot-warmup.XXXXXX")
depot_pid=""
cleanup() { stop_pid "$depot_pid"; [ "$keep" = 1 ] && echo "kept $work" >&2 || rm -rf "$work"; }
trap cleanup EXIT
if [ -z "$depot_dll" ]; then
  echo "publishing Depot (Release)" >&2
  dotnet publish src/Depot.Server -c Release -o "$work/depot-server" --nologo -v quiet >&2
  depot_dll="$work/depot-server/depot-server.dll"
fi
variants=("Depot=$depot_dll" "${variants[@]}")

password=$(head -c 24 /dev/urandom | base64 | tr -d '/+=')
port=$(free_port)
url="http://127.0.0.1:$port"
start() { # dll env...: starts Depot on the shared data folder; sets depot_pid
  local dll=$1; shift
  env "$@" DEPOT_ADMIN_PASSWORD="$password" ASPNETCORE_ENVIRONMENT=Production \
    dotnet "$dll" --urls "$url" --data "$work/data" --Depot:Limits:UserRequestsPerSecond=0 >> "$work/depot.log" 2>&1 &
  depot_pid=$!
  wait_http "$url/healthz" "$depot_pid" Depot || { tail -n 20 "$work/depot.log" >&2; exit 1; }
}

# Fill the folder once (the first variant), through WebDAV with the admin password.
start "$depot_dll"
auth="Authorization: Basic $(printf 'admin:%s' "$password" | base64 -w0)"
curl -fsS -o /dev/null -X MKCOL -H "$auth" "$url/dav/warmup/"
head -c 4096 /dev/urandom > "$work/file"
echo "uploading $files files" >&2
seq "$files" | xargs -P 8 -I{} curl -fsS -o /dev/null -T "$work/file" -H "$auth" "$url/dav/warmup/f{}.bin"
stop_pid "$depot_pid"

status() { awk '/^(VmRSS|VmHWM|RssAnon|RssFile|RssShmem)/{printf "%s %.0f ", $1, $2/1024}' "/proc/$1/status"; }
median_ms() { sort -n | awk '{a[NR]=$1} END {if (NR) printf "%.1f", a[int((NR+1)/2)]*1000; else printf "-"}'; }
echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
for round in $(seq "$rounds"); do
  for v in "${variants[@]}"; do
    name=${v%%=*}; spec=${v#*=}
    IFS=, read -r -a parts <<< "$spec"
    start "${parts[0]}" "${parts[@]:1}"
    sleep 3
    at_start=$(status "$depot_pid")
    times=()
    for _ in $(seq "$requests"); do
      times+=("$(curl -sS -o /dev/null -w '%{time_total}' -X PROPFIND -H 'Depth: 1' -H "$auth" "$url/dav/warmup/")")
    done
    after=$(status "$depot_pid" | grep -o 'VmHWM: [0-9]*')
    range() { printf '%s\n' "${times[@]}" | sed -n "$1,$2p" | median_ms; }
    echo "round $round $name: start [$at_start] after [$after] ms: 1 $(range 1 1), 2-10 $(range 2 10)," \
      "11-50 $(range 11 50), 51-100 $(range 51 100), 101-150 $(range 101 150), 151-200 $(range 151 200)," \
      "201-$requests $(range 201 "$requests") (load $(cut -d' ' -f1 /proc/loadavg))"
    stop_pid "$depot_pid"
  done
done
