export type CheckResult = { status: 'up' | 'down'; detail?: string; ms: number };

export interface HealthReport {
  status: 'ok' | 'unavailable';
  service: string;
  checks: Record<string, CheckResult>;
  /** When the checks behind this answer ran, and how long ago that was. */
  checkedAt: string | null;
  ageMs: number | null;
}

/**
 * Readiness from the last completed round of checks. Ready only when every check was up and the round is
 * recent: a round older than staleAfterMs means the checker itself is stuck, which is not ready either.
 */
export function readinessOf(
  service: string,
  last: { checks: Record<string, CheckResult>; checkedAt: number } | undefined,
  now: number,
  staleAfterMs: number,
): HealthReport {
  if (!last) return { status: 'unavailable', service, checks: {}, checkedAt: null, ageMs: null };
  const ageMs = Math.max(0, now - last.checkedAt);
  const checks: Record<string, CheckResult> =
    ageMs > staleAfterMs
      ? { ...last.checks, freshness: { status: 'down', detail: `the last health checks finished ${ageMs} ms ago`, ms: 0 } }
      : last.checks;
  const status = Object.values(checks).every((check) => check.status === 'up') ? 'ok' : 'unavailable';
  return { status, service, checks, checkedAt: new Date(last.checkedAt).toISOString(), ageMs };
}
