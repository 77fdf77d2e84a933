import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import type { Request, Response } from 'express';
import type { Observable } from 'rxjs';
import { apiSurface, type RouteDeprecation } from './api-surface';
import { openApiPath } from './declared-routes';

/**
 * The headers a deprecated route answers with: Deprecation (RFC 9745, the date as "@" and Unix seconds), Sunset
 * (RFC 8594, an HTTP-date: the end of the sunset day, UTC) and, when there is a replacement, a Link to it.
 */
export function deprecationHeaders(deprecation: RouteDeprecation): Record<string, string> {
  const headers: Record<string, string> = {
    Deprecation: `@${Math.floor(Date.parse(`${deprecation.since}T00:00:00Z`) / 1000)}`,
    Sunset: new Date(Date.parse(`${deprecation.sunset}T23:59:59Z`)).toUTCString(),
  };
  if (deprecation.successor) headers.Link = `<${deprecation.successor}>; rel="successor-version"`;
  return headers;
}

/** The headers of every deprecated operation of a document, by "METHOD /path". */
export function deprecatedRouteHeaders(document: Record<string, unknown>): Map<string, Record<string, string>> {
  return new Map(
    Object.entries(apiSurface(document)).flatMap(([operation, surface]) =>
      surface.deprecation ? [[operation, deprecationHeaders(surface.deprecation)] as const] : [],
    ),
  );
}

/**
 * Sets the deprecation headers on every answer of a route its service's OpenAPI document marks deprecated, errors
 * included: the document is the one place a deprecation is declared, so the headers cannot disagree with it.
 */
@Injectable()
export class DeprecationHeadersInterceptor implements NestInterceptor {
  constructor(private readonly headersByRoute: ReadonlyMap<string, Record<string, string>>) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (this.headersByRoute.size > 0 && context.getType() === 'http') {
      const request = context.switchToHttp().getRequest<Request>();
      const route = (request.route as { path?: string } | undefined)?.path;
      const headers = route === undefined ? undefined : this.headersByRoute.get(`${request.method} ${openApiPath(route)}`);
      if (headers) context.switchToHttp().getResponse<Response>().set(headers);
    }
    return next.handle();
  }
}
