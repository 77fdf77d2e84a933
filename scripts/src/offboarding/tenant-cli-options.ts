import { repeatedArg } from '../cli-args';
import { DATA_SERVICES, serviceUrls } from './offboarding-services';
import type { TenantExportOptions } from './offboard-tenant';

/**
 * The options tenant:offboard and tenant:export share, read from their arguments and FERRY_OPERATOR_TOKEN: the
 * tenant, the output folder, each service's URL, the export page size. `whole` reads a further whole-number flag.
 */
export function tenantCliOptions(
  args: Record<string, string | undefined>,
  usage: string,
  progress: (line: string) => void,
): { options: TenantExportOptions; whole: (name: string, fallback: number, max: number) => number } {
  const { tenant, out } = args;
  if (!tenant || !out) throw new Error(usage);
  const token = process.env['FERRY_OPERATOR_TOKEN'];
  if (!token) throw new Error('FERRY_OPERATOR_TOKEN is not set: an admin operator token (npm run operators:key makes a named one)');
  const whole = (name: string, fallback: number, max: number): number => {
    const value = Number(args[name] ?? fallback);
    if (!Number.isInteger(value) || value < 0 || value > max)
      throw new Error(`--${name} must be a whole number from 0 to ${max}\n${usage}`);
    return value;
  };
  const pageSize = whole('page-size', 500, 1000);
  if (pageSize === 0) throw new Error(`--page-size must be at least 1\n${usage}`);
  const resolved = serviceUrls({
    overrides: repeatedArg('url'),
    portOffset: whole('port-offset', 0, 60000),
    controlPlaneUrl: process.env['CONTROL_PLANE_URL'],
  });
  if ('problems' in resolved) throw new Error(`${resolved.problems.join('\n')}\n${usage}`);
  return {
    options: { tenantId: tenant, outDir: out, urls: resolved.urls, dataServices: DATA_SERVICES, token, pageSize, progress },
    whole,
  };
}
