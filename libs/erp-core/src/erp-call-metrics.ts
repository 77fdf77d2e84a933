import { counter, histogram } from '@ferry/metrics';

const calls = counter('ferry_erp_requests_total', 'HTTP calls to ERPs', ['tenant_id', 'erp', 'operation', 'outcome', 'status_code']);
const seconds = histogram('ferry_erp_request_duration_seconds', 'Latency of ERP calls', ['tenant_id', 'erp', 'operation', 'outcome']);

/** Records one ERP call: outcome is ok or the ErpErrorClass; status_code is the HTTP status or 'none'. */
export function recordErpCall(
  labels: { tenantId: string; erp: string; operation: string },
  outcome: string,
  status: number | undefined,
  startedAt: number,
): void {
  calls.inc({
    tenant_id: labels.tenantId,
    erp: labels.erp,
    operation: labels.operation,
    outcome,
    status_code: status === undefined ? 'none' : String(status),
  });
  seconds.observe({ tenant_id: labels.tenantId, erp: labels.erp, operation: labels.operation, outcome }, (Date.now() - startedAt) / 1000);
}
