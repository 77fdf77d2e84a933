import { createServer, type Server } from 'node:http';
import { metricsRegistry } from './metrics';

export type MetricsServer = Pick<Server, 'address'> & { close(): Promise<void> };

/**
 * GET /metrics on its own port (METRICS_HOST:METRICS_PORT). Metrics carry tenant ids and traffic figures of
 * every tenant, so they are for the operators' scraper, not for the public API's callers: a separate port can
 * be kept off the ingress and limited to the scraper by a network policy.
 */
export async function startMetricsServer(options: { host: string; port: number }): Promise<MetricsServer> {
  const server = createServer((request, response) => {
    const path = (request.url ?? '/').split('?')[0];
    if (path !== '/metrics') {
      response
        .writeHead(404, { 'content-type': 'application/json' })
        .end('{"error":{"status":404,"code":"NOT_FOUND","message":"only GET /metrics here"}}');
      return;
    }
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405, { allow: 'GET, HEAD' }).end();
      return;
    }
    metricsRegistry.metrics().then(
      (text) => response.writeHead(200, { 'content-type': metricsRegistry.contentType }).end(text),
      () => response.writeHead(500).end(),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return {
    address: () => server.address(),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
