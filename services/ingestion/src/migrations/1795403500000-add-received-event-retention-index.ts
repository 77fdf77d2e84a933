import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The retention job deletes a tenant's oldest received events first: (tenant_id, received_at) finds them. */
export class AddReceivedEventRetentionIndex1795403500000 implements MigrationInterface {
  name = 'AddReceivedEventRetentionIndex1795403500000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE INDEX received_event_tenant_received_at ON received_event (tenant_id, received_at)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX received_event_tenant_received_at`);
  }
}
