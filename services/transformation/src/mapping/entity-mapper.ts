import jsonata from 'jsonata';
import type { CanonicalEvent, EntityMapping } from '@ferry/contracts';

export class MappingError extends Error {
  readonly code = 'MAPPING_FAILED';

  constructor(
    readonly expressionPath: string,
    message: string,
  ) {
    super(`${expressionPath}: ${message}`);
  }
}

export interface MappedRecord {
  externalId: string;
  payload: Record<string, unknown>;
}

type Compiled = ReturnType<typeof jsonata>;
const cache = new Map<string, Compiled>();

function compile(expression: string, path: string): Compiled {
  let compiled = cache.get(expression);
  if (!compiled) {
    try {
      compiled = jsonata(expression);
    } catch (error) {
      throw new MappingError(
        path,
        `invalid JSONata at position ${(error as { position?: number }).position ?? '?'}: ${(error as Error).message}`,
      );
    }
    cache.set(expression, compiled);
  }
  return compiled;
}

/** Sets a dotted ERP field path ("subsidiary.id") into a nested payload object. */
function setPath(target: Record<string, unknown>, path: string, value: unknown): void {
  const parts = path.split('.');
  let node = target;
  for (const part of parts.slice(0, -1)) {
    const next = node[part];
    if (next === undefined || next === null || typeof next !== 'object') node[part] = {};
    node = node[part] as Record<string, unknown>;
  }
  node[parts[parts.length - 1] ?? path] = value;
}

/** Avro-decoded records are class instances; JSONata and JSON want plain data. */
function plain(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value)) as unknown;
}

/**
 * Evaluates a tenant's mapping against one canonical event: the external id expression and every field
 * expression (JSONata, input = the whole event). A field whose expression yields nothing is left out, so an
 * absent optional canonical field never overwrites the ERP's value with null by accident.
 */
export async function mapCanonicalEvent(event: CanonicalEvent, mapping: EntityMapping): Promise<MappedRecord> {
  const input = plain(event);
  const externalId: unknown = await evaluate(mapping.externalIdExpression, 'externalIdExpression', input);
  if (typeof externalId !== 'string' && typeof externalId !== 'number') {
    throw new MappingError('externalIdExpression', `must produce a string, produced ${JSON.stringify(externalId) ?? 'nothing'}`);
  }
  const payload: Record<string, unknown> = {};
  for (const [field, expression] of Object.entries(mapping.fieldExpressions).sort(([a], [b]) => a.localeCompare(b))) {
    const value = await evaluate(expression, `fieldExpressions.${field}`, input);
    if (value !== undefined) setPath(payload, field, plain(value));
  }
  return { externalId: String(externalId), payload };
}

async function evaluate(expression: string, path: string, input: unknown): Promise<unknown> {
  try {
    return (await compile(expression, path).evaluate(input)) as unknown;
  } catch (error) {
    if (error instanceof MappingError) throw error;
    throw new MappingError(path, `evaluation failed: ${(error as Error).message}`);
  }
}
