import { SchemaCatalog } from './schema-catalog';
import { validateAgainst, withDefaults } from './avro-validation';

const catalog = SchemaCatalog.load();
const customerType = catalog.subject('io.ferry.customer.v1.CustomerUpserted').type;

const valid = {
  envelope: { eventId: 'e1', tenantId: 't1', correlationId: 'c1', occurredAt: 1, sourceSystem: 'product', entityId: 'x', entityVersion: 1 },
  customer: { customerId: 'x', name: 'Acme', currency: 'EUR', status: 'active', hierarchy: {} },
};

describe('validateAgainst', () => {
  it('accepts a value that omits only defaulted fields', () => {
    expect(validateAgainst(customerType, valid)).toEqual([]);
  });

  it('names each bad field with what was expected', () => {
    const problems = validateAgainst(customerType, {
      envelope: { ...valid.envelope, occurredAt: 'yesterday', tenantId: undefined },
      customer: { ...valid.customer, contacts: [{ contactId: 'k', firstName: 'A' }], colour: 'red' },
    });
    expect(problems).toEqual(
      expect.arrayContaining([
        { field: 'envelope.tenantId', problem: 'is required (string)' },
        { field: 'envelope.occurredAt', problem: 'expected long (timestamp-millis), got string "yesterday"' },
        { field: 'customer.contacts[0].lastName', problem: 'is required (string)' },
        { field: 'customer.colour', problem: 'is not a field of io.ferry.customer.v1.Customer' },
      ]),
    );
    expect(problems).toHaveLength(4);
  });

  it('fills defaults so the value encodes', () => {
    const filled = withDefaults(customerType, valid) as unknown as { customer: { contacts: unknown[]; hierarchy: { depth: number } } };
    expect(filled.customer.contacts).toEqual([]);
    expect(filled.customer.hierarchy.depth).toBe(0);
    expect(() => customerType.toBuffer(filled)).not.toThrow();
  });
});
