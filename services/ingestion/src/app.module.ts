import { Module, type DynamicModule } from '@nestjs/common';
import { AccessModule } from '@ferry/access';
import { Subjects } from '@ferry/contracts';
import { serviceDatabaseModule } from '@ferry/database';
import type { Logger } from '@ferry/logging';
import { FerryPlatformModule } from '@ferry/platform';
import { RetentionModule, TenantConfigurationModule } from '@ferry/tenant-config';
import { TenantDataModule } from '@ferry/tenant-data';
import { IdempotencyRepository } from './idempotency/idempotency.repository';
import { IdempotencyService } from './idempotency/idempotency.service';
import type { IngestionConfig } from './ingestion.config';
import { CanonicalEventIntakeService } from './intake/canonical-event-intake.service';
import { ReceivedEventRepository } from './intake/received-event.repository';
import { EventBatchController } from './intake/event-batch.controller';
import { ProductEventsConsumer } from './intake/product-events.consumer';
import { ReceivedEvent } from './intake/received-event.entity';
import { INGESTION_MIGRATIONS } from './migrations/ingestion-migrations';
import { INGESTION_RETENTION_TABLES } from './retention/ingestion-retention-tables';
import { INGESTION_TENANT_TABLES } from './offboarding/ingestion-tenant-tables';
import { RateLimitBucketRepository } from './throttling/rate-limit-bucket.repository';
import { TenantThrottleGuard } from './throttling/tenant-throttle.guard';
import { TenantThrottleService } from './throttling/tenant-throttle.service';

@Module({})
export class IngestionModule {
  static create(config: IngestionConfig, logger: Logger): DynamicModule {
    const canonical = [
      Subjects.CustomerUpserted,
      Subjects.SalesOrderUpserted,
      Subjects.InvoiceUpserted,
      Subjects.PaymentRecorded,
      Subjects.ShipmentUpserted,
      Subjects.SubscriptionUpserted,
    ];
    return {
      module: IngestionModule,
      imports: [
        FerryPlatformModule.forService({ config, logger, producedSubjects: canonical, openApiDocument: 'services/ingestion/openapi.json' }),
        AccessModule,
        serviceDatabaseModule({
          serverUrl: config.database.serverUrl,
          name: config.database.name,
          entities: [ReceivedEvent],
          migrations: INGESTION_MIGRATIONS,
        }),
        // Each tenant's policies: API limits (throttling), retention, standing (offboarding).
        TenantConfigurationModule,
        RetentionModule.forTables(INGESTION_RETENTION_TABLES),
        TenantDataModule.forService('ingestion', INGESTION_TENANT_TABLES),
      ],
      controllers: [EventBatchController],
      providers: [
        ReceivedEventRepository,
        CanonicalEventIntakeService,
        ProductEventsConsumer,
        IdempotencyRepository,
        IdempotencyService,
        RateLimitBucketRepository,
        TenantThrottleService,
        TenantThrottleGuard,
      ],
    };
  }
}
