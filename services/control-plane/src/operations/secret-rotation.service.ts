import { HttpException, Injectable } from '@nestjs/common';
import type { Principal } from '@ferry/access';
import { SecretSealError, SecretSealer } from '@ferry/secrets';
import { needsResealing, resealConnectionCredentials } from '@ferry/tenant-config';
import { TenantConfigurationService } from '../tenants/tenant-configuration.service';
import { ConfigurationVersionsRepository } from './configuration-versions.repository';
import { resealedVersion, type VersionResealing } from './stored-version-resealing';

export interface RotationReport {
  activeKeyId: string;
  /** Tenants whose current configuration was re-sealed and published as a new version. */
  rotated: { tenantId: string; connections: string[]; version: number }[];
  /** Stored versions re-sealed in place, per tenant (older versions, and the one current before the rotation). */
  resealedVersions: { tenantId: string; versions: number[] }[];
  /** Tenants left as they were, with the reason; the retired key must stay in the ring until they are fixed. */
  failed: { tenantId: string; reason: string }[];
}

/**
 * Re-seals every tenant's credentials under the active master key (FERRY_SECRETS_ACTIVE_KEY), in two steps per
 * tenant: the current configuration becomes a new published version (so every service holds credentials the
 * active key opens), then every stored version is re-sealed in place (so a rollback to any of them restores
 * credentials the active key opens). Afterwards no stored version is sealed under a retired key, and that key
 * can leave the ring. Credentials sealed before destinations were bound are bound on the way.
 */
@Injectable()
export class SecretRotationService {
  constructor(
    private readonly tenants: TenantConfigurationService,
    private readonly versions: ConfigurationVersionsRepository,
    private readonly sealer: SecretSealer,
  ) {}

  async rotate(principal: Principal): Promise<RotationReport> {
    const report: RotationReport = { activeKeyId: this.sealer.activeKeyId, rotated: [], resealedVersions: [], failed: [] };
    for (const { tenantId, spec } of await this.tenants.allCurrent()) {
      try {
        const stale = spec.connections.filter((c) => needsResealing(this.sealer, c.sealedCredentials)).map((c) => c.connectionId);
        if (stale.length > 0) {
          const saved = await this.tenants.change(tenantId, principal, `re-sealed credentials under key ${report.activeKeyId}`, (next) => {
            for (const connection of next.connections)
              if (stale.includes(connection.connectionId))
                connection.sealedCredentials = resealConnectionCredentials(this.sealer, tenantId, connection);
          });
          report.rotated.push({ tenantId, connections: stale, version: saved.version });
        }
        const versions = await this.versions.rewriteVersions(tenantId, (stored) => resealedVersion(stored, this.resealing(tenantId)));
        if (versions.length > 0) report.resealedVersions.push({ tenantId, versions });
      } catch (error) {
        // A credential no key in the ring opens, or a current configuration that no longer validates: this tenant
        // needs an operator; the others are still rotated.
        if (!(error instanceof SecretSealError) && !(error instanceof HttpException)) throw error;
        report.failed.push({ tenantId, reason: error.message });
      }
    }
    return report;
  }

  private resealing(tenantId: string): VersionResealing {
    return {
      needs: (sealed) => needsResealing(this.sealer, sealed),
      reseal: (connection) => resealConnectionCredentials(this.sealer, tenantId, connection),
    };
  }
}
