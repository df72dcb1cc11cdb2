#!/usr/bin/env bash
# Side by side: two or more Depot builds (and, with --nginx, nginx's WebDAV as run.sh configures it) taking turns
# on issue 13's large-file rows: one PUT of a large file (curl -T from /dev/shm, Depot's REST API with a bearer token),
# one GET of it on 1 stream and on 8 streams at once (curl to /dev/null). For each turn it prints MB/s (10^6 bytes)
# and the server's CPU seconds per GiB moved (utime + stime from /proc/PID/stat; nginx: the master and its workers).
# On a shared machine MB/s moves between turns; CPU per GiB moves much less, so compare that first.
#
# Usage: bench/ab-large.sh [--nginx] NAME=DLL[|EXTRA ARGS] NAME=DLL ...
#   e.g. bench/ab-large.sh --nginx old=/tmp/large-A/depot-server.dll new=/tmp/large-B/depot-server.dll
# Environment: ROUNDS (3), MIB (1024), STREAMS (8), DEPOT_BENCH_TMP (where the data folders go; the disk measured).
# Every server keeps every file it was sent (Depot keeps versions anyway), so each PUT writes into page-cache pages the
# run has not used yet on every server alike (the VM's first touch of a page costs, bench/README.md "Issue 13: large
# files"). Each Depot runs from its own published folder on its own temp data folder with UserRequestsPerSecond=0.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=lib.sh
source "$here/lib.sh"
rounds=${ROUNDS:-3}; mib=${MIB:-1024}; streams=${STREAMS:-8}
with_nginx=0
if [ "${1:-}" = --nginx ]; then with_nginx=1; shift; fi
[ $# -ge 1 ] || { sed -n '2,13p' "$0"; exit 2; }
names=(); pids=(); bases=(); auths=(); puts=(); gets=()
work=$(mktemp -d "${DEPOT_BENCH_TMP:-/tmp}/ab-large.XXXXXX")
chmod 755 "$work"
body=$(mktemp /dev/shm/ab-large.XXXXXX)
cleanup() { for p in "${pids[@]}"; do stop_pid "$p"; done; rm -rf "$work" "$body"; }
trap cleanup EXIT
trap 'exit 130' INT TERM
json_field() { sed -n "s/.*\"$1\":\"\\([^\"]*\\)\".*/\\1/p"; }
head -c "$((mib * 1024 * 1024))" /dev/urandom > "$body"
if [ "$with_nginx" = 1 ]; then
  port=$(free_port)
  nginx_write_conf "$work/nginx" "$port"   # as run.sh configures it
  nginx -e "$work/nginx/error.log" -p "$work/nginx" -c "$work/nginx/nginx.conf" &
  pid=$!; pids+=("$pid")
  wait_http "http://127.0.0.1:$port/" "$pid" nginx || { cat "$work/nginx/error.log" >&2; exit 1; }
  names+=(nginx); bases+=("http://127.0.0.1:$port"); auths+=(""); puts+=("/"); gets+=("/")
  echo "nginx: pid $pid, http://127.0.0.1:$port" >&2
fi
for arg in "$@"; do
  name=${arg%%=*}; dll=${arg#*=}; extra=()
  if [[ $dll == *"|"* ]]; then read -r -a extra <<< "${dll#*|}"; dll=${dll%%|*}; fi
  port=$(free_port); base="http://127.0.0.1:$port"
  pw=$(head -c 24 /dev/urandom | base64 | tr -d '/+=')
  env DEPOT_ADMIN_PASSWORD="$pw" ASPNETCORE_ENVIRONMENT=Production dotnet "$dll" --urls "$base" --data "$work/$name" \
    --Depot:Limits:UserRequestsPerSecond=0 "${extra[@]}" > "$work/$name.log" 2>&1 &
  pid=$!
  pids+=("$pid")
  wait_http "$base/healthz" "$pid" "$name" || { tail -n 40 "$work/$name.log" >&2; exit 1; }
  token=$(curl -sf -H 'Content-Type: application/json' -d "{\"username\":\"admin\",\"password\":\"$pw\"}" "$base/api/v1/auth/token" | json_field token)
  [ -n "$token" ] || { echo "$name: signing in failed" >&2; exit 1; }
  curl -sf -o /dev/null -X POST -H "Authorization: Bearer $token" "$base/api/v1/folders/large?parents=true"
  names+=("$name"); bases+=("$base"); auths+=("Authorization: Bearer $token")
  puts+=("/api/v1/files/large/"); gets+=("/api/v1/files/large/")
  echo "$name: pid $pid, $base, $dll ${extra[*]}" >&2
done
ticks_per_second=$(getconf CLK_TCK)
cpu_ticks() { # the process and its children (nginx's workers)
  local total=0 p
  for p in $1 $(pgrep -P "$1"); do total=$(( total + $(awk '{print $14 + $15}' "/proc/$p/stat" 2>/dev/null || echo 0) )); done
  echo "$total"
}
now() { date +%s.%N; }
report() { # name kind bytes seconds ticks
  awk -v n="$1" -v k="$2" -v b="$3" -v s="$4" -v t="$5" -v hz="$ticks_per_second" -v l="$(cut -d' ' -f1 /proc/loadavg)" \
    'BEGIN { printf "%-8s %-6s %8.0f MB/s  %5.2f CPU-s/GiB  (%.2f s, load %s)\n", n, k, b / s / 1e6, t / hz / (b / 1073741824), s, l }'
}
curl_args() { local i=$1; [ -n "${auths[$i]}" ] && printf '%s\n' -H "${auths[$i]}"; }
bytes=$((mib * 1024 * 1024))
# Warm-up: one 64 MiB PUT and GET on each, so the JIT has compiled the path before the first timed turn.
head -c $((64 * 1024 * 1024)) "$body" > "$work/warm.bin"
for i in "${!names[@]}"; do
  mapfile -t h < <(curl_args "$i")
  curl -sf -o /dev/null "${h[@]}" -T "$work/warm.bin" "${bases[$i]}${puts[$i]}warm.bin" || { echo "${names[$i]}: warm-up PUT failed" >&2; exit 1; }
  curl -sf -o /dev/null "${h[@]}" "${bases[$i]}${gets[$i]}warm.bin"
done
rm -f "$work/warm.bin"
echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg); ${mib} MiB, $rounds rounds, $streams streams; $(nproc) cores"
for t in $(seq "$rounds"); do
  for i in "${!names[@]}"; do
    mapfile -t h < <(curl_args "$i"); sync
    c0=$(cpu_ticks "${pids[$i]}"); s0=$(now)
    curl -sf -o /dev/null "${h[@]}" -T "$body" "${bases[$i]}${puts[$i]}large-$t.bin" || echo "${names[$i]}: PUT failed" >&2
    s1=$(now); c1=$(cpu_ticks "${pids[$i]}")
    report "${names[$i]}" PUT "$bytes" "$(awk -v a="$s0" -v b="$s1" 'BEGIN{print b-a}')" $((c1 - c0))
  done
  for i in "${!names[@]}"; do
    mapfile -t h < <(curl_args "$i"); sync
    c0=$(cpu_ticks "${pids[$i]}"); s0=$(now)
    curl -sf -o /dev/null "${h[@]}" "${bases[$i]}${gets[$i]}large-$t.bin" || echo "${names[$i]}: GET failed" >&2
    s1=$(now); c1=$(cpu_ticks "${pids[$i]}")
    report "${names[$i]}" GET "$bytes" "$(awk -v a="$s0" -v b="$s1" 'BEGIN{print b-a}')" $((c1 - c0))
  done
  for i in "${!names[@]}"; do
    mapfile -t h < <(curl_args "$i"); sync
    c0=$(cpu_ticks "${pids[$i]}"); s0=$(now); waits=()
    for _ in $(seq "$streams"); do curl -sf -o /dev/null "${h[@]}" "${bases[$i]}${gets[$i]}large-$t.bin" & waits+=($!); done
    for w in "${waits[@]}"; do wait "$w" || echo "${names[$i]}: a GET failed" >&2; done
    s1=$(now); c1=$(cpu_ticks "${pids[$i]}")
    report "${names[$i]}" "GETx$streams" $((bytes * streams)) "$(awk -v a="$s0" -v b="$s1" 'BEGIN{print b-a}')" $((c1 - c0))
  done
done
