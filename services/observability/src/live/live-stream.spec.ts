import { LiveEventBroadcaster, type LiveSink } from './live-event-broadcaster';
import {
  MAX_BUFFERED_BYTES,
  MAX_FLEET_STREAMS,
  MAX_STREAMS_PER_TENANT,
  MAX_STREAM_LIFETIME_MS,
  admit,
  checkStreamToken,
  deliveryOf,
  reaches,
  sseFrame,
  type LiveEvent,
} from './live-stream';

const status = (tenantId: string, outcome = 'delivered'): LiveEvent => ({
  type: 'sync-status',
  tenantId,
  status: {
    statusId: 's-1',
    eventId: 'e-1',
    entityType: 'customer',
    entityId: 'c-1',
    stage: 'delivery',
    status: outcome,
    connectionId: 'ns',
    errorClass: null,
    errorCode: null,
    errorMessage: null,
    configVersion: 2,
    recordedAt: '2026-12-02T08:00:00.000Z',
  },
});
const lane: LiveEvent = {
  type: 'lane-state',
  tenantId: 'acme',
  lane: {
    connectionId: 'ns',
    erpKind: 'netsuite',
    service: 'delivery-netsuite',
    state: 'parked',
    reason: 'revoked',
    pendingCount: 2,
    changedAt: 'x',
  },
};

describe('reaches: which streams an event goes to', () => {
  it.each([
    [status('acme'), 'acme', true],
    [status('acme'), 'globex', false],
    [lane, 'acme', true],
    [lane, 'globex', false],
    // The fleet stream: what changes a fleet row, not every routine status.
    [status('acme'), null, false],
    [status('acme', 'dead_lettered'), null, true],
    [status('acme', 'failed'), null, true],
    [lane, null, true],
  ] as const)('%j to %s → %s', (event, scope, expected) => {
    expect(reaches(event, scope)).toBe(expected);
  });
});

describe('admit: streams per tenant and for the fleet', () => {
  it.each([
    ['acme', 0, true],
    ['acme', MAX_STREAMS_PER_TENANT - 1, true],
    ['acme', MAX_STREAMS_PER_TENANT, false],
    [null, MAX_STREAMS_PER_TENANT, true],
    [null, MAX_FLEET_STREAMS, false],
  ] as const)('%s with %d open → admitted %s', (scope, open, admitted) => {
    expect(admit(scope, open).admitted).toBe(admitted);
  });
});

describe('checkStreamToken', () => {
  const now = new Date('2026-12-02T08:00:00Z');
  const later = new Date('2026-12-02T08:01:00Z');
  it.each([
    [undefined, 'acme', { ok: false, reason: 'unknown' }],
    [{ tenantId: 'acme', expiresAt: later }, 'acme', { ok: true }],
    [{ tenantId: 'acme', expiresAt: now }, 'acme', { ok: false, reason: 'expired' }],
    [{ tenantId: 'acme', expiresAt: later }, 'globex', { ok: false, reason: 'other-scope' }],
    [{ tenantId: 'acme', expiresAt: later }, null, { ok: false, reason: 'other-scope' }],
    [{ tenantId: null, expiresAt: later }, 'acme', { ok: false, reason: 'other-scope' }],
    [{ tenantId: null, expiresAt: later }, null, { ok: true }],
  ] as const)('%j for %s → %j', (token, scope, expected) => {
    expect(checkStreamToken(token, scope, now)).toEqual(expected);
  });
});

describe('deliveryOf: backpressure', () => {
  it.each([
    [{ dropped: 0, bufferedBytes: 0 }, 'send'],
    [{ dropped: 0, bufferedBytes: MAX_BUFFERED_BYTES }, 'send'],
    [{ dropped: 0, bufferedBytes: MAX_BUFFERED_BYTES + 1 }, 'drop'],
    // Once dropping, keep dropping until the socket drained and the client was told to refetch.
    [{ dropped: 3, bufferedBytes: 0 }, 'drop'],
  ] as const)('%j → %s', (state, delivery) => {
    expect(deliveryOf(state)).toBe(delivery);
  });
});

describe('sseFrame', () => {
  it('is one server-sent event with its id, type and JSON data', () => {
    expect(sseFrame(7, lane)).toBe(
      'id: 7\nevent: lane-state\ndata: {"tenantId":"acme","connectionId":"ns","erpKind":"netsuite","service":"delivery-netsuite","state":"parked","reason":"revoked","pendingCount":2,"changedAt":"x"}\n\n',
    );
  });
});

class FakeSink implements LiveSink {
  frames: string[] = [];
  buffered = 0;
  ended = false;
  private drained: (() => void) | undefined;
  write(frame: string) {
    this.frames.push(frame);
  }
  bufferedBytes() {
    return this.buffered;
  }
  onceDrained(listener: () => void) {
    this.drained = listener;
  }
  end() {
    this.ended = true;
  }
  drain() {
    this.buffered = 0;
    const listener = this.drained;
    this.drained = undefined;
    listener?.();
  }
  events() {
    return this.frames.map((frame) => /^event: (\S+)/m.exec(frame)?.[1] ?? (frame.startsWith('retry:') ? 'opening' : 'comment'));
  }
}

describe('LiveEventBroadcaster', () => {
  let broadcaster: LiveEventBroadcaster;
  beforeEach(() => (broadcaster = new LiveEventBroadcaster()));
  afterEach(() => broadcaster.onModuleDestroy());

  it('sends each tenant its own events only, and the fleet what changes a fleet row', () => {
    const acme = new FakeSink();
    const globex = new FakeSink();
    const fleet = new FakeSink();
    broadcaster.open('acme', acme);
    broadcaster.open('globex', globex);
    broadcaster.open(null, fleet);
    broadcaster.publish(status('acme'));
    broadcaster.publish(status('globex', 'dead_lettered'));
    expect(acme.frames.filter((f) => f.includes('sync-status')).length).toBe(1);
    expect(globex.frames.filter((f) => f.includes('sync-status')).length).toBe(1);
    expect(fleet.frames.filter((f) => f.includes('sync-status'))).toEqual([expect.stringContaining('"tenantId":"globex"')]);
  });

  it('refuses a stream over the per-tenant cap, and admits again once one closes', () => {
    const opened = Array.from({ length: MAX_STREAMS_PER_TENANT }, () => broadcaster.open('acme', new FakeSink()));
    expect(opened.every((o) => o.admitted)).toBe(true);
    expect(broadcaster.open('acme', new FakeSink()).admitted).toBe(false);
    expect(broadcaster.open('globex', new FakeSink()).admitted).toBe(true);
    opened[0]!.close();
    expect(broadcaster.open('acme', new FakeSink()).admitted).toBe(true);
  });

  it('drops events for a client that does not keep up, then tells it to refetch once its socket drains', () => {
    const slow = new FakeSink();
    broadcaster.open('acme', slow);
    slow.buffered = MAX_BUFFERED_BYTES + 1;
    broadcaster.publish(status('acme'));
    broadcaster.publish(status('acme'));
    broadcaster.tick(Date.now());
    // Only the opening frame: both events dropped, no heartbeat queued behind them either.
    expect(slow.events()).toEqual(['opening']);
    slow.drain();
    broadcaster.publish(status('acme'));
    expect(slow.events()).toEqual(['opening', 'refetch', 'sync-status']);
    expect(slow.frames[1]).toContain('"dropped":2');
  });

  it('sends heartbeats, and closes a stream past its lifetime telling the client to renew', () => {
    const sink = new FakeSink();
    const opened = Date.now();
    broadcaster.open('acme', sink, opened);
    broadcaster.tick(opened + 15_000);
    expect(sink.frames.at(-1)).toBe(': heartbeat\n\n');
    broadcaster.tick(opened + MAX_STREAM_LIFETIME_MS);
    expect(sink.events().at(-1)).toBe('renew');
    expect(sink.ended).toBe(true);
    expect(broadcaster.openStreams).toBe(0);
  });
});
