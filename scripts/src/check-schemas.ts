import { SchemaCatalog, findSchemasDir } from '@ferry/contracts';
import { RegistryConnection, checkCatalog } from '@ferry/kafka';
import { cliArgs, connectionFromEnv } from './cli-args';

/**
 * npm run schemas:check [-- --schemas-dir <dir>]
 * Checks every schema in the working tree against what the registry holds for its subject, under the
 * subject's compatibility rule. Exits 1 naming each offending field when one would be rejected.
 */
async function main(): Promise<number> {
  const args = cliArgs();
  const registry = new RegistryConnection(connectionFromEnv('schemas:check').registry);
  const catalog = SchemaCatalog.load(args['schemas-dir'] ?? findSchemasDir(__dirname));
  process.stdout.write(`schemas:check: ${catalog.subjects.length} subjects from ${catalog.schemasDir} against ${registry.url}\n`);
  const checks = await checkCatalog(registry, catalog, (check) => {
    const mark = check.ok ? 'ok  ' : 'FAIL';
    process.stdout.write(
      `  ${mark} ${check.subject} (${check.compatibility}, ${check.registeredVersions} registered version${check.registeredVersions === 1 ? '' : 's'})${check.note ? `: ${check.note}` : ''}\n`,
    );
    for (const problem of check.problems)
      process.stdout.write(`         field ${problem.field} (vs version ${problem.againstVersion}): ${problem.problem}\n`);
  });
  const failed = checks.filter((check) => !check.ok);
  if (failed.length > 0) {
    process.stdout.write(
      `schemas:check: ${failed.length} subject(s) would break their compatibility rule. Make the change compatible (new fields with defaults, renames through aliases) or publish a new versioned subject (…v2).\n`,
    );
    return 1;
  }
  process.stdout.write('schemas:check: every schema is compatible with its registered history\n');
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`schemas:check: ${(error as Error).message}\n`);
    process.exit(2);
  },
);
