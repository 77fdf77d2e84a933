#!/usr/bin/env bash
# Installs the Debian packages the observability checks need, when they are missing, so a fresh clone's
# npm test works: prometheus (prometheus + promtool: rule checks and the dashboard-query test),
# python3-confluent-kafka with python3-avro and python3-requests (the analysts' Python example, run against
# the stack), kcat (the analysts' raw-inspection example) and docker-compose (scripts/check-compose.sh validates
# docker-compose.yml with it; it needs no Docker engine) and chromium with fonts-liberation (the ops console's
# browser test drives Debian's Chromium headless through playwright-core; nothing downloads a browser). Idempotent and quiet: it does nothing when
# everything is there. Needs root (or sudo) and apt; elsewhere it says what to install and fails.
set -euo pipefail

packages=(prometheus python3-confluent-kafka python3-avro python3-requests kcat docker-compose chromium fonts-liberation)

installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'; }

missing=()
for package in "${packages[@]}"; do installed "$package" || missing+=("$package"); done
[ ${#missing[@]} -eq 0 ] && exit 0

if ! command -v apt-get >/dev/null 2>&1; then
  echo "tools: missing ${missing[*]} and no apt-get here: install them with your package manager" >&2
  exit 1
fi
as_root=()
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null 2>&1 || { echo "tools: missing ${missing[*]}: run as root or install them" >&2; exit 1; }
  as_root=(sudo -n)
fi

echo "tools: installing ${missing[*]}…"
apt_options=(-qq -o DPkg::Lock::Timeout=600 -o Dpkg::Use-Pty=0)
log=$(mktemp)
trap 'rm -f "$log"' EXIT
# A machine's package lists may be missing or stale; refresh them once before installing.
if ! "${as_root[@]}" apt-get "${apt_options[@]}" update >"$log" 2>&1; then
  cat "$log" >&2
  exit 1
fi
# The prometheus package would start a server of its own where an init system runs: it must not, the
# tests start their own. policy-rc.d is how Debian asks package scripts not to start services.
policy=/usr/sbin/policy-rc.d
added_policy=''
if [ ! -e "$policy" ]; then
  printf '#!/bin/sh\nexit 101\n' | "${as_root[@]}" tee "$policy" >/dev/null
  "${as_root[@]}" chmod +x "$policy"
  added_policy=1
fi
status=0
DEBIAN_FRONTEND=noninteractive "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive \
  apt-get "${apt_options[@]}" install -y --no-install-recommends "${missing[@]}" >"$log" 2>&1 || status=$?
[ -n "$added_policy" ] && "${as_root[@]}" rm -f "$policy"
if [ $status -ne 0 ]; then
  cat "$log" >&2
  exit $status
fi
