import { cliArgs, repeatedArg } from './cli-args';
import { offboardTenant } from './offboarding/offboard-tenant';
import { DATA_SERVICES, serviceUrls } from './offboarding/offboarding-services';

const USAGE =
  'usage: npm run tenant:offboard -- --tenant <id> --out <dir> [--url <service>=<url>]… [--port-offset <n>] [--settle-seconds <n>] [--page-size <n>]';

/**
 * npm run tenant:offboard: suspends a tenant, exports everything Ferry holds for it into an archive, erases it from
 * every service's database and (tombstones) from the compacted topics, and writes erasure-report.json. Acts as the
 * operator whose token is in FERRY_OPERATOR_TOKEN (an admin: the shared token or a named one).
 */
async function main(): Promise<number> {
  const args = cliArgs();
  const { tenant, out } = args;
  if (!tenant || !out) throw new Error(USAGE);
  const token = process.env['FERRY_OPERATOR_TOKEN'];
  if (!token) throw new Error('FERRY_OPERATOR_TOKEN is not set: an admin operator token (npm run operators:key makes a named one)');
  const resolved = serviceUrls({
    overrides: repeatedArg('url'),
    portOffset: Number(args['port-offset'] ?? 0),
    controlPlaneUrl: process.env['CONTROL_PLANE_URL'],
  });
  if ('problems' in resolved) throw new Error(`${resolved.problems.join('\n')}\n${USAGE}`);
  const report = await offboardTenant({
    tenantId: tenant,
    outDir: out,
    urls: resolved.urls,
    dataServices: DATA_SERVICES,
    token,
    settleMs: Number(args['settle-seconds'] ?? 10) * 1000,
    pageSize: Number(args['page-size'] ?? 500),
    progress: (line) => process.stdout.write(`tenant:offboard: ${line}\n`),
  });
  process.stdout.write(
    `tenant:offboard: ${tenant} offboarded: ${report.totals.exportedRows} rows exported to ${report.archive}, ${report.totals.erasedRows} rows erased, ${report.totals.tombstones} tombstones; report in ${out}/erasure-report.json\n`,
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
