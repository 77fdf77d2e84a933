import type { RetentionTableDeclaration } from '@ferry/tenant-config';

/**
 * What reconciliation's retention job prunes (docs/governance.md#retention), both by the tenant's
 * reconciliationDays: findings by when they were detected, then finished runs by when they finished. A run is
 * kept while any of its findings is (the findings reference it), and the tenant's latest completed, partial or
 * unsupported run is always kept, since its drift summary is read from it. Queued and running runs are never
 * touched. The books (delivered_record, canonical_version) are current state, not history, and are not pruned.
 */
export const RECONCILIATION_RETENTION_TABLES: RetentionTableDeclaration[] = [
  { kind: 'reconciliation', table: 'reconciliation_finding', time: 'detected_at' },
  {
    kind: 'reconciliation',
    table: 'reconciliation_run',
    time: 'finished_at',
    condition: `status NOT IN ('queued', 'running')
      AND NOT EXISTS (SELECT 1 FROM reconciliation_finding f WHERE f.run_id = reconciliation_run.run_id)
      AND EXISTS (SELECT 1 FROM reconciliation_run newer WHERE newer.tenant_id = reconciliation_run.tenant_id
                    AND newer.status IN ('completed', 'partial', 'unsupported') AND newer.finished_at > reconciliation_run.finished_at)`,
  },
];
