import { inRange, parseAddress } from './ip-address';

/**
 * Whether one operator allow-list entry is well formed, else what is wrong with it. Entries are a host name
 * (`erp.internal.example`), a wildcard for its sub-domains (`*.internal.example`), an address (`10.1.2.3`) or a
 * CIDR block (`10.20.0.0/16`, `fd00::/8`). Config calls this at start-up so a typo stops the service.
 */
export function allowListEntryProblem(entry: string): string | undefined {
  const [network, prefix, extra] = entry.split('/');
  if (extra !== undefined) return `"${entry}" has more than one "/"`;
  const address = parseAddress(network ?? '');
  if (prefix !== undefined) {
    if (!address) return `"${entry}" is not a CIDR block (address/prefix)`;
    const bits = Number(prefix);
    const max = address.family === 4 ? 32 : 128;
    if (!/^\d{1,3}$/.test(prefix) || bits > max) return `"${entry}" has a prefix outside 0–${max}`;
    return undefined;
  }
  if (address) return undefined;
  if (/^(\*\.)?([a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?\.)*[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?$/i.test(entry)) return undefined;
  return `"${entry}" is neither a host name, "*.domain", an IP address nor a CIDR block`;
}

/** Whether a host-name pattern (`name`, `*.domain`) names this host (case-insensitive; `*.` covers sub-domains only). */
export function hostMatches(pattern: string, host: string): boolean {
  const name = host.toLowerCase().replace(/\.$/, '');
  const wanted = pattern.toLowerCase();
  return wanted.startsWith('*.') ? name.endsWith(wanted.slice(1)) && name.length > wanted.length - 1 : name === wanted;
}

/** Whether the operator allow-list names this host name or address. Invalid entries never match. */
export function allowListed(allowList: readonly string[], hostOrAddress: string): boolean {
  const address = parseAddress(hostOrAddress);
  return allowList.some((entry) => {
    const [network = '', prefix] = entry.split('/');
    const entryAddress = parseAddress(network);
    if (!entryAddress) return address === undefined && hostMatches(entry, hostOrAddress);
    if (!address) return false;
    const bits = prefix === undefined ? (entryAddress.family === 4 ? 32 : 128) : Number(prefix);
    return inRange(address, entryAddress, bits);
  });
}
