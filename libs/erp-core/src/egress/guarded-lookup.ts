import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import type { LookupFunction } from 'node:net';
import { addressRefusal, type EgressSettings } from './egress-policy';

/** A destination's DNS answer included an address Ferry will not connect to. */
export class EgressRefusedError extends Error {
  readonly code = 'EGRESS_REFUSED';
}

/**
 * A DNS lookup for the socket itself (net/tls `lookup` option): every address the name resolves to is judged,
 * and the connection is refused if any is closed to ERP calls. Judging the very answer the socket connects to
 * is what stops DNS rebinding (a name that resolves to a public address when checked and to 127.0.0.1 later).
 */
export function guardedLookup(settings: () => EgressSettings, port?: number): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses: LookupAddress[]) => {
      if (error) return callback(error, '', 4);
      const refusal = addresses.map(({ address }) => addressRefusal(hostname, address, settings(), port)).find(Boolean);
      if (refusal) return callback(new EgressRefusedError(refusal), '', 4);
      if (options.all) return (callback as unknown as (error: null, addresses: LookupAddress[]) => void)(null, addresses);
      const [first] = addresses;
      if (!first) return callback(Object.assign(new Error(`${hostname} has no address`), { code: 'ENOTFOUND' }), '', 4);
      return callback(null, first.address, first.family);
    });
  };
}

/**
 * Resolves a host once and returns the address to connect to, refusing closed addresses; for clients with no
 * lookup hook (ssh2): connecting to the returned address, not the name, keeps a second lookup from rebinding.
 */
export async function resolveAllowedAddress(host: string, settings: EgressSettings, port?: number): Promise<string> {
  const lookup = guardedLookup(() => settings, port);
  return new Promise((resolve, reject) =>
    lookup(host, { all: false }, (error, address) => (error ? reject(error) : resolve(address as string))),
  );
}
