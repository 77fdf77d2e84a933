#!/usr/bin/env bash
# npm test: everything the tests need, from a fresh clone — npm packages, a build, and a stack:
#  - addresses given (KAFKA_BROKERS, SCHEMA_REGISTRY_URL, DATABASE_URL): that stack;
#  - none given and a Docker engine answers: containers via testcontainers (scripts/src/with-testcontainers.ts);
#  - otherwise the local stack (Kafka and Apicurio from Maven Central as Java processes, PostgreSQL on
#    127.0.0.1:5432), left running afterwards for the next run (npm run stack:down stops it).
# Then the checks and the three test tiers (scripts/test-tiers.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
export NX_NO_CLOUD=true NX_DAEMON=false KAFKAJS_NO_PARTITIONER_WARNING=1

echo "== dependencies"
bash scripts/ensure-deps.sh
# Debian packages the observability checks and the analysts' examples run with (prometheus, Confluent's Python client, kcat).
bash scripts/ensure-tools.sh
echo "== build"
node scripts/build.mjs

if [ -n "${KAFKA_BROKERS:-}${SCHEMA_REGISTRY_URL:-}${DATABASE_URL:-}" ]; then
  echo "== stack: using the addresses given in the environment"
  exec bash scripts/test-tiers.sh
elif command -v docker >/dev/null 2>&1 && docker info >/dev/null 2>&1; then
  echo "== stack: Docker engine found, starting the stack with testcontainers"
  exec node dist/scripts/src/with-testcontainers.js bash scripts/test-tiers.sh
else
  echo "== stack: no Docker engine, starting the local stack"
  node deploy/local/stack.mjs up
  exec bash scripts/test-tiers.sh
fi
