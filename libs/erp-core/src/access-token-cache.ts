import { createHash } from 'node:crypto';
import type { ErpConnectionContext } from './erp-connector';

/**
 * A digest of everything about a connection a token or session was obtained with: kind, auth kind, base URL,
 * settings and credentials. Two contexts with the same digest may share a cached token; any edit of the
 * connection (a new token URL, host, client id or secret) gives a new digest.
 */
export function connectionConfigurationDigest(connection: ErpConnectionContext): string {
  const sorted = (record: Record<string, string>) => Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return createHash('sha256')
    .update(
      JSON.stringify([
        connection.erpKind,
        connection.authKind,
        connection.baseUrl,
        sorted(connection.settings),
        sorted(connection.credentials),
      ]),
    )
    .digest('base64url');
}

/** Whether a cached token may be used: obtained with this exact configuration and not within a minute of expiry. */
export function cachedTokenUsable(
  cached: { configuration: string; expiresAt: number } | undefined,
  configuration: string,
  now: number,
): boolean {
  return !!cached && cached.configuration === configuration && cached.expiresAt - 60_000 > now;
}

/**
 * Bearer tokens per tenant connection, reused until a minute before they expire, with one request in flight
 * per connection however many deliveries need a token at once. A token is dropped as soon as the connection's
 * configuration changes: a token obtained for one host or client is never sent to the next one.
 */
export class AccessTokenCache {
  private readonly tokens = new Map<string, { token: string; expiresAt: number; configuration: string }>();
  private readonly pending = new Map<string, Promise<string>>();

  async get(connection: ErpConnectionContext, fetchToken: () => Promise<{ token: string; expiresInSeconds: number }>): Promise<string> {
    const key = this.keyOf(connection);
    const configuration = connectionConfigurationDigest(connection);
    const cached = this.tokens.get(key);
    if (cachedTokenUsable(cached, configuration, Date.now())) return cached!.token;
    if (cached && cached.configuration !== configuration) this.tokens.delete(key);
    const flight = `${key}#${configuration}`;
    let pending = this.pending.get(flight);
    if (!pending) {
      pending = fetchToken()
        .then(({ token, expiresInSeconds }) => {
          this.tokens.set(key, { token, expiresAt: Date.now() + expiresInSeconds * 1000, configuration });
          return token;
        })
        .finally(() => this.pending.delete(flight));
      this.pending.set(flight, pending);
    }
    return pending;
  }

  invalidate(connection: ErpConnectionContext): void {
    this.tokens.delete(this.keyOf(connection));
  }

  private keyOf(connection: ErpConnectionContext): string {
    return `${connection.tenantId}/${connection.connectionId}`;
  }
}
