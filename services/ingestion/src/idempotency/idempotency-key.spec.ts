import { readIdempotencyKey, requestHashOf } from './idempotency-key';

describe('the Idempotency-Key header', () => {
  it.each<[string, string | string[] | undefined, ReturnType<typeof readIdempotencyKey>['kind']]>([
    ['absent', undefined, 'absent'],
    ['a UUID', '6f1c2a4e-8d3b-4c1a-9f0e-2b7d5a3c9e11', 'valid'],
    ['one character', 'a', 'valid'],
    ['255 characters', 'k'.repeat(255), 'valid'],
    ['printable ASCII with spaces and punctuation', 'batch 42 / retry #1 ~', 'valid'],
    ['empty', '', 'invalid'],
    ['256 characters', 'k'.repeat(256), 'invalid'],
    ['with a non-ASCII character', 'clé', 'invalid'],
    ['with a control character', 'a\tb', 'invalid'],
    ['sent twice', ['a', 'b'], 'invalid'],
  ])('%s is %s', (_case, header, kind) => {
    expect(readIdempotencyKey(header).kind).toBe(kind);
  });

  it('keeps the key as sent', () => {
    expect(readIdempotencyKey('Key-1')).toEqual({ kind: 'valid', key: 'Key-1' });
  });
});

describe('the request hash a retry must match', () => {
  it('is the same for the same body serialised with other key order', () => {
    expect(requestHashOf({ events: [{ type: 'A', event: { b: 1, a: [1, 2] } }] })).toBe(
      requestHashOf({ events: [{ event: { a: [1, 2], b: 1 }, type: 'A' }] }),
    );
  });

  it.each([
    ['another value', { events: [{ type: 'A', event: { a: 2 } }] }],
    ['another array order', { events: [{ type: 'A', event: { a: [2, 1] } }] }],
    [
      'one more event',
      {
        events: [
          { type: 'A', event: { a: 1 } },
          { type: 'A', event: { a: 1 } },
        ],
      },
    ],
  ])('differs for %s', (_case, other) => {
    expect(requestHashOf({ events: [{ type: 'A', event: { a: 1 } }] })).not.toBe(requestHashOf(other));
  });
});
