import { isFerryConsumerGroup, topicLag } from './consumer-lag';

describe('isFerryConsumerGroup', () => {
  it.each([
    ['ferry-transformation', 'ferry', true],
    ['ferry-observability-dead-letters', 'ferry', true],
    ['ferry-e2e-delivery-netsuite', 'ferry-e2e', true],
    ['ferry-e2e-delivery-netsuite', 'ferry', true],
    ['ferry-delivery-netsuite', 'ferry-e2e', false],
    ['ferryman-ingestion', 'ferry', false],
    ['other-app', 'ferry', false],
    ['ferry-transformation-config-view-0b9c5a8e-1f7d-4c2a-9e0f-3a2b1c4d5e6f', 'ferry', false],
    ['ferry-test-collector-0b9c5a8e-1f7d-4c2a-9e0f-3a2b1c4d5e6f', 'ferry', false],
  ])('%s with prefix %s → %p', (group, prefix, expected) => {
    expect(isFerryConsumerGroup(group, prefix)).toBe(expected);
  });
});

describe('topicLag', () => {
  const end = (partition: number, low: number, high: number) => ({ partition, low: String(low), high: String(high) });
  const commit = (partition: number, offset: number) => ({ partition, offset: String(offset) });

  it.each([
    ['caught up', [end(0, 0, 10), end(1, 0, 5)], [commit(0, 10), commit(1, 5)], { lag: 0, committed: 15 }],
    ['behind on one partition', [end(0, 0, 10), end(1, 0, 5)], [commit(0, 7), commit(1, 5)], { lag: 3, committed: 12 }],
    [
      'no commit on a partition: everything retained there',
      [end(0, 4, 10), end(1, 0, 5)],
      [commit(0, -1), commit(1, 5)],
      { lag: 6, committed: 5 },
    ],
    ['a partition the group never saw', [end(0, 0, 3), end(1, 0, 2)], [commit(0, 3)], { lag: 2, committed: 3 }],
    ['commit below the retention start', [end(0, 8, 10)], [commit(0, 2)], { lag: 2, committed: 2 }],
    ['empty topic', [end(0, 0, 0)], [], { lag: 0, committed: 0 }],
  ])('%s', (_case, ends, commits, expected) => {
    expect(topicLag(ends, commits)).toEqual(expected);
  });
});
