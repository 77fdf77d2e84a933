import { Module, type DynamicModule } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Subjects } from '@ferry/contracts';
import { serviceDatabaseModule } from '@ferry/database';
import type { ErpConnector } from '@ferry/erp-core';
import { EventProducer } from '@ferry/kafka';
import type { Logger } from '@ferry/logging';
import { FerryPlatformModule } from '@ferry/platform';
import { SecretSealer } from '@ferry/secrets';
import { TenantConfigurationModule } from '@ferry/tenant-config';
import type { DeliveryConfig } from './delivery.config';
import { DeliveryLedgerEntry } from './delivery-ledger.entity';
import { DELIVERY_OPTIONS, DeliveryCommandsConsumer } from './delivery-commands.consumer';
import { ErpDeliveryService } from './erp-delivery.service';
import { CreateDeliveryLedger1795400100000 } from './migrations/1795400100000-create-delivery-ledger';

/**
 * Everything a per-ERP delivery service is, given its ERP connector: each ERP gets its own process (and so
 * its own consumer group, database, scaling and failure domain) from this one shared module.
 */
@Module({})
export class DeliveryModule {
  /** `options.concurrentWithinBatch` for batch transports, whose connector gathers many records into one exchange. */
  static forErp(
    connector: ErpConnector,
    config: DeliveryConfig,
    logger: Logger,
    options: { concurrentWithinBatch?: boolean } = {},
  ): DynamicModule {
    return {
      module: DeliveryModule,
      imports: [
        FerryPlatformModule.forService({ config, logger, producedSubjects: [Subjects.SyncStatus] }),
        serviceDatabaseModule({
          serverUrl: config.database.serverUrl,
          name: config.database.name,
          entities: [DeliveryLedgerEntry],
          migrations: [CreateDeliveryLedger1795400100000],
        }),
        TenantConfigurationModule,
      ],
      providers: [
        {
          provide: ErpDeliveryService,
          useFactory: (dataSource: DataSource, producer: EventProducer) =>
            new ErpDeliveryService(connector, dataSource, producer, new SecretSealer(config.keyRing), logger),
          inject: [DataSource, EventProducer],
        },
        { provide: DELIVERY_OPTIONS, useValue: options },
        DeliveryCommandsConsumer,
      ],
    };
  }
}
