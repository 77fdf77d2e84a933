import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { ApiKey } from '@ferry/contracts';
import { queryRows } from '@ferry/database';
import type { Transaction } from '../database/transaction-runner';

/** A tenant's API key as listed to its administrators: never its secret hash. */
export interface ListedApiKey {
  keyId: string;
  scopes: string[];
  label: string | null;
  createdBy: string;
  createdAt: Date;
  revokedAt: Date | null;
}

/** Queries only: tenant API keys, each stored with the hash of its secret, never the secret. */
@Injectable()
export class ApiKeyRepository {
  constructor(private readonly dataSource: DataSource) {}

  async insert(transaction: Transaction, key: ApiKey, createdBy: string): Promise<void> {
    await transaction.query(
      `INSERT INTO api_key (key_id, tenant_id, scopes, secret_hash, label, created_by) VALUES ($1, $2, $3, $4, $5, $6)`,
      [key.keyId, key.tenantId, key.scopes, key.secretHash, key.label, createdBy],
    );
  }

  /** A tenant's keys, revoked ones included, oldest first. */
  async listForTenant(tenantId: string): Promise<ListedApiKey[]> {
    const rows = (await this.dataSource.query(
      `SELECT key_id, scopes, label, created_by, created_at, revoked_at FROM api_key WHERE tenant_id = $1 ORDER BY created_at`,
      [tenantId],
    )) as Record<string, unknown>[];
    return rows.map((row) => ({
      keyId: row['key_id'] as string,
      scopes: row['scopes'] as string[],
      label: row['label'] as string | null,
      createdBy: row['created_by'] as string,
      createdAt: row['created_at'] as Date,
      revokedAt: row['revoked_at'] as Date | null,
    }));
  }

  /**
   * Revokes a key (a key already revoked keeps its first revocation time) and answers it as revoked, or
   * undefined when the tenant has no such key.
   */
  async revoke(transaction: Transaction, tenantId: string, keyId: string): Promise<ApiKey | undefined> {
    const rows = await queryRows<Record<string, unknown>>(
      transaction,
      `UPDATE api_key SET revoked_at = COALESCE(revoked_at, now()) WHERE tenant_id = $1 AND key_id = $2 RETURNING scopes, secret_hash, label, created_at, revoked_at`,
      [tenantId, keyId],
    );
    const row = rows[0];
    if (!row) return undefined;
    return {
      keyId,
      tenantId,
      scopes: row['scopes'] as string[],
      secretHash: String(row['secret_hash']),
      label: (row['label'] as string | null) ?? null,
      createdAt: (row['created_at'] as Date).getTime(),
      revokedAt: (row['revoked_at'] as Date).getTime(),
    };
  }
}
