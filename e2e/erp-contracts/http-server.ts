import type { AddressInfo } from 'node:net';
import type { Express } from 'express';

/** Serves an app on an ephemeral loopback port: the adapters under test reach it over real HTTP. */
export async function serve(app: Express): Promise<{ url: string; httpServer: import('node:http').Server; close(): Promise<void> }> {
  const server = app.listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    httpServer: server,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
