export interface OAuthBearerClient {
  tokenUrl: string;
  clientId: string;
  clientSecret: string;
  scope?: string;
}

type Fetch = (url: string, init: RequestInit) => Promise<Pick<Response, 'ok' | 'status' | 'json'>>;

/** Renew a token once this share of its lifetime has passed, well before the broker would refuse it. */
const RENEW_AFTER_SHARE = 0.8;
const DEFAULT_LIFETIME_SECONDS = 300;

/**
 * Access tokens for SASL/OAUTHBEARER from an OAuth 2.0 token endpoint (client-credentials grant, client
 * authenticated with HTTP basic as RFC 6749 section 2.3.1 describes). One request at a time; a token is reused
 * until most of its lifetime has passed. Errors name the endpoint and status, never the secret.
 */
export class OAuthBearerTokenSource {
  private current: { value: string; renewAt: number } | undefined;
  private pending: Promise<string> | undefined;

  constructor(
    private readonly client: OAuthBearerClient,
    private readonly fetchToken: Fetch = fetch,
    private readonly now: () => number = Date.now,
  ) {}

  async token(): Promise<{ value: string }> {
    if (this.current && this.now() < this.current.renewAt) return { value: this.current.value };
    this.pending ??= this.request().finally(() => (this.pending = undefined));
    return { value: await this.pending };
  }

  private async request(): Promise<string> {
    const { tokenUrl, clientId, clientSecret, scope } = this.client;
    const basic = Buffer.from(`${encodeURIComponent(clientId)}:${encodeURIComponent(clientSecret)}`).toString('base64');
    const requestedAt = this.now();
    const response = await this.fetchToken(tokenUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Basic ${basic}` },
      body: new URLSearchParams({ grant_type: 'client_credentials', ...(scope ? { scope } : {}) }).toString(),
      signal: AbortSignal.timeout(10_000),
    });
    if (!response.ok) throw new Error(`OAUTHBEARER token endpoint ${tokenUrl} answered ${response.status} for client ${clientId}`);
    const body = (await response.json()) as { access_token?: unknown; expires_in?: unknown };
    if (typeof body.access_token !== 'string' || body.access_token === '')
      throw new Error(`OAUTHBEARER token endpoint ${tokenUrl} answered without an access_token`);
    const lifetimeSeconds = typeof body.expires_in === 'number' && body.expires_in > 0 ? body.expires_in : DEFAULT_LIFETIME_SECONDS;
    this.current = { value: body.access_token, renewAt: requestedAt + lifetimeSeconds * 1000 * RENEW_AFTER_SHARE };
    return body.access_token;
  }
}
