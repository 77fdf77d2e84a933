#!/usr/bin/env bash
# Fails when a generated API client type file (libs/api-clients/src/generated) is not what openapi-typescript makes of
# today's OpenAPI documents. openapi-typescript's own --check stops at the first up-to-date API when redocly.yaml lists
# several, so this generates every one into a scratch directory and compares. Its flags must be api:generate's:
# --default-non-nullable false keeps a request field with a default optional, as the services treat it.
set -euo pipefail
cd "$(dirname "$0")/.."
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
sed -e "s#root: #root: $PWD/#" -e "s#output: libs/api-clients/src/generated/#output: $scratch/generated/#" redocly.yaml >"$scratch/redocly.yaml"
npx openapi-typescript --default-non-nullable false --redocly "$scratch/redocly.yaml" >/dev/null
if ! diff -r -q "$scratch/generated" libs/api-clients/src/generated; then
  echo "api:check: generated API clients are out of date with the OpenAPI documents; run npm run api:generate" >&2
  exit 1
fi
echo "api:check: generated API clients are up to date"
