import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Exceptions are looked up by their code (e.g. RULE_REJECTED), so keep it beside the class and message. */
export class AddSyncStatusErrorCode1795400500000 implements MigrationInterface {
  name = 'AddSyncStatusErrorCode1795400500000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE sync_status_record ADD COLUMN error_code text`);
    await queryRunner.query(
      `CREATE INDEX sync_status_record_exceptions ON sync_status_record (tenant_id, recorded_at DESC) WHERE status IN ('dead_lettered', 'failed')`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX sync_status_record_exceptions`);
    await queryRunner.query(`ALTER TABLE sync_status_record DROP COLUMN error_code`);
  }
}
