import * as http from 'node:http';
import * as https from 'node:https';
import { Readable } from 'node:stream';
import { DEFAULT_PORTS, STRICT_EGRESS, type EgressSettings } from './egress-policy';
import { guardedLookup } from './guarded-lookup';

let processSettings: EgressSettings = STRICT_EGRESS;
/** Keep-alive agents per scheme and port: every new socket resolves its host through the egress check for that port. */
let agents = new Map<string, http.Agent>();

/**
 * Sets where this process's ERP calls may go; services call it once at start-up with their validated config.
 * Pooled connections opened under the previous settings are closed, so none outlives the policy that let it open.
 */
export function configureEgress(settings: EgressSettings): void {
  processSettings = Object.freeze({
    localDevelopment: settings.localDevelopment,
    allowList: Object.freeze([...settings.allowList]),
    localPorts: Object.freeze([...(settings.localPorts ?? [])]),
  });
  const previous = agents;
  agents = new Map();
  for (const agent of previous.values()) agent.destroy();
}

/** Where this process's ERP calls may go (strict until configureEgress is called). */
export function currentEgress(): EgressSettings {
  return processSettings;
}

/** The agent for a URL's scheme and port: every socket it opens resolves its host through the egress check. */
export function egressAgent(protocol: 'http:' | 'https:', port: number = DEFAULT_PORTS[protocol]!): http.Agent {
  const key = `${protocol}${port}`;
  let agent = agents.get(key);
  if (!agent) {
    const lookup = guardedLookup(currentEgress, port);
    agent = protocol === 'https:' ? new https.Agent({ keepAlive: true, lookup }) : new http.Agent({ keepAlive: true, lookup });
    agents.set(key, agent);
  }
  return agent;
}

const NULL_BODY_STATUSES = new Set([101, 103, 204, 205, 304]);

function headerPairs(headers: RequestInit['headers']): [string, string][] {
  if (!headers) return [];
  if (headers instanceof Headers) return [...headers.entries()];
  if (Array.isArray(headers)) return headers.map(([name, value]) => [String(name), String(value)]);
  return Object.entries(headers as Record<string, string>);
}

function bodyBytes(body: RequestInit['body']): Buffer | undefined {
  if (body === undefined || body === null) return undefined;
  if (typeof body === 'string' || body instanceof URLSearchParams) return Buffer.from(body.toString());
  if (body instanceof ArrayBuffer) return Buffer.from(body);
  if (ArrayBuffer.isView(body)) return Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  throw new TypeError('egressFetch sends string, URLSearchParams or byte bodies only');
}

/**
 * fetch for ERP calls, on node:http/https agents whose lookup judges every resolved address (guarded-lookup.ts).
 * It never follows a redirect: the 3xx answer is returned as is, and callErp treats it as the call's failure.
 * Network failures reject as TypeError('fetch failed') with the cause, like the global fetch.
 */
export const egressFetch: typeof fetch = (input, init = {}) => {
  const url = new URL(input instanceof Request ? input.url : String(input));
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return Promise.reject(new TypeError(`cannot fetch ${url.protocol} URLs`));
  const headers = headerPairs(init.headers);
  const body = bodyBytes(init.body);
  if (
    body &&
    typeof init.body === 'object' &&
    init.body instanceof URLSearchParams &&
    !headers.some(([name]) => /^content-type$/i.test(name))
  )
    headers.push(['content-type', 'application/x-www-form-urlencoded;charset=UTF-8']);
  const method = (init.method ?? 'GET').toUpperCase();
  return new Promise<Response>((resolve, reject) => {
    const request = (url.protocol === 'https:' ? https : http).request(url, {
      method,
      agent: egressAgent(url.protocol as 'http:' | 'https:', Number(url.port) || undefined),
      headers: Object.fromEntries(groupHeaders(headers)),
      ...(init.signal ? { signal: init.signal } : {}),
    });
    request.once('error', (error) => reject(new TypeError(`fetch failed: ${error.message}`, { cause: error })));
    request.once('response', (answer) => {
      const responseHeaders = new Headers();
      for (let index = 0; index + 1 < answer.rawHeaders.length; index += 2)
        responseHeaders.append(answer.rawHeaders[index]!, answer.rawHeaders[index + 1]!);
      const status = answer.statusCode ?? 502;
      const hasBody = method !== 'HEAD' && !NULL_BODY_STATUSES.has(status);
      if (!hasBody) answer.resume();
      resolve(
        new Response(hasBody ? (Readable.toWeb(answer) as ReadableStream<Uint8Array>) : null, {
          status,
          statusText: answer.statusMessage ?? '',
          headers: responseHeaders,
        }),
      );
    });
    request.end(body);
  });
};

function groupHeaders(pairs: [string, string][]): Map<string, string | string[]> {
  const grouped = new Map<string, string | string[]>();
  for (const [name, value] of pairs) {
    const key = name.toLowerCase();
    const existing = grouped.get(key);
    grouped.set(key, existing === undefined ? value : [...[existing].flat(), value]);
  }
  return grouped;
}
