import type { AddressInfo } from 'node:net';
import { counter } from './metrics';
import { startMetricsServer, type MetricsServer } from './metrics-server';

describe('the metrics server, apart from the public API', () => {
  let server: MetricsServer;
  let url = '';

  beforeAll(async () => {
    counter('ferry_metrics_server_spec_total', 'a series for this spec', ['outcome']).inc({ outcome: 'ok' });
    server = await startMetricsServer({ host: '127.0.0.1', port: 0 });
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => server.close());

  it('serves the Prometheus text format on GET /metrics', async () => {
    const response = await fetch(`${url}/metrics`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/plain');
    expect(await response.text()).toContain('ferry_metrics_server_spec_total{outcome="ok"} 1');
  });

  it.each([
    ['GET', '/', 404],
    ['GET', '/v1/tenants/acme/sync-summary', 404],
    ['POST', '/metrics', 405],
  ])('answers %s %s with %s', async (method, path, status) => {
    expect((await fetch(`${url}${path}`, { method })).status).toBe(status);
  });
});
