import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SchemaCatalog, findSchemasDir, generateClientCatalog, generateContractTypes } from '@ferry/contracts';

/**
 * npm run schemas:generate — writes the TypeScript generated from schemas/: libs/contracts' types, and the same
 * types plus the product client's catalog in packages/ferry-client (a published package carries its own copy).
 * With --check, writes nothing and exits 1 when a committed file is out of date.
 */
const catalog = SchemaCatalog.load(findSchemasDir(__dirname));
const root = join(catalog.schemasDir, '..');
const types = generateContractTypes(catalog);
const outputs: [string, string][] = [
  [join(root, 'libs', 'contracts', 'src', 'generated', 'contracts.generated.ts'), types],
  [join(root, 'packages', 'ferry-client', 'src', 'generated', 'contracts.generated.ts'), types],
  [join(root, 'packages', 'ferry-client', 'src', 'generated', 'catalog.generated.ts'), generateClientCatalog(catalog)],
];
if (process.argv.includes('--check')) {
  const stale = outputs.filter(([target, generated]) => readFileSync(target, 'utf8') !== generated).map(([target]) => target);
  if (stale.length > 0) {
    process.stderr.write(
      `schemas:generate --check: ${stale.join(', ')} out of date with schemas/; run npm run build && npm run schemas:generate\n`,
    );
    process.exit(1);
  }
  process.stdout.write('schemas:generate --check: generated contract types are up to date\n');
} else {
  for (const [target, generated] of outputs) writeFileSync(target, generated);
  process.stdout.write(
    `schemas:generate: wrote ${catalog.subjects.length} subjects' types to ${outputs.map(([target]) => target).join(', ')}\n`,
  );
}
