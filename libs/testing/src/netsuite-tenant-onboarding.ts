import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { exportPKCS8, exportSPKI, generateKeyPair } from 'jose';
import type { TenantConfiguration } from '@ferry/contracts';
import type { EventProducer } from '@ferry/kafka';
import type { SecretSealer } from '@ferry/secrets';
import { publishTenantConfiguration, toTenantConfiguration, type TenantDefinition } from '@ferry/tenant-config';
import { repositoryRoot } from './ferry-processes';

export function demoTenantDefinition(): TenantDefinition {
  const { $comment: _comment, ...definition } = JSON.parse(
    readFileSync(join(repositoryRoot(), 'deploy', 'demo', 'demo-tenant.json'), 'utf8'),
  ) as TenantDefinition & { $comment?: string };
  return definition;
}

export interface NetSuiteOnboarding {
  tenantId: string;
  accountId: string;
  simulatorUrl: string;
  producer: EventProducer;
  sealer: SecretSealer;
  /** Starting point; defaults to the demo tenant's definition with this tenant id. */
  definition?: TenantDefinition;
  currentVersion?: number;
}

/**
 * Onboards a tenant on a NetSuite account of the simulator the way an operator would on real NetSuite:
 * create the integration's certificate key pair, register the public key for a client id on the account
 * (NetSuite: Setup > Integration > OAuth 2.0 Client Credentials), then publish the tenant's configuration
 * with the private key sealed. Returns the configuration published.
 */
export async function onboardNetSuiteTenant(options: NetSuiteOnboarding): Promise<TenantConfiguration> {
  const { publicKey, privateKey } = await generateKeyPair('ES256', { extractable: true });
  const clientId = `ferry-${randomUUID()}`;
  const certificateId = `cert-${randomUUID().slice(0, 8)}`;
  const response = await fetch(`${options.simulatorUrl}/__admin/accounts`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({
      accountId: options.accountId,
      clients: [{ clientId, certificateId, publicKeyPem: await exportSPKI(publicKey), algorithm: 'ES256' }],
    }),
  });
  if (!response.ok) throw new Error(`simulator refused account ${options.accountId}: ${response.status} ${await response.text()}`);
  const base = options.definition ?? demoTenantDefinition();
  const privateKeyPem = await exportPKCS8(privateKey);
  const definition: TenantDefinition = {
    ...base,
    tenantId: options.tenantId,
    connections: base.connections.map((connection) => ({
      ...connection,
      baseUrl: `${options.simulatorUrl}/${options.accountId}`,
      settings: { ...connection.settings, accountId: options.accountId, clientId, certificateId, algorithm: 'ES256' },
      credentials: { privateKeyPem },
    })),
  };
  const configuration = toTenantConfiguration(definition, options.currentVersion ?? 0, options.sealer);
  await publishTenantConfiguration(options.producer, configuration);
  return configuration;
}
