import jsonata from 'jsonata';
import type { CanonicalEvent, EntityMapping } from '@ferry/contracts';

export class MappingError extends Error {
  readonly code = 'MAPPING_FAILED';

  constructor(
    readonly expressionPath: string,
    message: string,
    readonly position?: number,
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

/** Compiles (once per distinct text) or throws a MappingError with the character position of the problem. */
export function compileExpression(expression: string, path: string): Compiled {
  let compiled = cache.get(expression);
  if (!compiled) {
    try {
      compiled = jsonata(expression);
    } catch (error) {
      const position = (error as { position?: number }).position;
      throw new MappingError(path, `invalid JSONata at position ${position ?? '?'}: ${(error as Error).message}`, position);
    }
    if (cache.size > 10_000) cache.clear();
    cache.set(expression, compiled);
  }
  return compiled;
}

/**
 * The segments of a dotted ERP field path: "subsidiary.id" → [subsidiary, id]. A segment holding an OData
 * instance annotation ("customerid_account@odata.bind") keeps its dots: annotations are single property names.
 */
export function fieldPathSegments(path: string): string[] {
  const parts = path.split('.');
  const annotated = parts.findIndex((part) => part.includes('@'));
  return annotated === -1 ? parts : [...parts.slice(0, annotated), parts.slice(annotated).join('.')];
}

/** Sets a dotted ERP field path ("subsidiary.id") into a nested payload object. */
function setPath(target: Record<string, unknown>, path: string, value: unknown): void {
  const parts = fieldPathSegments(path);
  let node = target;
  for (const part of parts.slice(0, -1)) {
    const next = node[part];
    if (next === undefined || next === null || typeof next !== 'object') node[part] = {};
    node = node[part] as Record<string, unknown>;
  }
  node[parts[parts.length - 1] ?? path] = value;
}

function getPath(source: Record<string, unknown>, path: string): unknown {
  return fieldPathSegments(path).reduce<unknown>(
    (node, part) => (node && typeof node === 'object' ? (node as Record<string, unknown>)[part] : undefined),
    source,
  );
}

/** Avro-decoded records are class instances; JSONata and JSON want plain data. */
export function plainData(value: unknown): unknown {
  return value === undefined ? undefined : (JSON.parse(JSON.stringify(value)) as unknown);
}

/** Evaluates one expression against an event, with the mapping's value maps bound as $valueMap(name, value). */
export async function evaluateExpression(
  expression: string,
  path: string,
  input: unknown,
  valueMaps: Record<string, Record<string, string>> = {},
): Promise<unknown> {
  try {
    return (await compileExpression(expression, path).evaluate(input, {
      valueMap: (name: string, value: unknown) => (value === undefined || value === null ? undefined : valueMaps[name]?.[String(value)]),
    })) as unknown;
  } catch (error) {
    if (error instanceof MappingError) throw error;
    throw new MappingError(path, `evaluation failed: ${(error as Error).message}`, (error as { position?: number }).position);
  }
}

/**
 * Evaluates a tenant's mapping against one canonical event: the external id expression and every field
 * expression (JSONata, input = the whole event; $valueMap(name, value) reads the mapping's value maps).
 * A field whose expression yields nothing takes its default, or is left out, so an absent optional canonical
 * field never overwrites the ERP's value by accident. Required fields (from the ERP template) must be present.
 */
export async function mapCanonicalEvent(event: CanonicalEvent, mapping: EntityMapping): Promise<MappedRecord> {
  const input = plainData(event);
  const valueMaps = mapping.valueMaps ?? {};
  const externalId: unknown = await evaluateExpression(mapping.externalIdExpression, 'externalIdExpression', input, valueMaps);
  if (typeof externalId !== 'string' && typeof externalId !== 'number') {
    throw new MappingError('externalIdExpression', `must produce a string, produced ${JSON.stringify(externalId) ?? 'nothing'}`);
  }
  const payload: Record<string, unknown> = {};
  for (const [field, expression] of Object.entries(mapping.fieldExpressions).sort(([a], [b]) => a.localeCompare(b))) {
    const value = await evaluateExpression(expression, `fieldExpressions.${field}`, input, valueMaps);
    const chosen = value === undefined ? mapping.defaults?.[field] : value;
    if (chosen !== undefined) setPath(payload, field, plainData(chosen));
  }
  for (const [field, value] of Object.entries(mapping.defaults ?? {})) {
    if (getPath(payload, field) === undefined) setPath(payload, field, value);
  }
  const missing = (mapping.requiredFields ?? []).filter((field) => {
    const value = getPath(payload, field);
    return value === undefined || value === null || value === '';
  });
  if (missing.length > 0) {
    throw new MappingError(
      `fieldExpressions.${missing[0]}`,
      `required ${mapping.recordType} field${missing.length > 1 ? 's' : ''} ${missing.join(', ')} produced no value`,
    );
  }
  return { externalId: String(externalId), payload };
}
