import { nextRetryAt, selectDispatchable, type QueuedCommand } from './lane-selection';

let nextId = 1n;
function command(entityType: string, externalId: string, entityVersion: number, overrides: Partial<QueuedCommand> = {}): QueuedCommand {
  const id = nextId++;
  return {
    id,
    commandId: `c${id}`,
    eventId: `e${id}`,
    entityType,
    entityVersion,
    recordType: entityType,
    externalId,
    state: 'pending',
    attempts: 0,
    throttled: 0,
    needsLookup: false,
    nextAttemptAt: 0,
    firstFailedAt: null,
    acceptedAt: 0,
    ...overrides,
  };
}
const ids = (commands: QueuedCommand[]) => commands.map((c) => `${c.externalId}@${c.entityVersion}`);

describe('selectDispatchable', () => {
  it('starts independent records together, in arrival order, up to the limit', () => {
    const queue = [command('customer', 'a', 1), command('customer', 'b', 1), command('customer', 'c', 1)];
    expect(ids(selectDispatchable(queue, 0, 2))).toEqual(['a@1', 'b@1']);
    expect(selectDispatchable(queue, 0, 0)).toEqual([]);
  });

  it('sends only the newest pending version of a record, and nothing of it while a write is in flight', () => {
    const queue = [command('customer', 'a', 1), command('customer', 'a', 3), command('customer', 'a', 2)];
    expect(ids(selectDispatchable(queue, 0, 5))).toEqual(['a@3']);
    const inFlight = [command('customer', 'a', 1, { state: 'in_flight' }), command('customer', 'a', 2), command('customer', 'b', 1)];
    expect(ids(selectDispatchable(inFlight, 0, 5))).toEqual(['b@1']);
  });

  it('lets a record wait for its retry time without holding up other records of its type', () => {
    const queue = [command('customer', 'a', 1, { nextAttemptAt: 5000, attempts: 1 }), command('customer', 'b', 1)];
    expect(ids(selectDispatchable(queue, 1000, 5))).toEqual(['b@1']);
    expect(nextRetryAt(queue, 1000)).toBe(5000);
    expect(ids(selectDispatchable(queue, 5000, 5))).toEqual(['a@1', 'b@1']);
  });

  it('keeps an order behind an unfinished customer sent before it, but not behind one sent after it', () => {
    const queue = [command('customer', 'a', 1, { nextAttemptAt: 5000 }), command('sales_order', 'o1', 1), command('customer', 'b', 1)];
    expect(ids(selectDispatchable(queue, 0, 5))).toEqual(['b@1']);
    const later = [command('sales_order', 'o2', 1), command('customer', 'c', 1, { state: 'in_flight' })];
    expect(ids(selectDispatchable(later, 0, 5))).toEqual(['o2@1']);
  });

  it('holds payments behind the invoice before them while it is in flight', () => {
    const queue = [command('invoice', 'i1', 1, { state: 'in_flight' }), command('payment', 'p1', 1), command('invoice', 'i2', 1)];
    expect(ids(selectDispatchable(queue, 0, 5))).toEqual(['i2@1']);
  });
});
