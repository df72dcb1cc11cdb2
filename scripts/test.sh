#!/usr/bin/env bash
# Runs every Depot test on a fresh Debian machine with the .NET 10 SDK: installs what the tests need
# (apt packages), builds, and runs the whole suite. Usage: ./scripts/test.sh [extra dotnet test args]
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
for pkg in sqlite3 litmus rclone cadaver; do
  dpkg -s "$pkg" >/dev/null 2>&1 || need+=("$pkg")
done
if [ ${#need[@]} -gt 0 ]; then
  sudo_cmd=""; [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq "${need[@]}"
fi

dotnet build Depot.slnx -c Release
dotnet test Depot.slnx -c Release --no-build --logger "console;verbosity=normal" "$@"
