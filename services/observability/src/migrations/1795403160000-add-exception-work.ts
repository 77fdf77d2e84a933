import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Working the exception queue: a dead letter can be assigned, commented on and resolved without a replay
 * (status 'resolved', who and why, resolved_at: its resolution time is resolved_at − dead_lettered_at).
 */
export class AddExceptionWork1795403160000 implements MigrationInterface {
  name = 'AddExceptionWork1795403160000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE dead_letter DROP CONSTRAINT IF EXISTS dead_letter_status_check`);
    await queryRunner.query(
      `ALTER TABLE dead_letter ADD CONSTRAINT dead_letter_status_check CHECK (status IN ('open', 'replayed', 'resolved'))`,
    );
    await queryRunner.query(`
      ALTER TABLE dead_letter
        ADD COLUMN assignee    text,
        ADD COLUMN assigned_at timestamptz,
        ADD COLUMN resolved_at timestamptz,
        ADD COLUMN resolved_by text,
        ADD COLUMN resolution  text`);
    await queryRunner.query(`CREATE INDEX dead_letter_resolved ON dead_letter (tenant_id, resolved_at) WHERE status = 'resolved'`);
    await queryRunner.query(`
      CREATE TABLE dead_letter_comment (
        comment_id     bigserial   PRIMARY KEY,
        dead_letter_id text        NOT NULL REFERENCES dead_letter (dead_letter_id) ON DELETE CASCADE,
        tenant_id      text        NOT NULL,
        author         text        NOT NULL,
        body           text        NOT NULL,
        created_at     timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`CREATE INDEX dead_letter_comment_letter ON dead_letter_comment (dead_letter_id, created_at)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE dead_letter_comment`);
    await queryRunner.query(`DROP INDEX dead_letter_resolved`);
    await queryRunner.query(
      `ALTER TABLE dead_letter DROP COLUMN assignee, DROP COLUMN assigned_at, DROP COLUMN resolved_at, DROP COLUMN resolved_by, DROP COLUMN resolution`,
    );
    await queryRunner.query(`ALTER TABLE dead_letter DROP CONSTRAINT dead_letter_status_check`);
    await queryRunner.query(`ALTER TABLE dead_letter ADD CONSTRAINT dead_letter_status_check CHECK (status IN ('open', 'replayed'))`);
  }
}
