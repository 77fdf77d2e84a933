import { randomUUID } from 'node:crypto';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';
import { currentLogContext, runWithLogContext, type Logger } from '@ferry/logging';
import { HttpErrorFilter, bodyParserErrorBody, platformErrorBody } from './http-error.filter';

/**
 * Why a request target cannot be decoded (a % not followed by two hex digits, or escapes that are not UTF-8),
 * or undefined when every escape in its path and query is sound.
 */
export function malformedUrlProblem(target: string): string | undefined {
  const queryStart = target.indexOf('?');
  const path = queryStart < 0 ? target : target.slice(0, queryStart);
  const query = queryStart < 0 ? '' : target.slice(queryStart + 1);
  for (const [part, text] of [
    ['path', path],
    ['query', query.replace(/\+/g, ' ')],
  ] as const) {
    try {
      decodeURIComponent(text);
    } catch {
      return `the URL's ${part} has a malformed percent-escape: write "%" as %25 and escape only UTF-8 bytes`;
    }
  }
  return undefined;
}

/**
 * What every Ferry HTTP API does around its routes: a 400 for a URL that cannot be decoded (before any route,
 * parameter parsing or logging touches it; otherwise decoding throws and the caller gets a 500), JSON bodies,
 * correlation ids, one error shape.
 */
export function configureHttpApp(app: NestExpressApplication, logger: Logger): void {
  app.use((request: Request, response: Response, next: NextFunction) => {
    const problem = malformedUrlProblem(request.originalUrl);
    if (!problem) return next();
    const body = platformErrorBody('MALFORMED_URL', problem);
    response.status(body.error.status).json(body);
  });
  app.useBodyParser('json', { limit: '2mb' });
  app.use((error: unknown, _request: Request, response: Response, next: NextFunction) => {
    const body = bodyParserErrorBody(error);
    if (!body) return next(error);
    response.status(body.error.status).json(body);
  });
  app.use((request: Request, response: Response, next: NextFunction) => {
    const header = request.header('x-correlation-id');
    const correlationId = header && /^[\w.:-]{1,128}$/.test(header) ? header : randomUUID();
    response.setHeader('x-correlation-id', correlationId);
    runWithLogContext({ correlationId }, () => {
      const tenant = /\/tenants\/([^/]+)/.exec(request.path)?.[1];
      if (tenant) currentLogContext().tenantId = decodeURIComponent(tenant);
      next();
    });
  });
  app.useGlobalFilters(new HttpErrorFilter(logger));
}
