import { ConflictException, HttpException, Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { Principal } from '@ferry/access';
import { SchemaCatalog, type TenantConfiguration } from '@ferry/contracts';
import { findTemplate } from '@ferry/erp-templates';
import { EventProducer } from '@ferry/kafka';
import { ExpressionSandbox } from '@ferry/mapping';
import type { Logger } from '@ferry/logging';
import { counter } from '@ferry/metrics';
import { LOGGER } from '@ferry/platform';
import { SecretSealer } from '@ferry/secrets';
import { publishTenantConfiguration } from '@ferry/tenant-config';
import { redactSealed, redactSpec } from '../audit/redaction';
import { ConfigurationRejectedException, badRequest, notFound } from './configuration-rejected.exception';
import { configurationProblems, effectiveConfiguration, type PendingMapping } from './effective-configuration';
import { sampleLimitProblems } from './sample-evaluation';
import { storedConnection } from './stored-connection';
import { decideSuspension } from './suspension';
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
    private readonly dataSource: DataSource,
    private readonly producer: EventProducer,
    private readonly catalog: SchemaCatalog,
    private readonly sealer: SecretSealer,
    private readonly sandbox: ExpressionSandbox,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  actorName(principal: Principal): string {
    return principal.kind === 'operator' ? 'operator' : `api-key:${principal.id}`;
  }

  async create(
    input: { tenantId: string; displayName: string; template: string; templateVersion?: number | undefined },
    principal: Principal,
  ): Promise<TenantVersion> {
    const template = findTemplate(input.template, input.templateVersion);
    if (!template)
      throw badRequest(
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
    return this.dataSource.transaction(async (manager) => {
      const inserted = (await manager.query(
        `INSERT INTO tenant (tenant_id, current_version) VALUES ($1, 0) ON CONFLICT DO NOTHING RETURNING tenant_id`,
        [input.tenantId],
      )) as unknown[];
      if (inserted.length === 0)
        throw new ConflictException({ error: { status: 409, code: 'TENANT_EXISTS', message: `tenant ${input.tenantId} already exists` } });
      return this.saveVersion(
        manager,
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
    return this.dataSource.transaction(async (manager) => {
      const { version, spec } = await this.lockCurrent(manager, tenantId);
      const next = structuredClone(spec);
      mutate(next);
      next.active = this.suspensionAfter(principal, 'edit', spec.active, next.active);
      return this.saveVersion(manager, next, spec, version, this.actorName(principal), action);
    });
  }

  async rollback(tenantId: string, toVersion: number, principal: Principal): Promise<TenantVersion> {
    return this.dataSource.transaction(async (manager) => {
      const { version, spec } = await this.lockCurrent(manager, tenantId);
      const [target] = (await manager.query(`SELECT spec FROM tenant_configuration_version WHERE tenant_id = $1 AND version = $2`, [
        tenantId,
        toVersion,
      ])) as { spec: TenantSpec }[];
      if (!target) throw notFound('VERSION_NOT_FOUND', `tenant ${tenantId} has no configuration version ${toVersion}`);
      const restored = { ...target.spec, active: this.suspensionAfter(principal, 'rollback', spec.active, target.spec.active) };
      return this.saveVersion(manager, restored, spec, version, this.actorName(principal), `rolled back to version ${toVersion}`);
    });
  }

  private suspensionAfter(principal: Principal, via: 'edit' | 'rollback', current: boolean, requested: boolean): boolean {
    const decision = decideSuspension({ actor: principal.kind === 'operator' ? 'operator' : 'tenant', via, current, requested });
    if (!decision.allowed)
      throw new HttpException({ error: { status: 403, code: 'SUSPENSION_OPERATOR_ONLY', message: decision.message } }, 403);
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
    const [row] = (await this.dataSource.query(
      `SELECT v.* FROM tenant t JOIN tenant_configuration_version v ON v.tenant_id = t.tenant_id AND v.version = t.current_version WHERE t.tenant_id = $1`,
      [tenantId],
    )) as Record<string, unknown>[];
    if (!row) throw notFound('TENANT_NOT_FOUND', `no tenant ${tenantId}`);
    return this.toVersion(row);
  }

  /** The effective configuration a tenant had at one version, or undefined when there is no such version. */
  async configurationAt(tenantId: string, version: number): Promise<TenantConfiguration | undefined> {
    const [row] = (await this.dataSource.query(
      `SELECT configuration FROM tenant_configuration_version WHERE tenant_id = $1 AND version = $2`,
      [tenantId, version],
    )) as { configuration: TenantConfiguration }[];
    return row?.configuration;
  }

  async versions(tenantId: string): Promise<{ version: number; changedBy: string; change: string; createdAt: string }[]> {
    await this.current(tenantId);
    const rows = (await this.dataSource.query(
      `SELECT version, changed_by, change, created_at FROM tenant_configuration_version WHERE tenant_id = $1 ORDER BY version DESC`,
      [tenantId],
    )) as Record<string, unknown>[];
    return rows.map((row) => ({
      version: Number(row['version']),
      changedBy: String(row['changed_by']),
      change: String(row['change']),
      createdAt: (row['created_at'] as Date).toISOString(),
    }));
  }

  async audit(tenantId: string, limit = 100): Promise<unknown[]> {
    await this.current(tenantId);
    const rows = (await this.dataSource.query(
      `SELECT at, actor, action, version, before, after FROM audit_record WHERE tenant_id = $1 ORDER BY audit_id DESC LIMIT $2`,
      [tenantId, limit],
    )) as Record<string, unknown>[];
    return rows.map((row) => ({
      at: (row['at'] as Date).toISOString(),
      actor: row['actor'],
      action: row['action'],
      version: row['version'],
      before: row['before'],
      after: row['after'],
    }));
  }

  /** Every tenant's current effective configuration (schema-impact analysis, secret rotation). */
  async allCurrent(): Promise<TenantVersion[]> {
    const rows = (await this.dataSource.query(
      `SELECT v.* FROM tenant t JOIN tenant_configuration_version v ON v.tenant_id = t.tenant_id AND v.version = t.current_version ORDER BY t.tenant_id`,
    )) as Record<string, unknown>[];
    return rows.map((row) => this.toVersion(row));
  }

  async recordAudit(
    manager: EntityManager | DataSource,
    tenantId: string,
    actor: string,
    action: string,
    version: number | null,
    before: unknown,
    after: unknown,
  ): Promise<void> {
    await manager.query(`INSERT INTO audit_record (tenant_id, actor, action, version, before, after) VALUES ($1, $2, $3, $4, $5, $6)`, [
      tenantId,
      actor,
      action,
      version,
      before === null ? null : JSON.stringify(redactSealed(before)),
      after === null ? null : JSON.stringify(redactSealed(after)),
    ]);
  }

  private async lockCurrent(manager: EntityManager, tenantId: string): Promise<{ version: number; spec: TenantSpec }> {
    const [tenant] = (await manager.query(`SELECT current_version FROM tenant WHERE tenant_id = $1 FOR UPDATE`, [tenantId])) as {
      current_version: number;
    }[];
    if (!tenant) throw notFound('TENANT_NOT_FOUND', `no tenant ${tenantId}`);
    const [row] = (await manager.query(`SELECT spec FROM tenant_configuration_version WHERE tenant_id = $1 AND version = $2`, [
      tenantId,
      tenant.current_version,
    ])) as { spec: TenantSpec }[];
    return { version: tenant.current_version, spec: row!.spec };
  }

  private async saveVersion(
    manager: EntityManager,
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
    await manager.query(
      `INSERT INTO tenant_configuration_version (tenant_id, version, spec, configuration, changed_by, change) VALUES ($1, $2, $3, $4, $5, $6)`,
      [spec.tenantId, version, JSON.stringify(spec), JSON.stringify(configuration), actor, action],
    );
    await manager.query(`UPDATE tenant SET current_version = $2 WHERE tenant_id = $1`, [spec.tenantId, version]);
    await this.recordAudit(manager, spec.tenantId, actor, action, version, redactSpec(previous), redactSpec(spec));
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

  private toVersion(row: Record<string, unknown>): TenantVersion {
    const spec = row['spec'] as TenantSpec;
    return {
      tenantId: String(row['tenant_id']),
      version: Number(row['version']),
      spec,
      configuration: row['configuration'] as TenantConfiguration,
      pending: effectiveConfiguration(spec, Number(row['version']), String(row['changed_by'])).pending,
      changedBy: String(row['changed_by']),
      change: String(row['change']),
      createdAt: (row['created_at'] as Date).toISOString(),
    };
  }
}
