import * as avro from 'avsc';
import { FerryClientError } from './client-errors';

const MAGIC_BYTE = 0;
const types = new Map<string, avro.Type>();

/** The avsc type of a schema text, parsed once. */
export function avroType(schema: string): avro.Type {
  let type = types.get(schema);
  if (!type) {
    type = avro.Type.forSchema(JSON.parse(schema) as avro.Schema);
    types.set(schema, type);
  }
  return type;
}

/** Every field of a value the schema refuses, as "path: what is wrong". */
export function invalidFields(type: avro.Type, value: unknown): string[] {
  const problems: string[] = [];
  type.isValid(value, {
    errorHook: (path, given) =>
      problems.push(
        `${path.join('.') || '(the event)'}: ${JSON.stringify(given) ?? 'undefined'} is not a valid ${String((type as { name?: string }).name ?? 'value')} field value`,
      ),
  });
  return problems;
}

/**
 * Avro in the Confluent wire format (magic byte 0, the 4-byte schema id, the Avro body), after filling the fields
 * the event left out with their schema defaults. An event the schema refuses is an INVALID_EVENT naming each field.
 */
export function encodeConfluent(schemaId: number, type: avro.Type, value: unknown, label: string): Buffer {
  let filled: unknown;
  try {
    filled = type.clone(value);
  } catch (error) {
    throw new FerryClientError('INVALID_EVENT', `${label}: ${(error as Error).message}`);
  }
  const problems = invalidFields(type, filled);
  if (problems.length > 0) throw new FerryClientError('INVALID_EVENT', `${label}: ${problems.join('; ')}`);
  const header = Buffer.alloc(5);
  header.writeUInt8(MAGIC_BYTE, 0);
  header.writeInt32BE(schemaId, 1);
  return Buffer.concat([header, type.toBuffer(filled)]);
}

/** The schema id and Avro body of a Confluent-framed message. */
export function confluentFrame(buffer: Buffer | null): { schemaId: number; body: Buffer } {
  if (!buffer || buffer.length < 5 || buffer.readUInt8(0) !== MAGIC_BYTE)
    throw new FerryClientError(
      'NOT_CONFLUENT_AVRO',
      'the record is not Avro in the Confluent wire format (magic byte 0, 4-byte schema id)',
    );
  return { schemaId: buffer.readInt32BE(1), body: buffer.subarray(5) };
}

const resolvers = new Map<string, avro.Resolver | 'same'>();

/**
 * Reads a body written with the writer's schema into the reader's (the client's own version of the subject), so a
 * record Ferry wrote with a newer or older compatible schema still arrives in the shape this client's types say.
 */
export function decodeInto<T>(readerSchema: string, writerSchema: string, body: Buffer): T {
  const reader = avroType(readerSchema);
  // Keyed by both schema texts: a named type's toString() is only its name, the same for every version.
  const cacheKey = `${writerSchema}\n->\n${readerSchema}`;
  let resolver = resolvers.get(cacheKey);
  if (!resolver) {
    const writer = avroType(writerSchema);
    resolver = writer.equals(reader) ? 'same' : reader.createResolver(writer);
    resolvers.set(cacheKey, resolver);
  }
  return (resolver === 'same' ? reader.fromBuffer(body) : reader.fromBuffer(body, resolver)) as T;
}
