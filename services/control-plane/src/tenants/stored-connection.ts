import type { SecretSealer } from '@ferry/secrets';
import { changedDestinationFields, isDestinationBound, resealConnectionCredentials, sealConnectionCredentials } from '@ferry/tenant-config';
import { ControlPlaneException } from '../control-plane.exception';
import type { ConnectionInput, StoredConnection } from './tenant-spec';

/**
 * The connection a PUT stores. New credentials are sealed to the tenant, the connection and its destination.
 * Credentials may be kept only while the destination stays the same: a new baseUrl, token URL, environment,
 * account or SFTP host would otherwise send the stored secrets wherever the caller points it, so such a change
 * is refused unless the credentials come with it. Kept credentials sealed before destinations were bound are
 * re-sealed bound on the way.
 */
export function storedConnection(
  sealer: SecretSealer,
  tenantId: string,
  connectionId: string,
  input: ConnectionInput,
  previous: StoredConnection | undefined,
): StoredConnection {
  const target = { connectionId, erpKind: input.erpKind, baseUrl: input.baseUrl, settings: input.settings };
  const stored = (sealedCredentials: string | null, credentialFields: string[]): StoredConnection => ({
    connectionId,
    erpKind: input.erpKind,
    baseUrl: input.baseUrl,
    authKind: input.authKind,
    settings: input.settings,
    sealedCredentials,
    credentialFields,
  });
  if (input.credentials)
    return stored(sealConnectionCredentials(sealer, tenantId, target, input.credentials), Object.keys(input.credentials).sort());
  const repointed = previous ? changedDestinationFields(previous, target) : [];
  if (repointed.length > 0)
    throw new ControlPlaneException(
      'CREDENTIALS_REQUIRED_FOR_NEW_DESTINATION',
      `connection ${connectionId}: changing ${repointed.join(', ')} points the stored credentials at a new destination; ` +
        'send the credentials again with this change',
      { fields: repointed },
    );
  const kept = previous?.sealedCredentials ?? null;
  return stored(
    kept && !isDestinationBound(kept) ? resealConnectionCredentials(sealer, tenantId, { ...target, sealedCredentials: kept }) : kept,
    previous?.credentialFields ?? [],
  );
}
