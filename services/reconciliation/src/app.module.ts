import { Module, type DynamicModule } from '@nestjs/common';
import { AccessModule } from '@ferry/access';
import { Subjects } from '@ferry/contracts';
import { LeaseRepository, OperatorAuditRepository, SingletonLease, serviceDatabaseModule } from '@ferry/database';
import { Dynamics365Connector } from '@ferry/erp-dynamics365';
import { NetSuiteConnector } from '@ferry/erp-netsuite';
import { OracleFusionConnector } from '@ferry/erp-oracle-fusion';
import { SapS4Connector } from '@ferry/erp-sap-s4';
import type { Logger } from '@ferry/logging';
import { FerryPlatformModule } from '@ferry/platform';
import { SecretSealer } from '@ferry/secrets';
import { RetentionModule, TenantConfigurationModule } from '@ferry/tenant-config';
import { TenantDataModule } from '@ferry/tenant-data';
import { DataSource } from 'typeorm';
import { DeliveredRecordRepository } from './delivered-records/delivered-record.repository';
import { DeliveredRecordsConsumer } from './delivered-records/delivered-records.consumer';
import type { ReconciliationConfig } from './reconciliation.config';
import { ReconciliationRunRepository } from './reconciliation/reconciliation-run.repository';
import { ReconciliationController } from './reconciliation/reconciliation.controller';
import {
  RECONCILIATION_SCHEDULE_LEASE,
  RECONCILIATION_SCHEDULE_LEASE_TTL_MS,
  ReconciliationScheduler,
} from './reconciliation/reconciliation.scheduler';
import { ReconciliationService } from './reconciliation/reconciliation.service';
import { ERP_CONNECTORS, ReconciliationRunner } from './reconciliation-runs/reconciliation-runner';
import { RECONCILIATION_MIGRATIONS } from './migrations/reconciliation-migrations';
import { RECONCILIATION_RETENTION_TABLES } from './retention/reconciliation-retention-tables';
import { RECONCILIATION_TENANT_TABLES } from './offboarding/reconciliation-tenant-tables';
import { RepairService } from './repairs/repair.service';
import { RepairsController } from './repairs/repairs.controller';

@Module({})
export class ReconciliationModule {
  static create(config: ReconciliationConfig, logger: Logger): DynamicModule {
    return {
      module: ReconciliationModule,
      imports: [
        FerryPlatformModule.forService({
          config,
          logger,
          producedSubjects: [Subjects.ReconciliationFinding],
          openApiDocument: 'services/reconciliation/openapi.json',
        }),
        serviceDatabaseModule({
          serverUrl: config.database.serverUrl,
          name: config.database.name,
          entities: [],
          migrations: RECONCILIATION_MIGRATIONS,
        }),
        TenantConfigurationModule,
        AccessModule,
        RetentionModule.forTables(RECONCILIATION_RETENTION_TABLES),
        TenantDataModule.forService('reconciliation', RECONCILIATION_TENANT_TABLES),
      ],
      controllers: [ReconciliationController, RepairsController],
      providers: [
        { provide: SecretSealer, useValue: new SecretSealer(config.keyRing) },
        {
          provide: ERP_CONNECTORS,
          useValue: {
            netsuite: new NetSuiteConnector(),
            dynamics365: new Dynamics365Connector(),
            oracle_fusion: new OracleFusionConnector(),
            sap_s4: new SapS4Connector(),
          },
        },
        DeliveredRecordRepository,
        ReconciliationRunRepository,
        ReconciliationService,
        ReconciliationRunner,
        DeliveredRecordsConsumer,
        {
          provide: OperatorAuditRepository,
          inject: [DataSource],
          useFactory: (dataSource: DataSource) => new OperatorAuditRepository(dataSource),
        },
        RepairService,
        {
          provide: RECONCILIATION_SCHEDULE_LEASE,
          inject: [DataSource],
          useFactory: (dataSource: DataSource) =>
            new SingletonLease(new LeaseRepository(dataSource), {
              name: 'reconciliation-schedule',
              instanceId: config.instanceId,
              ttlMs: RECONCILIATION_SCHEDULE_LEASE_TTL_MS,
              logger,
            }),
        },
        ReconciliationScheduler,
      ],
    };
  }
}
