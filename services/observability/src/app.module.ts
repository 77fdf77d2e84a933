import { Module, type DynamicModule } from '@nestjs/common';
import { AccessModule } from '@ferry/access';
import { serviceDatabaseModule } from '@ferry/database';
import type { Logger } from '@ferry/logging';
import { ExpressionSandboxModule } from '@ferry/mapping';
import { FerryPlatformModule } from '@ferry/platform';
import { CreateSyncStatusTables1795400200000 } from './migrations/1795400200000-create-sync-status-tables';
import { AddSyncStatusErrorCode1795400500000 } from './migrations/1795400500000-add-sync-status-error-code';
import { CreateDeadLetter1795400900000 } from './migrations/1795400900000-create-dead-letter';
import { AddServiceLevels1795401500000 } from './migrations/1795401500000-add-service-levels';
import { DeadLetterReplayService } from './dead-letters/dead-letter-replay.service';
import { DeadLetterRepository } from './dead-letters/dead-letter.repository';
import { DeadLettersConsumer } from './dead-letters/dead-letters.consumer';
import { DeadLettersController } from './dead-letters/dead-letters.controller';
import { TenantConfigurationModule } from '@ferry/tenant-config';
import type { ObservabilityConfig } from './observability.config';
import { ExporterLease } from './service-levels/exporter-lease';
import { ExporterLeaseRepository } from './service-levels/exporter-lease.repository';
import { ServiceLevelMetrics } from './service-levels/service-level-metrics';
import { ServiceLevelsController } from './service-levels/service-levels.controller';
import { ServiceLevelsRepository } from './service-levels/service-levels.repository';
import { SyncStatusConsumer } from './sync-status/sync-status.consumer';
import { SyncStatusController } from './sync-status/sync-status.controller';
import { SyncStatusRepository } from './sync-status/sync-status.repository';

@Module({})
export class ObservabilityModule {
  static create(config: ObservabilityConfig, logger: Logger): DynamicModule {
    return {
      module: ObservabilityModule,
      imports: [
        FerryPlatformModule.forService({ config, logger, producedSubjects: [] }),
        AccessModule,
        TenantConfigurationModule,
        ExpressionSandboxModule.forRoot(config.sandbox),
        serviceDatabaseModule({
          serverUrl: config.database.serverUrl,
          name: config.database.name,
          entities: [],
          migrations: [
            CreateSyncStatusTables1795400200000,
            AddSyncStatusErrorCode1795400500000,
            CreateDeadLetter1795400900000,
            AddServiceLevels1795401500000,
          ],
        }),
      ],
      controllers: [SyncStatusController, DeadLettersController, ServiceLevelsController],
      providers: [
        SyncStatusRepository,
        SyncStatusConsumer,
        ServiceLevelsRepository,
        ExporterLeaseRepository,
        ExporterLease,
        ServiceLevelMetrics,
        DeadLetterRepository,
        DeadLettersConsumer,
        DeadLetterReplayService,
      ],
    };
  }
}
