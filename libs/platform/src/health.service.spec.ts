import { loadConfig, platformEnvSchema, toPlatformConfig } from '@ferry/config';
import { HealthService } from './health.service';

/** Kafka whose admin client counts the connections a health check opens. */
function fakeKafka(state: { up: boolean; connects: number }) {
  return {
    admin: () => ({
      connect: async () => {
        state.connects += 1;
      },
      describeCluster: async () => {
        if (!state.up) throw new Error('broker down');
        return {};
      },
      disconnect: async () => undefined,
    }),
  };
}

describe('GET /health answers from checks run on an interval, not per request', () => {
  const config = toPlatformConfig('spec', loadConfig('spec', platformEnvSchema('spec', 3999), { HEALTH_CHECK_INTERVAL_MS: '500' }));
  const realFetch = global.fetch;
  let registryCalls = 0;
  let state: { up: boolean; connects: number };
  let health: HealthService;

  beforeEach(() => {
    registryCalls = 0;
    state = { up: true, connects: 0 };
    global.fetch = (async () => {
      registryCalls += 1;
      return new Response('[]', { status: 200 });
    }) as typeof fetch;
    const consumers = { allRunning: () => true };
    const moduleRef = {
      get: () => {
        throw new Error('no database');
      },
    };
    health = new HealthService(fakeKafka(state) as never, consumers as never, moduleRef as never, config);
  });
  afterEach(async () => {
    global.fetch = realFetch;
    await health.onApplicationShutdown?.();
  });

  it('runs one round of checks for 50 requests at once and 50 more right after', async () => {
    await health.onApplicationBootstrap?.();
    const first = await Promise.all(Array.from({ length: 50 }, () => health.report()));
    for (let i = 0; i < 50; i += 1) await health.report();
    expect(first.every((report) => report.status === 'ok')).toBe(true);
    expect(state.connects).toBe(1);
    expect(registryCalls).toBe(1);
  });

  it('says how old the answer is, and notices an outage at the next interval', async () => {
    await health.onApplicationBootstrap?.();
    expect(await health.report()).toMatchObject({ status: 'ok', ageMs: expect.any(Number) });
    state.up = false;
    await new Promise((resolve) => setTimeout(resolve, 1200));
    const report = await health.report();
    expect(report).toMatchObject({ status: 'unavailable', checks: { kafka: { status: 'down', detail: 'broker down' } } });
    expect(report.ageMs).toBeLessThan(1000);
    expect(state.connects).toBeGreaterThanOrEqual(2);
    expect(state.connects).toBeLessThanOrEqual(4);
  });
});
