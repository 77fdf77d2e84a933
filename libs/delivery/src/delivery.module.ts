import { Module, type DynamicModule } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Subjects } from '@ferry/contracts';
import { AccessModule } from '@ferry/access';
import { serviceDatabaseModule } from '@ferry/database';
import type { ErpConnector } from '@ferry/erp-core';
import { DeadLetterPublisher, EventProducer } from '@ferry/kafka';
import type { Logger } from '@ferry/logging';
import { FerryPlatformModule } from '@ferry/platform';
import { SecretSealer } from '@ferry/secrets';
import { TenantConfigurationModule } from '@ferry/tenant-config';
import type { DeliveryConfig } from './delivery.config';
import { DeliveryLedgerEntry } from './delivery-ledger.entity';
import { DeliveryCommandsConsumer } from './delivery-commands.consumer';
import { DeliveryAttemptService } from './lanes/delivery-attempt.service';
import { DeliveryLanesController } from './lanes/delivery-lanes.controller';
import { DeliveryLanesService } from './lanes/delivery-lanes.service';
import { DeliveryOutcomeReporter } from './lanes/delivery-outcome-reporter';
import { CreateDeliveryLedger1795400100000 } from './migrations/1795400100000-create-delivery-ledger';
import { CreateDeliveryLanes1795400800000 } from './migrations/1795400800000-create-delivery-lanes';
import { DeliveryQueueRepository } from './queue/delivery-queue.repository';

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
        }),
        serviceDatabaseModule({
          serverUrl: config.database.serverUrl,
          name: config.database.name,
          entities: [DeliveryLedgerEntry],
          migrations: [CreateDeliveryLedger1795400100000, CreateDeliveryLanes1795400800000],
        }),
        TenantConfigurationModule,
        AccessModule,
      ],
      controllers: [DeliveryLanesController],
      providers: [
        {
          provide: DeliveryQueueRepository,
          useFactory: (dataSource: DataSource) => new DeliveryQueueRepository(dataSource),
          inject: [DataSource],
        },
        {
          provide: DeliveryAttemptService,
          useFactory: (repository: DeliveryQueueRepository) =>
            new DeliveryAttemptService(connector, repository, new SecretSealer(config.keyRing)),
          inject: [DeliveryQueueRepository],
        },
        {
          provide: DeliveryOutcomeReporter,
          useFactory: (repository: DeliveryQueueRepository, producer: EventProducer, deadLetters: DeadLetterPublisher) =>
            new DeliveryOutcomeReporter(repository, producer, deadLetters, logger, config.service),
          inject: [DeliveryQueueRepository, EventProducer, DeadLetterPublisher],
        },
        DeliveryLanesService,
        DeliveryCommandsConsumer,
      ],
    };
  }
}
