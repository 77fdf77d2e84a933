import * as avro from 'avsc';
import type { Compatibility } from './schema-catalog';

export interface CompatibilityProblem {
  /** Dotted field path in the new schema, e.g. customer.billingAddress.city. */
  field: string;
  problem: string;
}

const PROMOTIONS: Record<string, string[]> = {
  int: ['long', 'float', 'double'],
  long: ['float', 'double'],
  float: ['double'],
  string: ['bytes'],
  bytes: ['string'],
};

function canRead(reader: avro.Type, writer: avro.Type): boolean {
  try {
    reader.createResolver(writer);
    return true;
  } catch {
    return false;
  }
}

function label(type: avro.Type): string {
  return type.name ?? type.typeName;
}

/**
 * Why `reader` cannot read data written with `writer`, field by field (Avro resolution rules: a reader field
 * missing from the writer needs a default; matching fields must have readable types). avsc decides; this
 * walks the records to say which field, so a failed check points at the line to change.
 */
function readProblems(reader: avro.Type, writer: avro.Type, path: string, role: string): CompatibilityProblem[] {
  if (canRead(reader, writer)) return [];
  if (reader instanceof avro.types.RecordType && writer instanceof avro.types.RecordType) {
    const problems: CompatibilityProblem[] = [];
    for (const field of reader.fields) {
      const fieldPath = path ? `${path}.${field.name}` : field.name;
      const writerField = writer.fields.find((candidate) => candidate.name === field.name || field.aliases.includes(candidate.name));
      if (!writerField) {
        if (field.defaultValue() === undefined)
          problems.push({
            field: fieldPath,
            problem: `${role}: field has no default, so data written without it cannot be read; give it a default`,
          });
        continue;
      }
      problems.push(...readProblems(field.type, writerField.type, fieldPath, role));
    }
    return problems.length > 0
      ? problems
      : [{ field: path || '(record)', problem: `${role}: ${label(reader)} cannot read ${label(writer)}` }];
  }
  const unwrap = (type: avro.Type) =>
    type instanceof avro.types.UnwrappedUnionType || type instanceof avro.types.WrappedUnionType ? type.types : [type];
  const readerBranches = unwrap(reader);
  const writerBranches = unwrap(writer);
  if (readerBranches.length > 1 || writerBranches.length > 1) {
    const unreadable = writerBranches.filter((w) => !readerBranches.some((r) => canRead(r, w)));
    const nested = unreadable.flatMap((w) => {
      const sameName = readerBranches.find((r) => r.typeName === w.typeName && (r.name ?? '') === (w.name ?? ''));
      return sameName
        ? readProblems(sameName, w, path, role)
        : [{ field: path, problem: `${role}: a value of type ${label(w)} cannot be read as ${readerBranches.map(label).join(' | ')}` }];
    });
    return nested.length > 0
      ? nested
      : [
          {
            field: path,
            problem: `${role}: ${writerBranches.map(label).join(' | ')} cannot be read as ${readerBranches.map(label).join(' | ')}`,
          },
        ];
  }
  if (reader instanceof avro.types.ArrayType && writer instanceof avro.types.ArrayType)
    return readProblems(reader.itemsType, writer.itemsType, `${path}[]`, role);
  if (reader instanceof avro.types.MapType && writer instanceof avro.types.MapType)
    return readProblems(reader.valuesType, writer.valuesType, `${path}{}`, role);
  if (reader instanceof avro.types.EnumType && writer instanceof avro.types.EnumType) {
    const missing = writer.symbols.filter((symbol) => !reader.symbols.includes(symbol));
    return [{ field: path, problem: `${role}: enum symbols ${missing.join(', ')} are unknown to the reader` }];
  }
  const promotable = PROMOTIONS[writer.typeName]?.includes(reader.typeName);
  return promotable ? [] : [{ field: path, problem: `${role}: type changed from ${label(writer)} to ${label(reader)}` }];
}

/**
 * Problems with registering `next` after `history` (oldest first) under a compatibility rule:
 * BACKWARD = new readers read old data, FORWARD = old readers read new data, FULL = both;
 * *_TRANSITIVE checks against every earlier version instead of only the latest.
 */
export function compatibilityProblems(
  history: avro.Type[],
  next: avro.Type,
  rule: Compatibility,
): (CompatibilityProblem & { againstVersion: number })[] {
  if (rule === 'NONE' || history.length === 0) return [];
  const transitive = rule.endsWith('_TRANSITIVE');
  const base = rule.replace('_TRANSITIVE', '');
  const versions = transitive
    ? history.map((type, index) => ({ type, version: index + 1 }))
    : [{ type: history[history.length - 1]!, version: history.length }];
  const problems: (CompatibilityProblem & { againstVersion: number })[] = [];
  for (const { type, version } of versions) {
    if (base === 'BACKWARD' || base === 'FULL')
      problems.push(
        ...readProblems(next, type, '', 'backward (new schema reading old data)').map((p) => ({ ...p, againstVersion: version })),
      );
    if (base === 'FORWARD' || base === 'FULL')
      problems.push(
        ...readProblems(type, next, '', 'forward (old schema reading new data)').map((p) => ({ ...p, againstVersion: version })),
      );
  }
  return problems;
}
