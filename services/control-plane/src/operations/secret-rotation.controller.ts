import { Controller, HttpCode, Post, UseGuards } from '@nestjs/common';
import { CallingPrincipal, RequireScope, TenantAccessGuard, type Principal } from '@ferry/access';
import { SecretSealer } from '@ferry/secrets';
import { needsResealing, resealConnectionCredentials } from '@ferry/tenant-config';
import { TenantConfigurationService } from '../tenants/tenant-configuration.service';

/**
 * Re-seals every tenant's credentials under the active master key (FERRY_SECRETS_ACTIVE_KEY). Each tenant with
 * a credential under an older key gets a new configuration version; afterwards the old key can leave the ring.
 */
@Controller('v1/operations/secret-rotation')
@UseGuards(TenantAccessGuard)
export class SecretRotationController {
  constructor(
    private readonly tenants: TenantConfigurationService,
    private readonly sealer: SecretSealer,
  ) {}

  @Post()
  @HttpCode(200)
  @RequireScope('operator')
  async rotate(@CallingPrincipal() principal: Principal) {
    const active = this.sealer.activeKeyId;
    const rotated: { tenantId: string; connections: string[]; version: number }[] = [];
    for (const { tenantId, spec } of await this.tenants.allCurrent()) {
      const stale = spec.connections.filter((c) => needsResealing(this.sealer, c.sealedCredentials)).map((c) => c.connectionId);
      if (stale.length === 0) continue;
      const saved = await this.tenants.change(tenantId, principal, `re-sealed credentials under key ${active}`, (next) => {
        for (const connection of next.connections) {
          if (connection.sealedCredentials && stale.includes(connection.connectionId)) {
            connection.sealedCredentials = resealConnectionCredentials(this.sealer, tenantId, connection);
          }
        }
      });
      rotated.push({ tenantId, connections: stale, version: saved.version });
    }
    return { activeKeyId: active, rotated };
  }
}
