#!/usr/bin/env bash
# Observability as code, without the stack: Ferry's alert rules checked and unit-tested with promtool (every
# alert firing and not firing), and the compose Prometheus config. The dashboards are checked against
# @grafana/schema in the unit tier (scripts/src/grafana-dashboards.spec.ts); every dashboard and rule query runs on
# a real Prometheus scraping Ferry in the e2e tier (e2e/observability).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-tools.sh
promtool check rules deploy/prometheus/rules/ferry.rules.yml
promtool test rules deploy/prometheus/rules/ferry.rules.test.yml
# The compose config names the rules by their path in the container; check it with the path in the repository.
config=$(mktemp --suffix=.yml)
trap 'rm -f "$config"' EXIT
sed "s#/etc/prometheus/rules/#$PWD/deploy/prometheus/rules/#" deploy/prometheus/prometheus.yml >"$config"
promtool check config "$config" >/dev/null
echo "observability: rules, rule tests and Prometheus config OK"
