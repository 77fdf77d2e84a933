import { Body, Controller, Delete, Get, HttpCode, Param, Post, UseGuards } from '@nestjs/common';
import { z } from 'zod';
import { CallingPrincipal, RequireScope, SCOPES, TenantAccessGuard, type Principal } from '@ferry/access';
import { parseBody } from '@ferry/platform';
import { ApiKeysService } from './api-keys.service';

const keyInput = z.object({ scopes: z.array(z.enum(SCOPES)).min(1), label: z.string().max(100).optional() });

/** Tenant API keys over HTTP: parses, delegates to ApiKeysService and shapes the answer. */
@Controller('v1/tenants/:tenantId/api-keys')
@UseGuards(TenantAccessGuard)
export class ApiKeysController {
  constructor(private readonly apiKeys: ApiKeysService) {}

  @Post()
  @HttpCode(201)
  @RequireScope('admin')
  async create(@Param('tenantId') tenantId: string, @Body() body: unknown, @CallingPrincipal() principal: Principal) {
    const { record, token } = await this.apiKeys.create(tenantId, parseBody(keyInput, body), principal);
    return {
      keyId: record.keyId,
      tenantId,
      scopes: record.scopes,
      label: record.label,
      apiKey: token,
      note: 'store this key now: it is shown only once',
    };
  }

  @Get()
  @RequireScope('admin')
  async list(@Param('tenantId') tenantId: string) {
    return { items: await this.apiKeys.list(tenantId) };
  }

  @Delete(':keyId')
  @RequireScope('admin')
  async revoke(@Param('tenantId') tenantId: string, @Param('keyId') keyId: string, @CallingPrincipal() principal: Principal) {
    const record = await this.apiKeys.revoke(tenantId, keyId, principal);
    return { keyId, revokedAt: new Date(record.revokedAt ?? Date.now()).toISOString() };
  }
}
