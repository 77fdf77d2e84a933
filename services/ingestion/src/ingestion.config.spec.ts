import { ConfigError } from '@ferry/config';
import { loadIngestionConfig } from './ingestion.config';

const problemsOf = (env: Record<string, string>): string[] => {
  try {
    loadIngestionConfig(env);
    return [];
  } catch (error) {
    if (error instanceof ConfigError) return [...error.problems];
    throw error;
  }
};

describe('ingestion configuration', () => {
  it('keeps idempotent answers 24 h and throttles at 100/s with bursts of 200 by default, a key sharing its tenant budget', () => {
    const config = loadIngestionConfig({});
    expect(config.idempotencyTtlHours).toBe(24);
    expect(config.rateLimits).toEqual({ tenant: { ratePerSecond: 100, burst: 200 }, cap: { ratePerSecond: 1000, burst: 2000 } });
  });

  it('reads the window and the limits the environment gives', () => {
    const config = loadIngestionConfig({
      INGESTION_IDEMPOTENCY_TTL_HOURS: '48',
      INGESTION_RATE_PER_SECOND: '0.5',
      INGESTION_BURST: '10',
      INGESTION_KEY_RATE_PER_SECOND: '0.25',
      INGESTION_KEY_BURST: '5',
      INGESTION_MAX_RATE_PER_SECOND: '50',
      INGESTION_MAX_BURST: '60',
    });
    expect(config.idempotencyTtlHours).toBe(48);
    expect(config.rateLimits).toEqual({
      tenant: { ratePerSecond: 0.5, burst: 10 },
      apiKey: { ratePerSecond: 0.25, burst: 5 },
      cap: { ratePerSecond: 50, burst: 60 },
    });
  });

  it('reports every bad variable at once', () => {
    const problems = problemsOf({
      INGESTION_IDEMPOTENCY_TTL_HOURS: '0',
      INGESTION_RATE_PER_SECOND: '-1',
      INGESTION_BURST: '1.5',
      INGESTION_KEY_RATE_PER_SECOND: 'fast',
      INGESTION_KEY_BURST: '0',
    });
    for (const variable of [
      'INGESTION_IDEMPOTENCY_TTL_HOURS',
      'INGESTION_RATE_PER_SECOND',
      'INGESTION_BURST',
      'INGESTION_KEY_RATE_PER_SECOND',
      'INGESTION_KEY_BURST',
    ])
      expect(problems).toEqual(expect.arrayContaining([expect.stringMatching(new RegExp(`^${variable}: `))]));
  });
});
