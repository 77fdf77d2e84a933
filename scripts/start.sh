#!/usr/bin/env bash
# npm start: installs what is missing, brings the stack up, builds, runs the NetSuite simulator and every
# service, onboards the demo tenant, sends demo events and prints where to look. Ctrl-C stops the services
# (the stack keeps running; npm run stack:down stops it).
set -euo pipefail
cd "$(dirname "$0")/.."
export NX_NO_CLOUD=true NX_DAEMON=false KAFKAJS_NO_PARTITIONER_WARNING=1
bash scripts/ensure-deps.sh
node deploy/local/stack.mjs up
node scripts/build.mjs
exec node --enable-source-maps dist/scripts/src/run-demo.js "$@"
