import { keepBooks, percentile, type ErpRecord, type ObservedOutcome, type PublishedEvent } from './throughput-books';

const NOT_APPLIED = 'NOT_APPLIED';
const customer = (entityId: string, version: number, eventId = `${entityId}-v${version}`): PublishedEvent => ({
  tenantId: 't1',
  eventId,
  entityType: 'customer',
  entityId,
  version,
  publishedAt: 0,
});
const order = (entityId: string): PublishedEvent => ({ ...customer(entityId, 1, entityId), entityType: 'sales_order' });
const seen = (status: string, extra: Partial<ObservedOutcome> = {}): ObservedOutcome => ({
  status,
  errorCode: null,
  seenAt: 1,
  deliveredReports: status === 'delivered' ? 1 : 0,
  ...extra,
});
const record = (externalId: string, companyName: string | null = null, writeCount = 1): ErpRecord => ({
  externalId,
  fields: companyName ? { companyName } : {},
  writeCount,
});

describe('keepBooks', () => {
  const published = [customer('c1', 1), customer('c1', 2), order('o1')];
  const allDelivered = new Map([
    ['c1-v1', seen('delivered')],
    ['c1-v2', seen('delivered')],
    ['o1', seen('delivered')],
  ]);
  const cleanErp = { customer: [record('ferry-c1', 'Customer c1 v2', 2)], salesOrder: [record('ferry-o1')] };

  it.each<[string, Map<string, ObservedOutcome>, typeof cleanErp, Partial<ReturnType<typeof keepBooks>>]>([
    ['a clean run', allDelivered, cleanErp, { delivered: 3, lost: 0, duplicated: 0, reordered: 0, repeatWrites: 0 }],
    [
      'an event without a final status is lost',
      new Map([...allDelivered].filter(([id]) => id !== 'o1')),
      cleanErp,
      { lost: 1, delivered: 2 },
    ],
    [
      'an older version skipped as not applied is stale, not lost',
      new Map([...allDelivered, ['c1-v1', seen('skipped', { errorCode: NOT_APPLIED })]]),
      { ...cleanErp, customer: [record('ferry-c1', 'Customer c1 v2', 1)] },
      { stale: 1, delivered: 2, lost: 0, repeatWrites: 0 },
    ],
    [
      'a dead letter is counted',
      new Map([...allDelivered, ['o1', seen('dead_lettered')]]),
      { ...cleanErp, salesOrder: [] },
      { deadLettered: 1 },
    ],
    [
      'an event reported delivered twice is a duplicate',
      new Map([...allDelivered, ['o1', seen('delivered', { deliveredReports: 2 })]]),
      cleanErp,
      { duplicated: 1 },
    ],
    [
      'two ERP records for one external id are a duplicate',
      allDelivered,
      { ...cleanErp, salesOrder: [record('ferry-o1'), record('ferry-o1')] },
      { duplicated: 1, repeatWrites: 1 },
    ],
    [
      'the ERP holding an older version than the newest published is a reordering',
      allDelivered,
      { ...cleanErp, customer: [record('ferry-c1', 'Customer c1 v1', 2)] },
      { reordered: 1 },
    ],
    [
      'a customer missing from the ERP counts as reordered (its newest version is not there)',
      allDelivered,
      { ...cleanErp, customer: [] },
      { reordered: 1 },
    ],
    [
      'a write beyond one per delivery is a repeat write',
      allDelivered,
      { ...cleanErp, salesOrder: [record('ferry-o1', null, 2)] },
      { repeatWrites: 1 },
    ],
  ])('%s', (_case, outcomes, erp, expected) => {
    expect(keepBooks(published, outcomes, new Map([['t1', erp]]), NOT_APPLIED)).toMatchObject(expected);
  });
});

describe('percentile', () => {
  it.each([
    [[], 50, Number.NaN],
    [[5], 99, 5],
    [[1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 50, 5],
    [[10, 9, 8, 7, 6, 5, 4, 3, 2, 1], 95, 10],
    [[1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0, 1],
  ])('of %j at p%d is %d', (values, p, expected) => {
    expect(percentile(values, p)).toBe(expected);
  });
});
