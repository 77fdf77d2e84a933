import * as avro from 'avsc';
import { compatibilityProblems, type CatalogSubject, type SchemaCatalog } from '@ferry/contracts';
import type { RegistryConnection } from './registry-connection';

export interface SubjectCheck {
  subject: string;
  compatibility: string;
  registeredVersions: number;
  /** What the registry itself answered for the compatibility check (null for a new subject). */
  registryVerdict: boolean | null;
  problems: { field: string; problem: string; againstVersion: number }[];
  ok: boolean;
  note?: string;
}

async function registryJson<T>(
  registry: RegistryConnection,
  path: string,
  init?: { method: 'POST'; body: string },
): Promise<{ status: number; body: T }> {
  const response = await registry.request(path, init);
  if (response.status === 401 || response.status === 403)
    throw new Error(`the registry refused ${path} (${response.status}): check SCHEMA_REGISTRY_USERNAME and SCHEMA_REGISTRY_PASSWORD`);
  return { status: response.status, body: response.json<T>() };
}

/**
 * Checks one subject's schema in the working tree against everything registered for it: the registry gives
 * the verdict under the subject's rule, and the history is also resolved locally to name each offending field.
 */
export async function checkSubject(registry: RegistryConnection, entry: CatalogSubject): Promise<SubjectCheck> {
  const subject = encodeURIComponent(entry.subject);
  const versions = await registryJson<number[] | { error_code?: number }>(registry, `/subjects/${subject}/versions`);
  if (versions.status === 404 || !Array.isArray(versions.body) || versions.body.length === 0) {
    return {
      subject: entry.subject,
      compatibility: entry.compatibility,
      registeredVersions: 0,
      registryVerdict: null,
      problems: [],
      ok: true,
      note: 'not registered yet: nothing to be compatible with',
    };
  }
  const history: avro.Type[] = [];
  for (const version of [...versions.body].sort((a, b) => a - b)) {
    const { body } = await registryJson<{ schema: string }>(registry, `/subjects/${subject}/versions/${version}`);
    history.push(avro.Type.forSchema(JSON.parse(body.schema) as avro.Schema));
  }
  const verdict = await registryJson<{ is_compatible?: boolean; message?: string }>(
    registry,
    `/compatibility/subjects/${subject}/versions/latest`,
    { method: 'POST', body: JSON.stringify({ schema: entry.schemaText }) },
  );
  if (verdict.status >= 500 || verdict.body.is_compatible === undefined) {
    throw new Error(`registry could not check ${entry.subject}: ${verdict.status} ${JSON.stringify(verdict.body)}`);
  }
  const problems = compatibilityProblems(history, entry.type, entry.compatibility);
  const ok = verdict.body.is_compatible && problems.length === 0;
  return {
    subject: entry.subject,
    compatibility: entry.compatibility,
    registeredVersions: history.length,
    registryVerdict: verdict.body.is_compatible,
    problems,
    ok,
    ...(!ok && problems.length === 0 ? { note: `the registry rejects it (${verdict.body.message ?? 'no detail given'})` } : {}),
  };
}

export async function checkCatalog(
  registry: RegistryConnection,
  catalog: SchemaCatalog,
  onProgress?: (check: SubjectCheck) => void,
): Promise<SubjectCheck[]> {
  const checks: SubjectCheck[] = [];
  for (const entry of catalog.subjects) {
    const check = await checkSubject(registry, entry);
    onProgress?.(check);
    checks.push(check);
  }
  return checks;
}
