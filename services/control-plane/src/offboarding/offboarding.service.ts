import { Inject, Injectable } from '@nestjs/common';
import type { Principal } from '@ferry/access';
import { EventProducer } from '@ferry/kafka';
import type { Logger } from '@ferry/logging';
import { counter } from '@ferry/metrics';
import { LOGGER } from '@ferry/platform';
import {
  TenantDataException,
  TenantDataRepository,
  TenantDataService,
  decideErasure,
  type TenantDataManifest,
  type TenantDataPage,
  type TenantStanding,
} from '@ferry/tenant-data';
import { ControlPlaneException } from '../control-plane.exception';
import { TransactionRunner } from '../database/transaction-runner';
import { TenantConfigurationService } from '../tenants/tenant-configuration.service';
import { OffboardingRepository } from './offboarding.repository';
import { tenantTombstones, type Tombstone } from './tombstones';

export interface OffboardingStarted {
  tenantId: string;
  suspended: true;
  version: number;
  startedBy: string;
}

export interface ControlPlaneErasure {
  service: 'control-plane';
  tenantId: string;
  erased: Record<string, number>;
  tombstones: Tombstone[];
  erasedAt: string;
}

const erasures = counter('ferry_tenant_erasures_total', 'Tenants erased from the control plane by offboarding', ['outcome']);

/**
 * The control plane's part of offboarding a tenant: the start (an operator suspends the tenant, as a configuration
 * version with its audit record, so every service stops working for it and accepts its erasure), its export, and
 * the end (its rows deleted and tombstones written on the compacted topics, in one transaction).
 */
@Injectable()
export class OffboardingService {
  private readonly exports: TenantDataService;

  constructor(
    private readonly tenants: TenantConfigurationService,
    private readonly transactions: TransactionRunner,
    private readonly offboarding: OffboardingRepository,
    private readonly data: TenantDataRepository,
    private readonly producer: EventProducer,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    this.exports = new TenantDataService('control-plane', data, { standingOf: (tenantId) => this.standingOf(tenantId) });
  }

  async start(tenantId: string, principal: Principal): Promise<OffboardingStarted> {
    const version = await this.tenants.change(tenantId, principal, 'offboarding started: tenant suspended', (spec) => {
      spec.active = false;
    });
    this.logger.info({ tenantId, actor: version.changedBy }, 'tenant offboarding started');
    return { tenantId, suspended: true, version: version.version, startedBy: version.changedBy };
  }

  manifest(tenantId: string): Promise<TenantDataManifest> {
    return this.exports.manifest(tenantId);
  }

  page(tenantId: string, table: string, offset: number, limit: number): Promise<TenantDataPage> {
    return this.exports.page(tenantId, table, offset, limit);
  }

  async erase(tenantId: string): Promise<ControlPlaneErasure> {
    const result = await this.transactions.run(async (transaction) => {
      const tenant = await this.offboarding.lockTenant(transaction, tenantId);
      const decision = decideErasure(tenantId, standing(tenant));
      if (!decision.allowed) throw new TenantDataException('TENANT_NOT_SUSPENDED', decision.message);
      const tombstones = tenantTombstones(tenantId, await this.offboarding.apiKeyIdsOf(transaction, tenantId));
      const erased = await this.data.erase(tenantId, transaction);
      // Before the commit, as configuration versions are published: a failed write rolls the erasure back.
      for (const tombstone of tombstones) await this.producer.publishTombstone(tombstone.topic, tombstone.key, tenantId);
      return { erased, tombstones };
    });
    erasures.inc({ outcome: 'erased' });
    this.logger.info({ tenantId, erased: result.erased, tombstones: result.tombstones.length }, 'tenant erased from the control plane');
    return { service: 'control-plane', tenantId, ...result, erasedAt: new Date().toISOString() };
  }

  private async standingOf(tenantId: string): Promise<TenantStanding> {
    const current = await this.tenants.current(tenantId).catch((error: unknown) => {
      if (error instanceof ControlPlaneException && error.code === 'TENANT_NOT_FOUND') return undefined;
      throw error;
    });
    return standing(current ? { active: current.spec.active } : undefined);
  }
}

function standing(tenant: { active: boolean } | undefined): TenantStanding {
  if (!tenant) return 'gone';
  return tenant.active ? 'active' : 'suspended';
}
