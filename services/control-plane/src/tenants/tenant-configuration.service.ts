import { Inject, Injectable } from '@nestjs/common';
import { actorOf, type Principal } from '@ferry/access';
import { SchemaCatalog, type TenantConfiguration } from '@ferry/contracts';
import { findTemplate } from '@ferry/erp-templates';
import { EventProducer } from '@ferry/kafka';
import { ExpressionSandbox } from '@ferry/mapping';
import type { Logger } from '@ferry/logging';
import { counter } from '@ferry/metrics';
import { LOGGER } from '@ferry/platform';
import { SecretSealer } from '@ferry/secrets';
import { publishTenantConfiguration } from '@ferry/tenant-config';
import { AuditRecordRepository } from '../audit/audit-record.repository';
import { redactSealed, redactSpec } from '../audit/redaction';
import { ControlPlaneException } from '../control-plane.exception';
import { TransactionRunner, type Transaction } from '../database/transaction-runner';
import { ConfigurationRejectedException } from './configuration-rejected.exception';
import { configurationProblems, effectiveConfiguration, type PendingMapping } from './effective-configuration';
import { sampleLimitProblems } from './sample-evaluation';
import { storedConnection } from './stored-connection';
import { decideSuspension } from './suspension';
import { TenantConfigurationRepository, type StoredTenantVersion, type VersionHistoryEntry } from './tenant-configuration.repository';
import type { ConnectionInput, TenantSpec } from './tenant-spec';

export interface TenantVersion {
  tenantId: string;
  version: number;
  spec: TenantSpec;
  configuration: TenantConfiguration;
  pending: PendingMapping[];
  changedBy: string;
  change: string;
  createdAt: string;
}

const changes = counter('ferry_tenant_configuration_changes_total', 'Tenant configuration versions published', ['tenant_id', 'action']);

/**
 * The one way a tenant's configuration changes: in a transaction holding the tenant's row lock, the current
 * spec is changed, validated (every problem at once), turned into the next effective configuration version,
 * stored with an audit record (secrets redacted), and published to the compacted configuration topic before
 * the transaction commits, so a version services see is always a version the control plane has.
 */
@Injectable()
export class TenantConfigurationService {
  constructor(
    private readonly transactions: TransactionRunner,
    private readonly versions: TenantConfigurationRepository,
    private readonly auditRecords: AuditRecordRepository,
    private readonly producer: EventProducer,
    private readonly catalog: SchemaCatalog,
    private readonly sealer: SecretSealer,
    private readonly sandbox: ExpressionSandbox,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  actorName(principal: Principal): string {
    return actorOf(principal);
  }

  async create(
    input: { tenantId: string; displayName: string; template: string; templateVersion?: number | undefined },
    principal: Principal,
  ): Promise<TenantVersion> {
    const template = findTemplate(input.template, input.templateVersion);
    if (!template)
      throw new ControlPlaneException(
        'UNKNOWN_TEMPLATE',
        `no template ${input.template}${input.templateVersion ? `@${input.templateVersion}` : ''}; GET /v1/templates lists them`,
      );
    const spec: TenantSpec = {
      tenantId: input.tenantId,
      displayName: input.displayName,
      active: true,
      template: { name: template.name, version: template.version },
      connections: [],
      mappingOverrides: {},
      rules: [],
      policies: null,
    };
    return this.transactions.run(async (transaction) => {
      if (!(await this.versions.insertTenantIfNew(transaction, input.tenantId)))
        throw new ControlPlaneException('TENANT_EXISTS', `tenant ${input.tenantId} already exists`);
      return this.saveVersion(
        transaction,
        spec,
        null,
        0,
        this.actorName(principal),
        `onboarded from template ${template.name}@${template.version}`,
      );
    });
  }

  /** Applies `mutate` to the current spec as the next version; `action` describes the change for the audit trail. */
  async change(tenantId: string, principal: Principal, action: string, mutate: (spec: TenantSpec) => void): Promise<TenantVersion> {
    return this.transactions.run(async (transaction) => {
      const { version, spec } = await this.lockCurrent(transaction, tenantId);
      const next = structuredClone(spec);
      mutate(next);
      next.active = this.suspensionAfter(principal, 'edit', spec.active, next.active);
      return this.saveVersion(transaction, next, spec, version, this.actorName(principal), action);
    });
  }

  async rollback(tenantId: string, toVersion: number, principal: Principal): Promise<TenantVersion> {
    return this.transactions.run(async (transaction) => {
      const { version, spec } = await this.lockCurrent(transaction, tenantId);
      const target = await this.versions.specAt(transaction, tenantId, toVersion);
      if (!target) throw new ControlPlaneException('VERSION_NOT_FOUND', `tenant ${tenantId} has no configuration version ${toVersion}`);
      const restored = { ...target, active: this.suspensionAfter(principal, 'rollback', spec.active, target.active) };
      return this.saveVersion(transaction, restored, spec, version, this.actorName(principal), `rolled back to version ${toVersion}`);
    });
  }

  private suspensionAfter(principal: Principal, via: 'edit' | 'rollback', current: boolean, requested: boolean): boolean {
    const decision = decideSuspension({ actor: principal.kind === 'operator' ? 'operator' : 'tenant', via, current, requested });
    if (!decision.allowed) throw new ControlPlaneException('SUSPENSION_OPERATOR_ONLY', decision.message);
    return decision.active;
  }

  /** The connection a PUT stores: see storedConnection (a destination change needs the credentials again). */
  storedConnection(
    tenantId: string,
    connectionId: string,
    input: ConnectionInput,
    previous: TenantSpec['connections'][number] | undefined,
  ): TenantSpec['connections'][number] {
    return storedConnection(this.sealer, tenantId, connectionId, input, previous);
  }

  async current(tenantId: string): Promise<TenantVersion> {
    const stored = await this.versions.currentVersion(tenantId);
    if (!stored) throw new ControlPlaneException('TENANT_NOT_FOUND', `no tenant ${tenantId}`);
    return this.withPending(stored);
  }

  /** The effective configuration a tenant had at one version, or undefined when there is no such version. */
  async configurationAt(tenantId: string, version: number): Promise<TenantConfiguration | undefined> {
    return this.versions.configurationAt(tenantId, version);
  }

  async versionHistory(tenantId: string): Promise<VersionHistoryEntry[]> {
    await this.current(tenantId);
    return this.versions.versionHistory(tenantId);
  }

  async audit(tenantId: string, limit = 100): Promise<unknown[]> {
    await this.current(tenantId);
    return this.auditRecords.newestForTenant(tenantId, limit);
  }

  /** Every tenant's current effective configuration (schema-impact analysis, secret rotation). */
  async allCurrent(): Promise<TenantVersion[]> {
    return (await this.versions.everyCurrentVersion()).map((stored) => this.withPending(stored));
  }

  /** Records a change in the audit trail, inside the transaction that made it, with sealed secrets redacted. */
  async recordAudit(
    transaction: Transaction,
    tenantId: string,
    actor: string,
    action: string,
    version: number | null,
    before: unknown,
    after: unknown,
  ): Promise<void> {
    await this.auditRecords.insert(transaction, {
      tenantId,
      actor,
      action,
      version,
      before: before === null ? null : redactSealed(before),
      after: after === null ? null : redactSealed(after),
    });
  }

  private async lockCurrent(transaction: Transaction, tenantId: string): Promise<{ version: number; spec: TenantSpec }> {
    const current = await this.versions.lockCurrentSpec(transaction, tenantId);
    if (!current) throw new ControlPlaneException('TENANT_NOT_FOUND', `no tenant ${tenantId}`);
    return current;
  }

  private async saveVersion(
    transaction: Transaction,
    spec: TenantSpec,
    previous: TenantSpec | null,
    currentVersion: number,
    actor: string,
    action: string,
  ): Promise<TenantVersion> {
    const problems = configurationProblems(spec, this.catalog.canonicalEvents());
    if (problems.length > 0) throw new ConfigurationRejectedException(problems);
    const version = currentVersion + 1;
    const { configuration, pending } = effectiveConfiguration(spec, version, actor);
    const limits = await sampleLimitProblems(configuration, this.catalog.canonicalEvents(), (s) => this.catalog.samples(s), this.sandbox);
    if (limits.length > 0) throw new ConfigurationRejectedException(limits);
    await this.versions.insertVersionAsCurrent(transaction, { spec, version, configuration, changedBy: actor, change: action });
    await this.recordAudit(transaction, spec.tenantId, actor, action, version, redactSpec(previous), redactSpec(spec));
    await publishTenantConfiguration(this.producer, configuration);
    changes.inc({ tenant_id: spec.tenantId, action: action.split(' ')[0] ?? action });
    this.logger.info({ tenantId: spec.tenantId, version, actor, action }, 'tenant configuration published');
    return {
      tenantId: spec.tenantId,
      version,
      spec,
      configuration,
      pending,
      changedBy: actor,
      change: action,
      createdAt: new Date().toISOString(),
    };
  }

  private withPending(stored: StoredTenantVersion): TenantVersion {
    return { ...stored, pending: effectiveConfiguration(stored.spec, stored.version, stored.changedBy).pending };
  }
}
