import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The signed ERP webhook deliveries inbound-sync accepted, by signature: the same signed delivery sent again
 * within the timestamp tolerance (a replay, or the sender's retry after a lost answer) publishes nothing.
 * Rows older than the tolerance are useless (the timestamp check refuses such a delivery) and are pruned.
 */
export class CreateErpWebhookReceipt1795403200000 implements MigrationInterface {
  name = 'CreateErpWebhookReceipt1795403200000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE erp_webhook_receipt (
        tenant_id     text        NOT NULL,
        connection_id text        NOT NULL,
        signature     text        NOT NULL,
        received_at   timestamptz NOT NULL DEFAULT now(),
        events        integer     NOT NULL,
        PRIMARY KEY (tenant_id, connection_id, signature)
      )`);
    await queryRunner.query(`CREATE INDEX erp_webhook_receipt_received_at ON erp_webhook_receipt (received_at)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE erp_webhook_receipt`);
  }
}
