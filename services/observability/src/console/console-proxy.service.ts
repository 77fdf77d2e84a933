import { Inject, Injectable } from '@nestjs/common';
import { PLATFORM_CONFIG } from '@ferry/platform';
import type { ObservabilityConfig } from '../observability.config';
import { proxyTarget } from './console-upstreams';

export interface ProxiedAnswer {
  status: number;
  contentType: string;
  body: string;
}

const UPSTREAM_TIMEOUT_MS = 15_000;

/**
 * Passes a console call to another Ferry service's tenant API with the caller's own Authorization header, so
 * that service's access rules decide, exactly as for a direct call. The browser talks to one origin (no CORS,
 * no second login), and nothing but the method, the JSON body and the key crosses.
 */
@Injectable()
export class ConsoleProxyService {
  constructor(@Inject(PLATFORM_CONFIG) private readonly config: ObservabilityConfig) {}

  async forward(request: {
    method: string;
    service: string;
    pathAndQuery: string;
    authorization?: string;
    body?: unknown;
  }): Promise<ProxiedAnswer> {
    const target = proxyTarget(this.config.console.upstreams, request.service, request.pathAndQuery);
    if (!target.allowed) return errorAnswer(target.status, 'CONSOLE_UNREACHABLE', target.message);
    const hasBody = request.method !== 'GET' && request.method !== 'HEAD';
    try {
      const response = await fetch(target.url, {
        method: request.method,
        redirect: 'manual',
        signal: AbortSignal.timeout(UPSTREAM_TIMEOUT_MS),
        headers: {
          ...(request.authorization ? { authorization: request.authorization } : {}),
          ...(hasBody ? { 'content-type': 'application/json' } : {}),
        },
        ...(hasBody ? { body: JSON.stringify(request.body ?? {}) } : {}),
      });
      return {
        status: response.status,
        contentType: response.headers.get('content-type') ?? 'application/json',
        body: await response.text(),
      };
    } catch (error) {
      return errorAnswer(502, 'UPSTREAM_UNAVAILABLE', `${request.service} did not answer: ${(error as Error).message}`);
    }
  }
}

function errorAnswer(status: number, code: string, message: string): ProxiedAnswer {
  return { status, contentType: 'application/json', body: JSON.stringify({ error: { status, code, message } }) };
}
