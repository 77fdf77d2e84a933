import type { ErpConnection, TenantPolicies } from '@ferry/contracts';
import type { ErpConnectionContext } from '@ferry/erp-core';
import type { SecretSealer } from '@ferry/secrets';
import { openConnectionCredentials } from './connection-credentials';

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
    // Opens only while the connection still points where the credentials were sealed for.
    credentials: openConnectionCredentials(sealer, tenantId, connection),
  };
}
