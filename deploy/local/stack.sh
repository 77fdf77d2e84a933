#!/usr/bin/env bash
# npm run stack:up | stack:down | stack:status — see stack.mjs.
set -euo pipefail
cd "$(dirname "$0")/../.."
bash scripts/ensure-deps.sh
exec node deploy/local/stack.mjs "$@"
