import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateClientCatalog } from './client-contract-generator';
import { SchemaCatalog } from './schema-catalog';
import { generateContractTypes } from './type-generator';

/** The product client carries its own copy of the generated contracts: it must match schemas/ as Ferry's does. */
describe('the product client’s generated contracts', () => {
  const catalog = SchemaCatalog.load();
  const generated = join(catalog.schemasDir, '..', 'packages', 'ferry-client', 'src', 'generated');

  it('types every record as libs/contracts does', () => {
    expect(readFileSync(join(generated, 'contracts.generated.ts'), 'utf8')).toBe(generateContractTypes(catalog));
  });

  it('lists every canonical event and product-facing topic with the schema Ferry registers', () => {
    const text = generateClientCatalog(catalog);
    expect(readFileSync(join(generated, 'catalog.generated.ts'), 'utf8')).toBe(text);
    for (const event of catalog.canonicalEvents()) expect(text).toContain(JSON.stringify(event.schemaText));
    expect(text).toContain('"ferry.sync-status.v1": SyncStatus;');
  });
});
