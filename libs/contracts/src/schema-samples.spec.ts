import { validateAgainst } from './avro-validation';
import { semanticProblems } from './canonical-event-validation';
import type { CanonicalEvent } from './canonical-events';
import { SchemaCatalog } from './schema-catalog';

const catalog = SchemaCatalog.load();

describe('checked-in schema samples', () => {
  it.each(
    catalog
      .canonicalEvents()
      .filter((entry) => catalog.samples(entry.subject).length > 0)
      .map((entry) => [entry.subject, entry] as const),
  )('%s samples are valid canonical events', (_subject, entry) => {
    for (const sample of catalog.samples(entry.subject)) {
      expect(validateAgainst(entry.type, sample)).toEqual([]);
      expect(semanticProblems(sample as CanonicalEvent, entry, undefined)).toEqual([]);
    }
  });
});
