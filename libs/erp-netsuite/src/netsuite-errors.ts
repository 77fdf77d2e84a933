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
