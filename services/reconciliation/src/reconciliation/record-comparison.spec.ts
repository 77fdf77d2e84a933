import { contentHash } from '@ferry/erp-core';
import { compareRecords, shapeOf } from './record-comparison';

const shape = shapeOf(['companyName', 'subsidiary.id']);
const sent = { companyName: 'Acme', subsidiary: { id: '1' } };

describe('compareRecords', () => {
  it('matches a record whose mapped fields are unchanged, whatever the ERP added', () => {
    const result = compareRecords(
      [{ externalId: 'x', erpRecordId: '1', contentHash: contentHash(sent) }],
      [{ erpRecordId: '1', externalId: 'x', fields: { companyName: 'Acme', subsidiary: { id: '1', refName: 'HQ' }, balance: 10 } }],
      shape,
    );
    expect(result).toEqual({ ferryCount: 1, erpCount: 1, erpOnlyCount: 0, matched: 1, differences: [] });
  });

  it('reports a record edited in the ERP as a content mismatch, and one deleted there as missing', () => {
    const result = compareRecords(
      [
        { externalId: 'x', erpRecordId: '1', contentHash: contentHash(sent) },
        { externalId: 'y', erpRecordId: '2', contentHash: contentHash(sent) },
      ],
      [
        { erpRecordId: '1', externalId: 'x', fields: { companyName: 'Acme Renamed', subsidiary: { id: '1' } } },
        { erpRecordId: '9', externalId: 'z', fields: {} },
      ],
      shape,
    );
    expect(result.differences.map((d) => [d.externalId, d.kind])).toEqual([
      ['x', 'content_mismatch'],
      ['y', 'missing_in_erp'],
    ]);
    expect(result.erpOnlyCount).toBe(1);
    expect(result.matched).toBe(0);
  });

  it('builds nested shapes from dotted field paths', () => {
    expect(shapeOf(['a', 'b.c', 'b.d'])).toEqual({ a: true, b: { c: true, d: true } });
  });
});
