/**
 * The console's live streams (server-sent events), as plain decisions: what an event looks like on the wire, which
 * streams it reaches, whether another stream may open, whether a stream token opens this stream, and what to do
 * when a client reads slower than events come (backpressure).
 */

/** A sync status as the console's tenant view shows it (the fields of GET …/sync-statuses the view uses). */
export interface LiveSyncStatus {
  statusId: string;
  eventId: string;
  entityType: string;
  entityId: string;
  stage: string;
  status: string;
  connectionId: string | null;
  errorClass: string | null;
  errorCode: string | null;
  errorMessage: string | null;
  configVersion: number | null;
  recordedAt: string;
}

export interface LiveLaneState {
  connectionId: string;
  erpKind: string;
  service: string;
  state: string;
  reason: string | null;
  pendingCount: number | null;
  changedAt: string;
}

export interface LiveDeadLetter {
  deadLetterId: string;
  service: string;
  eventId: string | null;
  errorClass: string;
  errorCode: string;
}

export type LiveEvent =
  | { type: 'sync-status'; tenantId: string; status: LiveSyncStatus }
  | { type: 'lane-state'; tenantId: string; lane: LiveLaneState }
  | { type: 'dead-letter'; tenantId: string; deadLetter: LiveDeadLetter };

/** Most streams one tenant may hold open on one replica (its admins' tabs); the fleet's limit is for operators' tabs. */
export const MAX_STREAMS_PER_TENANT = 10;
export const MAX_FLEET_STREAMS = 20;
/** A comment line this often keeps proxies from closing an idle stream and lets the client notice a dead one. */
export const HEARTBEAT_MS = 15_000;
/** A stream is closed after this long (the client opens a new one with a new token), so a revoked key's stream ends. */
export const MAX_STREAM_LIFETIME_MS = 10 * 60_000;
/** A stream token opens streams for this long after it was issued. */
export const STREAM_TOKEN_TTL_MS = 60_000;
/** Bytes a stream may have waiting in its socket before it counts as not keeping up. */
export const MAX_BUFFERED_BYTES = 256 * 1024;

/** The tenant a stream is about; null is the fleet (every tenant, operators only). */
export type StreamScope = string | null;

export function sseFrame(id: number, event: LiveEvent): string {
  const data = event.type === 'sync-status' ? event.status : event.type === 'lane-state' ? event.lane : event.deadLetter;
  return `id: ${id}\nevent: ${event.type}\ndata: ${JSON.stringify({ tenantId: event.tenantId, ...data })}\n\n`;
}

export const HEARTBEAT_FRAME = ': heartbeat\n\n';
/** Sent first: how long the browser waits before reconnecting on its own after the connection drops. */
export const OPENING_FRAME = 'retry: 3000\n: stream open\n\n';

/** Events were dropped for this client: its view is stale and must be fetched again. */
export function refetchFrame(dropped: number): string {
  return `event: refetch\ndata: ${JSON.stringify({ reason: 'slow-client', dropped })}\n\n`;
}

/** The stream is closing on purpose (lifetime reached): get a new token and open a new one. */
export const RENEW_FRAME = `event: renew\ndata: ${JSON.stringify({ reason: 'lifetime' })}\n\n`;

/**
 * Whether an event reaches a stream. A tenant's stream gets everything of that tenant; the fleet stream gets what
 * changes a fleet row (lane states, dead letters, statuses that stopped with an error), not every routine status.
 */
export function reaches(event: LiveEvent, scope: StreamScope): boolean {
  if (scope !== null) return event.tenantId === scope;
  if (event.type !== 'sync-status') return true;
  return event.status.status === 'dead_lettered' || event.status.status === 'failed';
}

export type Admission = { admitted: true } | { admitted: false; reason: string };

export function admit(scope: StreamScope, openForScope: number): Admission {
  const limit = scope === null ? MAX_FLEET_STREAMS : MAX_STREAMS_PER_TENANT;
  if (openForScope < limit) return { admitted: true };
  return {
    admitted: false,
    reason:
      scope === null
        ? `${limit} fleet streams are open on this replica already; close a console tab`
        : `tenant ${scope} has ${limit} live streams open on this replica already; close a console tab`,
  };
}

export interface StoredStreamToken {
  tenantId: string | null;
  expiresAt: Date;
}

export type TokenCheck = { ok: true } | { ok: false; reason: 'unknown' | 'expired' | 'other-scope' };

/** A token opens only the stream it was issued for (that tenant, or the fleet), and only until it expires. */
export function checkStreamToken(token: StoredStreamToken | undefined, scope: StreamScope, now: Date): TokenCheck {
  if (!token) return { ok: false, reason: 'unknown' };
  if (token.expiresAt.getTime() <= now.getTime()) return { ok: false, reason: 'expired' };
  if (token.tenantId !== scope) return { ok: false, reason: 'other-scope' };
  return { ok: true };
}

/** What a stream knows about its own backlog. */
export interface StreamState {
  /** Events were dropped since the client last caught up; the client has not been told yet. */
  dropped: number;
  /** Bytes written to the socket but not yet sent. */
  bufferedBytes: number;
}

export type Delivery = 'send' | 'drop';

/**
 * Backpressure: once a client's socket holds more than MAX_BUFFERED_BYTES, or events were dropped and the socket has
 * not drained since, further events are dropped (never queued without bound); when the socket drains the client is
 * told to refetch (refetchFrame) and live events flow again.
 */
export function deliveryOf(state: StreamState): Delivery {
  return state.dropped > 0 || state.bufferedBytes > MAX_BUFFERED_BYTES ? 'drop' : 'send';
}
