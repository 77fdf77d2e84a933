#!/usr/bin/env bash
# The Helm chart, checked with the real Helm and without a cluster: helm-java (Maven Central) bundles Helm's own code
# as a native library, fetched by helm/tools/pom.xml into deploy/local/target/helm-java and driven by
# helm/tools/HelmCli.java. Steps:
#   1. helm lint --strict;
#   2. helm template with the default values and with helm/ferry/ci/production-values.yaml (managed Kafka over
#      SASL_SSL, existing secrets, HPAs, ServiceMonitor, NetworkPolicy, Ingress), plus NOTES.txt rendered by a
#      client-only dry-run install;
#   3. every rendered object validated against the Kubernetes API schemas and the chart's rules, Pod Security
#      "restricted" among them (scripts/src/check-helm-manifests.ts);
#   4. values the chart must refuse (wrong types, unknown keys, negative replicas): each must fail.
# Needs: java, mvn (Maven Central), node with dist/ built (node scripts/build.mjs) and npm packages installed.
set -euo pipefail
cd "$(dirname "$0")/.."
chart=helm/ferry
tools=deploy/local/target/helm-java
kube_version=1.31.0

if ! ls "$tools"/lib/linux-amd64-*.jar >/dev/null 2>&1 || [ helm/tools/pom.xml -nt "$tools/lib" ]; then
  echo "helm: fetching helm-java (Maven Central)…"
  rm -rf "$tools/lib"
  mvn -q -B -f helm/tools/pom.xml package
fi
classpath=$(printf '%s:' "$tools"/lib/*.jar)
# Compiled once per change of HelmCli.java: a single-file launch would recompile it on every call.
if [ ! -f "$tools/classes/HelmCli.class" ] || [ helm/tools/HelmCli.java -nt "$tools/classes/HelmCli.class" ]; then
  javac -d "$tools/classes" -cp "$classpath" helm/tools/HelmCli.java
fi
# Helm notes each symlinked file it follows (files/ links to deploy/); that is expected, not worth a line each.
helm() { java -cp "$classpath$tools/classes" HelmCli "$@" 2> >(grep -v 'found symbolic link in path' >&2); }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

echo "helm: $(helm version) lint"
helm lint "$chart"

# helmHook=false renders the provisioning Job as a plain object: helm template (this Helm library's) leaves hooks out.
render() {
  local name=$1
  shift
  helm template "$chart" --name ferry --namespace ferry --kube-version "$kube_version" --set provisioning.helmHook=false "$@" >"$work/$name.yaml"
}
render default
node dist/scripts/src/check-helm-manifests.js --file "$work/default.yaml" --require-kinds Deployment,Service,ServiceAccount,PodDisruptionBudget,Job
render production -f "$chart/ci/production-values.yaml"
node dist/scripts/src/check-helm-manifests.js --file "$work/production.yaml" \
  --require-kinds Deployment,Service,ServiceAccount,PodDisruptionBudget,Job,HorizontalPodAutoscaler,ServiceMonitor,PrometheusRule,NetworkPolicy,Ingress
# The same with the Job as the hook it is by default: it must still render (and lint above saw it).
helm template "$chart" --name ferry --kube-version "$kube_version" -f "$chart/ci/production-values.yaml" >/dev/null
# inbound-sync and reconciliation scaled out (their once-only work is held by leases): rolled, with a PDB and an HPA.
render lease-holders --set services.inbound-sync.replicas=3 --set services.reconciliation.autoscaling.enabled=true
node dist/scripts/src/check-helm-manifests.js --file "$work/lease-holders.yaml" --require-kinds Deployment,PodDisruptionBudget,HorizontalPodAutoscaler
grep -q 'name: ferry-inbound-sync$' <(awk '/^kind: PodDisruptionBudget/{pdb=1} pdb && /^  name:/{print; pdb=0}' "$work/lease-holders.yaml") ||
  { echo "helm: inbound-sync with 3 replicas got no PodDisruptionBudget" >&2; exit 1; }
grep -q 'name: migrate$' "$work/default.yaml" || { echo "helm: the provisioning Job does not run the migrations" >&2; exit 1; }
# A release name long enough to need the 63-character cut on every name.
long_name=ferry-$(printf 'x%.0s' {1..47})
helm template "$chart" --name "$long_name" --kube-version "$kube_version" --set provisioning.helmHook=false \
  --set services.delivery-netsuite-soap.enabled=true --set observability.serviceMonitor.enabled=true >"$work/long-name.yaml"
node dist/scripts/src/check-helm-manifests.js --file "$work/long-name.yaml"
helm notes "$chart" --name ferry --namespace ferry --kube-version "$kube_version" -f "$chart/ci/production-values.yaml" >"$work/notes.txt"
grep -q 'ferry-ingestion:3001' "$work/notes.txt" || { echo "helm: NOTES.txt did not render the services" >&2; exit 1; }

# Values the schema (or a required value) must refuse. Each case: a description, then helm template options.
refused=0
expect_refused() {
  local description=$1
  shift
  if helm template "$chart" --name ferry --kube-version "$kube_version" "$@" >/dev/null 2>"$work/refusal.txt"; then
    echo "helm: NOT refused: $description ($*)" >&2
    refused=1
  else
    echo "helm: refused as expected: $description: $(grep -v -e '^$' -e 'Use --debug' "$work/refusal.txt" | tail -1)"
  fi
}
expect_refused 'a wrong value type (replicas: two)' --set services.ingestion.replicas=two
expect_refused 'an unknown top-level key' --set replicaCount=3
expect_refused 'an unknown key in a service' --set services.ingestion.replica=2
expect_refused 'an unknown service' --set services.ingestoin.enabled=true
expect_refused 'negative replicas' --set services.inbound-sync.replicas=-1
expect_refused 'an HPA without replicas' --set services.reconciliation.autoscaling.minReplicas=0
expect_refused 'runMigrations as a string' --set provisioning.runMigrations=yes
expect_refused 'an unknown SASL mechanism' --set security.kafka.saslMechanism=gssapi
expect_refused 'SASL without a credentials secret' --set security.kafka.saslMechanism=scram-sha-512
[ $refused -eq 0 ] || exit 1
echo "helm: chart lints, renders (default, production, scaled lease holders, long release name), validates and refuses bad values"
