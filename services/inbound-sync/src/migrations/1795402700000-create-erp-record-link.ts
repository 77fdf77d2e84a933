import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Ferry's books of which product entity each ERP record is, learnt from delivered statuses: the ERP → product
 * events name the product's id of the record that changed (or of the order a shipment ships) from here.
 */
export class CreateErpRecordLink1795402700000 implements MigrationInterface {
  name = 'CreateErpRecordLink1795402700000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE erp_record_link (
        tenant_id      text        NOT NULL,
        connection_id  text        NOT NULL,
        record_type    text        NOT NULL,
        erp_record_id  text        NOT NULL,
        external_id    text        NOT NULL,
        entity_type    text        NOT NULL,
        entity_id      text        NOT NULL,
        entity_version bigint      NOT NULL,
        updated_at     timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (tenant_id, connection_id, record_type, erp_record_id)
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE erp_record_link`);
  }
}
