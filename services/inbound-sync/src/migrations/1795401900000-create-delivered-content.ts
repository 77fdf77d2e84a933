import type { MigrationInterface, QueryRunner } from 'typeorm';

/** What Ferry last wrote to each ERP record inbound-sync reads, learnt from the sync-status topic: the echo check's books. */
export class CreateDeliveredContent1795401900000 implements MigrationInterface {
  name = 'CreateDeliveredContent1795401900000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE delivered_content (
        tenant_id      text        NOT NULL,
        connection_id  text        NOT NULL,
        record_type    text        NOT NULL,
        external_id    text        NOT NULL,
        content_hash   text        NOT NULL,
        entity_version bigint      NOT NULL,
        delivered_at   timestamptz NOT NULL,
        PRIMARY KEY (tenant_id, connection_id, record_type, external_id)
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE delivered_content`);
  }
}
