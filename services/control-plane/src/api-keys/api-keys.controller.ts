import { Body, Controller, Delete, Get, HttpCode, Param, Post, UseGuards } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import { CallingPrincipal, RequireScope, SCOPES, TenantAccessGuard, generateApiKey, type Principal } from '@ferry/access';
import { Subjects, Topics, type ApiKey } from '@ferry/contracts';
import { EventProducer } from '@ferry/kafka';
import { parseBody } from '@ferry/platform';
import { notFound } from '../tenants/configuration-rejected.exception';
import { TenantConfigurationService } from '../tenants/tenant-configuration.service';

const keyInput = z.object({ scopes: z.array(z.enum(SCOPES)).min(1), label: z.string().max(100).optional() });

/**
 * Tenant API keys: the full key is shown once, at creation; Ferry keeps and publishes only the hash of its
 * secret, so services can verify keys without ever holding them. Revocation is published the same way.
 */
@Controller('v1/tenants/:tenantId/api-keys')
@UseGuards(TenantAccessGuard)
export class ApiKeysController {
  constructor(
    private readonly dataSource: DataSource,
    private readonly producer: EventProducer,
    private readonly tenants: TenantConfigurationService,
  ) {}

  @Post()
  @HttpCode(201)
  @RequireScope('admin')
  async create(@Param('tenantId') tenantId: string, @Body() body: unknown, @CallingPrincipal() principal: Principal) {
    const input = parseBody(keyInput, body);
    await this.tenants.current(tenantId);
    const key = generateApiKey();
    const record: ApiKey = {
      keyId: key.keyId,
      tenantId,
      scopes: [...new Set(input.scopes)].sort(),
      secretHash: key.secretHash,
      label: input.label ?? null,
      createdAt: Date.now(),
      revokedAt: null,
    };
    const actor = this.tenants.actorName(principal);
    await this.dataSource.transaction(async (manager) => {
      await manager.query(
        `INSERT INTO api_key (key_id, tenant_id, scopes, secret_hash, label, created_by) VALUES ($1, $2, $3, $4, $5, $6)`,
        [record.keyId, tenantId, record.scopes, record.secretHash, record.label, actor],
      );
      await this.tenants.recordAudit(
        manager,
        tenantId,
        actor,
        `created API key ${record.keyId} (${record.scopes.join(', ')})`,
        null,
        null,
        { keyId: record.keyId, scopes: record.scopes, label: record.label },
      );
      await this.producer.publish({ topic: Topics.apiKeys, key: record.keyId, subject: Subjects.ApiKey, value: record });
    });
    return {
      keyId: record.keyId,
      tenantId,
      scopes: record.scopes,
      label: record.label,
      apiKey: key.token,
      note: 'store this key now: it is shown only once',
    };
  }

  @Get()
  @RequireScope('admin')
  async list(@Param('tenantId') tenantId: string) {
    const rows = (await this.dataSource.query(
      `SELECT key_id, scopes, label, created_by, created_at, revoked_at FROM api_key WHERE tenant_id = $1 ORDER BY created_at`,
      [tenantId],
    )) as Record<string, unknown>[];
    return {
      items: rows.map((row) => ({
        keyId: row['key_id'],
        scopes: row['scopes'],
        label: row['label'],
        createdBy: row['created_by'],
        createdAt: row['created_at'],
        revokedAt: row['revoked_at'],
      })),
    };
  }

  @Delete(':keyId')
  @RequireScope('admin')
  async revoke(@Param('tenantId') tenantId: string, @Param('keyId') keyId: string, @CallingPrincipal() principal: Principal) {
    const actor = this.tenants.actorName(principal);
    return this.dataSource.transaction(async (manager) => {
      // TypeORM answers an UPDATE … RETURNING on PostgreSQL with [rows, affected count].
      const [rows] = (await manager.query(
        `UPDATE api_key SET revoked_at = COALESCE(revoked_at, now()) WHERE tenant_id = $1 AND key_id = $2 RETURNING scopes, secret_hash, label, created_at, revoked_at`,
        [tenantId, keyId],
      )) as [Record<string, unknown>[], number];
      const row = rows[0];
      if (!row) throw notFound('API_KEY_NOT_FOUND', `tenant ${tenantId} has no API key ${keyId}`);
      const record: ApiKey = {
        keyId,
        tenantId,
        scopes: row['scopes'] as string[],
        secretHash: String(row['secret_hash']),
        label: (row['label'] as string | null) ?? null,
        createdAt: (row['created_at'] as Date).getTime(),
        revokedAt: (row['revoked_at'] as Date).getTime(),
      };
      await this.tenants.recordAudit(manager, tenantId, actor, `revoked API key ${keyId}`, null, null, null);
      await this.producer.publish({ topic: Topics.apiKeys, key: keyId, subject: Subjects.ApiKey, value: record });
      return { keyId, revokedAt: new Date(record.revokedAt ?? Date.now()).toISOString() };
    });
  }
}
