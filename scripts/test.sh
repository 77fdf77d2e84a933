#!/usr/bin/env bash
# npm test: everything the tests need, from a fresh clone — npm packages, the local stack (Kafka and
# Apicurio from Maven Central; PostgreSQL from DATABASE_URL or 127.0.0.1:5432), a build — then the three
# tiers against the real stack. The stack is left running for the next run (npm run stack:down stops it).
set -euo pipefail
cd "$(dirname "$0")/.."
export NX_NO_CLOUD=true NX_DAEMON=false KAFKAJS_NO_PARTITIONER_WARNING=1
started=$(date +%s)
step() { printf '\n== %s (%ss)\n' "$1" "$(( $(date +%s) - started ))"; }

step "dependencies"
bash scripts/ensure-deps.sh
step "local stack"
node deploy/local/stack.mjs up
step "build"
node scripts/build.mjs
step "type check"
npx tsc -p tsconfig.json --noEmit
step "lint and formatting"
npx nx show projects >/dev/null
npx eslint . --max-warnings=0
npx prettier --check . --log-level warn
step "contract types are generated from schemas/"
node dist/scripts/src/generate-contract-types.js --check
step "schemas are compatible with the registered history"
node dist/scripts/src/check-schemas.js
step "unit tests"
npx jest --selectProjects unit --ci
step "integration tests (real Kafka, registry, PostgreSQL)"
npx jest --selectProjects integration --ci --runInBand --forceExit
step "e2e tests (every service as a process, NetSuite simulator)"
npx jest --selectProjects e2e --ci --runInBand --forceExit
step "all tests passed"
