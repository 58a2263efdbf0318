#!/usr/bin/env bash
# Speed benchmark of the simulator (issue 8 targets: 20 min <= 10 s, 8 h >= 200x real time on one core).
# Usage: bash tools/Bedside.Sim/bench.sh [scenario]   (from the repository root; writes only to a temp folder)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
scenario="${1:-restless}"
dotnet build -c Release "$here/Bedside.Sim.csproj" -nologo -v q >/dev/null
dll="$here/bin/Release/net10.0/Bedside.Sim.dll"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
for minutes in 20 480; do
  start=$(date +%s.%N)
  taskset -c 0 dotnet "$dll" session --minutes "$minutes" --scenario "$scenario" --out "$tmp/m$minutes" | tail -n 1
  end=$(date +%s.%N)
  awk -v m="$minutes" -v s="$start" -v e="$end" 'BEGIN { w = e - s; printf "%d min: %.2f s wall incl. process start (%.0fx real time)\n", m, w, m * 60 / w }'
  rm -rf "$tmp/m$minutes"
done
