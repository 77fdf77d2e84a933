import { ArgumentsHost, Catch, HttpException, HttpStatus, type ExceptionFilter } from '@nestjs/common';
import type { Response } from 'express';
import type { Logger } from '@ferry/logging';

export interface ErrorBody {
  error: { status: number; code: string; message: string; details?: unknown };
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
    const bodyParser = exception as { type?: string; status?: number; message?: string };
    if (bodyParser?.type === 'entity.parse.failed') {
      return { error: { status: 400, code: 'MALFORMED_JSON', message: `request body is not valid JSON: ${bodyParser.message}` } };
    }
    if (bodyParser?.type === 'entity.too.large') {
      return { error: { status: 413, code: 'PAYLOAD_TOO_LARGE', message: bodyParser.message ?? 'request body too large' } };
    }
    if (typeof bodyParser?.status === 'number' && bodyParser.status >= 400 && bodyParser.status < 500) {
      return { error: { status: bodyParser.status, code: 'BAD_REQUEST', message: bodyParser.message ?? 'bad request' } };
    }
    return { error: { status: 500, code: 'INTERNAL_ERROR', message: 'internal error; see the service log for this correlation id' } };
  }
}
