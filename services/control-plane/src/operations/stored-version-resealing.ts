import type { TenantConfiguration } from '@ferry/contracts';
import type { SealedConnection } from '@ferry/tenant-config';
import type { TenantSpec } from '../tenants/tenant-spec';

/** One stored configuration version as the rotation sees it: its spec and effective configuration both hold sealed credentials. */
export interface SealedVersion {
  version: number;
  spec: TenantSpec;
  configuration: TenantConfiguration;
}

export interface VersionResealing {
  /** Does this sealed value need re-sealing (older master key, or not yet bound to its destination)? */
  needs(sealed: string | null | undefined): boolean;
  /** The connection's credentials re-sealed under the active key, bound to that connection's destination. */
  reseal(connection: SealedConnection): string | null;
}

/**
 * One stored version with every stale sealed value re-sealed, in its spec and in its effective configuration,
 * each bound to the destination that version's connection had; undefined when nothing in it is stale. Values
 * already current are left as they are, so running the rotation again changes nothing.
 */
export function resealedVersion(stored: SealedVersion, resealing: VersionResealing): SealedVersion | undefined {
  let changed = false;
  const resealAll = <T extends SealedConnection>(connections: T[]): T[] =>
    connections.map((connection) => {
      if (!resealing.needs(connection.sealedCredentials)) return connection;
      changed = true;
      return { ...connection, sealedCredentials: resealing.reseal(connection) };
    });
  const spec = { ...stored.spec, connections: resealAll(stored.spec.connections) };
  const configuration = { ...stored.configuration, connections: resealAll(stored.configuration.connections) };
  return changed ? { version: stored.version, spec, configuration } : undefined;
}
