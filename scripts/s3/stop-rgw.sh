#!/usr/bin/env bash
# stop-rgw.sh DATA_DIR [--purge]: stops the radosgw, ceph-osd and ceph-mon that start-rgw.sh started in DATA_DIR (only
# those, by the PIDs in DATA_DIR/run), RGW first; SIGTERM, then SIGKILL after 5 s. --purge then deletes DATA_DIR.
set -uo pipefail
DATA=${1:?usage: stop-rgw.sh DATA_DIR [--purge]}
for name in client.rgw.depot osd.0 mon.a; do
  f="$DATA/run/$name.pid"
  [ -f "$f" ] || continue
  pid=$(cat "$f")
  case "$(cat "/proc/$pid/comm" 2>/dev/null)" in radosgw|ceph-osd|ceph-mon) ;; *) rm -f "$f"; continue;; esac
  kill -TERM "$pid" 2>/dev/null
  for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -KILL "$pid" 2>/dev/null
  rm -f "$f"
done
if [ "${2:-}" = --purge ] && grep -qs 'written by scripts/s3/start-rgw.sh' "$DATA/ceph.conf"; then rm -rf "${DATA:?}"; fi
exit 0
