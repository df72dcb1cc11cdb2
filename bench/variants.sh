#!/usr/bin/env bash
# Several Depot builds or runtime settings side by side, without nginx: one load-tool run drives them in turn.
#
# Usage: bench/variants.sh --variant NAME=PATH[,VAR=VALUE...] [--variant ...]... [--keep] [load-tool flags...]
#   --variant  a published depot-server.dll and environment variables for it, e.g.
#              --variant base=/tmp/base/depot-server.dll --variant pgo-off=/tmp/base/depot-server.dll,DOTNET_TieredPGO=0
#              (at least two; the first is the baseline the table compares the others with)
#   --keep     keep the temp folder (each variant's data folder and log)
#   anything else goes to the load tool (bench/README.md): e.g. --large-mib 256 --files 5000 --rounds 1
# Each variant starts as run.sh starts Depot (its own empty data folder, Production, request log on, request rate
# limits off); RSS after start is printed; the table, with peak RSS per phase, goes to bench/results/<UTC>-variants.md.
# Rotate the order of the variants between runs: the ones measured later in a phase share the machine with
# whatever the earlier ones left (writeback, caches).
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo"
. "$repo/bench/lib.sh"

variants=(); keep=0; tool_args=()
while [ $# -gt 0 ]; do
  case "$1" in
    --variant) variants+=("$2"); shift ;;
    --keep) keep=1 ;;
    -h|--help) sed -n '2,14p' "$0"; exit 0 ;;
    *) tool_args+=("$1") ;;
  esac
  shift
done
[ ${#variants[@]} -ge 2 ] || { echo "give at least two --variant NAME=PATH[,VAR=VALUE...]" >&2; exit 2; }

work=$(mktemp -d "${DEPOT_BENCH_TMP:-${TMPDIR:-/tmp}}/depot-variants.XXXXXX")
pids=()
cleanup() {
  for pid in "${pids[@]}"; do stop_pid "$pid"; done
  [ "$keep" = 1 ] && echo "kept $work" >&2 || rm -rf "$work"
}
trap cleanup EXIT

echo "building the load tool" >&2
dotnet publish bench/Depot.Bench -c Release -o "$work/tool" --nologo -v quiet >&2

password=$(head -c 24 /dev/urandom | base64 | tr -d '/+=')
export DEPOT_BENCH_PASSWORD="$password"
depot_args=(--depot-user admin)
meta=()
for v in "${variants[@]}"; do
  name=${v%%=*}; spec=${v#*=}
  IFS=, read -r -a parts <<< "$spec"
  dll=$(realpath "${parts[0]}")
  port=$(free_port)
  mkdir -p "$work/$name"
  env "${parts[@]:1}" DEPOT_ADMIN_PASSWORD="$password" ASPNETCORE_ENVIRONMENT=Production \
    dotnet "$dll" --urls "http://127.0.0.1:$port" --data "$work/$name" --Depot:Limits:UserRequestsPerSecond=0 \
    > "$work/$name.log" 2>&1 &
  pid=$!
  pids+=("$pid")
  wait_http "http://127.0.0.1:$port/healthz" "$pid" "$name" || { tail -n 20 "$work/$name.log" >&2; exit 1; }
  depot_args+=(--depot "$name=http://127.0.0.1:$port/" --depot-pid "$name=$pid" --cpu-pid "$name=$pid")
  meta+=(--meta "$name=$dll${parts[1]:+ with ${parts[*]:1}}")
done
sleep 5  # start-up work (migrations, first timers) settles before the RSS after start is read
for i in "${!variants[@]}"; do
  name=${variants[$i]%%=*}
  rss=$(awk '/^(VmRSS|RssAnon|RssFile|RssShmem)/{printf "%s %.1f ", $1, $2/1024}' "/proc/${pids[$i]}/status")
  echo "$name after start: $rss" >&2
  meta+=(--meta "$name RSS 5 s after start (MiB)=$rss")
done

mkdir -p bench/results
stamp=$(date -u +%Y%m%d-%H%M%S)
"$work/tool/depot-bench" "${depot_args[@]}" "${meta[@]}" \
  --meta "load average at start=$(cut -d' ' -f1-3 /proc/loadavg)" \
  --meta "commit=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)" \
  --meta "command=bench/variants.sh ${variants[*]/#/--variant } ${tool_args[*]}" \
  --out-md "bench/results/$stamp-variants.md" --out-json "bench/results/$stamp-variants.json" "${tool_args[@]}"
echo "results: bench/results/$stamp-variants.md" >&2
