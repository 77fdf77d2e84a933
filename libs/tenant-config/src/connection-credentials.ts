import type { SecretSealer } from '@ferry/secrets';
import { destinationKey, type ConnectionDestinationSource } from './connection-destination';

/**
 * Marks credentials sealed to their destination as well as to their tenant and connection. Values without it
 * were sealed before destinations were bound; they still open (to their tenant and connection only) until the
 * next save of that connection or `npm run secrets:rotate` re-seals them with the marker. Removing or adding
 * the marker does not help an attacker: the two forms are opened under different contexts, so a value whose
 * marker was changed does not open at all.
 */
export const DESTINATION_BOUND_MARKER = 'dst1~';

export interface SealedConnection extends ConnectionDestinationSource {
  connectionId: string;
  sealedCredentials?: string | null | undefined;
}

/** The context a connection's secrets were sealed to before destinations were bound: tenant and connection. */
export function credentialContext(tenantId: string, connectionId: string): string {
  return `tenant/${tenantId}/connection/${connectionId}`;
}

/** The context of destination-bound credentials: they open only for this tenant, connection and destination. */
export function destinationBoundContext(tenantId: string, connection: ConnectionDestinationSource & { connectionId: string }): string {
  return `${credentialContext(tenantId, connection.connectionId)}/destination/${destinationKey(connection)}`;
}

export function isDestinationBound(sealed: string): boolean {
  return sealed.startsWith(DESTINATION_BOUND_MARKER);
}

/** The master key id sealed credentials were sealed with, in either form. */
export function credentialKeyId(sealer: SecretSealer, sealed: string): string | undefined {
  return sealer.keyIdOf(isDestinationBound(sealed) ? sealed.slice(DESTINATION_BOUND_MARKER.length) : sealed);
}

/** Seals credentials for this tenant, connection and destination only, under the active master key. */
export function sealConnectionCredentials(
  sealer: SecretSealer,
  tenantId: string,
  connection: ConnectionDestinationSource & { connectionId: string },
  credentials: Record<string, string>,
): string {
  return `${DESTINATION_BOUND_MARKER}${sealer.seal(credentials, destinationBoundContext(tenantId, connection))}`;
}

/**
 * Opens a connection's credentials. Destination-bound ones open only while the connection still points where
 * they were sealed for: an edited baseUrl, token URL or SFTP host makes them unreadable (SecretSealError).
 */
export function openConnectionCredentials(sealer: SecretSealer, tenantId: string, connection: SealedConnection): Record<string, string> {
  const sealed = connection.sealedCredentials;
  if (!sealed) return {};
  if (isDestinationBound(sealed))
    return sealer.open(sealed.slice(DESTINATION_BOUND_MARKER.length), destinationBoundContext(tenantId, connection));
  return sealer.open(sealed, credentialContext(tenantId, connection.connectionId));
}

/** Does this value need re-sealing: under an older master key, or not yet bound to its destination? */
export function needsResealing(sealer: SecretSealer, sealed: string | null | undefined): boolean {
  return !!sealed && (!isDestinationBound(sealed) || credentialKeyId(sealer, sealed) !== sealer.activeKeyId);
}

/** Re-seals a connection's credentials under the active key, bound to the connection's current destination. */
export function resealConnectionCredentials(sealer: SecretSealer, tenantId: string, connection: SealedConnection): string | null {
  if (!connection.sealedCredentials) return null;
  return sealConnectionCredentials(sealer, tenantId, connection, openConnectionCredentials(sealer, tenantId, connection));
}
