import { Module, type DynamicModule } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Subjects } from '@ferry/contracts';
import { AccessModule, OperatorAuditController } from '@ferry/access';
import { OperatorAuditRepository, serviceDatabaseModule } from '@ferry/database';
import type { ErpConnector } from '@ferry/erp-core';
import { DeadLetterPublisher, EventProducer } from '@ferry/kafka';
import type { Logger } from '@ferry/logging';
import { FerryPlatformModule } from '@ferry/platform';
import { SecretSealer } from '@ferry/secrets';
import { TenantConfigurationModule } from '@ferry/tenant-config';
import { TenantDataModule } from '@ferry/tenant-data';
import type { DeliveryConfig } from './delivery.config';
import { DeliveryLedgerEntry } from './delivery-ledger.entity';
import { DeliveryCommandsConsumer } from './delivery-commands.consumer';
import { DeliveryAttemptService } from './lanes/delivery-attempt.service';
import { DeliveryLanesController } from './lanes/delivery-lanes.controller';
import { DeliveryLanesService } from './lanes/delivery-lanes.service';
import { DeliveryOutcomeReporter } from './lanes/delivery-outcome-reporter';
import { LaneLeaseRepository } from './leases/lane-lease.repository';
import { DeliveryLedgerRepository } from './ledger/delivery-ledger.repository';
import { DELIVERY_MIGRATIONS } from './migrations/delivery-migrations';
import { DELIVERY_TENANT_TABLES } from './offboarding/delivery-tenant-tables';
import { DeliveryOutboxRepository } from './queue/delivery-outbox.repository';
import { DeliveryQueue } from './queue/delivery-queue';
import { DeliveryQueueRepository } from './queue/delivery-queue.repository';
import { DeliveryRetention } from './retention/delivery-retention';

/**
 * Everything a per-ERP delivery service is, given its ERP connector: each ERP gets its own process (and so
 * its own consumer group, database, scaling and failure domain) from this one shared module.
 */
@Module({})
export class DeliveryModule {
  static forErp(connector: ErpConnector, config: DeliveryConfig, logger: Logger): DynamicModule {
    return {
      module: DeliveryModule,
      imports: [
        FerryPlatformModule.forService({
          config,
          logger,
          producedSubjects: [Subjects.SyncStatus, Subjects.DeliveryLaneStateChanged],
          openApiDocument: 'libs/delivery/openapi.json',
        }),
        serviceDatabaseModule({
          serverUrl: config.database.serverUrl,
          name: config.database.name,
          entities: [DeliveryLedgerEntry],
          migrations: DELIVERY_MIGRATIONS,
        }),
        TenantConfigurationModule,
        AccessModule,
        TenantDataModule.forService(config.service, DELIVERY_TENANT_TABLES),
      ],
      controllers: [DeliveryLanesController, OperatorAuditController],
      providers: [
        // The repositories and the queue lanes drive need nothing but the service's data source.
        ...[
          DeliveryQueueRepository,
          DeliveryOutboxRepository,
          LaneLeaseRepository,
          DeliveryLedgerRepository,
          DeliveryQueue,
          OperatorAuditRepository,
        ].map((provide) => ({ provide, useFactory: (dataSource: DataSource) => new provide(dataSource), inject: [DataSource] })),
        {
          provide: DeliveryAttemptService,
          useFactory: (queue: DeliveryQueueRepository, ledger: DeliveryLedgerRepository) =>
            new DeliveryAttemptService(connector, queue, ledger, new SecretSealer(config.keyRing)),
          inject: [DeliveryQueueRepository, DeliveryLedgerRepository],
        },
        {
          provide: DeliveryOutcomeReporter,
          useFactory: (outbox: DeliveryOutboxRepository, producer: EventProducer, deadLetters: DeadLetterPublisher) =>
            new DeliveryOutcomeReporter(outbox, producer, deadLetters, logger, config.service),
          inject: [DeliveryOutboxRepository, EventProducer, DeadLetterPublisher],
        },
        DeliveryLanesService,
        DeliveryCommandsConsumer,
        DeliveryRetention,
      ],
    };
  }
}
