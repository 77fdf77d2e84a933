import { useEffect, useRef, useState } from 'preact/hooks';
import type { LiveState } from './view-logic';

export type LiveEventType = 'sync-status' | 'lane-state' | 'dead-letter' | 'refetch';
const EVENT_TYPES: LiveEventType[] = ['sync-status', 'lane-state', 'dead-letter', 'refetch'];
const RETRY_MS = 3_000;

/**
 * Subscribes to a live stream while the component is shown: asks for a stream token with the user's key (an
 * authenticated POST), opens an EventSource on the URL it names, and on any error or `renew` closes it and starts
 * again with a new token (a token opens streams for one minute only).
 */
export function useLiveStream(
  ticket: () => Promise<{ streamUrl: string }>,
  onEvent: (type: LiveEventType, data: unknown) => void,
  deps: unknown[],
): LiveState {
  const [state, setState] = useState<LiveState>('connecting');
  const handler = useRef(onEvent);
  handler.current = onEvent;
  useEffect(() => {
    let source: EventSource | undefined;
    let retry: ReturnType<typeof setTimeout> | undefined;
    let stopped = false;
    const again = () => {
      source?.close();
      source = undefined;
      if (stopped) return;
      setState('reconnecting');
      clearTimeout(retry);
      retry = setTimeout(() => void connect(), RETRY_MS);
    };
    const connect = async () => {
      try {
        const { streamUrl } = await ticket();
        if (stopped) return;
        source = new EventSource(streamUrl);
        source.onopen = () => setState('live');
        source.onerror = again;
        source.addEventListener('renew', again);
        for (const type of EVENT_TYPES)
          source.addEventListener(type, (event) => handler.current(type, JSON.parse((event as MessageEvent<string>).data) as unknown));
      } catch {
        again();
      }
    };
    void connect();
    return () => {
      stopped = true;
      clearTimeout(retry);
      source?.close();
    };
  }, deps);
  return state;
}
