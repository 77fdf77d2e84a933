import type { SchemaCatalog } from './schema-catalog';
import { PRODUCT_CONSUMABLE_TOPICS, Topics } from './topics';

/**
 * Emits the product client's catalog (packages/ferry-client/src/generated/catalog.generated.ts): every canonical
 * event's subject, entity type and schema, and every product-facing topic's subject and schema, with a type map
 * from subject and topic to the interfaces generateContractTypes writes beside it. The client looks each schema
 * up by subject in the registry (it never registers one) and reads what it consumes into these schemas.
 */
export function generateClientCatalog(catalog: SchemaCatalog, consumable = PRODUCT_CONSUMABLE_TOPICS): string {
  const shortName = (subject: string) => subject.split('.').pop() ?? subject;
  const events = catalog.canonicalEvents();
  const consumed = consumable.map(({ topic, subject }) => ({ topic, entry: catalog.subject(subject) }));
  const imports = [...new Set([...events.map((e) => shortName(e.subject)), ...consumed.map((c) => shortName(c.entry.subject))])].sort();
  return [
    '// Generated from schemas/ by `npm run schemas:generate`. Do not edit: change the .avsc or topics.ts and regenerate.',
    '/* eslint-disable */',
    `import type { ${imports.join(', ')} } from './contracts.generated';`,
    '',
    '/** Where a product publishes every canonical event. Key: tenantId:entityType:entityId. */',
    `export const PRODUCT_EVENTS_TOPIC = ${JSON.stringify(Topics.productEvents)};`,
    '',
    '/** Every canonical event a product publishes: its entity type, body field and schema (as Ferry registers it). */',
    'export const CANONICAL_EVENTS = {',
    ...events.map(
      (e) =>
        `  ${JSON.stringify(e.subject)}: { entityType: ${JSON.stringify(e.entityType)}, bodyField: ${JSON.stringify(e.bodyField)}, schema: ${JSON.stringify(e.schemaText)} },`,
    ),
    '} as const;',
    '',
    '/** The TypeScript type of each canonical event, by subject. */',
    'export interface CanonicalEventTypes {',
    ...events.map((e) => `  ${JSON.stringify(e.subject)}: ${shortName(e.subject)};`),
    '}',
    '',
    "/** Every topic a product consumes: the subject of its records and that subject's schema. */",
    'export const CONSUMABLE_TOPICS = {',
    ...consumed.map(
      ({ topic, entry }) =>
        `  ${JSON.stringify(topic)}: { subject: ${JSON.stringify(entry.subject)}, schema: ${JSON.stringify(entry.schemaText)} },`,
    ),
    '} as const;',
    '',
    "/** The TypeScript type of each consumable topic's records. */",
    'export interface ConsumableTopicTypes {',
    ...consumed.map(({ topic, entry }) => `  ${JSON.stringify(topic)}: ${shortName(entry.subject)};`),
    '}',
    '',
  ].join('\n');
}
