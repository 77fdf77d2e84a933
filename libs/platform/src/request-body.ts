import { HttpException } from '@nestjs/common';
import type { z } from 'zod';
import { platformErrorBody } from './http-error.filter';

/** Parses a request body with a schema; 400 INVALID_REQUEST listing every bad field otherwise. */
export function parseBody<S extends z.ZodTypeAny>(schema: S, body: unknown): z.output<S> {
  const result = schema.safeParse(body);
  if (result.success) return result.data as z.output<S>;
  const details = result.error.issues.map((issue) => ({ field: issue.path.join('.') || '(body)', problem: issue.message }));
  const answer = platformErrorBody('INVALID_REQUEST', details.map((d) => `${d.field}: ${d.problem}`).join('; '), details);
  throw new HttpException(answer, answer.error.status);
}
