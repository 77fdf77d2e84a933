import { DataverseEnvironment, closeRecord } from './dataverse-store';

describe('Dataverse simulator: orders and invoices as Dataverse sets and closes them', () => {
  const environment = () => new DataverseEnvironment('env', 'dir');

  it('gives a new order and invoice Active / New and their auto-numbers, unless the writer set them', () => {
    const env = environment();
    expect(env.write('salesorders', undefined, { name: 'o' }).attributes).toMatchObject({
      statecode: 0,
      statuscode: 1,
      ordernumber: expect.stringMatching(/^ORD-\d{5}$/),
    });
    expect(env.write('invoices', undefined, { name: 'i', invoicenumber: 'INV-OWN' }).attributes).toMatchObject({
      statecode: 0,
      statuscode: 1,
      invoicenumber: 'INV-OWN',
    });
    expect(env.write('accounts', undefined, { name: 'a' }).attributes).toEqual({ name: 'a' });
  });

  it.each([
    ['invoices', 0, false, { statecode: 2, statuscode: 100001 }],
    ['invoices', 0, true, { statecode: 2, statuscode: 100002 }],
    ['invoices', 2, false, 'invoice x is not active (statecode 2)'],
    ['salesorders', 0, false, { statecode: 3, statuscode: 100001 }],
    ['salesorders', 1, true, { statecode: 3, statuscode: 100002 }],
    ['salesorders', 2, false, 'order x is not active or submitted (statecode 2)'],
  ] as const)('closing %s in statecode %s (partial %s)', (entitySet, statecode, partial, expected) => {
    const record = { id: 'x', version: 1, createdon: '', modifiedon: '', attributes: { statecode } };
    expect(closeRecord(entitySet, record, partial)).toEqual(
      typeof expected === 'string' ? { refused: expected } : { attributes: expected },
    );
  });
});
