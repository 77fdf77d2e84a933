import { AsyncLocalStorage } from 'node:async_hooks';

/** What every log line and metric of one unit of work (an HTTP request, a Kafka message) is about. */
export interface LogContext {
  tenantId?: string;
  correlationId?: string;
  eventId?: string;
}

const storage = new AsyncLocalStorage<LogContext>();

export function runWithLogContext<T>(context: LogContext, work: () => T): T {
  return storage.run({ ...storage.getStore(), ...context }, work);
}

export function currentLogContext(): LogContext {
  return storage.getStore() ?? {};
}

/**
 * Runs work that belongs to no caller's message (a delivery lane woken by whichever message arrived, a timer)
 * under its own context only: the async context would otherwise carry the caller's event and correlation ids
 * into every later log line of that work.
 */
export function runWithOwnLogContext<T>(context: LogContext, work: () => T): T {
  return storage.run({ ...context }, work);
}
