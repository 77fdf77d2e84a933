import { SchemaCatalog, findSchemasDir } from '@ferry/contracts';
import { AvroCodec } from '@ferry/kafka';
import { cliArgs, connectionFromEnv } from './cli-args';

/** npm run schemas:register [-- --schemas-dir <dir>]: sets each subject's rule and registers its schema. */
async function main(): Promise<void> {
  const args = cliArgs();
  const catalog = SchemaCatalog.load(args['schemas-dir'] ?? findSchemasDir(__dirname));
  const { registry } = connectionFromEnv('schemas:register');
  const codec = AvroCodec.create(registry, catalog);
  for (const entry of catalog.subjects) {
    const id = await codec.schemaId(entry.subject);
    process.stdout.write(`  ${entry.subject} → schema id ${id} (${entry.compatibility})\n`);
  }
  process.stdout.write(`schemas:register: ${catalog.subjects.length} subjects registered at ${registry.url}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`schemas:register: ${(error as Error).message}\n`);
  process.exit(1);
});
