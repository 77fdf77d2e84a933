import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The retention job deletes a tenant's oldest finished runs first: (tenant_id, finished_at) finds them. */
export class AddReconciliationRetentionIndex1795403500000 implements MigrationInterface {
  name = 'AddReconciliationRetentionIndex1795403500000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE INDEX reconciliation_run_tenant_finished ON reconciliation_run (tenant_id, finished_at) WHERE finished_at IS NOT NULL`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX reconciliation_run_tenant_finished`);
  }
}
