import { AsyncLocalStorage } from 'node:async_hooks';
import type { Transaction, TopicMessages } from 'kafkajs';

/**
 * The Kafka transaction a consume-transform-produce step runs in. EventProducer sends into it, so handlers
 * publish as usual and their output becomes visible (to read_committed readers) only together with the
 * consumed offsets. Work outside Kafka that must follow the commit (a ledger row) registers afterCommit.
 */
export interface KafkaTransactionScope {
  transaction: Transaction;
  afterCommit: (() => Promise<void>)[];
  /**
   * When present, what handlers publish is gathered here, in order, and sent in one request just before the
   * offsets and the commit (see TopicConsumer): one broker round trip per chunk instead of one per message.
   * Visibility is unchanged, since nothing of a transaction is visible before its commit.
   */
  outgoing?: TopicMessages[];
  /** Items of afterKafkaCommitTogether, by purpose, for one call each after the commit. */
  together?: Map<string, unknown[]>;
}

const scopes = new AsyncLocalStorage<KafkaTransactionScope>();

export function runInKafkaTransaction<T>(scope: KafkaTransactionScope, work: () => Promise<T>): Promise<T> {
  return scopes.run(scope, work);
}

export function currentKafkaTransaction(): KafkaTransactionScope | undefined {
  return scopes.getStore();
}

/** Runs `work` once the surrounding Kafka transaction committed, or at once when there is none. */
export async function afterKafkaCommit(work: () => Promise<void>): Promise<void> {
  const scope = scopes.getStore();
  if (scope) scope.afterCommit.push(work);
  else await work();
}

/**
 * Like afterKafkaCommit, for work that is cheaper done for many messages at once (one multi-row insert instead
 * of one insert per message): every `item` given under `purpose` while the transaction is open goes to one
 * call of `work`, in order, once it committed. Without a transaction `work` runs at once for this item alone.
 */
export async function afterKafkaCommitTogether<T>(purpose: string, item: T, work: (items: T[]) => Promise<void>): Promise<void> {
  const scope = scopes.getStore();
  if (!scope) return work([item]);
  scope.together ??= new Map();
  const gathered = scope.together.get(purpose) as T[] | undefined;
  if (gathered) {
    gathered.push(item);
    return;
  }
  const items = [item];
  scope.together.set(purpose, items);
  scope.afterCommit.push(() => work(items));
}
