#!/usr/bin/env bash
# Depot as a cluster on loopback: throughput directly to one node and through HAProxy with 1, 2 and 3 nodes, then the
# time from a node's death to HAProxy routing around it. Run it as bench/run.sh --cluster; see bench/README.md.
#
# Usage: bench/run.sh --cluster [--quick] [--depot-dll PATH] [--keep] [load-tool flags...]
#   --quick       64 MiB large file, 500 small files, one round
#   default       1 GiB large file, 2,000 × 4 KiB small files, 16 connections, one round (--rounds N for more)
#
# What runs, all on 127.0.0.1 and all stopped by PID at the end: a throwaway PostgreSQL 15 (initdb + pg_ctl, defaults),
# a throwaway Ceph RGW (scripts/s3/start-rgw.sh, MemStore), three Depot nodes on that one database and one bucket, and
# three HAProxy processes made from deploy/haproxy.cfg (its timeouts, retries and health checks: /readyz every 1 s,
# fall 2, rise 2) with 1, 2 and 3 of the nodes as servers. TLS is left out (the frontend binds plain HTTP), so the
# HAProxy rows cost HTTP proxying only. The targets are one cluster: each works in its own folder.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo"

keep=0
all_args="$*"
depot_dll=""
tool_args=()
while [ $# -gt 0 ]; do
  case "$1" in
    --depot-dll) depot_dll=$(realpath "$2"); shift ;;
    --keep) keep=1 ;;
    -h|--help) sed -n '2,13p' "$0"; exit 0 ;;
    *) tool_args+=("$1") ;;
  esac
  shift
done
# The issue's sizes: 1 GiB and 2,000 small files; one round keeps a full run to minutes on two shared cores.
defaults=(--files 2000 --rounds 1)
for a in "${tool_args[@]}"; do [ "$a" = --quick ] && defaults=(); done

# Helpers shared with the other bench scripts: stop_pid, free_port, wait_http, pg_run.
. "$repo/bench/lib.sh"

log() { printf '\n== %s\n' "$*" >&2; }

need=()
command -v haproxy >/dev/null || need+=(haproxy)
command -v curl >/dev/null || need+=(curl)
pg_bin=/usr/lib/postgresql/15/bin
[ -x "$pg_bin/initdb" ] || need+=(postgresql-15)
for b in radosgw ceph-mon ceph-osd; do command -v "$b" >/dev/null || { need+=(radosgw ceph-mon ceph-osd ceph-common); break; }; done
if [ ${#need[@]} -gt 0 ]; then
  log "installing ${need[*]}"
  sudo_cmd=""; [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq "${need[@]}" >&2
fi

load_at_start=$(cut -d' ' -f1-3 /proc/loadavg)
work=$(mktemp -d "${DEPOT_BENCH_TMP:-${TMPDIR:-/tmp}}/depot-cluster.XXXXXX")
chmod 755 "$work"
pg_pid=""
rgw_dir=""
node_pids=()
haproxy_pids=()

cleanup() {
  for pid in "${haproxy_pids[@]}"; do stop_pid "$pid"; done
  for pid in "${node_pids[@]}"; do stop_pid "$pid"; done
  [ -n "$rgw_dir" ] && scripts/s3/stop-rgw.sh "$rgw_dir" || true
  if [ -n "$pg_pid" ]; then
    pg_run "$pg_bin/pg_ctl" stop -D "$work/pg/data" -m fast -w -t 30 >/dev/null 2>&1 || true
    kill -0 "$pg_pid" 2>/dev/null && kill -KILL "$pg_pid" 2>/dev/null || true
  fi
  if [ "$keep" = 1 ]; then echo "kept $work" >&2; else rm -rf "$work"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

commit=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
git diff --quiet HEAD 2>/dev/null || commit="$commit (with local changes)"

log "building the load tool"
dotnet publish bench/Depot.Bench -c Release -o "$work/tool" --nologo -v quiet >&2
if [ -z "$depot_dll" ]; then
  log "publishing Depot (Release)"
  dotnet publish src/Depot.Server -c Release -o "$work/depot-server" --nologo -v quiet >&2
  depot_dll="$work/depot-server/depot-server.dll"
  build="commit $commit"
else
  build="prebuilt $depot_dll"
fi

# --- PostgreSQL and RGW ---------------------------------------------------------------------------
mkdir -p "$work/pg"; [ "$(id -u)" -eq 0 ] && chown postgres: "$work/pg"
pg_port=$(free_port)
log "starting PostgreSQL 15 on 127.0.0.1:$pg_port"
pg_run "$pg_bin/initdb" -D "$work/pg/data" -U postgres --auth=trust --encoding=UTF8 --locale=C > "$work/pg/initdb.log" 2>&1
pg_run "$pg_bin/pg_ctl" start -D "$work/pg/data" -w -t 60 -l "$work/pg/server.log" -o "-h 127.0.0.1 -p $pg_port -k $work/pg" < /dev/null > /dev/null
pg_pid=$(head -n 1 "$work/pg/data/postmaster.pid")
pg_run "$pg_bin/createdb" -h 127.0.0.1 -p "$pg_port" -U postgres depot_cluster
connection="Host=127.0.0.1;Port=$pg_port;Username=postgres;Database=depot_cluster"

rgw_dir="$work/rgw"
rgw_port=$(free_port)
log "starting Ceph RGW (MemStore) on 127.0.0.1:$rgw_port"
S3_OWNER_PID=$$ S3_CEPH_SIZE_GB="${S3_CEPH_SIZE_GB:-12}" scripts/s3/start-rgw.sh "$rgw_port" "$rgw_dir" > "$work/rgw.env" 2> "$work/rgw-start.log" \
  || { tail -n 20 "$work/rgw-start.log" >&2; exit 1; }
# shellcheck disable=SC1091
. "$work/rgw.env"
bucket=depot-cluster
curl -sf -X PUT --aws-sigv4 "aws:amz:$S3_REGION:s3" --user "$S3_ACCESS_KEY:$S3_SECRET_KEY" \
  -H "x-amz-content-sha256: UNSIGNED-PAYLOAD" "$S3_ENDPOINT/$bucket" -o /dev/null

# --- three nodes ----------------------------------------------------------------------------------
password=$(head -c 24 /dev/urandom | base64 | tr -d '/+=')
export DEPOT_BENCH_PASSWORD="$password"
node_ports=()
for i in 1 2 3; do
  port=$(free_port)
  node_ports+=("$port")
  mkdir -p "$work/node$i"
  log "starting node$i on 127.0.0.1:$port"
  # Warning-level logs (these rows are about HAProxy; run.sh --log-share measures the request line); no per-user rate
  # limit, so that a node's budget does not shape the rows (with three nodes a user would get three budgets:
  # docs/scale-out.md, "What each node keeps").
  env DEPOT_ADMIN_PASSWORD="$password" ASPNETCORE_ENVIRONMENT=Production \
    Logging__LogLevel__Default=Warning Logging__LogLevel__Microsoft.AspNetCore=Warning \
    dotnet "$depot_dll" --urls "http://127.0.0.1:$port" --data "$work/node$i" \
      --Depot:Metadata:Provider=postgres "--Depot:Metadata:ConnectionString=$connection" \
      --Depot:Storage:Provider=s3 "--Depot:Storage:S3:ServiceUrl=$S3_ENDPOINT" "--Depot:Storage:S3:Bucket=$bucket" \
      "--Depot:Storage:S3:AccessKey=$S3_ACCESS_KEY" "--Depot:Storage:S3:SecretKey=$S3_SECRET_KEY" \
      --Depot:Proxy:TrustedProxies:0=127.0.0.1 --Depot:Limits:UserRequestsPerSecond=0 \
      > "$work/node$i.log" 2>&1 &
  node_pids+=("$!")
  # One at a time: the first creates the schema and the admin account.
  wait_http "http://127.0.0.1:$port/readyz" "$!" "node$i" || { tail -n 40 "$work/node$i.log" >&2; exit 1; }
done

# --- three HAProxies from deploy/haproxy.cfg --------------------------------------------------------
haproxy_ports=()
for n in 1 2 3; do
  port=$(free_port)
  haproxy_ports+=("$port")
  cfg="$work/haproxy-$n.cfg"
  # The shipped file with: its stats socket in the temp folder, no TLS frontend (and so no redirect to it), a plain
  # loopback bind, maxconn within this machine's open-file limit, and nodes 1..n as its servers.
  sed -e "s#stats socket /run/haproxy/admin.sock#stats socket $work/haproxy-$n.sock#" \
      -e '/bind :443 ssl/d' -e '/redirect scheme https/d' -e '/ssl-default-bind-options/d' \
      -e "s#bind :80\$#bind 127.0.0.1:$port#" -e 's/maxconn 20000/maxconn 4000/' \
      -e "s#server node1 10.0.0.11:8080#server node1 127.0.0.1:${node_ports[0]}#" \
      -e "s#server node2 10.0.0.12:8080#server node2 127.0.0.1:${node_ports[1]}#" \
      -e "s#server node3 10.0.0.13:8080#server node3 127.0.0.1:${node_ports[2]}#" \
      deploy/haproxy.cfg > "$cfg"
  for k in 3 2; do [ "$k" -gt "$n" ] && sed -i "s/^    server node$k /    # server node$k /" "$cfg"; done
  haproxy -c -q -f "$cfg"
  log "starting HAProxy with $n node(s) on 127.0.0.1:$port"
  haproxy -db -f "$cfg" > "$work/haproxy-$n.log" 2>&1 &
  haproxy_pids+=("$!")
  wait_http "http://127.0.0.1:$port/readyz" "$!" "haproxy-$n" || { tail -n 20 "$work/haproxy-$n.log" >&2; exit 1; }
done
sleep 3 # every server through rise 2 (inter 1 s) on every HAProxy

# --- throughput ----------------------------------------------------------------------------------
mkdir -p bench/results
stamp=$(date -u +%Y%m%dT%H%M%SZ)
out="bench/results/$stamp-cluster.md"
cpu=()
for i in 1 2 3; do cpu+=(--cpu-pid "node$i=${node_pids[$((i-1))]}"); done
for n in 1 2 3; do cpu+=(--cpu-pid "haproxy-$n=${haproxy_pids[$((n-1))]}"); done
# PostgreSQL's work happens in one backend process per connection, not in the postmaster: not counted here.
cpu+=(--cpu-pid "radosgw=$(cat "$rgw_dir/run/client.rgw.depot.pid")" --cpu-pid "ceph-osd=$(cat "$rgw_dir/run/osd.0.pid")")
log "running the workload"
status=0
"$work/tool/depot-bench" --cluster \
  --depot "Direct=http://127.0.0.1:${node_ports[0]}/" \
  --depot "HAProxy-1=http://127.0.0.1:${haproxy_ports[0]}/" \
  --depot "HAProxy-2=http://127.0.0.1:${haproxy_ports[1]}/" \
  --depot "HAProxy-3=http://127.0.0.1:${haproxy_ports[2]}/" \
  "${cpu[@]}" \
  --meta "machine=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'), $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB RAM, shared by the client, 3 nodes, 3 HAProxies, PostgreSQL and Ceph" \
  --meta "Depot=$build, dotnet $(dotnet --version), Release; three nodes on one PostgreSQL database and one RGW bucket, Depot:Limits:UserRequestsPerSecond=0" \
  --meta "HAProxy=$(haproxy -v | head -n 1 | awk '{print $3}'), deploy/haproxy.cfg without TLS: roundrobin, no stickiness, /readyz every 1 s (fall 2, rise 2), retry-on conn-failure, redispatch, httplog to stdout" \
  --meta "PostgreSQL=$(pg_run "$pg_bin/psql" -h 127.0.0.1 -p "$pg_port" -U postgres -d postgres -Atc 'SHOW server_version'), defaults (fsync on); RGW=$(radosgw --version 2>/dev/null | head -n 1 | sed 's/ *(.*//'), MemStore (objects in RAM)" \
  --meta "Direct=node1 without HAProxy (the baseline); HAProxy-N=the same cluster through an HAProxy with nodes 1..N as servers" \
  --meta "load average at start=$load_at_start (two cores shared with other work: every figure is skewed by it)" \
  --meta "command=bench/run.sh${all_args:+ --cluster $all_args}" \
  --out-md "$out" --out-json "bench/results/$stamp-cluster.json" "${defaults[@]}" "${tool_args[@]}" || status=$?

# --- death to reroute ------------------------------------------------------------------------------
log "failover: kill -9 node3, then SIGSTOP node2, behind the 3-node HAProxy"
{
  printf '\n### From a node'"'"'s death to HAProxy routing around it\n\n'
  printf 'Through the 3-node HAProxy (inter 1s, fall 2, rise 2), 4 connections of GETs of a 4 KiB file without client retries; '
  printf 'the signal at time 0; HAProxy'"'"'s stats socket read every 20 ms.\n\n'
  printf '| death | stats show DOWN after | requests failed (of those in flight or started after) | last failed request started | slowest request | median before | econ / eresp / wretr / wredis | status at the end |\n'
  printf '|---|---:|---:|---:|---:|---:|---|---|\n'
} >> "$out"
"$work/tool/depot-bench" failover --url "http://127.0.0.1:${haproxy_ports[2]}/" --stats-socket "$work/haproxy-3.sock" \
  --server node3 --pid "${node_pids[2]}" --signal KILL --out-md "$out" || status=$?
"$work/tool/depot-bench" failover --url "http://127.0.0.1:${haproxy_ports[2]}/" --stats-socket "$work/haproxy-3.sock" \
  --server node2 --pid "${node_pids[1]}" --signal STOP --out-md "$out" || status=$?

for i in 1 2; do
  kill -0 "${node_pids[$((i-1))]}" 2>/dev/null || { echo "node$i died during the run; its log:" >&2; tail -n 40 "$work/node$i.log" >&2; status=1; }
done
echo "results: $out" >&2
cat "$out"
exit "$status"
