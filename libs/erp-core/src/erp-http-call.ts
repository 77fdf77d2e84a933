import { recordErpCall } from './erp-call-metrics';
import { ErpError, failedAfterSending } from './erp-error';

export interface ErpHttpCall {
  fetchImpl: typeof fetch;
  tenantId: string;
  /** The ERP kind, as in metrics labels (netsuite, dynamics365, …). */
  erp: string;
  /** How the ERP is named in messages (NetSuite, Dataverse, …). */
  erpName: string;
  operation: string;
  url: string;
  init: RequestInit;
  timeoutMs: number;
  /** Reads the ERP's error document into a classified ErpError. */
  errorFrom(response: Response, operation: string): Promise<ErpError>;
  /** Error answers the caller deals with itself (e.g. SAP's 403 asking for a new CSRF token): returned, not thrown. */
  handsBack?(response: Response): boolean;
}

/**
 * One HTTP request to an ERP, timed and counted per tenant, ERP, operation and outcome. No answer at all is
 * `retryable`, and `ambiguous` when a write may have reached the ERP before the connection failed (the
 * delivery lane then looks the record up before writing again); an error answer is classified by the ERP's
 * own error reader.
 */
export async function callErp(call: ErpHttpCall): Promise<Response> {
  const labels = { tenantId: call.tenantId, erp: call.erp, operation: call.operation };
  const startedAt = Date.now();
  let response: Response;
  try {
    response = await call.fetchImpl(call.url, { ...call.init, signal: AbortSignal.timeout(call.timeoutMs) });
  } catch (error) {
    recordErpCall(labels, 'retryable', undefined, startedAt);
    const ambiguous = (call.init.method ?? 'GET') !== 'GET' && failedAfterSending(error);
    throw new ErpError(
      'retryable',
      call.erp,
      call.operation,
      `${call.erpName} ${call.operation} got no response${ambiguous ? ' (the request may have been applied)' : ''}: ${(error as Error).message}`,
      { cause: error, ambiguous },
    );
  }
  if (response.ok) {
    recordErpCall(labels, 'ok', response.status, startedAt);
    return response;
  }
  if (call.handsBack?.(response)) return response;
  const failure = await call.errorFrom(response, call.operation);
  recordErpCall(labels, failure.errorClass, response.status, startedAt);
  throw failure;
}
