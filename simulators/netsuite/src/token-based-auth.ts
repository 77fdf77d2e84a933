import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Request } from 'express';

/** A TBA integration + access token pair, as created in NetSuite (Setup > Users/Roles > Access Tokens). */
export interface TbaCredential {
  consumerKey: string;
  consumerSecret: string;
  tokenId: string;
  tokenSecret: string;
  revoked: boolean;
}

/** RFC 3986 percent-encoding, as OAuth 1.0a (RFC 5849 §3.6) requires. */
function encode(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

export function parseOAuthHeader(header: string | undefined): Record<string, string> | undefined {
  if (!header?.startsWith('OAuth ')) return undefined;
  const params: Record<string, string> = {};
  for (const match of header.slice(6).matchAll(/([\w]+)="([^"]*)"/g)) params[match[1]!] = decodeURIComponent(match[2]!);
  return params;
}

/**
 * Verifies a token-based-authentication request the way NetSuite does: OAuth 1.0a, HMAC-SHA256 signature over
 * the method, the base URL and every oauth_* and query parameter (RFC 5849 §3.4.1), realm = the account id,
 * a timestamp within five minutes and a nonce not seen before. Written from the RFC, independently of the
 * client libraries it is tested with.
 */
export function verifyTba(
  request: Request,
  accountId: string,
  credentials: ReadonlyMap<string, TbaCredential>,
  seenNonces: Set<string>,
  now = Date.now(),
): { ok: true; tokenId: string } | { ok: false; reason: string } {
  const oauth = parseOAuthHeader(request.get('authorization'));
  if (!oauth) return { ok: false, reason: 'no OAuth header' };
  if (oauth['oauth_signature_method'] !== 'HMAC-SHA256') return { ok: false, reason: 'signature method must be HMAC-SHA256' };
  if ((oauth['realm'] ?? '').toUpperCase() !== accountId.toUpperCase()) return { ok: false, reason: 'realm does not name this account' };
  const credential = credentials.get(oauth['oauth_token'] ?? '');
  if (!credential || credential.consumerKey !== oauth['oauth_consumer_key']) return { ok: false, reason: 'unknown token or consumer key' };
  if (credential.revoked) return { ok: false, reason: 'token revoked' };
  const timestamp = Number(oauth['oauth_timestamp']);
  if (!Number.isFinite(timestamp) || Math.abs(now / 1000 - timestamp) > 300)
    return { ok: false, reason: 'timestamp outside the five-minute window' };
  const nonceKey = `${credential.tokenId}:${oauth['oauth_nonce']}:${timestamp}`;
  if (!oauth['oauth_nonce'] || seenNonces.has(nonceKey)) return { ok: false, reason: 'nonce missing or already used' };

  const url = new URL(`${request.protocol}://${request.get('host')}${request.originalUrl}`);
  const parameters: [string, string][] = [];
  for (const [key, value] of Object.entries(oauth)) if (key !== 'realm' && key !== 'oauth_signature') parameters.push([key, value]);
  for (const [key, value] of url.searchParams) parameters.push([key, value]);
  const normalized = parameters
    .map(([key, value]) => [encode(key), encode(value)] as const)
    .sort(([ak, av], [bk, bv]) => (ak === bk ? (av < bv ? -1 : av > bv ? 1 : 0) : ak < bk ? -1 : 1))
    .map(([key, value]) => `${key}=${value}`)
    .join('&');
  const defaultPort = (url.protocol === 'http:' && url.port === '80') || (url.protocol === 'https:' && url.port === '443');
  const baseUrl = `${url.protocol}//${url.hostname.toLowerCase()}${url.port && !defaultPort ? `:${url.port}` : ''}${url.pathname}`;
  const base = [request.method.toUpperCase(), encode(baseUrl), encode(normalized)].join('&');
  const expected = createHmac('sha256', `${encode(credential.consumerSecret)}&${encode(credential.tokenSecret)}`)
    .update(base)
    .digest();
  const given = Buffer.from(oauth['oauth_signature'] ?? '', 'base64');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: 'signature does not match' };
  seenNonces.add(nonceKey);
  return { ok: true, tokenId: credential.tokenId };
}
