import { SchemaCatalog, type CanonicalEvent, type EntityMapping } from '@ferry/contracts';
import { ExpressionSandbox, getFieldPath, mapCanonicalEvent, measureText, unknownReferences } from '@ferry/mapping';
import { HOSTILE_NAMES, sampleCustomerUpserted, sampleEventFor } from '@ferry/testing';
import { allTemplates } from './template-catalog';

const catalog = SchemaCatalog.load();
const sandbox = new ExpressionSandbox();
afterAll(() => sandbox.close());
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

describe.each(allTemplates().map((template) => [`${template.name}@${template.version}`, template] as const))(
  'template %s',
  (_label, template) => {
    it.each(Object.entries(template.entities))(
      'maps a sample %s with every required field, reading only fields the canonical schema has',
      async (entityType, entity) => {
        const eventType = catalog.canonicalEvents().find((entry) => entry.entityType === entityType)!.type;
        const expressions = [entity!.externalIdExpression, ...Object.values(entity!.fieldExpressions)];
        expect(expressions.flatMap((expression) => unknownReferences(expression, eventType))).toEqual([]);
        const mapping: EntityMapping = { entityType, connectionId: 'c', ...entity! };
        const mapped = await mapCanonicalEvent(sampleEventFor(entityType, 't')!, mapping, sandbox);
        expect(mapped.externalId).not.toBe('');
        const missing = entity!.requiredFields.filter((field) =>
          [undefined, null, ''].includes(getFieldPath(mapped.payload, field) as null),
        );
        expect(missing).toEqual([]);
      },
    );
  },
);

describe.each(allTemplates().map((template) => [`${template.name}@${template.version}`, template] as const))(
  'template %s with hostile customer names',
  (_label, template) => {
    const customer = template.entities.customer!;
    it.each(Object.entries(HOSTILE_NAMES))('maps a %s name into every limited field as the ERP counts it', async (_kind, name) => {
      const event = sampleCustomerUpserted('t', { name });
      event.customer.billingAddress = { ...event.customer.billingAddress!, line1: name, city: name };
      const mapping: EntityMapping = { entityType: 'customer', connectionId: 'c', ...customer };
      const mapped = await mapCanonicalEvent(event as unknown as CanonicalEvent, mapping, sandbox);
      for (const [path, limit] of Object.entries(customer.fieldLimits ?? {})) {
        const [head, tail] = path.split('[].');
        const values = tail
          ? ((getFieldPath(mapped.payload, head!) as Record<string, unknown>[] | undefined) ?? []).map((element) => element[tail])
          : [getFieldPath(mapped.payload, path)];
        for (const value of values.filter((text): text is string => typeof text === 'string')) {
          expect(measureText(value, limit.unit)).toBeLessThanOrEqual(limit.maxLength);
          expect(value).not.toMatch(LONE_SURROGATE);
        }
      }
      // Every name is longer than every ERP's name field; a webhook receiver (no limits) gets it whole.
      if (customer.fieldLimits) expect(mapped.truncated?.length ?? 0).toBeGreaterThan(0);
      else expect(mapped.truncated).toBeUndefined();
    });
  },
);
