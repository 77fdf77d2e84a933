import { Subjects, Topics, type TenantConfiguration } from '@ferry/contracts';
import type { EventProducer } from '@ferry/kafka';
import type { SecretSealer } from '@ferry/secrets';
import { checkTenantDefinition } from './tenant-definition';

export class TenantDefinitionError extends Error {
  readonly code = 'TENANT_DEFINITION_INVALID';

  constructor(readonly problems: { path: string; problem: string }[]) {
    super(`tenant definition rejected:\n${problems.map((p) => `  - ${p.path}: ${p.problem}`).join('\n')}`);
  }
}

/** The context a connection's secrets are sealed to: they open only for this tenant and connection. */
export function credentialContext(tenantId: string, connectionId: string): string {
  return `tenant/${tenantId}/connection/${connectionId}`;
}

/**
 * Validates a tenant definition, seals its credentials and publishes it as the tenant's next configuration
 * version. Version numbers come from the caller's view of the topic, so they only grow.
 */
export function toTenantConfiguration(input: unknown, currentVersion: number, sealer: SecretSealer): TenantConfiguration {
  const { definition, problems } = checkTenantDefinition(input);
  if (!definition || problems.length > 0) throw new TenantDefinitionError(problems);
  return {
    tenantId: definition.tenantId,
    version: currentVersion + 1,
    displayName: definition.displayName,
    active: definition.active,
    connections: definition.connections.map((connection) => ({
      connectionId: connection.connectionId,
      erpKind: connection.erpKind,
      baseUrl: connection.baseUrl,
      authKind: connection.authKind,
      settings: connection.settings,
      sealedCredentials: connection.credentials
        ? sealer.seal(connection.credentials, credentialContext(definition.tenantId, connection.connectionId))
        : null,
    })),
    mappings: definition.mappings,
    updatedAt: Date.now(),
  };
}

export async function publishTenantConfiguration(producer: EventProducer, configuration: TenantConfiguration): Promise<void> {
  await producer.publish({
    topic: Topics.tenantConfiguration,
    key: configuration.tenantId,
    subject: Subjects.TenantConfiguration,
    value: configuration,
  });
}
