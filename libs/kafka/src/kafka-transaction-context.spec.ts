import type { Transaction } from 'kafkajs';
import { afterKafkaCommitTogether, runInKafkaTransaction, type KafkaTransactionScope } from './kafka-transaction-context';

describe('afterKafkaCommitTogether', () => {
  it('hands every item of one purpose to one call after the commit, in order, and keeps purposes apart', async () => {
    const scope: KafkaTransactionScope = { transaction: {} as Transaction, afterCommit: [] };
    const calls: string[][] = [];
    const work = async (items: string[]) => void calls.push([...items]);
    for (const [purpose, item] of [
      ['ledger', 'a'],
      ['other', 'x'],
      ['ledger', 'b'],
      ['ledger', 'c'],
    ] as const)
      await runInKafkaTransaction(scope, () => afterKafkaCommitTogether(purpose, item, work));

    expect(calls).toEqual([]);
    for (const after of scope.afterCommit) await after();
    expect(calls).toEqual([['a', 'b', 'c'], ['x']]);
  });

  it('runs the work at once for the item alone outside a transaction', async () => {
    const calls: string[][] = [];
    await afterKafkaCommitTogether('ledger', 'a', async (items) => void calls.push(items));
    expect(calls).toEqual([['a']]);
  });
});
