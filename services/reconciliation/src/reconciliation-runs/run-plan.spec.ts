import type { EntityMapping, ErpConnection } from '@ferry/contracts';
import { planUnits } from './run-plan';

const connection = (connectionId: string, erpKind: string) => ({ connectionId, erpKind }) as ErpConnection;
const mapping = (connectionId: string, recordType: string) =>
  ({ connectionId, recordType, entityType: 'customer', fieldExpressions: {} }) as unknown as EntityMapping;
const readable = new Set(['netsuite', 'dynamics365', 'oracle_fusion', 'sap_s4']);

describe('planUnits: every mapping becomes a unit, reconcilable or unsupported with its reason', () => {
  it.each<[string, ErpConnection[], EntityMapping, string | undefined]>([
    ['Dynamics accounts', [connection('d', 'dynamics365')], mapping('d', 'accounts'), undefined],
    ['SAP sales orders', [connection('s', 'sap_s4')], mapping('s', 'A_SalesOrder'), undefined],
    ['CSV drop', [connection('c', 'csv_sftp')], mapping('c', 'customers'), 'csv_sftp connections cannot be read back'],
    ['webhook', [connection('w', 'webhook')], mapping('w', 'customer'), 'webhook connections cannot be read back'],
    ['NetSuite SOAP', [connection('n', 'netsuite_soap')], mapping('n', 'customer'), 'netsuite_soap connections cannot be read back'],
    [
      'NetSuite shipments (no reader yet)',
      [connection('n', 'netsuite')],
      mapping('n', 'itemFulfillment'),
      'no canonical reader for netsuite itemFulfillment',
    ],
    ['a mapping whose connection is gone', [], mapping('gone', 'accounts'), 'connection gone is not configured'],
  ])('%s', (_case, connections, entityMapping, reason) => {
    const [unit] = planUnits({ mappings: [entityMapping], connections }, readable);
    expect(unit?.unsupported).toBe(reason);
  });

  it('orders units by connection and record type, whatever the configuration order', () => {
    const units = planUnits(
      {
        mappings: [mapping('b', 'x'), mapping('a', 'z'), mapping('a', 'y')],
        connections: [connection('a', 'netsuite'), connection('b', 'netsuite')],
      },
      readable,
    );
    expect(units.map((unit) => `${unit.connectionId}/${unit.recordType}`)).toEqual(['a/y', 'a/z', 'b/x']);
  });
});
