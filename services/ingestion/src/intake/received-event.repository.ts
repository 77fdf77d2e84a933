import { Injectable } from '@nestjs/common';
import { DataSource, type QueryRunner } from 'typeorm';
import { infrastructure } from '@ferry/kafka';

export type IntakeSource = 'kafka' | 'http';

/** One received event as the de-duplication ledger keys it. */
export interface ReceivedEventKey {
  tenantId: string;
  eventId: string;
  /** The registry subject (record name) the event was validated against. */
  recordName: string;
}

/** The ledger inside one open transaction: rows inserted here are visible to others only once it commits. */
export interface ReceivedEventTransaction {
  /** Inserts the ledger row; answers false when the event was already received (a duplicate). */
  insertIfNew(key: ReceivedEventKey, source: IntakeSource): Promise<boolean>;
}

/** Queries only: the `received_event` de-duplication ledger, one row per (tenant, event id) ever accepted. */
@Injectable()
export class ReceivedEventRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Runs `work` in one transaction, committed only if `work` resolves (rolled back otherwise, its error
   * rethrown). A database that cannot open the transaction is an infrastructure failure.
   */
  async inTransaction<T>(work: (ledger: ReceivedEventTransaction) => Promise<T>): Promise<T> {
    const runner = this.dataSource.createQueryRunner();
    try {
      await runner.connect();
      await runner.startTransaction();
    } catch (error) {
      await runner.release();
      throw infrastructure('DATABASE_UNAVAILABLE', `ingestion database unavailable: ${(error as Error).message}`, error);
    }
    try {
      const result = await work({ insertIfNew: (key, source) => this.insertIfNew(runner, key, source) });
      await runner.commitTransaction();
      return result;
    } catch (error) {
      await runner.rollbackTransaction().catch(() => undefined);
      throw error;
    } finally {
      await runner.release();
    }
  }

  /** Whether the event was already received (committed); an unreachable database is an infrastructure failure. */
  async wasReceived(tenantId: string, eventId: string): Promise<boolean> {
    const seen = (await this.dataSource
      .query(`SELECT 1 FROM received_event WHERE tenant_id = $1 AND event_id = $2`, [tenantId, eventId])
      .catch((error: unknown) => {
        throw infrastructure('DATABASE_UNAVAILABLE', `ingestion database unavailable: ${(error as Error).message}`, error);
      })) as unknown[];
    return seen.length > 0;
  }

  /** Records the events as received, in one statement outside any transaction; rows already there are left as they are. */
  async recordReceived(keys: readonly ReceivedEventKey[], source: IntakeSource): Promise<void> {
    if (keys.length === 0) return;
    await this.dataSource.query(
      `INSERT INTO received_event (tenant_id, event_id, record_name, source)
       SELECT tenant_id, event_id, record_name, $4 FROM unnest($1::text[], $2::text[], $3::text[]) AS given(tenant_id, event_id, record_name)
       ON CONFLICT DO NOTHING`,
      [keys.map((key) => key.tenantId), keys.map((key) => key.eventId), keys.map((key) => key.recordName), source],
    );
  }

  private async insertIfNew(runner: QueryRunner, key: ReceivedEventKey, source: IntakeSource): Promise<boolean> {
    const inserted = (await runner.query(
      `INSERT INTO received_event (tenant_id, event_id, record_name, source) VALUES ($1, $2, $3, $4)
       ON CONFLICT DO NOTHING RETURNING event_id`,
      [key.tenantId, key.eventId, key.recordName, source],
    )) as unknown[];
    return inserted.length > 0;
  }
}
