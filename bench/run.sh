#!/usr/bin/env bash
# Depot vs nginx (WebDAV) on loopback, in one run. See bench/README.md.
#
# Usage: bench/run.sh [--quick] [--nginx-only] [--depot-dll PATH] [--keep] [load-tool flags...]
#   --quick       64 MiB large file, 500 small files: a smoke test in about a minute
#   --nginx-only  do not publish or start Depot
#   --depot-dll   run this already published depot-server.dll instead of publishing src/Depot.Server
#   --keep        keep the temp folder (server data, logs, nginx.conf) for inspection
#   load-tool flags (--large-mib N, --files N, --concurrency N, --list-runs N ...): bench/README.md
# Environment: DEPOT_BENCH_TMP  where the temp folder goes (default $TMPDIR or /tmp); it holds
#              both servers' data, so it decides which disk (and filesystem) is measured.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo"

with_depot=1
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
    -h|--help) sed -n '2,12p' "$0"; exit 0 ;;
    *) tool_args+=("$1") ;;
  esac
  shift
done

log() { printf '\n== %s\n' "$*" >&2; }

# --- prerequisites ----------------------------------------------------------------------------
need=()
if ! command -v nginx >/dev/null || ! nginx -V 2>&1 | grep -q -- --with-http_dav_module; then need+=(nginx-extras); fi
command -v curl >/dev/null || need+=(curl)
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

stop_pid() { # stop one process we started: TERM, up to 15 s, then KILL
  local pid=$1
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || return 0
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 150); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}

cleanup() {
  stop_pid "$depot_pid"
  stop_pid "$nginx_pid"
  if [ "$keep" = 1 ]; then echo "kept $work" >&2; else rm -rf "$work"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

free_port() { # a port nothing listens on; bound by the server right after, so the race is tiny
  local port
  while :; do
    port=$(( 20000 + RANDOM % 20000 ))
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null || { echo "$port"; return; }
  done
}

wait_http() { # url pid name: until 2xx (ready), 404 (never will be), the process dies, or 60 s
  local url=$1 pid=$2 name=$3 code
  for _ in $(seq 600); do
    kill -0 "$pid" 2>/dev/null || { echo "$name exited during start-up" >&2; return 1; }
    code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "$url" 2>/dev/null) || code=000
    case "$code" in
      2??) return 0 ;;
      404) echo "$name answers 404 at $url" >&2; return 1 ;;
    esac
    sleep 0.1
  done
  echo "$name did not answer $url within 60 s" >&2
  return 1
}

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
mkdir -p "$work/nginx/www" "$work/nginx/tmp"
user_line=""
if [ "$(id -u)" -eq 0 ]; then
  user_line="user nobody nogroup;"
  chown -R nobody:nogroup "$work/nginx/www" "$work/nginx/tmp"
fi
# PROPFIND (the WebDAV rows) needs nginx-extras' dav_ext module.
dav_ext_module=/usr/lib/nginx/modules/ngx_http_dav_ext_module.so
dav_ext_load=""; dav_ext_methods=""
if [ -f "$dav_ext_module" ]; then
  dav_ext_load="load_module $dav_ext_module;"; dav_ext_methods="dav_ext_methods PROPFIND OPTIONS;"
fi
cat > "$work/nginx/nginx.conf" <<EOF
# Generated by bench/run.sh: Debian's nginx-extras as a plain WebDAV server, defaults otherwise.
$dav_ext_load
$user_line
worker_processes auto;
daemon off;
pid $work/nginx/nginx.pid;
error_log $work/nginx/error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  sendfile on;
  tcp_nopush on;
  tcp_nodelay on;
  keepalive_timeout 65;
  # nginx closes a connection after 1000 requests by default; Kestrel never does. Lift it so
  # both servers keep their 16 connections for the whole phase.
  keepalive_requests 1000000;
  default_type application/octet-stream;
  client_body_temp_path $work/nginx/tmp/body;
  proxy_temp_path $work/nginx/tmp/proxy;
  fastcgi_temp_path $work/nginx/tmp/fastcgi;
  uwsgi_temp_path $work/nginx/tmp/uwsgi;
  scgi_temp_path $work/nginx/tmp/scgi;
  server {
    listen 127.0.0.1:$nginx_port;
    root $work/nginx/www;
    location / {
      dav_methods PUT DELETE MKCOL COPY MOVE;
      $dav_ext_methods
      create_full_put_path on;
      dav_access user:rw group:r all:r;
      client_max_body_size 0;
      autoindex on;
      autoindex_format json;
    }
  }
}
EOF
nginx -t -q -e "$work/nginx/error.log" -p "$work/nginx" -c "$work/nginx/nginx.conf"
log "starting nginx on 127.0.0.1:$nginx_port"
nginx -e "$work/nginx/error.log" -p "$work/nginx" -c "$work/nginx/nginx.conf" &
nginx_pid=$!
wait_http "http://127.0.0.1:$nginx_port/" "$nginx_pid" nginx || { cat "$work/nginx/error.log" >&2; exit 1; }

# --- Depot ---------------------------------------------------------------------------------------
depot_args=()
if [ "$with_depot" = 1 ]; then
  depot_port=$(free_port)
  password=$(head -c 24 /dev/urandom | base64 | tr -d '/+=')
  mkdir -p "$work/depot-data"
  log "starting Depot on 127.0.0.1:$depot_port"
  # Warning-level logs: per-request Information logging would cost Depot CPU that nginx
  # (access_log off) does not pay.
  env DEPOT_ADMIN_PASSWORD="$password" ASPNETCORE_ENVIRONMENT=Production \
    Logging__LogLevel__Default=Warning Logging__LogLevel__Microsoft.AspNetCore=Warning \
    dotnet "$depot_dll" --urls "http://127.0.0.1:$depot_port" --data "$work/depot-data" \
    > "$work/depot.log" 2>&1 &
  depot_pid=$!
  if wait_http "http://127.0.0.1:$depot_port/healthz" "$depot_pid" Depot; then
    export DEPOT_BENCH_PASSWORD="$password"
    depot_args=(--depot "http://127.0.0.1:$depot_port/" --depot-user admin --depot-pid "$depot_pid")
    depot_note="$build, dotnet $(dotnet --version), Release, data folder beside nginx's"
  else
    tail -n 40 "$work/depot.log" >&2
    echo "continuing with nginx only" >&2
    depot_note="not run: $build did not become ready (/healthz)"
    stop_pid "$depot_pid"; depot_pid=""
  fi
fi

# --- run -----------------------------------------------------------------------------------------
mkdir -p bench/results
stamp=$(date -u +%Y%m%dT%H%M%SZ)
meta=(
  --meta "machine=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'), $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB RAM, shared by client and both servers"
  --meta "kernel=$(uname -r); data on $(df -PT "$work" | awk 'NR==2{print $2" ("$1")"}'), both servers"
  --meta "nginx=$(nginx -v 2>&1 | sed 's/^nginx version: //') (Debian nginx-extras), worker_processes auto, sendfile on"
  --meta "Depot=$depot_note"
  --meta "load average at start=$(cut -d' ' -f1-3 /proc/loadavg) (other work on these cores skews every figure)"
  --meta "command=bench/run.sh${all_args:+ $all_args}"
)
log "running the workload"
status=0
"$work/tool/depot-bench" --nginx "http://127.0.0.1:$nginx_port/" --nginx-pid "$nginx_pid" "${depot_args[@]}" \
  --fsync-probe "$work" "${meta[@]}" --out-md "bench/results/$stamp.md" --out-json "bench/results/$stamp.json" "${tool_args[@]}" || status=$?

echo "results: bench/results/$stamp.md and bench/results/$stamp.json" >&2
[ -n "$depot_pid" ] && ! kill -0 "$depot_pid" 2>/dev/null && { echo "Depot died during the run; its log:" >&2; tail -n 40 "$work/depot.log" >&2; }
exit "$status"
