import type { ClusterEvent } from '@ferry/matching';

/** An unordered pair of record keys, stored smaller key first. */
export type KeyPair = readonly [string, string];

/** What one matcher operation changed, as the database and the golden-customers topic need it. */
export interface ClusterChanges {
  /** Live golden ids whose members or fields may have changed: stored and published again. */
  goldenIds: string[];
  /** Golden ids a merge retired, each with the id that survived it (followed to the end of a chain). */
  retired: { retired: string; survivor: string }[];
  mustLinks: KeyPair[];
  cannotLinks: KeyPair[];
  /** Splits, with the records moved to the new golden id (the others stay). */
  splits: { goldenId: string; newGoldenId: string; recordKeys: readonly string[] }[];
}

export function orderedPair(a: string, b: string): KeyPair {
  return a < b ? [a, b] : [b, a];
}

/** Reads a matcher operation's events (created, joined, merged, split, mustLink, cannotLink, updated). */
export function clusterChangesOf(events: readonly ClusterEvent[]): ClusterChanges {
  const touched: string[] = [];
  const survivorOf = new Map<string, string>();
  const changes: ClusterChanges = { goldenIds: [], retired: [], mustLinks: [], cannotLinks: [], splits: [] };
  for (const event of events) {
    switch (event.type) {
      case 'created':
      case 'joined':
      case 'updated':
        touched.push(event.goldenId);
        break;
      case 'merged':
        touched.push(event.survivor);
        survivorOf.set(event.retired, event.survivor);
        break;
      case 'split':
        touched.push(event.goldenId, event.newGoldenId);
        changes.splits.push({ goldenId: event.goldenId, newGoldenId: event.newGoldenId, recordKeys: event.recordKeys });
        break;
      case 'mustLink':
        changes.mustLinks.push(orderedPair(event.a, event.b));
        break;
      case 'cannotLink':
        changes.cannotLinks.push(orderedPair(event.a, event.b));
        break;
      default:
        return unknownEvent(event);
    }
  }
  const live = (id: string): string => {
    let current = id;
    for (let next = survivorOf.get(current); next !== undefined; next = survivorOf.get(current)) current = next;
    return current;
  };
  changes.retired = [...survivorOf.keys()].map((retired) => ({ retired, survivor: live(retired) }));
  changes.goldenIds = [...new Set(touched.map(live))];
  return changes;
}

function unknownEvent(event: never): never {
  throw new Error(`unknown cluster event ${JSON.stringify(event)}`);
}
