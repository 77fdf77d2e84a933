#!/usr/bin/env bash
# The checks and test tiers of npm test, against the stack whose addresses are in the environment (or the
# local defaults). scripts/test.sh decides where that stack comes from.
set -euo pipefail
cd "$(dirname "$0")/.."
started=$(date +%s)
step() { printf '\n== %s (%ss)\n' "$1" "$(( $(date +%s) - started ))"; }

step "type check"
npx tsc -p tsconfig.json --noEmit
npx tsc -p apps/console/tsconfig.json --noEmit
step "lint and formatting"
npx nx show projects >/dev/null
npx eslint . --max-warnings=0
npx prettier --check . --log-level warn
step "OpenAPI documents: linted with Redocly's CLI (redocly.yaml), generated clients up to date"
npm run --silent api:lint
npm run --silent api:check
step "known high/critical advisories in production dependencies (offline: security/advisories + .ferry/advisories)"
node dist/scripts/src/audit-dependencies.js
step "contract types are generated from schemas/"
node dist/scripts/src/generate-contract-types.js --check
step "schemas are compatible with the registered history"
node dist/scripts/src/with-stack-credentials.js node dist/scripts/src/check-schemas.js
step "observability as code: alert rules with promtool, Prometheus config (no stack needed)"
bash scripts/check-observability.sh
step "deployment as code: Helm chart with the real Helm and Kubernetes schemas, docker-compose (no stack needed)"
bash scripts/check-helm.sh
bash scripts/check-compose.sh
step "unit tests"
npx jest --selectProjects unit --ci
step "integration tests (real Kafka, registry, PostgreSQL)"
npx jest --selectProjects integration --ci --runInBand --forceExit
step "e2e tests (every service as a process, ERP simulators)"
npx jest --selectProjects e2e --ci --runInBand --forceExit
# Last: it stops and restarts the Kafka broker and kills processes. FERRY_FAULTS=crash,poison,… runs a subset.
step "fault-injection suite (crashes, Kafka and PostgreSQL restarts, ERP outages; prints its table)"
npx jest --selectProjects faults --ci --runInBand --forceExit
step "all tests passed"
