import { SchemaCatalog, type EntityMapping } from '@ferry/contracts';
import { ExpressionSandbox, getFieldPath, mapCanonicalEvent, unknownReferences } from '@ferry/mapping';
import { sampleEventFor } from '@ferry/testing';
import { allTemplates } from './template-catalog';

const catalog = SchemaCatalog.load();
const sandbox = new ExpressionSandbox();
afterAll(() => sandbox.close());

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
