import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SchemaCatalog, findSchemasDir, generateContractTypes } from '@ferry/contracts';


const catalog = SchemaCatalog.load(findSchemasDir(__dirname));
const target = join(catalog.schemasDir, '..', 'libs', 'contracts', 'src', 'generated', 'contracts.generated.ts');
writeFileSync(target, generateContractTypes(catalog));
process.stdout.write(`schemas:generate: wrote ${catalog.subjects.length} subjects' types to ${target}\n`);
