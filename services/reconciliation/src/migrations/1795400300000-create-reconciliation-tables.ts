import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateReconciliationTables1795400300000 implements MigrationInterface {
  name = 'CreateReconciliationTables1795400300000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE delivered_record (
        tenant_id      text        NOT NULL,
        connection_id  text        NOT NULL,
        record_type    text        NOT NULL,
        external_id    text        NOT NULL,
        erp_record_id  text,
        content_hash   text        NOT NULL,
        entity_version bigint      NOT NULL,
        event_id       text        NOT NULL,
        delivered_at   timestamptz NOT NULL,
        PRIMARY KEY (tenant_id, connection_id, record_type, external_id)
      )`);
    await queryRunner.query(`
      CREATE TABLE reconciliation_run (
        run_id        uuid        PRIMARY KEY,
        tenant_id     text        NOT NULL,
        trigger       text        NOT NULL,
        status        text        NOT NULL,
        started_at    timestamptz NOT NULL,
        finished_at   timestamptz,
        summary       jsonb,
        error_message text
      )`);
    await queryRunner.query(`CREATE INDEX reconciliation_run_tenant ON reconciliation_run (tenant_id, started_at DESC)`);
    await queryRunner.query(`
      CREATE TABLE reconciliation_finding (
        finding_id    uuid        PRIMARY KEY,
        run_id        uuid        NOT NULL REFERENCES reconciliation_run (run_id),
        tenant_id     text        NOT NULL,
        connection_id text        NOT NULL,
        record_type   text        NOT NULL,
        external_id   text        NOT NULL,
        erp_record_id text,
        kind          text        NOT NULL,
        expected_hash text,
        actual_hash   text,
        detected_at   timestamptz NOT NULL
      )`);
    await queryRunner.query(`CREATE INDEX reconciliation_finding_run ON reconciliation_finding (run_id)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE reconciliation_finding`);
    await queryRunner.query(`DROP TABLE reconciliation_run`);
    await queryRunner.query(`DROP TABLE delivered_record`);
  }
}
