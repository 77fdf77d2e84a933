import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import * as avro from 'avsc';

export type Compatibility = 'BACKWARD' | 'BACKWARD_TRANSITIVE' | 'FORWARD' | 'FORWARD_TRANSITIVE' | 'FULL' | 'FULL_TRANSITIVE' | 'NONE';

export interface SubjectEntry {
  subject: string;
  file: string;
  /** canonical-event: the product publishes it to Ferry; erp-event: Ferry publishes it to the product (ERP → product); internal: Ferry's own. */
  role: 'canonical-event' | 'erp-event' | 'internal';
  compatibility?: Compatibility;
  entityType?: string;
  bodyField?: string;
}

export interface CatalogSubject extends SubjectEntry {
  compatibility: Compatibility;
  /** Self-contained schema text (every referenced named type inlined), as registered. */
  schemaText: string;
  type: avro.Type;
}

interface CatalogFile {
  defaultCompatibility: Compatibility;
  subjects: SubjectEntry[];
}

/**
 * timestamp-millis kept as a plain number in JavaScript but preserved as a logical type in the schema text
 * (avsc drops logical types it has no class for, and the registry would then store a bare long).
 */
class TimestampMillis extends avro.types.LogicalType {
  override _fromValue(value: unknown): unknown {
    return value;
  }

  override _toValue(value: unknown): unknown {
    return value;
  }

  override _resolve(type: avro.Type): ((value: unknown) => unknown) | undefined {
    const underlying = type instanceof avro.types.LogicalType ? type.underlyingType : type;
    return underlying.typeName === 'long' || underlying.typeName === 'int' ? (value: unknown) => value : undefined;
  }
}

export const LOGICAL_TYPES: Record<string, new (schema: avro.Schema, opts?: unknown) => avro.types.LogicalType> = {
  'timestamp-millis': TimestampMillis,
};

const PRIMITIVES = new Set(['null', 'boolean', 'int', 'long', 'float', 'double', 'bytes', 'string']);

/** Finds the repository's schemas/ folder from wherever this module runs (src under ts, dist under node). */
export function findSchemasDir(start: string = __dirname): string {
  let dir = start;
  for (;;) {
    const candidate = join(dir, 'schemas', 'catalog.json');
    if (existsSync(candidate)) return dirname(candidate);
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`schemas/catalog.json not found above ${start}`);
    dir = parent;
  }
}

function namedTypeFile(schemasDir: string, fullName: string): string {
  const parts = fullName.split('.');
  const name = parts.pop();
  return join(schemasDir, ...parts, `${name}.avsc`);
}

/** Collects the full names a schema refers to by name (string types that are not primitives). */
function referencedNames(schema: unknown, into: Set<string>): Set<string> {
  if (typeof schema === 'string') {
    if (!PRIMITIVES.has(schema) && schema.includes('.')) into.add(schema);
  } else if (Array.isArray(schema)) {
    schema.forEach((branch) => referencedNames(branch, into));
  } else if (schema && typeof schema === 'object') {
    const node = schema as Record<string, unknown>;
    if (Array.isArray(node['fields'])) node['fields'].forEach((field) => referencedNames((field as { type: unknown }).type, into));
    if (node['items'] !== undefined) referencedNames(node['items'], into);
    if (node['values'] !== undefined) referencedNames(node['values'], into);
    if (typeof node['type'] === 'string' || Array.isArray(node['type']) || typeof node['type'] === 'object')
      if (node['type'] !== 'record' && node['type'] !== 'array' && node['type'] !== 'map') referencedNames(node['type'], into);
  }
  return into;
}

/**
 * Parses a schema file and, first, every file it names, so authors write each named type once (folder =
 * namespace) and refer to it by full name. Returns the avsc type with all references resolved.
 */
export function parseSchemaFile(schemasDir: string, file: string, registry: Record<string, avro.Type> = {}): avro.Type {
  const schema = JSON.parse(readFileSync(join(schemasDir, file), 'utf8')) as Record<string, unknown>;
  for (const name of referencedNames(schema, new Set())) {
    if (registry[name]) continue;
    const path = namedTypeFile(schemasDir, name);
    if (!existsSync(path)) throw new Error(`${file}: refers to ${name}, but ${path} does not exist`);
    parseSchemaFile(schemasDir, path.slice(schemasDir.length + 1), registry);
  }
  const fullName = `${String(schema['namespace'])}.${String(schema['name'])}`;
  return registry[fullName] ?? avro.Type.forSchema(schema as avro.Schema, { registry, logicalTypes: LOGICAL_TYPES });
}

export class SchemaCatalog {
  private constructor(
    readonly schemasDir: string,
    readonly subjects: readonly CatalogSubject[],
  ) {}

  static load(schemasDir: string = findSchemasDir()): SchemaCatalog {
    const catalog = JSON.parse(readFileSync(join(schemasDir, 'catalog.json'), 'utf8')) as CatalogFile;
    const subjects = catalog.subjects.map((entry) => {
      const type = parseSchemaFile(schemasDir, entry.file, {});
      if (type.name !== entry.subject) {
        throw new Error(`catalog.json: subject ${entry.subject} must equal the record's full name ${String(type.name)}`);
      }
      return {
        ...entry,
        compatibility: entry.compatibility ?? catalog.defaultCompatibility,
        // exportAttrs keeps defaults, docs, aliases and logical types: without it avsc drops them from the text.
        schemaText: JSON.stringify(type.schema({ exportAttrs: true })),
        type,
      };
    });
    return new SchemaCatalog(schemasDir, subjects);
  }

  subject(subject: string): CatalogSubject {
    const found = this.subjects.find((entry) => entry.subject === subject);
    if (!found) throw new Error(`unknown subject ${subject}; known: ${this.subjects.map((s) => s.subject).join(', ')}`);
    return found;
  }

  /** Checked-in sample values of a subject (schemas/samples/<subject>.json), for previews and impact analysis. */
  samples(subject: string): unknown[] {
    const file = join(this.schemasDir, 'samples', `${subject}.json`);
    return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as unknown[]) : [];
  }

  canonicalEvents(): CatalogSubject[] {
    return this.subjects.filter((entry) => entry.role === 'canonical-event');
  }
}
