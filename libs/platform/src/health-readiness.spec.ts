import { readinessOf, type CheckResult } from './health-readiness';

const up: CheckResult = { status: 'up', ms: 3 };
const down: CheckResult = { status: 'down', detail: 'no answer within 3000 ms', ms: 3000 };

describe('readinessOf', () => {
  it.each([
    ['no round of checks yet', undefined, 'unavailable', null],
    ['every check up, fresh', { kafka: up, schemaRegistry: up }, 'ok', 1000],
    ['one check down', { kafka: down, schemaRegistry: up }, 'unavailable', 1000],
    ['every check up, but the round is stale', { kafka: up, schemaRegistry: up }, 'unavailable', 20_000],
  ] as const)('%s → %s', (_case, checks, status, ageMs) => {
    const now = 1_000_000;
    const report = readinessOf('ingestion', checks ? { checks, checkedAt: now - (ageMs ?? 0) } : undefined, now, 15_000);
    expect(report).toMatchObject({ status, ageMs });
  });
});
