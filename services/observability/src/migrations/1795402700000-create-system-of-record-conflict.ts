import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Every system-of-record conflict inbound-sync found, kept for support beside the dead letters. */
export class CreateSystemOfRecordConflict1795402700000 implements MigrationInterface {
  name = 'CreateSystemOfRecordConflict1795402700000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE system_of_record_conflict (
        finding_id      text        PRIMARY KEY,
        tenant_id       text        NOT NULL,
        connection_id   text        NOT NULL,
        erp_kind        text        NOT NULL,
        domain          text        NOT NULL,
        record_type     text        NOT NULL,
        erp_record_id   text        NOT NULL,
        external_id     text,
        entity_id       text,
        field_group     text        NOT NULL,
        field_path      text        NOT NULL,
        owner           text        NOT NULL,
        erp_value_json  text,
        kept_value_json text,
        changed_at      timestamptz NOT NULL,
        detected_at     timestamptz NOT NULL
      )`);
    await queryRunner.query(
      `CREATE INDEX system_of_record_conflict_tenant_time ON system_of_record_conflict (tenant_id, detected_at DESC)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE system_of_record_conflict`);
  }
}
