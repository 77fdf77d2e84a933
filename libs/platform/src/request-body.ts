import { HttpException } from '@nestjs/common';
import type { z } from 'zod';

/** Parses a request body with a schema; 400 INVALID_REQUEST listing every bad field otherwise. */
export function parseBody<S extends z.ZodTypeAny>(schema: S, body: unknown): z.output<S> {
  const result = schema.safeParse(body);
  if (result.success) return result.data as z.output<S>;
  const details = result.error.issues.map((issue) => ({ field: issue.path.join('.') || '(body)', problem: issue.message }));
  throw new HttpException(
    { error: { status: 400, code: 'INVALID_REQUEST', message: details.map((d) => `${d.field}: ${d.problem}`).join('; '), details } },
    400,
  );
}
