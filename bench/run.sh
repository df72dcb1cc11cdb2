#!/usr/bin/env bash
# Depot vs nginx (WebDAV) on loopback, in one run. See bench/README.md.
#
# Usage: bench/run.sh [--quick] [--nginx-only] [--log-share] [--postgres] [--s3] [--depot-dll PATH] [--keep] [load-tool flags...]
#        bench/run.sh --cluster [--quick] [--depot-dll PATH] [--keep] [load-tool flags...]
#   --cluster     instead: three Depot nodes on PostgreSQL + Ceph RGW, measured directly and through HAProxy
#                 (deploy/haproxy.cfg) with 1, 2 and 3 nodes, then kill -9 / SIGSTOP of a node (bench/cluster.sh)
#   --quick       64 MiB large file, 500 small files, 5 s wrk runs: a smoke test in about two minutes
#   --nginx-only  do not publish or start Depot
#   --log-share   also run "Depot-quiet": the same dll with only its request log line off, on its own data folder;
#                 the table gives the request log's share of Depot's time on every row (Depot logs with its defaults)
#   --postgres    also run "Depot-pg": a second Depot from the same dll with its metadata in a throwaway
#                 PostgreSQL 15 (initdb + pg_ctl in the temp folder, fsync on, defaults), blobs in its own
#                 data folder; the table gets its columns and Depot-pg/Depot (target >= 0.8x on every row)
#   --s3          also run "Depot-s3": Depot with its metadata in that throwaway PostgreSQL and its blobs in a
#                 throwaway Ceph RGW (scripts/s3/start-rgw.sh, MemStore: objects in RAM), and the same RGW through
#                 AWSSDK.S3 alone ("SDK", "SDK-par"); a second table gives Depot-s3/SDK (target >= 0.8x on large PUT/GET)
#   --depot-dll   run this already published depot-server.dll instead of publishing src/Depot.Server
#   --keep        keep the temp folder (server data, logs, nginx.conf) for inspection
#   load-tool flags (--large-mib N, --files N, --concurrency N, --list-runs N ...): bench/README.md
# Environment: DEPOT_BENCH_TMP  where the temp folder goes (default $TMPDIR or /tmp); it holds
#              both servers' data, so it decides which disk (and filesystem) is measured.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo"

for a in "$@"; do
  if [ "$a" = --cluster ]; then
    rest=()
    for b in "$@"; do [ "$b" = --cluster ] || rest+=("$b"); done
    exec "$repo/bench/cluster.sh" "${rest[@]}"
  fi
done

with_depot=1
with_postgres=0
with_s3=0
with_log_share=0
depot_note="not run (--nginx-only)"
keep=0
all_args="$*"
depot_dll=""
tool_args=()
while [ $# -gt 0 ]; do
  case "$1" in
    --nginx-only) with_depot=0 ;;
    --depot-dll) depot_dll=$(realpath "$2"); shift ;;
    --keep) keep=1 ;;
    --postgres) with_postgres=1 ;;
    --s3) with_s3=1 ;;
    --log-share) with_log_share=1 ;;
    -h|--help) sed -n '2,22p' "$0"; exit 0 ;;
    *) tool_args+=("$1") ;;
  esac
  shift
done

# Helpers shared with the other bench scripts: stop_pid, free_port, wait_http, pg_run.
. "$repo/bench/lib.sh"

log() { printf '\n== %s\n' "$*" >&2; }

# --- prerequisites ----------------------------------------------------------------------------
need=()
if ! command -v nginx >/dev/null || ! nginx -V 2>&1 | grep -q -- --with-http_dav_module; then need+=(nginx-extras); fi
# PROPFIND (the WebDAV listing rows) needs the dav_ext module, which plain nginx (as opposed to nginx-extras) lacks.
[ -f /usr/lib/nginx/modules/ngx_http_dav_ext_module.so ] || need+=(libnginx-mod-http-dav-ext)
command -v curl >/dev/null || need+=(curl)
command -v wrk >/dev/null || need+=(wrk)  # the one-file GET rows (64 connections, p99)
pg_bin=/usr/lib/postgresql/15/bin
needs_postgres=$(( with_postgres || with_s3 ))
[ "$needs_postgres" = 1 ] && [ ! -x "$pg_bin/initdb" ] && need+=(postgresql-15)
# The Ceph daemons scripts/s3/start-rgw.sh runs (Debian 12's Pacific packages, as scripts/test.sh installs them).
if [ "$with_s3" = 1 ]; then
  for b in radosgw ceph-mon ceph-osd; do command -v "$b" >/dev/null || { need+=(radosgw ceph-mon ceph-osd ceph-common); break; }; done
fi
if [ ${#need[@]} -gt 0 ]; then
  log "installing ${need[*]}"
  sudo_cmd=""; [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  # policy-rc.d 101 would be nicer, but the package's own service start is harmless: this script
  # never uses the system nginx, it starts its own with its own config and port.
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq "${need[@]}" >&2
fi

# --- temp folder and cleanup -------------------------------------------------------------------
work=$(mktemp -d "${DEPOT_BENCH_TMP:-${TMPDIR:-/tmp}}/depot-bench.XXXXXX")
chmod 755 "$work"   # nginx workers (user nobody when run as root) must traverse it
nginx_pid=""
depot_pid=""
pg_pid=""
depot_pg_pid=""
depot_pg_base=""
depot_quiet_pid=""
rgw_dir=""
depot_s3_pid=""

stop_postgres() { pg_cluster_stop "$work/pg" "$pg_bin" "$pg_pid"; }

cleanup() {
  stop_pid "$depot_quiet_pid"
  stop_pid "$depot_pg_pid"
  stop_pid "$depot_s3_pid"
  # radosgw, ceph-osd, ceph-mon by the PIDs in $rgw_dir/run; start-rgw.sh's watchdog (S3_OWNER_PID=$$) would do
  # the same within 2 s of this script's end if this never ran.
  [ -n "$rgw_dir" ] && scripts/s3/stop-rgw.sh "$rgw_dir" || true
  stop_postgres
  stop_pid "$depot_pid"
  stop_pid "$nginx_pid"
  if [ "$keep" = 1 ]; then echo "kept $work" >&2; else rm -rf "$work"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

commit=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
git diff --quiet HEAD 2>/dev/null || commit="$commit (with local changes)"
build="commit $commit"

# --- build ---------------------------------------------------------------------------------------
log "building the load tool"
dotnet publish bench/Depot.Bench -c Release -o "$work/tool" --nologo -v quiet >&2

if [ "$with_depot" = 1 ] && [ -n "$depot_dll" ]; then
  build="prebuilt $depot_dll"
elif [ "$with_depot" = 1 ]; then
  log "publishing Depot (Release)"
  depot_dll="$work/depot-server/depot-server.dll"
  if ! dotnet publish src/Depot.Server -c Release -o "$work/depot-server" --nologo -v quiet >&2; then
    echo "Depot failed to publish; continuing with nginx only" >&2
    depot_note="not run: $build failed to publish"
    with_depot=0
  fi
fi

# --- nginx ---------------------------------------------------------------------------------------
nginx_port=$(free_port)
nginx_write_conf "$work/nginx" "$nginx_port"
nginx -t -q -e "$work/nginx/error.log" -p "$work/nginx" -c "$work/nginx/nginx.conf"
log "starting nginx on 127.0.0.1:$nginx_port"
nginx -e "$work/nginx/error.log" -p "$work/nginx" -c "$work/nginx/nginx.conf" &
nginx_pid=$!
wait_http "http://127.0.0.1:$nginx_port/" "$nginx_pid" nginx || { cat "$work/nginx/error.log" >&2; exit 1; }

# --- Depot ---------------------------------------------------------------------------------------
password=$(head -c 24 /dev/urandom | base64 | tr -d '/+=')
export DEPOT_BENCH_PASSWORD="$password"

start_depot() { # name folder extra-args...: starts one Depot from $depot_dll; sets started_pid and started_port
  local name=$1 folder=$2; shift 2
  started_port=$(free_port)
  mkdir -p "$work/$folder"
  log "starting $name on 127.0.0.1:$started_port"
  # Depot's default logging: one request line per request to stdout, into the log file (issue 13 measures the run with
  # it on; --log-share adds a twin without it). Request rate limits off, as in issue 13's runs: wrk's 64 connections
  # on one user go past the default 5,000 requests/s per user, and a 429 would fail the row, not measure it.
  env DEPOT_ADMIN_PASSWORD="$password" ASPNETCORE_ENVIRONMENT=Production \
    dotnet "$depot_dll" --urls "http://127.0.0.1:$started_port" --data "$work/$folder" \
    --Depot:Limits:UserRequestsPerSecond=0 "$@" \
    > "$work/$folder.log" 2>&1 &
  started_pid=$!
}

depot_args=(--depot-user admin)
if [ "$with_depot" = 1 ]; then
  start_depot Depot depot-data
  depot_pid=$started_pid
  if wait_http "http://127.0.0.1:$started_port/healthz" "$depot_pid" Depot; then
    depot_args+=(--depot "http://127.0.0.1:$started_port/" --depot-pid "$depot_pid")
    depot_note="$build, dotnet $(dotnet --version), Release, metadata in SQLite (the default), data folder beside nginx's"
  else
    tail -n 40 "$work/depot-data.log" >&2
    echo "continuing without Depot (SQLite)" >&2
    depot_note="not run: $build did not become ready (/healthz)"
    stop_pid "$depot_pid"; depot_pid=""
  fi
fi

# --- Depot-quiet (--log-share) -------------------------------------------------------------------------
# The same dll with only the request log line's category below Information (RequestLogging then costs one IsEnabled
# check): the difference to Depot on each row is that line's share. Its own data folder, SQLite, as Depot.
log_share_meta=()
if [ "$with_log_share" = 1 ] && [ -n "$depot_pid" ]; then
  start_depot Depot-quiet depot-quiet-data --Logging:LogLevel:Depot.Server.Observability.RequestLogging=Warning
  depot_quiet_pid=$started_pid
  if wait_http "http://127.0.0.1:$started_port/healthz" "$depot_quiet_pid" Depot-quiet; then
    depot_args+=(--depot "Depot-quiet=http://127.0.0.1:$started_port/" --depot-pid "Depot-quiet=$depot_quiet_pid" --log-share Depot-quiet)
    log_share_meta=(--meta "Depot-quiet=the same build with --Logging:LogLevel:Depot.Server.Observability.RequestLogging=Warning (no request line), SQLite, its own data folder")
  else
    tail -n 40 "$work/depot-quiet-data.log" >&2
    log_share_meta=(--meta "Depot-quiet=not run: did not become ready (/healthz)")
    stop_pid "$depot_quiet_pid"; depot_quiet_pid=""
  fi
fi

# --- PostgreSQL (--postgres, --s3) and Depot-pg (--postgres) ------------------------------------------
# A throwaway cluster owned by this run, as tests/Depot.Testing/PostgresServer.cs starts one, but with
# PostgreSQL's defaults (fsync, synchronous_commit and full_page_writes on): Depot acknowledges an upload
# only once its metadata commit is durable, and that is what is measured. Depot-pg and Depot-s3 each get
# their own database in it.
pg_meta=()
pg_ready=0
start_postgres() { # sets pg_port, pg_pid, pg_meta; non-zero when the cluster did not start
  log "starting PostgreSQL 15 in the temp folder"
  pg_cluster_start "$work/pg" "$pg_bin" || return 1
  local pg_settings pg_version
  pg_settings=$(pg_run "$pg_bin/psql" -h 127.0.0.1 -p "$pg_port" -U postgres -d postgres -Atc \
    "SELECT string_agg(name || '=' || current_setting(name), ', ' ORDER BY name) FROM pg_settings WHERE name IN
     ('fsync','synchronous_commit','full_page_writes','wal_sync_method','shared_buffers','max_connections','work_mem')")
  pg_version=$(pg_run "$pg_bin/psql" -h 127.0.0.1 -p "$pg_port" -U postgres -d postgres -Atc "SHOW server_version")
  pg_meta=(--meta "PostgreSQL=$pg_version, a throwaway cluster in the temp folder (initdb --locale=C, trust auth on 127.0.0.1 TCP), defaults: $pg_settings")
}

pg_connection() { # database: the connection string of a new database in the cluster
  pg_run "$pg_bin/createdb" -h 127.0.0.1 -p "$pg_port" -U postgres "$1"
  echo "Host=127.0.0.1;Port=$pg_port;Username=postgres;Database=$1"
}

if [ "$needs_postgres" = 1 ] && [ "$with_depot" = 1 ]; then
  start_postgres && pg_ready=1
fi

if [ "$with_postgres" = 1 ] && [ "$with_depot" = 1 ]; then
  pg_note="not run: PostgreSQL did not start"
  if [ "$pg_ready" = 1 ]; then
    start_depot Depot-pg depot-pg-data --Depot:Metadata:Provider=postgres "--Depot:Metadata:ConnectionString=$(pg_connection depot)"
    depot_pg_pid=$started_pid
    if wait_http "http://127.0.0.1:$started_port/healthz" "$depot_pg_pid" Depot-pg; then
      depot_args+=(--depot "Depot-pg=http://127.0.0.1:$started_port/" --depot-pid "Depot-pg=$depot_pg_pid")
      depot_pg_base="http://127.0.0.1:$started_port"
      pg_note="the same build with --Depot:Metadata:Provider=postgres; blobs in its own data folder beside the others"
    else
      tail -n 40 "$work/depot-pg-data.log" >&2
      pg_note="not run: did not become ready (/healthz)"
      stop_pid "$depot_pg_pid"; depot_pg_pid=""
    fi
  fi
  [ -z "$depot_pg_pid" ] && echo "continuing without Depot-pg" >&2
  pg_meta+=(--meta "Depot-pg=$pg_note")
fi

# --- Ceph RGW and Depot-s3 (--s3) -------------------------------------------------------------------
# scripts/s3/start-rgw.sh: the same one-host cluster the tests use (one mon, one osd, one radosgw), MemStore, so the
# objects live in the OSD's RAM. It is sized for every object a full run writes: RGW only reclaims space hours
# later (its garbage collection waits), and nothing is overwritten anyway.
s3_meta=()
tool_s3=()
if [ "$with_s3" = 1 ] && [ "$with_depot" = 1 ]; then
  s3_note="not run: PostgreSQL did not start"
  if [ "$pg_ready" = 1 ]; then
    rgw_dir="$work/rgw"
    rgw_port=$(free_port)
    log "starting Ceph RGW (MemStore) on 127.0.0.1:$rgw_port"
    if S3_OWNER_PID=$$ S3_CEPH_SIZE_GB="${S3_CEPH_SIZE_GB:-16}" scripts/s3/start-rgw.sh "$rgw_port" "$rgw_dir" \
         > "$work/rgw.env" 2> "$work/rgw-start.log"; then
      # shellcheck disable=SC1091
      . "$work/rgw.env"
      export S3_ACCESS_KEY S3_SECRET_KEY  # the load tool's SDK baseline reads them from the environment
      s3_bucket=depot-bench
      curl -sf -X PUT --aws-sigv4 "aws:amz:$S3_REGION:s3" --user "$S3_ACCESS_KEY:$S3_SECRET_KEY" \
        -H "x-amz-content-sha256: UNSIGNED-PAYLOAD" "$S3_ENDPOINT/$s3_bucket" -o /dev/null
      start_depot Depot-s3 depot-s3-data --Depot:Metadata:Provider=postgres "--Depot:Metadata:ConnectionString=$(pg_connection depot_s3)" \
        --Depot:Storage:Provider=s3 "--Depot:Storage:S3:ServiceUrl=$S3_ENDPOINT" "--Depot:Storage:S3:Bucket=$s3_bucket" \
        "--Depot:Storage:S3:AccessKey=$S3_ACCESS_KEY" "--Depot:Storage:S3:SecretKey=$S3_SECRET_KEY"
      depot_s3_pid=$started_pid
      if wait_http "http://127.0.0.1:$started_port/healthz" "$depot_s3_pid" Depot-s3; then
        depot_args+=(--depot "Depot-s3=http://127.0.0.1:$started_port/" --depot-pid "Depot-s3=$depot_s3_pid")
        # CPU per timed run of Depot-s3 and of the two Ceph daemons that do the store's work: whose CPU a row costs.
        tool_s3=(--s3 "$S3_ENDPOINT" --s3-bucket "$s3_bucket" --s3-depot Depot-s3 --cpu-pid "Depot-s3=$depot_s3_pid"
                 --cpu-pid "radosgw=$(cat "$rgw_dir/run/client.rgw.depot.pid")" --cpu-pid "ceph-osd=$(cat "$rgw_dir/run/osd.0.pid")")
        [ -n "$depot_pid" ] && tool_s3+=(--cpu-pid "Depot=$depot_pid")
        s3_note="the same build with metadata in PostgreSQL (database depot_s3) and --Depot:Storage:Provider=s3 on the RGW below (bucket $s3_bucket, default part size and client settings)"
      else
        tail -n 40 "$work/depot-s3-data.log" >&2
        s3_note="not run: did not become ready (/healthz)"
        stop_pid "$depot_s3_pid"; depot_s3_pid=""
      fi
      s3_meta+=(--meta "RGW=$(radosgw --version 2>/dev/null | head -n 1 | sed 's/ *(.*//'), scripts/s3/start-rgw.sh: one mon, one osd, one radosgw (beast) on 127.0.0.1, MemStore capped at ${S3_CEPH_SIZE_GB:-16} GB: objects in RAM, so RGW's rate is an upper bound for a disk-backed cluster")
    else
      tail -n 20 "$work/rgw-start.log" >&2
      s3_note="not run: RGW did not start"
    fi
  fi
  [ -z "$depot_s3_pid" ] && echo "continuing without Depot-s3" >&2
  s3_meta=(--meta "Depot-s3=$s3_note" "${s3_meta[@]}")
fi

# --- run -----------------------------------------------------------------------------------------
mkdir -p bench/results
stamp=$(date -u +%Y%m%dT%H%M%SZ)
meta=(
  --meta "machine=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'), $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB RAM, shared by client and both servers"
  --meta "kernel=$(uname -r); data on $(df -PT "$work" | awk 'NR==2{print $2" ("$1")"}'), both servers"
  --meta "nginx=$(nginx -v 2>&1 | sed 's/^nginx version: //') (Debian nginx-extras), worker_processes auto, sendfile on"
  --meta "Depot=$depot_note"
  --meta "Depot settings=Depot's defaults (request log line on, into a file in the temp folder) except --Depot:Limits:UserRequestsPerSecond=0; WebDAV with HTTP Basic and an app password"
  "${log_share_meta[@]}"
  "${pg_meta[@]}"
  "${s3_meta[@]}"
  --meta "load average at start=$(cut -d' ' -f1-3 /proc/loadavg) (other work on these cores skews every figure)"
  --meta "command=bench/run.sh${all_args:+ $all_args}"
)
log "running the workload"
status=0
"$work/tool/depot-bench" --nginx "http://127.0.0.1:$nginx_port/" --nginx-pid "$nginx_pid" "${depot_args[@]}" "${tool_s3[@]}" \
  --fsync-probe "$work" "${meta[@]}" --out-md "bench/results/$stamp.md" --out-json "bench/results/$stamp.json" "${tool_args[@]}" || status=$?

echo "results: bench/results/$stamp.md and bench/results/$stamp.json" >&2
[ -n "$depot_pg_pid" ] && kill -0 "$depot_pg_pid" 2>/dev/null && echo "Depot-pg's group commits: $(group_commit_summary "$depot_pg_base" "$password")" >&2
[ -n "$depot_pid" ] && ! kill -0 "$depot_pid" 2>/dev/null && { echo "Depot died during the run; its log:" >&2; tail -n 40 "$work/depot-data.log" >&2; }
[ -n "$depot_quiet_pid" ] && ! kill -0 "$depot_quiet_pid" 2>/dev/null && { echo "Depot-quiet died during the run; its log:" >&2; tail -n 40 "$work/depot-quiet-data.log" >&2; }
[ -n "$depot_pg_pid" ] && ! kill -0 "$depot_pg_pid" 2>/dev/null && { echo "Depot-pg died during the run; its log:" >&2; tail -n 40 "$work/depot-pg-data.log" >&2; }
[ -n "$depot_s3_pid" ] && ! kill -0 "$depot_s3_pid" 2>/dev/null && { echo "Depot-s3 died during the run; its log:" >&2; tail -n 40 "$work/depot-s3-data.log" >&2; }
[ "$with_postgres" = 1 ] && [ "$with_depot" = 1 ] && [ -z "$depot_pg_pid" ] && status=1  # asked for, not measured
[ "$with_log_share" = 1 ] && [ "$with_depot" = 1 ] && [ -z "$depot_quiet_pid" ] && status=1
[ "$with_s3" = 1 ] && [ "$with_depot" = 1 ] && [ -z "$depot_s3_pid" ] && status=1
exit "$status"
