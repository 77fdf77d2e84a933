import { Injectable, type OnModuleDestroy } from '@nestjs/common';
import { counter, gauge } from '@ferry/metrics';
import {
  HEARTBEAT_FRAME,
  HEARTBEAT_MS,
  MAX_STREAM_LIFETIME_MS,
  OPENING_FRAME,
  RENEW_FRAME,
  admit,
  deliveryOf,
  reaches,
  refetchFrame,
  sseFrame,
  type Admission,
  type LiveEvent,
  type StreamScope,
} from './live-stream';

/** Where a stream's frames go: an HTTP response in the service, a fake in unit tests. */
export interface LiveSink {
  write(frame: string): void;
  /** Bytes written but not yet sent to the client. */
  bufferedBytes(): number;
  /** Called once, the next time the socket has sent what it held. */
  onceDrained(listener: () => void): void;
  end(): void;
}

interface Stream {
  scope: StreamScope;
  sink: LiveSink;
  openedAt: number;
  dropped: number;
}

const openStreams = gauge('ferry_console_streams_open', 'Live console streams open on this replica', []);
const dropped = counter('ferry_console_stream_dropped_total', 'Live console events dropped for a client that read too slowly', []);

/**
 * In-process fan-out of what observability consumes (sync statuses, lane states, dead letters) to the console's
 * open streams on this replica. Every stream is scoped to one tenant or the fleet when it opens (after its token
 * was checked); an event reaches only the streams it belongs to (live-stream.ts decides).
 */
@Injectable()
export class LiveEventBroadcaster implements OnModuleDestroy {
  private readonly streams = new Set<Stream>();
  private nextId = 1;
  private readonly timer: NodeJS.Timeout;

  constructor() {
    this.timer = setInterval(() => this.tick(Date.now()), HEARTBEAT_MS);
    this.timer.unref();
  }

  get openStreams(): number {
    return this.streams.size;
  }

  /** Opens a stream if the scope is under its limit; `close` must be called when the client goes away. */
  open(scope: StreamScope, sink: LiveSink, now = Date.now()): Admission & { close: () => void } {
    const admission = admit(scope, [...this.streams].filter((stream) => stream.scope === scope).length);
    if (!admission.admitted) return { ...admission, close: () => undefined };
    const stream: Stream = { scope, sink, openedAt: now, dropped: 0 };
    this.streams.add(stream);
    openStreams.set(this.streams.size);
    sink.write(OPENING_FRAME);
    return { admitted: true, close: () => this.remove(stream) };
  }

  publish(event: LiveEvent): void {
    if (this.streams.size === 0) return;
    const id = this.nextId++;
    let frame: string | undefined;
    for (const stream of this.streams) {
      if (!reaches(event, stream.scope)) continue;
      if (deliveryOf({ dropped: stream.dropped, bufferedBytes: stream.sink.bufferedBytes() }) === 'drop') {
        this.drop(stream);
        continue;
      }
      stream.sink.write((frame ??= sseFrame(id, event)));
    }
  }

  /** Heartbeats, and streams past their lifetime told to renew and closed. */
  tick(now: number): void {
    for (const stream of this.streams) {
      if (now - stream.openedAt >= MAX_STREAM_LIFETIME_MS) {
        stream.sink.write(RENEW_FRAME);
        stream.sink.end();
        this.remove(stream);
      } else if (stream.dropped === 0) stream.sink.write(HEARTBEAT_FRAME);
    }
  }

  onModuleDestroy(): void {
    clearInterval(this.timer);
    for (const stream of this.streams) stream.sink.end();
    this.streams.clear();
  }

  private drop(stream: Stream): void {
    dropped.inc();
    stream.dropped += 1;
    if (stream.dropped > 1) return;
    stream.sink.onceDrained(() => {
      if (!this.streams.has(stream)) return;
      stream.sink.write(refetchFrame(stream.dropped));
      stream.dropped = 0;
    });
  }

  private remove(stream: Stream): void {
    this.streams.delete(stream);
    openStreams.set(this.streams.size);
  }
}
