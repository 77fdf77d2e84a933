import { STATUS_CODES } from 'node:http';

/** Longest ERP error message Ferry repeats; ERP messages are a sentence or two, anything longer is a page. */
export const ERP_MESSAGE_MAX_CHARS = 300;

// Control characters (terminal escapes, NULs) and white space runs: a message is one plain line.
// eslint-disable-next-line no-control-regex
const CONTROL_OR_SPACE = /[\u0000-\u001f\u007f-\u009f\s]+/g;

/**
 * An ERP's parsed error code or message as Ferry repeats it (in ErpErrors, dead letters and statuses a read key
 * can see): control characters and runs of white space collapsed, capped at ERP_MESSAGE_MAX_CHARS. Only ever
 * given a field parsed from the ERP's error document, never a raw response body, which may be a login page, a
 * proxy's page or, when a destination is misconfigured, an internal service's answer.
 */
export function erpErrorText(value: unknown, maxChars = ERP_MESSAGE_MAX_CHARS): string | undefined {
  if (typeof value !== 'string' && typeof value !== 'number') return undefined;
  const text = String(value).replace(CONTROL_OR_SPACE, ' ').trim();
  if (text === '') return undefined;
  return text.length > maxChars ? `${text.slice(0, maxChars - 1)}…` : text;
}

/** What an error message says when the answer had no parsed message: the status's standard name, not the body. */
export function unreadableErrorAnswer(status: number): string {
  return `${STATUS_CODES[status] ?? 'HTTP error'} (no error message Ferry can read in the answer)`;
}
