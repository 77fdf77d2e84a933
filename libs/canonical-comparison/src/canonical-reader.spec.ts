import { canonicalIdOfReference, referencedErpRecords, stripPrefix, type ReferenceResolver } from './canonical-reader';
import { canonicalReaderFor } from './erp-canonical-readers';

const books: ReferenceResolver = { externalIdOf: (type, id) => (type === 'accounts' && id === 'g-1' ? 'ferry-cust-1' : undefined) };

describe('canonicalIdOfReference: an ERP id read back as the canonical id', () => {
  it.each<[unknown, string | null]>([
    ['g-1', 'cust-1'],
    ['g-9', 'erp:accounts/g-9'],
    [null, null],
    ['', null],
  ])('%p → %p', (erpId, canonicalId) => {
    expect(canonicalIdOfReference(books, 'accounts', erpId, 'ferry-')).toBe(canonicalId);
  });
});

describe("stripPrefix: Ferry's external id to the canonical id", () => {
  it.each<[unknown, string, string | null]>([
    ['ferry-cust-1', 'ferry-', 'cust-1'],
    ['FERRY-cust-1', 'FERRY-', 'cust-1'],
    ['created-in-erp', 'ferry-', 'erp:created-in-erp'],
    [null, 'ferry-', null],
    [42, 'ferry-', null],
  ])('%p with %p → %p', (externalId, prefix, canonicalId) => {
    expect(stripPrefix(externalId, prefix)).toBe(canonicalId);
  });
});

describe('referencedErpRecords: the ERP records a page refers to, once each', () => {
  it.each<[string, string, Record<string, unknown>[], { erpRecordType: string; erpRecordId: string }[]]>([
    [
      'dynamics365',
      'salesorders',
      [{ _customerid_account_value: 'g-1' }, { _customerid_account_value: 'g-1' }, { _customerid_account_value: 'g-2' }],
      [
        { erpRecordType: 'accounts', erpRecordId: 'g-1' },
        { erpRecordType: 'accounts', erpRecordId: 'g-2' },
      ],
    ],
    [
      'sap_s4',
      'A_SalesOrder',
      [{ SoldToParty: '1000001' }, { SoldToParty: null }],
      [{ erpRecordType: 'A_BusinessPartner', erpRecordId: '1000001' }],
    ],
    [
      'netsuite',
      'invoice',
      [{ entity: { id: '7' }, createdFrom: { id: '70' } }],
      [
        { erpRecordType: 'customer', erpRecordId: '7' },
        { erpRecordType: 'salesOrder', erpRecordId: '70' },
      ],
    ],
    ['dynamics365', 'accounts', [{ name: 'no references' }], []],
  ])('%s %s', (erpKind, recordType, pages, expected) => {
    expect(referencedErpRecords(canonicalReaderFor(erpKind, recordType)!, pages)).toEqual(expected);
  });
});
