#!/usr/bin/env bash
# Installs npm packages when node_modules is missing or older than package-lock.json.
# `npm install`, not `npm ci`: npm 11 leaves other platforms' optional packages (@swc/core-darwin-*, …)
# out of a lock file made on Linux and `npm ci` then refuses it; `npm install` keeps the locked versions.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "deps: installing npm packages (locked versions)…"
  npm install --no-audit --no-fund --loglevel=error
fi
