import { contentHash, type ErpRecord } from '@ferry/erp-core';
import { echoVerdict, writtenShape, type EchoVerdict } from './echo-decision';

const written = { companyName: 'Acme GmbH', email: 'billing@acme.example', subsidiary: { id: '1' } };
const fieldPaths = ['companyName', 'email', 'subsidiary.id'];
const delivered = { contentHash: contentHash(written) };

function record(fields: Record<string, unknown>, externalId: string | null = 'cust-1'): ErpRecord {
  return { erpRecordId: '42', externalId, fields, lastModified: '2026-12-02T02:00:00Z' };
}

describe('whether a changed ERP record is an echo of Ferry’s own write', () => {
  it.each<[string, ErpRecord, typeof delivered | undefined, string[] | undefined, EchoVerdict]>([
    ['exactly what Ferry wrote', record(written), delivered, fieldPaths, { echo: true }],
    [
      'what Ferry wrote plus fields the ERP adds (reference names, defaults, system fields)',
      record({ ...written, subsidiary: { id: '1', refName: 'Parent Company' }, isPerson: false, dateCreated: 'x' }),
      delivered,
      fieldPaths,
      { echo: true },
    ],
    [
      'a field Ferry writes edited in the ERP afterwards',
      record({ ...written, email: 'ap@acme.example' }),
      delivered,
      fieldPaths,
      { echo: false, reason: 'content_differs' },
    ],
    [
      'a nested field Ferry writes edited in the ERP',
      record({ ...written, subsidiary: { id: '2' } }),
      delivered,
      fieldPaths,
      { echo: false, reason: 'content_differs' },
    ],
    [
      'a field Ferry writes cleared in the ERP',
      record({ companyName: 'Acme GmbH', subsidiary: { id: '1' } }),
      delivered,
      fieldPaths,
      { echo: false, reason: 'content_differs' },
    ],
    [
      'a field Ferry does not write edited in the ERP (nothing for the product to learn)',
      record({ ...written, comments: 'called them' }),
      delivered,
      fieldPaths,
      { echo: true },
    ],
    [
      'a record created in the ERP (no Ferry external id)',
      record(written, null),
      delivered,
      fieldPaths,
      { echo: false, reason: 'no_external_id' },
    ],
    [
      'a record Ferry wrote whose delivery was not reported yet',
      record(written),
      undefined,
      fieldPaths,
      { echo: false, reason: 'never_delivered' },
    ],
    ['no mapping to tell which fields Ferry writes', record(written), delivered, undefined, { echo: false, reason: 'no_mapping' }],
    ['a mapping that writes no field', record(written), delivered, [], { echo: false, reason: 'no_mapping' }],
  ])('%s', (_case, changed, lastDelivery, paths, verdict) => {
    expect(echoVerdict(changed, lastDelivery, paths)).toEqual(verdict);
  });

  it('projects onto the nested shape of the mapping’s field paths', () => {
    expect(writtenShape(['companyName', 'subsidiary.id', 'subsidiary.name'])).toEqual({
      companyName: true,
      subsidiary: { id: true, name: true },
    });
  });
});
