import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * X-Ferry-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">, in the style receivers know
 * from Stripe: the timestamp inside the MAC stops replays of old deliveries.
 */
export function signWebhook(secret: string, body: string, timestampSeconds = Math.floor(Date.now() / 1000)): string {
  const mac = createHmac('sha256', secret).update(`${timestampSeconds}.${body}`).digest('hex');
  return `t=${timestampSeconds},v1=${mac}`;
}

export function verifyWebhook(
  secret: string,
  body: string,
  header: string | undefined,
  toleranceSeconds = 300,
  now = Date.now(),
): 'ok' | 'missing' | 'stale' | 'mismatch' {
  if (!header) return 'missing';
  const parts = Object.fromEntries(header.split(',').map((part) => part.split('=') as [string, string]));
  const timestamp = Number(parts['t']);
  if (!Number.isFinite(timestamp) || !parts['v1']) return 'missing';
  if (Math.abs(now / 1000 - timestamp) > toleranceSeconds) return 'stale';
  const expected = Buffer.from(createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex'));
  const given = Buffer.from(parts['v1']);
  return expected.length === given.length && timingSafeEqual(expected, given) ? 'ok' : 'mismatch';
}
