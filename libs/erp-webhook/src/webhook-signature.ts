import { createHmac, timingSafeEqual } from 'node:crypto';

/** Shorter secrets can be guessed offline from one captured delivery; 32 bytes is HMAC-SHA256's own key size. */
export const MIN_SIGNING_SECRET_BYTES = 32;

/** Why a signing secret is too weak to accept, or undefined when it is long enough. */
export function signingSecretProblem(secret: string): string | undefined {
  const bytes = Buffer.byteLength(secret, 'utf8');
  return bytes >= MIN_SIGNING_SECRET_BYTES
    ? undefined
    : `must be at least ${MIN_SIGNING_SECRET_BYTES} bytes (e.g. 32 random bytes, base64url-encoded); got ${bytes}`;
}

/**
 * X-Ferry-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">, in the style receivers know
 * from Stripe: the timestamp inside the MAC stops replays of old deliveries. Ferry signs with the connection's
 * current signingSecret only.
 */
export function signWebhook(secret: string, body: string, timestampSeconds = Math.floor(Date.now() / 1000)): string {
  return `t=${timestampSeconds},v1=${mac(secret, timestampSeconds, body)}`;
}

function mac(secret: string, timestampSeconds: number, body: string): string {
  return createHmac('sha256', secret).update(`${timestampSeconds}.${body}`).digest('hex');
}

/**
 * A receiver's check. During a rotation it holds two secrets (the new one and, for an overlap window, the old
 * one) and accepts a delivery signed with either, so it can switch before, while or after the tenant updates
 * Ferry's connection. Several v1 entries in one header are all tried.
 */
export function verifyWebhook(
  secrets: string | readonly string[],
  body: string,
  header: string | undefined,
  toleranceSeconds = 300,
  now = Date.now(),
): 'ok' | 'missing' | 'stale' | 'mismatch' {
  if (!header) return 'missing';
  const parts = header.split(',').map((part) => {
    const separator = part.indexOf('=');
    return [part.slice(0, separator).trim(), part.slice(separator + 1).trim()] as const;
  });
  const timestamp = Number(parts.find(([name]) => name === 't')?.[1]);
  const given = parts.filter(([name]) => name === 'v1').map(([, value]) => Buffer.from(value));
  if (!Number.isFinite(timestamp) || given.length === 0) return 'missing';
  if (Math.abs(now / 1000 - timestamp) > toleranceSeconds) return 'stale';
  const expected = (typeof secrets === 'string' ? [secrets] : secrets).map((secret) => Buffer.from(mac(secret, timestamp, body)));
  const matches = expected.some((candidate) =>
    given.some((value) => value.length === candidate.length && timingSafeEqual(value, candidate)),
  );
  return matches ? 'ok' : 'mismatch';
}
