import type { ErpConnection } from '@ferry/contracts';
import type { ErpConnectionContext } from '@ferry/erp-core';
import type { SecretSealer } from '@ferry/secrets';
import { credentialContext } from './tenant-configuration-publisher';

/** What a connector needs to reach one tenant's ERP: the connection's settings with its credentials opened. */
export function openConnection(tenantId: string, connection: ErpConnection, sealer: SecretSealer): ErpConnectionContext {
  return {
    tenantId,
    connectionId: connection.connectionId,
    erpKind: connection.erpKind,
    authKind: connection.authKind,
    baseUrl: connection.baseUrl,
    settings: connection.settings ?? {},
    credentials: connection.sealedCredentials
      ? sealer.open(connection.sealedCredentials, credentialContext(tenantId, connection.connectionId))
      : {},
  };
}
