import { SchemaCatalog, type CanonicalEvent } from '@ferry/contracts';
import { sampleCustomerUpserted } from '@ferry/testing';
import { productEventRefusal } from './product-event-check';

const catalog = SchemaCatalog.load();
const customer = sampleCustomerUpserted('acme') as unknown as CanonicalEvent;
const message = (key: string | null) => ({ key, value: customer, recordName: 'io.ferry.customer.v1.CustomerUpserted' });

describe('which product events ingestion refuses', () => {
  it.each([
    ['keyed by its own tenant', `acme:customer:${customer.envelope.entityId}`, undefined],
    ['keyed by the tenant alone', 'acme', undefined],
    ['without a Kafka key', null, { code: 'MISSING_KEY', message: /no Kafka key.*tenantId:entityType:entityId/ }],
    ['with an empty Kafka key', '', { code: 'MISSING_KEY', message: /no Kafka key/ }],
    ['with a key that names no tenant', ':customer:c-1', { code: 'MISSING_KEY', message: /no tenant/ }],
    ['keyed by another tenant', 'globex:customer:c-1', { code: 'INVALID_EVENT', message: /envelope\.tenantId must be "globex"/ }],
  ])('an event %s', (_case, key, refusal) => {
    const outcome = productEventRefusal(message(key), catalog);
    if (refusal === undefined) expect(outcome).toBeUndefined();
    else expect(outcome).toMatchObject({ code: refusal.code, message: expect.stringMatching(refusal.message) });
  });

  it('refuses a record that is not a canonical event', () => {
    expect(productEventRefusal({ ...message('acme'), recordName: 'io.ferry.sync.v1.SyncStatus' }, catalog)).toMatchObject({
      code: 'NOT_A_CANONICAL_EVENT',
    });
  });
});
