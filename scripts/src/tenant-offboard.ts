import { cliArgs } from './cli-args';
import { offboardTenant } from './offboarding/offboard-tenant';
import { tenantCliOptions } from './offboarding/tenant-cli-options';

const USAGE =
  'usage: npm run tenant:offboard -- --tenant <id> --out <dir> [--url <service>=<url>]… [--port-offset <n>] [--settle-seconds <n>] [--page-size <n>]';

/**
 * npm run tenant:offboard: suspends a tenant, exports everything Ferry holds for it into an archive, erases it from
 * every service's database and (tombstones) from the compacted topics, and writes erasure-report.json. Acts as the
 * operator whose token is in FERRY_OPERATOR_TOKEN (an admin: the shared token or a named one).
 */
async function main(): Promise<number> {
  const { options, whole } = tenantCliOptions(cliArgs(), USAGE, (line) => process.stdout.write(`tenant:offboard: ${line}\n`));
  const report = await offboardTenant({ ...options, settleMs: whole('settle-seconds', 10, 3600) * 1000 });
  process.stdout.write(
    `tenant:offboard: ${options.tenantId} offboarded: ${report.totals.exportedRows} rows exported to ${report.archive}, ${report.totals.erasedRows} rows erased, ${report.totals.tombstones} tombstones; report in ${options.outDir}/erasure-report.json\n`,
  );
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`tenant:offboard: ${(error as Error).message}\n`);
    process.exit(1);
  },
);
