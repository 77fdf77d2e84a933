import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The HTTP API's token buckets, shared by every replica: one row per tenant and per tenant API key. */
export class CreateRateLimitBucket1795402200000 implements MigrationInterface {
  name = 'CreateRateLimitBucket1795402200000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE rate_limit_bucket (
        bucket      text             PRIMARY KEY,
        tokens      double precision NOT NULL,
        refilled_at timestamptz      NOT NULL,
        granted     boolean          NOT NULL
      )`);
    await queryRunner.query(`CREATE INDEX rate_limit_bucket_refilled_at ON rate_limit_bucket (refilled_at)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE rate_limit_bucket`);
  }
}
