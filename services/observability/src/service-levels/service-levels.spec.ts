import { fleetServiceLevels, tenantServiceLevels, type BacklogRow, type OutcomeRow } from './service-levels';

const NOW = Date.parse('2026-03-01T12:00:00Z');
const outcome = (
  tenantId: string,
  entityType: string,
  stage: string,
  status: string,
  eventCount: number,
  withinObjectiveCount = 0,
): OutcomeRow => ({
  tenantId,
  entityType,
  stage,
  status,
  eventCount,
  withinObjectiveCount,
});
const waiting = (tenantId: string, entityType: string, count: number, secondsAgo: number): BacklogRow => ({
  tenantId,
  entityType,
  count,
  oldestEventOccurredAt: new Date(NOW - secondsAgo * 1000),
});

describe('tenantServiceLevels', () => {
  const levels = tenantServiceLevels({
    tenantId: 't',
    outcomes: [
      outcome('t', 'sales_order', 'delivery', 'delivered', 8, 6),
      outcome('t', 'sales_order', 'delivery', 'dead_lettered', 1),
      outcome('t', 'sales_order', 'transformation', 'dead_lettered', 1),
      outcome('t', 'sales_order', 'transformation', 'routed', 10),
      outcome('t', 'sales_order', 'delivery', 'retrying', 4),
      outcome('t', 'customer', 'delivery', 'delivered', 2, 2),
      outcome('t', 'customer', 'transformation', 'skipped', 3),
    ],
    backlog: [waiting('t', 'sales_order', 2, 90), waiting('t', 'customer', 1, 30)],
    openExceptions: [{ tenantId: 't', count: 2, oldestOpenedAt: new Date(NOW - 600_000) }],
    completionMs: new Map([['sales_order', { p50: 800, p95: 4000, p99: 9000 }]]),
    resolution: { resolved: 3, p50: 120, p95: 3600 },
    now: NOW,
  });

  it.each([
    ['delivered', 10],
    ['deadLettered', 2],
    ['skipped', 3],
    ['successRatio', 10 / 12],
    ['completedWithinObjectiveRatio', 8 / 10],
    ['backlog', 3],
    ['freshnessSeconds', 90],
    ['oldestUndeliveredEventAt', '2026-03-01T11:58:30.000Z'],
  ])('overall %s is %p (routed and retrying are neither outcomes nor failures)', (field, value) => {
    expect(levels[field as keyof typeof levels]).toEqual(value);
  });

  it('splits the same figures per entity type, with completion percentiles where there were deliveries', () => {
    expect(levels.byEntityType).toEqual([
      {
        entityType: 'customer',
        delivered: 2,
        deadLettered: 0,
        skipped: 3,
        successRatio: 1,
        completedWithinObjectiveRatio: 1,
        backlog: 1,
        oldestUndeliveredEventAt: '2026-03-01T11:59:30.000Z',
        freshnessSeconds: 30,
        completionMs: { p50: null, p95: null, p99: null },
      },
      {
        entityType: 'sales_order',
        delivered: 8,
        deadLettered: 2,
        skipped: 0,
        successRatio: 0.8,
        completedWithinObjectiveRatio: 0.75,
        backlog: 2,
        oldestUndeliveredEventAt: '2026-03-01T11:58:30.000Z',
        freshnessSeconds: 90,
        completionMs: { p50: 800, p95: 4000, p99: 9000 },
      },
    ]);
  });

  it('reports open exceptions with the oldest, and resolution times', () => {
    expect(levels.exceptions).toEqual({
      open: 2,
      oldestOpenedAt: '2026-03-01T11:50:00.000Z',
      resolved: 3,
      resolutionSeconds: { p50: 120, p95: 3600 },
    });
  });

  it('says "no data" rather than 0 % or 100 % for a tenant without outcomes, and freshness 0 with nothing waiting', () => {
    const idle = tenantServiceLevels({
      tenantId: 'idle',
      outcomes: [],
      backlog: [],
      openExceptions: [],
      completionMs: new Map(),
      resolution: { resolved: 0, p50: null, p95: null },
      now: NOW,
    });
    expect(idle).toMatchObject({
      successRatio: null,
      completedWithinObjectiveRatio: null,
      backlog: 0,
      freshnessSeconds: 0,
      byEntityType: [],
    });
  });
});

describe('fleetServiceLevels', () => {
  const input = {
    outcomes: [
      outcome('a', 'customer', 'delivery', 'delivered', 9, 9),
      outcome('a', 'customer', 'delivery', 'dead_lettered', 1),
      outcome('b', 'customer', 'delivery', 'delivered', 5, 4),
      outcome('c', 'customer', 'transformation', 'dead_lettered', 2),
    ],
    backlog: [waiting('b', 'customer', 4, 300), waiting('c', 'sales_order', 1, 20)],
    openExceptions: [{ tenantId: 'c', count: 2, oldestOpenedAt: new Date(NOW - 60_000) }],
    lastRecorded: new Map([
      ['a', new Date(NOW - 1000)],
      ['d', new Date(NOW - 86_400_000)],
    ]),
    now: NOW,
    limit: 10,
    offset: 0,
  };
  const order = (sort: Parameters<typeof fleetServiceLevels>[0]['sort'], direction: 'asc' | 'desc') =>
    fleetServiceLevels({ ...input, sort, order: direction }).items.map((row) => row.tenantId);

  it.each([
    ['tenant', 'asc', ['a', 'b', 'c', 'd']],
    ['freshness', 'desc', ['b', 'c', 'a', 'd']],
    ['backlog', 'desc', ['b', 'c', 'a', 'd']],
    ['openExceptions', 'desc', ['c', 'a', 'b', 'd']],
    ['successRatio', 'asc', ['c', 'a', 'b', 'd']],
  ] as const)('sorted by %s %s: %p (ties by tenant id)', (sort, direction, expected) => {
    expect(order(sort, direction)).toEqual(expected);
  });

  it('pages, filters by tenant prefix and totals the fleet over the tenants it includes', () => {
    const page = fleetServiceLevels({ ...input, sort: 'tenant', order: 'asc', limit: 2, offset: 1 });
    expect(page.total).toBe(4);
    expect(page.items.map((row) => row.tenantId)).toEqual(['b', 'c']);
    expect(page.fleet).toMatchObject({ tenants: 4, delivered: 14, deadLettered: 3, backlog: 5, openExceptions: 2, freshnessSeconds: 300 });
    const filtered = fleetServiceLevels({ ...input, sort: 'tenant', order: 'asc', tenantPrefix: 'c' });
    expect(filtered.items.map((row) => row.tenantId)).toEqual(['c']);
    expect(filtered.fleet).toMatchObject({ tenants: 1, delivered: 0, deadLettered: 2, backlog: 1 });
  });
});
