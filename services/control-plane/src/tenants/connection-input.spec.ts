import { randomBytes } from 'node:crypto';
import { parseBody } from '@ferry/platform';
import { connectionInput } from './tenant-spec';

const webhook = (credentials: Record<string, string> | undefined) => ({
  erpKind: 'webhook',
  baseUrl: 'https://hooks.example.com/ferry',
  authKind: 'hmac_sha256',
  ...(credentials ? { credentials } : {}),
});
const problem = (body: unknown): string | undefined => {
  try {
    parseBody(connectionInput, body);
    return undefined;
  } catch (error) {
    return (error as { getResponse(): { error: { message: string } } }).getResponse().error.message;
  }
};

describe('webhook connection credentials', () => {
  it.each([
    ['a 24-character signing secret', 'x'.repeat(24), /credentials\.signingSecret: must be at least 32 bytes/],
    ['an empty signing secret', '', /credentials\.signingSecret: must be at least 32 bytes/],
  ])('refuses %s', (_case, signingSecret, message) => {
    expect(problem(webhook({ signingSecret }))).toMatch(message);
  });

  it.each([
    ['32 random bytes, base64url', { signingSecret: randomBytes(32).toString('base64url') }],
    ['no credentials (kept as they are)', undefined],
  ])('accepts %s', (_case, credentials) => {
    expect(problem(webhook(credentials))).toBeUndefined();
  });
});
