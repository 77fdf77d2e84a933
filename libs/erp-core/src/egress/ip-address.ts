import { isIP } from 'node:net';

/** An IP address as a number (32 bits for IPv4, 128 for IPv6), so ranges are plain prefix comparisons. */
export interface ParsedAddress {
  family: 4 | 6;
  value: bigint;
}

/** The kind of address an ERP call would reach; only `public` is open to tenant-set destinations. */
export type AddressClass =
  'public' | 'loopback' | 'private' | 'shared' | 'link-local' | 'unique-local' | 'unspecified' | 'multicast' | 'reserved';

export const ADDRESS_CLASS_DESCRIPTIONS: Readonly<Record<Exclude<AddressClass, 'public'>, string>> = {
  loopback: 'loopback',
  private: 'private (RFC 1918)',
  shared: 'carrier-grade NAT (100.64.0.0/10)',
  'link-local': 'link-local (incl. the 169.254.169.254 cloud metadata service)',
  'unique-local': 'unique-local IPv6 (fc00::/7)',
  unspecified: 'unspecified',
  multicast: 'multicast',
  reserved: 'reserved or documentation',
};

/** Parses a literal IPv4 or IPv6 address (brackets and an IPv6 zone allowed); undefined for anything else. */
export function parseAddress(text: string): ParsedAddress | undefined {
  const bare = text.replace(/^\[(.*)\]$/, '$1').replace(/%.*$/, '');
  const family = isIP(bare);
  if (family === 4) return { family: 4, value: ipv4Value(bare) };
  if (family !== 6) return undefined;
  const [head = '', tail] = bare.split('::') as [string, string | undefined];
  const groups = (part: string) => (part === '' ? [] : part.split(':'));
  const expand = (parts: string[]) =>
    parts.flatMap((part) => {
      if (!part.includes('.')) return [BigInt(parseInt(part, 16))];
      const v4 = ipv4Value(part);
      return [v4 >> 16n, v4 & 0xffffn];
    });
  const left = expand(groups(head));
  const right = tail === undefined ? [] : expand(groups(tail));
  const hextets = [...left, ...Array<bigint>(8 - left.length - right.length).fill(0n), ...right];
  return { family: 6, value: hextets.reduce((total, hextet) => (total << 16n) | hextet, 0n) };
}

function ipv4Value(text: string): bigint {
  return text.split('.').reduce((total, octet) => (total << 8n) | BigInt(Number(octet)), 0n);
}

interface Range {
  network: string;
  prefix: number;
  kind: Exclude<AddressClass, 'public'>;
}

const IPV4_RANGES: Range[] = [
  { network: '0.0.0.0', prefix: 8, kind: 'unspecified' },
  { network: '10.0.0.0', prefix: 8, kind: 'private' },
  { network: '100.64.0.0', prefix: 10, kind: 'shared' },
  { network: '127.0.0.0', prefix: 8, kind: 'loopback' },
  { network: '169.254.0.0', prefix: 16, kind: 'link-local' },
  { network: '172.16.0.0', prefix: 12, kind: 'private' },
  { network: '192.0.0.0', prefix: 24, kind: 'reserved' },
  { network: '192.0.2.0', prefix: 24, kind: 'reserved' },
  { network: '192.168.0.0', prefix: 16, kind: 'private' },
  { network: '198.18.0.0', prefix: 15, kind: 'reserved' },
  { network: '198.51.100.0', prefix: 24, kind: 'reserved' },
  { network: '203.0.113.0', prefix: 24, kind: 'reserved' },
  { network: '224.0.0.0', prefix: 4, kind: 'multicast' },
  { network: '240.0.0.0', prefix: 4, kind: 'reserved' },
];

const IPV6_RANGES: Range[] = [
  { network: '::', prefix: 128, kind: 'unspecified' },
  { network: '::1', prefix: 128, kind: 'loopback' },
  { network: '100::', prefix: 64, kind: 'reserved' },
  { network: '2001:db8::', prefix: 32, kind: 'reserved' },
  { network: 'fc00::', prefix: 7, kind: 'unique-local' },
  { network: 'fe80::', prefix: 10, kind: 'link-local' },
  { network: 'fec0::', prefix: 10, kind: 'reserved' },
  { network: 'ff00::', prefix: 8, kind: 'multicast' },
];

/** IPv6 forms that carry an IPv4 address in their last 32 bits: the IPv4 address decides. */
const EMBEDDED_IPV4: { network: string; prefix: number }[] = [
  { network: '::ffff:0:0', prefix: 96 }, // IPv4-mapped
  { network: '::', prefix: 96 }, // IPv4-compatible (deprecated, still routed by some stacks)
  { network: '64:ff9b::', prefix: 96 }, // NAT64
];

/** Whether `address` lies in network/prefix (same family). */
export function inRange(address: ParsedAddress, network: ParsedAddress, prefix: number): boolean {
  if (address.family !== network.family) return false;
  const bits = address.family === 4 ? 32 : 128;
  const shift = BigInt(bits - prefix);
  return address.value >> shift === network.value >> shift;
}

function matches(address: ParsedAddress, range: { network: string; prefix: number }): boolean {
  return inRange(address, parseAddress(range.network)!, range.prefix);
}

/** What kind of address this is; IPv4 addresses embedded in IPv6 (mapped, compatible, NAT64) are judged as IPv4. */
export function classifyAddress(address: ParsedAddress): AddressClass {
  if (address.family === 6) {
    const loopbackOrUnspecified = IPV6_RANGES.slice(0, 2).find((range) => matches(address, range));
    if (loopbackOrUnspecified) return loopbackOrUnspecified.kind;
    if (EMBEDDED_IPV4.some((range) => matches(address, range))) return classifyAddress({ family: 4, value: address.value & 0xffffffffn });
  }
  const ranges = address.family === 4 ? IPV4_RANGES : IPV6_RANGES;
  return ranges.find((range) => matches(address, range))?.kind ?? 'public';
}
