#!/usr/bin/env bash
# Side by side: two or more Depot builds taking turns under the same wrk load through /dav/ (Basic, app password):
# WORKLOAD=get (the default), a GET of one 4 KiB file, the load issue 13's wrk row measures; WORKLOAD=get-many, GETs
# of 1,000 different 4 KiB files at random (get-many.lua; the small-file read rows); WORKLOAD=put, a PUT of a
# new 4 KiB file per request into one folder (the upload path, issue 13's small-file PUT row); WORKLOAD=rest, the same
# through the REST API with the bearer token (run.sh's other small-file upload row). For each turn it
# prints wrk's req/s and p99, the bytes Depot allocated per request (dotnet_gc_heap_total_allocated_bytes from
# /metrics, before and after the turn), the GC's pauses per request (dotnet_gc_pause_time_seconds_total) and its CPU per request (utime + stime from /proc/PID/stat). On a shared machine req/s moves between turns; bytes and CPU per
# request move much less, so compare those first.
#
# Usage: bench/ab.sh NAME=DLL[,VAR=VALUE...][|EXTRA ARGS] NAME=DLL ...
#   e.g. bench/ab.sh old=/tmp/old/depot-server.dll new=/tmp/new/depot-server.dll \
#          'quiet=/tmp/new/depot-server.dll|--Logging:LogLevel:Depot.Server.Observability.RequestLogging=Warning' \
#          pgo-off=/tmp/new/depot-server.dll,DOTNET_TieredPGO=0
# Environment: WORKLOAD (get), TURNS (3), DUR (wrk's -d, 8s), CONNS (64 for get, 16 for get-many, put and rest), METADATA (sqlite, or
# postgres: one throwaway PostgreSQL 15 cluster for the run, as run.sh --postgres starts it, a database per build; each
# turn then also prints PostgreSQL's CPU per request, all of the cluster's processes; a build given
# '|--Depot:Metadata:Provider=sqlite' stays on SQLite beside them, for issue 10's PostgreSQL/SQLite ratio in one run).
# Each Depot runs from its own published folder on its own temp data folder with UserRequestsPerSecond=0, as in run.sh.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=lib.sh
source "$here/lib.sh"
workload=${WORKLOAD:-get}
case "$workload" in get) default_conns=64 ;; get-many|put|rest) default_conns=16 ;; *) echo "WORKLOAD is get, get-many, put or rest" >&2; exit 2 ;; esac
turns=${TURNS:-3}; dur=${DUR:-8s}; conns=${CONNS:-$default_conns}; metadata=${METADATA:-sqlite}
[ $# -ge 1 ] || { sed -n '2,18p' "$0"; exit 2; }
pg_bin=/usr/lib/postgresql/15/bin
case "$metadata" in
  sqlite) ;;
  postgres) [ -x "$pg_bin/initdb" ] || { echo "METADATA=postgres needs PostgreSQL 15 (apt-get install postgresql-15)" >&2; exit 1; } ;;
  *) echo "METADATA is sqlite or postgres" >&2; exit 2 ;;
esac
command -v wrk >/dev/null || { echo "wrk is needed (apt-get install wrk)" >&2; exit 1; }
names=(); pids=(); bases=(); auths=(); tokens=()
work=$(mktemp -d)
pg_pid=""
cleanup() { for p in "${pids[@]}"; do stop_pid "$p"; done; pg_cluster_stop "$work/pg" "$pg_bin" "$pg_pid"; rm -rf "$work"; }
trap cleanup EXIT
trap 'exit 130' INT TERM
head -c 4096 /dev/urandom > "$work/4k.bin"
if [ "$metadata" = postgres ]; then
  chmod 755 "$work"   # the postgres user (when run as root) must reach its cluster's folder
  pg_cluster_start "$work/pg" "$pg_bin" || exit 1
fi
for arg in "$@"; do
  name=${arg%%=*}; dll=${arg#*=}; extra=()
  if [[ $dll == *"|"* ]]; then read -r -a extra <<< "${dll#*|}"; dll=${dll%%|*}; fi
  IFS=, read -r -a vars <<< "$dll"; dll=${vars[0]}; vars=("${vars[@]:1}")
  if [ "$metadata" = postgres ] && [[ " ${extra[*]} " != *" --Depot:Metadata:Provider=sqlite "* ]]; then
    pg_run "$pg_bin/createdb" -h 127.0.0.1 -p "$pg_port" -U postgres "ab_$name" || exit 1
    extra+=(--Depot:Metadata:Provider=postgres "--Depot:Metadata:ConnectionString=Host=127.0.0.1;Port=$pg_port;Username=postgres;Database=ab_$name")
  fi
  depot_start "$name" "$work/$name" "$work/$name.log" "$dll" "${vars[@]}" -- "${extra[@]}"; started=$?
  pids+=("$depot_pid")
  [ "$started" -eq 0 ] || exit 1
  pid=$depot_pid; base=$depot_base; token=$depot_token
  if [ "$workload" = get-many ]; then
    curl -sf -o /dev/null -X POST -H "Authorization: Bearer $token" "$base/api/v1/folders/profile/many?parents=true"
    seq 0 999 | xargs -P 8 -I{} curl -sf -o /dev/null -T "$work/4k.bin" -H "Authorization: Bearer $token" "$base/api/v1/files/profile/many/f{}.bin?parents=true" \
      || { echo "$name: uploading the 1,000 files failed" >&2; exit 1; }
  fi
  names+=("$name"); bases+=("$base"); tokens+=("$token"); auths+=("$depot_basic")
  echo "$name: pid $pid, $base, $dll ${vars[*]} ${extra[*]}" >&2
done
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
pg_ticks() { # the cluster's processes: the postmaster and its children (backends, WAL writer, checkpointer, autovacuum)
  [ -n "$pg_pid" ] || { echo 0; return; }
  local sum=0 p
  for p in "$pg_pid" $(pgrep -P "$pg_pid"); do sum=$(( sum + $(awk '{print $14 + $15}' "/proc/$p/stat" 2>/dev/null || echo 0) )); done
  echo "$sum"
}
allocated() { curl -sf -H "Authorization: Bearer $2" "$1/metrics" | awk '/^dotnet_gc_heap_total_allocated_bytes/ {print $2}'; }
# Seconds the GC has paused the process so far (non-concurrent workstation GC: all of its work).
gc_paused() { curl -sf -H "Authorization: Bearer $2" "$1/metrics" | awk '/^dotnet_gc_pause_time_seconds_total/ {print $2}'; }
# run_wrk I DURATION [wrk options]: the workload against build I
run_wrk() {
  local i=$1 d=$2; shift 2
  if [ "$workload" = rest ]; then
    AB_PREFIX="r$RANDOM$RANDOM" wrk -t2 -c"$conns" -d"$d" "$@" -s "$here/put-4k.lua" -H "Authorization: Bearer ${tokens[$i]}" "${bases[$i]}/api/v1/files/profile/put/"
  elif [ "$workload" = put ]; then
    AB_PREFIX="r$RANDOM$RANDOM" wrk -t2 -c"$conns" -d"$d" "$@" -s "$here/put-4k.lua" -H "Authorization: ${auths[$i]}" "${bases[$i]}/dav/profile/put/"
  elif [ "$workload" = get-many ]; then
    wrk -t2 -c"$conns" -d"$d" "$@" -s "$here/get-many.lua" -H "Authorization: ${auths[$i]}" "${bases[$i]}/dav/profile/many/"
  else
    wrk -t2 -c"$conns" -d"$d" "$@" -H "Authorization: ${auths[$i]}" "${bases[$i]}/dav/profile/one.bin"
  fi
}
for i in "${!names[@]}"; do run_wrk "$i" 3s > /dev/null; done
echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg); $workload, wrk -t2 -c$conns -d$dur, $turns turns"
ticks_per_second=$(getconf CLK_TCK)
for t in $(seq "$turns"); do
  for i in "${!names[@]}"; do
    a0=$(allocated "${bases[$i]}" "${tokens[$i]}"); p0=$(gc_paused "${bases[$i]}" "${tokens[$i]}"); c0=$(cpu_ticks "${pids[$i]}"); g0=$(pg_ticks)
    out=$(run_wrk "$i" "$dur" --latency)
    c1=$(cpu_ticks "${pids[$i]}"); g1=$(pg_ticks); a1=$(allocated "${bases[$i]}" "${tokens[$i]}"); p1=$(gc_paused "${bases[$i]}" "${tokens[$i]}")
    rps=$(awk '/Requests\/sec/ {print $2}' <<< "$out"); count=$(awk '/requests in/ {print $1}' <<< "$out")
    p99=$(awk '$1 == "99%" {print $2}' <<< "$out"); errors=$(grep -E 'Non-2xx|Socket errors' <<< "$out" | tr -s ' ')
    bytes=$(( (${a1%.*} - ${a0%.*}) / count ))
    cpu_us=$(( (c1 - c0) * 1000000 / ticks_per_second / count ))
    gc_us=$(awk -v a="$p0" -v b="$p1" -v n="$count" 'BEGIN {printf "%.0f", (b - a) * 1000000 / n}')
    pg_us=""; [ -n "$pg_pid" ] && pg_us=", PostgreSQL $(( (g1 - g0) * 1000000 / ticks_per_second / count )) µs"
    echo "turn $t ${names[$i]}: $rps req/s, p99 $p99, $bytes B and $cpu_us µs CPU (GC pauses $gc_us µs) per request$pg_us, load $(cut -d' ' -f1 /proc/loadavg) $errors"
  done
done
# How each build's group commits went over the whole run (PostgreSQL): batches and pieces, reruns, batches from memory.
for i in "${!names[@]}"; do
  summary=$(curl -sf -H "Authorization: Bearer ${tokens[$i]}" "${bases[$i]}/metrics" \
    | awk '/^depot_group_commit_(batch_size_(count|sum)|reruns_total|from_memory_total)/ {printf "%s %s; ", $1, $2}')
  echo "${names[$i]}: ${summary:-no group commit metrics}"
done
