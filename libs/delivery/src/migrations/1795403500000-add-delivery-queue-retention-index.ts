import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The retention job forgets a tenant's oldest finished, reported commands first: (tenant_id, finished_at) finds them. */
export class AddDeliveryQueueRetentionIndex1795403500000 implements MigrationInterface {
  name = 'AddDeliveryQueueRetentionIndex1795403500000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE INDEX delivery_queue_tenant_finished ON delivery_queue (tenant_id, finished_at) WHERE reported`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX delivery_queue_tenant_finished`);
  }
}
