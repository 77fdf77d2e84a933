import { createHash } from 'node:crypto';
import { verifyWebhook } from '@ferry/erp-webhook';
import type { InboundSyncErrorCode } from '../../inbound-sync.exception';

/** The signature header: `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">`, as Ferry signs its own webhooks. */
export const SIGNATURE_HEADER = 'x-ferry-signature';

export interface WebhookDelivery {
  /** The connection's credentials.inboundSigningSecret; undefined for an unknown tenant, connection or one without it. */
  secret: string | undefined;
  /** The body's bytes as received; undefined when the body was not JSON. */
  rawBody: Buffer | undefined;
  signatureHeader: string | undefined;
  now: number;
  toleranceSeconds: number;
  maxBodyBytes: number;
}

export type WebhookAdmission =
  | {
      kind: 'admitted';
      /** The body as text, to parse. */
      text: string;
      /** Hash of what was signed (timestamp and body): the same delivery sent again has the same key. */
      receiptKey: string;
    }
  | { kind: 'refused'; code: InboundSyncErrorCode; message: string };

const refused = (code: InboundSyncErrorCode, message: string): WebhookAdmission => ({ kind: 'refused', code, message });

/**
 * Whether a webhook delivery is let in, before its JSON is looked at: a body within the limit, UTF-8, signed
 * with the connection's inbound secret over its exact bytes (constant-time compare) at a time within the
 * tolerance either way. An unknown tenant or connection is refused exactly like a wrong signature (with no
 * secret, nothing matches), so the endpoint does not tell which connections exist. A replay within the
 * tolerance passes here; its receipt key is then found in Ferry's books and nothing is published.
 */
export function webhookAdmission(delivery: WebhookDelivery): WebhookAdmission {
  const { rawBody } = delivery;
  if (rawBody === undefined) return refused('UNSUPPORTED_MEDIA_TYPE', 'send the events as a JSON body (Content-Type: application/json)');
  if (rawBody.length > delivery.maxBodyBytes)
    return refused('PAYLOAD_TOO_LARGE', `the body is ${rawBody.length} bytes; at most ${delivery.maxBodyBytes} are taken`);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(rawBody);
  } catch {
    return refused('INVALID_REQUEST', 'the body is not UTF-8 text');
  }
  const verdict = verifyWebhook(
    delivery.secret ? [delivery.secret] : [],
    text,
    delivery.signatureHeader,
    delivery.toleranceSeconds,
    delivery.now,
  );
  switch (verdict) {
    case 'ok':
      break;
    case 'missing':
      return refused('UNAUTHENTICATED', `the ${SIGNATURE_HEADER} header (t=<unix seconds>,v1=<hex HMAC-SHA256>) is missing or unreadable`);
    case 'stale':
      return refused(
        'UNAUTHENTICATED',
        `the signature's timestamp is more than ${delivery.toleranceSeconds} s from Ferry's clock; sign each delivery when sending it`,
      );
    case 'mismatch':
      return refused('UNAUTHENTICATED', "the signature does not match the body signed with this connection's inbound signing secret");
  }
  const timestamp = /(?:^|,)\s*t=(\d+)/.exec(delivery.signatureHeader ?? '')?.[1] ?? '';
  return { kind: 'admitted', text, receiptKey: createHash('sha256').update(`${timestamp}.`).update(rawBody).digest('hex') };
}
