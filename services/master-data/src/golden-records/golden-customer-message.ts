import type { GoldenCustomer } from '@ferry/contracts';
import type { GoldenRecord } from '@ferry/matching';

/** The golden-customers topic's key: the tenant first (it chooses the partition), then the golden id. */
export function goldenCustomerKey(tenantId: string, goldenId: string): string {
  return `${tenantId}:${goldenId}`;
}

/** A live golden record as published: every surviving field with its lineage, its source records and aliases. */
export function activeGoldenCustomer(tenantId: string, golden: GoldenRecord, aliases: readonly string[], now: number): GoldenCustomer {
  return {
    tenantId,
    goldenId: golden.goldenId,
    status: 'active',
    mergedInto: null,
    fields: Object.entries(golden.fields)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([path, lineage]) => ({
        path,
        value: lineage.value,
        source: lineage.source,
        recordId: lineage.recordId,
        updatedAt: lineage.updatedAt ?? null,
        rule: lineage.rule,
      })),
    sourceRecords: golden.sourceRecords.map(({ source, id }) => ({ source, recordId: id })),
    externalIds: golden.externalIds.map(({ system, id }) => ({ system, id })),
    aliases: [...aliases].sort(),
    updatedAt: now,
  };
}

/** The last record of a golden id a merge retired: no fields, and the id that survived. */
export function mergedGoldenCustomer(tenantId: string, retired: string, survivor: string, now: number): GoldenCustomer {
  return {
    tenantId,
    goldenId: retired,
    status: 'merged',
    mergedInto: survivor,
    fields: [],
    sourceRecords: [],
    externalIds: [],
    aliases: [],
    updatedAt: now,
  };
}
