#!/usr/bin/env bash
# start-rgw.sh PORT DATA_DIR
#
# Starts a real S3 server for the tests: Ceph RGW (radosgw, Debian 12's "Pacific" packages radosgw, ceph-mon,
# ceph-osd, ceph-common; scripts/test.sh installs them) as a one-host mini cluster on http://127.0.0.1:PORT, every file
# under DATA_DIR: one ceph-mon, one ceph-osd, one radosgw, no ceph-mgr (RGW does not need one), no systemd, no cephadm.
# Cluster-internal auth is off (loopback only); S3 requests are still SigV4-checked against the user created here.
# Always a new, empty cluster (the tests want nothing left from an earlier run). tests/Depot.Testing/S3Server starts
# it once per test process; scripts/s3/stop-rgw.sh DATA_DIR stops it by the PIDs in DATA_DIR/run.
#
# stdout on success: the lines of DATA_DIR/s3.env (S3_ENDPOINT, S3_ACCESS_KEY, S3_SECRET_KEY, S3_REGION).
# Exit status 0 only once the endpoint answered a signed request; on failure the daemons started are stopped again.
#
# Environment: S3_ACCESS_KEY, S3_SECRET_KEY (defaults below); S3_OWNER_PID (stop everything when that process ends); S3_CEPH_STORE=memstore (default: objects in RAM, the
# fastest start and no disk to clean) or bluestore (a sparse file in DATA_DIR); S3_CEPH_SIZE_GB (capacity, default 8);
# S3_START_TIMEOUT (seconds, default 90).
#
# Pitfalls this encodes (found with the reference in ../shared/tools/ceph-s3):
# - the monitor needs an explicit monmap on 127.0.0.1, and clients need `ms mon client mode = crc` (no msgr1, no auth);
# - RGW's pools are created up front: otherwise the first bucket waits seconds for pool creation;
# - AWS SDKs must send checksums only when required (RGW 16 rejects the CRC32 trailers they send by default).
set -euo pipefail

PORT=${1:-}; DATA=${2:-}
[ -n "$PORT" ] && [ -n "$DATA" ] || { echo "usage: $0 PORT DATA_DIR" >&2; exit 2; }
ACCESS_KEY=${S3_ACCESS_KEY:-depot-test-access}
SECRET_KEY=${S3_SECRET_KEY:-depot-test-secret-0123456789}
STORE=${S3_CEPH_STORE:-memstore}
SIZE_GB=${S3_CEPH_SIZE_GB:-8}
TIMEOUT=${S3_START_TIMEOUT:-90}
REGION=us-east-1
RGW=client.rgw.depot

log() { echo "[start-rgw] $*" >&2; }
die() { log "ERROR: $*"; exit 1; }
now_ms() { echo $(( $(date +%s%N) / 1000000 )); }
case "$PORT" in ''|*[!0-9]*) die "PORT must be a number";; esac
case "$STORE" in bluestore|memstore) ;; *) die "S3_CEPH_STORE must be memstore or bluestore";; esac
for b in ceph-mon ceph-osd ceph radosgw radosgw-admin monmaptool curl; do
  command -v "$b" >/dev/null 2>&1 || die "$b is missing: apt-get install radosgw ceph-mon ceph-osd ceph-common curl"
done
T0=$(now_ms)

mkdir -p "$DATA"
DATA=$(cd "$DATA" && pwd)
CONF="$DATA/ceph.conf"; RUN="$DATA/run"; LOGD="$DATA/log"
C=(-c "$CONF")
rm -rf "${DATA:?}/mon" "${DATA:?}/osd" "${DATA:?}/rgw" "$RUN" "$LOGD"
mkdir -p "$DATA/mon" "$DATA/osd" "$DATA/rgw" "$RUN" "$LOGD"

free_port() { /usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
stop_all() {
  local f pid i
  for f in "$RUN/$RGW.pid" "$RUN/osd.0.pid" "$RUN/mon.a.pid"; do
    [ -f "$f" ] || continue
    pid=$(cat "$f"); kill -TERM "$pid" 2>/dev/null || continue
    for i in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
  done
}
READY=0
on_exit() {
  [ "$READY" = 1 ] && return 0
  log "start failed; last log lines (all logs: $LOGD):"
  for f in "$LOGD"/setup.log "$LOGD"/mon.a.log "$LOGD"/osd.0.log "$LOGD/$RGW.log"; do
    [ -f "$f" ] && { echo "--- $f" >&2; tail -n 8 "$f" >&2; }
  done
  stop_all
}
trap on_exit EXIT

MON_PORT=$(free_port)
FSID=$(cat /proc/sys/kernel/random/uuid)
if [ "$STORE" = bluestore ]; then
  OSD_STORE="osd objectstore = bluestore
bluestore block create = true
bluestore block size = $((SIZE_GB << 30))
bluestore fsck on mount = false
osd memory target = 1073741824"
else
  OSD_STORE="osd objectstore = memstore
memstore device bytes = $((SIZE_GB << 30))"
fi
cat > "$CONF" <<CONF
# written by scripts/s3/start-rgw.sh: a single-host test cluster ($STORE), loopback only
[global]
fsid = $FSID
mon host = v2:127.0.0.1:$MON_PORT
public addr = 127.0.0.1
cluster addr = 127.0.0.1
ms bind msgr1 = false
ms mon client mode = crc
run dir = $RUN
admin socket = $RUN/\$cluster-\$name.asok
pid file = $RUN/\$name.pid
log file = $LOGD/\$name.log
mon cluster log file = $LOGD/cluster.\$channel.log
crash dir = $DATA/crash
keyring = /dev/null
auth cluster required = none
auth service required = none
auth client required = none
paxos propose interval = 0.05
mon allow pool delete = true
mon data avail crit = 0
mon data avail warn = 0
mon max pg per osd = 1000
mon warn on pool no redundancy = false
mon warn on insecure global id reclaim allowed = false
osd pool default size = 1
osd pool default min size = 1
osd pool default pg num = 8
osd pool default pgp num = 8
osd pool default pg autoscale mode = off
osd crush chooseleaf type = 0
osd crush update on start = false

[mon.a]
mon data = $DATA/mon
public addr = v2:127.0.0.1:$MON_PORT

[osd.0]
osd data = $DATA/osd
$OSD_STORE

[$RGW]
rgw frontends = beast endpoint=127.0.0.1:$PORT
rgw data = $DATA/rgw
rgw dns name = localhost
CONF

log "creating the cluster in $DATA (store=$STORE, mon 127.0.0.1:$MON_PORT, s3 127.0.0.1:$PORT)"
monmaptool --create --fsid "$FSID" --addv a "[v2:127.0.0.1:$MON_PORT]" "$DATA/monmap" >/dev/null
ceph-mon "${C[@]}" --id a --mkfs --monmap "$DATA/monmap" >>"$LOGD/setup.log" 2>&1
ceph-mon "${C[@]}" --id a
OSD_UUID=$(cat /proc/sys/kernel/random/uuid)
OSD_ID=$(timeout 60 ceph "${C[@]}" --connect-timeout 50 osd new "$OSD_UUID" 2>>"$LOGD/setup.log")
[ "$OSD_ID" = 0 ] || die "unexpected osd id '$OSD_ID'"
timeout 30 ceph "${C[@]}" osd crush add osd.0 1 root=default host=localhost >>"$LOGD/setup.log" 2>&1
ceph-osd "${C[@]}" --id 0 --mkfs --osd-uuid "$OSD_UUID" >>"$LOGD/setup.log" 2>&1
ceph-osd "${C[@]}" --id 0 2>>"$LOGD/setup.log"
for p in .rgw.root default.rgw.control default.rgw.meta default.rgw.log \
         default.rgw.buckets.index default.rgw.buckets.non-ec default.rgw.buckets.data; do
  echo "osd pool create $p 8 8"; echo "osd pool application enable $p rgw"
done | timeout 60 ceph "${C[@]}" >>"$LOGD/setup.log" 2>&1
radosgw "${C[@]}" -n "$RGW"
timeout 60 radosgw-admin "${C[@]}" user create --uid=depot-test --display-name="Depot tests" \
   --access-key="$ACCESS_KEY" --secret-key="$SECRET_KEY" >>"$LOGD/setup.log" 2>&1

# Ready means a SigV4-signed ListBuckets answers 200.
deadline=$(( $(date +%s) + TIMEOUT )); code=000
until [ "$code" = 200 ]; do
  code=$(curl -s -o /dev/null -m 5 -w '%{http_code}' --aws-sigv4 "aws:amz:$REGION:s3" --user "$ACCESS_KEY:$SECRET_KEY" \
         -H "x-amz-content-sha256: UNSIGNED-PAYLOAD" "http://127.0.0.1:$PORT/" 2>/dev/null || true)
  [ "$code" = 200 ] && break
  kill -0 "$(cat "$RUN/$RGW.pid" 2>/dev/null || echo 0)" 2>/dev/null || die "radosgw exited (see $LOGD/$RGW.log)"
  [ "$(date +%s)" -lt "$deadline" ] || die "no signed 200 from port $PORT within ${TIMEOUT}s (last: $code)"
  sleep 0.1
done
READY=1
# S3_OWNER_PID (the test process): a watchdog stops the daemons and deletes DATA_DIR once that process is gone, even when
# it was killed before its own clean-up ran.
if [ -n "${S3_OWNER_PID:-}" ]; then
  setsid bash -c 'while kill -0 "$1" 2>/dev/null; do sleep 2; done; "$2" "$3" --purge' rgw-watchdog "$S3_OWNER_PID" \
    "$(cd "$(dirname "$0")" && pwd)/stop-rgw.sh" "$DATA" </dev/null >/dev/null 2>&1 &
fi
cat > "$DATA/s3.env" <<ENV
S3_ENDPOINT=http://127.0.0.1:$PORT
S3_ACCESS_KEY=$ACCESS_KEY
S3_SECRET_KEY=$SECRET_KEY
S3_REGION=$REGION
ENV
log "ready in $(( $(now_ms) - T0 )) ms"
cat "$DATA/s3.env"
