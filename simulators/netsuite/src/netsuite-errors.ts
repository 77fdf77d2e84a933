import type { Response } from 'express';

/**
 * NetSuite REST web services answer errors as RFC 9457-style problem documents with NetSuite's own
 * o:errorDetails array (each with detail, o:errorCode and, for field errors, o:errorPath), served as
 * application/vnd.oracle.resource+json; type=error. Status titles and type links follow what NetSuite sends.
 */
const TYPES: Record<number, [string, string]> = {
  400: ['https://www.rfc-editor.org/rfc/rfc9110.html#section-15.5.1', 'Bad Request'],
  401: ['https://www.rfc-editor.org/rfc/rfc9110.html#section-15.5.2', 'Unauthorized'],
  403: ['https://www.rfc-editor.org/rfc/rfc9110.html#section-15.5.4', 'Forbidden'],
  404: ['https://www.rfc-editor.org/rfc/rfc9110.html#section-15.5.5', 'Not Found'],
  405: ['https://www.rfc-editor.org/rfc/rfc9110.html#section-15.5.6', 'Method Not Allowed'],
  429: ['https://www.rfc-editor.org/rfc/rfc6585.html#section-4', 'Too Many Requests'],
  500: ['https://www.rfc-editor.org/rfc/rfc9110.html#section-15.6.1', 'Internal Server Error'],
  503: ['https://www.rfc-editor.org/rfc/rfc9110.html#section-15.6.4', 'Service Unavailable'],
};

export interface ErrorDetail {
  detail: string;
  'o:errorCode': string;
  'o:errorPath'?: string;
}

export function netsuiteError(response: Response, status: number, details: ErrorDetail[], headers: Record<string, string> = {}): void {
  const [type, title] = TYPES[status] ?? TYPES[500]!;
  response
    .status(status)
    .set({ 'Content-Type': 'application/vnd.oracle.resource+json; type=error', ...headers })
    .send(JSON.stringify({ type, title, status, 'o:errorDetails': details }));
}

export const INVALID_LOGIN: ErrorDetail = {
  detail:
    'Invalid login attempt. For more details, see the Login Audit Trail in the NetSuite UI at Setup > Users/Roles > User Management > View Login Audit Trail.',
  'o:errorCode': 'INVALID_LOGIN',
};

export const CONCURRENCY_LIMIT: ErrorDetail = {
  detail: 'Request blocked by the concurrency limit. Too many concurrent requests were made for this account.',
  'o:errorCode': 'CONCURRENCY_LIMIT_EXCEEDED',
};
