import { completedWithinObjective, deliveryBookEntry } from './delivery-bookkeeping';

describe('deliveryBookEntry', () => {
  it.each([
    ['transformation', 'routed', 'ns-main', 'open'],
    ['delivery', 'delivered', 'ns-main', 'close'],
    ['delivery', 'skipped', 'ns-main', 'close'],
    ['delivery', 'dead_lettered', 'ns-main', 'close'],
    ['delivery', 'failed', 'ns-main', 'close'],
    ['delivery', 'retrying', 'ns-main', 'none'],
    ['delivery', 'parked', 'ns-main', 'none'],
    ['transformation', 'skipped', null, 'none'],
    ['transformation', 'dead_lettered', null, 'none'],
    ['transformation', 'routed', null, 'none'],
    ['delivery', 'delivered', null, 'none'],
  ])('%s/%s on connection %p → %s', (stage, status, connectionId, entry) => {
    expect(deliveryBookEntry({ stage, status, connectionId })).toBe(entry);
  });
});

describe('completedWithinObjective', () => {
  it.each([
    ['delivery', 'delivered', 299_999, true],
    ['delivery', 'delivered', 300_000, true],
    ['delivery', 'delivered', 300_001, false],
    ['delivery', 'delivered', null, false],
    ['delivery', 'dead_lettered', 10, false],
    ['transformation', 'routed', 10, false],
  ])('%s/%s after %p ms within 300 s → %p', (stage, status, latencyMs, within) => {
    expect(completedWithinObjective({ stage, status, latencyMs }, 300_000)).toBe(within);
  });
});
