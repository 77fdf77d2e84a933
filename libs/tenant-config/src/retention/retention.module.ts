import {
  Inject,
  Injectable,
  Module,
  type BeforeApplicationShutdown,
  type DynamicModule,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { PlatformConfig, RetentionConfig, RetentionKind } from '@ferry/config';
import { LeaseRepository, RetentionRepository, SingletonLease, type RetentionTableSpec } from '@ferry/database';
import type { Logger } from '@ferry/logging';
import { LOGGER, PLATFORM_CONFIG } from '@ferry/platform';
import { TenantConfigurationModule } from '../tenant-configuration.module';
import { TenantConfigurationView } from '../tenant-configuration-view';
import { RetentionJob, type RetentionTable } from './retention-job';

/** The lease that makes a service's retention a singleton: `retention` in its ferry_lease table (CreateFerryLease). */
export const RETENTION_LEASE_NAME = 'retention';
/** A crashed holder's work passes to another replica within this; a stopped one hands it over at once. */
export const RETENTION_LEASE_TTL_MS = 60_000;

/** What a service prunes: each table with the kind of data (and so the policy field and default) it holds. */
export interface RetentionTableDeclaration extends RetentionTableSpec {
  kind: RetentionKind;
}

/** A service's config, when it runs a retention job. */
export interface RetentionServiceConfig extends PlatformConfig {
  retention: RetentionConfig;
}

/** Wraps a RetentionRepository as the job's table. */
export function retentionTable(kind: RetentionKind, repository: RetentionRepository): RetentionTable {
  return {
    table: repository.spec.table,
    kind,
    tenants: () => repository.tenants(),
    deleteBefore: (tenantId, cutoff, limit) => repository.deleteBefore(tenantId, cutoff, limit),
  };
}

const TABLES = Symbol('RETENTION_TABLES');

/** Starts the job with the application and stops it (the lease handed over) before the database closes. */
@Injectable()
export class ServiceRetention implements OnApplicationBootstrap, BeforeApplicationShutdown {
  readonly job: RetentionJob;

  constructor(
    @Inject(TABLES) tables: RetentionTableDeclaration[],
    dataSource: DataSource,
    configurations: TenantConfigurationView,
    @Inject(PLATFORM_CONFIG) config: RetentionServiceConfig,
    @Inject(LOGGER) logger: Logger,
  ) {
    this.job = new RetentionJob({
      tables: tables.map(({ kind, ...spec }) => retentionTable(kind, new RetentionRepository(dataSource, spec))),
      policyOf: (tenantId) => configurations.cached(tenantId)?.policies?.retention,
      policiesCurrent: () => configurations.catchUp(),
      config: config.retention,
      lease: new SingletonLease(new LeaseRepository(dataSource), {
        name: RETENTION_LEASE_NAME,
        instanceId: config.instanceId,
        ttlMs: RETENTION_LEASE_TTL_MS,
        logger,
      }),
      logger,
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.job.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.job.stop();
  }
}

/**
 * A service's scheduled retention (docs/governance.md#retention): import `RetentionModule.forTables([...])` in
 * its app module, list CreateFerryLease1795401700000 among its migrations, and spread `retentionEnvShape` into
 * its config schema as `retention` (toRetentionConfig).
 */
@Module({})
export class RetentionModule {
  static forTables(tables: RetentionTableDeclaration[]): DynamicModule {
    return {
      module: RetentionModule,
      imports: [TenantConfigurationModule],
      providers: [{ provide: TABLES, useValue: tables }, ServiceRetention],
      exports: [ServiceRetention],
    };
  }
}
