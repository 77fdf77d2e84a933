import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The table of SingletonLease (one row per named lease). Shared by every service that has singleton work: each
 * lists this migration among its own, in its own database.
 */
export class CreateFerryLease1795401700000 implements MigrationInterface {
  name = 'CreateFerryLease1795401700000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE ferry_lease (
        name       text        PRIMARY KEY,
        holder     text        NOT NULL,
        epoch      bigint      NOT NULL,
        expires_at timestamptz NOT NULL
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE ferry_lease`);
  }
}
