/** One feed's cursor as a backfill watches it. */
export interface FeedCursor {
  recordType: string;
  since: string;
  updatedAt: Date;
}

export interface FeedProgress {
  feed: string;
  /** waiting: the poller has not read the feed since the backfill; read: it has, up to `readUpTo`. */
  state: 'waiting' | 'read';
  readUpTo: string;
}

/**
 * Where each backfilled feed stands: read once the poller stored its cursor after the backfill moved it (one
 * poll reads the whole range), waiting until then. A feed with no change at all since `since` is never
 * stored again, so it stays waiting; the command says so when it stops watching.
 */
export function backfillProgress(requestedAt: Date, cursors: readonly FeedCursor[], prefix: string): FeedProgress[] {
  return cursors.map((cursor) => ({
    feed: cursor.recordType.startsWith(prefix) ? cursor.recordType.slice(prefix.length) : cursor.recordType,
    state: cursor.updatedAt.getTime() > requestedAt.getTime() ? 'read' : 'waiting',
    readUpTo: cursor.since,
  }));
}
