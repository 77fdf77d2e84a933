import { Module, type DynamicModule } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { TenantConfigurationModule, TenantConfigurationView } from '@ferry/tenant-config';
import { standingOf } from './erasure-decision';
import { TenantDataController } from './tenant-data.controller';
import { TenantDataRepository } from './tenant-data.repository';
import { TenantDataService, type TenantStandingSource } from './tenant-data.service';
import type { TenantTable } from './tenant-tables';

/**
 * A tenant's standing as this service's configuration view sees it, after reading the configuration topic to its
 * end (a suspension published a moment ago counts; a tombstone means the tenant is gone).
 */
export class ConfigurationViewStandings implements TenantStandingSource {
  constructor(private readonly view: Pick<TenantConfigurationView, 'latest'>) {}

  async standingOf(tenantId: string) {
    return standingOf(await this.view.latest(tenantId));
  }
}

/**
 * Gives a service with a database of its own offboarding's export and erasure endpoints over its declared tenant
 * tables. The service's app module imports `TenantDataModule.forService('<service>', <SERVICE>_TENANT_TABLES)`.
 */
@Module({})
export class TenantDataModule {
  static forService(service: string, tables: readonly TenantTable[]): DynamicModule {
    return {
      module: TenantDataModule,
      imports: [TenantConfigurationModule],
      controllers: [TenantDataController],
      providers: [
        {
          provide: TenantDataRepository,
          useFactory: (dataSource: DataSource) => new TenantDataRepository(dataSource, tables),
          inject: [DataSource],
        },
        {
          provide: TenantDataService,
          useFactory: (repository: TenantDataRepository, view: TenantConfigurationView) =>
            new TenantDataService(service, repository, new ConfigurationViewStandings(view)),
          inject: [TenantDataRepository, TenantConfigurationView],
        },
      ],
    };
  }
}
