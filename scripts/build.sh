#!/usr/bin/env bash
# Compiles the workspace into dist/ (swc; type checking is `npm run typecheck`).
set -euo pipefail
cd "$(dirname "$0")/.."
node scripts/build.mjs
