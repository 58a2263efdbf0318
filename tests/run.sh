#!/usr/bin/env bash
# The whole test suite on a fresh machine (the README's test command; .ci/run calls exactly this):
#  1. the browser tests need Chromium: the Debian package is installed when /usr/bin/chromium is missing
#     (as root, or through sudo without a password); BEDSIDE_CHROMIUM names another Chromium instead;
#  2. dotnet test Bedside.sln (restores from NuGet; the console tests publish the console themselves).
# Extra arguments go to dotnet test (e.g. --filter ...). Runs unattended (no stdin needed).
set -euo pipefail
cd "$(dirname "$0")/.."

chromium="${BEDSIDE_CHROMIUM:-/usr/bin/chromium}"
if [ ! -x "$chromium" ]; then
  echo "tests: installing headless Chromium (Debian package 'chromium') for the console's browser tests" >&2
  if [ "$(id -u)" -eq 0 ]; then as_root=(); elif sudo -n true 2>/dev/null; then as_root=(sudo -n); else
    echo "tests: Chromium is missing and cannot be installed (not root, no password-less sudo): run 'apt-get install -y chromium' as root or set BEDSIDE_CHROMIUM" >&2
    exit 1
  fi
  export DEBIAN_FRONTEND=noninteractive
  "${as_root[@]}" apt-get update -qq </dev/null
  "${as_root[@]}" apt-get install -y -qq chromium </dev/null >/dev/null
  if [ ! -x "$chromium" ]; then echo "tests: Chromium installation failed ($chromium still missing)" >&2; exit 1; fi
fi

exec dotnet test Bedside.sln "$@" </dev/null
