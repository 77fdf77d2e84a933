import type { DataSource } from 'typeorm';
import { queryRows } from './query-rows';

/**
 * Queries only: named leases in the service's `ferry_lease` table (CreateFerryLease1795401700000). The database
 * clock decides expiry, so replicas with skewed clocks still agree on who holds a lease. The row outlives its
 * holders: its epoch only grows, and is the fencing token of whoever holds the lease now.
 */
export class LeaseRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Takes the lease when it is free or expired, or renews it for its holder, in one statement; the epoch when
   * `holder` holds it now, undefined when another does. The epoch grows each time the lease changes hands.
   * Holders are `<instanceId>/<process>`: a restarted replica (same instance id, new process) takes its
   * predecessor's lease at once instead of waiting for it to expire.
   */
  async acquireOrRenew(name: string, holder: string, ttlMs: number): Promise<number | undefined> {
    const rows = await queryRows<{ epoch: string }>(
      this.dataSource,
      `INSERT INTO ferry_lease (name, holder, epoch, expires_at) VALUES ($1, $2, 1, now() + $3 * interval '1 millisecond')
       ON CONFLICT (name) DO UPDATE SET
         holder = EXCLUDED.holder,
         expires_at = EXCLUDED.expires_at,
         epoch = CASE WHEN ferry_lease.holder = EXCLUDED.holder THEN ferry_lease.epoch ELSE ferry_lease.epoch + 1 END
       WHERE ferry_lease.holder = EXCLUDED.holder OR ferry_lease.expires_at <= now()
          OR split_part(ferry_lease.holder, '/', 1) = split_part(EXCLUDED.holder, '/', 1)
       RETURNING epoch`,
      [name, holder, ttlMs],
    );
    return rows[0] ? Number(rows[0].epoch) : undefined;
  }

  /** The epoch `holder` holds the lease with right now, undefined when it does not (expired or taken over). */
  async currentEpoch(name: string, holder: string): Promise<number | undefined> {
    const rows = await queryRows<{ epoch: string }>(
      this.dataSource,
      `SELECT epoch FROM ferry_lease WHERE name = $1 AND holder = $2 AND expires_at > now()`,
      [name, holder],
    );
    return rows[0] ? Number(rows[0].epoch) : undefined;
  }

  /** Hands the lease back at once (it stays with its epoch, expired, so the next holder's epoch is higher). */
  async release(name: string, holder: string): Promise<void> {
    await this.dataSource.query(`UPDATE ferry_lease SET expires_at = '-infinity' WHERE name = $1 AND holder = $2`, [name, holder]);
  }
}
