import {
  chartFindings,
  filesystemProblems,
  metadataProblems,
  probeProblems,
  strategyProblems,
  restrictedPodSecurityProblems,
  type Manifest,
} from './manifest-rules';

const restrictedContainer = {
  name: 'app',
  securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } },
  volumeMounts: [{ name: 'tmp', mountPath: '/tmp' }],
};
const restrictedPod = {
  securityContext: { runAsNonRoot: true, runAsUser: 1000, seccompProfile: { type: 'RuntimeDefault' } },
  containers: [restrictedContainer],
  volumes: [{ name: 'tmp', emptyDir: {} }],
};
const withContainer = (securityContext: Record<string, unknown>) => ({
  ...restrictedPod,
  containers: [{ ...restrictedContainer, securityContext: { ...restrictedContainer.securityContext, ...securityContext } }],
});

describe('restrictedPodSecurityProblems (Pod Security "restricted")', () => {
  it.each([
    ['a pod that meets it', restrictedPod, []],
    [
      'privilege escalation left to its default',
      withContainer({ allowPrivilegeEscalation: undefined }),
      ['container app: allowPrivilegeEscalation must be false'],
    ],
    ['capabilities not dropped', withContainer({ capabilities: {} }), ['container app: capabilities must drop ALL']],
    [
      'a capability added',
      withContainer({ capabilities: { drop: ['ALL'], add: ['NET_ADMIN'] } }),
      ['container app: capability NET_ADMIN added'],
    ],
    ['NET_BIND_SERVICE added (allowed)', withContainer({ capabilities: { drop: ['ALL'], add: ['NET_BIND_SERVICE'] } }), []],
    ['root user', withContainer({ runAsUser: 0 }), ['container app: runAsUser must not be 0']],
    ['privileged', withContainer({ privileged: true }), ['container app is privileged']],
    [
      'no runAsNonRoot anywhere',
      { ...restrictedPod, securityContext: { runAsUser: 1000, seccompProfile: { type: 'RuntimeDefault' } } },
      ['container app: runAsNonRoot must be true'],
    ],
    [
      'seccomp Unconfined',
      { ...restrictedPod, securityContext: { runAsNonRoot: true, seccompProfile: { type: 'Unconfined' } } },
      ['container app: seccompProfile must be RuntimeDefault or Localhost'],
    ],
    [
      'seccomp set on the container only',
      { ...withContainer({ seccompProfile: { type: 'RuntimeDefault' } }), securityContext: { runAsNonRoot: true } },
      [],
    ],
    [
      'a hostPath volume',
      { ...restrictedPod, volumes: [{ name: 'host', hostPath: { path: '/' } }] },
      ['volume host of type hostPath is not allowed'],
    ],
    ['host network', { ...restrictedPod, hostNetwork: true }, ['hostNetwork is true']],
  ])('%s', (_case, pod, expected) => {
    expect(restrictedPodSecurityProblems(pod as Record<string, unknown>)).toEqual(expected);
  });
});

describe('filesystemProblems (read-only root, /tmp on an emptyDir)', () => {
  it.each([
    ['read-only root with /tmp on an emptyDir', restrictedPod, []],
    ['a writable root', withContainer({ readOnlyRootFilesystem: false }), ['container app: readOnlyRootFilesystem must be true']],
    [
      'no /tmp mount',
      { ...restrictedPod, containers: [{ ...restrictedContainer, volumeMounts: [] }] },
      ['container app: /tmp must be an emptyDir mount'],
    ],
  ])('%s', (_case, pod, expected) => {
    expect(filesystemProblems(pod as Record<string, unknown>)).toEqual(expected);
  });
});

const probes = {
  env: [{ name: 'STARTUP_WAIT_SECONDS', value: '120' }],
  startupProbe: { httpGet: { path: '/health/live' }, periodSeconds: 5, failureThreshold: 60, timeoutSeconds: 5 },
  readinessProbe: { httpGet: { path: '/health/ready' }, timeoutSeconds: 5 },
  livenessProbe: { httpGet: { path: '/health/live' }, timeoutSeconds: 5 },
};

describe('probeProblems', () => {
  it.each([
    ['probes that fit start-up', probes, []],
    ['no startup probe', { ...probes, startupProbe: undefined }, ['startupProbe missing']],
    [
      'the 1 s default timeout',
      { ...probes, readinessProbe: { httpGet: { path: '/health/ready' } } },
      ['readinessProbe: timeoutSeconds 1 is under 2 s'],
    ],
    [
      'liveness on readiness (a Kafka outage would restart pods)',
      { ...probes, livenessProbe: { httpGet: { path: '/health' }, timeoutSeconds: 5 } },
      ['livenessProbe must GET /health/live, not /health'],
    ],
    [
      'a startup window shorter than the dependency wait',
      { ...probes, startupProbe: { ...probes.startupProbe, failureThreshold: 20 } },
      ['startupProbe allows 100 s, under STARTUP_WAIT_SECONDS (120) + 60 s of start-up work'],
    ],
  ])('%s', (_case, container, expected) => {
    expect(probeProblems(container as Record<string, unknown>)).toEqual(expected);
  });
});

const labels = {
  'app.kubernetes.io/name': 'ferry',
  'app.kubernetes.io/instance': 'r',
  'app.kubernetes.io/version': '0.1.0',
  'app.kubernetes.io/managed-by': 'Helm',
  'helm.sh/chart': 'ferry-0.2.0',
};

describe('metadataProblems', () => {
  it.each([
    ['standard labels and a short name', { kind: 'Service', metadata: { name: 'r-ingestion', labels } }, []],
    ['a name over 63 characters', { kind: 'Service', metadata: { name: 'x'.repeat(64), labels } }, ['name is 64 characters (at most 63)']],
    [
      'no helm.sh/chart label',
      { kind: 'Service', metadata: { name: 'r', labels: { ...labels, 'helm.sh/chart': '' } } },
      ['label helm.sh/chart missing'],
    ],
  ])('%s', (_case, manifest, expected) => {
    expect(metadataProblems(manifest as Manifest)).toEqual(expected);
  });
});

const rolling = { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } };

function deployment(component: string, spec: Record<string, unknown>, partitions = '6'): Manifest {
  const pod = {
    ...restrictedPod,
    automountServiceAccountToken: false,
    containers: [{ ...restrictedContainer, ...probes, env: [...probes.env, { name: 'KAFKA_TOPIC_PARTITIONS', value: partitions }] }],
  };
  const podLabels = { ...labels, 'app.kubernetes.io/component': component };
  return {
    kind: 'Deployment',
    metadata: { name: `r-${component}`, labels: podLabels },
    spec: { strategy: rolling, ...spec, template: { metadata: { labels: podLabels }, spec: pod } },
  };
}
const hpa = (target: string, maxReplicas: number): Manifest => ({
  kind: 'HorizontalPodAutoscaler',
  metadata: { name: target, labels },
  spec: { scaleTargetRef: { name: target }, maxReplicas },
});

describe('strategyProblems (every Deployment rolls without a gap)', () => {
  it.each<[string, Record<string, unknown> | undefined, string[]]>([
    ['rolling, maxUnavailable 0', rolling, []],
    [
      'rolling, maxUnavailable 1',
      { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1 } },
      ['rollingUpdate.maxUnavailable must be 0, not 1'],
    ],
    ['rolling with Kubernetes defaults (25 %)', { type: 'RollingUpdate' }, ['rollingUpdate.maxUnavailable must be 0, not undefined']],
    ['Recreate', { type: 'Recreate' }, ['strategy must be RollingUpdate, not Recreate']],
    ['no strategy (Kubernetes defaults)', undefined, ['strategy must be RollingUpdate, not undefined']],
  ])('%s', (_case, strategy, expected) => {
    expect(strategyProblems({ kind: 'Deployment', spec: strategy ? { strategy } : {} })).toEqual(expected);
  });
});

describe('chartFindings (rules across a release)', () => {
  it.each([
    ['inbound-sync with two replicas, rolling (its work is held by a lease)', [deployment('inbound-sync', { replicas: 2 })], []],
    [
      'reconciliation replaced instead of rolled',
      [deployment('reconciliation', { replicas: 1, strategy: { type: 'Recreate' } })],
      ['Deployment/r-reconciliation: strategy must be RollingUpdate, not Recreate'],
    ],
    ['an HPA on inbound-sync', [deployment('inbound-sync', {}), hpa('r-inbound-sync', 4)], []],
    ['an HPA within the partitions', [deployment('transformation', {}), hpa('r-transformation', 6)], []],
    [
      'an HPA past the partitions',
      [deployment('transformation', {}, '4'), hpa('r-transformation', 6)],
      ['HorizontalPodAutoscaler/r-transformation: maxReplicas 6 exceeds the 4 topic partitions'],
    ],
    [
      'two objects under one name',
      [deployment('ingestion', {}), deployment('ingestion', {})],
      ['Deployment/r-ingestion: rendered twice under one name'],
    ],
    [
      'an HPA on nothing rendered',
      [hpa('r-missing', 2)],
      ['HorizontalPodAutoscaler/r-missing: scales r-missing, which is not a rendered Deployment'],
    ],
  ])('%s', (_case, manifests, expected) => {
    expect(chartFindings(manifests).map((finding) => `${finding.object}: ${finding.problem}`)).toEqual(expected);
  });
});
