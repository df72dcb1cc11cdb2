#!/usr/bin/env bash
# The framework's floor under issue 13's small-file rows: nginx (configured as run.sh configures it), the floor app
# (bench/floor: Kestrel and ASP.NET Core's minimal APIs serving and storing files in a folder, with Depot's runtime
# settings and nothing else: no authentication, database, fsync or logging) and, with --depot-dll, Depot, taking turns
# under the same wrk loads:
#   get  a GET of one 4 KiB file, 64 connections (run.sh's wrk row; Depot through /dav/ with Basic and an app password)
#   put  PUTs of new 4 KiB files, 16 connections (put-4k.lua; Depot's durable, nginx's and the floor's not)
# Prints each turn's req/s, then the medians and their ratios to nginx: how far the framework alone is from nginx on
# this machine, and how far Depot is from the framework; and each server's peak RSS over the run (VmHWM; nginx's
# master and workers summed).
# Usage: bench/floor.sh [--depot-dll PATH]   Environment: TURNS (3), DUR (wrk's -d, 8s)
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=lib.sh
source "$here/lib.sh"
depot_dll=""
while [ $# -gt 0 ]; do
  case "$1" in
    --depot-dll) depot_dll=$(realpath "$2"); shift 2 ;;
    *) sed -n '2,11p' "$0"; exit 2 ;;
  esac
done
turns=${TURNS:-3}; dur=${DUR:-8s}
for tool in wrk nginx; do command -v "$tool" >/dev/null || { echo "$tool is needed (apt-get install $tool)" >&2; exit 1; }; done
work=$(mktemp -d); chmod 755 "$work"   # nginx workers (user nobody when run as root) must traverse it
pids=()
cleanup() { for p in "${pids[@]}"; do stop_pid "$p"; done; rm -rf "$work"; }
trap cleanup EXIT
trap 'exit 130' INT TERM
head -c 4096 /dev/urandom > "$work/4k.bin"

dotnet publish "$here/floor" -c Release -o "$work/floor-app" --nologo -v quiet >&2 || { echo "the floor app failed to publish" >&2; exit 1; }
names=(); bases=(); auths=()

nginx_port=$(free_port)
nginx_write_conf "$work/nginx" "$nginx_port"
nginx -e "$work/nginx/error.log" -p "$work/nginx" -c "$work/nginx/nginx.conf" &
pids+=("$!")
wait_http "http://127.0.0.1:$nginx_port/" "${pids[-1]}" nginx || exit 1
names+=(nginx); bases+=("http://127.0.0.1:$nginx_port"); auths+=("")

floor_port=$(free_port); mkdir -p "$work/floor"
ASPNETCORE_ENVIRONMENT=Production dotnet "$work/floor-app/depot-floor.dll" --urls "http://127.0.0.1:$floor_port" --root "$work/floor" \
  > "$work/floor.log" 2>&1 &
pids+=("$!")
curl -sf -o /dev/null --retry 50 --retry-connrefused --retry-delay 0 -T "$work/4k.bin" "http://127.0.0.1:$floor_port/probe.bin" \
  || { echo "the floor app did not start" >&2; cat "$work/floor.log" >&2; exit 1; }
names+=(floor); bases+=("http://127.0.0.1:$floor_port"); auths+=("")

for i in 0 1; do  # the same file and folder as Depot's
  curl -sf -o /dev/null -T "$work/4k.bin" "${bases[$i]}/dav/profile/one.bin" && curl -sf -o /dev/null -T "$work/4k.bin" "${bases[$i]}/dav/profile/put/seed.bin" \
    || { echo "${names[$i]}: seeding failed" >&2; exit 1; }
done

if [ -n "$depot_dll" ]; then
  depot_start depot "$work/depot" "$work/depot.log" "$depot_dll"; started=$?
  pids+=("$depot_pid")
  [ "$started" -eq 0 ] || exit 1
  names+=(depot); bases+=("$depot_base"); auths+=("Authorization: $depot_basic")
fi

run_wrk() { # I WORKLOAD DURATION: wrk's output
  local i=$1 workload=$2 d=$3 header=()
  [ -n "${auths[$i]}" ] && header=(-H "${auths[$i]}")
  if [ "$workload" = put ]; then
    AB_PREFIX="r$RANDOM$RANDOM" wrk -t2 -c16 -d"$d" --latency -s "$here/put-4k.lua" "${header[@]}" "${bases[$i]}/dav/profile/put/"
  else
    wrk -t2 -c64 -d"$d" --latency "${header[@]}" "${bases[$i]}/dav/profile/one.bin"
  fi
}
for i in "${!names[@]}"; do run_wrk "$i" get 3s > /dev/null; run_wrk "$i" put 3s > /dev/null; done
peak_rss_mib() { # PID: VmHWM of the process and its children, MiB
  local kib=0 p
  for p in "$1" $(pgrep -P "$1"); do kib=$(( kib + $(awk '/^VmHWM/ {print $2}' "/proc/$p/status" 2>/dev/null || echo 0) )); done
  awk -v k="$kib" 'BEGIN {printf "%.0f", k / 1024}'
}
echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg); wrk -t2 -d$dur, $turns turns; $(nproc) cores"
declare -A rates
for t in $(seq "$turns"); do
  for workload in get put; do
    for i in "${!names[@]}"; do
      out=$(run_wrk "$i" "$workload" "$dur")
      rps=$(awk '/Requests\/sec/ {print $2}' <<< "$out"); p99=$(awk '$1 == "99%" {print $2}' <<< "$out")
      errors=$(grep -E 'Non-2xx|Socket errors' <<< "$out" | tr -s ' ')
      rates[$workload,$i]+="$rps "
      echo "turn $t $workload ${names[$i]}: $rps req/s, p99 $p99, load $(cut -d' ' -f1 /proc/loadavg) $errors"
    done
  done
done
median() { tr ' ' '\n' | grep . | sort -g | awk '{v[NR]=$1} END {print (NR % 2) ? v[(NR+1)/2] : (v[NR/2] + v[NR/2+1]) / 2}'; }
echo
echo "| workload | $(IFS='|'; echo "${names[*]}" | sed 's/|/ | /g') | floor/nginx | $([ -n "$depot_dll" ] && echo 'depot/nginx | depot/floor |')"
echo "|---|$(for _ in "${names[@]}"; do printf -- '---:|'; done)---:|$([ -n "$depot_dll" ] && echo '---:|---:|')"
for workload in get put; do
  row="| $workload (req/s) |"; med=()
  for i in "${!names[@]}"; do med+=("$(median <<< "${rates[$workload,$i]}")"); row+=" ${med[-1]} |"; done
  ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f×", a / b}'; }
  row+=" $(ratio "${med[1]}" "${med[0]}") |"
  [ -n "$depot_dll" ] && row+=" $(ratio "${med[2]}" "${med[0]}") | $(ratio "${med[2]}" "${med[1]}") |"
  echo "$row"
done
echo "| peak RSS (MiB) |$(for i in "${!names[@]}"; do printf ' %s |' "$(peak_rss_mib "${pids[$i]}")"; done) |$([ -n "$depot_dll" ] && echo " | |")"
