import { ErpError } from './erp-error';
import { ERP_RESPONSE_LIMITS } from './erp-response';

export type NextPage = { action: 'done' } | { action: 'follow'; url: string } | { action: 'refuse'; reason: string };

/** Scheme, host and port as they decide where a request goes (default ports made explicit). */
function origin(url: URL): string {
  const port = url.port || (url.protocol === 'https:' ? '443' : url.protocol === 'http:' ? '80' : '');
  return `${url.protocol}//${url.hostname.toLowerCase()}:${port}`;
}

/**
 * What a paged read does after a page: stop when the ERP names no next page; follow the next page only when it
 * is on the configured base URL's scheme, host and port (a next link elsewhere would carry the connection's
 * credentials there) and the read is still under maxPages; otherwise refuse with the reason. A relative next
 * link is resolved against the page it came from.
 */
export function nextPage(input: {
  baseUrl: string;
  currentUrl: string;
  next: string | null | undefined;
  pagesRead: number;
  maxPages?: number;
}): NextPage {
  if (input.next === undefined || input.next === null || input.next === '') return { action: 'done' };
  const maxPages = input.maxPages ?? ERP_RESPONSE_LIMITS.maxPages;
  if (input.pagesRead >= maxPages) return { action: 'refuse', reason: `the read has more than ${maxPages} pages` };
  let next: URL;
  try {
    next = new URL(input.next, input.currentUrl);
  } catch {
    return { action: 'refuse', reason: 'the next-page link is not a URL' };
  }
  const base = new URL(input.baseUrl);
  if (origin(next) !== origin(base))
    return {
      action: 'refuse',
      reason: `the next-page link leaves ${origin(base)} for ${origin(next)}; only the configured host is followed`,
    };
  return { action: 'follow', url: next.toString() };
}

/** The next page's URL, undefined when the read is complete, or the refusal as a permanent ErpError. */
export function followNextPage(erp: string, operation: string, decision: NextPage): string | undefined {
  if (decision.action === 'done') return undefined;
  if (decision.action === 'follow') return decision.url;
  throw new ErpError('validation', erp, operation, `${erp} ${operation} stopped: ${decision.reason}`, { erpCode: 'PAGING_REFUSED' });
}
