import { Module, type DynamicModule } from '@nestjs/common';
import { Subjects } from '@ferry/contracts';
import type { Logger } from '@ferry/logging';
import { ExpressionSandboxModule } from '@ferry/mapping';
import { FerryPlatformModule } from '@ferry/platform';
import { TenantConfigurationModule } from '@ferry/tenant-config';
import type { TransformationConfig } from './transformation.config';
import { CanonicalEventsConsumer } from './routing/canonical-events.consumer';

@Module({})
export class TransformationModule {
  static create(config: TransformationConfig, logger: Logger): DynamicModule {
    return {
      module: TransformationModule,
      imports: [
        FerryPlatformModule.forService({
          config,
          logger,
          producedSubjects: [Subjects.DeliveryCommand, Subjects.SyncStatus],
          openApiDocument: 'services/transformation/openapi.json',
        }),
        TenantConfigurationModule,
        ExpressionSandboxModule.forRoot(config.sandbox),
      ],
      providers: [CanonicalEventsConsumer],
    };
  }
}
