import { ConfigError, databaseEnvSchema, loadConfig } from '@ferry/config';
import { cliArgs, repeatedArg } from './cli-args';
import { migrateServiceDatabases } from './migrate-databases';
import { SERVICE_DATABASES, selectServiceDatabases } from './service-databases';

/**
 * npm run migrate [-- --service <name> ...] [--database-prefix <prefix>]: runs every service's database
 * migrations once (the Helm provisioning Job and docker-compose's provision service run it per release).
 * Services still migrate at start under the same lock, so a missed run only moves the work to them.
 */
async function main(): Promise<void> {
  const args = cliArgs();
  const { DATABASE_URL: serverUrl } = loadConfig('migrate', databaseEnvSchema(), process.env);
  const choice = selectServiceDatabases(repeatedArg('service'));
  if ('unknown' in choice) {
    const known = SERVICE_DATABASES.map((database) => database.service).join(', ');
    throw new Error(`no database for service ${choice.unknown.join(', ')} (services with a database: ${known})`);
  }
  const { hostname, port } = new URL(serverUrl);
  process.stdout.write(`migrate: ${plural(choice.selected.length, 'database')} on ${hostname}:${port || 5432}\n`);
  const results = await migrateServiceDatabases({
    serverUrl,
    databases: choice.selected,
    prefix: args['database-prefix'],
    onStart: (service, database) => process.stdout.write(`  ${database} (${service}): migrating…\n`),
    onDone: ({ database, ran }) =>
      process.stdout.write(
        ran.length === 0 ? `  ${database}: up to date\n` : `  ${database}: ran ${plural(ran.length, 'migration')}: ${ran.join(', ')}\n`,
      ),
  });
  const ran = results.reduce((total, result) => total + result.ran.length, 0);
  process.stdout.write(`migrate: ${plural(results.length, 'database')} up to date, ${plural(ran, 'migration')} run\n`);
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

main().catch((error: unknown) => {
  // A ConfigError already names the tool and lists every bad variable.
  process.stderr.write(error instanceof ConfigError ? `${error.message}\n` : `migrate: ${(error as Error).message}\n`);
  process.exit(1);
});
