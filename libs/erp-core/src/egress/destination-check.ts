import { lookup } from 'node:dns/promises';
import { addressRefusal, connectionDestinationProblems, type ConnectionDestination, type EgressSettings } from './egress-policy';
import { parseAddress } from './ip-address';

/** How long a save waits for one DNS answer; a slower name is treated as unresolved (and judged on every call). */
const SAVE_TIME_LOOKUP_MS = 3000;

async function resolveWithin(host: string, ms: number): Promise<{ address: string }[]> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<[]>((resolve) => (timer = setTimeout(() => resolve([]), ms)));
  try {
    return await Promise.race([lookup(host, { all: true }).catch(() => []), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** The host names a connection would connect to, by field (literal addresses are judged without DNS). */
function destinationHosts(connection: ConnectionDestination): { field: string; host: string }[] {
  const hosts: { field: string; host: string }[] = [];
  const hostOf = (url: string) => {
    try {
      return new URL(url).hostname.replace(/^\[(.*)\]$/, '$1');
    } catch {
      return undefined;
    }
  };
  const base = hostOf(connection.baseUrl);
  if (base) hosts.push({ field: 'baseUrl', host: base });
  for (const [name, value] of Object.entries(connection.settings)) {
    const host = /url$/i.test(name) ? hostOf(value) : undefined;
    if (host) hosts.push({ field: `settings.${name}`, host });
  }
  const sftpHost = connection.erpKind === 'csv_sftp' ? connection.settings['host'] : undefined;
  if (sftpHost) hosts.push({ field: 'settings.host', host: sftpHost });
  return hosts.filter(({ host }) => !parseAddress(host));
}

/**
 * Everything that makes Ferry refuse a connection's destinations, for the save-time check: the policy's verdict
 * on each URL and host, then, for names it accepts, the addresses DNS gives now (so "metadata.attacker.example"
 * pointing at 169.254.169.254 is refused when saved, not only when called). A name that does not resolve is not
 * a problem here: it may be created later, and every call judges the answer again.
 */
export async function connectionDestinationRefusals(
  connection: ConnectionDestination,
  settings: EgressSettings,
): Promise<{ field: string; problem: string }[]> {
  const problems = connectionDestinationProblems(connection, settings);
  const refused = new Set(problems.map(({ field }) => field));
  const resolved = await Promise.all(
    destinationHosts(connection)
      .filter(({ field }) => !refused.has(field))
      .map(async ({ field, host }) => {
        const addresses = await resolveWithin(host, SAVE_TIME_LOOKUP_MS);
        const problem = addresses.map(({ address }) => addressRefusal(host, address, settings)).find(Boolean);
        return problem ? [{ field, problem }] : [];
      }),
  );
  return [...problems, ...resolved.flat()];
}
