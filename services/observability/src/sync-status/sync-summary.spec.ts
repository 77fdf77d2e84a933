import { RECORDED_SYNC_OUTCOMES } from '@ferry/contracts';
import { summarise, summaryBucketOf } from './sync-summary';

const row = (entityType: string, stage: string, status: string, eventCount: number, latencyMsTotal = 0, at = '2026-01-01T00:00:00Z') => ({
  tenantId: 't',
  entityType,
  stage,
  status,
  eventCount,
  latencyMsTotal,
  withinObjectiveCount: 0,
  lastRecordedAt: new Date(at),
});

describe('summarise', () => {
  it('totals outcomes across entity types and averages delivery latency', () => {
    const summary = summarise('t', [
      row('customer', 'delivery', 'delivered', 3, 300, '2026-01-02T00:00:00Z'),
      row('invoice', 'delivery', 'delivered', 1, 500),
      row('invoice', 'transformation', 'skipped', 2),
      row('customer', 'delivery', 'dead_lettered', 1),
    ]);
    expect(summary.totals).toEqual({ delivered: 4, failed: 0, skipped: 2, dead_lettered: 1 });
    expect(summary.byEntityType).toEqual({ customer: { delivered: 3, dead_lettered: 1 }, invoice: { delivered: 1, skipped: 2 } });
    expect(summary.averageDeliveryLatencyMs).toBe(200);
    expect(summary.lastRecordedAt).toBe('2026-01-02T00:00:00.000Z');
  });

  it('counts the skipped versions delivery did not apply apart from those transformation skipped', () => {
    const summary = summarise('t', [row('customer', 'delivery', 'skipped', 3), row('customer', 'transformation', 'skipped', 2)]);
    expect(summary.totals.skipped).toBe(5);
    expect(summary.notApplied).toBe(3);
  });

  it('keeps statuses on the way and unknown statuses out of the totals but shows them per entity type', () => {
    const summary = summarise('t', [row('customer', 'delivery', 'retrying', 2), row('customer', 'delivery', 'archived', 1)]);
    expect(summary.totals).toEqual({ delivered: 0, failed: 0, skipped: 0, dead_lettered: 0 });
    expect(summary.byEntityType).toEqual({ customer: { retrying: 2, archived: 1 } });
  });

  it('reports nothing rather than zero latency for a tenant without deliveries', () => {
    expect(summarise('t', []).averageDeliveryLatencyMs).toBeNull();
  });
});

describe('summaryBucketOf', () => {
  it.each([
    ['delivered', 'delivered'],
    ['skipped', 'skipped'],
    ['dead_lettered', 'dead_lettered'],
    ['failed', 'failed'],
    ['routed', undefined],
    ['retrying', undefined],
    ['parked', undefined],
  ] as const)('%s counts in %p', (status, bucket) => {
    expect(summaryBucketOf(status)).toBe(bucket);
  });

  it('has a row above for every status of the vocabulary', () => {
    expect(RECORDED_SYNC_OUTCOMES).toHaveLength(7);
  });
});
