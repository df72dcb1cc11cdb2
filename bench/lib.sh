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
