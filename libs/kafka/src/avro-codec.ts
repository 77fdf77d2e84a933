import { COMPATIBILITY, type SchemaRegistry } from '@kafkajs/confluent-schema-registry';
import type * as avro from 'avsc';
import type { RegistryConnectionConfig } from '@ferry/config';
import { validateAgainst, withDefaults, type SchemaCatalog } from '@ferry/contracts';
import { infrastructure, permanent } from './processing.error';
import { RegistryConnection } from './registry-connection';

const MAGIC_BYTE = 0;

export interface DecodedValue<T = unknown> {
  value: T;
  /** Registry id of the writer's schema. */
  schemaId: number;
  /** Full name of the writer's record, e.g. io.ferry.customer.v1.CustomerUpserted. */
  recordName: string;
}

/**
 * Avro in the Confluent wire format (magic byte 0, 4-byte schema id, Avro body) through the registry, so any
 * Confluent-compatible client reads what Ferry writes. Schemas come from the catalog and are registered under
 * explicit subjects with their compatibility rule before first use.
 */
export class AvroCodec {
  private readonly ids = new Map<string, number>();
  private readonly resolvers = new Map<string, avro.Type | avro.Resolver>();

  readonly registry: SchemaRegistry;

  constructor(
    readonly connection: RegistryConnection,
    readonly catalog: SchemaCatalog,
  ) {
    this.registry = connection.schemaRegistry({ retries: 3, initialRetryTimeInSecs: 0.2 });
  }

  /** A codec on the registry at this URL (no credentials) or with the given connection settings (SCHEMA_REGISTRY_*). */
  static create(registry: string | RegistryConnectionConfig, catalog: SchemaCatalog): AvroCodec {
    return new AvroCodec(new RegistryConnection(typeof registry === 'string' ? { url: registry } : registry), catalog);
  }

  /** Sets each subject's compatibility rule, then registers its schema (a no-op when unchanged). */
  async registerSubjects(subjects: readonly string[] = this.catalog.subjects.map((s) => s.subject)): Promise<Map<string, number>> {
    for (const subject of subjects) await this.schemaId(subject);
    return new Map(this.ids);
  }

  async schemaId(subject: string): Promise<number> {
    const known = this.ids.get(subject);
    if (known !== undefined) return known;
    const entry = this.catalog.subject(subject);
    await this.putCompatibility(subject, entry.compatibility);
    // Registering the same schema from several services at once can race on a fresh registry; retry.
    let id: number | undefined;
    for (let attempt = 1; id === undefined; attempt += 1) {
      try {
        ({ id } = await this.registry.register({ type: 'AVRO' as never, schema: entry.schemaText } as never, {
          subject,
          compatibility: COMPATIBILITY[entry.compatibility],
        }));
      } catch (error) {
        const status = (error as { status?: number }).status;
        if (attempt >= 5 || (status !== undefined && status !== 409 && status < 500)) throw error;
        await new Promise((resolve) => setTimeout(resolve, 100 * attempt + Math.random() * 100));
      }
    }
    this.ids.set(subject, id);
    return id;
  }

  /**
   * Encodes with our own copy of the registered schema (same text, same id), after checking every field and
   * filling omitted defaulted fields — avsc alone would reject an omitted optional field.
   */
  async encode(subject: string, value: unknown): Promise<Buffer> {
    const id = await this.schemaId(subject);
    const { type } = this.catalog.subject(subject);
    const problems = validateAgainst(type, value);
    if (problems.length > 0) {
      throw permanent('INVALID_RECORD', `${subject}: ${problems.map((p) => `${p.field} ${p.problem}`).join('; ')}`, 'invalid');
    }
    const header = Buffer.alloc(5);
    header.writeUInt8(MAGIC_BYTE, 0);
    header.writeInt32BE(id, 1);
    return Buffer.concat([header, type.toBuffer(withDefaults(type, value))]);
  }

  /**
   * Decodes with the writer's schema from the registry, then resolves into our own version of the same
   * subject when we have one, so a producer on an older or newer compatible schema still reads as ours.
   */
  async decode<T = unknown>(buffer: Buffer | null): Promise<DecodedValue<T>> {
    if (!buffer || buffer.length < 5)
      throw permanent('MALFORMED_MESSAGE', 'message is empty or shorter than the 5-byte Confluent header', 'malformed');
    if (buffer.readUInt8(0) !== MAGIC_BYTE) {
      throw permanent(
        'NOT_CONFLUENT_AVRO',
        `message does not start with the Confluent magic byte 0 (found 0x${buffer.readUInt8(0).toString(16).padStart(2, '0')}); it is not Avro in the Confluent wire format`,
        'malformed',
      );
    }
    const schemaId = buffer.readInt32BE(1);
    const writer = await this.writerType(schemaId);
    const recordName = writer.name ?? '(anonymous)';
    const ours = this.catalog.subjects.find((entry) => entry.subject === recordName);
    try {
      const body = buffer.subarray(5);
      if (!ours) return { value: writer.fromBuffer(body) as T, schemaId, recordName };
      const cacheKey = `${schemaId}->${recordName}`;
      let resolver = this.resolvers.get(cacheKey);
      if (!resolver) {
        resolver = ours.type.equals(writer) ? ours.type : ours.type.createResolver(writer);
        this.resolvers.set(cacheKey, resolver);
      }
      const value = resolver === ours.type ? ours.type.fromBuffer(body) : ours.type.fromBuffer(body, resolver as avro.Resolver);
      return { value: value as T, schemaId, recordName };
    } catch (error) {
      throw permanent(
        'AVRO_DECODE_FAILED',
        `cannot decode body as ${recordName} (schema id ${schemaId}): ${(error as Error).message}`,
        'malformed',
        error,
      );
    }
  }

  private async writerType(schemaId: number): Promise<avro.Type> {
    try {
      return (await this.registry.getSchema(schemaId)) as unknown as avro.Type;
    } catch (error) {
      const status = (error as { status?: number }).status;
      if (status === 404) {
        throw permanent('UNKNOWN_SCHEMA_ID', `schema id ${schemaId} is not in the registry`, 'unknown_schema', error);
      }
      throw infrastructure(
        'REGISTRY_UNAVAILABLE',
        `schema registry did not answer for schema id ${schemaId}: ${(error as Error).message}`,
        error,
      );
    }
  }

  /**
   * Sets the subject's rule. Several services start at once on a fresh registry and Apicurio answers a
   * concurrent first PUT with 409 "rule already exists"; a repeated PUT updates the rule, so retry a few times.
   */
  private async putCompatibility(subject: string, compatibility: string): Promise<void> {
    const path = `/config/${encodeURIComponent(subject)}`;
    let last = '';
    for (let attempt = 1; attempt <= 5; attempt += 1) {
      const current = await this.connection.request(path).catch(() => undefined);
      if (current?.ok && current.json<{ compatibilityLevel?: string }>().compatibilityLevel === compatibility) return;
      const response = await this.connection.request(path, { method: 'PUT', body: JSON.stringify({ compatibility }) });
      if (response.ok) return;
      last = `${response.status} ${response.text}`;
      if (response.status !== 409 && response.status < 500) break;
      await new Promise((resolve) => setTimeout(resolve, 100 * attempt + Math.random() * 100));
    }
    throw infrastructure('REGISTRY_CONFIG_FAILED', `setting ${compatibility} on ${subject} failed: ${last}`);
  }
}
