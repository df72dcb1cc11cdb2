#!/usr/bin/env bash
# Runs every Depot test on a fresh Debian machine with the .NET 10 SDK: installs what the tests need
# (apt packages), builds, and runs the whole suite. Usage: ./scripts/test.sh [extra dotnet test args]
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
# chromium: Debian's browser for the web app's Playwright tests (Playwright never downloads its own here).
# litmus, rclone, cadaver: real WebDAV clients for the /dav tests (tests/Depot.System.Tests/Dav).
# postgresql: PostgreSQL 15 binaries; the tests start their own server (tests/Depot.Testing/PostgresServer), never the service.
# radosgw ceph-mon ceph-osd ceph-common: Ceph RGW, the real S3 server the tests start themselves (scripts/s3/start-rgw.sh).
# haproxy: the load balancer the cluster tests start themselves (tests/Depot.Testing/HaproxyServer.cs), never the service.
# prometheus: its promtool checks deploy/prometheus/depot-alerts.yml and a real scrape (tests/Depot.Server.Tests/Observability).
for pkg in sqlite3 postgresql chromium litmus rclone cadaver radosgw ceph-mon ceph-osd ceph-common haproxy prometheus; do
  dpkg -s "$pkg" >/dev/null 2>&1 || need+=("$pkg")
done
if [ ${#need[@]} -gt 0 ]; then
  sudo_cmd=""; [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq "${need[@]}"
fi

# tus-js-client runs in Node against a live server (tests/Depot.System.Tests/Tus); the test runs `npm ci` itself.
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  sudo_cmd=""; [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq nodejs npm
fi

# The server's build runs `npm ci && npm run build` in web/ (node and npm must be on PATH), so the tests use the real app.
dotnet build Depot.slnx -c Release

# Three runs side by side; each tags its lines. The server suite and the crash tests (kill -9 mid-write) run a second
# time in the scale-out shape: metadata in PostgreSQL (one database per test class on the PostgreSQL server the tests
# start themselves, tests/Depot.Testing/TestMetadata.cs) and file contents in S3 (one bucket per server on the Ceph RGW
# the tests start themselves, tests/Depot.Testing/TestStorage.cs). The Core contract suites (both metadata backends,
# both blob stores) and the two-node tests run in the first, whole-solution run; the two switches are independent, so
# one scale-out run covers both deployments' other halves. Side by side because much of the time is waiting (the
# crash tests wait out the orphan grace period, the cluster tests wait for nodes to die and come back), and the
# process tests of each run are serialised within it (ProcessCollection).
tagged() { local tag=$1; shift; ( set -o pipefail; "$@" 2>&1 | sed -u "s/^/[$tag] /" ); }
# The in-process test servers append the errors they log (a 500's exception and stack) to DEPOT_TEST_ERROR_LOG
# (tests/Depot.Testing/TestErrorLog.cs); a failed run prints them, since the test host never shows a server's console.
errors=$(mktemp -d -t depot-test-errors-XXXXXX)
scale_out() { DEPOT_TEST_METADATA=postgres DEPOT_TEST_STORAGE=s3 DEPOT_TEST_ERROR_LOG="$errors/pg+s3.log" "$@"; }
status=0
tagged "pg+s3 server" scale_out dotnet test tests/Depot.Server.Tests -c Release --no-build --logger "console;verbosity=minimal" "$@" & server=$!
tagged "pg+s3 crash" scale_out dotnet test tests/Depot.System.Tests -c Release --no-build --logger "console;verbosity=minimal" \
  --filter "FullyQualifiedName~CrashTests|FullyQualifiedName~DisconnectTests" "$@" & crash=$!
DEPOT_TEST_ERROR_LOG="$errors/main.log" dotnet test Depot.slnx -c Release --no-build --logger "console;verbosity=minimal" "$@" || status=1
wait "$server" || status=1
wait "$crash" || status=1
if [ "$status" -ne 0 ]; then
  # Many tests provoke errors on purpose (faults, crashes); the one behind a failure is found by its time and test class.
  for log in "$errors"/*.log; do
    [ -f "$log" ] || continue
    echo "=== errors the test servers logged ($(basename "$log" .log) run), last 400 lines ==="
    tail -n 400 "$log"
  done
fi
rm -rf "$errors"
exit "$status"
