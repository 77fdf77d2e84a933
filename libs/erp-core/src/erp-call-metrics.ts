import { counter, histogram } from '@ferry/metrics';

const calls = counter('ferry_erp_requests_total', 'HTTP calls to ERPs', ['tenant_id', 'erp', 'operation', 'outcome', 'status_code']);
// No tenant label on the histogram: its buckets per tenant would dwarf every other series (tenants are on the counter).
const seconds = histogram('ferry_erp_request_duration_seconds', 'Latency of ERP calls', ['erp', 'operation', 'outcome']);

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
  seconds.observe({ erp: labels.erp, operation: labels.operation, outcome }, (Date.now() - startedAt) / 1000);
}
