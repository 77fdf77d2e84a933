// Real: a PostgreSQL server (DATABASE_URL, else the local one), a database of its own created for this file, the
// delivery migrations run as a delivery service runs them, and every statement of DeliveryLedgerRepository.
// Faked: nothing; no ERP is called, the spec says what the ERP answered (record id, content hash).
import { LOCAL_DEFAULTS } from '@ferry/config';
import { deliveryCommand, throwawayDeliveryDatabase, type ThrowawayDeliveryDatabase } from '../testing/throwaway-delivery-database';
import { DeliveryLedgerRepository } from './delivery-ledger.repository';

const serverUrl = process.env['DATABASE_URL'] ?? LOCAL_DEFAULTS.DATABASE_URL;

describe('DeliveryLedgerRepository in a real PostgreSQL, with the real migrations', () => {
  let database: ThrowawayDeliveryDatabase;
  let ledger: DeliveryLedgerRepository;

  beforeAll(async () => {
    database = await throwawayDeliveryDatabase(serverUrl);
    ledger = new DeliveryLedgerRepository(database.dataSource);
  });

  afterAll(async () => {
    await database?.drop();
  });

  const outcome = (erpRecordId: string, confirmedBy: 'write' | 'lookup' | 'ledger' = 'write') => ({
    erpRecordId,
    contentHash: `hash-of-${erpRecordId}`,
    attempts: 1,
    confirmedBy,
  });

  it('remembers what reached the ERP per command, and keeps the first entry when a delivery is recorded twice', async () => {
    const command = deliveryCommand({ tenantId: 'tenant-ledger' });
    expect(await ledger.entry(command.tenantId, command.commandId)).toBeUndefined();
    await ledger.recordDelivery(command, outcome('erp-1'));
    await ledger.recordDelivery(command, outcome('erp-2', 'lookup'));
    expect(await ledger.entry(command.tenantId, command.commandId)).toEqual({ erpRecordId: 'erp-1', contentHash: 'hash-of-erp-1' });
    expect(await ledger.entry('tenant-other', command.commandId)).toBeUndefined();
    const [row] = (await database.dataSource.query(`SELECT confirmed_by, entity_version FROM delivery_ledger WHERE command_id = $1`, [
      command.commandId,
    ])) as { confirmed_by: string; entity_version: string }[];
    expect(row).toEqual({ confirmed_by: 'write', entity_version: '1' });
  });

  it('moves the newest delivered version of a record forward only, per connection', async () => {
    const record = { tenantId: 'tenant-versions', recordType: 'customer', externalId: 'cust-versions' };
    const lane = { tenantId: record.tenantId, connectionId: 'erp-main' };
    expect(await ledger.deliveredVersion(lane, record.recordType, record.externalId)).toBeUndefined();
    await ledger.recordDelivery(deliveryCommand({ ...record, entityVersion: 3 }), outcome('erp-v3'));
    await ledger.recordDelivery(deliveryCommand({ ...record, entityVersion: 2 }), outcome('erp-v2'));
    expect(await ledger.deliveredVersion(lane, record.recordType, record.externalId)).toEqual({ version: 3, erpRecordId: 'erp-v3' });
    // The same version again (a replay delivered afresh) may move the record id: the ERP's answer is the newest fact.
    await ledger.recordDelivery(deliveryCommand({ ...record, entityVersion: 3 }), outcome('erp-v3-again'));
    await ledger.recordDelivery(deliveryCommand({ ...record, entityVersion: 4, connectionId: 'erp-other' }), outcome('erp-other-v4'));
    expect(await ledger.deliveredVersion(lane, record.recordType, record.externalId)).toEqual({ version: 3, erpRecordId: 'erp-v3-again' });
    expect(await ledger.deliveredVersion({ ...lane, connectionId: 'erp-other' }, record.recordType, record.externalId)).toEqual({
      version: 4,
      erpRecordId: 'erp-other-v4',
    });
  });
});
