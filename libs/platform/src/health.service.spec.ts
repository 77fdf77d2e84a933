import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadConfig, platformEnvSchema, toPlatformConfig, type PlatformConfig } from '@ferry/config';
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
  // A registry on a local port that counts the calls the health checks make (an HTTP server, not a fake client).
  let registry: Server;
  let config: PlatformConfig;
  let registryCalls = 0;
  beforeAll(async () => {
    registry = createServer((_request, response) => {
      registryCalls += 1;
      response.writeHead(200, { 'content-type': 'application/json' }).end('[]');
    });
    await new Promise<void>((resolve) => registry.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(registry.address() as AddressInfo).port}`;
    config = toPlatformConfig(
      'spec',
      loadConfig('spec', platformEnvSchema('spec', 3999), { HEALTH_CHECK_INTERVAL_MS: '500', SCHEMA_REGISTRY_URL: url }),
    );
  });
  afterAll(() => new Promise<void>((resolve) => registry.close(() => resolve())));
  let state: { up: boolean; connects: number };
  let health: HealthService;

  beforeEach(() => {
    registryCalls = 0;
    state = { up: true, connects: 0 };
    const consumers = { allRunning: () => true };
    const moduleRef = {
      get: () => {
        throw new Error('no database');
      },
    };
    health = new HealthService(fakeKafka(state) as never, consumers as never, moduleRef as never, config);
  });
  afterEach(async () => {
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
