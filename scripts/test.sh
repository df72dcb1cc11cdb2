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
dotnet test Depot.slnx -c Release --no-build --logger "console;verbosity=minimal" "$@"

# The same server suite again, and the crash tests (kill -9 mid-write), in the scale-out shape: metadata in PostgreSQL
# (one database per test class on the PostgreSQL server the tests start themselves, tests/Depot.Testing/TestMetadata.cs)
# and file contents in S3 (one bucket per server on the Ceph RGW the tests start themselves, tests/Depot.Testing/TestStorage.cs).
# The Core contract suites (both metadata backends, both blob stores) and the two-node tests already ran above; the two
# switches are independent, and this pass covers both deployments' other halves at once to keep the run short.
# The two run side by side: the crash tests spend most of their time waiting out the orphan grace period.
export DEPOT_TEST_METADATA=postgres DEPOT_TEST_STORAGE=s3
status=0
dotnet test tests/Depot.Server.Tests -c Release --no-build --logger "console;verbosity=minimal" "$@" & server=$!
dotnet test tests/Depot.System.Tests -c Release --no-build --logger "console;verbosity=minimal" --filter "FullyQualifiedName~CrashTests|FullyQualifiedName~DisconnectTests" "$@" & crash=$!
wait "$server" || status=1
wait "$crash" || status=1
exit "$status"
