import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SchemaCatalog, findSchemasDir, generateContractTypes } from '@ferry/contracts';

/**
 * npm run schemas:generate — writes libs/contracts/src/generated/contracts.generated.ts from schemas/.
 * With --check, writes nothing and exits 1 when the committed file is out of date.
 */
const catalog = SchemaCatalog.load(findSchemasDir(__dirname));
const target = join(catalog.schemasDir, '..', 'libs', 'contracts', 'src', 'generated', 'contracts.generated.ts');
const generated = generateContractTypes(catalog);
if (process.argv.includes('--check')) {
  if (readFileSync(target, 'utf8') !== generated) {
    process.stderr.write(
      `schemas:generate --check: ${target} is out of date with schemas/; run npm run build && npm run schemas:generate\n`,
    );
    process.exit(1);
  }
  process.stdout.write('schemas:generate --check: generated contract types are up to date\n');
} else {
  writeFileSync(target, generated);
  process.stdout.write(`schemas:generate: wrote ${catalog.subjects.length} subjects' types to ${target}\n`);
}
