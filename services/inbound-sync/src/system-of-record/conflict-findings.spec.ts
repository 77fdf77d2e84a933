import { validateAgainst, SchemaCatalog, Subjects } from '@ferry/contracts';
import { conflictFindings } from './conflict-findings';

const source = { tenantId: 'acme', connectionId: 'ns-main', erpKind: 'netsuite', recordType: 'customer' };
const record = { erpRecordId: '101', externalId: 'ferry-c-1', fields: {}, lastModified: '2026-12-01T10:00:00.000Z' };
const taxId = { group: 'taxId', path: 'customer.taxId', owner: 'product', erpValue: 'FR2', keptValue: 'FR1' };
const address = {
  group: 'billingAddress',
  path: 'customer.billingAddress',
  owner: 'product',
  erpValue: null,
  keptValue: { city: 'Paris' },
};

describe('conflictFindings', () => {
  it('makes one valid SystemOfRecordConflict per conflicting field, values as JSON', () => {
    const findings = conflictFindings(source, record, 'c-1', [taxId, address], 5000);
    const type = SchemaCatalog.load().subject(Subjects.SystemOfRecordConflict).type;
    for (const finding of findings) expect(validateAgainst(type, finding)).toEqual([]);
    expect(findings.map((f) => [f.fieldPath, f.erpValueJson, f.keptValueJson, f.changedAt, f.entityId])).toEqual([
      ['customer.taxId', '"FR2"', '"FR1"', Date.parse(record.lastModified), 'c-1'],
      ['customer.billingAddress', null, '{"city":"Paris"}', Date.parse(record.lastModified), 'c-1'],
    ]);
  });

  it.each([
    ['the same change read twice', record, taxId, true],
    ['a later change of the same record', { ...record, lastModified: '2026-12-01T11:00:00.000Z' }, taxId, false],
    ['another field of the same change', record, address, false],
  ])('derives the finding id from the change and the field: %s', (_case, other, conflict, same) => {
    const [first] = conflictFindings(source, record, 'c-1', [taxId], 1);
    const [second] = conflictFindings(source, other, 'c-1', [conflict], 2);
    expect(first!.findingId === second!.findingId).toBe(same);
  });
});
