import { emptyRecord, fieldPathProblem, getFieldPath, setFieldPath, UnsafeFieldPathError } from './field-paths';

describe('fieldPathProblem', () => {
  it.each([
    ['companyName', undefined],
    ['subsidiary.id', undefined],
    ['customerid_account@odata.bind', undefined],
    ['parent.msdyn_customer@odata.bind', undefined],
    ['ADDRESS_LINE_1', undefined],
    ['__proto__', 'uses the reserved name "__proto__"'],
    ['__proto__.skippedBy', 'uses the reserved name "__proto__"'],
    ['a.constructor.prototype', 'uses the reserved name "constructor"'],
    ['prototype', 'uses the reserved name "prototype"'],
    ['constructor@odata.bind', 'uses the reserved name "constructor"'],
    ['a..b', 'segment "" is not a plain identifier'],
    ['1st', 'segment "1st" is not a plain identifier'],
    ['a b', 'segment "a b" is not a plain identifier'],
    ['a[0]', 'segment "a[0]" is not a plain identifier'],
    ['', 'is empty'],
    ['a.b.c.d.e.f.g.h.i', 'has more than 8 segments'],
    ['x'.repeat(201), 'is longer than 200 characters'],
  ])('%s → %s', (path, problem) => {
    const found = fieldPathProblem(path);
    if (problem === undefined) expect(found).toBeUndefined();
    else expect(found).toContain(problem);
  });
});

describe('setFieldPath', () => {
  afterEach(() => {
    delete (Object.prototype as Record<string, unknown>)['skippedBy'];
  });

  it('refuses a path into the prototype and leaves Object.prototype untouched', () => {
    const payload = emptyRecord();
    expect(() => setFieldPath(payload, '__proto__.skippedBy', 'everyone')).toThrow(UnsafeFieldPathError);
    expect(() => setFieldPath({}, 'constructor.prototype.skippedBy', 'everyone')).toThrow(UnsafeFieldPathError);
    expect(({} as Record<string, unknown>)['skippedBy']).toBeUndefined();
  });

  it('builds nested payloads of objects without a prototype', () => {
    const payload = emptyRecord();
    setFieldPath(payload, 'subsidiary.id', '1');
    setFieldPath(payload, 'customerid_account@odata.bind', '/accounts(1)');
    expect(Object.getPrototypeOf(payload)).toBeNull();
    expect(Object.getPrototypeOf(payload['subsidiary'])).toBeNull();
    expect(JSON.parse(JSON.stringify(payload))).toEqual({ subsidiary: { id: '1' }, 'customerid_account@odata.bind': '/accounts(1)' });
  });

  it('reads only own properties', () => {
    expect(getFieldPath(emptyRecord(), 'toString')).toBeUndefined();
    expect(getFieldPath({ a: { b: 2 } }, 'a.b')).toBe(2);
  });
});
