# Shell helpers shared by run.sh, cluster.sh and profile.sh (sourced, not run).

stop_pid() { # stop one process we started: TERM, up to 15 s, then KILL; a STOPped one is sent CONT so it can act on the TERM
  local pid=$1
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || return 0
  kill -TERM "$pid" 2>/dev/null || true
  kill -CONT "$pid" 2>/dev/null || true
  for _ in $(seq 150); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}

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

pg_run() { # PostgreSQL refuses to run as root: then its tools run as the postgres user the Debian package creates
  if [ "$(id -u)" -eq 0 ]; then (cd / && runuser -u postgres -- "$@"); else (cd / && "$@"); fi
}

pg_cluster_start() { # dir bin: a throwaway PostgreSQL cluster in dir (initdb --locale=C, trust auth, 127.0.0.1 on a free port,
  # PostgreSQL's defaults: fsync on); sets pg_port and pg_pid; non-zero (logs on stderr) when it did not start
  local dir=$1 bin=$2
  mkdir -p "$dir"
  [ "$(id -u)" -eq 0 ] && chown postgres: "$dir"
  pg_port=$(free_port)
  if pg_run "$bin/initdb" -D "$dir/data" -U postgres --auth=trust --encoding=UTF8 --locale=C > "$dir/initdb.log" 2>&1 \
     && pg_run "$bin/pg_ctl" start -D "$dir/data" -w -t 60 -l "$dir/server.log" \
          -o "-h 127.0.0.1 -p $pg_port -k $dir" < /dev/null > "$dir/pg_ctl.log" 2>&1; then
    pg_pid=$(head -n 1 "$dir/data/postmaster.pid")
  else
    cat "$dir/initdb.log" "$dir/pg_ctl.log" "$dir/server.log" 2>/dev/null | tail -n 40 >&2
    return 1
  fi
}

pg_cluster_stop() { # dir bin pid: pg_ctl stop -m fast (clean shutdown), then the postmaster's PID if it lingers
  local dir=$1 bin=$2 pid=$3
  [ -n "$pid" ] || return 0
  pg_run "$bin/pg_ctl" stop -D "$dir/data" -m fast -w -t 30 >/dev/null 2>&1 || true
  for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null || true
}
