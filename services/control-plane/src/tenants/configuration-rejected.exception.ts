import { HttpException } from '@nestjs/common';
import type { ConfigurationProblem } from './effective-configuration';

/** 400 listing every problem of a configuration change; nothing was saved or published. */
export class ConfigurationRejectedException extends HttpException {
  constructor(readonly problems: ConfigurationProblem[]) {
    super(
      {
        error: {
          status: 400,
          code: 'INVALID_CONFIGURATION',
          message: `configuration rejected, nothing was saved: ${problems.map((p) => p.message).join('; ')}`,
          details: problems,
        },
      },
      400,
    );
  }
}

export function badRequest(code: string, message: string, details?: unknown): HttpException {
  return new HttpException({ error: { status: 400, code, message, ...(details ? { details } : {}) } }, 400);
}

export function notFound(code: string, message: string): HttpException {
  return new HttpException({ error: { status: 404, code, message } }, 404);
}
