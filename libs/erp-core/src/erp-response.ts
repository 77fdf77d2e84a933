import { ErpError } from './erp-error';

/**
 * Bounds on what an ERP (or whatever a tenant admin points a connection at) can make a shared delivery replica
 * hold: the bytes of one answer, and the pages of one paged read. Past them, the read fails as `validation`
 * (permanent: asking again gets the same answer) instead of growing the process until it dies for every tenant.
 */
export const ERP_RESPONSE_LIMITS = {
  /** One answer's body: far above any real page of records (Dataverse's 5000-record pages are a few MB). */
  maxBodyBytes: 16 * 1024 * 1024,
  /** An error answer's body: only its code and message are read. */
  maxErrorBodyBytes: 64 * 1024,
  /** Pages of one paged read (list, changes since, SuiteQL): 1000 pages of 500–5000 records each. */
  maxPages: 1000,
} as const;

export interface ErpRead {
  erp: string;
  operation: string;
  maxBytes?: number;
}

function tooLarge(read: ErpRead, limit: number): ErpError {
  return new ErpError('validation', read.erp, read.operation, `the ${read.erp} answer to ${read.operation} is larger than ${limit} bytes`, {
    erpCode: 'RESPONSE_TOO_LARGE',
  });
}

/**
 * The body of an ERP answer as text, read up to `maxBytes` (default ERP_RESPONSE_LIMITS.maxBodyBytes): a larger
 * declared Content-Length is refused before reading, a body that keeps coming is cut off at the limit and the
 * connection released. Every connector reads ERP answers through this (or readErpJson), never response.text().
 */
export async function readErpText(response: Response, read: ErpRead): Promise<string> {
  const limit = read.maxBytes ?? ERP_RESPONSE_LIMITS.maxBodyBytes;
  const declared = Number(response.headers.get('content-length') ?? NaN);
  if (Number.isFinite(declared) && declared > limit) {
    await response.body?.cancel().catch(() => undefined);
    throw tooLarge(read, limit);
  }
  if (!response.body) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > limit) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge(read, limit);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** The body of an ERP answer parsed as JSON, within the same byte limit; unreadable JSON is the ERP's fault. */
export async function readErpJson<T>(response: Response, read: ErpRead): Promise<T> {
  const text = await readErpText(response, read);
  try {
    return JSON.parse(text) as T;
  } catch (error) {
    throw new ErpError('retryable', read.erp, read.operation, `the ${read.erp} answer to ${read.operation} is not JSON`, {
      cause: error,
    });
  }
}

/** A token endpoint's answer as JSON, {} when it is not JSON (its status then decides); too large still fails. */
export async function readErpJsonOrEmpty<T extends object>(response: Response, read: ErpRead): Promise<Partial<T>> {
  const text = await readErpText(response, read);
  try {
    return JSON.parse(text) as Partial<T>;
  } catch {
    return {};
  }
}

/** An error answer's body for the ERP's error reader: at most maxErrorBodyBytes, '' when unreadable or larger. */
export function readErpErrorText(response: Response, erp: string, operation: string): Promise<string> {
  return readErpText(response, { erp, operation, maxBytes: ERP_RESPONSE_LIMITS.maxErrorBodyBytes }).catch(() => '');
}
