import { OAuthBearerTokenSource } from './oauthbearer-token-source';

function tokenEndpoint(answers: { status: number; body: unknown }[]) {
  const calls: { url: string; init: RequestInit }[] = [];
  const fetchToken = async (url: string, init: RequestInit) => {
    calls.push({ url, init });
    const answer = answers[Math.min(calls.length - 1, answers.length - 1)]!;
    return { ok: answer.status < 300, status: answer.status, json: async () => answer.body };
  };
  return { calls, fetchToken };
}

const client = {
  tokenUrl: 'https://login.example.com/oauth2/token',
  clientId: 'ferry-ingestion',
  clientSecret: 'very-secret',
  scope: 'kafka',
};

describe('OAUTHBEARER token source', () => {
  it('asks with the client-credentials grant, authenticating the client with basic auth', async () => {
    const endpoint = tokenEndpoint([{ status: 200, body: { access_token: 't1', expires_in: 3600 } }]);
    const source = new OAuthBearerTokenSource(client, endpoint.fetchToken, () => 0);
    await expect(source.token()).resolves.toEqual({ value: 't1' });
    const [call] = endpoint.calls;
    expect(call!.url).toBe(client.tokenUrl);
    expect(call!.init.method).toBe('POST');
    expect(String(call!.init.body)).toBe('grant_type=client_credentials&scope=kafka');
    expect((call!.init.headers as Record<string, string>)['authorization']).toBe(
      `Basic ${Buffer.from('ferry-ingestion:very-secret').toString('base64')}`,
    );
  });

  it.each<[string, number, number]>([
    ['reuses a token early in its life', 1000 * 1000, 1],
    ['renews it once 80% of its lifetime has passed', 2880 * 1000, 2],
  ])('%s', async (_case, laterMs, requests) => {
    let now = 0;
    const endpoint = tokenEndpoint([
      { status: 200, body: { access_token: 't1', expires_in: 3600 } },
      { status: 200, body: { access_token: 't2', expires_in: 3600 } },
    ]);
    const source = new OAuthBearerTokenSource(client, endpoint.fetchToken, () => now);
    await source.token();
    now = laterMs;
    await source.token();
    expect(endpoint.calls).toHaveLength(requests);
  });

  it('shares one request between callers that ask at once', async () => {
    const endpoint = tokenEndpoint([{ status: 200, body: { access_token: 't1', expires_in: 60 } }]);
    const source = new OAuthBearerTokenSource(client, endpoint.fetchToken, () => 0);
    await Promise.all([source.token(), source.token(), source.token()]);
    expect(endpoint.calls).toHaveLength(1);
  });

  it.each<[string, { status: number; body: unknown }]>([
    ['a refusal', { status: 401, body: { error: 'invalid_client' } }],
    ['an answer without a token', { status: 200, body: { token_type: 'bearer' } }],
  ])('fails on %s, naming the endpoint but not the secret', async (_case, answer) => {
    const source = new OAuthBearerTokenSource(client, tokenEndpoint([answer]).fetchToken);
    const failure = (await source.token().catch((error: unknown) => error)) as Error;
    expect(failure.message).toContain(client.tokenUrl);
    expect(failure.message).not.toContain('very-secret');
  });
});
