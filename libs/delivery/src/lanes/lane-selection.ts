/** What a lane keeps in memory about each unfinished command (the payload stays in PostgreSQL). */
export interface QueuedCommand {
  id: bigint;
  commandId: string;
  eventId: string;
  entityType: string;
  entityVersion: number;
  recordType: string;
  externalId: string;
  state: 'pending' | 'in_flight';
  /** Tries that counted against this command (see the delivery-guarantees design). */
  attempts: number;
  throttled: number;
  /** The last try may have been applied: look the record up in the ERP before writing again. */
  needsLookup: boolean;
  nextAttemptAt: number;
  firstFailedAt: number | null;
  acceptedAt: number;
}

/**
 * Which entity types may reference which: a record never overtakes an unfinished earlier record of a type it can
 * refer to (an order waits for the customer sent before it; customers pass each other freely).
 */
export const ENTITY_RANK: Readonly<Record<string, number>> = {
  customer: 0,
  subscription: 1,
  sales_order: 1,
  invoice: 2,
  payment: 3,
  shipment: 3,
};

export function entityKeyOf(command: Pick<QueuedCommand, 'recordType' | 'externalId'>): string {
  return `${command.recordType}\u0000${command.externalId}`;
}

/**
 * The commands a lane may start now, in arrival order, at most `limit`:
 * - only the newest pending version of each entity (older ones become stale once it is delivered), and none
 *   while another command of that entity is in flight — so a later update never overtakes an earlier one;
 * - only commands whose retry time has come;
 * - none that would overtake an earlier unfinished command of a type it may reference (ENTITY_RANK).
 * Pure, so the ordering rules are unit-tested without a database.
 */
export function selectDispatchable(commands: readonly QueuedCommand[], now: number, limit: number): QueuedCommand[] {
  if (limit <= 0) return [];
  const ordered = [...commands].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const newest = new Map<string, QueuedCommand>();
  const busy = new Set<string>();
  for (const command of ordered) {
    const key = entityKeyOf(command);
    if (command.state === 'in_flight') busy.add(key);
    else {
      const held = newest.get(key);
      if (!held || command.entityVersion > held.entityVersion || (command.entityVersion === held.entityVersion && command.id > held.id))
        newest.set(key, command);
    }
  }
  const chosen: QueuedCommand[] = [];
  let lowestUnfinishedRank = Number.POSITIVE_INFINITY;
  for (const command of ordered) {
    const rank = ENTITY_RANK[command.entityType] ?? 1;
    const key = entityKeyOf(command);
    const eligible =
      chosen.length < limit &&
      command.state === 'pending' &&
      newest.get(key) === command &&
      !busy.has(key) &&
      command.nextAttemptAt <= now &&
      rank <= lowestUnfinishedRank;
    if (eligible) {
      chosen.push(command);
      busy.add(key);
    }
    lowestUnfinishedRank = Math.min(lowestUnfinishedRank, rank);
  }
  return chosen;
}

/** When the lane should look again: the earliest retry time among commands waiting for one. */
export function nextRetryAt(commands: readonly QueuedCommand[], now: number): number | undefined {
  let earliest: number | undefined;
  for (const command of commands) {
    if (command.state === 'pending' && command.nextAttemptAt > now && (earliest === undefined || command.nextAttemptAt < earliest))
      earliest = command.nextAttemptAt;
  }
  return earliest;
}
