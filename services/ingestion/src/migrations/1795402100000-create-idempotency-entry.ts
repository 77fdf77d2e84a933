import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The `Idempotency-Key` ledger of the HTTP API: one row per (tenant, key) answered within its window. */
export class CreateIdempotencyEntry1795402100000 implements MigrationInterface {
  name = 'CreateIdempotencyEntry1795402100000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE idempotency_entry (
        tenant_id       text        NOT NULL,
        idempotency_key text        NOT NULL,
        request_hash    text        NOT NULL,
        state           text        NOT NULL CHECK (state IN ('in-progress', 'completed')),
        response_status integer,
        response_body   jsonb,
        claimed_at      timestamptz NOT NULL,
        expires_at      timestamptz NOT NULL,
        PRIMARY KEY (tenant_id, idempotency_key),
        CHECK (state = 'in-progress' OR (response_status IS NOT NULL AND response_body IS NOT NULL))
      )`);
    await queryRunner.query(`CREATE INDEX idempotency_entry_expires_at ON idempotency_entry (expires_at)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE idempotency_entry`);
  }
}
