import { allowListed, hostMatches } from './egress-allow-list';
import { ADDRESS_CLASS_DESCRIPTIONS, classifyAddress, parseAddress } from './ip-address';
import { VENDOR_HOSTS } from './vendor-hosts';

/**
 * Where this process lets ERP calls go, from the service's config (FERRY_EGRESS_LOCAL_DEVELOPMENT,
 * FERRY_EGRESS_ALLOW). Tenant admins choose destinations; these settings are the operator's and bound them.
 */
export interface EgressSettings {
  /** Local development and tests only: http and loopback addresses allowed, vendor host lists not applied. */
  localDevelopment: boolean;
  /** Host names, `*.domain`, addresses or CIDR blocks the operator trusts: exempt from the address and vendor checks. */
  allowList: readonly string[];
  /**
   * With localDevelopment, the loopback ports calls may reach (the simulators'); empty or absent: any port. Lets a
   * test run keep the simulators reachable while the registry, Kafka and Ferry's own ports on loopback are not.
   */
  localPorts?: readonly number[];
}

/** The port a URL connects to when it names none. */
export const DEFAULT_PORTS: Readonly<Record<string, number>> = { 'https:': 443, 'http:': 80, 'sftp:': 22 };

/** Whether local development lets calls reach loopback on this port (undefined: not known, so only when any port is). */
function loopbackPortOpen(settings: EgressSettings, port: number | undefined): boolean {
  const ports = settings.localPorts ?? [];
  return ports.length === 0 || (port !== undefined && ports.includes(port));
}

function loopbackPortsNote(settings: EgressSettings): string {
  return settings.localDevelopment && settings.localPorts?.length
    ? ` (local development: loopback only on ports ${settings.localPorts.join(', ')})`
    : '';
}

/** What a process enforces until its config says otherwise: https to public vendor hosts only. */
export const STRICT_EGRESS: EgressSettings = Object.freeze({ localDevelopment: false, allowList: Object.freeze([]) });

/** The scheme each ERP kind speaks; SFTP connections name their server as sftp://host:port. */
function schemesFor(erpKind: string, settings: EgressSettings): string[] {
  if (erpKind === 'csv_sftp') return ['sftp:'];
  return settings.localDevelopment ? ['https:', 'http:'] : ['https:'];
}

/**
 * Why an address a destination resolved to must not be reached, or undefined when it may. Only public
 * addresses are open, unless the operator allow-list names the host or the address, or (local development)
 * the address is loopback, where the ERP simulators listen.
 */
export function addressRefusal(host: string, address: string, settings: EgressSettings, port?: number): string | undefined {
  const parsed = parseAddress(address);
  if (!parsed) return `"${address}" is not an IP address`;
  const kind = classifyAddress(parsed);
  if (kind === 'public') return undefined;
  if (allowListed(settings.allowList, host) || allowListed(settings.allowList, address)) return undefined;
  if (kind === 'loopback' && settings.localDevelopment && loopbackPortOpen(settings, port)) return undefined;
  const named = parseAddress(host) ? `${address} is` : `${host} resolves to ${address},`;
  const note = kind === 'loopback' ? loopbackPortsNote(settings) : '';
  return `${named} a ${ADDRESS_CLASS_DESCRIPTIONS[kind]} address; Ferry only calls public addresses${note}`;
}

/**
 * Why a host (name or literal address) must not be called for this ERP kind, before any DNS lookup. A literal
 * address is judged here, as no lookup happens for it; a name's addresses are judged again after resolution.
 */
export function hostRefusal(erpKind: string, host: string, settings: EgressSettings, port?: number): string | undefined {
  // A trailing dot names the same host ("localhost."); without stripping it, it would slip past the name checks.
  const name = host
    .replace(/^\[(.*)\]$/, '$1')
    .toLowerCase()
    .replace(/\.$/, '');
  if (name === '') return 'has no host';
  if (allowListed(settings.allowList, name)) return undefined;
  if (parseAddress(name)) {
    const refusal = addressRefusal(name, name, settings, port);
    if (refusal) return refusal;
  } else if ((name === 'localhost' || name.endsWith('.localhost')) && !(settings.localDevelopment && loopbackPortOpen(settings, port))) {
    return `${name} is a loopback name; Ferry only calls public addresses${loopbackPortsNote(settings)}`;
  }
  const vendor = VENDOR_HOSTS[erpKind];
  if (!vendor || settings.localDevelopment) return undefined;
  if (vendor.hosts.some((pattern) => hostMatches(pattern, name))) return undefined;
  return `${name} is not a ${vendor.vendor} host (expected ${vendor.hosts.join(' or ')}; an operator can allow others with FERRY_EGRESS_ALLOW)`;
}

/** Why a URL must not be called for this ERP kind (scheme, host, literal address), or undefined when it may. */
export function urlRefusal(erpKind: string, url: string, settings: EgressSettings): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'is not a URL';
  }
  const schemes = schemesFor(erpKind, settings);
  if (!schemes.includes(parsed.protocol))
    return `must use ${schemes.map((scheme) => scheme.slice(0, -1)).join(' or ')} (got ${parsed.protocol.slice(0, -1)})`;
  return hostRefusal(erpKind, parsed.hostname, settings, Number(parsed.port) || DEFAULT_PORTS[parsed.protocol]);
}

/** The parts of a connection a tenant admin sets that name where Ferry connects. */
export interface ConnectionDestination {
  erpKind: string;
  baseUrl: string;
  settings: Readonly<Record<string, string>>;
}

/**
 * Every destination field of a connection Ferry would refuse to call, with the reason: the base URL, every
 * `*Url` setting (tokenUrl, environmentUrl, …) and, for SFTP, settings.host. Checked when a connection is saved
 * so the admin hears at once; checked again on every call, where DNS answers are judged too.
 */
export function connectionDestinationProblems(
  connection: ConnectionDestination,
  settings: EgressSettings,
): { field: string; problem: string }[] {
  const problems: { field: string; problem: string }[] = [];
  const base = urlRefusal(connection.erpKind, connection.baseUrl, settings);
  if (base) problems.push({ field: 'baseUrl', problem: base });
  for (const [name, value] of Object.entries(connection.settings)) {
    if (/url$/i.test(name)) {
      const refusal = urlRefusal(connection.erpKind === 'csv_sftp' ? 'webhook' : connection.erpKind, value, settings);
      if (refusal) problems.push({ field: `settings.${name}`, problem: refusal });
    }
  }
  const sftpHost = connection.erpKind === 'csv_sftp' ? connection.settings['host'] : undefined;
  if (sftpHost !== undefined) {
    const refusal = hostRefusal('csv_sftp', sftpHost, settings, Number(connection.settings['port'] ?? 22));
    if (refusal) problems.push({ field: 'settings.host', problem: refusal });
  }
  return problems;
}
