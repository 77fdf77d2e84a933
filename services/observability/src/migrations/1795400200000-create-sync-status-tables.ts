import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateSyncStatusTables1795400200000 implements MigrationInterface {
  name = 'CreateSyncStatusTables1795400200000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE sync_status_record (
        status_id     text        PRIMARY KEY,
        tenant_id     text        NOT NULL,
        event_id      text        NOT NULL,
        entity_type   text        NOT NULL,
        entity_id     text        NOT NULL,
        stage         text        NOT NULL,
        status        text        NOT NULL,
        erp_kind      text,
        erp_record_id text,
        error_class   text,
        error_message text,
        latency_ms    bigint,
        config_version int,
        recorded_at   timestamptz NOT NULL
      )`);
    await queryRunner.query(`CREATE INDEX sync_status_record_tenant_time ON sync_status_record (tenant_id, recorded_at DESC)`);
    await queryRunner.query(`CREATE INDEX sync_status_record_event ON sync_status_record (tenant_id, event_id)`);
    await queryRunner.query(`
      CREATE TABLE tenant_sync_aggregate (
        tenant_id        text        NOT NULL,
        entity_type      text        NOT NULL,
        stage            text        NOT NULL,
        status           text        NOT NULL,
        event_count      bigint      NOT NULL,
        latency_ms_total bigint      NOT NULL,
        last_recorded_at timestamptz NOT NULL,
        PRIMARY KEY (tenant_id, entity_type, stage, status)
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE tenant_sync_aggregate`);
    await queryRunner.query(`DROP TABLE sync_status_record`);
  }
}
