/**
 * Rules every manifest the Ferry chart renders must keep, checked on `helm template` output by
 * scripts/check-helm.sh (after the Kubernetes API schemas): Pod Security "restricted", the chart's own promises
 * (standard labels, names within 63 characters, read-only root with a writable /tmp, probes that fit start-up,
 * Deployments that roll without dropping below their replica count, HPAs capped at the partition count). Pure
 * functions over parsed objects.
 */
export interface Manifest {
  apiVersion?: string;
  kind?: string;
  metadata?: { name?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  spec?: Record<string, unknown>;
}

export interface Finding {
  object: string;
  problem: string;
}

type Json = Record<string, unknown>;

const STANDARD_LABELS = [
  'app.kubernetes.io/name',
  'app.kubernetes.io/instance',
  'app.kubernetes.io/version',
  'app.kubernetes.io/managed-by',
  'helm.sh/chart',
] as const;

/** Volume types Pod Security "restricted" allows. */
const RESTRICTED_VOLUME_TYPES = new Set([
  'configMap',
  'csi',
  'downwardAPI',
  'emptyDir',
  'ephemeral',
  'persistentVolumeClaim',
  'projected',
  'secret',
]);

/** Longest a Ferry service may take before its HTTP server listens, beyond STARTUP_WAIT_SECONDS (topics, schemas, migrations). */
export const STARTUP_WORK_SECONDS = 60;

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

function asObject(value: unknown): Json | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : undefined;
}

function asArray(value: unknown): Json[] {
  return Array.isArray(value) ? value.map((item) => asObject(item) ?? {}) : [];
}

export function describeObject(manifest: Manifest): string {
  return `${manifest.kind ?? '?'}/${manifest.metadata?.name ?? '?'}`;
}

/** The pod template of a workload, with the labels on it, or undefined for objects that run no pod. */
export function podTemplateOf(manifest: Manifest): { labels: Record<string, string>; spec: Json } | undefined {
  const template = asObject(manifest.spec?.['template']);
  const spec = asObject(template?.['spec']);
  if (!template || !spec) return undefined;
  const labels = (asObject(asObject(template['metadata'])?.['labels']) ?? {}) as Record<string, string>;
  return { labels, spec };
}

/** Standard labels and names that fit Kubernetes (63 characters, DNS label) on every object and pod template. */
export function metadataProblems(manifest: Manifest): string[] {
  const problems: string[] = [];
  const name = manifest.metadata?.name ?? '';
  if (name.length > 63) problems.push(`name is ${name.length} characters (at most 63)`);
  if (!DNS_LABEL.test(name)) problems.push(`name "${name}" is not a DNS label`);
  const labels = manifest.metadata?.labels ?? {};
  for (const label of STANDARD_LABELS) if (!labels[label]) problems.push(`label ${label} missing`);
  for (const [label, value] of Object.entries(labels))
    if (String(value).length > 63) problems.push(`label ${label} value over 63 characters`);
  const pod = podTemplateOf(manifest);
  if (pod) for (const label of STANDARD_LABELS) if (!pod.labels[label]) problems.push(`pod template label ${label} missing`);
  return problems;
}

/**
 * Pod Security Standards, "restricted" profile (which includes "baseline"), for one pod spec: what the admission
 * controller of a namespace labelled pod-security.kubernetes.io/enforce=restricted would refuse.
 */
export function restrictedPodSecurityProblems(spec: Json): string[] {
  const problems: string[] = [];
  const pod = asObject(spec['securityContext']) ?? {};
  for (const field of ['hostNetwork', 'hostPID', 'hostIPC'] as const) if (spec[field] === true) problems.push(`${field} is true`);
  for (const volume of asArray(spec['volumes'])) {
    const type = Object.keys(volume).find((key) => key !== 'name');
    if (!type || !RESTRICTED_VOLUME_TYPES.has(type))
      problems.push(`volume ${String(volume['name'])} of type ${type ?? 'none'} is not allowed`);
  }
  if (asArray(pod['sysctls']).length > 0) problems.push('pod sysctls are set');
  const containers = [...asArray(spec['initContainers']), ...asArray(spec['containers']), ...asArray(spec['ephemeralContainers'])];
  for (const container of containers) {
    const name = `container ${String(container['name'])}`;
    const own = asObject(container['securityContext']) ?? {};
    if (own['privileged'] === true) problems.push(`${name} is privileged`);
    if (own['allowPrivilegeEscalation'] !== false) problems.push(`${name}: allowPrivilegeEscalation must be false`);
    if ((own['runAsNonRoot'] ?? pod['runAsNonRoot']) !== true) problems.push(`${name}: runAsNonRoot must be true`);
    if ((own['runAsUser'] ?? pod['runAsUser']) === 0) problems.push(`${name}: runAsUser must not be 0`);
    const seccomp = String(asObject(own['seccompProfile'] ?? pod['seccompProfile'])?.['type'] ?? '');
    if (seccomp !== 'RuntimeDefault' && seccomp !== 'Localhost')
      problems.push(`${name}: seccompProfile must be RuntimeDefault or Localhost`);
    const capabilities = asObject(own['capabilities']) ?? {};
    const dropped = Array.isArray(capabilities['drop']) ? capabilities['drop'].map(String) : [];
    if (!dropped.includes('ALL')) problems.push(`${name}: capabilities must drop ALL`);
    const added = Array.isArray(capabilities['add']) ? capabilities['add'].map(String) : [];
    for (const capability of added) if (capability !== 'NET_BIND_SERVICE') problems.push(`${name}: capability ${capability} added`);
    for (const port of asArray(container['ports'])) if (port['hostPort']) problems.push(`${name}: hostPort ${String(port['hostPort'])}`);
    const procMount = own['procMount'];
    if (procMount !== undefined && procMount !== 'Default') problems.push(`${name}: procMount ${String(procMount)}`);
  }
  return problems;
}

/** Ferry's own hardening beyond "restricted": read-only root filesystem with a writable /tmp from an emptyDir. */
export function filesystemProblems(spec: Json): string[] {
  const problems: string[] = [];
  const emptyDirs = new Set(
    asArray(spec['volumes'])
      .filter((volume) => volume['emptyDir'])
      .map((volume) => String(volume['name'])),
  );
  for (const container of [...asArray(spec['initContainers']), ...asArray(spec['containers'])]) {
    const name = `container ${String(container['name'])}`;
    if (asObject(container['securityContext'])?.['readOnlyRootFilesystem'] !== true)
      problems.push(`${name}: readOnlyRootFilesystem must be true`);
    const tmp = asArray(container['volumeMounts']).find((mount) => mount['mountPath'] === '/tmp');
    if (!tmp || !emptyDirs.has(String(tmp['name']))) problems.push(`${name}: /tmp must be an emptyDir mount`);
  }
  return problems;
}

function envValue(container: Json, variable: string): string | undefined {
  const entry = asArray(container['env']).find((env) => env['name'] === variable);
  return entry && typeof entry['value'] === 'string' ? entry['value'] : undefined;
}

/**
 * A service's probes: startup, readiness on /health/ready and liveness on /health/live, each with a timeout above
 * the 1 s default; the startup probe outlasts STARTUP_WAIT_SECONDS plus the topic/schema/migration work.
 */
export function probeProblems(container: Json): string[] {
  const problems: string[] = [];
  const expected = { startupProbe: undefined, readinessProbe: '/health/ready', livenessProbe: '/health/live' } as const;
  for (const [probeName, path] of Object.entries(expected)) {
    const probe = asObject(container[probeName]);
    if (!probe) {
      problems.push(`${probeName} missing`);
      continue;
    }
    const probePath = asObject(probe['httpGet'])?.['path'];
    if (path && probePath !== path) problems.push(`${probeName} must GET ${path}, not ${String(probePath)}`);
    if (Number(probe['timeoutSeconds'] ?? 1) < 2)
      problems.push(`${probeName}: timeoutSeconds ${String(probe['timeoutSeconds'] ?? 1)} is under 2 s`);
  }
  const startup = asObject(container['startupProbe']);
  if (startup) {
    const allowed = Number(startup['periodSeconds'] ?? 10) * Number(startup['failureThreshold'] ?? 3);
    const wait = Number(envValue(container, 'STARTUP_WAIT_SECONDS') ?? 30);
    if (allowed < wait + STARTUP_WORK_SECONDS) {
      problems.push(`startupProbe allows ${allowed} s, under STARTUP_WAIT_SECONDS (${wait}) + ${STARTUP_WORK_SECONDS} s of start-up work`);
    }
  }
  return problems;
}

/**
 * A Deployment's update: rolling, never below its replica count (maxUnavailable 0). Every process may overlap old
 * and new pods now, inbound-sync and reconciliation included: their once-only work is held by a lease (SingletonLease
 * in libs/database), so Recreate would only add a pause.
 */
export function strategyProblems(manifest: Manifest): string[] {
  const strategy = asObject(manifest.spec?.['strategy']);
  if (strategy?.['type'] !== 'RollingUpdate') return [`strategy must be RollingUpdate, not ${String(strategy?.['type'])}`];
  const maxUnavailable = asObject(strategy['rollingUpdate'])?.['maxUnavailable'];
  return maxUnavailable === 0 ? [] : [`rollingUpdate.maxUnavailable must be 0, not ${String(maxUnavailable)}`];
}

/** Findings across one rendered release: every per-object rule plus the ones that relate objects to each other. */
export function chartFindings(manifests: Manifest[]): Finding[] {
  const findings: Finding[] = [];
  const add = (manifest: Manifest, problems: string[]) =>
    problems.forEach((problem) => findings.push({ object: describeObject(manifest), problem }));
  const deployments = new Map<string, Manifest>();
  const seen = new Set<string>();
  for (const manifest of manifests) {
    // Truncated names must stay distinct (delivery-netsuite and delivery-netsuite-soap under a long release name).
    if (seen.has(describeObject(manifest))) add(manifest, ['rendered twice under one name']);
    seen.add(describeObject(manifest));
    add(manifest, metadataProblems(manifest));
    const pod = podTemplateOf(manifest);
    if (pod) {
      add(manifest, restrictedPodSecurityProblems(pod.spec));
      add(manifest, filesystemProblems(pod.spec));
      if (pod.spec['automountServiceAccountToken'] !== false) add(manifest, ['automountServiceAccountToken must be false']);
    }
    if (manifest.kind !== 'Deployment' || !pod) continue;
    deployments.set(manifest.metadata?.name ?? '', manifest);
    for (const container of asArray(pod.spec['containers']))
      add(
        manifest,
        probeProblems(container).map((problem) => `container ${String(container['name'])}: ${problem}`),
      );
    add(manifest, strategyProblems(manifest));
  }
  for (const manifest of manifests.filter((candidate) => candidate.kind === 'HorizontalPodAutoscaler')) {
    const target = String(asObject(manifest.spec?.['scaleTargetRef'])?.['name'] ?? '');
    const deployment = deployments.get(target);
    const container = deployment && asArray(podTemplateOf(deployment)?.spec['containers'])[0];
    if (!container) {
      add(manifest, [`scales ${target}, which is not a rendered Deployment`]);
      continue;
    }
    const partitions = Number(envValue(container, 'KAFKA_TOPIC_PARTITIONS') ?? 6);
    const maxReplicas = Number(manifest.spec?.['maxReplicas']);
    if (maxReplicas > partitions) add(manifest, [`maxReplicas ${maxReplicas} exceeds the ${partitions} topic partitions`]);
  }
  return findings;
}
