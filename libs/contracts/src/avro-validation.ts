import * as avro from 'avsc';

export interface FieldProblem {
  /** Dotted path into the value, e.g. customer.contacts[0].email. */
  field: string;
  problem: string;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `${typeof value} ${JSON.stringify(value)}`;
}

function typeLabel(type: avro.Type): string {
  if (type instanceof avro.types.LogicalType)
    return `${typeLabel(type.underlyingType)} (${String((type.schema({ exportAttrs: true }) as { logicalType?: string }).logicalType)})`;
  return type.name ?? type.typeName;
}

function check(type: avro.Type, value: unknown, path: string, problems: FieldProblem[]): void {
  const at = path || '(root)';
  if (type instanceof avro.types.RecordType) {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      problems.push({ field: at, problem: `expected a ${type.name} object, got ${describe(value)}` });
      return;
    }
    const record = value as Record<string, unknown>;
    for (const field of type.fields) {
      const child = record[field.name];
      const childPath = path ? `${path}.${field.name}` : field.name;
      if (child === undefined) {
        if (field.defaultValue() === undefined) problems.push({ field: childPath, problem: `is required (${typeLabel(field.type)})` });
        continue;
      }
      check(field.type, child, childPath, problems);
    }
    const known = new Set(type.fields.map((field) => field.name));
    for (const name of Object.keys(record)) {
      if (!known.has(name)) problems.push({ field: path ? `${path}.${name}` : name, problem: `is not a field of ${type.name}` });
    }
    return;
  }
  if (type instanceof avro.types.UnwrappedUnionType || type instanceof avro.types.WrappedUnionType) {
    if (value === null && type.types.some((branch) => branch.typeName === 'null')) return;
    const others = type.types.filter((branch) => branch.typeName !== 'null');
    if (others.length === 1 && others[0]) return check(others[0], value, path, problems);
    if (!type.isValid(value))
      problems.push({ field: at, problem: `expected one of ${type.types.map(typeLabel).join(' | ')}, got ${describe(value)}` });
    return;
  }
  if (type instanceof avro.types.ArrayType) {
    if (!Array.isArray(value)) {
      problems.push({ field: at, problem: `expected an array, got ${describe(value)}` });
      return;
    }
    value.forEach((item, index) => check(type.itemsType, item, `${path}[${index}]`, problems));
    return;
  }
  if (type instanceof avro.types.MapType) {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      problems.push({ field: at, problem: `expected an object map, got ${describe(value)}` });
      return;
    }
    Object.entries(value as Record<string, unknown>).forEach(([key, item]) => check(type.valuesType, item, `${path}.${key}`, problems));
    return;
  }
  if (!type.isValid(value)) problems.push({ field: at, problem: `expected ${typeLabel(type)}, got ${describe(value)}` });
}

/** Every problem with a value against an Avro type, field by field; omitted fields that have a default are fine. */
export function validateAgainst(type: avro.Type, value: unknown): FieldProblem[] {
  const problems: FieldProblem[] = [];
  check(type, value, '', problems);
  return problems;
}

/** The value with every omitted defaulted field filled in, ready for type.toBuffer. Validate first. */
export function withDefaults<T>(type: avro.Type, value: T): T {
  return type.clone(value) as T;
}
