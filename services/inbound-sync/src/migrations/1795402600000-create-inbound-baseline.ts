import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The canonical body last read from each ERP record (its system-of-record baseline): a later change is told apart
 * field by field against it, and a field whose change was a conflict keeps its baseline value here.
 */
export class CreateInboundBaseline1795402600000 implements MigrationInterface {
  name = 'CreateInboundBaseline1795402600000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE inbound_baseline (
        tenant_id      text        NOT NULL,
        connection_id  text        NOT NULL,
        record_type    text        NOT NULL,
        erp_record_id  text        NOT NULL,
        body           jsonb       NOT NULL,
        read_at        timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (tenant_id, connection_id, record_type, erp_record_id)
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE inbound_baseline`);
  }
}
