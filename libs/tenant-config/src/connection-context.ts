import type { ErpConnection, TenantPolicies } from '@ferry/contracts';
import type { ErpConnectionContext } from '@ferry/erp-core';
import type { SecretSealer } from '@ferry/secrets';
import { credentialContext } from './tenant-configuration-publisher';

/** What a connector needs to reach one tenant's ERP: the connection's settings with its credentials opened. */
export function openConnection(
  tenantId: string,
  connection: ErpConnection,
  sealer: SecretSealer,
  policies?: TenantPolicies | null,
): ErpConnectionContext {
  // The tenant's batch window applies unless the connection sets its own.
  const batchWindow: Record<string, string> = policies?.batchWindowSeconds
    ? { batchWindowSeconds: String(policies.batchWindowSeconds) }
    : {};
  return {
    tenantId,
    connectionId: connection.connectionId,
    erpKind: connection.erpKind,
    authKind: connection.authKind,
    baseUrl: connection.baseUrl,
    settings: { ...batchWindow, ...(connection.settings ?? {}) },
    credentials: connection.sealedCredentials
      ? sealer.open(connection.sealedCredentials, credentialContext(tenantId, connection.connectionId))
      : {},
  };
}
