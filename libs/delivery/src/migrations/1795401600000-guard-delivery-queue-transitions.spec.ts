import { allowedChanges } from '../queue/queue-states';
import { GUARDED_QUEUE_CHANGES } from './1795401600000-guard-delivery-queue-transitions';

describe('the database guard on delivery_queue state changes', () => {
  it('allows exactly the changes of the queue transition table', () => {
    const table = allowedChanges().map(({ from, to }) => `${from} → ${to}`);
    expect(GUARDED_QUEUE_CHANGES.map(([from, to]) => `${from} → ${to}`).sort()).toEqual(table.sort());
  });
});
