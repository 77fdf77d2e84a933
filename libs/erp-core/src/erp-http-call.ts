import { recordErpCall } from './erp-call-metrics';
import { ErpError, failedAfterSending } from './erp-error';
import { currentEgress, egressFetch } from './egress/egress-fetch';
import { urlRefusal } from './egress/egress-policy';
import { EgressRefusedError } from './egress/guarded-lookup';

/** One request to an ERP endpoint (API, token endpoint, CSRF fetch), before the ERP's own error reading. */
export interface ErpRequest {
  /** Defaults to egressFetch, whose connections judge every resolved address; tests pass their own. */
  fetchImpl?: typeof fetch;
  /** The ERP kind, as in metrics labels (netsuite, dynamics365, …); also picks the vendor host list. */
  erp: string;
  /** How the ERP is named in messages (NetSuite, Dataverse, …). */
  erpName: string;
  operation: string;
  url: string;
  init: RequestInit;
  timeoutMs: number;
  /** Requests that never change the ERP (token, CSRF fetch) even when POSTed: a lost answer is never ambiguous. */
  changesNothing?: boolean;
}

export interface ErpHttpCall extends ErpRequest {
  tenantId: string;
  /** Reads the ERP's error document into a classified ErpError. */
  errorFrom(response: Response, operation: string): Promise<ErpError>;
  /** Error answers the caller deals with itself (e.g. SAP's 403 asking for a new CSRF token): returned, not thrown. */
  handsBack?(response: Response): boolean;
}

function refusedDestination(request: ErpRequest, reason: string, cause?: unknown): ErpError {
  return new ErpError(
    'validation',
    request.erp,
    request.operation,
    `${request.erpName} ${request.operation} refused: the connection's destination is not allowed: ${reason}`,
    { erpCode: 'EGRESS_REFUSED', ambiguous: false, ...(cause ? { cause } : {}) },
  );
}

function egressRefusal(error: unknown): EgressRefusedError | undefined {
  for (let current = error; current instanceof Error; current = current.cause) {
    if (current instanceof EgressRefusedError) return current;
  }
  return undefined;
}

/**
 * Sends one request within the process's egress policy: the URL is judged first (scheme, vendor host list,
 * literal addresses), the connection's DNS answer is judged by egressFetch, and a redirect is never followed:
 * a 3xx is a permanent failure naming the status (following it would let a tenant's ERP, or anyone answering
 * for it, point Ferry and the credentials it sends at an internal address). Returns every other answer, ok or
 * not; throws ErpError when there is none (`retryable`, `ambiguous` when a write may have been applied).
 */
export async function sendToErp(request: ErpRequest): Promise<Response> {
  const refusal = urlRefusal(request.erp, request.url, currentEgress());
  if (refusal) throw refusedDestination(request, refusal);
  let response: Response;
  try {
    response = await (request.fetchImpl ?? egressFetch)(request.url, {
      ...request.init,
      redirect: 'manual',
      signal: AbortSignal.timeout(request.timeoutMs),
    });
  } catch (error) {
    const refused = egressRefusal(error);
    if (refused) throw refusedDestination(request, refused.message, error);
    const ambiguous = !request.changesNothing && (request.init.method ?? 'GET') !== 'GET' && failedAfterSending(error);
    throw new ErpError(
      'retryable',
      request.erp,
      request.operation,
      `${request.erpName} ${request.operation} got no response${ambiguous ? ' (the request may have been applied)' : ''}: ${(error as Error).message}`,
      { cause: error, ambiguous },
    );
  }
  if (response.status >= 300 && response.status < 400) {
    await response.body?.cancel().catch(() => undefined);
    throw new ErpError(
      'validation',
      request.erp,
      request.operation,
      `${request.erpName} ${request.operation} answered with a redirect (HTTP ${response.status}); Ferry does not follow redirects: set the connection to the final address`,
      { status: response.status, erpCode: 'REDIRECT_REFUSED', ambiguous: false },
    );
  }
  return response;
}

/**
 * One HTTP request to an ERP, timed and counted per tenant, ERP, operation and outcome, within the egress
 * policy (sendToErp). No answer at all is `retryable`, and `ambiguous` when a write may have reached the ERP
 * before the connection failed (the delivery lane then looks the record up before writing again); an error
 * answer is classified by the ERP's own error reader.
 */
export async function callErp(call: ErpHttpCall): Promise<Response> {
  const labels = { tenantId: call.tenantId, erp: call.erp, operation: call.operation };
  const startedAt = Date.now();
  let response: Response;
  try {
    response = await sendToErp(call);
  } catch (error) {
    const failure = error as ErpError;
    recordErpCall(labels, failure.errorClass, failure.details.status, startedAt);
    throw failure;
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
