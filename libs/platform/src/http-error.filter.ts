import { ArgumentsHost, Catch, HttpException, HttpStatus, type ExceptionFilter } from '@nestjs/common';
import type { Response } from 'express';
import type { Logger } from '@ferry/logging';

export interface ErrorBody {
  error: { status: number; code: string; message: string; details?: unknown };
}

/**
 * The codes the platform itself answers with, each with one HTTP status (platformHttpStatusOf). Codes of a service's own
 * come from that service's exception; Nest's own exceptions (an unknown route, say) keep Nest's status name.
 */
export type PlatformErrorCode = 'MALFORMED_URL' | 'MALFORMED_JSON' | 'PAYLOAD_TOO_LARGE' | 'INVALID_REQUEST' | 'INTERNAL_ERROR';

/** The HTTP status of a platform error code; the switch is exhaustive, so a new code cannot be added without one. */
export function platformHttpStatusOf(code: PlatformErrorCode): 400 | 413 | 500 {
  switch (code) {
    case 'MALFORMED_URL':
    case 'MALFORMED_JSON':
    case 'INVALID_REQUEST':
      return 400;
    case 'PAYLOAD_TOO_LARGE':
      return 413;
    case 'INTERNAL_ERROR':
      return 500;
    default:
      return unknownCode(code);
  }
}

function unknownCode(code: never): never {
  throw new Error(`platform error code ${String(code)} has no HTTP status`);
}

/** A platform error in Ferry's one error shape. */
export function platformErrorBody(code: PlatformErrorCode, message: string, details?: unknown): ErrorBody {
  return { error: { status: platformHttpStatusOf(code), code, message, ...(details ? { details } : {}) } };
}

/**
 * One error shape for every Ferry HTTP API. Client mistakes (4xx) say exactly what was wrong; server faults
 * (5xx) are logged with their cause and answered without internals.
 */
@Catch()
export class HttpErrorFilter implements ExceptionFilter {
  constructor(private readonly logger: Logger) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    const body = this.toBody(exception);
    if (body.error.status >= 500) this.logger.error({ err: exception }, 'request failed');
    response.status(body.error.status).json(body);
  }

  private toBody(exception: unknown): ErrorBody {
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const raw = exception.getResponse();
      if (typeof raw === 'object' && raw !== null && 'error' in raw && typeof (raw as ErrorBody).error === 'object')
        return raw as ErrorBody;
      const message = typeof raw === 'string' ? raw : String((raw as { message?: unknown }).message ?? exception.message);
      return { error: { status, code: HttpStatus[status] ?? 'ERROR', message } };
    }
    const bodyParsing = bodyParserErrorBody(exception);
    if (bodyParsing) return bodyParsing;
    const withStatus = exception as { status?: number; message?: string } | null | undefined;
    if (typeof withStatus?.status === 'number' && withStatus.status >= 400 && withStatus.status < 500) {
      return { error: { status: withStatus.status, code: 'BAD_REQUEST', message: withStatus.message ?? 'bad request' } };
    }
    return platformErrorBody('INTERNAL_ERROR', 'internal error; see the service log for this correlation id');
  }
}

/**
 * The answer to an error of Express's body parser, or undefined for any other error. configureHttpApp answers
 * these right after the parser: left to Nest, a body that is not JSON reaches the filter as a plain
 * BadRequestException and loses its code.
 */
export function bodyParserErrorBody(error: unknown): ErrorBody | undefined {
  const parser = error as { type?: string; status?: number; message?: string } | null | undefined;
  if (parser?.type === 'entity.parse.failed') {
    return platformErrorBody('MALFORMED_JSON', `request body is not valid JSON: ${parser.message}`);
  }
  if (parser?.type === 'entity.too.large') {
    return platformErrorBody('PAYLOAD_TOO_LARGE', parser.message ?? 'request body too large');
  }
  if (typeof parser?.type === 'string' && typeof parser.status === 'number' && parser.status >= 400 && parser.status < 500) {
    return { error: { status: parser.status, code: 'BAD_REQUEST', message: parser.message ?? 'bad request' } };
  }
  return undefined;
}
