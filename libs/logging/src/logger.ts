import pino, { type Logger } from 'pino';
import { currentLogContext } from './log-context';

export type { Logger } from 'pino';

/** Keys whose values never reach a log line, wherever they sit in a logged object. */
export const REDACTED_KEYS = [
  'password',
  'secret',
  'clientSecret',
  'privateKey',
  'token',
  'accessToken',
  'access_token',
  'refreshToken',
  'authorization',
  'Authorization',
  'cookie',
  'apiKey',
  'credentials',
  'encryptedCredentials',
  'client_assertion',
] as const;

function redactPaths(): string[] {
  return REDACTED_KEYS.flatMap((key) => [key, `*.${key}`, `*.*.${key}`, `headers.${key}`, `req.headers.${key}`]);
}

/**
 * JSON logs on stdout: one object per line with the service, the tenant and the correlation id of the work
 * in progress (taken from the async context, so call sites never pass them by hand).
 */
export function createLogger(service: string, level: string = 'info', destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service },
      messageKey: 'message',
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      redact: { paths: redactPaths(), censor: '[redacted]' },
      mixin: () => {
        const { tenantId, correlationId, eventId } = currentLogContext();
        return { tenantId, correlationId, eventId };
      },
    },
    destination,
  );
}
