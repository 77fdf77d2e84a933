import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { Topics, type SyncStatus } from '@ferry/contracts';
import type { ConsumedMessage, TopicConsumer } from '@ferry/kafka';
import type { Logger } from '@ferry/logging';
import { counter } from '@ferry/metrics';
import { ConsumerRegistry, LOGGER } from '@ferry/platform';
import { TenantConfigurationService } from '../tenants/tenant-configuration.service';
import { expressionAt, incidentFrom } from './mapping-incident';
import { MappingIncidentsRepository } from './mapping-incidents.repository';

const flagged = counter('ferry_mapping_incidents_total', 'Events whose tenant expression hit a sandbox limit', ['tenant_id', 'code']);

/**
 * Flags a tenant's mapping when transformation dead-letters an event because one of its expressions hit a sandbox
 * limit (time, memory, output): the control plane is where the tenant admin looks, and fixes it.
 */
@Injectable()
export class MappingIncidentsConsumer implements OnApplicationBootstrap {
  private readonly consumer: TopicConsumer<SyncStatus>;

  constructor(
    consumers: ConsumerRegistry,
    private readonly incidents: MappingIncidentsRepository,
    private readonly tenants: TenantConfigurationService,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    this.consumer = consumers.create<SyncStatus>({
      topics: [Topics.syncStatus],
      fromBeginning: false,
      handle: (message) => this.handle(message),
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.consumer.start();
  }

  private async handle({ value }: ConsumedMessage<SyncStatus>): Promise<void> {
    const incident = incidentFrom(value);
    if (!incident) return;
    const configuration = await this.tenants.configurationAt(incident.tenantId, incident.configVersion);
    const expression = configuration ? (expressionAt(configuration, incident.path) ?? null) : null;
    await this.incidents.record(incident, expression);
    flagged.inc({ tenant_id: incident.tenantId, code: incident.code });
    this.logger.warn({ tenantId: incident.tenantId, path: incident.path, code: incident.code }, 'tenant mapping flagged');
  }
}
