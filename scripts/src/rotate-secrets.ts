import { callControlPlane } from './control-plane-client';

/**
 * npm run secrets:rotate — after adding a new master key to FERRY_SECRETS_KEYRING and making it
 * FERRY_SECRETS_ACTIVE_KEY on every service: re-seals every tenant's credentials under it, in the current
 * configuration (published as a new version) and in every stored version. The old key can leave the ring once
 * this reports no failed tenant.
 */
callControlPlane<{
  activeKeyId: string;
  rotated: { tenantId: string; connections: string[]; version: number }[];
  resealedVersions: { tenantId: string; versions: number[] }[];
  failed: { tenantId: string; reason: string }[];
}>('POST', '/v1/operations/secret-rotation').then(
  (result) => {
    for (const tenant of result.rotated)
      process.stdout.write(`  ${tenant.tenantId}: re-sealed ${tenant.connections.join(', ')} (configuration v${tenant.version})\n`);
    for (const tenant of result.resealedVersions)
      process.stdout.write(`  ${tenant.tenantId}: re-sealed stored versions ${tenant.versions.join(', ')}\n`);
    for (const tenant of result.failed) process.stderr.write(`  ${tenant.tenantId}: NOT re-sealed: ${tenant.reason}\n`);
    process.stdout.write(`secrets:rotate: ${result.rotated.length} tenant(s) re-sealed under key ${result.activeKeyId}\n`);
    if (result.failed.length > 0) {
      process.stderr.write(`secrets:rotate: ${result.failed.length} tenant(s) failed; keep the old key in the ring\n`);
      process.exit(1);
    }
  },
  (error: unknown) => {
    process.stderr.write(`secrets:rotate: ${(error as Error).message}\n`);
    process.exit(1);
  },
);
