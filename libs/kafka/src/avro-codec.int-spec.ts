import { randomUUID } from 'node:crypto';
import { type RegistryConnectionConfig } from '@ferry/config';
import { SchemaCatalog, Subjects, type CustomerUpserted } from '@ferry/contracts';
import { AvroCodec } from './avro-codec';
import { ProcessingError } from './processing.error';
import { RegistryConnection } from './registry-connection';
import { stackUnderTest } from './stack-under-test';

const stack = stackUnderTest(process.env);
const registry: RegistryConnectionConfig = { url: stack.registryUrl, ...stack.security.registry };

const customerEvent = (): CustomerUpserted => ({
  envelope: {
    eventId: randomUUID(),
    tenantId: 'tenant-codec',
    correlationId: randomUUID(),
    causationId: null,
    occurredAt: Date.now(),
    sourceSystem: 'product',
    entityId: 'c-1',
    entityVersion: 1,
  },
  customer: { customerId: 'c-1', name: 'Acme', currency: 'EUR', status: 'active', hierarchy: { depth: 0 } },
});

describe('AvroCodec against the real registry', () => {
  const codec = AvroCodec.create(registry, SchemaCatalog.load());

  it('registers a subject with its compatibility rule and writes the Confluent wire format', async () => {
    const id = await codec.schemaId(Subjects.CustomerUpserted);
    const encoded = await codec.encode(Subjects.CustomerUpserted, customerEvent());
    expect(encoded.readUInt8(0)).toBe(0);
    expect(encoded.readInt32BE(1)).toBe(id);

    const config = await new RegistryConnection(registry).request(`/config/${Subjects.CustomerUpserted}`);
    expect(config.json<{ compatibilityLevel: string }>().compatibilityLevel).toBe('FULL_TRANSITIVE');
  });

  it('decodes what it wrote, with defaults filled for omitted optional fields', async () => {
    const event = customerEvent();
    const decoded = await codec.decode<CustomerUpserted>(await codec.encode(Subjects.CustomerUpserted, event));
    expect(decoded.recordName).toBe('io.ferry.customer.v1.CustomerUpserted');
    expect(decoded.value.envelope.eventId).toBe(event.envelope.eventId);
    expect(decoded.value.customer.contacts).toEqual([]);
    expect(decoded.value.customer.isTestAccount).toBe(false);
  });

  it('calls a message with an unknown schema id permanent, naming the id', async () => {
    const bogus = Buffer.concat([Buffer.from([0]), Buffer.from([0x7f, 0xff, 0xff, 0x00]), Buffer.from('x')]);
    const failure = await codec.decode(bogus).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ProcessingError);
    expect((failure as ProcessingError).failureClass).toBe('permanent');
    expect((failure as ProcessingError).message).toContain(String(0x7fffff00));
  });

  it('calls a JSON message permanent and malformed', async () => {
    const failure = (await codec.decode(Buffer.from('{"not":"avro"}')).catch((error: unknown) => error)) as ProcessingError;
    expect(failure.errorClass).toBe('malformed');
    expect(failure.message).toMatch(/magic byte/);
  });
});
