import { signWebhook } from '@ferry/erp-webhook';
import { webhookAdmission, type WebhookDelivery } from './erp-webhook-admission';

const SECRET = 'inbound-secret-of-at-least-32-bytes-0123456789';
const NOW = Date.parse('2026-12-02T08:00:00Z');
const T = NOW / 1000;
const BODY = '{"events":[]}';

function delivery(overrides: Partial<WebhookDelivery> = {}): WebhookDelivery {
  return {
    secret: SECRET,
    rawBody: Buffer.from(BODY),
    signatureHeader: signWebhook(SECRET, BODY, T),
    now: NOW,
    toleranceSeconds: 300,
    maxBodyBytes: 1024,
    ...overrides,
  };
}

describe('webhookAdmission: whether a signed ERP webhook delivery is let in', () => {
  it.each<[string, Partial<WebhookDelivery>, string]>([
    ['a delivery signed with the connection’s secret just now', {}, 'admitted'],
    ['one signed 299 s ago', { signatureHeader: signWebhook(SECRET, BODY, T - 299) }, 'admitted'],
    [
      'one whose header also carries a signature with an old secret',
      { signatureHeader: `${signWebhook(SECRET, BODY, T)},v1=${'0'.repeat(64)}` },
      'admitted',
    ],
    [
      'a wrong signature (another secret)',
      { signatureHeader: signWebhook('another-secret-of-at-least-32-bytes-xxxxxxxx', BODY, T) },
      'UNAUTHENTICATED:does not match',
    ],
    ['a body changed after signing', { rawBody: Buffer.from('{"events":[1]}') }, 'UNAUTHENTICATED:does not match'],
    ['a stale timestamp (301 s old)', { signatureHeader: signWebhook(SECRET, BODY, T - 301) }, 'UNAUTHENTICATED:more than 300 s'],
    [
      'a timestamp in the future beyond the tolerance',
      { signatureHeader: signWebhook(SECRET, BODY, T + 400) },
      'UNAUTHENTICATED:more than 300 s',
    ],
    [
      'a signature whose timestamp was edited (replay of an old delivery made fresh)',
      { signatureHeader: signWebhook(SECRET, BODY, T - 3600).replace(`t=${T - 3600}`, `t=${T}`) },
      'UNAUTHENTICATED:does not match',
    ],
    ['no signature header', { signatureHeader: undefined }, 'UNAUTHENTICATED:missing'],
    ['a header without v1', { signatureHeader: `t=${T}` }, 'UNAUTHENTICATED:missing'],
    ['an unknown connection (no secret), answered like a wrong signature', { secret: undefined }, 'UNAUTHENTICATED:does not match'],
    ['a body past the limit', { rawBody: Buffer.alloc(1025, 0x20) }, 'PAYLOAD_TOO_LARGE:1025 bytes'],
    ['a body that is not JSON', { rawBody: undefined }, 'UNSUPPORTED_MEDIA_TYPE:application/json'],
    ['a body that is not UTF-8', { rawBody: Buffer.from([0x7b, 0xff, 0x7d]) }, 'INVALID_REQUEST:not UTF-8'],
  ])('%s', (_name, overrides, expected) => {
    const admission = webhookAdmission(delivery(overrides));
    if (expected === 'admitted') expect(admission).toMatchObject({ kind: 'admitted', text: BODY });
    else {
      const [code, words] = expected.split(':') as [string, string];
      expect(admission).toMatchObject({ kind: 'refused', code, message: expect.stringContaining(words) });
    }
  });

  it('gives a replay of the same delivery the same receipt key, and the same events signed again another', () => {
    const key = (header: string) => (webhookAdmission(delivery({ signatureHeader: header })) as { receiptKey: string }).receiptKey;
    const first = key(signWebhook(SECRET, BODY, T));
    expect(key(signWebhook(SECRET, BODY, T))).toBe(first);
    // The replayer adds a v1 entry of its own: still the same signed delivery.
    expect(key(`${signWebhook(SECRET, BODY, T)},v1=${'f'.repeat(64)}`)).toBe(first);
    expect(key(signWebhook(SECRET, BODY, T - 1))).not.toBe(first);
  });
});
