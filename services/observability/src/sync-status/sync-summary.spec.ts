import { summarise } from './sync-summary';

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

  it('reports nothing rather than zero latency for a tenant without deliveries', () => {
    expect(summarise('t', []).averageDeliveryLatencyMs).toBeNull();
  });
});
