import { Module, type DynamicModule } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AccessModule, OperatorAuditController } from '@ferry/access';
import { OperatorAuditRepository, serviceDatabaseModule } from '@ferry/database';
import type { Logger } from '@ferry/logging';
import { ExpressionSandboxModule } from '@ferry/mapping';
import { FerryPlatformModule } from '@ferry/platform';
import { TenantDataModule } from '@ferry/tenant-data';
import { ConsoleController } from './console/console.controller';
import { ConsoleProxyService } from './console/console-proxy.service';
import { DeadLetterReplayService } from './dead-letters/dead-letter-replay.service';
import { DeadLetterRepository } from './dead-letters/dead-letter.repository';
import { DeadLettersConsumer } from './dead-letters/dead-letters.consumer';
import { DeadLettersController } from './dead-letters/dead-letters.controller';
import { RetentionModule, TenantConfigurationModule } from '@ferry/tenant-config';
import type { ObservabilityConfig } from './observability.config';
import { ExporterLease } from './service-levels/exporter-lease';
import { ExporterLeaseRepository } from './service-levels/exporter-lease.repository';
import { ServiceLevelMetrics } from './service-levels/service-level-metrics';
import { ServiceLevelsController } from './service-levels/service-levels.controller';
import { ServiceLevelsRepository } from './service-levels/service-levels.repository';
import { SyncStatusConsumer } from './sync-status/sync-status.consumer';
import { SyncStatusController } from './sync-status/sync-status.controller';
import { SyncStatusRepository } from './sync-status/sync-status.repository';
import { SystemOfRecordConflictRepository } from './master-data-conflicts/system-of-record-conflict.repository';
import { SystemOfRecordConflictsConsumer } from './master-data-conflicts/system-of-record-conflicts.consumer';
import { SystemOfRecordConflictsController } from './master-data-conflicts/system-of-record-conflicts.controller';
import { OBSERVABILITY_MIGRATIONS } from './migrations/observability-migrations';
import { OBSERVABILITY_RETENTION_TABLES } from './retention/observability-retention-tables';
import { OBSERVABILITY_TENANT_TABLES } from './offboarding/observability-tenant-tables';

@Module({})
export class ObservabilityModule {
  static create(config: ObservabilityConfig, logger: Logger): DynamicModule {
    return {
      module: ObservabilityModule,
      imports: [
        FerryPlatformModule.forService({ config, logger, producedSubjects: [], openApiDocument: 'services/observability/openapi.json' }),
        AccessModule,
        TenantConfigurationModule,
        ExpressionSandboxModule.forRoot(config.sandbox),
        serviceDatabaseModule({
          serverUrl: config.database.serverUrl,
          name: config.database.name,
          entities: [],
          migrations: OBSERVABILITY_MIGRATIONS,
        }),
        RetentionModule.forTables(OBSERVABILITY_RETENTION_TABLES),
        TenantDataModule.forService('observability', OBSERVABILITY_TENANT_TABLES),
      ],
      controllers: [
        SyncStatusController,
        DeadLettersController,
        ServiceLevelsController,
        SystemOfRecordConflictsController,
        OperatorAuditController,
        ConsoleController,
      ],
      providers: [
        {
          provide: OperatorAuditRepository,
          useFactory: (dataSource: DataSource) => new OperatorAuditRepository(dataSource),
          inject: [DataSource],
        },
        SyncStatusRepository,
        SyncStatusConsumer,
        ServiceLevelsRepository,
        ExporterLeaseRepository,
        ExporterLease,
        ServiceLevelMetrics,
        DeadLetterRepository,
        DeadLettersConsumer,
        SystemOfRecordConflictRepository,
        SystemOfRecordConflictsConsumer,
        DeadLetterReplayService,
        ConsoleProxyService,
      ],
    };
  }
}
