import jsonata from 'jsonata';
import type { CanonicalEvent, EntityMapping } from '@ferry/contracts';
import { UnsafeFieldPathError, emptyRecord, getFieldPath, setFieldPath } from './field-paths';
import { applyFieldLimits, type FieldLimitOutcome } from './field-limits/field-limits';
import { textFieldLimitOf } from './field-limits/text-fit';
import type { MappingErrorCode } from './mapping-error-code';
import type { ExpressionEvaluator } from './sandbox/expression-sandbox';
import type { ExpressionOutcome, ExpressionProgram, ProgramExpression, ProgramResult } from './sandbox/sandbox-protocol';

export class MappingError extends Error {
  readonly code: MappingErrorCode;

  constructor(
    readonly expressionPath: string,
    message: string,
    readonly position?: number,
    code: MappingErrorCode = 'MAPPING_FAILED',
  ) {
    super(`${expressionPath}: ${message}`);
    this.code = code;
  }
}

/** The code of whatever assembling a record threw: a MappingError's or an unsafe path's own, else MAPPING_FAILED. */
export function mappingErrorCodeOf(error: unknown): MappingErrorCode {
  if (error instanceof MappingError || error instanceof UnsafeFieldPathError) return error.code;
  return 'MAPPING_FAILED';
}

export interface MappedRecord {
  externalId: string;
  payload: Record<string, unknown>;
  /** Texts shortened to fit their ERP field (the mapping's field limits); absent when none was. */
  truncated?: FieldLimitOutcome[];
}

type Compiled = ReturnType<typeof jsonata>;
const cache = new Map<string, Compiled>();

/**
 * Parses (once per distinct text) or throws a MappingError with the character position of the problem. For
 * validation and static analysis only: tenant expressions are evaluated in the sandbox, never here.
 */
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

/** Avro-decoded records are class instances; JSONata and JSON want plain data. */
export function plainData(value: unknown): unknown {
  return value === undefined ? undefined : (JSON.parse(JSON.stringify(value)) as unknown);
}

/** Where one mapping's expressions sit in a program: the external id first, then the fields in path order. */
export interface MappingSlots {
  mapping: EntityMapping;
  externalId: number;
  fields: [field: string, index: number][];
}

/** Appends a mapping's expressions to a program under construction; `prefix` names them in errors. */
export function addMappingExpressions(
  expressions: ProgramExpression[],
  valueMapSets: Record<string, Record<string, string>>[],
  mapping: EntityMapping,
  prefix = '',
): MappingSlots {
  const valueMaps = valueMapSets.push(mapping.valueMaps ?? {}) - 1;
  const add = (path: string, text: string) => expressions.push({ id: `${prefix}${path}`, text, valueMaps }) - 1;
  const externalId = add('externalIdExpression', mapping.externalIdExpression);
  const fields = Object.entries(mapping.fieldExpressions)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([field, expression]): [string, number] => [field, add(`fieldExpressions.${field}`, expression)]);
  return { mapping, externalId, fields };
}

/** The program of one mapping alone (previews of a single mapping, template checks). */
export function mappingProgram(mapping: EntityMapping): { program: ExpressionProgram; slots: MappingSlots } {
  const expressions: ProgramExpression[] = [];
  const valueMapSets: Record<string, Record<string, string>>[] = [];
  const slots = addMappingExpressions(expressions, valueMapSets, mapping);
  return { program: { expressions, valueMapSets }, slots };
}

function valueOf(outcome: ExpressionOutcome | undefined, path: string): unknown {
  if (!outcome) throw new MappingError(path, 'was not evaluated');
  if (outcome.ok) return outcome.value;
  const compileError = outcome.code?.startsWith('S') === true;
  throw new MappingError(
    path,
    compileError ? `invalid JSONata at position ${outcome.position ?? '?'}: ${outcome.message}` : `evaluation failed: ${outcome.message}`,
    outcome.position,
  );
}

/**
 * Builds the ERP payload from a mapping's evaluated expressions: the external id, then every field (a field
 * whose expression yields nothing takes its default, or is left out, so an absent optional canonical field never
 * overwrites the ERP's value by accident), defaults for what is still missing, and the ERP template's required
 * fields checked. Payload objects have no prototype; field paths are checked again as they are set. Fields in
 * `leaveOut` (made from data the target ERP is the system of record of) are not written, not even their default.
 */
export function assembleMappedRecord(
  slots: MappingSlots,
  outcomes: readonly ExpressionOutcome[],
  leaveOut: ReadonlySet<string> = new Set(),
): MappedRecord {
  const { mapping } = slots;
  const externalId = valueOf(outcomes[slots.externalId], 'externalIdExpression');
  if (typeof externalId !== 'string' && typeof externalId !== 'number') {
    throw new MappingError('externalIdExpression', `must produce a string, produced ${JSON.stringify(externalId) ?? 'nothing'}`);
  }
  const payload = emptyRecord();
  for (const [field, index] of slots.fields) {
    if (leaveOut.has(field)) continue;
    const value = valueOf(outcomes[index], `fieldExpressions.${field}`);
    const chosen = value === undefined ? mapping.defaults?.[field] : value;
    if (chosen !== undefined) setFieldPath(payload, field, chosen);
  }
  for (const [field, value] of Object.entries(mapping.defaults ?? {})) {
    if (leaveOut.has(field)) continue;
    if (getFieldPath(payload, field) === undefined) setFieldPath(payload, field, value);
  }
  const limits = Object.fromEntries(Object.entries(mapping.fieldLimits ?? {}).map(([field, limit]) => [field, textFieldLimitOf(limit)]));
  const fitted = applyFieldLimits(payload, limits);
  const tooLong = fitted.find((outcome) => outcome.kind === 'too_long');
  if (tooLong) {
    throw new MappingError(
      `fieldExpressions.${tooLong.field}`,
      `${mapping.recordType} field ${tooLong.field} holds at most ${tooLong.limit.maxLength} ${tooLong.limit.unit} units and may not be shortened; the value has ${tooLong.length}`,
      undefined,
      'FIELD_TOO_LONG',
    );
  }
  // A required field the ERP owns is left out on purpose: the ERP record keeps its own value.
  const missing = (mapping.requiredFields ?? []).filter((field) => {
    if (leaveOut.has(field)) return false;
    const value = getFieldPath(payload, field);
    return value === undefined || value === null || value === '';
  });
  if (missing.length > 0) {
    throw new MappingError(
      `fieldExpressions.${missing[0]}`,
      `required ${mapping.recordType} field${missing.length > 1 ? 's' : ''} ${missing.join(', ')} produced no value`,
    );
  }
  const truncated = fitted.filter((outcome) => outcome.kind === 'truncated');
  return { externalId: String(externalId), payload, ...(truncated.length > 0 ? { truncated } : {}) };
}

/** A sandbox limit (time, memory, output size) as the mapping failure of this event. */
export function limitFailure(result: Extract<ProgramResult, { kind: 'limit' }>): MappingError {
  return new MappingError(result.expressionId ?? 'expressions', result.message, undefined, result.code);
}

/**
 * Evaluates a tenant's mapping against one canonical event in the sandbox: the external id expression and every
 * field expression (JSONata, input = the whole event; $valueMap(name, value) reads the mapping's value maps).
 */
export async function mapCanonicalEvent(
  event: CanonicalEvent,
  mapping: EntityMapping,
  sandbox: ExpressionEvaluator,
): Promise<MappedRecord> {
  const { program, slots } = mappingProgram(mapping);
  const result = await sandbox.evaluate(program, plainData(event));
  if (result.kind === 'limit') throw limitFailure(result);
  return assembleMappedRecord(slots, result.outcomes);
}
