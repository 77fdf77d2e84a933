import { SchemaCatalog, type TenantConfiguration } from '@ferry/contracts';
import { ExpressionSandbox } from '@ferry/mapping';
import { analyseSchemaImpact } from './schema-impact';

const sandbox = new ExpressionSandbox();
afterAll(() => sandbox.close());

const catalog = SchemaCatalog.load();
const current = catalog.subject('io.ferry.customer.v1.CustomerUpserted');
const samples = catalog.samples(current.subject);

/** The registered schema with a change applied to the Customer record's fields. */
function proposedWith(change: (fields: { name: string; [k: string]: unknown }[]) => void): unknown {
  const schema = JSON.parse(current.schemaText) as { fields: { name: string; type: { fields: { name: string }[] } }[] };
  change(schema.fields.find((field) => field.name === 'customer')!.type.fields);
  return schema;
}

const tenant = (tenantId: string, fields: Record<string, string>): TenantConfiguration => ({
  tenantId,
  version: 3,
  displayName: tenantId,
  active: true,
  connections: [],
  mappings: [
    {
      entityType: 'customer',
      connectionId: 'c',
      recordType: 'customer',
      externalIdExpression: 'customer.customerId',
      fieldExpressions: fields,
    },
  ],
  updatedAt: 0,
});

describe('analyseSchemaImpact', () => {
  it('lists the tenants whose mapping reads a field the proposed version removes, with the expression', async () => {
    const proposed = proposedWith((fields) =>
      fields.splice(
        fields.findIndex((f) => f.name === 'phone'),
        1,
      ),
    );
    const report = await analyseSchemaImpact(
      current,
      proposed,
      samples,
      [tenant('uses-phone', { phone: 'customer.phone' }), tenant('name-only', { companyName: 'customer.name' })],
      sandbox,
    );
    expect(report.affectedTenants).toEqual([
      {
        tenantId: 'uses-phone',
        configurationVersion: 3,
        impacts: [
          expect.objectContaining({ path: 'mappings.customer.fieldExpressions.phone', expression: 'customer.phone', impact: 'breaks' }),
        ],
      },
    ]);
    expect(report.unaffectedTenants).toEqual(['name-only']);
    expect(report.compatibility.problems).toEqual([]);
  });

  it('reports a mapping whose output on the sample events changes (a new field with a default)', async () => {
    const proposed = proposedWith((fields) => fields.push({ name: 'segment', type: 'string', default: 'smb' }));
    const report = await analyseSchemaImpact(
      current,
      proposed,
      samples,
      [tenant('segment-user', { segment: "customer.segment ? customer.segment : 'none'" })],
      sandbox,
    );
    expect(report.affectedTenants[0]?.impacts).toEqual([expect.objectContaining({ impact: 'changes', before: 'none', after: 'smb' })]);
  });

  it('flags an incompatible proposal under the subject rule', async () => {
    const proposed = proposedWith((fields) => fields.push({ name: 'tier', type: 'int' }));
    const report = await analyseSchemaImpact(current, proposed, samples, [], sandbox);
    expect(report.compatibility.problems.map((p) => p.field)).toContain('customer.tier');
  });
});
