import { apiErrorMessage, type Principal } from './view-logic';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export interface Session extends Principal {
  /** The services whose tenant APIs observability passes the console's calls to (control-plane, delivery-*). */
  services: string[];
}

/**
 * Every call the console makes, with the key the user gave: observability's own API at /v1, other services'
 * tenant APIs through observability at /console/api/<service>/v1. The key stays in this tab's sessionStorage.
 */
export class ConsoleApi {
  constructor(private readonly key: string) {}

  whoami(): Promise<Session> {
    return this.call('GET', '/console/api/whoami');
  }

  /** A token that opens the tenant's live stream (or the fleet's, without a tenant) for a minute; EventSource cannot send the key. */
  streamTicket(tenantId: string | null): Promise<{ streamUrl: string; expiresAt: string }> {
    return this.call('POST', tenantId === null ? '/v1/events/stream-tokens' : tenantPath(tenantId, '/events/stream-tokens'));
  }

  /** A call to another service's tenant API, passed through observability. */
  via<T>(service: string, method: string, path: string, body?: unknown): Promise<T> {
    return this.call(method, `/console/api/${encodeURIComponent(service)}${path}`, body);
  }

  async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    let response: Response;
    try {
      response = await fetch(path, {
        method,
        headers: {
          authorization: `Bearer ${this.key}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    } catch (error) {
      throw new ApiError(0, `Ferry did not answer: ${(error as Error).message}`);
    }
    const text = await response.text();
    let parsed: unknown = null;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      parsed = text;
    }
    if (!response.ok) throw new ApiError(response.status, apiErrorMessage(response.status, parsed));
    return parsed as T;
  }
}

export const tenantPath = (tenantId: string, rest: string) => `/v1/tenants/${encodeURIComponent(tenantId)}${rest}`;
