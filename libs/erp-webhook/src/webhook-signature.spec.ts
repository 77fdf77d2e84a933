import { randomBytes } from 'node:crypto';
import { MIN_SIGNING_SECRET_BYTES, signWebhook, signingSecretProblem, verifyWebhook } from './webhook-signature';

const now = Date.UTC(2026, 0, 1);
const at = Math.floor(now / 1000);
const oldSecret = randomBytes(32).toString('base64url');
const newSecret = randomBytes(32).toString('base64url');
const body = '{"type":"customer","externalId":"ferry-1","record":{}}';

describe('webhook signatures', () => {
  it('writes the documented header: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">', () => {
    expect(signWebhook(newSecret, body, at)).toMatch(new RegExp(`^t=${at},v1=[0-9a-f]{64}$`));
  });

  it.each([
    ['signed with the new secret', 'ok', newSecret],
    ['signed with the old secret', 'ok', oldSecret],
    ['signed with a secret the receiver does not hold', 'mismatch', randomBytes(32).toString('base64url')],
  ])('during a rotation, a receiver holding both secrets finds a delivery %s: %s', (_case, verdict, signer) => {
    expect(verifyWebhook([newSecret, oldSecret], body, signWebhook(signer, body, at), 300, now)).toBe(verdict);
  });

  it('accepts a header carrying several v1 signatures when one of them matches', () => {
    const header = `${signWebhook(newSecret, body, at)},v1=${'0'.repeat(64)}`;
    expect(verifyWebhook(oldSecret, body, header.replace(/v1=[0-9a-f]{64},/, `v1=${'1'.repeat(64)},`), 300, now)).toBe('mismatch');
    expect(verifyWebhook(newSecret, body, header, 300, now)).toBe('ok');
  });

  it.each([
    ['missing', undefined, 'missing'],
    ['stale', signWebhook(newSecret, body, at - 301), 'stale'],
    ['for another body', signWebhook(newSecret, `${body} `, at), 'mismatch'],
  ])('refuses a signature that is %s', (_case, header, verdict) => {
    expect(verifyWebhook([newSecret], body, header, 300, now)).toBe(verdict);
  });

  it.each([
    ['a 24-byte secret', true, 'x'.repeat(24)],
    ['a 31-byte secret', true, 'x'.repeat(31)],
    ['a 32-byte secret', false, 'x'.repeat(32)],
    ['32 random bytes, base64url', false, randomBytes(32).toString('base64url')],
  ])('requires at least 32 bytes of signing secret: %s refused = %s', (_case, refused, secret) => {
    expect(MIN_SIGNING_SECRET_BYTES).toBe(32);
    expect(signingSecretProblem(secret) !== undefined).toBe(refused);
  });
});
