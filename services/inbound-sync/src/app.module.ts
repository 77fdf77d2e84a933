import { Module, type DynamicModule } from '@nestjs/common';
import { AccessModule } from '@ferry/access';
import { Subjects } from '@ferry/contracts';
import { LeaseRepository, SingletonLease, serviceDatabaseModule } from '@ferry/database';
import { Dynamics365Connector } from '@ferry/erp-dynamics365';
import { NetSuiteConnector } from '@ferry/erp-netsuite';
import { SapS4Connector } from '@ferry/erp-sap-s4';
import type { Logger } from '@ferry/logging';
import { ExpressionSandboxModule } from '@ferry/mapping';
import { FerryPlatformModule } from '@ferry/platform';
import { SecretSealer } from '@ferry/secrets';
import { TenantConfigurationModule } from '@ferry/tenant-config';
import { TenantDataModule } from '@ferry/tenant-data';
import { DataSource } from 'typeorm';
import type { InboundSyncConfig } from './inbound-sync.config';
import { DeliveredContentConsumer } from './echoes/delivered-content.consumer';
import { DeliveredContentRepository } from './echoes/delivered-content.repository';
import { ErpEventsPoller } from './erp-events/erp-events-poller';
import { ErpRecordLinkRepository } from './erp-events/erp-record-link.repository';
import { InboundBaselineRepository } from './system-of-record/inbound-baseline.repository';
import { InboundCursorRepository } from './sync/inbound-cursor.repository';
import { INBOUND_CONNECTORS, INBOUND_POLL_LEASE, INBOUND_POLL_LEASE_TTL_MS, InboundPollerService } from './sync/inbound-poller.service';
import { INBOUND_SYNC_MIGRATIONS } from './migrations/inbound-sync-migrations';
import { INBOUND_SYNC_TENANT_TABLES } from './offboarding/inbound-sync-tenant-tables';

@Module({})
export class InboundSyncModule {
  static create(config: InboundSyncConfig, logger: Logger): DynamicModule {
    return {
      module: InboundSyncModule,
      imports: [
        FerryPlatformModule.forService({
          config,
          logger,
          producedSubjects: [
            Subjects.CustomerUpserted,
            Subjects.SalesOrderStatusChanged,
            Subjects.InvoiceStatusChanged,
            Subjects.PaymentApplied,
            Subjects.ShipmentShipped,
            Subjects.SyncStatus,
            Subjects.SystemOfRecordConflict,
          ],
          openApiDocument: 'services/inbound-sync/openapi.json',
        }),
        serviceDatabaseModule({
          serverUrl: config.database.serverUrl,
          name: config.database.name,
          entities: [],
          migrations: INBOUND_SYNC_MIGRATIONS,
        }),
        TenantConfigurationModule,
        AccessModule,
        TenantDataModule.forService('inbound-sync', INBOUND_SYNC_TENANT_TABLES),
        ExpressionSandboxModule.forRoot(config.sandbox),
      ],
      providers: [
        { provide: SecretSealer, useValue: new SecretSealer(config.keyRing) },
        {
          provide: INBOUND_CONNECTORS,
          useValue: { netsuite: new NetSuiteConnector(), dynamics365: new Dynamics365Connector(), sap_s4: new SapS4Connector() },
        },
        {
          provide: INBOUND_POLL_LEASE,
          inject: [DataSource],
          useFactory: (dataSource: DataSource) =>
            new SingletonLease(new LeaseRepository(dataSource), {
              name: 'inbound-poll',
              instanceId: config.instanceId,
              ttlMs: INBOUND_POLL_LEASE_TTL_MS,
              logger,
            }),
        },
        InboundCursorRepository,
        DeliveredContentRepository,
        InboundBaselineRepository,
        DeliveredContentConsumer,
        ErpRecordLinkRepository,
        ErpEventsPoller,
        InboundPollerService,
      ],
    };
  }
}
