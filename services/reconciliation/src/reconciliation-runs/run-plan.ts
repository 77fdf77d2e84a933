import type { EntityMapping, ErpConnection } from '@ferry/contracts';
import { type CanonicalReader, canonicalReaderFor } from '@ferry/canonical-comparison';
import { unsupportedReason } from './run-outcome';

/** One unit of a run's plan: what to reconcile, or why it cannot be. */
export interface PlannedUnit {
  connectionId: string;
  erpKind: string;
  recordType: string;
  mapping: EntityMapping;
  connection: ErpConnection | undefined;
  reader: CanonicalReader | undefined;
  unsupported?: string;
}

/**
 * A run's units from the tenant's configuration, in a stable order (connection, record type) so a resumed run
 * finds its checkpoint's unit at the same index. A mapping whose connection is gone is unsupported, not skipped.
 */
export function planUnits(
  configuration: { mappings: readonly EntityMapping[]; connections: readonly ErpConnection[] },
  readableErpKinds: ReadonlySet<string>,
): PlannedUnit[] {
  const units = configuration.mappings.map((mapping): PlannedUnit => {
    const connection = configuration.connections.find((candidate) => candidate.connectionId === mapping.connectionId);
    const erpKind = connection?.erpKind ?? 'unknown';
    const reader = connection ? canonicalReaderFor(erpKind, mapping.recordType) : undefined;
    const reason = connection
      ? unsupportedReason({
          connectorReads: readableErpKinds.has(erpKind),
          hasCanonicalReader: reader !== undefined,
          erpKind,
          recordType: mapping.recordType,
        })
      : `connection ${mapping.connectionId} is not configured`;
    return {
      connectionId: mapping.connectionId,
      erpKind,
      recordType: mapping.recordType,
      mapping,
      connection,
      reader,
      ...(reason ? { unsupported: reason } : {}),
    };
  });
  return units.sort((a, b) => (a.connectionId + '\u0000' + a.recordType < b.connectionId + '\u0000' + b.recordType ? -1 : 1));
}
