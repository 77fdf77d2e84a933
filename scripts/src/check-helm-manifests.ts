import { existsSync, readFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { cliArgs } from './cli-args';
import { chartFindings, describeObject, type Manifest } from './helm/manifest-rules';

/**
 * node dist/scripts/src/check-helm-manifests.js --file rendered.yaml [--require-kinds Kind,Kind]
 * Validates every object of a `helm template` output against the Kubernetes API schemas (npm kubernetes-models,
 * and @kubernetes-models/prometheus-operator for ServiceMonitor and PrometheusRule), then against the chart's
 * rules (scripts/src/helm/manifest-rules.ts: Pod Security "restricted", labels, names, probes, singletons, HPA
 * caps). Exits 1 listing every problem. Run by scripts/check-helm.sh.
 */
interface Validatable {
  validate(): void;
}
type ModelClass = new (data: unknown) => Validatable;

/** Model packages per API group; the core group (apiVersion "v1") is in kubernetes-models too. */
const MODEL_PACKAGES: Record<string, string> = { 'monitoring.coreos.com': '@kubernetes-models/prometheus-operator' };

// The model packages export only ESM entry points by subpath ("import" condition): load their files by path
// (Node 20.19+ requires ES modules), from the repository's node_modules or a NODE_PATH entry.
const roots = [join(__dirname, '..', '..', '..', 'node_modules'), ...(process.env['NODE_PATH'] ?? '').split(delimiter).filter(Boolean)];

function modelFile(apiVersion: string, kind: string): string | undefined {
  const group = apiVersion.includes('/') ? apiVersion.split('/')[0]! : '';
  const packageName = MODEL_PACKAGES[group] ?? 'kubernetes-models';
  const root = roots.find((candidate) => existsSync(join(candidate, packageName, 'package.json')));
  if (!root) throw new Error(`${packageName} is not installed (npm install): it holds the Kubernetes API schemas`);
  const file = join(root, packageName, apiVersion, `${kind}.js`);
  return existsSync(file) ? file : undefined;
}

function schemaProblems(manifest: Manifest): string[] {
  const file = modelFile(manifest.apiVersion ?? '', manifest.kind ?? '');
  if (!file) return [`no Kubernetes schema for ${manifest.apiVersion ?? '?'} ${manifest.kind ?? '?'}`];
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- an ES module chosen by apiVersion and kind at run time
  const model = (require(file) as Record<string, ModelClass>)[manifest.kind!];
  if (!model) return [`${file} exports no ${manifest.kind}`];
  try {
    new model(manifest).validate();
    return [];
  } catch (error) {
    return [`schema: ${(error as Error).message}`];
  }
}

function main(): void {
  const args = cliArgs();
  const file = args['file'];
  if (!file) throw new Error('--file <rendered.yaml> is required');
  const documents = parseAllDocuments(readFileSync(file, 'utf8'));
  const manifests: Manifest[] = [];
  const problems: string[] = [];
  for (const document of documents) {
    for (const error of document.errors) problems.push(`YAML: ${error.message}`);
    const manifest = document.toJSON() as Manifest | null;
    if (manifest) manifests.push(manifest);
  }
  for (const manifest of manifests)
    for (const problem of schemaProblems(manifest)) problems.push(`${describeObject(manifest)}: ${problem}`);
  for (const finding of chartFindings(manifests)) problems.push(`${finding.object}: ${finding.problem}`);
  const kinds = new Set(manifests.map((manifest) => manifest.kind));
  for (const kind of (args['require-kinds'] ?? '').split(',').filter(Boolean)) if (!kinds.has(kind)) problems.push(`no ${kind} rendered`);
  if (problems.length > 0) {
    process.stderr.write(
      `check-helm-manifests: ${file}: ${problems.length} problems\n${problems.map((problem) => `  ${problem}`).join('\n')}\n`,
    );
    process.exit(1);
  }
  process.stdout.write(
    `check-helm-manifests: ${file}: ${manifests.length} objects valid (Kubernetes schemas, Pod Security restricted, chart rules)\n`,
  );
}

try {
  main();
} catch (error) {
  process.stderr.write(`check-helm-manifests: ${(error as Error).message}\n`);
  process.exit(1);
}
