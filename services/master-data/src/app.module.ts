import { Module, type DynamicModule } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AccessModule, OperatorAuditController } from '@ferry/access';
import { Subjects } from '@ferry/contracts';
import { OperatorAuditRepository, serviceDatabaseModule } from '@ferry/database';
import type { Logger } from '@ferry/logging';
import { FerryPlatformModule } from '@ferry/platform';
import { TenantConfigurationModule } from '@ferry/tenant-config';
import { TenantDataController, tenantDataProviders } from '@ferry/tenant-data';
import { CustomerEventsConsumer } from './customers/customer-events.consumer';
import { GoldenRecordRepository } from './golden-records/golden-record.repository';
import { GoldenRecordsService } from './golden-records/golden-records.service';
import { TenantMatchers } from './golden-records/tenant-matchers';
import type { MasterDataConfig } from './master-data.config';
import { MASTER_DATA_MIGRATIONS } from './migrations/master-data-migrations';
import { MASTER_DATA_TENANT_TABLES } from './offboarding/master-data-tenant-tables';
import { StewardController } from './steward/steward.controller';
import { StewardService } from './steward/steward.service';

@Module({})
export class MasterDataModule {
  static create(config: MasterDataConfig, logger: Logger): DynamicModule {
    return {
      module: MasterDataModule,
      imports: [
        FerryPlatformModule.forService({
          config,
          logger,
          producedSubjects: [Subjects.GoldenCustomer],
          openApiDocument: 'services/master-data/openapi.json',
        }),
        serviceDatabaseModule({
          serverUrl: config.database.serverUrl,
          name: config.database.name,
          entities: [],
          migrations: MASTER_DATA_MIGRATIONS,
        }),
        AccessModule,
        // Offboarding: a tenant's rows are erased only once its configuration says it is suspended.
        TenantConfigurationModule,
      ],
      controllers: [StewardController, OperatorAuditController, TenantDataController],
      providers: [
        {
          provide: OperatorAuditRepository,
          useFactory: (dataSource: DataSource) => new OperatorAuditRepository(dataSource),
          inject: [DataSource],
        },
        GoldenRecordRepository,
        TenantMatchers,
        GoldenRecordsService,
        StewardService,
        CustomerEventsConsumer,
        // The tenant's matcher (in memory) forgets it once its rows are erased.
        ...tenantDataProviders('master-data', MASTER_DATA_TENANT_TABLES, TenantMatchers),
      ],
    };
  }
}
