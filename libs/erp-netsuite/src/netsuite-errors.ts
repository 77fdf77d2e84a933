import { ErpError, erpErrorText, readErpErrorText, retryAfterMs, unreadableErrorAnswer, type ErpErrorClass } from '@ferry/erp-core';

interface NetSuiteErrorBody {
  title?: string;
  'o:errorDetails'?: { detail?: string; 'o:errorCode'?: string; 'o:errorPath'?: string }[];
}

/**
 * Turns a NetSuite REST error response into an ErpError. NetSuite reports the cause in o:errorDetails
 * (first entry: detail, o:errorCode, o:errorPath); the HTTP status alone is not enough: the concurrency
 * limit is a 429 CONCURRENCY_LIMIT_EXCEEDED and, under load, sometimes a 401 INVALID_LOGIN.
 */
export async function netsuiteErrorFrom(response: Response, operation: string): Promise<ErpError> {
  const text = await readErpErrorText(response, 'netsuite', operation);
  let body: NetSuiteErrorBody = {};
  try {
    body = JSON.parse(text) as NetSuiteErrorBody;
  } catch {
    // Maintenance pages and proxies answer HTML; the status decides then.
  }
  const first = body['o:errorDetails']?.[0];
  const code = erpErrorText(first?.['o:errorCode'], 100);
  const path = erpErrorText(first?.['o:errorPath'], 200);
  const status = response.status;
  const detail = erpErrorText(first?.detail) ?? erpErrorText(body.title) ?? unreadableErrorAnswer(status);
  let errorClass: ErpErrorClass;
  if (status === 429 || code === 'CONCURRENCY_LIMIT_EXCEEDED') errorClass = 'throttled';
  else if (status === 401) errorClass = 'auth_expired';
  else if (status === 403) errorClass = 'auth_revoked';
  else if (status === 404) errorClass = 'not_found';
  else if (status === 409 || status === 412 || code === 'DUP_RCRD') errorClass = 'conflict';
  else if (status >= 400 && status < 500) errorClass = 'validation';
  else errorClass = 'retryable';
  const message = `NetSuite ${operation} failed: ${status}${code ? ` ${code}` : ''}${path ? ` at ${path}` : ''}: ${detail}`;
  return new ErpError(errorClass, 'netsuite', operation, message, {
    status,
    ...(code ? { erpCode: code } : {}),
    ...(path ? { erpPath: path } : {}),
    ...(errorClass === 'throttled' ? { retryAfterMs: retryAfterMs(response.headers.get('retry-after')) ?? 1000 } : {}),
  });
}

/** The value at a dotted path of a payload ("entity" or "item.items"), or undefined. */
function valueAt(payload: Record<string, unknown>, path: string): unknown {
  let node: unknown = payload;
  for (const segment of path.split('.')) {
    if (!node || typeof node !== 'object' || Array.isArray(node)) return undefined;
    node = (node as Record<string, unknown>)[segment];
  }
  return node;
}

/**
 * A write NetSuite refused because a reference does not resolve, read against the payload sent: when the field
 * NetSuite names (INVALID_VALUE at o:errorPath) refers to a record by Ferry's external id ({ "externalId": … }),
 * the referenced record does not exist yet (an order overtook its customer): a missing reference, retried for a
 * while. Any other refusal (a bad value typed into the field, an unknown subsidiary id) stays what it was.
 */
export function withNetSuiteMissingReference(error: ErpError, payload: Record<string, unknown>): ErpError {
  if (error.errorClass !== 'validation' || error.details.erpCode !== 'INVALID_VALUE' || !error.details.erpPath) return error;
  const reference = valueAt(payload, error.details.erpPath);
  if (!reference || typeof reference !== 'object' || Array.isArray(reference)) return error;
  const externalId = (reference as Record<string, unknown>)['externalId'];
  if (typeof externalId !== 'string' || externalId === '') return error;
  return new ErpError(
    'missing_reference',
    error.erpKind,
    error.operation,
    `${error.message} (${error.details.erpPath} refers to external id ${externalId}, which NetSuite does not hold (yet))`,
    { ...error.details, cause: error },
  );
}
