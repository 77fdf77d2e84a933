import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Short-lived tokens that open the console's live streams (EventSource cannot send an Authorization header). Kept in
 * the database, not in one replica's memory, so a token obtained from one replica opens a stream on another.
 * Only the token's sha256 is stored; tenant_id NULL is a fleet (operator) token.
 */
export class CreateConsoleStreamToken1795403150000 implements MigrationInterface {
  name = 'CreateConsoleStreamToken1795403150000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE console_stream_token (
        token_hash  text        PRIMARY KEY,
        tenant_id   text,
        actor       text        NOT NULL,
        created_at  timestamptz NOT NULL DEFAULT now(),
        expires_at  timestamptz NOT NULL
      )`);
    await queryRunner.query(`CREATE INDEX console_stream_token_expiry ON console_stream_token (expires_at)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE console_stream_token`);
  }
}
