import { Module, type DynamicModule } from '@nestjs/common';
import { AccessModule } from '@ferry/access';
import { Subjects } from '@ferry/contracts';
import { serviceDatabaseModule } from '@ferry/database';
import type { Logger } from '@ferry/logging';
import { ExpressionSandboxModule } from '@ferry/mapping';
import { FerryPlatformModule } from '@ferry/platform';
import { SecretSealer } from '@ferry/secrets';
import { TenantDataRepository } from '@ferry/tenant-data';
import { DataSource } from 'typeorm';
import { ApiKeyRepository } from './api-keys/api-key.repository';
import { ApiKeysController } from './api-keys/api-keys.controller';
import { ApiKeysService } from './api-keys/api-keys.service';
import { AuditRecordRepository } from './audit/audit-record.repository';
import type { ControlPlaneConfig } from './control-plane.config';
import { TransactionRunner } from './database/transaction-runner';
import { MappingIncidentsConsumer } from './mapping-incidents/mapping-incidents.consumer';
import { MappingIncidentsController } from './mapping-incidents/mapping-incidents.controller';
import { MappingIncidentsRepository } from './mapping-incidents/mapping-incidents.repository';
import { ConfigurationVersionsRepository } from './operations/configuration-versions.repository';
import { SecretRotationController } from './operations/secret-rotation.controller';
import { SecretRotationService } from './operations/secret-rotation.service';
import { PreviewController } from './preview/preview.controller';
import { SchemaImpactController } from './schema-impact/schema-impact.controller';
import { TemplateUpgradeController, TemplatesController } from './templates/templates.controller';
import { TenantConfigurationRepository } from './tenants/tenant-configuration.repository';
import { TenantConfigurationService } from './tenants/tenant-configuration.service';
import { TenantPartsController } from './tenants/tenant-parts.controller';
import { TenantsController } from './tenants/tenants.controller';
import { CONTROL_PLANE_MIGRATIONS } from './migrations/control-plane-migrations';
import { CONTROL_PLANE_TENANT_TABLES } from './offboarding/control-plane-tenant-tables';
import { OffboardingController } from './offboarding/offboarding.controller';
import { OffboardingRepository } from './offboarding/offboarding.repository';
import { OffboardingService } from './offboarding/offboarding.service';

export const CONTROL_PLANE_CONTROLLERS = [
  TenantsController,
  TenantPartsController,
  TemplatesController,
  TemplateUpgradeController,
  PreviewController,
  ApiKeysController,
  SchemaImpactController,
  SecretRotationController,
  MappingIncidentsController,
  OffboardingController,
];

@Module({})
export class ControlPlaneModule {
  static create(config: ControlPlaneConfig, logger: Logger): DynamicModule {
    return {
      module: ControlPlaneModule,
      imports: [
        FerryPlatformModule.forService({
          config,
          logger,
          producedSubjects: [Subjects.TenantConfiguration, Subjects.ApiKey],
          openApiDocument: 'services/control-plane/openapi.json',
        }),
        serviceDatabaseModule({
          serverUrl: config.database.serverUrl,
          name: config.database.name,
          entities: [],
          migrations: CONTROL_PLANE_MIGRATIONS,
        }),
        AccessModule,
        ExpressionSandboxModule.forRoot(config.sandbox),
      ],
      controllers: CONTROL_PLANE_CONTROLLERS,
      providers: [
        { provide: SecretSealer, useValue: new SecretSealer(config.keyRing) },
        TransactionRunner,
        TenantConfigurationRepository,
        AuditRecordRepository,
        TenantConfigurationService,
        ApiKeyRepository,
        ApiKeysService,
        ConfigurationVersionsRepository,
        SecretRotationService,
        MappingIncidentsRepository,
        MappingIncidentsConsumer,
        OffboardingRepository,
        {
          provide: TenantDataRepository,
          useFactory: (dataSource: DataSource) => new TenantDataRepository(dataSource, CONTROL_PLANE_TENANT_TABLES),
          inject: [DataSource],
        },
        OffboardingService,
      ],
    };
  }
}
