import { canonicalJson, contentHash, projectOnto, recordHoldsPayload } from './content-hash';

describe('content hashing', () => {
  it('ignores key order at every level', () => {
    expect(contentHash({ b: 1, a: { d: 2, c: [1, { f: 1, e: 2 }] } })).toBe(contentHash({ a: { c: [1, { e: 2, f: 1 }], d: 2 }, b: 1 }));
  });

  it('tells different content apart', () => {
    expect(contentHash({ a: 1 })).not.toBe(contentHash({ a: 2 }));
    expect(canonicalJson({ a: [2, 1] })).not.toBe(canonicalJson({ a: [1, 2] }));
  });

  it('projects an ERP record onto the keys Ferry wrote', () => {
    const sent = { companyName: 'Acme', subsidiary: { id: '1' } };
    const held = { id: '77', companyName: 'Acme', subsidiary: { id: '1', refName: 'HQ' }, links: [] };
    expect(projectOnto(sent, held)).toEqual(sent);
    expect(projectOnto(sent, { companyName: 'Acme Ltd' })).toEqual({ companyName: 'Acme Ltd' });
    expect(projectOnto({ parent: { externalId: true } }, { parent: null })).toBeUndefined();
  });

  it('tells whether an ERP record already holds a payload, ignoring what the ERP added', () => {
    const sent = { companyName: 'Acme', subsidiary: { id: '1' } };
    expect(recordHoldsPayload(sent, { id: '77', companyName: 'Acme', subsidiary: { id: '1', refName: 'HQ' } })).toBe(true);
    expect(recordHoldsPayload(sent, { companyName: 'Acme', subsidiary: { id: '2' } })).toBe(false);
    expect(recordHoldsPayload(sent, { companyName: 'Acme' })).toBe(false);
  });
});
