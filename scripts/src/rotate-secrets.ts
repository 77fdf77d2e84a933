import { callControlPlane } from './control-plane-client';

/**
 * npm run secrets:rotate — after adding a new master key to FERRY_SECRETS_KEYRING and making it
 * FERRY_SECRETS_ACTIVE_KEY on every service: re-seals every tenant's credentials under it. The old key can
 * leave the ring once this reports no tenant left.
 */
callControlPlane<{ activeKeyId: string; rotated: { tenantId: string; connections: string[]; version: number }[] }>(
  'POST',
  '/v1/operations/secret-rotation',
).then(
  (result) => {
    for (const tenant of result.rotated)
      process.stdout.write(`  ${tenant.tenantId}: re-sealed ${tenant.connections.join(', ')} (configuration v${tenant.version})\n`);
    process.stdout.write(`secrets:rotate: ${result.rotated.length} tenant(s) re-sealed under key ${result.activeKeyId}\n`);
  },
  (error: unknown) => {
    process.stderr.write(`secrets:rotate: ${(error as Error).message}\n`);
    process.exit(1);
  },
);
