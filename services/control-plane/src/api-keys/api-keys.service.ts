import { Injectable } from '@nestjs/common';
import { generateApiKey, type Principal, type Scope } from '@ferry/access';
import { Subjects, Topics, type ApiKey } from '@ferry/contracts';
import { EventProducer } from '@ferry/kafka';
import { ControlPlaneException } from '../control-plane.exception';
import { TransactionRunner } from '../database/transaction-runner';
import { TenantConfigurationService } from '../tenants/tenant-configuration.service';
import { ApiKeyRepository, type ListedApiKey } from './api-key.repository';

/**
 * Tenant API keys: the full key is shown once, at creation; Ferry keeps and publishes only the hash of its
 * secret, so services can verify keys without ever holding them. Revocation is published the same way, inside
 * the transaction that stores it, so a key services know of is always a key the control plane has.
 */
@Injectable()
export class ApiKeysService {
  constructor(
    private readonly transactions: TransactionRunner,
    private readonly keys: ApiKeyRepository,
    private readonly producer: EventProducer,
    private readonly tenants: TenantConfigurationService,
  ) {}

  /** Creates a key; the answer holds the only copy of its token. */
  async create(tenantId: string, input: { scopes: Scope[]; label?: string | undefined }, principal: Principal) {
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
    await this.transactions.run(async (transaction) => {
      await this.keys.insert(transaction, record, actor);
      await this.tenants.recordAudit(
        transaction,
        tenantId,
        actor,
        `created API key ${record.keyId} (${record.scopes.join(', ')})`,
        null,
        null,
        { keyId: record.keyId, scopes: record.scopes, label: record.label },
      );
      await this.producer.publish({ topic: Topics.apiKeys, key: record.keyId, subject: Subjects.ApiKey, value: record });
    });
    return { record, token: key.token };
  }

  list(tenantId: string): Promise<ListedApiKey[]> {
    return this.keys.listForTenant(tenantId);
  }

  async revoke(tenantId: string, keyId: string, principal: Principal): Promise<ApiKey> {
    const actor = this.tenants.actorName(principal);
    return this.transactions.run(async (transaction) => {
      const record = await this.keys.revoke(transaction, tenantId, keyId);
      if (!record) throw new ControlPlaneException('API_KEY_NOT_FOUND', `tenant ${tenantId} has no API key ${keyId}`);
      await this.tenants.recordAudit(transaction, tenantId, actor, `revoked API key ${keyId}`, null, null, null);
      await this.producer.publish({ topic: Topics.apiKeys, key: keyId, subject: Subjects.ApiKey, value: record });
      return record;
    });
  }
}
