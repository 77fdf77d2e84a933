/**
 * Every ERP failure, classified once by the adapter that understands the ERP's error format, so delivery,
 * retries and dead-lettering never parse ERP responses themselves.
 * - retryable: 5xx, timeouts, connection resets before a response → try again later;
 * - throttled: the ERP asked us to slow down (429, concurrency limit) → wait retryAfterMs, then retry;
 * - auth_expired: the token is no longer accepted → refresh credentials once, then retry;
 * - auth_revoked: the credentials themselves are rejected → park the tenant's deliveries, tell an operator;
 * - validation: the ERP rejected the content → permanent, carries the ERP's message and field path;
 * - conflict: stale version / ETag mismatch / duplicate → permanent for this attempt, recorded;
 * - not_found: the record or resource does not exist → permanent;
 * - missing_reference: a record the payload refers to (by Ferry's external id) does not exist in the ERP yet,
 *   typically an order that overtook its customer → retried with back-off for a bounded time, then dead-lettered.
 */
export type ErpErrorClass =
  'retryable' | 'throttled' | 'auth_expired' | 'auth_revoked' | 'validation' | 'conflict' | 'not_found' | 'missing_reference';

export class ErpError extends Error {
  constructor(
    readonly errorClass: ErpErrorClass,
    readonly erpKind: string,
    readonly operation: string,
    message: string,
    readonly details: {
      status?: number;
      erpCode?: string;
      erpPath?: string;
      retryAfterMs?: number;
      /** The request may have been applied (sent, then the connection dropped or timed out): look before retrying. */
      ambiguous?: boolean;
      cause?: unknown;
    } = {},
  ) {
    super(message, { cause: details.cause });
    this.name = 'ErpError';
  }

  get permanent(): boolean {
    return (
      this.errorClass === 'validation' ||
      this.errorClass === 'conflict' ||
      this.errorClass === 'not_found' ||
      this.errorClass === 'auth_revoked'
    );
  }
}

/** Parses Retry-After (seconds or HTTP date) into milliseconds; undefined when absent or unreadable. */
export function retryAfterMs(header: string | null, now = Date.now()): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** Whether a failed fetch may have reached the server: refused or unresolvable connections certainly did not. */
export function failedAfterSending(error: unknown): boolean {
  const codes = [(error as { code?: string }).code, (error as { cause?: { code?: string } }).cause?.code];
  return !codes.some(
    (code) => code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'UND_ERR_CONNECT_TIMEOUT',
  );
}
