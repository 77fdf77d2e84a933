import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What the business SLIs are computed from: the book of undelivered work (backlog, freshness), hourly rollups
 * of outcomes (windowed success ratio and completion time per tenant without scanning every status),
 * completions within the objective, the analyst fields of each status, and the lease that lets one replica
 * export the figures every replica could read from this database.
 */
export class AddServiceLevels1795401500000 implements MigrationInterface {
  name = 'AddServiceLevels1795401500000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE sync_status_record
        ADD COLUMN connection_id     text,
        ADD COLUMN source_system     text,
        ADD COLUMN direction         text,
        ADD COLUMN event_occurred_at timestamptz`);
    await queryRunner.query(`ALTER TABLE tenant_sync_aggregate ADD COLUMN within_objective_count bigint NOT NULL DEFAULT 0`);
    await queryRunner.query(`
      CREATE TABLE tenant_sync_hourly (
        tenant_id              text        NOT NULL,
        hour                   timestamptz NOT NULL,
        entity_type            text        NOT NULL,
        stage                  text        NOT NULL,
        status                 text        NOT NULL,
        event_count            bigint      NOT NULL,
        within_objective_count bigint      NOT NULL,
        latency_ms_total       bigint      NOT NULL,
        PRIMARY KEY (tenant_id, hour, entity_type, stage, status)
      )`);
    await queryRunner.query(`CREATE INDEX tenant_sync_hourly_hour ON tenant_sync_hourly (hour)`);
    await queryRunner.query(`
      CREATE TABLE open_delivery (
        tenant_id         text        NOT NULL,
        event_id          text        NOT NULL,
        connection_id     text        NOT NULL,
        entity_type       text        NOT NULL,
        entity_id         text        NOT NULL,
        event_occurred_at timestamptz NOT NULL,
        routed_at         timestamptz NOT NULL,
        PRIMARY KEY (tenant_id, event_id, connection_id)
      )`);
    await queryRunner.query(`CREATE INDEX open_delivery_oldest ON open_delivery (tenant_id, event_occurred_at)`);
    await queryRunner.query(`CREATE INDEX dead_letter_open ON dead_letter (tenant_id, dead_lettered_at) WHERE status = 'open'`);
    await queryRunner.query(`CREATE INDEX dead_letter_replayed ON dead_letter (tenant_id, replayed_at) WHERE status = 'replayed'`);
    await queryRunner.query(`
      CREATE TABLE metrics_exporter_lease (
        name       text        PRIMARY KEY,
        holder     text        NOT NULL,
        expires_at timestamptz NOT NULL
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE metrics_exporter_lease`);
    await queryRunner.query(`DROP INDEX dead_letter_replayed`);
    await queryRunner.query(`DROP INDEX dead_letter_open`);
    await queryRunner.query(`DROP TABLE open_delivery`);
    await queryRunner.query(`DROP TABLE tenant_sync_hourly`);
    await queryRunner.query(`ALTER TABLE tenant_sync_aggregate DROP COLUMN within_objective_count`);
    await queryRunner.query(`
      ALTER TABLE sync_status_record
        DROP COLUMN connection_id, DROP COLUMN source_system, DROP COLUMN direction, DROP COLUMN event_occurred_at`);
  }
}
