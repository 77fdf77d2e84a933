import * as avro from 'avsc';
import type { SchemaCatalog } from './schema-catalog';

/**
 * Emits TypeScript interfaces for every named record the catalog reaches, so types are generated from the
 * .avsc files and never written twice by hand. Fields with an Avro default are optional: producers may omit them.
 */
export function generateContractTypes(catalog: SchemaCatalog): string {
  const records = new Map<string, avro.types.RecordType>();
  const visit = (type: avro.Type): void => {
    if (type instanceof avro.types.RecordType) {
      if (records.has(type.name ?? '')) return;
      records.set(type.name ?? '', type);
      type.fields.forEach((field) => visit(field.type));
    } else if (type instanceof avro.types.ArrayType) visit(type.itemsType);
    else if (type instanceof avro.types.MapType) visit(type.valuesType);
    else if (type instanceof avro.types.UnwrappedUnionType || type instanceof avro.types.WrappedUnionType) type.types.forEach(visit);
  };
  catalog.subjects.forEach((subject) => visit(subject.type));

  const blocks = [...records.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([fullName, record]) => {
      const doc = record.doc ? `/** ${record.doc} */\n` : `/** ${fullName} */\n`;
      const fields = record.fields
        .map((field) => {
          const optional = field.defaultValue() !== undefined ? '?' : '';
          const doc = (field as unknown as { doc?: string }).doc;
          const fieldDoc = doc ? `  /** ${doc} */\n` : '';
          return `${fieldDoc}  ${field.name}${optional}: ${tsType(field.type)};`;
        })
        .join('\n');
      return `${doc}export interface ${shortName(fullName)} {\n${fields}\n}`;
    });

  const subjects = catalog.subjects.map((s) => `  ${shortName(s.subject)}: '${s.subject}',`).join('\n');
  return [
    '// Generated from schemas/ by `npm run schemas:generate`. Do not edit: change the .avsc and regenerate.',
    '/* eslint-disable */',
    '',
    ...blocks.flatMap((block) => [block, '']),
    '/** Registry subject of each top-level record (RecordNameStrategy: subject = full name). */',
    `export const Subjects = {\n${subjects}\n} as const;`,
    '',
  ].join('\n');
}

function shortName(fullName: string): string {
  return fullName.split('.').pop() ?? fullName;
}

function tsType(type: avro.Type): string {
  if (type instanceof avro.types.RecordType) return shortName(type.name ?? '');
  if (type instanceof avro.types.ArrayType) return `Array<${tsType(type.itemsType)}>`;
  if (type instanceof avro.types.MapType) return `Record<string, ${tsType(type.valuesType)}>`;
  if (type instanceof avro.types.EnumType) return type.symbols.map((s) => `'${s}'`).join(' | ');
  if (type instanceof avro.types.UnwrappedUnionType || type instanceof avro.types.WrappedUnionType)
    return type.types.map(tsType).join(' | ');
  switch (type.typeName) {
    case 'null':
      return 'null';
    case 'boolean':
      return 'boolean';
    case 'int':
    case 'long':
    case 'float':
    case 'double':
      return 'number';
    case 'bytes':
    case 'fixed':
      return 'Buffer';
    case 'string':
      return 'string';
    default:
      if (type instanceof avro.types.LogicalType) return tsType(type.underlyingType);
      throw new Error(`no TypeScript type for Avro ${type.typeName}`);
  }
}
