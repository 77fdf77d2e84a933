#!/usr/bin/env bash
# docker-compose.yml, checked without a Docker engine: Debian's docker-compose parses and validates it against the
# Compose schema (`docker-compose config`), then the file must keep its promises: one image for every Ferry process
# and simulator, built once; a healthcheck on each of them; Kafka and PostgreSQL data in named volumes; the services
# waiting for the provisioning run, which migrates every database after the topics and schemas. A Compose file with
# an unknown key must be refused (the check checks itself).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-tools.sh
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# The secrets compose requires, with throwaway values: only the file is checked.
export FERRY_SECRETS_KEYRING=check:placeholder FERRY_OPERATOR_TOKEN=placeholder-operator-token-for-config
docker-compose -f docker-compose.yml config >"$work/resolved.yml"

node - "$work/resolved.yml" <<'NODE'
const { readFileSync } = require('node:fs');
const YAML = require('yaml');
const { services, volumes = {} } = YAML.parse(readFileSync(process.argv[2], 'utf8'));
const problems = [];
const ferry = Object.entries(services).filter(([, service]) => /\bSERVICE\b/.test(JSON.stringify(service.environment ?? {})));
const images = new Set(ferry.map(([, service]) => service.image));
if (images.size !== 1) problems.push(`Ferry containers use ${images.size} images (${[...images].join(', ')}), not one`);
const builds = Object.entries(services).filter(([, service]) => service.build).map(([name]) => name);
if (builds.length !== 1) problems.push(`the image is built by ${builds.length} services (${builds.join(', ')}), not one`);
for (const [name, service] of ferry) if (!service.healthcheck?.test) problems.push(`${name} has no healthcheck`);
for (const [name, path] of [['kafka', '/var/lib/kafka/data'], ['postgres', '/var/lib/postgresql/data']]) {
  const mount = (services[name]?.volumes ?? []).find((volume) => (typeof volume === 'string' ? volume.split(':')[1] : volume.target) === path);
  const source = typeof mount === 'string' ? mount.split(':')[0] : mount?.source;
  if (!source || !(source in volumes)) problems.push(`${name} keeps ${path} outside a named volume`);
}
const provision = services.provision;
if (!/register-schemas\.js[\s\S]*&& node dist\/scripts\/src\/migrate\.js/.test(JSON.stringify(provision?.command ?? '')))
  problems.push('provision does not run the migrations (migrate.js) after the schemas');
if (provision?.depends_on?.postgres?.condition !== 'service_healthy') problems.push('provision does not wait for PostgreSQL');
for (const [name, service] of ferry.filter(([, service]) => service.depends_on?.kafka)) {
  if (service.depends_on.provision?.condition !== 'service_completed_successfully') problems.push(`${name} does not wait for provision`);
}
if (problems.length > 0) {
  console.error(`compose: ${problems.length} problems\n${problems.map((problem) => `  ${problem}`).join('\n')}`);
  process.exit(1);
}
console.log(`compose: ${ferry.length} Ferry containers on one image, each with a healthcheck; named volumes for Kafka and PostgreSQL`);
NODE

# The validation is real: the same file with an unknown key in a service must be refused.
sed 's/^  ingestion:$/  ingestion:\n    replica: 2/' docker-compose.yml >"$work/docker-compose.yml"
if docker-compose -f "$work/docker-compose.yml" --project-directory . config -q 2>"$work/refusal.txt"; then
  echo "compose: an unknown key was NOT refused" >&2
  exit 1
fi
echo "compose: refused as expected: $(tr '\n' ' ' <"$work/refusal.txt" | cut -c1-240)"
