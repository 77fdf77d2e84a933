/**
 * Bearer tokens per tenant connection, reused until a minute before they expire, with one request in flight
 * per connection however many deliveries need a token at once.
 */
export class AccessTokenCache {
  private readonly tokens = new Map<string, { token: string; expiresAt: number }>();
  private readonly pending = new Map<string, Promise<string>>();

  async get(key: string, fetchToken: () => Promise<{ token: string; expiresInSeconds: number }>): Promise<string> {
    const cached = this.tokens.get(key);
    if (cached && cached.expiresAt - 60_000 > Date.now()) return cached.token;
    let pending = this.pending.get(key);
    if (!pending) {
      pending = fetchToken()
        .then(({ token, expiresInSeconds }) => {
          this.tokens.set(key, { token, expiresAt: Date.now() + expiresInSeconds * 1000 });
          return token;
        })
        .finally(() => this.pending.delete(key));
      this.pending.set(key, pending);
    }
    return pending;
  }

  invalidate(key: string): void {
    this.tokens.delete(key);
  }
}
