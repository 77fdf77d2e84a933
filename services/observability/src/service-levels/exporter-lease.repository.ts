import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { queryRows } from '@ferry/database';

/** Queries only: a named lease in PostgreSQL, taken when free or expired, kept by renewing it. */
@Injectable()
export class ExporterLeaseRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Takes or renews the lease in one statement; true when `holder` holds it now. Holders are
   * `<instanceId>/<process>`: a restarted replica (same instance id, new process) takes its predecessor's lease at
   * once instead of waiting for it to expire.
   */
  async acquireOrRenew(name: string, holder: string, ttlMs: number): Promise<boolean> {
    const rows = await queryRows(
      this.dataSource,
      `INSERT INTO metrics_exporter_lease (name, holder, expires_at) VALUES ($1, $2, now() + $3 * interval '1 millisecond')
       ON CONFLICT (name) DO UPDATE SET holder = EXCLUDED.holder, expires_at = EXCLUDED.expires_at
       WHERE metrics_exporter_lease.holder = EXCLUDED.holder OR metrics_exporter_lease.expires_at < now()
          OR split_part(metrics_exporter_lease.holder, '/', 1) = split_part(EXCLUDED.holder, '/', 1)
       RETURNING holder`,
      [name, holder, ttlMs],
    );
    return rows.length > 0;
  }

  async release(name: string, holder: string): Promise<void> {
    await this.dataSource.query(`DELETE FROM metrics_exporter_lease WHERE name = $1 AND holder = $2`, [name, holder]);
  }
}
