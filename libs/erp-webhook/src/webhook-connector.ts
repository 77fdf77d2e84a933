import {
  ErpError,
  ERP_RESPONSE_LIMITS,
  egressFetch,
  erpErrorText,
  readErpErrorText,
  readErpText,
  recordErpCall,
  sendToErp,
  unreadableErrorAnswer,
  retryAfterMs,
  type ErpConnectionContext,
  type ErpConnector,
  type ErpRecord,
  type UpsertRequest,
  type UpsertResult,
} from '@ferry/erp-core';
import { signWebhook } from './webhook-signature';

/**
 * Generic signed JSON delivery for systems Ferry has no adapter for: POST <baseUrl>/<recordType> with
 * { externalId, record }, an Idempotency-Key (Ferry's external id + content, so a resend of the same content
 * is recognisable) and the HMAC signature. 2xx is success (the receiver's id from the JSON "id" or Location);
 * 429/503 honour Retry-After; other 4xx are the receiver refusing the content.
 */
export class WebhookConnector implements ErpConnector {
  readonly erpKind = 'webhook';

  constructor(
    private readonly fetchImpl: typeof fetch = egressFetch,
    private readonly timeoutMs = 15_000,
  ) {}

  async upsert(connection: ErpConnectionContext, request: UpsertRequest): Promise<UpsertResult> {
    const secret = connection.credentials['signingSecret'];
    if (!secret) throw new ErpError('auth_revoked', 'webhook', 'upsert', 'webhook connection has no signingSecret');
    const body = JSON.stringify({ type: request.recordType, externalId: request.externalId, record: request.payload });
    const url = `${connection.baseUrl.replace(/\/$/, '')}/${encodeURIComponent(request.recordType)}`;
    const labels = { tenantId: connection.tenantId, erp: 'webhook', operation: 'upsert' };
    const startedAt = Date.now();
    let response: Response;
    try {
      response = await sendToErp({
        fetchImpl: this.fetchImpl,
        erp: 'webhook',
        erpName: 'webhook',
        operation: 'upsert',
        url,
        init: {
          method: 'POST',
          headers: {
            'Content-Type': 'application/json',
            'X-Ferry-Signature': signWebhook(secret, body),
            'Idempotency-Key': request.externalId,
            'X-Ferry-Tenant': connection.tenantId,
          },
          body,
        },
        timeoutMs: this.timeoutMs,
      });
    } catch (error) {
      const failure = error as ErpError;
      recordErpCall(labels, failure.errorClass, failure.details.status, startedAt);
      throw failure;
    }
    // A receiver's answer is only read for its id (or error text): a small, bounded read. A larger answer to an
    // accepted delivery is ignored (the record was delivered), not read.
    const text = response.ok
      ? await readErpText(response, { erp: 'webhook', operation: 'upsert', maxBytes: ERP_RESPONSE_LIMITS.maxErrorBodyBytes }).catch(
          () => '',
        )
      : await readErpErrorText(response, 'webhook', 'upsert');
    if (response.ok) {
      recordErpCall(labels, 'ok', response.status, startedAt);
      let id: unknown;
      try {
        id = (JSON.parse(text) as { id?: unknown }).id;
      } catch {
        id = undefined;
      }
      return { erpRecordId: String(id ?? response.headers.get('location')?.split('/').pop() ?? request.externalId) };
    }
    const status = response.status;
    const errorClass =
      status === 429
        ? 'throttled'
        : status === 401 || status === 403
          ? 'auth_revoked'
          : status === 409
            ? 'conflict'
            : status >= 500 || status === 408
              ? 'retryable'
              : 'validation';
    recordErpCall(labels, errorClass, status, startedAt);
    const refusal = receiverError(text);
    throw new ErpError(errorClass, 'webhook', 'upsert', `webhook answered ${status}: ${refusal.message ?? unreadableErrorAnswer(status)}`, {
      status,
      ...(refusal.code ? { erpCode: refusal.code } : {}),
      ...(errorClass === 'throttled' || status === 503 ? { retryAfterMs: retryAfterMs(response.headers.get('retry-after')) ?? 1000 } : {}),
    });
  }

  /** A plain webhook cannot be read back; reconciliation reports such connections as not reconcilable. */
  async listRecords(): Promise<ErpRecord[]> {
    throw new ErpError('validation', 'webhook', 'list', 'a webhook target cannot be read back, so it cannot be reconciled');
  }
}

/**
 * The receiver's own reason, from a JSON error document ({ "code", "message" }, { "error": "…" } or
 * { "error": { "code", "message" } }); never the raw body, which a read key could otherwise read back.
 */
export function receiverError(text: string): { code?: string; message?: string } {
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch {
    return {};
  }
  if (typeof document !== 'object' || document === null) return {};
  const top = document as { code?: unknown; message?: unknown; error?: unknown };
  const nested = typeof top.error === 'object' && top.error !== null ? (top.error as { code?: unknown; message?: unknown }) : undefined;
  const code = erpErrorText(nested?.code ?? top.code, 100);
  const message = erpErrorText(nested?.message ?? top.message ?? (nested ? undefined : top.error));
  return { ...(code ? { code } : {}), ...(message ? { message } : {}) };
}
