import { openTestDatabase, type TestDatabase } from '@ferry/testing';
import { CreateInboundBaseline1795402600000 } from '../migrations/1795402600000-create-inbound-baseline';
import { InboundBaselineRepository } from './inbound-baseline.repository';

/** Real: PostgreSQL and inbound-sync's migration; nothing faked. */
describe('the canonical body last read from each ERP record, in a real PostgreSQL', () => {
  let database: TestDatabase;
  let baselines: InboundBaselineRepository;
  const key = { tenantId: 'acme', connectionId: 'ns-main', recordType: 'customer' };

  beforeAll(async () => {
    database = await openTestDatabase('inbound_sync', [CreateInboundBaseline1795402600000]);
    baselines = new InboundBaselineRepository(database.dataSource);
  });
  afterAll(() => database?.drop());

  it('answers the last saved body per record, replaced on save, and nothing for records never read', async () => {
    await baselines.save(key, new Map([['101', { name: 'Acme', taxId: 'FR1' }]]));
    await baselines.save(
      key,
      new Map([
        ['101', { name: 'Acme', taxId: 'FR2', billingAddress: { city: 'Paris' } }],
        ['102', { name: 'Beta' }],
      ]),
    );
    const read = await baselines.baselines(key, ['101', '102', '103']);
    expect(Object.fromEntries(read)).toEqual({
      '101': { name: 'Acme', taxId: 'FR2', billingAddress: { city: 'Paris' } },
      '102': { name: 'Beta' },
    });
    expect(await baselines.baselines({ ...key, connectionId: 'other' }, ['101'])).toEqual(new Map());
    expect(await baselines.baselines(key, [])).toEqual(new Map());
  });
});
