import type { RegistryConnection } from '@ferry/kafka';

/** The prefix of every throwaway subject a test registers: `${TEST_SUBJECT_PREFIX}<random>.v1.Probe`. */
export const TEST_SUBJECT_PREFIX = 'io.ferry.probe';

/**
 * Removes a subject and every version of it for good, so a test leaves nothing in the shared registry. The
 * Confluent-compatible API (Apicurio's included) deletes in two steps: a soft DELETE, then DELETE ?permanent=true.
 * A subject that is already gone (404) is fine; any other refusal throws, naming the step and the answer.
 */
export async function deleteSubjectPermanently(registry: RegistryConnection, subject: string): Promise<void> {
  const path = `/subjects/${encodeURIComponent(subject)}`;
  for (const [step, query] of [
    ['soft delete', ''],
    ['permanent delete', '?permanent=true'],
  ] as const) {
    const answer = await registry.request(`${path}${query}`, { method: 'DELETE' });
    if (!answer.ok && answer.status !== 404) {
      throw new Error(`registry refused the ${step} of ${subject}: ${answer.status} ${answer.text.slice(0, 300)}`);
    }
  }
}

/** Throwaway test subjects still in the registry (runs that were interrupted before their clean-up). */
export async function leftoverTestSubjects(registry: RegistryConnection): Promise<string[]> {
  const answer = await registry.request('/subjects');
  if (!answer.ok) throw new Error(`registry refused to list subjects: ${answer.status} ${answer.text.slice(0, 300)}`);
  return answer.json<string[]>().filter((subject) => subject.startsWith(TEST_SUBJECT_PREFIX));
}
