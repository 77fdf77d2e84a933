import { Injectable } from '@nestjs/common';
import { queryRows } from '@ferry/database';
import type { Transaction } from '../database/transaction-runner';

/** Queries only: what the control plane's erasure of a tenant must know before it deletes the rows. */
@Injectable()
export class OffboardingRepository {
  /** The ids of every API key the tenant ever had (revoked ones included): each gets a tombstone on the keys topic. */
  async apiKeyIdsOf(transaction: Transaction, tenantId: string): Promise<string[]> {
    const rows = await queryRows<{ key_id: string }>(transaction, `SELECT key_id FROM api_key WHERE tenant_id = $1 ORDER BY key_id`, [
      tenantId,
    ]);
    return rows.map((row) => row.key_id);
  }

  /** The tenant's row, locked until the transaction ends, with whether its current spec is active; undefined when gone. */
  async lockTenant(transaction: Transaction, tenantId: string): Promise<{ active: boolean } | undefined> {
    const [row] = await queryRows<{ active: boolean | null }>(
      transaction,
      `SELECT (v.spec ->> 'active')::boolean AS active FROM tenant t
       JOIN tenant_configuration_version v ON v.tenant_id = t.tenant_id AND v.version = t.current_version
       WHERE t.tenant_id = $1 FOR UPDATE OF t`,
      [tenantId],
    );
    return row ? { active: row.active !== false } : undefined;
  }
}
