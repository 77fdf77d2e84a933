import * as avro from 'avsc';
import { compatibilityProblems, type CatalogSubject, type SchemaCatalog } from '@ferry/contracts';

const CONTENT_TYPE = { 'Content-Type': 'application/vnd.schemaregistry.v1+json' };

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

async function registryJson<T>(url: string, init?: RequestInit): Promise<{ status: number; body: T }> {
  const response = await fetch(url, { ...init, headers: { ...CONTENT_TYPE, ...init?.headers }, signal: AbortSignal.timeout(10_000) });
  const text = await response.text();
  return { status: response.status, body: (text ? JSON.parse(text) : {}) as T };
}

/**
 * Checks one subject's schema in the working tree against everything registered for it: the registry gives
 * the verdict under the subject's rule, and the history is also resolved locally to name each offending field.
 */
export async function checkSubject(registryUrl: string, entry: CatalogSubject): Promise<SubjectCheck> {
  const subject = encodeURIComponent(entry.subject);
  const versions = await registryJson<number[] | { error_code?: number }>(`${registryUrl}/subjects/${subject}/versions`);
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
    const { body } = await registryJson<{ schema: string }>(`${registryUrl}/subjects/${subject}/versions/${version}`);
    history.push(avro.Type.forSchema(JSON.parse(body.schema) as avro.Schema));
  }
  const verdict = await registryJson<{ is_compatible?: boolean; message?: string }>(
    `${registryUrl}/compatibility/subjects/${subject}/versions/latest`,
    {
      method: 'POST',
      body: JSON.stringify({ schema: entry.schemaText }),
    },
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
  registryUrl: string,
  catalog: SchemaCatalog,
  onProgress?: (check: SubjectCheck) => void,
): Promise<SubjectCheck[]> {
  const checks: SubjectCheck[] = [];
  for (const entry of catalog.subjects) {
    const check = await checkSubject(registryUrl, entry);
    onProgress?.(check);
    checks.push(check);
  }
  return checks;
}
