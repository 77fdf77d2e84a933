import { avroType, confluentFrame, decodeInto, encodeConfluent } from './avro-wire';
import { FerryClientError } from './client-errors';

const v1 = JSON.stringify({
  type: 'record',
  name: 'Thing',
  namespace: 'test.v1',
  fields: [
    { name: 'id', type: 'string' },
    { name: 'note', type: ['null', 'string'], default: null },
  ],
});
const v2 = JSON.stringify({
  type: 'record',
  name: 'Thing',
  namespace: 'test.v1',
  fields: [
    { name: 'id', type: 'string' },
    { name: 'note', type: ['null', 'string'], default: null },
    { name: 'stage', type: 'string', default: 'delivery' },
  ],
});

describe('Avro in the Confluent wire format', () => {
  it('frames the body with magic byte 0 and the schema id, filling defaulted fields the event left out', () => {
    const buffer = encodeConfluent(42, avroType(v1), { id: 'a' }, 'Thing');
    expect(buffer.readUInt8(0)).toBe(0);
    expect(confluentFrame(buffer).schemaId).toBe(42);
    expect(decodeInto(v1, v1, confluentFrame(buffer).body)).toEqual({ id: 'a', note: null });
  });

  it.each<[string, unknown, RegExp]>([
    ['a missing required field', { note: 'x' }, /INVALID|Thing/],
    ['a field of the wrong type', { id: 7 }, /id/],
  ])('refuses %s, naming it', (_case, value, message) => {
    let thrown: unknown;
    try {
      encodeConfluent(1, avroType(v1), value, 'Thing');
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(FerryClientError);
    expect(thrown).toMatchObject({ code: 'INVALID_EVENT', message: expect.stringMatching(message) as string });
  });

  it('reads a record written with an older version into the reader’s, with the new field’s default', () => {
    const body = confluentFrame(encodeConfluent(1, avroType(v1), { id: 'a', note: 'n' }, 'Thing')).body;
    expect(decodeInto(v2, v1, body)).toEqual({ id: 'a', note: 'n', stage: 'delivery' });
  });

  it('reads a record written with a newer version, dropping what the reader does not know', () => {
    const body = confluentFrame(encodeConfluent(1, avroType(v2), { id: 'a', stage: 'inbound' }, 'Thing')).body;
    expect(decodeInto(v1, v2, body)).toEqual({ id: 'a', note: null });
  });

  it.each<[string, Buffer | null]>([
    ['nothing', null],
    ['a JSON body', Buffer.from('{"id":"a"}')],
    ['a header alone, too short', Buffer.from([0, 0, 0])],
  ])('refuses %s as not Confluent Avro', (_case, buffer) => {
    expect(() => confluentFrame(buffer)).toThrow(expect.objectContaining({ code: 'NOT_CONFLUENT_AVRO' }) as Error);
  });
});
