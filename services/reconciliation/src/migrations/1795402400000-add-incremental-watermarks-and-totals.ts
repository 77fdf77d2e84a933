import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Incremental runs, finance totals and repairs. A run remembers the mode it was asked for; the watermark per
 * tenant × connection × record type is the start of the last run that completed that unit (an incremental run
 * reads what changed since it); the books find what Ferry delivered since by delivery time, or by when a canonical
 * body arrived; a finding can carry a period's totals, and remembers its repair (the re-delivery sent, once).
 */
export class AddIncrementalWatermarksAndTotals1795402400000 implements MigrationInterface {
  name = 'AddIncrementalWatermarksAndTotals1795402400000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE reconciliation_run ADD COLUMN mode text NOT NULL DEFAULT 'full'`);
    await queryRunner.query(`
      CREATE TABLE reconciliation_watermark (
        tenant_id     text        NOT NULL,
        connection_id text        NOT NULL,
        record_type   text        NOT NULL,
        watermark     timestamptz NOT NULL,
        run_id        uuid        NOT NULL,
        updated_at    timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (tenant_id, connection_id, record_type)
      )`);
    await queryRunner.query(
      `CREATE INDEX delivered_record_delivered_at ON delivered_record (tenant_id, connection_id, record_type, delivered_at)`,
    );
    await queryRunner.query(`CREATE INDEX delivered_record_entity ON delivered_record (tenant_id, entity_type, entity_id)`);
    await queryRunner.query(`CREATE INDEX canonical_version_recorded_at ON canonical_version (tenant_id, recorded_at)`);
    await queryRunner.query(
      `ALTER TABLE reconciliation_finding ADD COLUMN period_total jsonb, ADD COLUMN repaired_at timestamptz, ADD COLUMN repair_event_id uuid`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE reconciliation_finding DROP COLUMN period_total, DROP COLUMN repaired_at, DROP COLUMN repair_event_id`,
    );
    await queryRunner.query(`DROP INDEX canonical_version_recorded_at`);
    await queryRunner.query(`DROP INDEX delivered_record_entity`);
    await queryRunner.query(`DROP INDEX delivered_record_delivered_at`);
    await queryRunner.query(`DROP TABLE reconciliation_watermark`);
    await queryRunner.query(`ALTER TABLE reconciliation_run DROP COLUMN mode`);
  }
}
