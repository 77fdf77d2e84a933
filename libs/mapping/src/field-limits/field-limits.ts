import { getFieldPath, setFieldPath } from '../field-paths';
import { fitText, type TextFieldLimit } from './text-fit';

/** A text the mapping produced longer than its ERP field, shortened (truncated) or refused (too_long). */
export interface FieldLimitOutcome {
  field: string;
  kind: 'truncated' | 'too_long';
  length: number;
  limit: TextFieldLimit;
}

/**
 * Fits every limited text field of an ERP payload into its limit, in place. A limit's key is a field path; in
 * `lines[].description` the `[]` stands for every element of the array at `lines`. Values that are not strings
 * are left alone (the ERP checks their types). Returns what was truncated or is too long to send.
 */
export function applyFieldLimits(payload: Record<string, unknown>, limits: Record<string, TextFieldLimit>): FieldLimitOutcome[] {
  const outcomes: FieldLimitOutcome[] = [];
  for (const [path, limit] of Object.entries(limits)) {
    fitAt(payload, path.split('[].'), path, limit, outcomes);
  }
  return outcomes;
}

function fitAt(
  container: Record<string, unknown>,
  parts: string[],
  path: string,
  limit: TextFieldLimit,
  outcomes: FieldLimitOutcome[],
): void {
  const [head, ...rest] = parts;
  if (head === undefined) return;
  const value = getFieldPath(container, head);
  if (rest.length > 0) {
    if (!Array.isArray(value)) return;
    for (const element of value) {
      if (element !== null && typeof element === 'object' && !Array.isArray(element))
        fitAt(element as Record<string, unknown>, rest, path, limit, outcomes);
    }
    return;
  }
  if (typeof value !== 'string') return;
  const fit = fitText(value, limit);
  if (fit.kind === 'fits') return;
  if (fit.kind === 'too_long') {
    outcomes.push({ field: path, kind: 'too_long', length: fit.length, limit });
    return;
  }
  setFieldPath(container, head, fit.value);
  outcomes.push({ field: path, kind: 'truncated', length: value.length, limit });
}
