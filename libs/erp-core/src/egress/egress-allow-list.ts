import { inRange, parseAddress } from './ip-address';

// Entries are a host name, "*.domain", an address or a CIDR block; their syntax is checked at start-up by the
// service config (FERRY_EGRESS_ALLOW in @ferry/config), so a typo stops the service instead of allowing nothing.

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
