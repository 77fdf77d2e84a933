import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The ops console finds a record's statuses by its entity id (one customer's or order's history in a tenant). */
export class AddSyncStatusEntityIndex1795402600000 implements MigrationInterface {
  name = 'AddSyncStatusEntityIndex1795402600000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE INDEX sync_status_record_entity ON sync_status_record (tenant_id, entity_id, recorded_at DESC)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX sync_status_record_entity`);
  }
}
