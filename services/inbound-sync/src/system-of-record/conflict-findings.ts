import { createHash } from 'node:crypto';
import type { SystemOfRecordConflict } from '@ferry/contracts';
import type { ErpRecord } from '@ferry/erp-core';
import type { FieldConflict } from '@ferry/master-data';
import type { InboundSource } from '../sync/inbound-change-mapper';

function json(value: unknown): string | null {
  return value === undefined || value === null ? null : JSON.stringify(value);
}

/**
 * One finding per conflicting field of one ERP change. The id is derived from the change (tenant, connection,
 * record, change time) and the field, so a change read again after a crash is the same finding.
 */
export function conflictFindings(
  source: InboundSource,
  record: ErpRecord,
  entityId: string | undefined,
  conflicts: readonly FieldConflict[],
  detectedAt: number,
): SystemOfRecordConflict[] {
  const changedAt = Date.parse(record.lastModified ?? '') || detectedAt;
  return conflicts.map((conflict) => ({
    findingId: createHash('sha256')
      .update(
        [source.tenantId, source.connectionId, source.recordType, record.erpRecordId, record.lastModified ?? '', conflict.path].join(
          '\u0000',
        ),
      )
      .digest('hex')
      .slice(0, 32),
    tenantId: source.tenantId,
    connectionId: source.connectionId,
    erpKind: source.erpKind,
    domain: 'customer',
    recordType: source.recordType,
    erpRecordId: record.erpRecordId,
    externalId: record.externalId ?? null,
    entityId: entityId || null,
    fieldGroup: conflict.group,
    fieldPath: conflict.path,
    owner: conflict.owner,
    erpValueJson: json(conflict.erpValue),
    keptValueJson: json(conflict.keptValue),
    changedAt,
    detectedAt,
  }));
}
