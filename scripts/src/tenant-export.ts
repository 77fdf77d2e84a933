import { cliArgs } from './cli-args';
import { exportTenantArchive } from './offboarding/offboard-tenant';
import { tenantCliOptions } from './offboarding/tenant-cli-options';

const USAGE = 'usage: npm run tenant:export -- --tenant <id> --out <dir> [--url <service>=<url>]… [--port-offset <n>] [--page-size <n>]';

/**
 * npm run tenant:export: everything Ferry holds for a tenant (configuration, mappings, every service's audit,
 * statuses, ledgers, golden records), as the offboarding archive, for a tenant that stays active and untouched: a
 * copy on the tenant's request, or the audit for a review. Secrets are never exported.
 */
async function main(): Promise<number> {
  const { options } = tenantCliOptions(cliArgs(), USAGE, (line) => process.stdout.write(`tenant:export: ${line}\n`));
  const { archive, exported } = await exportTenantArchive(options);
  const rows = Object.values(exported).reduce((total, tables) => total + Object.values(tables).reduce((sum, n) => sum + n, 0), 0);
  process.stdout.write(`tenant:export: ${options.tenantId}: ${rows} rows from ${Object.keys(exported).length} services in ${archive}\n`);
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`tenant:export: ${(error as Error).message}\n`);
    process.exit(1);
  },
);
